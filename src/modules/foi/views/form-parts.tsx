/** Form parts of the case page: inputs and selects with ids unique on the page, an event's folded form. */
import type { ComponentChildren } from 'preact';
import { CsrfField, describedBy, FieldFrame } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { REVIEW_RESULTS } from '../outcomes.ts';

/** The results a proceeding can end with (尚未审结 is having none). */
export const FINAL_RESULTS = {
  upheld: REVIEW_RESULTS.upheld,
  corrected: REVIEW_RESULTS.corrected,
  other: REVIEW_RESULTS.other,
};

/** Options of a select from a code list, with an optional empty first option. */
export const opts = (o: Record<string, string>, empty?: string) => [
  ...(empty ? [{ value: '', label: empty }] : []),
  ...Object.entries(o).map(([value, label]) => ({ value, label })),
];

/** A labelled input whose id is unique on a page with many forms. */
export function In({
  form,
  name,
  label,
  type = 'text',
  value,
  hint,
  required,
}: {
  form: string;
  name: string;
  label: string;
  type?: string;
  value?: string | number;
  hint?: string;
  required?: boolean;
}) {
  const id = `${form}-${name}`;
  return (
    <FieldFrame id={id} label={label} required={required} hint={hint}>
      <input
        id={id}
        name={name}
        type={type}
        value={value ?? ''}
        required={required}
        aria-describedby={describedBy(id, hint)}
      />
    </FieldFrame>
  );
}

/** A labelled select whose id is unique on a page with many forms. */
export function Sel({
  form,
  name,
  label,
  options,
  value,
}: {
  form: string;
  name: string;
  label: string;
  options: { value: string | number; label: string }[];
  value?: string;
}) {
  const id = `${form}-${name}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        {options.map((o) => (
          <option value={o.value} selected={String(o.value) === (value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One event's form, folded: its date, its fields, and the button naming it. */
export function EventForm({
  page,
  id,
  type,
  title,
  children,
}: {
  page: PageContext;
  id: number;
  type: string;
  title: string;
  children?: ComponentChildren;
}) {
  return (
    <details class="foi-event">
      <summary>{title}</summary>
      <form method="post" action={`/admin/foi/${id}/events`}>
        <CsrfField page={page} />
        <input type="hidden" name="type" value={type} />
        <In form={type} name="on" label="日期" type="date" hint="留空为今天" />
        {children}
        <div class="actions">
          <button type="submit">保存：{title}</button>
        </div>
      </form>
    </details>
  );
}
