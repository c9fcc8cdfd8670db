/**
 * The personal-information scanner (rules.md §7): finds what must never be published — resident ID
 * numbers, mobile numbers, bank card numbers, passport numbers, private e-mail addresses, home
 * addresses with room numbers, and names written next to such data — and masks them.
 * Pure: no I/O, no clock. Positions are UTF-16 offsets into the text as given (full-width digits
 * are folded one-to-one, so offsets never shift).
 *
 * What is deliberately NOT flagged (public by rules.md §7 or not personal): office hotlines (12345,
 * 0791-8xxxxxxx landlines, 400/800 numbers), unified social credit codes (GB 32100), 文号, dates,
 * amounts, article numbers, 索引号, postal codes, and long numbers that fail every check.
 */
import {
  isCreditCode,
  isResidentId15,
  isResidentId18,
  luhnValid,
  toHalfWidth,
} from '../../lib/identifiers.ts';
import { finding, FINDING_LABELS, maskMiddle, type Finding, type FindingKind } from './findings.ts';
import { scanNames } from './names.ts';

export { FINDING_LABELS, maskMiddle, type Finding, type FindingKind };

// GB/T 2260: the first two digits of a resident ID number name a province-level division.
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

// ---------------------------------------------------------------------------------------------
// Numbers: IDs, mobiles, bank cards. A "run" is digits joined by at most one separator (space,
// dash, full-width space or dash) between digits; the run is classified as a whole, and long runs
// (several numbers written one after another) are split at their separators.

const SEP = '[ \\u00a0\\u3000\\-\\u2010-\\u2014\\uff0d]';
const RUN = new RegExp(`\\d(?:${SEP}?\\d)*`, 'g');
const IS_SEP = new RegExp(`^${SEP}$`);

type NumberKind = 'resident_id' | 'mobile' | 'bank_card';

/** A birth year after 2099 is no person's (identifiers.ts accepts any year from 1900). */
const plausibleYear = (y: number) => y >= 1900 && y <= 2099;

