/**
 * The Chinese working-day calendar: pure, IO-free arithmetic over the State Council's yearly
 * holiday notices (国务院办公厅关于部分节假日安排的通知).
 *
 * Working day = Monday–Friday, minus the notice's days off, plus its 调休 working weekends.
 * Sources, per year, in order: an administrator-entered notice (replaces the year entirely), the
 * built-in official data (npm package chinese-days, 2004–2026, checked against the notices in the
 * tests), else the fixed statutory holidays of 《全国年节及纪念日放假办法》 — and then every date in
 * that year is provisional (预估), because the real notice will move days around.
 *
 * Dates are `YYYY-MM-DD` strings (Asia/Shanghai legal dates); internally they become day numbers
 * (days since 1970-01-01) and each year's working days are cached as a bit array, so adding 20
 * working days costs a few dozen array reads.
 */
import chineseDays from 'chinese-days';

export interface YearNotice {
  year: number;
  daysOff: string[];
  workingWeekends: string[];
  source: string;
  /** Optional names of days (e.g. '2022-01-31' → '春节'), used in explanations. */
  names?: Record<string, string>;
}

/** Where a year's data comes from. */
export type CalendarSource = 'official' | 'admin' | 'statutory';

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parsed and formatted dates are memoised: a calendar works on a few thousand distinct dates. */
const NUMBER_OF = new Map<string, number>();
const DATE_OF = new Map<number, string>();
const MEMO_LIMIT = 200_000;

/** 'YYYY-MM-DD' → days since 1970-01-01; throws RangeError on anything that is not a real date. */
export function dayNumber(date: string): number {
  const hit = NUMBER_OF.get(date);
  if (hit !== undefined) return hit;
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`不是有效的日期：${date}`);
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  const d = new Date(t);
  if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3])
    throw new RangeError(`不是有效的日期：${date}`);
  const n = t / DAY_MS;
  if (NUMBER_OF.size < MEMO_LIMIT) NUMBER_OF.set(date, n);
  return n;
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
export function dateOfDay(n: number): string {
  const hit = DATE_OF.get(n);
  if (hit !== undefined) return hit;
  const s = new Date(n * DAY_MS).toISOString().slice(0, 10);
  if (DATE_OF.size < MEMO_LIMIT) DATE_OF.set(n, s);
  return s;
}

