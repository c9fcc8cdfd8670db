/**
 * Past reports' figures, imported so a report can show the previous year beside its own (同比).
 * Two formats (docs/modules/report.md has the layouts and the mapping):
 * - '2021': 国办公开办函〔2021〕30号, the format this module writes — tables 二, 三, 四 exactly as ours.
 * - '2019': the tables used for the 2019 and 2020 reports, before the 2021 revision. 表三 has the same
 *   columns and rows except that （六）其他处理 is one row (2021 splits it into 1 逾期不补正, 2 逾期未缴费,
 *   3 其他); 表二 counts 规章/规范性文件 as 本年新制作, 本年新公开, 对外公开总数 (no 废止 or 现行有效),
 *   and 行政许可/其他对外管理服务事项/行政处罚/行政强制 as 上一年项目数量, 本年增/减, 处理决定数量,
 *   行政事业性收费 as 上一年项目数量, 本年增/减 (no amount), plus 政府集中采购. 表四 is the same.
 * Only like-for-like figures are mapped onto the 2021 shape; the rest stay null (shown as —) and
 * the 2019-only cells are kept as imported under `extra`.
 * Pure: parsing and checking, no I/O. Every error names its place (sheet, row and cell, or JSON path).
 */
import type ExcelJS from 'exceljs';
import { cellText } from '../../lib/spreadsheet.ts';
import { APPLICANT_TYPES } from '../foi/outcomes.ts';
import { table3Grid } from './document.ts';
import {
  emptyRow,
  PAST_FORMATS,
  TABLE3_COLUMNS,
  TABLE3_ROWS,
  TABLE4_COLUMN_LABELS,
  TABLE4_COLUMNS,
  TABLE4_GROUP_LABELS,
  TABLE4_GROUPS,
  type ReviewKind,
  type Table3,
  type Table3Column,
  type Table3Row,
  type Table4Column,
  type PastFormat,
} from './model.ts';

export { PAST_FORMATS, type PastFormat };

const OTHER_CODES = ['other.no_correction', 'other.unpaid_fee', 'other.other'] as const;
/** Table 三 rows of the 2019 format: the 2021 rows with （六） as one row, `other`. */
export const TABLE3_ROWS_2019 = [
  ...TABLE3_ROWS.filter((r) => !(OTHER_CODES as readonly string[]).includes(r)),
  'other',
] as const;

/** Counts by row and column. */
export type Counts<R extends string, C extends string> = Record<R, Record<C, number>>;

export interface PastFigures {
  format: PastFormat;
  table2: Table2Nullable;
  /** In the 2021 shape; for a 2019 import the three （六） sub-rows are null. */
  table3: Record<Table3Row, Record<Table3Column, number | null>>;
  /** （六）其他处理 as one row: the 2019 row, or the sum of the 2021 sub-rows. */
  otherTotal: Record<Table3Column, number>;
  table4: Counts<ReviewKind, Table4Column>;
  /** 2019-only cells, as imported (label → value). */
  extra: Record<string, number | null>;
}

export interface Table2Nullable {
  rules: { issued: number | null; repealed: number | null; inForce: number | null };
  normativeDocuments: { issued: number | null; repealed: number | null; inForce: number | null };
  licensing: number | null;
  penalties: number | null;
  enforcement: number | null;
  feesWanYuan: number | null;
}

export type PastErrors = Record<string, string>;

const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100_000_000;

// ------------------------------------------------------------------ JSON

/**
 * Reads figures from JSON: the API's own report JSON (2021) or `{format:'2019', table3:{…, other:{…}}, …}`.
 * Format: `format` if given, else 2019 when table3 has `other`, else 2021.
 */
