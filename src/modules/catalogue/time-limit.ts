/**
 * 公开时限, parsed: the standard table's time-limit text (信息形成或者变更之日起20个工作日内, 每季度结束后15日内,
 * 实时, 长期…) as rules the coverage counts against. Pure: no I/O. 条例第二十六条 for the default
 * 20-working-day limit.
 */
import { isIsoDate } from '../../lib/time.ts';

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
