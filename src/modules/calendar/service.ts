/**
 * Calendar use cases: the working calendar in force (built-in official data + administrator
 * notices), entering a year's notice (audited, history kept), and telling other modules to
 * recompute what depends on working days (GongkaiModule.onCalendarChanged).
 */
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { badRequest } from '../../errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { can, requirePermission } from '../auth/permissions.ts';
import { officialNotices } from './data.ts';
import {
  isRealDate,
  validateNotice,
  WorkingCalendar,
  type CalendarSource,
  type YearNotice,
} from './model.ts';
import {
  insertNoticeVersion,
  selectCurrentNotice,
  selectCurrentNotices,
  selectNoticeHistory,
  type StoredNotice,
} from './store.ts';
import { transact } from '../../db/index.ts';

/** The calendar in force: built-in official data with every current administrator notice on top. */
export async function loadCalendar(db: Kysely<DB>): Promise<WorkingCalendar> {
  const notices = await selectCurrentNotices(db);
  return new WorkingCalendar(officialNotices(), new Map(notices.map((n) => [n.year, n])));
}

export interface CalendarYearView {
  year: number;
  /** official = built-in State Council data; admin = entered by an administrator; statutory = estimated. */
  source: CalendarSource;
  sourceText: string;
  provisional: boolean;
  daysOff: string[];
  workingWeekends: string[];
  names: Record<string, string>;
  enteredBy: string | null;
  enteredAt: string | null;
}

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)
    throw badRequest(`年份应在 ${MIN_YEAR}—${MAX_YEAR} 之间`, { year: '年份无效' });
}

/** A year as the calendar sees it (public information: anyone may read it). */
export async function getCalendarYear(ctx: AppContext, year: number): Promise<CalendarYearView> {
  checkYear(year);
  const cal = await loadCalendar(ctx.db);
  const { notice, source } = cal.noticeFor(year);
  const stored = source === 'admin' ? await selectCurrentNotice(ctx.db, year) : undefined;
  return {
    year,
    source,
    sourceText: notice.source,
    provisional: cal.isProvisional(`${year}-01-01`),
    daysOff: [...notice.daysOff].sort(),
    workingWeekends: [...notice.workingWeekends].sort(),
    names: notice.names ?? {},
    enteredBy: stored?.enteredBy ?? null,
    enteredAt: stored?.enteredAt ?? null,
  };
}

export interface NoticeInput {
  year: number;
  daysOff: string[];
  workingWeekends: string[];
  source: string;
}

function normalise(n: NoticeInput): YearNotice {
  return {
    year: n.year,
    daysOff: [...n.daysOff].map((d) => d.trim()).sort(),
    workingWeekends: [...n.workingWeekends].map((d) => d.trim()).sort(),
    source: n.source.trim(),
  };
}

export interface SaveResult {
  saved: StoredNotice[];
  /** Modules that could not recompute after the change (the notices are saved regardless). */
  warnings: string[];
}

/**
 * Enters one year's notice (sysadmin, openness office). The previous notice of the year is kept as
 * history; the change is audited in the same transaction; then every module recomputes.
 */
export async function saveCalendarNotice(
  ctx: AppContext,
  actor: Actor,
  notice: NoticeInput,
): Promise<SaveResult> {
  return saveCalendarNotices(ctx, actor, [notice]);
}