export function parsePastJson(
  input: unknown,
  forced?: PastFormat,
): { figures?: PastFigures; errors: PastErrors } {
  const errors: PastErrors = {};
  if (typeof input !== 'object' || input == null) return { errors: { '': '应为 JSON 对象' } };
  const o = input as Record<string, unknown>;
  const t3 = (o.table3 ?? {}) as Record<string, Record<string, unknown>>;
  const format: PastFormat =
    forced ?? (o.format === '2019' || o.format === '2021' ? o.format : 'other' in t3 ? '2019' : '2021');
  const num = (path: string, v: unknown, nullable = false): number | null => {
    if (v == null && nullable) return null;
    if (!isCount(v))
      errors[path] = v == null ? '缺少数字' : `应为不小于 0 的整数，实际为 ${JSON.stringify(v)}`;
    return isCount(v) ? v : null;
  };
  const rows = format === '2019' ? TABLE3_ROWS_2019 : TABLE3_ROWS;
  const read3 = Object.fromEntries(
    rows.map((r) => [
      r,
      Object.fromEntries(TABLE3_COLUMNS.map((c) => [c, num(`table3.${r}.${c}`, t3[r]?.[c])])),
    ]),
  ) as Record<string, Record<Table3Column, number | null>>;
  const t4 = (o.table4 ?? {}) as Record<string, Record<string, unknown>>;
  const table4 = Object.fromEntries(
    TABLE4_GROUPS.map((g) => [
      g,
      Object.fromEntries(TABLE4_COLUMNS.map((c) => [c, num(`table4.${g}.${c}`, t4[g]?.[c]) ?? 0])),
    ]),
  ) as Counts<ReviewKind, Table4Column>;
  const t2 = (o.table2 ?? {}) as Record<string, unknown>;
  const triple = (k: 'rules' | 'normativeDocuments') => {
    const x = (t2[k] ?? {}) as Record<string, unknown>;
    return {
      issued: num(`table2.${k}.issued`, x.issued, true),
      repealed: num(`table2.${k}.repealed`, x.repealed, true),
      inForce: num(`table2.${k}.inForce`, x.inForce, true),
    };
  };
  let fees: number | null = null;
  if (t2.feesWanYuan != null) {
    if (typeof t2.feesWanYuan === 'number' && t2.feesWanYuan >= 0 && Number.isFinite(t2.feesWanYuan))
      fees = t2.feesWanYuan;
    else errors['table2.feesWanYuan'] = '应为不小于 0 的数字（万元）';
  }
  const table2: Table2Nullable = {
    rules: triple('rules'),
    normativeDocuments: triple('normativeDocuments'),
    licensing: num('table2.licensing', t2.licensing, true),
    penalties: num('table2.penalties', t2.penalties, true),
    enforcement: num('table2.enforcement', t2.enforcement, true),
    feesWanYuan: fees,
  };
  if (Object.keys(errors).length) return { errors };
  return { figures: assemble(format, table2, read3, table4, {}), errors };
}

/** Fills the 2021 shape, with the 2019 （六） row mapped to otherTotal only. */
function assemble(
  format: PastFormat,
  table2: Table2Nullable,
  t3: Record<string, Record<Table3Column, number | null>>,
  table4: Counts<ReviewKind, Table4Column>,
  extra: Record<string, number | null>,
): PastFigures {
  const table3 = Object.fromEntries(
    TABLE3_ROWS.map((r) => [
      r,
      format === '2019' && (OTHER_CODES as readonly string[]).includes(r)
        ? Object.fromEntries(TABLE3_COLUMNS.map((c) => [c, null]))
        : t3[r],
    ]),
  ) as PastFigures['table3'];
  const otherTotal = Object.fromEntries(
    TABLE3_COLUMNS.map((c) => [
      c,
      format === '2019' ? (t3.other[c] ?? 0) : OTHER_CODES.reduce((s, code) => s + (t3[code][c] ?? 0), 0),
    ]),
  ) as Record<Table3Column, number>;
  return { format, table2, table3, otherTotal, table4, extra };
}

/** Chinese names of the JSON paths parsePastJson reports (表二 fields and their columns). */
const TABLE2_PLACES: Record<string, string> = {
  rules: '规章',
  normativeDocuments: '行政规范性文件',
  issued: '本年制发件数',
  repealed: '本年废止件数',
  inForce: '现行有效件数',
  licensing: '行政许可 本年处理决定数量',
  penalties: '行政处罚 本年处理决定数量',
  enforcement: '行政强制 本年处理决定数量',
  feesWanYuan: '行政事业性收费 本年收费金额（万元）',
};

