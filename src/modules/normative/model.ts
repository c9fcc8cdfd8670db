/**
 * Pure rules of the normative-document library (行政规范性文件库): validity periods, the status
 * history, point-in-time resolution, expiry reminders, the 索引号 template and the interpretation
 * rate. No I/O.
 */
import { addDays } from '../../lib/time.ts';

/** 现行有效 / 已修改 / 已废止 / 已失效, plus 尚未施行 for dates before the effective date. */
export const STATUSES = {
  pending: '尚未施行',
  in_force: '现行有效',
  amended: '已修改',
  repealed: '已废止',
  expired: '已失效',
} as const;
export type Status = keyof typeof STATUSES;
/** Statuses in which a document is in force (an amendment keeps it in force). */
export const IN_FORCE: readonly Status[] = ['in_force', 'amended'];
export const isInForce = (s: Status | null | undefined) => s != null && IN_FORCE.includes(s);

/** Kinds of history rows. Every change is a new row; rows are never updated. */
export const EVENT_KINDS = {
  registered: '登记施行',
  amended: '修改',
  repealed: '废止',
  expired: '有效期届满失效',
  renewed: '评估后延续有效期',
} as const;
export type EventKind = keyof typeof EVENT_KINDS;

/** One row of the status history. */
export interface StatusEvent {
  id: number;
  kind: EventKind;
  /** The legal date from which the change applies (Asia/Shanghai). */
  effectiveOn: string;
  /** For registered/renewed: last day of the validity period (inclusive), or null for no limit. */
  endsOn?: string | null;
  byDocumentId?: number | null;
  byDocNumber?: string | null;
  articles?: string | null;
  note?: string | null;
}

/** Relations between documents, shown on both sides. */
export const RELATION_KINDS = {
  amends: { forward: '修改', backward: '被修改' },
  repeals: { forward: '废止', backward: '被废止' },
  supersedes: { forward: '替代', backward: '被替代' },
} as const;
export type RelationKind = keyof typeof RELATION_KINDS;

// ---------------------------------------------------------------------------------------------
// Validity period (rules.md §6)

/** Default validity: 5 years; titles containing 试行 or 暂行: 2 years (rules.md §6). */
export function defaultValidityYears(title: string): number {
  return /试行|暂行/.test(title) ? 2 : 5;
}

/** Adds calendar years to a date; 29 February becomes 1 March in a year without it. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y + years, m - 1, d));
  return t.toISOString().slice(0, 10);
}

/** Adds calendar months; a day past the month's end is clamped to its last day (31 Aug − 6 months → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/**
 * Last day of the validity period: effective date + N years − 1 day (our reading of “有效期 N 年，
 * 自施行之日起计算”).施行 2022-03-01, 5 years → last day 2027-02-28; it expires at the end of that
 * day, Beijing time, and is no longer in force from 2027-03-01 00:00.
 */
export function validityEnd(effectiveOn: string, years: number): string {
  return addDays(addYears(effectiveOn, years), -1);
}

/** rules.md §6: the issuing org is reminded to evaluate 6 months before expiry. */
export function reminderDate(endsOn: string): string {
  return addMonths(endsOn, -6);
}

// ---------------------------------------------------------------------------------------------
// Point in time

export interface StatusPeriod {
  status: Exclude<Status, 'pending'>;
  /** First day of the period. */
  fromOn: string;
  /** First day after the period (exclusive); OPEN_END when it has not ended. */
  toOn: string;
  /** The history row that started it; null for an expiry that followed from the period's end date. */
  eventId: number | null;
}

/** The open end of a period: sorts after every real date, so `toOn > D` needs no null test. */
export const OPEN_END = '9999-12-31';

function orderEvents(events: StatusEvent[]): StatusEvent[] {
  return [...events].sort((a, b) =>
    a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : a.id - b.id,
  );
}

/**
 * The status periods of one document from its history. Events apply in order of effective date
 * (then of recording). A document in force whose period ends is expired from the day after its
 * last day, whether or not the expiry job has written its row yet — so the answer for a date never
 * depends on when the job ran.
 */