/** Region and a plausible birth date: shaped like a resident ID number (whatever its check digit). */
function looksLikeIdShape(d: string): boolean {
  if (d.length !== 18 || !PROVINCES.has(d.slice(0, 2))) return false;
  const m = +d.slice(10, 12);
  const day = +d.slice(12, 14);
  return plausibleYear(+d.slice(6, 10)) && m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/** Classifies separator-free digits (with the ID's trailing X when present). */
function classifyDigits(d: string, hasX: boolean): NumberKind | null {
  if (hasX) {
    if (
      d.length === 17 &&
      PROVINCES.has(d.slice(0, 2)) &&
      plausibleYear(+d.slice(6, 10)) &&
      isResidentId18(d + 'X')
    )
      return 'resident_id';
    return null;
  }
  if (d.length === 18 && PROVINCES.has(d.slice(0, 2)) && plausibleYear(+d.slice(6, 10)) && isResidentId18(d))
    return 'resident_id';
  if (d.length === 15 && PROVINCES.has(d.slice(0, 2)) && isResidentId15(d)) return 'resident_id';
  if (/^1[3-9]\d{9}$/.test(d)) return 'mobile';
  if (/^(?:86|0086)1[3-9]\d{9}$/.test(d)) return 'mobile';
  // Bank cards: 16–19 digits, Luhn, an issuer prefix cards use (3 JCB/Amex, 4 Visa, 5 Mastercard,
  // 6 UnionPay, 9 domestic debit); an 18-digit number shaped like an ID that failed the ID check
  // is a wrongly copied ID or a document number, not a card.
  if (d.length >= 16 && d.length <= 19 && /^[345679]/.test(d) && luhnValid(d) && !looksLikeIdShape(d))
    return 'bank_card';
  return null;
}

/**
 * Whether digits split into groups of these lengths are written the way people write that kind of
 * number: whole, 6-8-4 (ID), 6-6-3 or 6-8-1 (old ID), 3-4-4 (mobile, after an optional 86/0086 country code),
 * or groups of four with a shorter last group (card). Anything else — 「序号 1 2 3 … 23」, a flattened
 * table of numbers — is several numbers, not one identifier.
 */
export function writtenAs(kind: NumberKind, lengths: number[]): boolean {
  if (lengths.length === 1) return true;
  const shape = lengths.join('-');
  if (kind === 'resident_id')
    return shape === '6-8-4' || shape === '6-8-3' || shape === '6-6-3' || shape === '6-8-1';
  if (kind === 'mobile') {
    const rest = lengths[0] === 2 || lengths[0] === 4 ? lengths.slice(1).join('-') : shape;
    return rest === '3-4-4' || rest === '11' || shape === '3-4-4';
  }
  return (
    lengths.slice(0, -1).every((n) => n === 4) &&
    lengths[lengths.length - 1] >= 1 &&
    lengths[lengths.length - 1] <= 4
  );
}

function maskNumber(kind: NumberKind, d: string, hasX: boolean): string {
  if (kind === 'resident_id') return maskMiddle(hasX ? d + 'X' : d, 4, 4);
  if (kind === 'mobile') return maskMiddle(d.slice(-11), 3, 4);
  return maskMiddle(d, 4, 4);
}

const CREDIT_CONTEXT = /(信用代码|机构代码|组织代码|税号|纳税人识别号)[：:\s]*$/;

function scanNumbers(
  folded: string,
  text: string,
  out: Finding[],
  taken: (s: number, e: number) => boolean,
): void {
  RUN.lastIndex = 0;
  for (let m = RUN.exec(folded); m; m = RUN.exec(folded)) {
    let start = m.index;
    const raw = m[0];
    let end = start + raw.length;
    const before = folded[start - 1] ?? '';
    let after = folded[end] ?? '';
    // Part of an alphanumeric code (passport, 索引号, credit code, model number): not ours.
    if (/[A-Za-z]/.test(before)) continue;
    let hasX = false;
    if (after === 'X' || after === 'x') {
      const nextAfter = folded[end + 1] ?? '';
      if (!/[A-Za-z0-9]/.test(nextAfter)) hasX = true;
    }
    if (!hasX && /[A-Za-z]/.test(after)) continue;
    if (taken(start, end)) continue;

    // Split into groups at separators, remembering each group's offsets.
    const groups: { s: number; e: number; d: string }[] = [];
    let gs = start;
    for (let i = start; i <= end; i++) {
      if (i === end || IS_SEP.test(folded[i])) {
        groups.push({ s: gs, e: i, d: folded.slice(gs, i) });
        gs = i + 1;
      }
    }
    const emit = (gi: number, gj: number, kind: NumberKind, digits: string, x: boolean) => {
      let s = groups[gi].s;
      const e = groups[gj].e + (x ? 1 : 0);
      // A leading + of +86 belongs to the number.
      if (kind === 'mobile' && digits.length > 11 && (folded[s - 1] === '+' || folded[s - 1] === '＋'))
        s -= 1;
      if (
        kind === 'resident_id' &&
        !x &&
        digits.length === 18 &&
        isCreditCode(digits) &&
        CREDIT_CONTEXT.test(folded.slice(Math.max(0, s - 12), s))
      )
        return;
      // 金额: an 11-digit "mobile" followed by 元 is an amount.
      if (kind === 'mobile' && /^[元万亿]/.test(folded.slice(e, e + 1))) return;
      out.push(finding(kind, text, s, e, maskNumber(kind, digits, x)));
    };

    const all = groups.map((g) => g.d).join('');
    const whole = classifyDigits(all, hasX);
    if (
      whole &&
      writtenAs(
        whole,
        groups.map((g) => g.d.length),
      )
    ) {
      emit(0, groups.length - 1, whole, all, hasX);
      continue;
    }
    // Numbers longer than any identifier: several numbers in a row, split at separators. Windows
    // are tried longest first from each group; a failed window of a plausible length is never
    // re-read as a shorter number (a card failing Luhn must not turn into something else).
    if (all.length <= 19) continue;
    let i = 0;
    while (i < groups.length) {
      let matched = false;
      let digits = '';
      const windows: { j: number; d: string }[] = [];
      for (let j = i; j < groups.length; j++) {
        digits += groups[j].d;
        if (digits.length > 19) break;
        windows.push({ j, d: digits });
      }
      for (let w = windows.length - 1; w >= 0; w--) {
        // Inside a run of several numbers only a number written whole (one group) is read as an
        // identifier: a flattened table of small numbers is not re-grouped into one.
        if (windows[w].j !== i) continue;
        const isLast = windows[w].j === groups.length - 1;
        const x = isLast && hasX;
        const kind = classifyDigits(windows[w].d, x);
        if (kind) {
          emit(i, windows[w].j, kind, windows[w].d, x);
          i = windows[w].j + 1;
          matched = true;
          break;
        }
      }
      if (!matched) i++;
    }
    void after;
    void start;
  }
}

// ---------------------------------------------------------------------------------------------
// Passports. Chinese ordinary passports: E + 8 digits, E + letter + 7 digits (since 2017), older
// G + 8 digits; service/diplomatic/other countries' forms (a letter or two + 7–9 digits) only when
// 护照 is written just before.

const PASSPORT_CN = /(?<![A-Za-z0-9])(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7})(?![A-Za-z0-9])/g;
const PASSPORT_KEYWORD = /(?<![A-Za-z0-9])[A-Z]{1,2}\d{6,9}(?![A-Za-z0-9])/g;
const PASSPORT_CONTEXT = /护照(?:号码|号|编号)?[^，。；\n]{0,8}$/;

