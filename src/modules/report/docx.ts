/**
 * DOCX of the annual report: tables as real Word tables, headings in 黑体 and body in 仿宋_GB2312 /
 * 仿宋 as Chinese official documents use (GB/T 9704), 三号 (16 pt) body text.
 */
import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import {
  feesSentence,
  SECTION_TITLES,
  table2Grid,
  table3Grid,
  table4Grid,
  type AnnualReport,
  type Grid,
  type GridCell,
} from './document.ts';

const FANGSONG = { ascii: '仿宋_GB2312', eastAsia: '仿宋_GB2312', hAnsi: '仿宋_GB2312' };
const HEITI = { ascii: '黑体', eastAsia: '黑体', hAnsi: '黑体' };

export const body = (text: string) =>
  new Paragraph({
    indent: { firstLine: 640 },
    spacing: { line: 560 },
    children: [new TextRun({ text, font: FANGSONG, size: 32 })],
  });
export const heading = (text: string) =>
  new Paragraph({
    spacing: { before: 200, after: 100 },
    children: [new TextRun({ text, font: HEITI, size: 32 })],
  });

/** Text width of an A4 page with GB/T 9704 margins (左 28 mm, 右 26 mm), in twips. */
const TEXT_WIDTH = Math.round(((210 - 28 - 26) / 25.4) * 1440);
const PAGE_MARGINS = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
function mm(v: number): number {
  return Math.round((v / 25.4) * 1440);
}
const TIGHT = { top: 40, bottom: 40, left: 40, right: 40 };

/**
 * A Grid as a Word table: spans merge cells; the header rows repeat on every page and no row splits
 * across pages (as the national templates are printed); relative widths, when the grid has them, fix
 * the columns so narrow headers wrap by words instead of one character a line.
 */
export function wordTable(grid: Grid): (Paragraph | Table)[] {
  const columns = grid.widths && grid.widths.reduce((a, b) => a + b, 0);
  const columnWidths = grid.widths?.map((w) => Math.floor((TEXT_WIDTH * w) / columns!));
  const small = (grid.widths?.length ?? 0) > 10;
  const row = (cells: GridCell[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map(
        (cell) =>
          new TableCell({
            columnSpan: cell.colSpan,
            rowSpan: cell.rowSpan,
            verticalAlign: VerticalAlign.CENTER,
            margins: columnWidths ? TIGHT : undefined,
            children: [
              new Paragraph({
                alignment:
                  cell.header && cell.align !== 'left'
                    ? AlignmentType.CENTER
                    : cell.align === 'left'
                      ? AlignmentType.LEFT
                      : AlignmentType.RIGHT,
                children: [
                  new TextRun({
                    text: cell.text,
                    font: cell.header ? HEITI : FANGSONG,
                    size: small ? 18 : 21,
                  }),
                ],
              }),
            ],
          }),
      ),
    });
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      children: [new TextRun({ text: grid.caption, font: HEITI, size: 24 })],
    }),
    new Table({
      width: columnWidths
        ? { size: TEXT_WIDTH, type: WidthType.DXA }
        : { size: 100, type: WidthType.PERCENTAGE },
      columnWidths,
      layout: columnWidths ? TableLayoutType.FIXED : undefined,
      rows: [...grid.head.map((r) => row(r, true)), ...grid.body.map((r) => row(r, false))],
    }),
  ];
}

export async function annualReportDocx(r: AnnualReport): Promise<Buffer> {
  const title = `${r.orgName}${r.year}年政府信息公开工作年度报告`;
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 300 },
      children: [
        new TextRun({
          text: title,
          font: { ascii: '方正小标宋简体', eastAsia: '方正小标宋简体', hAnsi: '方正小标宋简体' },
          size: 44,
        }),
      ],
    }),
    heading(SECTION_TITLES[0]),
    ...r.narrative.overview.split(/\n+/).filter(Boolean).map(body),
    heading(SECTION_TITLES[1]),
    ...table2Grid(r.table2).flatMap(wordTable),
    heading(SECTION_TITLES[2]),
    ...wordTable(table3Grid(r.table3, 'nested')),
    heading(SECTION_TITLES[3]),
    ...wordTable(table4Grid(r.table4)),
    heading(SECTION_TITLES[4]),
    ...r.narrative.problems.split(/\n+/).filter(Boolean).map(body),
    heading(SECTION_TITLES[5]),
    body(feesSentence(r.fees)),
    ...r.narrative.other.split(/\n+/).filter(Boolean).map(body),
  ];
  return Packer.toBuffer(
    new Document({
      creator: 'Gongkai',
      title,
      sections: [{ properties: { page: { margin: PAGE_MARGINS } }, children }],
    }),
  );
}