/** True when `s` is a real date written `YYYY-MM-DD` (years 1900–2199). */
export function isRealDate(s: string): boolean {
  try {
    dayNumber(s);
  } catch {
    return false;
  }
  const y = +s.slice(0, 4);
  return y >= 1900 && y <= 2199;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export const isWeekend = (date: string) => {
  const w = weekdayOf(date);
  return w === 0 || w === 6;
};

const WEEKDAY_CN = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
export const weekdayName = (date: string) => WEEKDAY_CN[weekdayOf(date)];

interface YearTable {
  year: number;
  /** Day number of 1 January. */
  start: number;
  /** 1 = working day, per day of the year. */
  working: Uint8Array;
  source: CalendarSource;
  notice: YearNotice;
}

export class WorkingCalendar {
  private readonly tables = new Map<number, YearTable>();

  constructor(
    private readonly official: Map<number, YearNotice>,
    private readonly overrides: Map<number, YearNotice> = new Map(),
  ) {}

  /** The notice that governs a year, and where it comes from. */
  noticeFor(year: number): { notice: YearNotice; source: CalendarSource } {
    const t = this.table(year);
    return { notice: t.notice, source: t.source };
  }

  /** Years with an administrator-entered notice. */
  adminYears(): number[] {
    return [...this.overrides.keys()].sort((a, b) => a - b);
  }

  /** True when the year has data from an official notice: built in, or entered by an administrator. */
  hasOfficialData(year: number): boolean {
    return this.official.has(year) || this.overrides.has(year);
  }

  /** True when the date's year has neither official data nor an admin notice (its days are estimated). */
  isProvisional(date: string): boolean {
    return !this.hasOfficialData(+date.slice(0, 4));
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(dayNumber(date));
  }

  /** The n-th working day AFTER `date` (the date itself is not counted); n = 0 returns `date`. */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数必须是非负整数：${n}`);
    let d = dayNumber(date);
    let left = n;
    while (left > 0) {
      d++;
      if (this.isWorkingDayNumber(d)) left--;
    }
    return dateOfDay(d);
  }

  /** The number of working days in (from, to]; negative (−count in (to, from]) when to < from. */
  workingDaysBetween(from: string, to: string): number {
    const a = dayNumber(from);
    const b = dayNumber(to);
    if (b < a) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let d = a + 1; d <= b; d++) if (this.isWorkingDayNumber(d)) count++;
    return count;
  }

  /** The first working day on or after `date` (民法典第二百零三条: a period ending on a holiday ends on the next working day). */
  nextWorkingDayOnOrAfter(date: string): string {
    let d = dayNumber(date);
    while (!this.isWorkingDayNumber(d)) d++;
    return dateOfDay(d);
  }

  /**
   * The days in (from, to] that differ from a plain Monday–Friday week: weekday days off and
   * working weekends, with their names — what an explanation should mention.
   */
  irregularDays(from: string, to: string): { date: string; working: boolean; name: string }[] {
    const out: { date: string; working: boolean; name: string }[] = [];
    const a = dayNumber(from);
    const b = dayNumber(to);
    for (let d = a + 1; d <= b; d++) {
      const w = (((d + 4) % 7) + 7) % 7;
      const weekend = w === 0 || w === 6;
      const working = this.isWorkingDayNumber(d);
      if (working === weekend) {
        const date = dateOfDay(d);
        const name = this.tableOfDay(d).notice.names?.[date];
        out.push({ date, working, name: name ?? (working ? '调休上班' : '节假日') });
      }
    }
    return out;
  }

  /** How a day counts, in words: 工作日 / 周末 / 春节放假 / 调休上班（星期六）… */
  describeDay(date: string): string {
    const working = this.isWorkingDay(date);
    const weekend = isWeekend(date);
    const name = this.table(+date.slice(0, 4)).notice.names?.[date];
    if (working && weekend) return `调休上班（${weekdayName(date)}）`;
    if (!working && !weekend) return `${name ?? '节假日'}放假`;
    if (!working) return name ? `${name}放假（${weekdayName(date)}）` : `周末（${weekdayName(date)}）`;
    return `工作日（${weekdayName(date)}）`;
  }

  private last: YearTable | undefined;

  private isWorkingDayNumber(d: number): boolean {
    const t = this.tableOfDay(d);
    return t.working[d - t.start] === 1;
  }

  /** The year table holding day number d (the last one used is kept: counting rarely leaves a year). */
  private tableOfDay(d: number): YearTable {
    const last = this.last;
    if (last && d >= last.start && d < last.start + last.working.length) return last;
    const t = this.table(new Date(d * DAY_MS).getUTCFullYear());
    this.last = t;
    return t;
  }

  private table(year: number): YearTable {
    let t = this.tables.get(year);
    if (t) return t;
    const override = this.overrides.get(year);
    const official = this.official.get(year);
    const notice: YearNotice = override ??
      official ?? {
        year,
        daysOff: statutoryHolidays(year),
        workingWeekends: [],
        source: `${year} 年尚无国务院放假通知，按《全国年节及纪念日放假办法》的法定节假日预估`,
        names: statutoryHolidayNames(year),
      };
    const source: CalendarSource = override ? 'admin' : official ? 'official' : 'statutory';
    const start = Date.UTC(year, 0, 1) / DAY_MS;
    const end = Date.UTC(year + 1, 0, 1) / DAY_MS;
    const working = new Uint8Array(end - start);
    for (let d = start; d < end; d++) {
      const w = (((d + 4) % 7) + 7) % 7;
      working[d - start] = w === 0 || w === 6 ? 0 : 1;
    }
    for (const date of notice.daysOff) if (date.startsWith(`${year}-`)) working[dayNumber(date) - start] = 0;
    for (const date of notice.workingWeekends)
      if (date.startsWith(`${year}-`)) working[dayNumber(date) - start] = 1;
    t = { year, start, working, source, notice };
    this.tables.set(year, t);
    return t;
  }
}

// ---------------------------------------------------------------------------------------------
// Fixed statutory holidays, for years the State Council has not yet announced.

/**
 * The fixed statutory holidays of a year (全体公民放假的节日), per 《全国年节及纪念日放假办法》 as in
 * force that year. No 补假 (第六条) and no 调休 are assumed: only the notice decides those, which is
 * why every date in such a year is provisional.
 * - 2025 on (2024 amendment, 国务院令第795号): 元旦 1; 春节 除夕–初三 4; 清明 1; 劳动节 5/1–5/2; 端午 1; 中秋 1; 国庆 10/1–10/3.
 * - 2014–2024 (2013 amendment): 春节 初一–初三; 劳动节 5/1 only; otherwise the same.
 * - 2008–2013 (2007 amendment): 春节 除夕–初二; 劳动节 5/1; 清明, 端午, 中秋 1 day each.
 * - before 2008 (1999 version): 元旦 1; 春节 初一–初三; 劳动节 5/1–5/3; 国庆 10/1–10/3.
 */
export function statutoryHolidays(year: number): string[] {
  return Object.keys(statutoryHolidayNames(year)).sort();
}

/** The same holidays with their names, date → name. */
export function statutoryHolidayNames(year: number): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (date: string, name: string) => {
    out[date] = name;
  };
  const ymd = (m: number, d: number) => `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const lunar = (m: number, d: number) =>
    chineseDays.getSolarDateFromLunar(`${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
      .date;
  // chinese-days' lunar tables cover 1901–2100; outside them only the solar-calendar holidays are known.
  const lunarKnown = year >= 1901 && year <= 2100;

  put(ymd(1, 1), '元旦');
  const springFrom = year >= 2025 ? -1 : year >= 2014 ? 0 : year >= 2008 ? -1 : 0;
  const springTo = year >= 2025 ? 2 : year >= 2014 ? 2 : year >= 2008 ? 1 : 2;
  if (lunarKnown) {
    const newYear = dayNumber(lunar(1, 1)); // 正月初一 (always late January or February of the same year)
    for (let i = springFrom; i <= springTo; i++) put(dateOfDay(newYear + i), '春节');
    if (year >= 2008) put(chineseDays.getSolarTermDate(year, 4, 'pure_brightness'), '清明节');
  }
  put(ymd(5, 1), '劳动节');
  if (year >= 2025) put(ymd(5, 2), '劳动节');
  if (year < 2008) {
    put(ymd(5, 2), '劳动节');
    put(ymd(5, 3), '劳动节');
  }
  if (year >= 2008 && lunarKnown) {
    put(lunar(5, 5), '端午节');
    put(lunar(8, 15), '中秋节');
  }
  for (let d = 1; d <= 3; d++) put(ymd(10, d), '国庆节');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Notices: parsing and validating what an administrator enters.

/** Splits a textarea of dates: one per line, or separated by commas, 顿号, spaces or semicolons. */
export function splitDates(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Checks a notice: a year in range, every date real and in that year, working weekends on Saturday
 * or Sunday, no date both off and working. Returns field → Chinese message (empty when valid).
 */
export function validateNotice(n: {
  year: number;
  daysOff: string[];
  workingWeekends: string[];
  source: string;
}): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!Number.isInteger(n.year) || n.year < 1949 || n.year > 2199) {
    fields.year = '年份无效';
    return fields;
  }
  const check = (list: string[], field: string, label: string) => {
    const bad = list.filter((d) => !isRealDate(d));
    if (bad.length)
      return (fields[field] = `${label}中有无效日期：${bad.slice(0, 5).join('、')}（日期格式为 YYYY-MM-DD）`);
    const other = list.filter((d) => !d.startsWith(`${n.year}-`));
    if (other.length)
      return (fields[field] = `${label}中有不属于 ${n.year} 年的日期：${other.slice(0, 5).join('、')}`);
    const seen = new Set<string>();
    const dup = list.filter((d) => (seen.has(d) ? true : (seen.add(d), false)));
    if (dup.length) return (fields[field] = `${label}中有重复的日期：${dup.slice(0, 5).join('、')}`);
    return undefined;
  };
  check(n.daysOff, 'daysOff', '放假日期');
  if (!check(n.workingWeekends, 'workingWeekends', '调休上班日期')) {
    const notWeekend = n.workingWeekends.filter((d) => !isWeekend(d));
    if (notWeekend.length)
      fields.workingWeekends = `调休上班日必须是星期六或星期日：${notWeekend
        .slice(0, 5)
        .map((d) => `${d}（${weekdayName(d)}）`)
        .join('、')}`;
  }
  if (!fields.daysOff && !fields.workingWeekends) {
    const both = n.daysOff.filter((d) => n.workingWeekends.includes(d));
    if (both.length) fields.workingWeekends = `同一天不能既放假又上班：${both.join('、')}`;
  }
  if (!n.source.trim()) fields.source = '请填写通知来源（如 国办发明电〔2021〕11号）';
  else if (n.source.length > 200) fields.source = '通知来源不能超过 200 字';
  return fields;
}

// ---------------------------------------------------------------------------------------------
// Built-in official data.

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/**
 * Builds one notice per year from chinese-days' data (dates keyed 'YYYY-MM-DD' → 'English,中文,n').
 * A day belongs to the year of its date (e.g. 2022-12-31, the first day of the 2023 元旦 break, is
 * in 2022's notice); a weekend 'day off' changes nothing and is kept only for its name.
 */
export function noticesFromChineseDays(data: ChineseDaysData): Map<number, YearNotice> {
  const out = new Map<number, YearNotice>();
  const get = (year: number) => {
    let n = out.get(year);
    if (!n)
      out.set(
        year,
        (n = {
          year,
          daysOff: [],
          workingWeekends: [],
          source: `国务院办公厅 ${year} 年部分节假日安排通知（内置数据：chinese-days）`,
          names: {},
        }),
      );
    return n;
  };
  for (const [date, label] of Object.entries(data.holidays)) {
    const n = get(+date.slice(0, 4));
    n.daysOff.push(date);
    n.names![date] = label.split(',')[1] ?? '节假日';
  }
  for (const [date, label] of Object.entries(data.workdays)) {
    const n = get(+date.slice(0, 4));
    n.workingWeekends.push(date);
    n.names![date] = `${label.split(',')[1] ?? ''}调休上班`;
  }
  for (const n of out.values()) {
    n.daysOff.sort();
    n.workingWeekends.sort();
  }
  return out;
}
