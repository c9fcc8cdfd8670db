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
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v).trim();
}

/** How a sheet is laid out for reading and printing: column widths, wrapped text, header rows kept in view. */
export interface SheetLayout {
  /**
   * Column widths in characters (Excel's unit), one per column from A; a column left out (or `0`)
   * is fitted to its longest line, Chinese characters counting two, between `minWidth` and `maxWidth`.
   */
  widths?: readonly number[];
  /** Bounds of a fitted column's width (defaults 6 and 50). */
  minWidth?: number;
  maxWidth?: number;
  /** Rows at the top kept in view when scrolling (frozen panes) and printed on every page: the title and header rows. */
  headerRows?: number;
  /** Columns at the left kept in view when scrolling sideways. */
  frozenColumns?: number;
}

/** Display width of a line: CJK and full-width characters count two, others one (as Excel's column unit). */
export function textWidth(line: string): number {
  let w = 0;
  for (const ch of line)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

const POINTS_PER_LINE = 15; // an 11 pt line in Excel, WPS and LibreOffice Calc

/**
 * Lays a sheet out so that nothing overlaps or is cut: every column gets a width (given or fitted),
 * every cell wraps (keeping its own alignment), rows are made tall enough for their wrapped text
 * (Excel and WPS do not grow rows holding merged cells, and a printed row never grows), and the
 * header rows stay in view and repeat on every printed page.
 */
export function layoutSheet(ws: ExcelJS.Worksheet, layout: SheetLayout = {}): void {
  const { minWidth = 6, maxWidth = 50, headerRows = 0, frozenColumns = 0 } = layout;
  // Cells a merge covers (except its master) are skipped; a merge's text is spread over its columns.
  const merged = new Map<string, { cols: number[] }>();
  const count = Math.max(ws.columnCount, layout.widths?.length ?? 0);
  const fitted: number[] = Array.from({ length: count + 1 }, () => 0);
  ws.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.isMerged && cell.master !== cell) return;
      const span = spanOf(ws, cell);
      if (span.cols.length > 1) merged.set(cell.address, span);
      else {
        const text = cellText(cell.value);
        for (const line of text.split('\n'))
          fitted[Number(cell.col)] = Math.max(fitted[Number(cell.col)], textWidth(line) + 2);
      }
    }),
  );
  for (let c = 1; c <= count; c++) {
    const given = layout.widths?.[c - 1];
    const width = given && given > 0 ? given : Math.min(maxWidth, Math.max(minWidth, fitted[c] ?? 0));
    // exceljs takes a width of exactly 9 for its default and writes no width for the column at all.
    ws.getColumn(c).width = width === 9 ? 9.1 : width;
  }
  ws.eachRow({ includeEmpty: false }, (row) => {
    let lines = 1;
    let size = 11;
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.isMerged && cell.master !== cell) return;
      cell.alignment = { vertical: 'top', ...cell.alignment, wrapText: true };
      const span = merged.get(cell.address)?.cols ?? [Number(cell.col)];
      const width = span.reduce((s, c) => s + (ws.getColumn(c).width ?? 9), 0) - 1;
      const fontSize = cell.font?.size ?? 11;
      size = Math.max(size, fontSize);
      // A little narrower than the column: full-width punctuation and the cell padding take room in every suite.
      const scaled = Math.max(1, (width * 0.92 * 11) / fontSize);
      const rowsSpanned = spanOf(ws, cell).rows;
      const n = cellText(cell.value)
        .split('\n')
        .reduce((s, line) => s + Math.max(1, Math.ceil(textWidth(line) / scaled)), 0);
      lines = Math.max(lines, Math.ceil(n / rowsSpanned));
    });
    const height = Math.ceil(lines * POINTS_PER_LINE * (size / 11)) + 2;
    if (lines > 1 || size > 11) row.height = Math.max(row.height ?? 0, height);
  });
  if (headerRows > 0 || frozenColumns > 0) {
    ws.views = [
      {
        state: 'frozen',
        xSplit: frozenColumns,
        ySplit: headerRows,
        topLeftCell: ws.getCell(headerRows + 1, frozenColumns + 1).address,
        activeCell: ws.getCell(headerRows + 1, frozenColumns + 1).address,
      },
    ];
  }
  if (headerRows > 0) ws.pageSetup.printTitlesRow = `1:${headerRows}`;
}

/** The columns and number of rows the merge starting at a cell covers (one column and row when it is not merged). */
function spanOf(ws: ExcelJS.Worksheet, cell: ExcelJS.Cell): { cols: number[]; rows: number } {
  // exceljs keeps merges as ranges in the sheet model: `_merges` maps a master address to its range.
  const range = (
    ws as unknown as {
      _merges?: Record<string, { top: number; left: number; bottom: number; right: number }>;
    }
  )._merges?.[cell.address];
  if (!range) return { cols: [Number(cell.col)], rows: 1 };
  const { left, right, top, bottom } = range;
  return { cols: Array.from({ length: right - left + 1 }, (_, i) => left + i), rows: bottom - top + 1 };
}
