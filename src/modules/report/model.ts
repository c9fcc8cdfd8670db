/**
 * The annual report (政府信息公开工作年度报告, 国办公开办函〔2021〕30号 format), computed from records —
 * pure functions, no I/O. Counting conventions are rules.md §4:
 * - 新收: receipt date in the year; 上年结转: received earlier and still open on 31 Dec of the previous
 *   year; 办理结果: closed in the year, by outcome; 结转下年度: open on 31 Dec of the year.
 * - Dates are Asia/Shanghai calendar dates, so a case closed at 23:59 Beijing time on 31 Dec counts in
 *   that year and one closed at 00:01 on 1 Jan in the next.
 * Every cell keeps the ids behind it, so each number drills down to its cases.
 */
import { resultAsOf } from '../foi/model.ts';
import {
  APPLICANT_TYPE_KEYS,
  APPLICANT_TYPES,
  OUTCOME_CODES,
  OUTCOMES,
  REVIEW_RESULTS,
  type ApplicantType,
  type OutcomeCode,
  type ReviewResult,
} from '../foi/outcomes.ts';

export interface CaseRecord {
  id: number;
  number: string;
  applicantType: ApplicantType;
  /** null while an online application awaits confirmation. */
  receivedOn: string | null;
  closedOn: string | null;
  outcome: OutcomeCode | null;
}

export type ReviewKind = 'reconsideration' | 'litigation_direct' | 'litigation_after_reconsideration';

export interface ReviewRecord {
  id: number;
  applicationId: number | null;
  kind: ReviewKind;
  filedOn: string;
  /** Every result the proceeding has had, each with its date (rules.md §4: added, never overwritten). */
  results: { id: number; result: Exclude<ReviewResult, 'pending'>; resultOn: string }[];
}

export const TABLE3_ROWS = [
  'received',
  'carriedOver',
  ...OUTCOME_CODES,
  'closedTotal',
  'carriedForward',
] as const;
export type Table3Row = (typeof TABLE3_ROWS)[number];
export const TABLE3_COLUMNS = [...APPLICANT_TYPE_KEYS, 'total'] as const;
export type Table3Column = (typeof TABLE3_COLUMNS)[number];

/** One cell: its count and the ids behind it. */
export interface Cell {
  count: number;
  ids: number[];
}

export type Table3 = Record<Table3Row, Record<Table3Column, Cell>>;

export const TABLE3_LABELS: Record<Table3Row, string> = {
  received: '一、本年新收政府信息公开申请数量',
  carriedOver: '二、上年结转政府信息公开申请数量',
  ...(Object.fromEntries(OUTCOME_CODES.map((c) => [c, OUTCOMES[c].row])) as Record<OutcomeCode, string>),
  closedTotal: '三、本年度办理结果（七）总计',
  carriedForward: '四、结转下年度继续办理',
};

export const emptyRow = (): Record<Table3Column, Cell> =>
  Object.fromEntries(TABLE3_COLUMNS.map((c) => [c, { count: 0, ids: [] as number[] }])) as unknown as Record<
    Table3Column,
    Cell
  >;

function add(row: Record<Table3Column, Cell>, type: ApplicantType, id: number) {
  for (const col of [type, 'total'] as const) {
    row[col].count++;
    row[col].ids.push(id);
  }
}

const yearStart = (year: number) => `${year}-01-01`;
const yearEnd = (year: number) => `${year}-12-31`;

/** Open at the end of `date`: received on or before it and not closed on or before it. */
function openAt(c: CaseRecord, date: string): boolean {
  return c.receivedOn != null && c.receivedOn <= date && (c.closedOn == null || c.closedOn > date);
}

