/** XLSX of the report's tables (one sheet per table), for offices that file or compare in Excel. */
import ExcelJS from 'exceljs';
import { table2Grid, table3Grid, table4Grid, type AnnualReport, type Grid } from './document.ts';
import { layoutSheet, xlsxFile } from '../../lib/spreadsheet.ts';

/** Writes a grid (caption, header rows, body; merged cells as in the document) from `startRow`; returns the row after it and a blank one. */
export function addGrid(ws: ExcelJS.Worksheet, grid: Grid, startRow: number): number {
  ws.getCell(startRow, 1).value = grid.caption;
  ws.getCell(startRow, 1).font = { bold: true };
  // The caption spans the table's width, so it reads on one line above it rather than wrapping in column A.
  const columns = (grid.head[0] ?? grid.body[0] ?? []).reduce((n, c) => n + (c.colSpan ?? 1), 0);
  if (columns > 1) ws.mergeCells(startRow, 1, startRow, columns);
  let r = startRow + 1;
  const taken = new Set<string>();
  for (const row of [...grid.head, ...grid.body]) {
    let c = 1;
    for (const cell of row) {
      while (taken.has(`${r}:${c}`)) c++;
      const span = cell.colSpan ?? 1;
      const rows = cell.rowSpan ?? 1;
      const target = ws.getCell(r, c);
      target.value = /^\d+$/.test(cell.text) && !cell.header ? Number(cell.text) : cell.text;
      if (cell.header) target.font = { bold: true };
      target.border = {
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      };
      target.alignment = {
        wrapText: true,
        vertical: 'middle',
        horizontal: cell.header ? 'center' : cell.align === 'left' ? 'left' : 'right',
      };
      if (span > 1 || rows > 1) ws.mergeCells(r, c, r + rows - 1, c + span - 1);
      for (let i = 0; i < rows; i++) for (let j = 0; j < span; j++) taken.add(`${r + i}:${c + j}`);
      c += span;
    }
    r++;
  }
  return r + 1;
}

export async function annualReportXlsx(report: AnnualReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  const page = {
    orientation: 'landscape',
    paperSize: 9,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  } as const;
  // 表二 is four small tables one under another, each with its own header: no frozen rows, which
  // would label the later tables with the first one's header. The sheets' cells stay where `past.ts`
  // reads them back (this file is importable for 同比).
  const ws2 = wb.addWorksheet('二、主动公开', { pageSetup: { ...page, orientation: 'portrait' } });
  let row = 1;
  for (const g of table2Grid(report.table2)) row = addGrid(ws2, g, row);
  layoutSheet(ws2, { widths: [26, 18, 18, 18] });
  const ws3 = wb.addWorksheet('三、依申请公开', { pageSetup: page });
  const t3 = table3Grid(report.table3);
  addGrid(ws3, t3, 1);
  layoutSheet(ws3, { widths: [12, 12, 36, 10, 10, 10, 10, 10, 10, 10], headerRows: 1 + t3.head.length });
  const ws4 = wb.addWorksheet('四、复议诉讼', { pageSetup: page });
  const t4 = table4Grid(report.table4);
  addGrid(ws4, t4, 1);
  layoutSheet(ws4, { widths: Array(15).fill(9), headerRows: 1 + t4.head.length });
  return await xlsxFile(wb);
}
