/**
 * Every CSV and XLSX the platform produces goes through here, so that a cell a spreadsheet would
 * read as a formula (CSV/formula injection, OWASP) is text: a value starting with `=`, `+`, `-`, `@`,
 * tab or CR gets a leading `'`. Plain numbers written as text (`-12.5`, `+3%`) are left as they are.
 */
import type ExcelJS from 'exceljs';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$/;

/** The cell's value, neutralised when it is a string a spreadsheet would run as a formula. */
export function neutraliseCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) && !PLAIN_NUMBER.test(value)
    ? `'${value}`
    : value;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field (RFC 4180): quoted when it holds a quote, comma or line break. */
function csvField(value: unknown): string {
  const s = String(neutraliseCell(value ?? ''));
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV line (RFC 4180, CRLF), cells neutralised. */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvField).join(',') + '\r\n';
}

/** A whole CSV file: UTF-8 with a BOM (so Excel reads Chinese), every cell neutralised. */
export function csvFile(rows: readonly (readonly unknown[])[]): Buffer {
  return Buffer.from('\ufeff' + rows.map(csvLine).join(''), 'utf8');
}

/** Neutralises every string cell of every sheet (formulas the code wrote on purpose are objects, untouched). */
export function neutraliseWorkbook(wb: ExcelJS.Workbook): void {
  wb.eachSheet((ws) =>
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (typeof cell.value === 'string') cell.value = neutraliseCell(cell.value);
      }),
    ),
  );
}

/** The workbook's bytes, every string cell neutralised first. */
export async function xlsxFile(wb: ExcelJS.Workbook): Promise<Buffer> {
  neutraliseWorkbook(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The text a person sees in a cell as read back by exceljs: rich text joined, a formula's result, a date as YYYY-MM-DD. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10); // Excel dates are zone-less: read as written
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v).trim();
}