/** Table 三 for a year. */
export function computeTable3(cases: CaseRecord[], year: number): Table3 {
  const t = Object.fromEntries(TABLE3_ROWS.map((r) => [r, emptyRow()])) as Table3;
  const prevEnd = yearEnd(year - 1);
  for (const c of cases) {
    if (c.receivedOn != null && c.receivedOn >= yearStart(year) && c.receivedOn <= yearEnd(year))
      add(t.received, c.applicantType, c.id);
    if (openAt(c, prevEnd)) add(t.carriedOver, c.applicantType, c.id);
    if (c.closedOn != null && c.closedOn >= yearStart(year) && c.closedOn <= yearEnd(year) && c.outcome) {
      add(t[c.outcome], c.applicantType, c.id);
      add(t.closedTotal, c.applicantType, c.id);
    }
    if (openAt(c, yearEnd(year))) add(t.carriedForward, c.applicantType, c.id);
  }
  return t;
}

export interface ConsistencyProblem {
  kind: 'balance' | 'column_sum' | 'missing_outcome' | 'no_receipt_date' | 'closed_before_received';
  message: string;
  caseIds: number[];
  /** For 'balance': the column that does not balance. */
  column?: Table3Column;
}

/** The cases the check names besides the table's own sums. */
export interface CaseAnomalies {
  /** Closed in the year without (exactly one valid) outcome. */
  missingOutcome: number[];
  /** Still awaiting confirmation: no receipt date, so not in the table. */
  noReceipt: number[];
  /** Closed before they were received. */
  backwards: number[];
}

/** Ids on one side only of 一 + 二 = 三(七) + 四 in a column (needs a table with ids). */
export function balanceDiff(t: Table3, col: Table3Column): number[] {
  const inLeft = new Set([...t.received[col].ids, ...t.carriedOver[col].ids]);
  const inRight = new Set([...t.closedTotal[col].ids, ...t.carriedForward[col].ids]);
  return [...inLeft].filter((id) => !inRight.has(id)).concat([...inRight].filter((id) => !inLeft.has(id)));
}

/**
 * The checks on counts: 一 + 二 = 三(七) + 四 in every column; 总计 = sum of the six columns; the
 * named anomalies. A balance problem lists its cases only when the table carries ids.
 */
export function checkTable(t: Table3, a: CaseAnomalies): ConsistencyProblem[] {
  const problems: ConsistencyProblem[] = [];
  for (const col of TABLE3_COLUMNS) {
    const left = t.received[col].count + t.carriedOver[col].count;
    const right = t.closedTotal[col].count + t.carriedForward[col].count;
    if (left !== right) {
      problems.push({
        kind: 'balance',
        column: col,
        message: `“${col === 'total' ? '总计' : col}”列不平衡：新收 ${t.received[col].count} + 上年结转 ${t.carriedOver[col].count} ≠ 办结 ${t.closedTotal[col].count} + 结转下年度 ${t.carriedForward[col].count}`,
        caseIds: balanceDiff(t, col),
      });
    }
  }
  for (const row of TABLE3_ROWS) {
    const sum = APPLICANT_TYPE_KEYS.reduce((s, c) => s + t[row][c].count, 0);
    if (sum !== t[row].total.count)
      problems.push({
        kind: 'column_sum',
        message: `“${TABLE3_LABELS[row]}”行的总计 ${t[row].total.count} 不等于各列之和 ${sum}`,
        caseIds: [],
      });
  }
  if (a.missingOutcome.length)
    problems.push({
      kind: 'missing_outcome',
      message: `${a.missingOutcome.length} 件已办结申请没有办理结果`,
      caseIds: a.missingOutcome,
    });
  if (a.noReceipt.length)
    problems.push({
      kind: 'no_receipt_date',
      message: `${a.noReceipt.length} 件申请尚无收到日期（待确认），未计入本表`,
      caseIds: a.noReceipt,
    });
  if (a.backwards.length)
    problems.push({
      kind: 'closed_before_received',
      message: `${a.backwards.length} 件申请的办结日期早于收到日期`,
      caseIds: a.backwards,
    });
  return problems;
}

/**
 * Checks before publishing: 一 + 二 = 三(七) + 四 in every column; 总计 = sum of the six columns; every
 * closed case has exactly one outcome; open cases with no receipt date; impossible date orders.
 */
