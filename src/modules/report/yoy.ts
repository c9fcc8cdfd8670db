/** 同比: a report's figures beside the previous year's (imported, or computed from the records). */
import { OUTCOME_CODES, type OutcomeCode } from '../foi/outcomes.ts';
import type { AnnualReport } from './document.ts';
import type { Counts, Table2Nullable } from './past.ts';
import {
  table3Counts,
  table4Counts,
  TABLE3_COLUMNS,
  type ReviewKind,
  type Table2,
  type Table3Column,
  type Table3Row,
  type Table4Column,
  type PastFormat,
} from './model.ts';

const OTHER_CODES = ['other.no_correction', 'other.unpaid_fee', 'other.other'] as const;

/** Figures of a report in the shape the comparison reads (a computed year, or an import). */
export interface ComparableFigures {
  table2: Table2Nullable | Table2;
  table3: Record<Table3Row, Record<Table3Column, number | null>>;
  otherTotal: Record<Table3Column, number>;
  table4: Counts<ReviewKind, Table4Column>;
}

export function comparableOf(
  table2: Table2,
  t3: Record<Table3Row, Record<Table3Column, number>>,
  table4: Counts<ReviewKind, Table4Column>,
): ComparableFigures {
  const otherTotal = Object.fromEntries(
    TABLE3_COLUMNS.map((c) => [c, OTHER_CODES.reduce((s, code) => s + t3[code][c], 0)]),
  ) as Record<Table3Column, number>;
  return { table2, table3: t3, otherTotal, table4 };
}

const FAMILIES: [string, string, OutcomeCode[]][] = [
  ['disclosed', '（一）予以公开', ['disclosed']],
  ['partial', '（二）部分公开', ['partial']],
  ['withheld', '（三）不予公开', OUTCOME_CODES.filter((c) => c.startsWith('withheld.'))],
  ['unavailable', '（四）无法提供', OUTCOME_CODES.filter((c) => c.startsWith('unavailable.'))],
  ['rejected', '（五）不予处理', OUTCOME_CODES.filter((c) => c.startsWith('rejected.'))],
];

export interface YoyRow {
  key: string;
  label: string;
  previous: number | null;
  current: number | null;
}

/** The comparison rows (总计 column of 表三, the 表二 decisions and fees, 表四 totals). */
export function yearOnYearRows(cur: ComparableFigures, prev: ComparableFigures): YoyRow[] {
  const sum = (f: ComparableFigures, codes: OutcomeCode[]) =>
    codes.reduce<number | null>(
      (s, c) => (s == null || f.table3[c].total == null ? null : s + f.table3[c].total!),
      0,
    );
  const row = (key: string, label: string, get: (f: ComparableFigures) => number | null): YoyRow => ({
    key,
    label,
    previous: get(prev),
    current: get(cur),
  });
  return [
    row('received', '本年新收申请', (f) => f.table3.received.total),
    row('carriedOver', '上年结转申请', (f) => f.table3.carriedOver.total),
    ...FAMILIES.map(([key, label, codes]) => row(key, `办理结果${label}`, (f) => sum(f, codes))),
    row('other', '办理结果（六）其他处理', (f) => f.otherTotal.total),
    row('closedTotal', '办理结果（七）总计', (f) => f.table3.closedTotal.total),
    row('carriedForward', '结转下年度继续办理', (f) => f.table3.carriedForward.total),
    row('normativeIssued', '行政规范性文件 本年制发件数', (f) => f.table2.normativeDocuments.issued),
    row('licensing', '行政许可 本年处理决定数量', (f) => f.table2.licensing),
    row('penalties', '行政处罚 本年处理决定数量', (f) => f.table2.penalties),
    row('enforcement', '行政强制 本年处理决定数量', (f) => f.table2.enforcement),
    row('feesWanYuan', '行政事业性收费 本年收费金额（万元）', (f) => f.table2.feesWanYuan),
    row('reconsideration', '行政复议 总计', (f) => f.table4.reconsideration.total),
    row(
      'litigation',
      '行政诉讼 总计',
      (f) => f.table4.litigation_direct.total + f.table4.litigation_after_reconsideration.total,
    ),
  ];
}

/** The previous year beside a report: imported figures, or the year computed from the records. */
export interface PreviousYear {
  year: number;
  source: 'imported' | 'computed';
  format: PastFormat;
  figures: ComparableFigures & { extra?: Record<string, number | null> };
}

/** This year beside the previous one (总计 column of 表三, 表二 decisions, 表四 totals), or []. */
export function yearOnYear(r: AnnualReport) {
  if (!r.previousYear) return [];
  return yearOnYearRows(
    comparableOf(r.table2, table3Counts(r.table3), table4Counts(r.table4)),
    r.previousYear.figures,
  );
}
