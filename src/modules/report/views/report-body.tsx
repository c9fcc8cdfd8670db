/** The annual report's body and its tables in the national layout, for the back-office page and the published HTML. */
import type { Table2Cell } from '../../normative/model.ts';
import {
  feesSentence,
  SECTION_TITLES,
  table2Grid,
  table3Grid,
  table4Grid,
  yearOnYearGrid,
  type AnnualReport,
  type Grid,
} from '../document.ts';
import { TABLE3_COLUMNS, TABLE3_ROWS, type Table3Column, type Table3Row } from '../model.ts';
import { yearOnYear } from '../yoy.ts';

/**
 * One of the report's tables in the national layout (表一–表四, 同比): merged header cells (colSpan,
 * rowSpan) that the shared DataTable does not draw, so it stays a table of its own.
 */
export function GridTable({
  grid,
  link,
  id,
}: {
  grid: Grid;
  link?: (rowIndex: number, colIndex: number) => string | null;
  id?: string;
}) {
  return (
    <div class="table-wrap" id={id}>
      <table class="report-table">
        <caption>{grid.caption}</caption>
        <thead>
          {grid.head.map((row) => (
            <tr>
              {row.map((c) => (
                <th
                  scope={c.colSpan && c.colSpan > 1 ? 'colgroup' : 'col'}
                  colSpan={c.colSpan}
                  rowSpan={c.rowSpan}
                >
                  {c.text}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {grid.body.map((row, ri) => (
            <tr>
              {row.map((c, ci) => {
                if (c.header)
                  return (
                    <th scope="row" colSpan={c.colSpan}>
                      {c.text}
                    </th>
                  );
                const href = link?.(ri, ci - 1);
                return <td class="num">{href ? <a href={href}>{c.text}</a> : c.text}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const TABLE2_CELL_ORDER: Table2Cell[] = ['issued', 'repealed', 'inForce'];

/** The report body, shared by the back-office page and the published HTML. */
export function ReportBody({
  r,
  drill,
  drillDocuments,
}: {
  r: AnnualReport;
  drill?: (row: Table3Row, col: Table3Column) => string;
  drillDocuments?: (cell: Table2Cell) => string;
}) {
  const para = (text: string) =>
    text
      .split(/\n+/)
      .filter(Boolean)
      .map((p) => <p>{p}</p>);
  const yoy = yearOnYearGrid(r, yearOnYear(r));
  return (
    <article class="annual-report">
      <h2>{SECTION_TITLES[0]}</h2>
      {para(r.narrative.overview)}
      {yoy && <GridTable grid={yoy} id="yoy" />}
      <h2>{SECTION_TITLES[1]}</h2>
      {table2Grid(r.table2).map((g, gi) => (
        // The 行政规范性文件 row of 第二十条第（一）项 links to the library documents behind each figure.
        <GridTable
          grid={g}
          link={
            drillDocuments && gi === 0
              ? (ri, ci) =>
                  ri === 1 && r.table2.normativeDocuments[TABLE2_CELL_ORDER[ci]] > 0
                    ? drillDocuments(TABLE2_CELL_ORDER[ci])
                    : null
              : undefined
          }
        />
      ))}
      <h2>{SECTION_TITLES[2]}</h2>
      <GridTable
        grid={table3Grid(r.table3)}
        link={
          drill
            ? (ri, ci) =>
                r.table3[TABLE3_ROWS[ri]][TABLE3_COLUMNS[ci]].count > 0
                  ? drill(TABLE3_ROWS[ri], TABLE3_COLUMNS[ci])
                  : null
            : undefined
        }
      />
      <h2>{SECTION_TITLES[3]}</h2>
      <GridTable grid={table4Grid(r.table4)} />
      <h2>{SECTION_TITLES[4]}</h2>
      {para(r.narrative.problems)}
      <h2>{SECTION_TITLES[5]}</h2>
      <p>{feesSentence(r.fees)}</p>
      {para(r.narrative.other)}
    </article>
  );
}
