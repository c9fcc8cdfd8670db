/**
 * DOCX of the annual report: tables as real Word tables, headings in 黑体 and body in 仿宋_GB2312 /
 * 仿宋 as Chinese official documents use (GB/T 9704), 三号 (16 pt) body text.
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType, WidthType } from 'docx';
import { feesSentence, SECTION_TITLES, table2Grid, table3Grid, table4Grid, type AnnualReport, type Grid } from './document.ts';

const FANGSONG = { ascii: '仿宋_GB2312', eastAsia: '仿宋_GB2312', hAnsi: '仿宋_GB2312' };
const HEITI = { ascii: '黑体', eastAsia: '黑体', hAnsi: '黑体' };

export const body = (text: string) => new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [new TextRun({ text, font: FANGSONG, size: 32 })] });
export const heading = (text: string) => new Paragraph({ spacing: { before: 200, after: 100 }, children: [new TextRun({ text, font: HEITI, size: 32 })] });

/** A Grid as a Word table; row spans become vertical merges, as Word expresses them. */
export function wordTable(grid: Grid): (Paragraph | Table)[] {
  const rows = [...grid.head, ...grid.body];
  // Expand row spans: cells covered by a span above get a "continue" placeholder at their column.
  const pending: { col: number; left: number; colSpan: number }[] = [];
  const out: TableRow[] = [];
  for (const row of rows) {
    const cells: TableCell[] = [];
    let col = 0;
    const placeholders = (c: number) => {
      let p;
      while ((p = pending.find((x) => x.col === c && x.left > 0))) {
        cells.push(new TableCell({ columnSpan: p.colSpan, verticalMerge: VerticalMergeType.CONTINUE, children: [new Paragraph('')] }));
        p.left--;
        c += p.colSpan;
      }
      return c;
    };
    for (const cell of row) {
      col = placeholders(col);
      const span = cell.colSpan ?? 1;
      cells.push(
        new TableCell({
          columnSpan: span,
          verticalMerge: cell.rowSpan && cell.rowSpan > 1 ? VerticalMergeType.RESTART : undefined,
          children: [new Paragraph({ alignment: cell.header ? AlignmentType.CENTER : cell.align === 'left' ? AlignmentType.LEFT : AlignmentType.RIGHT, children: [new TextRun({ text: cell.text, font: cell.header ? HEITI : FANGSONG, size: 21 })] })],
        }),
      );
      if (cell.rowSpan && cell.rowSpan > 1) pending.push({ col, left: cell.rowSpan - 1, colSpan: span });
      col += span;
    }
    placeholders(col);
    out.push(new TableRow({ children: cells }));
  }
  return [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: grid.caption, font: HEITI, size: 24 })] }), new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: out })];
}

export async function annualReportDocx(r: AnnualReport): Promise<Buffer> {
  const title = `${r.orgName}${r.year}年政府信息公开工作年度报告`;
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 300 }, children: [new TextRun({ text: title, font: { ascii: '方正小标宋简体', eastAsia: '方正小标宋简体', hAnsi: '方正小标宋简体' }, size: 44 })] }),
    heading(SECTION_TITLES[0]),
    ...r.narrative.overview.split(/\n+/).filter(Boolean).map(body),
    heading(SECTION_TITLES[1]),
    ...table2Grid(r.table2).flatMap(wordTable),
    heading(SECTION_TITLES[2]),
    ...wordTable(table3Grid(r.table3)),
    heading(SECTION_TITLES[3]),
    ...wordTable(table4Grid(r.table4)),
    heading(SECTION_TITLES[4]),
    ...r.narrative.problems.split(/\n+/).filter(Boolean).map(body),
    heading(SECTION_TITLES[5]),
    body(feesSentence(r.fees)),
    ...r.narrative.other.split(/\n+/).filter(Boolean).map(body),
  ];
  return Packer.toBuffer(new Document({ creator: 'Gongkai', title, sections: [{ children }] }));
}