function scanPassports(
  folded: string,
  text: string,
  out: Finding[],
  taken: (s: number, e: number) => boolean,
): void {
  const seen = new Set<number>();
  for (const re of [PASSPORT_CN, PASSPORT_KEYWORD]) {
    re.lastIndex = 0;
    for (let m = re.exec(folded); m; m = re.exec(folded)) {
      const s = m.index;
      const e = s + m[0].length;
      if (seen.has(s) || taken(s, e)) continue;
      if (re === PASSPORT_KEYWORD && !PASSPORT_CONTEXT.test(folded.slice(Math.max(0, s - 14), s))) continue;
      seen.add(s);
      out.push(finding('passport', text, s, e, maskMiddle(m[0], 1, 2)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// E-mail. Our rule (documented in docs/modules/privacy.md): an address is an organisation's and
// public when its domain is a government, party, education, research or organisation domain
// (gov.cn, .gov, 政务, org.cn, edu.cn, ac.cn, mil.cn, 公益, org), or when organisational wording
// (单位/机关/办公室/本局…/受理/信箱) stands within the 16 characters before it, or it is labelled as an
// office mailbox by purpose (监督邮箱, 举报邮箱, 投稿邮箱, 咨询邮箱…). Everything else —
// free mail (qq.com, 163.com, …) and company domains — is treated as a private person's address.

const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,10}/g;
const PUBLIC_EMAIL_DOMAIN = /(?:^|\.)(?:gov\.cn|gov|org\.cn|edu\.cn|ac\.cn|mil\.cn|org|edu|int)$/i;
const ORG_EMAIL_CONTEXT =
  /(单位|机关|办公室|本局|本委|本办|本院|本中心|政务公开|依申请公开|受理|信箱|官方)[^。；\n]{0,14}$/;
/** Office mailboxes named by their purpose: 监督邮箱, 举报邮箱, 投稿邮箱, 咨询邮箱… */
const ORG_MAILBOX = /(监督|举报|投诉|咨询|投稿|征集|服务|联络)(?:电子)?(?:邮箱|信箱|邮件地址)[：:\s]*$/;

function scanEmails(folded: string, text: string, out: Finding[]): void {
  EMAIL.lastIndex = 0;
  for (let m = EMAIL.exec(folded); m; m = EMAIL.exec(folded)) {
    const s = m.index;
    const e = s + m[0].length;
    const [local, domain] = m[0].split('@');
    if (PUBLIC_EMAIL_DOMAIN.test(domain)) continue;
    if (ORG_EMAIL_CONTEXT.test(folded.slice(Math.max(0, s - 16), s))) continue;
    if (ORG_MAILBOX.test(folded.slice(Math.max(0, s - 12), s))) continue;
    out.push(finding('email', text, s, e, `${local[0]}***@${domain}`));
  }
}

// ---------------------------------------------------------------------------------------------
// Home addresses with room numbers: a residential building (栋/幢/号楼/座), optionally its unit
// (单元), then the room (…室/号房/-501 forms), or …号…室 after 家住/住址. Extended left over the
// street and community name to the start of the clause. Office buildings (大楼, 大厦, 政府, 中心,
// 办公) are public addresses and skipped.

const NUM = '[0-9A-Za-z一二三四五六七八九十]';
const ADDRESS_CORE = new RegExp(
  [
    // 3栋2单元501室 / 12号楼3单元402 (a unit makes it residential; the room suffix is optional)
    `${NUM}{1,4}(?:栋|幢|号楼|座)${NUM}{1,3}单元(?:\\d{1,2}(?:层|楼))?\\d{2,5}(?:室|号房|房|号)?`,
    // 5幢1203室 / A座1201室 / 3号楼5层502室
    `${NUM}{1,4}(?:栋|幢|号楼|座)(?:\\d{1,2}(?:层|楼))?\\d{2,5}(?:室|号房|房)`,
    // 3栋501 (栋/幢 are residential words; not a quantity like "2栋300平方米")
    `${NUM}{1,4}(?:栋|幢)\\d{3,5}(?=[^\\d%\\u4e00-\\u9fa5]|[的住居楼家]|$)`,
    // 小区 12-3-501
    `(?:小区|花园|公寓|家园|新村|苑|府|城|宿舍|大院)\\d{1,3}[-－]\\d{1,2}[-－]\\d{2,5}(?:室)?`,
  ].join('|'),
  'g',
);
const ROOM_AFTER_HAO = /\d{1,5}号(?:院)?\d{2,5}室/g;
const HOME_CONTEXT = /(家住|住址|现住|居住|住在|户籍地|家庭住址|住所|现居)[^。；\n]{0,30}$/;
const OFFICE_WORDS = /大楼|大厦|政府|中心|办公|服务厅|写字楼|会议|机关|管委会|局|委员会|法院|检察院/;
const ADDRESS_STOP = /[，,。；;：:、！？!?（）()\s"“”'‘’《》【】\[\]住为于在是址]/;

function scanAddresses(
  folded: string,
  text: string,
  out: Finding[],
  taken: (s: number, e: number) => boolean,
): void {
  const found: [number, number][] = [];
  const consider = (s: number, e: number, needsHome: boolean) => {
    // Extend left over the street/community name to the clause start (at most 40 characters).
    let ls = s;
    while (ls > 0 && s - ls < 40 && !ADDRESS_STOP.test(folded[ls - 1])) ls--;
    const span = folded.slice(ls, e);
    const prefix = folded.slice(Math.max(0, ls - 12), ls);
    if (needsHome && !HOME_CONTEXT.test(folded.slice(Math.max(0, ls - 30), ls) + '')) return;
    if (OFFICE_WORDS.test(span) && !HOME_CONTEXT.test(prefix)) return;
    if (taken(ls, e) || found.some(([a, b]) => a < e && ls < b)) return;
    found.push([ls, e]);
    out.push(finding('address', text, ls, e, text.slice(ls, e).replace(/[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]/g, '*')));
  };
  ADDRESS_CORE.lastIndex = 0;
  for (let m = ADDRESS_CORE.exec(folded); m; m = ADDRESS_CORE.exec(folded)) {
    const s = m.index;
    // A match starting inside a longer number (e.g. "2022年3栋") keeps only its own digits.
    consider(s, s + m[0].length, false);
  }
  ROOM_AFTER_HAO.lastIndex = 0;
  for (let m = ROOM_AFTER_HAO.exec(folded); m; m = ROOM_AFTER_HAO.exec(folded))
    consider(m.index, m.index + m[0].length, true);
}

// ---------------------------------------------------------------------------------------------
// Names next to personal data: a 2–4 character Chinese name (a known surname first) written
// immediately before a finding — possibly with a label between (张三，身份证号码：…; 李四手机
// 139…) — or right after it in brackets (…（王五）).

/** Non-overlapping spans kept sorted by start: overlap test and insert in O(log n). */
class SpanSet {
  private starts: number[] = [];
  private ends: number[] = [];
  private index(pos: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  overlaps(s: number, e: number): boolean {
    const i = this.index(e);
    // Spans never overlap each other, so only the one starting last before e can reach past s.
    return i > 0 && this.ends[i - 1] > s;
  }
  add(s: number, e: number): void {
    const i = this.index(s);
    this.starts.splice(i, 0, s);
    this.ends.splice(i, 0, e);
  }
}

/**
 * Finds personal information in a text, in order of position. Findings never overlap.
 * @example scanPersonalInfo('张三，身份证号码360102199001011234') // → name_with_pi 张三, resident_id …
 */
export function scanPersonalInfo(text: string): Finding[] {
  if (!text) return [];
  const folded = toHalfWidth(text);
  const out: Finding[] = [];
  const spans = new SpanSet();
  // Each stage only adds what does not overlap earlier stages' findings (e-mail before numbers, so
  // a QQ number inside an address is one finding).
  const stage = (run: (into: Finding[], taken: (s: number, e: number) => boolean) => void) => {
    const found: Finding[] = [];
    run(found, (s, e) => spans.overlaps(s, e));
    for (const f of found) {
      if (spans.overlaps(f.start, f.end)) continue;
      spans.add(f.start, f.end);
      out.push(f);
    }
  };
  stage((into) => scanEmails(folded, text, into));
  stage((into, taken) => scanPassports(folded, text, into, taken));
  stage((into, taken) => scanNumbers(folded, text, into, taken));
  stage((into, taken) => scanAddresses(folded, text, into, taken));
  stage((into) => scanNames(folded, text, [...out], into));
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Replaces every finding's span with its masked form (overlapping later findings are skipped). */
export function maskAll(text: string, findings: Finding[]): string {
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const f of sorted) {
    if (f.start < pos || f.end > text.length) continue;
    out += text.slice(pos, f.start) + f.masked;
    pos = f.end;
  }
  return out + text.slice(pos);
}