/** Enters several notices at once: all are validated first, all are saved in one transaction or none. */
export async function saveCalendarNotices(
  ctx: AppContext,
  actor: Actor,
  notices: NoticeInput[],
  opts: { isSample?: boolean } = {},
): Promise<SaveResult> {
  requirePermission(actor, 'calendar.manage');
  if (notices.length === 0) throw badRequest('没有要保存的放假安排');
  const years = notices.map((n) => n.year);
  const dupYear = years.find((y, i) => years.indexOf(y) !== i);
  if (dupYear !== undefined)
    throw badRequest(`同一年份（${dupYear}）出现了两次`, { year: `${dupYear} 年重复` });
  const clean = notices.map(normalise);
  for (const n of clean) {
    checkYear(n.year);
    const fields = validateNotice(n);
    if (Object.keys(fields).length) throw badRequest(`${n.year} 年放假安排有误，请检查后重新提交`, fields);
  }
  const cal = await loadCalendar(ctx.db);
  const at = ctx.clock.now().toISOString();
  const by = { name: actorName(actor), id: actor.kind === 'user' ? actor.id : null };
  const saved = await transact(ctx.db, async (trx) => {
    const out: StoredNotice[] = [];
    for (const n of clean) {
      const before = cal.noticeFor(n.year);
      const row = await insertNoticeVersion(trx, n, by, at, opts.isSample);
      await recordAudit(trx, ctx.clock.now(), actor, {
        action: 'calendar.notice.save',
        objectType: 'calendar_year',
        objectId: n.year,
        before: {
          source: before.source,
          sourceText: before.notice.source,
          daysOff: before.notice.daysOff,
          workingWeekends: before.notice.workingWeekends,
        },
        after: {
          source: 'admin',
          sourceText: n.source,
          daysOff: n.daysOff,
          workingWeekends: n.workingWeekends,
        },
      });
      out.push(row);
    }
    return out;
  });
  const reason =
    clean.map((n) => `${n.year} 年放假安排更新为“${n.source}”`).join('；') + `（${by.name} 录入）`;
  const warnings = await announceCalendarChange(ctx, { years: clean.map((n) => n.year).sort(), reason });
  return { saved, warnings };
}

/**
 * Calls every module's onCalendarChanged hook (the list comes with the context: modules/index.ts
 * imports this module, so importing it here would be a cycle). A failing hook is logged and
 * reported; it does not undo the saved notice.
 */
export async function announceCalendarChange(
  ctx: AppContext,
  change: { years: number[]; reason: string },
): Promise<string[]> {
  const warnings: string[] = [];
  for (const m of ctx.modules) {
    if (!m.onCalendarChanged) continue;
    try {
      await m.onCalendarChanged(ctx, change);
    } catch (e) {
      ctx.log.error({ err: e, module: m.name, years: change.years }, 'onCalendarChanged failed');
      warnings.push(`“${m.name}”模块未能按新的放假安排重新计算期限，请联系系统管理员`);
    }
  }
  return warnings;
}

/**
 * The years whose 国务院放假通知 is not entered yet and should be: this year, and from October (when
 * the State Council usually publishes it) next year too. Empty for those who cannot enter notices.
 */
export async function missingHolidayNotices(ctx: AppContext, actor: Actor): Promise<number[]> {
  if (!can(actor, 'calendar.manage')) return [];
  const today = shanghaiDate(ctx.clock.now());
  const year = +today.slice(0, 4);
  const cal = await loadCalendar(ctx.db);
  return [year, ...(+today.slice(5, 7) >= 10 ? [year + 1] : [])].filter((y) => !cal.hasOfficialData(y));
}

/** Every saved version of the notices, newest first (staff only). */
export async function calendarHistory(ctx: AppContext, actor: Actor, year?: number): Promise<StoredNotice[]> {
  requirePermission(actor, 'dashboard.read');
  return selectNoticeHistory(ctx.db, year);
}

export interface WorkingDaysAnswer {
  from: string;
  n: number;
  date: string;
  provisional: boolean;
  explanation: string[];
}

