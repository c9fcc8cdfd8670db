/**
 * The back office's create/edit form, once: the fields described as data (`CrudForm`), and the four
 * routes of a record's new and edit forms (`crudFormRoutes`) — GET shows the form, POST reads it
 * (`FormBody`), runs the use case through `formPost` and shows the form again with the AppError's
 * messages when the use case refuses it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { Static, TObject } from 'typebox';
import type { AppError, ErrorCode } from '../errors.ts';
import { CsrfField, describedBy, ErrorSummary, Field, FileField, Select, TextArea } from './components.tsx';
import { formPost } from './forms.ts';
import type { NavItem } from './layout.tsx';
import type { PageContext } from './page.ts';
import { renderAdmin } from './respond.tsx';
import { FormField, IdParams } from './schemas.ts';

/** One choice of a select or a checkbox group. */
export interface Option {
  value: string | number;
  label: string;
}

/** What a field holds: text, a number, a yes/no (a select of '1'/'0', or a checkbox), a checkbox group's values. */
export type FieldValue = string | number | boolean | readonly string[] | null | undefined;

interface FieldBase {
  /** The form key; the control's id is `f-<name>`, which ErrorSummary links to. */
  name: string;
  label: string;
  required?: boolean;
  hint?: string;
  /** Shown when the values have none for this field. */
  default?: FieldValue;
}

/** A field of a CRUD form, by kind; `text` (the default) takes an input type for dates, numbers, e-mail, passwords. */
export type CrudField =
  | (FieldBase & {
      kind?: 'text' | 'date' | 'number' | 'email' | 'password';
      maxLength?: number;
      autocomplete?: string;
    })
  | (FieldBase & { kind: 'textarea'; rows?: number; maxLength?: number })
  | (FieldBase & { kind: 'select'; options: Option[] })
  /** One checkbox sending `1` when ticked. */
  | (FieldBase & { kind: 'checkbox' })
  /** A group of checkboxes sharing the name, one value each (a list). */
  | (FieldBase & { kind: 'checkboxes'; options: Option[] })
  /** A file input (its value never comes back); the form must be `multipart`. */
  | (FieldBase & { kind: 'file'; accept?: string; multiple?: boolean })
  /** Fields grouped under a legend. */
  | { kind: 'fieldset'; legend: string; fields: CrudField[] }
  /** Something shown between the fields: a paragraph, or a control with no kind here. */
  | { kind: 'part'; content: ComponentChildren };