/** The place a JSON path names, in the report's own words (表三“…”行“…”列), or null when unknown. */
function jsonPlace(path: string): string | null {
  const [table, a, b] = path.split('.');
  if (table === 'table3' && b) {
    const row =
      a === 'other'
        ? LABEL_OTHER_2019
        : (TABLE3_ROWS as readonly string[]).includes(a)
          ? labels2021()[a as Table3Row]
          : null;
    const col = b === 'total' ? '总计' : APPLICANT_TYPES[b as keyof typeof APPLICANT_TYPES];
    return row && col ? `表三“${row}”行“${col}”列` : null;
  }
  if (table === 'table4' && b) {
    const group = TABLE4_GROUP_LABELS[a as ReviewKind];
    const col = TABLE4_COLUMN_LABELS[b as Table4Column];
    return group && col ? `表四“${group}”的“${col}”` : null;
  }
  if (table === 'table2' && a) {
    const names = [a, b].filter(Boolean).map((k) => TABLE2_PLACES[k!]);
    return names.every(Boolean) ? `表二“${names.join(' ')}”` : null;
  }
  return null;
}

/**
 * An import's errors as lines a person reads: XLSX errors already name their sheet, row and cell;
 * JSON paths (`table3.partial.natural`) are named by the report's row and column labels.
 */
export function describePastErrors(errors: PastErrors): string[] {
  return Object.entries(errors).map(([key, message]) => {
    if (key === '' || message.startsWith('工作表') || message.includes(`“${key}”`)) return message;
    const place = jsonPlace(key);
    return place ? `${place}：${message}` : `${key}：${message}`;
  });
}

// ------------------------------------------------------------------ XLSX

const SHEET2 = '二、主动公开';
const SHEET3 = '三、依申请公开';
const SHEET4 = '四、复议诉讼';