/** The n-th working day after `from`, with how it was counted (public information). */
export async function computeWorkingDays(
  ctx: AppContext,
  from: string,
  n: number,
): Promise<WorkingDaysAnswer> {
  if (!isRealDate(from)) throw badRequest('起算日期无效，格式为 YYYY-MM-DD', { from: '日期无效' });
  checkYear(+from.slice(0, 4));
  if (!Number.isInteger(n) || n < 0 || n > 1000)
    throw badRequest('工作日数应为 0—1000 的整数', { n: '工作日数无效' });
  const cal = await loadCalendar(ctx.db);
  const date = cal.addWorkingDays(from, n);
  const explanation = [
    `${from} 为起算日（当日不计入）${n > 0 ? `；第1个工作日为 ${cal.addWorkingDays(from, 1)}` : ''}；第${n}个工作日为 ${date}。`,
  ];
  const irregular = cal.irregularDays(from, date);
  for (const d of irregular)
    explanation.push(
      `${d.date} ${d.working ? `${d.name.endsWith('上班') ? d.name : `${d.name}（调休上班）`}，计入` : `${d.name}放假，不计入`}`,
    );
  let provisional = false;
  for (let y = +from.slice(0, 4); y <= +date.slice(0, 4); y++) {
    if (!cal.hasOfficialData(y)) {
      provisional = true;
      explanation.push(`${y} 年尚无国务院放假通知，按法定节假日预估（预估）。`);
    }
  }
  return { from, n, date, provisional, explanation };
}

/**
 * Parses an import file: {year, daysOff, workingWeekends, source} or an array of them. Returns the
 * notices or throws one badRequest listing every problem (nothing is saved on error).
 */
export function parseNoticeFile(text: string): NoticeInput[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw badRequest(`文件不是有效的 JSON：${(e as Error).message}`);
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) throw badRequest('文件中没有放假安排');
  const problems: Record<string, string> = {};
  const out: NoticeInput[] = [];
  items.forEach((item, i) => {
    const where = Array.isArray(data) ? `第 ${i + 1} 项` : '文件';
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems[where] = '应为对象 {year, daysOff, workingWeekends, source}';
      return;
    }
    const o = item as Record<string, unknown>;
    const unknown = Object.keys(o).filter(
      (k) => !['year', 'daysOff', 'workingWeekends', 'source'].includes(k),
    );
    const isDates = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
    const errs: string[] = [];
    if (unknown.length) errs.push(`不允许的字段：${unknown.join('、')}`);
    if (typeof o.year !== 'number' || !Number.isInteger(o.year)) errs.push('year 应为整数年份');
    if (!isDates(o.daysOff)) errs.push('daysOff 应为日期字符串数组');
    if (!isDates(o.workingWeekends ?? [])) errs.push('workingWeekends 应为日期字符串数组');
    if (typeof o.source !== 'string') errs.push('source 应为文字（通知名称和文号）');
    if (errs.length === 0) {
      const n: NoticeInput = {
        year: o.year as number,
        daysOff: o.daysOff as string[],
        workingWeekends: (o.workingWeekends as string[] | undefined) ?? [],
        source: o.source as string,
      };
      const fields =
        n.year < MIN_YEAR || n.year > MAX_YEAR
          ? { year: `年份应在 ${MIN_YEAR}—${MAX_YEAR} 之间` }
          : validateNotice(normalise(n));
      errs.push(...Object.values(fields));
      out.push(n);
    }
    if (errs.length)
      problems[`${where}${typeof o.year === 'number' ? `（${o.year} 年）` : ''}`] = errs.join('；');
  });
  const years = out.map((n) => n.year);
  const dup = years.filter((y, i) => years.indexOf(y) !== i);
  if (dup.length) problems['年份'] = `重复的年份：${[...new Set(dup)].join('、')}`;
  if (Object.keys(problems).length) throw badRequest('导入文件有误，未导入任何内容', problems);
  return out;
}

/** `gongkai calendar import`: parse, validate everything, save all in one transaction. */
export async function importCalendarFile(ctx: AppContext, actor: Actor, text: string): Promise<SaveResult> {
  requirePermission(actor, 'calendar.manage');
  return saveCalendarNotices(ctx, actor, parseNoticeFile(text));
}
