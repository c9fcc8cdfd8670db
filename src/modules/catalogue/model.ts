/**
 * 基层政务公开标准目录, pure rules: the entry fields of the standard table, the 公开时限 parser, and
 * how an entry's publications add up to coverage and timeliness for a year. No I/O here.
 *
 * Basis: the 26 domain guidelines (基层政务公开标准指引) the ministries issued in 2019 under 国办发〔2017〕42号
 * (the pilot programme; e.g. 民办函〔2019〕52号 for 社会救助 and 养老服务), whose catalogues all use the columns
 * below, and 国务院办公厅《关于全面推进基层政务公开标准化规范化工作的指导意见》(国办发〔2019〕54号), which has
 * every county carry them out;
 * 条例第二十六条 for the default 20-working-day limit.
 */
import { addDays } from '../../lib/time.ts';
import { describeRule, parseTimeLimit, type TimeLimit, type TimeRule } from './time-limit.ts';

export * from './time-limit.ts';

export const AUDIENCES = { all: '全社会', specific: '特定群体' } as const;
export type Audience = keyof typeof AUDIENCES;
export const MODES = { proactive: '主动', on_request: '依申请' } as const;
export type Mode = keyof typeof MODES;
export const LEVELS = { county: '县级', township: '乡级' } as const;
export type Level = keyof typeof LEVELS;

/** A catalogue for a 乡镇/街道 (the standard catalogue) or a village/community (村务/居务公开). */
export const SCOPES = { township: '基层政务公开标准目录', village: '村（居）务公开目录' } as const;
export type Scope = keyof typeof SCOPES;

/** Channels the guidelines name (公开渠道和载体); entries may name others. */
export const CHANNELS = [
  '政府网站',
  '政务新媒体',
  '公开栏',
  '村务公开栏',
  '居务公开栏',
  '便民服务站',
  '政务服务中心',
  '公开查阅点',
  '入户/现场',
  '广播电视',
  '报刊',
  '其他',
] as const;
/** Channels with no web page: a township records each posting with a photo and date. */
export const OFFLINE_CHANNELS = [
  '公开栏',
  '村务公开栏',
  '居务公开栏',
  '便民服务站',
  '入户/现场',
  '公开查阅点',
] as const;

/** The fields of one row of the standard table (序号 is the entry's position). */
export interface EntryFields {
  domain: string;
  item1: string;
  item2: string;
  content: string;
  basis: string;
  timeLimit: string;
  subject: string;
  channels: string[];
  audience: Audience[];
  mode: Mode[];
  level: Level[];
  /**
   * 待核对: the row was not confirmed by a government copy of the guideline (low confidence, or only
   * its 一级事项 is known), so the office should check it against its province's version. Absent = false.
   */
  toCheck?: boolean;
}

/** How a row not confirmed by a government copy is shown, in pages and exports. */
export const TO_CHECK = '待核对';

/** 一级事项·二级事项, as lists and notices name an entry. */
export const entryName = (e: Pick<EntryFields, 'item1' | 'item2'>) =>
  `${e.item1}${e.item2 ? `·${e.item2}` : ''}`;

/** How far a template row can be trusted (可信度 of the reference copies; '' = not graded, e.g. the office's own rows). */
export const CONFIDENCES = {
  high: '高',
  medium_high: '中高',
  medium: '中',
  medium_low: '中低',
  low: '低',
  name_only: '仅知一级事项名称',
} as const;
export type Confidence = keyof typeof CONFIDENCES;

/** A copy of the guideline's table that supports a row: its name and address, and whether it is a government site. */
export interface Witness {
  name: string;
  url: string;
  /** A .gov.cn page (a government copy); false for mirror sites, news reports and other non-government copies. */
  government: boolean;
}

/**
 * Whether a shipped row must be shown as 待核对: confidence below 中 (中低, 低, or only the 一级事项 name
 * known), or no government copy supports it. Mirror sites count only where a .gov.cn copy agrees.
 */
export const needsCheck = (confidence: Confidence | '', witnesses: Witness[]): boolean =>
  confidence === 'medium_low' ||
  confidence === 'low' ||
  confidence === 'name_only' ||
  (confidence !== '' && !witnesses.some((w) => w.government));

export interface CatalogueEntry extends EntryFields {
  id: number;
  catalogueId: number;
  seq: number;
  templateEntryId: number | null;
  /** Content item kinds that fulfil it ([] = any kind published into a mapped column). */
  itemKinds: string[];
  /** Content columns that fulfil it. */
  columnIds: number[];
}

export interface Catalogue {
  id: number;
  orgId: number;
  year: number;
  title: string;
  scope: Scope;
  notes: string;
  isSample: boolean;
}