export function checkConsistency(t: Table3, cases: CaseRecord[], year: number): ConsistencyProblem[] {
  return checkTable(t, {
    missingOutcome: cases
      .filter((c) => c.closedOn != null && c.closedOn.startsWith(String(year)) && !c.outcome)
      .map((c) => c.id),
    noReceipt: cases.filter((c) => c.receivedOn == null && c.closedOn == null).map((c) => c.id),
    backwards: cases
      .filter((c) => c.receivedOn != null && c.closedOn != null && c.closedOn < c.receivedOn)
      .map((c) => c.id),
  });
}

export const TABLE4_GROUPS = [
  'reconsideration',
  'litigation_direct',
  'litigation_after_reconsideration',
] as const;
export const TABLE4_GROUP_LABELS: Record<ReviewKind, string> = {
  reconsideration: '行政复议',
  litigation_direct: '行政诉讼：未经复议直接起诉',
  litigation_after_reconsideration: '行政诉讼：复议后起诉',
};
export const TABLE4_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
export type Table4Column = (typeof TABLE4_COLUMNS)[number];
export const TABLE4_COLUMN_LABELS: Record<Table4Column, string> = { ...REVIEW_RESULTS, total: '总计' };
export type Table4 = Record<ReviewKind, Record<Table4Column, Cell>>;

/**
 * rules.md §4 (表四): the column of a proceeding in the year's table — the latest of its results
 * dated on or before 31 Dec of the year (foi resultAsOf), or 尚未审结 when none is. Results dated
 * later (a retrial, an appeal judgment next year) never reach back into the year.
 */
export function table4ColumnAsOf(r: ReviewRecord, year: number): Exclude<Table4Column, 'total'> {
  return resultAsOf(r.results, yearEnd(year))?.result ?? 'pending';
}

/** Table 四: proceedings filed in the year, with the result as of 31 Dec (table4ColumnAsOf). */
export function computeTable4(reviews: ReviewRecord[], year: number): Table4 {
  const t = Object.fromEntries(
    TABLE4_GROUPS.map((g) => [
      g,
      Object.fromEntries(TABLE4_COLUMNS.map((c) => [c, { count: 0, ids: [] as number[] }])),
    ]),
  ) as unknown as Table4;
  for (const r of reviews) {
    if (r.filedOn < yearStart(year) || r.filedOn > yearEnd(year)) continue;
    const col = table4ColumnAsOf(r, year);
    for (const c of [col, 'total'] as const) {
      t[r.kind][c].count++;
      t[r.kind][c].ids.push(r.id);
    }
  }
  return t;
}

/** Table 二 (第二十条 items): normative rows come from the library; the rest are entered per org. */
export interface Table2 {
  rules: { issued: number; repealed: number; inForce: number };
  normativeDocuments: { issued: number; repealed: number; inForce: number };
  licensing: number | null;
  penalties: number | null;
  enforcement: number | null;
  /** 行政事业性收费 本年收费金额, in 万元 (entered). */
  feesWanYuan: number | null;
}

export interface FeeFigures {
  noticesSent: number;
  noticesTotalFen: number;
  collectedFen: number;
}

/** The JSON shape of a table 三 (counts only), as the API documents it. */
export function table3Counts(t: Table3): Record<Table3Row, Record<Table3Column, number>> {
  return Object.fromEntries(
    TABLE3_ROWS.map((r) => [r, Object.fromEntries(TABLE3_COLUMNS.map((c) => [c, t[r][c].count]))]),
  ) as Record<Table3Row, Record<Table3Column, number>>;
}

export function table4Counts(t: Table4): Record<ReviewKind, Record<Table4Column, number>> {
  return Object.fromEntries(
    TABLE4_GROUPS.map((g) => [g, Object.fromEntries(TABLE4_COLUMNS.map((c) => [c, t[g][c].count]))]),
  ) as Record<ReviewKind, Record<Table4Column, number>>;
}

export const fenToYuan = (fen: number) => (fen / 100).toFixed(2);

// ------------------------------------------------------------------ published figures

/**
 * The figures of a report as it was submitted for publication, kept with the content item it became
 * (annual_report_snapshots): a published report keeps its figures whatever is entered later.
 */