export function statusPeriods(events: StatusEvent[]): StatusPeriod[] {
  const transitions: { date: string; status: StatusPeriod['status']; eventId: number | null }[] = [];
  let status: StatusPeriod['status'] | null = null;
  let endsOn: string | null = null;
  const implicitExpiryBefore = (date: string | null) => {
    if (status && isInForce(status) && endsOn && (date === null || date > endsOn)) {
      status = 'expired';
      // Never before the last change (a period that ended before it began expires at once).
      const last = transitions[transitions.length - 1]?.date ?? '';
      const day = addDays(endsOn, 1);
      transitions.push({ date: day > last ? day : last, status, eventId: null });
    }
  };
  for (const e of orderEvents(events)) {
    implicitExpiryBefore(e.effectiveOn);
    switch (e.kind) {
      case 'registered':
        status = 'in_force';
        endsOn = e.endsOn ?? null;
        break;
      case 'renewed':
        status = status === 'amended' ? 'amended' : 'in_force';
        endsOn = e.endsOn ?? null;
        break;
      case 'amended':
        if (status === null) continue; // an amendment before registration changes nothing
        status = status === 'in_force' || status === 'amended' ? 'amended' : status;
        break;
      case 'repealed':
        status = 'repealed';
        break;
      case 'expired':
        status = 'expired';
        break;
    }
    transitions.push({ date: e.effectiveOn, status, eventId: e.id });
  }
  implicitExpiryBefore(null);
  const periods: StatusPeriod[] = [];
  for (let i = 0; i < transitions.length; i++) {
    const t = transitions[i];
    const toOn = transitions[i + 1]?.date ?? OPEN_END;
    if (t.date >= toOn) continue; // superseded the same day
    const prev = periods[periods.length - 1];
    if (prev && prev.status === t.status && prev.toOn === t.date && t.eventId === null) {
      prev.toOn = toOn;
      continue;
    }
    periods.push({ status: t.status, fromOn: t.date, toOn, eventId: t.eventId });
  }
  return periods;
}

/** Merged spans during which a document is in force (in_force and amended periods joined). */
export function forceSpans(periods: StatusPeriod[]): { fromOn: string; toOn: string }[] {
  const out: { fromOn: string; toOn: string }[] = [];
  for (const p of periods) {
    if (!isInForce(p.status)) continue;
    const last = out[out.length - 1];
    if (last && last.toOn === p.fromOn) last.toOn = p.toOn;
    else out.push({ fromOn: p.fromOn, toOn: p.toOn });
  }
  return out;
}

/** Calendar years a span [fromOn, toOn) overlaps; [0] for a span with no end (OPEN_END). */
export function spanBuckets(span: { fromOn: string; toOn: string }): number[] {
  if (span.toOn === OPEN_END) return [0];
  const first = Number(span.fromOn.slice(0, 4));
  const last = Number(addDays(span.toOn, -1).slice(0, 4));
  const years = [];
  for (let y = first; y <= last; y++) years.push(y);
  return years;
}

export interface StatusOnDate {
  status: Status;
  /** First day of this status; null while pending. */
  since: string | null;
  eventId: number | null;
}

/** A document's status on a legal date D (Asia/Shanghai). In force on D ⇔ status in_force or amended. */
export function statusOn(events: StatusEvent[], date: string): StatusOnDate {
  for (const p of statusPeriods(events)) {
    if (p.fromOn <= date && date < p.toOn) return { status: p.status, since: p.fromOn, eventId: p.eventId };
  }
  return { status: 'pending', since: null, eventId: null };
}

// ---------------------------------------------------------------------------------------------
// The annual report's 表二, 第二十条第（一）项 — rules.md §4, "表二's normative rows, our convention"

/** A library document as the annual report counts it. */
export interface ReportDocument {
  id: number;
  /** 主办 (lead) issuing org; joint issuers are not counted (rules.md §4). */
  leadOrgId: number;
  /** 成文日期 — the issue date 本年制发 follows (not the publication date). */
  writtenOn: string;
  periods: StatusPeriod[];
}

