/**
 * 工作时限 as work plans write them, parsed into a deadline. Pure; never guesses: a form it does not
 * know is reported with a Chinese reason (DeadlineError), so an importer can show the row to fix.
 *
 * Forms (full-width digits and commas accepted; year optional when the plan year is given):
 *   2022年7月底前完成 / 7月末 / 2022年10月上旬完成 (上旬 = 10th, 中旬 = 20th, 下旬 = month end)
 *   2022年12月31日前 / 年底前（plan year）/ 2022年第三季度 / 上半年 / 下半年
 *   持续推进 / 长期坚持 → ongoing
 *   <any dated form>,并持续推进 → byThenOngoing
 */

export type Deadline =
  { kind: 'by'; date: string } | { kind: 'ongoing' } | { kind: 'byThenOngoing'; date: string };
export type DeadlineKind = Deadline['kind'];

export const DEADLINE_KINDS: Record<DeadlineKind, string> = {
  by: '限期完成',
  ongoing: '持续推进',
  byThenOngoing: '限期完成并持续推进',
};

/** A 工作时限 that cannot be read; `reason` is Chinese and says what is wrong. */
export class DeadlineError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`工作时限“${input}”无法识别：${reason}`);
  }
}

export interface DeadlineOptions {
  /** The plan's year, for forms without one (年底前, 7月底前). */
  planYear?: number;
}

const ONGOING = /^(?:并)?(?:持续推进|长期坚持|持续开展|长期推进|常态化推进)$/;
const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
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

/** 1–99 written in ASCII or Chinese numerals (七, 十, 十二, 二十一, 三十一); NaN otherwise. */
export function readNumber(s: string): number {
  if (/^\d{1,4}$/.test(s)) return Number(s);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return NaN;
  if (!m[2]) return m[1] && !m[3] ? CN_DIGITS[m[1]] : NaN;
  return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[3] ? CN_DIGITS[m[3]] : 0);
}

function normalise(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[，；;、]/g, ',')
    .replace(/\s+/g, '')
    .trim();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Last day of a month (1–12), leap years included. */