export interface ReportFigures {
  table2: Table2;
  table3: Record<Table3Row, Record<Table3Column, number>>;
  table4: Record<ReviewKind, Record<Table4Column, number>>;
  fees: FeeFigures;
}

export function figuresOf(r: {
  table2: Table2;
  table3: Table3;
  table4: Table4;
  fees: FeeFigures;
}): ReportFigures {
  return {
    table2: structuredClone(r.table2),
    table3: table3Counts(r.table3),
    table4: table4Counts(r.table4),
    fees: { ...r.fees },
  };
}

/** One cell whose figure the data would now give differently from the published report. */
export interface FigureChange {
  key: string;
  label: string;
  published: number | null;
  now: number | null;
}

const TABLE3_COLUMN_LABELS = (c: Table3Column) => (c === 'total' ? '总计' : APPLICANT_TYPES[c]);

/** Every cell of a report's figures, in the order the report shows them: key, label, value. */
function figureCells(f: ReportFigures): [string, string, number | null][] {
  const cells: [string, string, number | null][] = [];
  const t2 = f.table2;
  for (const [k, label] of [
    ['rules', '规章'],
    ['normativeDocuments', '行政规范性文件'],
  ] as const) {
    cells.push(
      [`table2.${k}.issued`, `表二 ${label} 本年制发件数`, t2[k].issued],
      [`table2.${k}.repealed`, `表二 ${label} 本年废止件数`, t2[k].repealed],
      [`table2.${k}.inForce`, `表二 ${label} 现行有效件数`, t2[k].inForce],
    );
  }
  cells.push(
    ['table2.licensing', '表二 行政许可 本年处理决定数量', t2.licensing],
    ['table2.penalties', '表二 行政处罚 本年处理决定数量', t2.penalties],
    ['table2.enforcement', '表二 行政强制 本年处理决定数量', t2.enforcement],
    ['table2.feesWanYuan', '表二 行政事业性收费 本年收费金额（万元）', t2.feesWanYuan],
  );
  for (const r of TABLE3_ROWS)
    for (const c of TABLE3_COLUMNS)
      cells.push([
        `table3.${r}.${c}`,
        `表三 ${TABLE3_LABELS[r]} · ${TABLE3_COLUMN_LABELS(c)}`,
        f.table3[r]?.[c] ?? null,
      ]);
  for (const g of TABLE4_GROUPS)
    for (const c of TABLE4_COLUMNS)
      cells.push([
        `table4.${g}.${c}`,
        `表四 ${TABLE4_GROUP_LABELS[g]} · ${TABLE4_COLUMN_LABELS[c]}`,
        f.table4[g]?.[c] ?? null,
      ]);
  cells.push(
    ['fees.noticesSent', '六 收费通知件数', f.fees.noticesSent],
    ['fees.noticesTotalFen', '六 通知收费金额（分）', f.fees.noticesTotalFen],
    ['fees.collectedFen', '六 实际收取金额（分）', f.fees.collectedFen],
  );
  return cells;
}

/** The cells where the figures computed now differ from the published ones (old → new), in report order. */
export function figureChanges(published: ReportFigures, now: ReportFigures): FigureChange[] {
  const current = new Map(figureCells(now).map(([k, , v]) => [k, v]));
  return figureCells(published)
    .filter(([k, , v]) => (current.get(k) ?? null) !== v)
    .map(([key, label, v]) => ({ key, label, published: v, now: current.get(key) ?? null }));
}

/**
 * The year a report page opens on, by today's Asia/Shanghai date: from January to March the year just
 * ended, whose reports are due now (31 January for an agency, 31 March for the government, 条例第四十九条);
 * from April the current year, still running (`running`: its figures are as of today).
 */
export function reportingYear(today: string): { year: number; running: boolean } {
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) <= 3 ? { year: year - 1, running: false } : { year, running: true };
}

/** The layouts of a past report that can be imported (the national format before and after its 2021 revision). */
export const PAST_FORMATS = {
  '2019': '2019 年版（2021 年修订前）',
  '2021': '2021 年版（国办公开办函〔2021〕30号）',
} as const;
export type PastFormat = keyof typeof PAST_FORMATS;