/** Text of a label cell, normalised: no spaces, full-width brackets, no quotes. */
const norm = (s: string) =>
  s
    .replace(/\s+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/["“”'‘’]/g, '');

/** A cell's text as the sheet shows it. */
const cellAt = (ws: ExcelJS.Worksheet, row: number, col: number): string =>
  cellText(ws.getCell(row, col).value);

const colName = (c: number) => String.fromCharCode(64 + c);
const where = (sheet: string, row: number, col?: number) =>
  `工作表“${sheet}”第 ${row} 行${col ? `第 ${colName(col)} 列` : ''}`;

/** The row whose first cell is `label` (normalised), or 0. */
function findRow(ws: ExcelJS.Worksheet, label: string): number {
  const want = norm(label);
  for (let r = 1; r <= ws.rowCount; r++) if (norm(cellAt(ws, r, 1)) === want) return r;
  return 0;
}

/** The 2021 labels of table 三's body rows, as our export writes them. */
const labels2021 = (): Record<Table3Row, string> =>
  Object.fromEntries(
    table3Grid(Object.fromEntries(TABLE3_ROWS.map((r) => [r, emptyRow()])) as Table3).body.map((row, i) => [
      TABLE3_ROWS[i],
      row[0].text,
    ]),
  ) as Record<Table3Row, string>;
const LABEL_OTHER_2019 = '三、本年度办理结果（六）其他处理';

class Reader {
  errors: PastErrors = {};
  constructor(private wb: ExcelJS.Workbook) {}
  sheet(name: string): ExcelJS.Worksheet | null {
    const ws = this.wb.getWorksheet(name);
    if (!ws) this.errors[name] = `缺少工作表“${name}”`;
    return ws ?? null;
  }
  /** An integer ≥ 0 (or null when allowed and the cell is empty or —). */
  count(ws: ExcelJS.Worksheet, row: number, col: number, nullable = false): number | null {
    const text = cellAt(ws, row, col).trim();
    if (nullable && (text === '' || text === '—' || text === '-')) return null;
    const n = Number(text);
    if (text === '' || !isCount(n)) {
      this.errors[`${ws.name}!${colName(col)}${row}`] =
        `${where(ws.name, row, col)}：应为不小于 0 的整数，实际为“${text}”`;
      return null;
    }
    return n;
  }
  decimal(ws: ExcelJS.Worksheet, row: number, col: number): number | null {
    const text = cellAt(ws, row, col).trim();
    if (text === '' || text === '—' || text === '-') return null;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) {
      this.errors[`${ws.name}!${colName(col)}${row}`] =
        `${where(ws.name, row, col)}：应为不小于 0 的金额（万元），实际为“${text}”`;
      return null;
    }
    return n;
  }
  row(ws: ExcelJS.Worksheet, label: string): number {
    const r = findRow(ws, label);
    if (!r) this.errors[`${ws.name}:${label}`] = `工作表“${ws.name}”缺少“${label}”行（第 A 列）`;
    return r;
  }
}

/** Which format an XLSX is in, from table 二's column heads. */
export function detectXlsxFormat(wb: ExcelJS.Workbook): PastFormat | null {
  const ws = wb.getWorksheet(SHEET2);
  if (!ws) return null;
  for (let r = 1; r <= ws.rowCount; r++) {
    for (let c = 1; c <= 4; c++) {
      const t = norm(cellAt(ws, r, c));
      if (t === '本年新制作数量') return '2019';
      if (t === '本年制发件数') return '2021';
    }
  }
  return null;
}

/**
 * Reads figures from a workbook: for 2021 the layout our XLSX export writes; for 2019 the layout in
 * docs/modules/report.md (same sheets; table 三 with one （六） row; table 二 with the 2019 columns).
 */
export function parsePastXlsx(
  wb: ExcelJS.Workbook,
  forced?: PastFormat,
): { figures?: PastFigures; errors: PastErrors } {
  const format = forced ?? detectXlsxFormat(wb);
  if (!format)
    return {
      errors: {
        [SHEET2]: `无法识别格式：工作表“${SHEET2}”中既没有“本年制发件数”（2021 年版）也没有“本年新制作数量”（2019 年版）`,
      },
    };
  const rd = new Reader(wb);
  const extra: Record<string, number | null> = {};
  // 表三
  const t3: Record<string, Record<Table3Column, number | null>> = {};
  const ws3 = rd.sheet(SHEET3);
  if (ws3) {
    const l = labels2021();
    const labels: [string, string][] =
      format === '2021'
        ? TABLE3_ROWS.map((r) => [r, l[r]])
        : TABLE3_ROWS_2019.map((r) => [r, r === 'other' ? LABEL_OTHER_2019 : l[r as Table3Row]]);
    for (const [key, label] of labels) {
      const r = rd.row(ws3, label);
      t3[key] = Object.fromEntries(
        TABLE3_COLUMNS.map((c, i) => [c, r ? rd.count(ws3, r, 4 + i) : null]),
      ) as Record<Table3Column, number | null>;
    }
  }
  // 表四: the value row is two rows under the one naming 未经复议直接起诉.
  const table4 = Object.fromEntries(
    TABLE4_GROUPS.map((g) => [g, Object.fromEntries(TABLE4_COLUMNS.map((c) => [c, 0]))]),
  ) as Counts<ReviewKind, Table4Column>;
  const ws4 = rd.sheet(SHEET4);
  if (ws4) {
    let head = 0;
    for (let r = 1; r <= ws4.rowCount && !head; r++)
      for (let c = 1; c <= 15; c++) if (norm(cellAt(ws4, r, c)) === '未经复议直接起诉') head = r;
    if (!head) rd.errors[SHEET4] = `工作表“${SHEET4}”缺少表头“未经复议直接起诉”`;
    else
      TABLE4_GROUPS.forEach((g, gi) =>
        TABLE4_COLUMNS.forEach((c, ci) => (table4[g][c] = rd.count(ws4, head + 2, 1 + gi * 5 + ci) ?? 0)),
      );
  }
  // 表二
  const table2: Table2Nullable = {
    rules: { issued: null, repealed: null, inForce: null },
    normativeDocuments: { issued: null, repealed: null, inForce: null },
    licensing: null,
    penalties: null,
    enforcement: null,
    feesWanYuan: null,
  };
  const ws2 = rd.sheet(SHEET2);
  if (ws2) {
    if (format === '2021') {
      for (const [k, label] of [
        ['rules', '规章'],
        ['normativeDocuments', '行政规范性文件'],
      ] as const) {
        const r = rd.row(ws2, label);
        if (r)
          table2[k] = {
            issued: rd.count(ws2, r, 2, true),
            repealed: rd.count(ws2, r, 3, true),
            inForce: rd.count(ws2, r, 4, true),
          };
      }
      for (const [k, label] of [
        ['licensing', '行政许可'],
        ['penalties', '行政处罚'],
        ['enforcement', '行政强制'],
      ] as const) {
        const r = rd.row(ws2, label);
        if (r) table2[k] = rd.count(ws2, r, 2, true);
      }
      const f = rd.row(ws2, '行政事业性收费');
      if (f) table2.feesWanYuan = rd.decimal(ws2, f, 2);
    } else {
      for (const [k, label] of [
        ['rules', '规章'],
        ['normativeDocuments', '规范性文件'],
      ] as const) {
        const r = rd.row(ws2, label);
        if (!r) continue;
        const [made, published, total] = [2, 3, 4].map((c) => rd.count(ws2, r, c, true));
        // 本年新制作 ↔ 本年制发; 对外公开总数 counts every document ever published, not those in force.
        table2[k] = { issued: made, repealed: null, inForce: null };
        Object.assign(extra, {
          [`${label}/本年新制作数量`]: made,
          [`${label}/本年新公开数量`]: published,
          [`${label}/对外公开总数量`]: total,
        });
      }
      for (const [k, label] of [
        ['licensing', '行政许可'],
        [null, '其他对外管理服务事项'],
        ['penalties', '行政处罚'],
        ['enforcement', '行政强制'],
      ] as const) {
        const r = rd.row(ws2, label);
        if (!r) continue;
        const [previous, change, decisions] = [
          rd.count(ws2, r, 2, true),
          signed(rd, ws2, r, 3),
          rd.count(ws2, r, 4, true),
        ];
        if (k) table2[k] = decisions; // 处理决定数量 ↔ 本年处理决定数量
        Object.assign(extra, {
          [`${label}/上一年项目数量`]: previous,
          [`${label}/本年增/减`]: change,
          [`${label}/处理决定数量`]: decisions,
        });
      }
      const f = rd.row(ws2, '行政事业性收费');
      if (f)
        Object.assign(extra, {
          '行政事业性收费/上一年项目数量': rd.count(ws2, f, 2, true),
          '行政事业性收费/本年增/减': signed(rd, ws2, f, 3),
        });
      const p = rd.row(ws2, '政府集中采购');
      if (p)
        Object.assign(extra, {
          '政府集中采购/采购项目数量': rd.count(ws2, p, 2, true),
          '政府集中采购/采购总金额': rd.decimal(ws2, p, 3),
        });
    }
  }
  if (Object.keys(rd.errors).length) return { errors: rd.errors };
  return { figures: assemble(format, table2, t3, table4, extra), errors: {} };
}

/** 本年增/减 may be negative. */
function signed(rd: Reader, ws: ExcelJS.Worksheet, row: number, col: number): number | null {
  const text = cellAt(ws, row, col).trim();
  if (text === '' || text === '—') return null;
  const n = Number(text);
  if (!Number.isInteger(n))
    rd.errors[`${ws.name}!${colName(col)}${row}`] =
      `${where(ws.name, row, col)}：应为整数（可为负数），实际为“${text}”`;
  return Number.isInteger(n) ? n : null;
}

// ------------------------------------------------------------------ year on year
