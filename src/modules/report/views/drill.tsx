/** The drill-down pages: the documents behind a 表二 figure, the cases behind a 表三 figure. */
import { DataTable } from '../../../web/table.tsx';
import { APPLICANT_TYPES } from '../../foi/outcomes.ts';
import { TABLE2_CELLS, type Table2Cell } from '../../normative/model.ts';
import { TABLE3_LABELS, type Table3Column, type Table3Row } from '../model.ts';

/** How each normative cell of 表二 is counted (rules.md §4), said on its drill-down page. */
export const TABLE2_CELL_RULES: Record<Table2Cell, string> = {
  issued: '成文（印发）日期在本年度的文件，只计入主办机关（联合发文不重复计入会签机关）。',
  repealed: '废止在本年度生效的文件；有效期届满失效和修改不属于废止。',
  inForce:
    '本年 12 月 31 日现行有效的文件：施行日期不晚于该日，且该日前未废止、未失效（次年 1 月 1 日起施行的不计；有效期到 12 月 31 日的仍计）。只计入主办机关。',
};

/** A library document behind a 表二 figure. */
export interface DrillDocument {
  id: number;
  docNumber: string;
  title: string;
  writtenOn: string | null;
  effectiveOn: string | null;
  statusAtYearEnd: string;
  repealedOn?: string | null;
}

/** The documents behind one normative cell of 表二. */
export function DrillDocuments({
  cell,
  year,
  docs,
}: {
  cell: Table2Cell;
  year: number;
  docs: DrillDocument[];
}) {
  return (
    <>
      <h1>
        行政规范性文件 · {TABLE2_CELLS[cell]}（{docs.length} 件）
      </h1>
      <p>{TABLE2_CELL_RULES[cell]}</p>
      <DataTable
        caption="构成该数字的文件"
        rows={docs}
        columns={[
          {
            label: '文号',
            cell: (d) => <a href={`/admin/gfxwj/${d.id}?on=${year}-12-31`}>{d.docNumber}</a>,
          },
          { label: '标题', cell: (d) => d.title },
          { label: '成文日期', cell: (d) => d.writtenOn, date: true },
          { label: '施行日期', cell: (d) => d.effectiveOn, date: true },
          { label: `${year}年12月31日状态`, cell: (d) => d.statusAtYearEnd },
          ...(cell === 'repealed'
            ? [{ label: '废止生效日期', cell: (d: DrillDocument) => d.repealedOn, date: true }]
            : []),
        ]}
      />
    </>
  );
}

/** A case behind a 表三 figure. */
export interface DrillCase {
  id: number;
  number: string;
  receivedOn: string | null;
  closedOn: string | null;
  outcomeLabel: string;
}

/** The cases behind one cell of 表三. */
export function DrillCases({ row, col, cases }: { row: Table3Row; col: Table3Column; cases: DrillCase[] }) {
  const colLabel = col === 'total' ? '总计' : APPLICANT_TYPES[col];
  return (
    <>
      <h1>
        {TABLE3_LABELS[row]} · {colLabel}（{cases.length} 件）
      </h1>
      <DataTable
        caption="构成该数字的申请"
        rows={cases}
        columns={[
          { label: '申请编号', cell: (c) => <a href={`/admin/foi/${c.id}`}>{c.number}</a>, rowHeader: true },
          { label: '收到日期', cell: (c) => c.receivedOn, date: true },
          { label: '办结日期', cell: (c) => c.closedOn, date: true },
          { label: '办理结果', cell: (c) => c.outcomeLabel },
        ]}
      />
    </>
  );
}