export function monthEnd(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function checkYear(input: string, y: number | undefined, opts: DeadlineOptions): number {
  const year = y ?? opts.planYear;
  if (year == null) throw new DeadlineError(input, '没有写年份，且不知道所属工作要点的年度');
  if (!Number.isInteger(year) || year < 1949 || year > 2200)
    throw new DeadlineError(input, `年份 ${year} 不合理`);
  return year;
}

function checkMonth(input: string, m: number): number {
  if (!Number.isInteger(m) || m < 1 || m > 12) throw new DeadlineError(input, `月份“${m}”不存在`);
  return m;
}

const DATED: { re: RegExp; date: (m: RegExpExecArray, input: string, o: DeadlineOptions) => string }[] = [
  {
    // 2022年7月底前完成, 7月末
    re: /^(?:(\d{4})年)?([\d一二三四五六七八九十]{1,3})月(?:份)?(?:底|末)$/,
    date: (m, input, o) => {
      const y = checkYear(input, m[1] ? +m[1] : undefined, o);
      const mo = checkMonth(input, readNumber(m[2]));
      return `${y}-${pad(mo)}-${pad(monthEnd(y, mo))}`;
    },
  },
  {
    // 2022年10月上旬完成: a 旬 ends on the 10th, the 20th, or the month's last day.
    re: /^(?:(\d{4})年)?([\d一二三四五六七八九十]{1,3})月(上|中|下)旬(?:末)?$/,
    date: (m, input, o) => {
      const y = checkYear(input, m[1] ? +m[1] : undefined, o);
      const mo = checkMonth(input, readNumber(m[2]));
      const d = m[3] === '上' ? 10 : m[3] === '中' ? 20 : monthEnd(y, mo);
      return `${y}-${pad(mo)}-${pad(d)}`;
    },
  },
  {
    // 2022年12月31日前
    re: /^(?:(\d{4})年)?([\d一二三四五六七八九十]{1,3})月([\d一二三四五六七八九十]{1,3})(?:日|号)$/,
    date: (m, input, o) => {
      const y = checkYear(input, m[1] ? +m[1] : undefined, o);
      const mo = checkMonth(input, readNumber(m[2]));
      const d = readNumber(m[3]);
      if (!Number.isInteger(d) || d < 1 || d > monthEnd(y, mo)) {
        throw new DeadlineError(
          input,
          mo === 2 && d === 29 ? `${y}年不是闰年，2月没有29日` : `${y}年${mo}月没有${m[3]}日`,
        );
      }
      return `${y}-${pad(mo)}-${pad(d)}`;
    },
  },
  {
    // 年底前 (plan year), 2022年底, 2022年年底
    re: /^(?:(\d{4})年)?(?:年)?(?:底|末|年底|年末)$/,
    date: (m, input, o) => `${checkYear(input, m[1] ? +m[1] : undefined, o)}-12-31`,
  },
  {
    // 2022年第三季度(末), 三季度
    re: /^(?:(\d{4})年)?第?([1-4一二三四])季度(?:末|底)?$/,
    date: (m, input, o) => {
      const y = checkYear(input, m[1] ? +m[1] : undefined, o);
      const q = readNumber(m[2]);
      const mo = q * 3;
      return `${y}-${pad(mo)}-${pad(monthEnd(y, mo))}`;
    },
  },
  {
    // 上半年 / 下半年
    re: /^(?:(\d{4})年)?(上|下)半年(?:末|底)?$/,
    date: (m, input, o) =>
      `${checkYear(input, m[1] ? +m[1] : undefined, o)}-${m[2] === '上' ? '06-30' : '12-31'}`,
  },
];

function parseDated(part: string, input: string, opts: DeadlineOptions): string {
  // The 前 / 完成 / 之前 / 以前 endings change nothing: the date is the last day allowed.
  const core = part.replace(/(?:之前|以前|前)?(?:完成|办结|报送|建成)?$/, '');
  if (core === '') throw new DeadlineError(input, '没有写明日期');
  for (const { re, date } of DATED) {
    const m = re.exec(core);
    if (m) return date(m, input, opts);
  }
  if (/^(?:\d{4}年)?[\d一二三四五六七八九十]{1,3}月$/.test(core)) {
    throw new DeadlineError(input, '只写了月份，请写明“月底”“上旬”“中旬”“下旬”或具体日期');
  }
  throw new DeadlineError(
    input,
    '不是可识别的时限写法（如“2022年7月底前完成”“2022年10月上旬完成”“持续推进”）',
  );
}

/** Parses a 工作时限; throws DeadlineError (with a Chinese reason) when it cannot be read exactly. */
export function parseDeadline(text: string, opts: DeadlineOptions = {}): Deadline {
  const input = text;
  const s = normalise(text);
  if (s === '') throw new DeadlineError(input, '工作时限为空');
  if (ONGOING.test(s)) return { kind: 'ongoing' };
  const parts = s.split(',').filter((p) => p !== '');
  if (parts.length === 1) return { kind: 'by', date: parseDated(parts[0], input, opts) };
  if (parts.length === 2 && ONGOING.test(parts[1]))
    return { kind: 'byThenOngoing', date: parseDated(parts[0], input, opts) };
  throw new DeadlineError(
    input,
    parts.length === 2
      ? `“${parts[1]}”不是可识别的后续要求（应为“并持续推进”）`
      : '包含多个时限，无法确定以哪个为准',
  );
}

/** Like parseDeadline, but returns the error instead of throwing. */
export function tryParseDeadline(
  text: string,
  opts: DeadlineOptions = {},
): { ok: true; deadline: Deadline } | { ok: false; reason: string } {
  try {
    return { ok: true, deadline: parseDeadline(text, opts) };
  } catch (e) {
    if (e instanceof DeadlineError) return { ok: false, reason: e.reason };
    throw e;
  }
}

/** The canonical Chinese form of a deadline (parses back to itself). */
export function formatDeadline(d: Deadline): string {
  if (d.kind === 'ongoing') return '持续推进';
  const [y, m, day] = d.date.split('-').map(Number);
  const base = day === monthEnd(y, m) ? `${y}年${m}月底前完成` : `${y}年${m}月${day}日前完成`;
  return d.kind === 'by' ? base : `${base}，并持续推进`;
}

export { isLeap };
