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
import { addDays, isIsoDate } from '../../lib/time.ts';

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

// ───────────────────────────── 公开时限 ─────────────────────────────

/**
 * A parsed 公开时限:
 * - after_event: within `days` (working or calendar) days after the information is made or changed
 *   (条例第二十六条 wording: 信息形成或者变更之日起20个工作日内);
 * - periodic: once per year / half year / quarter / month, due `dueDay`/`dueMonth` or `offset` days after
 *   the period ends (每年3月底前, 每季度结束后15日内, 每月10日前, 次年6月底前);
 * - realtime: 实时、随时、即时 — kept up to date, no due date;
 * - standing: 长期、常态化 — kept available, once is enough.
 */
export type TimeRule =
  | { kind: 'after_event'; days: number; unit: 'working' | 'calendar' }
  | { kind: 'periodic'; every: 'year' | 'half' | 'quarter' | 'month'; due: PeriodDue }
  | { kind: 'realtime' }
  | { kind: 'standing' };

/** When a period's publication is due: by a date inside the period, at its end, or days after it ends. */
export type PeriodDue =
  | { at: 'end' }
  | { at: 'date'; month: number; day: number | 'end'; nextYear: boolean }
  | { at: 'day_of_month'; day: number }
  | { at: 'after_end'; days: number; unit: 'working' | 'calendar' };

/** How long a notice stays posted (“公示7个工作日”): said beside a time limit, never a deadline itself. */
export interface NoticePeriod {
  days: number;
  unit: 'working' | 'calendar';
}

export type TimeLimit =
  | { ok: true; text: string; rules: TimeRule[]; notice?: NoticePeriod }
  | { ok: false; text: string; reason: string };

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 二十 → 20, 十五 → 15, 七 → 7; undefined when not a small Chinese number. */
function cnNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(s)) return undefined;
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    if (ch === '百') {
      total += (cur || 1) * 100;
      cur = 0;
    } else if (ch === '十') {
      total += (cur || 1) * 10;
      cur = 0;
    } else cur = CN_DIGITS[ch];
  }
  return total + cur;
}

/** Full-width digits and brackets to ASCII, Chinese numbers before units to digits, no spaces. */
export function normalizeLimitText(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/([零〇一二两三四五六七八九十百]+)(?=个?(?:工作日|自然日|日|天|月|季度))/g, (m) =>
      String(cnNumber(m) ?? m),
    )
    .replace(/第([一二三四])(?=季度)/g, (_, d: string) => `第${CN_DIGITS[d]}`);
}

const UNIT = (u: string): 'working' | 'calendar' => (u === '工作日' ? 'working' : 'calendar');
const QUARTER_END: Record<number, [number, number]> = { 1: [3, 31], 2: [6, 30], 3: [9, 30], 4: [12, 31] };

