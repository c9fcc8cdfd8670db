/** XLSX of the report's tables (one sheet per table), for offices that file or compare in Excel. */
import ExcelJS from 'exceljs';
import { table2Grid, table3Grid, table4Grid, type AnnualReport, type Grid } from './document.ts';
import { xlsxFile } from '../../lib/spreadsheet.ts';

export function addGrid(ws: ExcelJS.Worksheet, grid: Grid, startRow: number): number {
  ws.getCell(startRow, 1).value = grid.caption;
  ws.getCell(startRow, 1).font = { bold: true };
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
      target.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
      target.alignment = { wrapText: true, vertical: 'middle', horizontal: cell.header ? 'center' : cell.align === 'left' ? 'left' : 'right' };
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
  const ws2 = wb.addWorksheet('二、主动公开');
  let row = 1;
  for (const g of table2Grid(report.table2)) row = addGrid(ws2, g, row);
  ws2.getColumn(1).width = 24;
  const ws3 = wb.addWorksheet('三、依申请公开');
  addGrid(ws3, table3Grid(report.table3), 1);
  ws3.getColumn(1).width = 40;
  const ws4 = wb.addWorksheet('四、复议诉讼');
  addGrid(ws4, table4Grid(report.table4), 1);
  return await xlsxFile(wb);
}
