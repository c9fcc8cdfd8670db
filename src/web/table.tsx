/**
 * The one data table of portal and back office. On a wide screen it is a normal `<table>`; below a
 * width (640 px, 960 px in elder mode — CSS only, no script) each row stacks into label: value
 * pairs. Stacking keeps the table accessible:
 * - every cell carries its column's label (`data-label`), shown by the stylesheet before the value
 *   with empty alternative text, so a screen reader does not read it twice;
 * - the header row stays in the accessibility tree (visually hidden, not `display: none`), and the
 *   explicit table roles keep the cell ↔ header association when CSS changes `display`
 *   (browsers drop a table's semantics when its parts are no longer `display: table-*`).
 */
import type { ComponentChildren } from 'preact';

/** A calendar date or a time that never breaks across lines (「2026-/12-06」). */
export function DateText({ children }: { children: ComponentChildren }) {
  if (children === null || children === undefined || children === '') return null;
  return <span class="date-text">{children}</span>;
}

/** One column: its header label and how a row fills its cell. */
export interface Column<T> {
  /** The header text; also the label of the value when rows are stacked. */
  label: string;
  /** The cell's content for one row. */
  cell: (row: T, index: number) => ComponentChildren;
  /** Extra class on the header and the cells (e.g. `num` for right-aligned figures). */
  class?: string;
  /** The column holds dates: the cell's content is kept on one line. */
  date?: boolean;
  /** The column names the row (its cells are row headers, `<th scope="row">`). */
  rowHeader?: boolean;
}

/** What an empty table says instead, and the action that would fill it. */
export interface EmptyState {
  text: ComponentChildren;
  action?: { href: string; label: string };
}

export interface DataTableProps<T> {
  columns: Column<T>[];
  rows: T[];
  caption?: ComponentChildren;
  /** Shown instead of the table when there are no rows; without it an empty table shows its header. */
  empty?: EmptyState;
  /** Extra class on the `<table>` (module styles). */
  class?: string;
  id?: string;
  /** Names the sideways-scrolling region on wide tables (defaults to the shared label). */
  label?: string;
  /** Rows in groups: a heading row spans the table wherever this value changes. */
  groupBy?: (row: T) => string;
  /** Extra class on one row's `<tr>`. */
  rowClass?: (row: T) => string | undefined;
}

export function EmptyNote({ empty }: { empty: EmptyState }) {
  return (
    <p class="empty-state">
      {empty.text}
      {empty.action && (
        <>
          {' '}
          <a href={empty.action.href}>{empty.action.label}</a>
        </>
      )}
    </p>
  );
}

export function DataTable<T>({
  columns,
  rows,
  caption,
  empty,
  class: cls,
  id,
  label,
  groupBy,
  rowClass,
}: DataTableProps<T>) {
  if (rows.length === 0 && empty) {
    return (
      <div class="data-table-empty" id={id}>
        {caption && <p class="data-table-caption">{caption}</p>}
        <EmptyNote empty={empty} />
      </div>
    );
  }
  const cellClass = (c: Column<T>) =>
    [c.class, c.date ? 'date-cell' : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div class="table-wrap" aria-label={label}>
      <table class={cls ? `data-table ${cls}` : 'data-table'} id={id} role="table">
        {caption && <caption>{caption}</caption>}
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((c) => (
              <th scope="col" role="columnheader" class={c.class}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.flatMap((r, i) => {
            const group = groupBy?.(r);
            const heading =
              group !== undefined && (i === 0 || groupBy!(rows[i - 1]!) !== group) ? (
                <tr role="row" class="data-table-group">
                  <th scope="colgroup" role="columnheader" colSpan={columns.length}>
                    {group}
                  </th>
                </tr>
              ) : null;
            const row = (
              <tr role="row" class={rowClass?.(r)}>
                {columns.map((c) => {
                  const content = c.date ? <DateText>{c.cell(r, i)}</DateText> : c.cell(r, i);
                  return c.rowHeader ? (
                    <th scope="row" role="rowheader" class={cellClass(c)} data-label={c.label}>
                      {content}
                    </th>
                  ) : (
                    <td role="cell" class={cellClass(c)} data-label={c.label}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            );
            return heading ? [heading, row] : [row];
          })}
        </tbody>
      </table>
    </div>
  );
}