export interface TemplateEntry extends EntryFields {
  id: number;
  scope: Scope;
  seq: number;
  source: string;
  isSample: boolean;
  toCheck: boolean;
  /** 可信度 of a shipped row ('' for rows the office made or replaced from its province's file). */
  confidence: Confidence | '';
  /** 可信度 as the reference notes word it (which copies agree on what). */
  confidenceNote: string;
  witnesses: Witness[];
  /** 备注: what differs between the copies, which cells were filled in without a copy. */
  note: string;
  /** Shipped with the software (and not replaced since) rather than added by the office. */
  shipped: boolean;
  /** The office changed this shipped row (upgrades keep it). */
  edited: boolean;
}

const LIMITS: Record<Exclude<keyof EntryFields, 'toCheck'>, number> = {
  domain: 40,
  item1: 100,
  item2: 100,
  content: 2000,
  basis: 2000,
  timeLimit: 200,
  subject: 200,
  channels: 20,
  audience: 2,
  mode: 2,
  level: 2,
};

/** Field problems of an entry, keyed by field, in Chinese; {} when valid. */
export function entryProblems(e: EntryFields): Record<string, string> {
  const p: Record<string, string> = {};
  const need: [keyof EntryFields, string][] = [
    ['domain', '请填写领域'],
    ['item1', '请填写一级事项'],
    ['content', '请填写公开内容（要素）'],
    ['timeLimit', '请填写公开时限'],
    ['subject', '请填写公开主体'],
  ];
  for (const [k, msg] of need) if (!String(e[k] ?? '').trim()) p[k] = msg;
  for (const k of ['domain', 'item1', 'item2', 'content', 'basis', 'timeLimit', 'subject'] as const) {
    if (!p[k] && String(e[k] ?? '').length > LIMITS[k]) p[k] = `不超过 ${LIMITS[k]} 字`;
  }
  if (!e.channels?.length) p.channels = '请至少选择一个公开渠道和载体';
  else if (e.channels.length > LIMITS.channels || e.channels.some((c) => !c.trim() || c.length > 30))
    p.channels = '公开渠道名称有误';
  if (!e.audience?.length || e.audience.some((a) => !(a in AUDIENCES)))
    p.audience = '请选择公开对象（全社会或特定群体）';
  if (!e.mode?.length || e.mode.some((m) => !(m in MODES))) p.mode = '请选择公开方式（主动或依申请）';
  if (!e.level?.length || e.level.some((l) => !(l in LEVELS))) p.level = '请选择公开层级（县级或乡级）';
  return p;
}

// ───────────────────────────── coverage and timeliness ─────────────────────────────

/** What the rules need from the working-day calendar (calendar module's WorkingCalendar has both). */
export interface DayCounter {
  /** The n-th working day after `date`. */
  addWorkingDays(date: string, n: number): string;
  /** Working days in (from, to]. */
  workingDaysBetween(from: string, to: string): number;
}

/** What the coverage rules read from a publication. */
export interface PublicationDates {
  id: number;
  formedOn: string | null;
  publishedOn: string;
}

export interface Publication extends PublicationDates {
  source: 'online' | 'offline';
  title: string;
  url: string | null;
}

export interface Period {
  label: string;
  /** First day a publication counts for this period. */
  opens: string;
  due: string;
}

export type PeriodState = 'on_time' | 'late' | 'missing' | 'pending';

export interface PeriodStatus extends Period {
  state: PeriodState;
  publishedOn: string | null;
}

export type EntryState = 'fulfilled' | 'late' | 'missing' | 'pending';
export type Timeliness = 'on_time' | 'late' | 'unknown' | 'not_applicable';

export const ENTRY_STATES: Record<EntryState, string> = {
  fulfilled: '已按时公开',
  late: '已公开但逾期',
  missing: '未公开',
  pending: '尚未到期',
};
export const TIMELINESS: Record<Timeliness, string> = {
  on_time: '按时',
  late: '逾期',
  unknown: '无法判断',
  not_applicable: '不适用',
};
export const PERIOD_STATES: Record<PeriodState, string> = {
  on_time: '按时',
  late: '逾期',
  missing: '未公开',
  pending: '未到期',
};