/** Select options from a code → label map. */
export const optionsOf = (labels: Record<string, string>): Option[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The empty first choice of a select that must be chosen. */
export const CHOOSE: Option = { value: '', label: '请选择' };

/** The two choices of a yes/no select: `1` first, as a new record starts yes. */
export const yesNo = (yes: string, no: string): Option[] => [
  { value: '1', label: yes },
  { value: '0', label: no },
];

/** A value as a control's text: yes/no as a select's `1`/`0`, a list joined by 、. */
function asText(v: FieldValue): string | number | null | undefined {
  if (typeof v === 'boolean') return v ? '1' : '0';
  return typeof v === 'object' && v !== null ? v.join('、') : v;
}

/**
 * A group of checkboxes sharing a name, under a legend with its error (a fieldset, so a screen reader
 * hears the question); `f-<name>` is the fieldset, which ErrorSummary links to.
 */
export function Checkboxes({
  name,
  label,
  options,
  checked,
  required,
  error,
}: {
  name: string;
  label: string;
  options: Option[];
  checked: readonly string[];
  required?: boolean;
  error?: string;
}) {
  const id = `f-${name}`;
  return (
    <fieldset
      id={id}
      class={error ? 'has-error' : undefined}
      aria-describedby={describedBy(id, undefined, error)}
    >
      <legend>
        {label}
        {required && '（必填）'}
      </legend>
      {error && (
        <p class="error" id={`${id}-err`}>
          {error}
        </p>
      )}
      {options.map((o) => (
        <label class="checkbox">
          <input type="checkbox" name={name} value={o.value} checked={checked.includes(String(o.value))} />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** One field of a CRUD form, with its value and its message from a refused post. */
function CrudControl({
  f,
  values,
  errors,
}: {
  f: CrudField;
  values: Record<string, FieldValue>;
  errors: Record<string, string>;
}) {
  if (f.kind === 'fieldset')
    return (
      <fieldset>
        <legend>{f.legend}</legend>
        {f.fields.map((x) => (
          <CrudControl f={x} values={values} errors={errors} />
        ))}
      </fieldset>
    );
  if (f.kind === 'part') return <>{f.content}</>;
  const value = values[f.name] ?? f.default;
  const common = { label: f.label, name: f.name, required: f.required, hint: f.hint, error: errors[f.name] };
  switch (f.kind) {
    case 'textarea':
      return <TextArea {...common} value={asText(value)} rows={f.rows} maxLength={f.maxLength} />;
    case 'select':
      return <Select {...common} value={asText(value)} options={f.options} />;
    case 'file':
      return <FileField {...common} accept={f.accept} multiple={f.multiple} />;
    case 'checkboxes':
      return (
        <Checkboxes
          name={f.name}
          label={f.label}
          options={f.options}
          checked={Array.isArray(value) ? value : []}
          required={f.required}
          error={common.error}
        />
      );
    case 'checkbox':
      return (
        <label class="checkbox">
          <input
            type="checkbox"
            id={`f-${f.name}`}
            name={f.name}
            value="1"
            checked={value === true || value === '1'}
          />{' '}
          {f.label}
        </label>
      );
    default:
      // A password is never sent back to the browser, not even the one just typed.
      return (
        <Field
          {...common}
          type={f.kind}
          value={f.kind === 'password' ? undefined : asText(value)}
          maxLength={f.maxLength}
          autocomplete={f.autocomplete}
        />
      );
  }
}

/** The fields alone: the body of CrudForm, and of a form it cannot frame. */
export function CrudFields({
  fields,
  values = {},
  errors = {},
}: {
  fields: CrudField[];
  values?: Record<string, FieldValue>;
  errors?: Record<string, string>;
}) {
  return (
    <>
      {fields.map((f) => (
        <CrudControl f={f} values={values} errors={errors} />
      ))}
    </>
  );
}

/**
 * A create/edit form: CSRF token, the error summary of a refused post, the fields with their values
 * and messages, then the submit button and a cancel link. `children` go after the fields.
 */
export function CrudForm({
  page,
  form,
  fields,
  submit = '保存',
  secondary,
  cancel,
  multipart,
  children,
}: {
  page: PageContext;
  /** Where the form posts, what it shows, and the refusal whose messages it shows. */
  form: {
    action: string;
    values?: Record<string, FieldValue>;
    error?: Pick<AppError, 'userMessage' | 'fields'>;
    /** Field messages alone, where the page shows the refusal's summary above its several forms. */
    errors?: Record<string, string>;
  };
  fields: CrudField[];
  submit?: string;
  /** The submit button drawn as a secondary action. */
  secondary?: boolean;
  /** Where 取消 leads (the list the form came from). */
  cancel?: string;
  /**
   * Sent as multipart/form-data (a `file` field). Multipart bodies are not read before the route, so
   * the CSRF token travels in the query string.
   */
  multipart?: boolean;
  children?: ComponentChildren;
}) {
  const { values, error } = form;
  const action = multipart
    ? `${form.action}${form.action.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(page.csrfToken)}`
    : form.action;
  return (
    <form method="post" action={action} enctype={multipart ? 'multipart/form-data' : undefined} novalidate>
      {!multipart && <CsrfField page={page} />}
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <CrudFields fields={fields} values={values} errors={form.errors ?? error?.fields} />
      {children}
      <div class="actions">
        <button type="submit" class={secondary ? 'secondary' : undefined}>
          {submit}
        </button>
        {cancel && <a href={cancel}>取消</a>}
      </div>
    </form>
  );
}

/** What a form page shows: its title and action, the values (a record, or a refused post's input) and the refusal. */
export interface FormState<I> {
  title: string;
  action: string;
  /** True on the new form, false on the edit form. */
  isNew: boolean;
  values?: Partial<I>;
  error?: AppError;
}

type TypedApp = Parameters<FastifyPluginAsyncTypebox>[0];
/** A form post's schema (`FormBody`): text fields by name. */
type FormSchema = TObject<Record<string, typeof FormField>>;

/** The new and edit forms of one kind of record, for `crudFormRoutes`. */
export interface CrudFormSpec<I> {
  /** The new form's path, e.g. `/admin/zones/new`. */
  newPath: string;
  /** The edit form's path with `:id`, e.g. `/admin/zones/:id/edit`. */
  editPath: string;
  /** The posted body (`FormBody`). */
  body: FormSchema;
  /** The posted text as the use case's input (text kept: the use case says what is wrong). */
  read: (body: Static<FormSchema>) => I;
  /** The refusals shown on the form (`formPost`); bad input by default. */
  refusals?: readonly ErrorCode[];
  /** The trail above the form; the form itself is added. */
  crumbs: NavItem[];
  /** The new form's title, and the edit form's when it comes back refused. */
  titles: { new: string; edit: string };
  /** The edit form's record: its values and its title (naming the record). */
  load: (req: FastifyRequest, id: number) => Promise<{ title: string; values: Partial<I> }>;
  /** A check before the new form is shown (a permission); the use case checks the post. */
  guard?: (req: FastifyRequest) => unknown;
  /** Creates the record and answers (a redirect). */
  create: (req: FastifyRequest, reply: FastifyReply, input: I) => Promise<unknown>;
  /** Updates record `id` and answers (a redirect). */
  update: (req: FastifyRequest, reply: FastifyReply, id: number, input: I) => Promise<unknown>;
  /** The page under the title: the form with whatever it needs loaded (the org list…). */
  page: (req: FastifyRequest, form: FormState<I>) => Promise<(page: PageContext) => ComponentChildren>;
}

/** GET and POST of a record's new form and edit form, each POST shown again on refusal with the messages. */
export function crudFormRoutes<I>(app: TypedApp, spec: CrudFormSpec<I>) {
  const render = async (req: FastifyRequest, reply: FastifyReply, form: FormState<I>) => {
    const body = await spec.page(req, form);
    return renderAdmin(
      req,
      reply,
      {
        title: form.title,
        status: form.error?.status ?? 200,
        crumbs: [...spec.crumbs, { href: form.action, label: form.title }],
      },
      (page) => (
        <>
          <h1>{form.title}</h1>
          {body(page)}
        </>
      ),
    );
  };
  const editAction = (id: number) => spec.editPath.replace(':id', String(id));

  app.get(spec.newPath, { schema: { hide: true } }, async (req, reply) => {
    await spec.guard?.(req);
    return render(req, reply, { title: spec.titles.new, action: spec.newPath, isNew: true });
  });
  app.post(spec.newPath, { schema: { body: spec.body, hide: true } }, async (req, reply) => {
    const input = spec.read(req.body);
    const form = { title: spec.titles.new, action: spec.newPath, isNew: true, values: input };
    return formPost(
      () => spec.create(req, reply, input),
      (error) => render(req, reply, { ...form, error }),
      spec.refusals,
    );
  });
  app.get(spec.editPath, { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = req.params.id;
    const { title, values } = await spec.load(req, id);
    return render(req, reply, { title, action: editAction(id), isNew: false, values });
  });
  app.post(
    spec.editPath,
    { schema: { params: IdParams, body: spec.body, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const input = spec.read(req.body);
      const form = { title: spec.titles.edit, action: editAction(id), isNew: false, values: input };
      return formPost(
        () => spec.update(req, reply, id, input),
        (error) => render(req, reply, { ...form, error }),
        spec.refusals,
      );
    },
  );
}
