/** Shared page parts: forms, tables, pagination, notices. Everything escapes by default (Preact). */
import { options, type ComponentChildren, type VNode } from 'preact';
import type { PageContext } from './page.ts';

export function CsrfField({ page }: { page: PageContext }) {
  return <input type="hidden" name="_csrf" value={page.csrfToken} />;
}

export interface FieldProps {
  label: string;
  name: string;
  value?: string | number | null;
  type?: string;
  required?: boolean;
  error?: string;
  hint?: string;
  autocomplete?: string;
  maxLength?: number;
}

/**
 * The frame of every form control: its label, hint and error, with the ids the control points to
 * through aria-describedby (`describedBy`).
 */
export function FieldFrame({
  id,
  label,
  required,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  required?: boolean;
  error?: string;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>
        {label}
        {required && <span class="req"> （必填）</span>}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-err`}>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}
/** The aria-describedby of a control framed by FieldFrame. */
export const describedBy = (id: string, hint?: string, error?: string) =>
  [hint && `${id}-hint`, error && `${id}-err`].filter(Boolean).join(' ') || undefined;

/** A labelled input with its hint and error, wired with aria-describedby. */
export function Field({
  label,
  name,
  value,
  type = 'text',
  required,
  error,
  hint,
  autocomplete,
  maxLength,
}: FieldProps) {
  const id = `f-${name}`;
  return (
    <FieldFrame id={id} label={label} required={required} error={error} hint={hint}>
      <input
        id={id}
        name={name}
        type={type}
        value={value ?? ''}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        autocomplete={autocomplete}
        maxLength={maxLength}
      />
    </FieldFrame>
  );
}

/** A labelled text box; `richText` marks an HTML body box that `static/editor.js` turns into a rich-text editor where JavaScript runs. */
export function TextArea({
  label,
  name,
  value,
  required,
  error,
  hint,
  rows = 6,
  maxLength,
  richText,
}: FieldProps & { rows?: number; richText?: boolean }) {
  const id = `f-${name}`;
  return (
    <FieldFrame id={id} label={label} required={required} error={error} hint={hint}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        maxLength={maxLength}
        data-rich-text={richText ? '' : undefined}
      >
        {value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export function Select({
  label,
  name,
  value,
  options,
  required,
  error,
  hint,
}: FieldProps & { options: { value: string | number; label: string }[] }) {
  const id = `f-${name}`;
  return (
    <FieldFrame id={id} label={label} required={required} error={error} hint={hint}>
      <select
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((o) => (
          <option value={o.value} selected={String(o.value) === String(value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A labelled file input with its hint and error (`accept` lists the types offered). */
export function FileField({
  label,
  name = 'file',
  required,
  error,
  hint,
  accept,
  multiple,
}: Pick<FieldProps, 'label' | 'required' | 'error' | 'hint'> & {
  name?: string;
  accept?: string;
  multiple?: boolean;
}) {
  const id = `f-${name}`;
  return (
    <FieldFrame id={id} label={label} required={required} error={error} hint={hint}>
      <input
        id={id}
        name={name}
        type="file"
        accept={accept}
        multiple={multiple}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldFrame>
  );
}

/**
 * A form that uploads one file (field `file`). Multipart bodies are not read before the route, so
 * the CSRF token travels in the query string.
 */
export function UploadForm({
  page,
  action,
  submit,
  secondary,
  children,
  ...file
}: Parameters<typeof FileField>[0] & {
  page: PageContext;
  action: string;
  submit: string;
  secondary?: boolean;
  children?: ComponentChildren;
}) {
  return (
    <form
      method="post"
      action={`${action}?_csrf=${encodeURIComponent(page.csrfToken)}`}
      enctype="multipart/form-data"
    >
      {children}
      <FileField {...file} />
      <div class="actions">
        <button type="submit" class={secondary ? 'secondary' : undefined}>
          {submit}
        </button>
      </div>
    </form>
  );
}

/** The error summary at the top of a form, as GOV.UK does: focusable, with links to the fields. */
export function ErrorSummary({ message, fields }: { message?: string; fields?: Record<string, string> }) {
  if (!message) return null;
  const entries = Object.entries(fields ?? {});
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{message}</h2>
      {entries.length > 0 && (
        <ul>
          {entries.map(([name, msg]) => (
            <li>
              <a href={`#f-${name}`}>{msg}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notice({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'success' | 'warning';
  children: ComponentChildren;
}) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'info' ? undefined : 'status'}>
      {children}
    </div>
  );
}

/** Page links that keep the current query; `page` is 1-based. */
export function Pagination({
  page,
  pageSize,
  total,
  baseUrl,
}: {
  page: number;
  pageSize: number;
  total: number;
  baseUrl: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const href = (p: number) => `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}page=${p}`;
  return (
    <nav class="pagination" aria-label="分页">
      <p>
        共 {total} 条，第 {page} / {pages} 页
      </p>
      <ul>
        {page > 1 && (
          <li>
            <a href={href(page - 1)} rel="prev">
              上一页
            </a>
          </li>
        )}
        {page < pages && (
          <li>
            <a href={href(page + 1)} rel="next">
              下一页
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** Formats an ISO instant as Beijing time, e.g. 2022-07-31 14:05. */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = new Date(new Date(iso).getTime() + 8 * 3600 * 1000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/** What names a scrollable table region when the page gives it no name of its own. */
export const TABLE_REGION_LABEL = '表格（可左右滚动）';

/**
 * A table that may scroll sideways (narrow screens, elder mode): keyboard-reachable and named, so a
 * keyboard user can scroll it (WCAG 2.1.1; axe `scrollable-region-focusable`).
 */
export function TableWrap({
  label,
  id,
  children,
}: {
  label?: string;
  id?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap" id={id} tabindex={0} role="region" aria-label={label ?? TABLE_REGION_LABEL}>
      {children}
    </div>
  );
}

/**
 * Every `.table-wrap` rendered anywhere — `TableWrap` or a plain `<div class="table-wrap">` in a
 * module's page — gets the same keyboard access and name: the stylesheet makes that class an
 * overflow region, so this holds wherever the class is used, whoever writes the page.
 */
const previousVnodeHook = options.vnode;
options.vnode = (vnode: VNode) => {
  if (vnode.type === 'div') {
    const props = vnode.props as Record<string, unknown>;
    if (typeof props.class === 'string' && /(^|\s)table-wrap(\s|$)/.test(props.class)) {
      if (props.tabindex === undefined && props.tabIndex === undefined) props.tabindex = 0;
      props.role ??= 'region';
      if (props['aria-label'] === undefined && props['aria-labelledby'] === undefined)
        props['aria-label'] = TABLE_REGION_LABEL;
    }
  }
  previousVnodeHook?.(vnode);
};