export interface EntryStatus<P extends PublicationDates = Publication> {
  state: EntryState;
  /** Fulfilled this period: published in every period due so far (or at least once in the year). */
  fulfilled: boolean;
  timeliness: Timeliness;
  rule: TimeLimit;
  periods: PeriodStatus[];
  /** Publications that count for the year, each with its deadline and whether it met it. */
  publications: (P & { deadline: string | null; onTime: boolean | null })[];
  lastPublished: string | null;
  /** The next due date still open, if any. */
  nextDue: string | null;
  /** What is due next, in words. */
  dueText: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthEnd = (y: number, m: number) =>
  addDays(`${m === 12 ? y + 1 : y}-${pad(m === 12 ? 1 : m + 1)}-01`, -1);

/** Adds days in the rule's unit (working days on the calendar). */
const after = (cal: DayCounter, date: string, days: number, unit: 'working' | 'calendar') =>
  unit === 'working' ? cal.addWorkingDays(date, days) : addDays(date, days);

/** The periods of a periodic rule in `year`, with the window in which a publication counts for each. */
export function periodsOf(
  rule: Extract<TimeRule, { kind: 'periodic' }>,
  year: number,
  cal: DayCounter,
): Period[] {
  const spans: { label: string; start: string; end: string }[] = [];
  if (rule.every === 'year')
    spans.push({ label: `${year}年度`, start: `${year}-01-01`, end: `${year}-12-31` });
  if (rule.every === 'half')
    spans.push(
      { label: `${year}年上半年`, start: `${year}-01-01`, end: `${year}-06-30` },
      { label: `${year}年下半年`, start: `${year}-07-01`, end: `${year}-12-31` },
    );
  if (rule.every === 'quarter')
    for (let q = 1; q <= 4; q++)
      spans.push({
        label: `${year}年第${q}季度`,
        start: `${year}-${pad(q * 3 - 2)}-01`,
        end: monthEnd(year, q * 3),
      });
  if (rule.every === 'month')
    for (let m = 1; m <= 12; m++)
      spans.push({ label: `${year}年${m}月`, start: `${year}-${pad(m)}-01`, end: monthEnd(year, m) });
  const d = rule.due;
  return spans.map((s) => {
    if (d.at === 'end') return { label: s.label, opens: s.start, due: s.end };
    if (d.at === 'day_of_month')
      return { label: s.label, opens: s.start, due: `${s.start.slice(0, 8)}${pad(d.day)}` };
    if (d.at === 'after_end')
      return { label: s.label, opens: addDays(s.end, 1), due: after(cal, s.end, d.days, d.unit) };
    const y = d.nextYear ? year + 1 : year;
    return {
      label: s.label,
      opens: d.nextYear ? `${y}-01-01` : s.start,
      due: d.day === 'end' ? monthEnd(y, d.month) : `${y}-${pad(d.month)}-${pad(d.day)}`,
    };
  });
}

/**
 * An entry's status for a year as of `today`, from its publications. Periodic entries: each period's
 * window runs from when it opens until the next period opens; a publication in the window is on time
 * up to the due date, late after it; a period whose due date has passed with none is missing. Other
 * entries: fulfilled by any publication in the year (standing ones: any up to the year's end); event
 * rules check each publication against its formation date + the limit on the working-day calendar.
 */
export function entryStatus<P extends PublicationDates = Publication>(
  timeLimit: string,
  pubs: P[],
  year: number,
  today: string,
  cal: DayCounter,
): EntryStatus<P> {
  return statusFromPlan(planYear(timeLimit, year, cal), pubs, today, cal);
}

/** What an entry's time limit means for one year, independent of its publications (shared by entries with the same wording). */
export interface YearPlan {
  timeLimit: string;
  year: number;
  rule: TimeLimit;
  rules: TimeRule[];
  periodic: Extract<TimeRule, { kind: 'periodic' }> | undefined;
  event: Extract<TimeRule, { kind: 'after_event' }> | undefined;
  standing: boolean;
  /** Each period with the day its window closes (when the next period opens). */
  periods: (Period & { closes: string })[];
}

/** Parses the time limit and lays out the year's periods (the costly, publication-independent part of entryStatus). */
export function planYear(timeLimit: string, year: number, cal: DayCounter): YearPlan {
  const rule = parseTimeLimit(timeLimit);
  const rules = rule.ok ? rule.rules : [];
  const periodic = rules.find((r): r is Extract<TimeRule, { kind: 'periodic' }> => r.kind === 'periodic');
  const event = rules.find((r): r is Extract<TimeRule, { kind: 'after_event' }> => r.kind === 'after_event');
  const standing = rules.some((r) => r.kind === 'standing');
  let periods: YearPlan['periods'] = [];
  if (periodic) {
    const list = periodsOf(periodic, year, cal);
    const nextOpens = periodsOf(periodic, year + 1, cal)[0].opens;
    periods = list.map((p, i) => ({ ...p, closes: i + 1 < list.length ? list[i + 1].opens : nextOpens }));
  }
  return { timeLimit, year, rule, rules, periodic, event, standing, periods };
}

/** entryStatus from a plan made by planYear (lists of many entries plan each wording and year once). */
export function statusFromPlan<P extends PublicationDates>(
  plan: YearPlan,
  pubs: P[],
  today: string,
  cal: DayCounter,
): EntryStatus<P> {
  const { timeLimit, year, rule, rules, periodic, event, standing } = plan;
  // As of `today`: a publication dated later (a back-dated view) does not count yet.
  const sorted = pubs
    .filter((p) => p.publishedOn <= today)
    // Plain comparison: ISO dates sort as strings, and localeCompare (ICU collation) was most of the overview's time.
    .sort((a, b) => (a.publishedOn < b.publishedOn ? -1 : a.publishedOn > b.publishedOn ? 1 : a.id - b.id));
  const yearEnd = `${year}-12-31`;
  const periods: PeriodStatus[] = [];
  let counted: typeof sorted;
  if (periodic) {
    counted = [];
    for (const { closes, ...p } of plan.periods) {
      const inWindow = sorted.filter((x) => x.publishedOn >= p.opens && x.publishedOn < closes);
      counted.push(...inWindow);
      const first = inWindow[0]?.publishedOn ?? null;
      const state: PeriodState = first
        ? first <= p.due
          ? 'on_time'
          : 'late'
        : p.due < today
          ? 'missing'
          : 'pending';
      periods.push({ ...p, state, publishedOn: first });
    }
  } else
    counted = sorted.filter(
      (x) => x.publishedOn <= yearEnd && (standing || x.publishedOn >= `${year}-01-01`),
    );

  const publications = counted.map((p) => {
    const deadline = event && p.formedOn ? after(cal, p.formedOn, event.days, event.unit) : null;
    return { ...p, deadline, onTime: deadline ? p.publishedOn <= deadline : null };
  });
  const lastPublished = counted.length ? counted[counted.length - 1].publishedOn : null;

  let fulfilled: boolean;
  let pending = false;
  if (periodic) {
    const due = periods.filter((p) => p.state !== 'pending');
    fulfilled = due.length > 0 && due.every((p) => p.state !== 'missing');
    pending = due.length === 0;
  } else fulfilled = counted.length > 0;

  const lateSeen = periods.some((p) => p.state === 'late') || publications.some((p) => p.onTime === false);
  const assessed = periods.some((p) => p.state === 'on_time') || publications.some((p) => p.onTime === true);
  const timeliness: Timeliness = !rule.ok
    ? 'unknown'
    : lateSeen
      ? 'late'
      : assessed
        ? 'on_time'
        : !periodic && !event
          ? 'not_applicable'
          : 'unknown';

  const state: EntryState = fulfilled
    ? timeliness === 'late'
      ? 'late'
      : 'fulfilled'
    : pending
      ? 'pending'
      : 'missing';
  const open = periods.find((p) => p.state === 'pending');
  const nextDue = open?.due ?? null;
  let dueText: string;
  if (!rule.ok) dueText = `公开时限“${timeLimit}”未能识别，请人工确认`;
  else if (open) dueText = `${open.label}：${open.due} 前（${describeRule(periodic!)}）`;
  else if (periodic) dueText = `本年度各期均已到期（${describeRule(periodic)}）`;
  else dueText = rules.map(describeRule).join('；');
  return { state, fulfilled, timeliness, rule, periods, publications, lastPublished, nextDue, dueText };
}

/** Counts of entries by state, and the coverage rate. */
export interface Coverage {
  due: number;
  fulfilled: number;
  late: number;
  missing: number;
  pending: number;
  rate: number | null;
}

/** Coverage = fulfilled ÷ entries that are due (entries whose first period is still ahead don't count yet). */
export function coverageOf(states: EntryState[]): Coverage {
  const count = (s: EntryState) => states.filter((x) => x === s).length;
  const fulfilled = count('fulfilled') + count('late');
  const due = states.length - count('pending');
  return {
    due,
    fulfilled,
    late: count('late'),
    missing: count('missing'),
    pending: count('pending'),
    rate: due ? fulfilled / due : null,
  };
}

/** Whether to remind about a period now: not yet published, due within `lead` working days (and not past). */
export function shouldRemind(p: PeriodStatus, today: string, cal: DayCounter, lead = 5): boolean {
  if (p.state !== 'pending' || p.due < today) return false;
  return cal.workingDaysBetween(today, p.due) <= lead;
}

/** A parsed ✓ cell of the standard table: ✓ √ ● 是 Y x count as ticked. */
export const isTick = (s: string) => /^(✓|√|✔|●|○?是|y|yes|x|X|1|☑)$/i.test(s.trim());
