/** Small page parts shared by the content module's back-office and portal views. */
import type { ComponentChildren } from 'preact';
import { beijingTime } from '../../../web/components.tsx';
import { diffTexts } from '../model.ts';

/** A group of checkboxes with a legend (fieldset), e.g. the columns an item is filed under. */
export function CheckboxGroup({
  legend,
  name,
  options,
  checked,
  error,
  hint,
}: {
  legend: string;
  name: string;
  options: { value: string | number; label: string }[];
  checked: (string | number)[];
  error?: string;
  hint?: string;
}) {
  const set = new Set(checked.map(String));
  return (
    <fieldset class={error ? 'has-error' : undefined} id={`f-${name}`}>
      <legend>{legend}</legend>
      {hint && <p class="hint">{hint}</p>}
      {error && <p class="error">{error}</p>}
      <div class="checkbox-list">
        {options.map((o, i) => (
          <div class="checkbox">
            <input
              type="checkbox"
              id={`f-${name}-${i}`}
              name={name}
              value={o.value}
              checked={set.has(String(o.value))}
            />
            <label for={`f-${name}-${i}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function RadioGroup({
  legend,
  name,
  options,
  value,
  error,
}: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  value?: string | null;
  error?: string;
}) {
  return (
    <fieldset class={error ? 'has-error' : undefined} id={`f-${name}`}>
      <legend>{legend}</legend>
      {error && <p class="error">{error}</p>}
      {options.map((o, i) => (
        <div class="radio">
          <input type="radio" id={`f-${name}-${i}`} name={name} value={o.value} checked={o.value === value} />
          <label for={`f-${name}-${i}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** A character diff rendered with <ins>/<del> (escaped by Preact). */
export function Diff({ a, b }: { a: string; b: string }) {
  return (
    <div class="diff">
      {diffTexts(a, b).map((p) =>
        p.added ? <ins>{p.value}</ins> : p.removed ? <del>{p.value}</del> : <span>{p.value}</span>,
      )}
    </div>
  );
}

export const when = (iso: string | null | undefined) => (iso ? beijingTime(iso) : '—');

export function Dl({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <div>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export const bytes = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