export const TABLE2_CELLS = {
  issued: '本年制发件数',
  repealed: '本年废止件数',
  inForce: '现行有效件数',
} as const;
export type Table2Cell = keyof typeof TABLE2_CELLS;

/** rules.md §4: 本年制发 — the issue date (成文/印发日期) is in the year. */
export function issuedInYear(d: Pick<ReportDocument, 'writtenOn'>, year: number): boolean {
  return d.writtenOn >= `${year}-01-01` && d.writtenOn <= `${year}-12-31`;
}

/**
 * rules.md §4: 本年废止 — the day in the year on which a repeal (废止) took effect: where a 已废止
 * period begins after one that was not (a later history row while already repealed continues it),
 * or null. Expiry (已失效) and amendment (已修改) are not 废止.
 */
export function repealDateInYear(periods: readonly StatusPeriod[], year: number): string | null {
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i];
    if (p.status !== 'repealed' || periods[i - 1]?.status === 'repealed') continue;
    if (p.fromOn >= `${year}-01-01` && p.fromOn <= `${year}-12-31`) return p.fromOn;
  }
  return null;
}

/** rules.md §4: 本年废止 — a repeal took effect in the year (repealDateInYear). */
export function repealedInYear(periods: readonly StatusPeriod[], year: number): boolean {
  return repealDateInYear(periods, year) != null;
}

/**
 * rules.md §4: 现行有效 — in force on 31 Dec of the year: effective on or before it and not repealed
 * or expired by then. Effective from 1 January of the next year: not yet; validity ending on
 * 31 Dec: still in force (it expires at the end of that day, statusPeriods).
 */
export function inForceAtYearEnd(periods: readonly StatusPeriod[], year: number): boolean {
  const end = `${year}-12-31`;
  return periods.some((p) => isInForce(p.status) && p.fromOn <= end && end < p.toOn);
}

/**
 * The documents behind each normative cell of 表二 for the orgs of a report (an org, or an org and
 * those below it): counted for the lead org only, so a joint document counts once, for its 主办
 * org, and never again for the co-issuers (rules.md §4).
 */