function parseClause(c: string): TimeRule | string {
  if (/^(实时|即时|随时)/.test(c) || /^(实时|即时|随时)(公开|更新|发布)?$/.test(c))
    return { kind: 'realtime' };
  if (/^(长期|常态化|常年|持续)(公开|公示|有效)?$/.test(c)) return { kind: 'standing' };
  let m: RegExpExecArray | null;
  // Periodic first: "每季度结束后15日内" must not read as an event rule.
  if (
    (m = /^(?:每|逐)?(?:个)?(季度|月|半年)(?:结束|终了)后(\d{1,3})个?(工作日|自然日|日|天)内?/.exec(c)) ||
    (m = /^按(季度|月|半年)(?:结束|终了)后(\d{1,3})个?(工作日|自然日|日|天)内?/.exec(c))
  ) {
    const every = m[1] === '季度' ? 'quarter' : m[1] === '月' ? 'month' : 'half';
    return { kind: 'periodic', every, due: { at: 'after_end', days: Number(m[2]), unit: UNIT(m[3]) } };
  }
  if ((m = /^每(?:个)?月(\d{1,2})日(?:前|之前|以前)/.exec(c))) {
    const day = Number(m[1]);
    if (day < 1 || day > 28) return `“${c}”中的日期不是每个月都有`;
    return { kind: 'periodic', every: 'month', due: { at: 'day_of_month', day } };
  }
  if (/^(每(个)?月|按月)(公开|公布|更新|发布)?(一次)?$/.test(c))
    return { kind: 'periodic', every: 'month', due: { at: 'end' } };
  if (/^(每(个)?季度|按季度?)(公开|公布|更新|发布)?(一次)?$/.test(c))
    return { kind: 'periodic', every: 'quarter', due: { at: 'end' } };
  if (/^(每半年|按半年)(公开|公布|更新|发布)?(一次)?$/.test(c))
    return { kind: 'periodic', every: 'half', due: { at: 'end' } };
  if ((m = /^(每年|次年|年度结束后次年)(\d{1,2})月(?:(\d{1,2})日|(底|末))?(?:前|之前|以前|内)/.exec(c))) {
    const month = Number(m[2]);
    const day = m[3] ? Number(m[3]) : 'end';
    if (
      month < 1 ||
      month > 12 ||
      (day !== 'end' && !isIsoDate(`2023-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`))
    )
      return `“${c}”中的日期无效`;
    return { kind: 'periodic', every: 'year', due: { at: 'date', month, day, nextYear: m[1] !== '每年' } };
  }
  if ((m = /^每年第([1-4])季度(?:前|之前|内|末前)?/.exec(c))) {
    const [month, day] = QUARTER_END[Number(m[1])];
    return { kind: 'periodic', every: 'year', due: { at: 'date', month, day, nextYear: false } };
  }
  if (/^每年(年底|年末)(前|之前)?/.test(c))
    return { kind: 'periodic', every: 'year', due: { at: 'date', month: 12, day: 31, nextYear: false } };
  if (/^每年(上半年|年中)(前|之前|内)?/.test(c))
    return { kind: 'periodic', every: 'year', due: { at: 'date', month: 6, day: 30, nextYear: false } };
  if (/^(每年|按年度?)(公开|公布|更新|发布)?(一次)?$/.test(c))
    return { kind: 'periodic', every: 'year', due: { at: 'end' } };
  // An event: "信息形成或变更之日起20个工作日内", "形成后20个工作日内", "自作出决定之日起7日内", or a bare "20个工作日内".
  if (
    (m =
      /(?:之日起|之日后|起|后|^)(?:的)?(\d{1,3})个?(工作日|自然日|日|天)(?:内|以内|之内)(?:予以)?(?:公开|公布|公示|发布|更新)?$/.exec(
        c,
      ))
  ) {
    const days = Number(m[1]);
    if (days < 1) return `“${c}”的天数无效`;
    return { kind: 'after_event', days, unit: UNIT(m[2]) };
  }
  return `“${c}”不是可识别的公开时限写法`;
}

// A notice period: “公示7个工作日”, “公示期不少于5天”, “张榜公示7日”.
const NOTICE = /^(?:张榜|公开)?公示(?:期|时间)?(?:为|不少于|不得少于)?(\d{1,3})个?(工作日|自然日|日|天)$/;

/**
 * Parses a 公开时限 into rules. A notice period beside them (“公示7个工作日”) is kept apart. Every clause (split on ；。，) must be understood, or the whole text is
 * kept as written and reported — a time limit is never guessed.
 */
export function parseTimeLimit(text: string): TimeLimit {
  const norm = normalizeLimitText(text ?? '');
  if (!norm) return { ok: false, text, reason: '公开时限为空' };
  const clauses = norm
    .split(/[；;。，,]/)
    .map((c) => c.replace(/^(并|且|或|及)/, ''))
    .filter(Boolean);
  if (!clauses.length) return { ok: false, text, reason: '公开时限为空' };
  const rules: TimeRule[] = [];
  let notice: NoticePeriod | undefined;
  for (const c of clauses) {
    const n = NOTICE.exec(c);
    if (n && !notice) {
      notice = { days: Number(n[1]), unit: UNIT(n[2]) };
      continue;
    }
    const r = parseClause(c);
    if (typeof r === 'string') return { ok: false, text, reason: r };
    rules.push(r);
  }
  if (!rules.length) return { ok: false, text, reason: '只写了公示期长短，没有公开时限' };
  return notice ? { ok: true, text, rules, notice } : { ok: true, text, rules };
}

/** The rule in words, to show beside the original text. */
export function describeRule(r: TimeRule): string {
  const unit = (u: 'working' | 'calendar') => (u === 'working' ? '个工作日' : '日');
  switch (r.kind) {
    case 'after_event':
      return `信息形成或变更后 ${r.days} ${unit(r.unit)}内`;
    case 'realtime':
      return '实时更新（无固定期限）';
    case 'standing':
      return '长期公开（公开一次并保持可查）';
    case 'periodic': {
      const every = { year: '每年', half: '每半年', quarter: '每季度', month: '每月' }[r.every];
      const d = r.due;
      if (d.at === 'end') return `${every}一次，期末前`;
      if (d.at === 'day_of_month') return `${every}一次，${d.day}日前`;
      if (d.at === 'after_end') return `${every}一次，期满后 ${d.days} ${unit(d.unit)}内`;
      return `${d.nextYear ? '次年' : '每年'}${d.month}月${d.day === 'end' ? '底' : `${d.day}日`}前`;
    }
  }
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