export function table2Cells(
  docs: readonly ReportDocument[],
  orgIds: readonly number[],
  year: number,
): Record<Table2Cell, number[]> {
  const out: Record<Table2Cell, number[]> = { issued: [], repealed: [], inForce: [] };
  const orgs = new Set(orgIds);
  for (const d of docs) {
    if (!orgs.has(d.leadOrgId)) continue;
    if (issuedInYear(d, year)) out.issued.push(d.id);
    if (repealedInYear(d.periods, year)) out.repealed.push(d.id);
    if (inForceAtYearEnd(d.periods, year)) out.inForce.push(d.id);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 索引号 (rules.md §6: no national format; configurable, default `{orgCode}/{year}-{seq:5}`)

export const DEFAULT_INDEX_TEMPLATE = '{orgCode}/{year}-{seq:5}';

/** Why a template cannot be used, or null. It must contain {seq} or {seq:N} so numbers are unique. */
export function indexTemplateProblem(template: string): string | null {
  if (!template.trim()) return '请填写索引号模板';
  if (template.length > 100) return '索引号模板过长';
  if (!/\{seq(:\d)?\}/.test(template)) return '索引号模板必须包含序号 {seq} 或 {seq:N}（N 为位数）';
  const unknown = template.match(/\{[^}]*\}/g)?.find((t) => !/^\{(orgCode|year|seq(:\d)?)\}$/.test(t));
  if (unknown) return `索引号模板中的 ${unknown} 无法识别，可用 {orgCode}、{year}、{seq}、{seq:N}`;
  return null;
}

/**
 * Which counter a template's {seq} runs on, so that every number the template yields is unique: the
 * sequence restarts per org only when the template shows {orgCode}, and per year only when it shows
 * {year}. (A template `HGT-{year}-{seq}` numbers all orgs from one counter; `{orgCode}-{seq}` never
 * restarts.) The counter row is keyed by (orgCode, year), with '*' and 0 for "not part of the number".
 */
export function indexSeqScope(
  template: string,
  v: { orgCode: string; year: number },
): { orgCode: string; year: number } {
  return {
    orgCode: template.includes('{orgCode}') ? v.orgCode : '*',
    year: template.includes('{year}') ? v.year : 0,
  };
}

/** Fills the template: {orgCode}, {year}, {seq} or {seq:N} (zero-padded to N digits). */
export function formatIndexNumber(
  template: string,
  v: { orgCode: string; year: number; seq: number },
): string {
  return template
    .replace(/\{orgCode\}/g, v.orgCode)
    .replace(/\{year\}/g, String(v.year))
    .replace(/\{seq(?::(\d))?\}/g, (_m, n?: string) => String(v.seq).padStart(n ? Number(n) : 0, '0'));
}

// ---------------------------------------------------------------------------------------------
// Interpretation (rules.md §5)

/** The seven points and the forms (rules.md §5): the one list shared with publishing. */
export { INTERPRETATION_FORMS, KEY_POINT_KEYS, KEY_POINTS } from '../../lib/interpretation.ts';
export type { InterpretationForm, KeyPoint } from '../../lib/interpretation.ts';

/** rules.md §5: the 2022 target interpretation rate. */
export const INTERPRETATION_TARGET = 0.9;

export interface RateDocument {
  id: number;
  publishedOn: string;
}
export interface RateInterpretation {
  documentId: number;
  publishedOn: string;
}

export interface InterpretationRate {
  total: number;
  interpreted: number;
  /** interpreted ÷ total; null when there is nothing to interpret. */
  rate: number | null;
  /** Documents without any published interpretation. */
  missing: number[];
  /** Documents whose first interpretation came after the document (not 同步). */
  late: number[];
}

/**
 * rules.md §5: 解读率 = documents needing interpretation with ≥ 1 published interpretation ÷ all
 * such documents. An interpretation published on or before the document's publication day is 同步;
 * a document whose first interpretation is later is counted as interpreted and flagged late.
 */
export function interpretationRate(docs: RateDocument[], interps: RateInterpretation[]): InterpretationRate {
  const first = new Map<number, string>();
  for (const i of interps) {
    const prev = first.get(i.documentId);
    if (!prev || i.publishedOn < prev) first.set(i.documentId, i.publishedOn);
  }
  const missing: number[] = [];
  const late: number[] = [];
  for (const d of docs) {
    const f = first.get(d.id);
    if (!f) missing.push(d.id);
    else if (f > d.publishedOn) late.push(d.id);
  }
  const interpreted = docs.length - missing.length;
  return {
    total: docs.length,
    interpreted,
    rate: docs.length ? interpreted / docs.length : null,
    missing,
    late,
  };
}

/** An interpretation is late when published after its document (not 同步, rules.md §5). */
export const isLateInterpretation = (docPublishedOn: string | null, interpPublishedOn: string) =>
  docPublishedOn != null && interpPublishedOn > docPublishedOn;

/** 90.0% style, or — when there is nothing to count. */
export function formatRate(rate: number | null): string {
  return rate == null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** 主题分类 (the State Council's 公文主题分类, first level). */
export const SUBJECTS = [
  '综合政务',
  '国民经济管理、国有资产监管',
  '财政、金融、审计',
  '国土资源、能源',
  '农业、林业、水利',
  '工业、交通',
  '商贸、海关、旅游',
  '市场监管、安全生产监管',
  '城乡建设、环境保护',
  '科技、教育',
  '文化、广电、新闻出版',
  '卫生、体育',
  '人口与计划生育、妇女儿童工作',
  '劳动、人事、监察',
  '公安、安全、司法',
  '民政、扶贫、救灾',
  '其他',
] as const;

/** Import columns (headings in the first row; order free). * = required. */
export const IMPORT_COLUMNS = {
  docNumber: '文号',
  title: '标题',
  orgs: '制发机关',
  writtenOn: '成文日期',
  publishedOn: '发布日期',
  effectiveOn: '施行日期',
  validityYears: '有效期（年）',
  registrationNumber: '登记号',
  subject: '主题分类',
  status: '状态',
  statusOn: '状态日期',
  byDocNumber: '修改或废止文件文号',
  articles: '修改条款',
  body: '全文',
} as const;
