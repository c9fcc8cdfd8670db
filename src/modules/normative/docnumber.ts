/**
 * 文号 (docNumber): parse and normalise `机关代字〔年份〕序号号`, e.g. `洪府办发〔2022〕66号`.
 * rules.md §6: accept 〔〕, [], (), 【】, ［］, （） (any pairing of these), full-width digits and
 * spaces on input; store the normalised form; refuse what is not a 文号 with the reason in Chinese.
 * Pure: no I/O.
 *
 * Our reading (stated, implemented exactly):
 * - 机关代字 is one or more Chinese characters (at most 20), e.g. 洪府办发, 红府字.
 * - 年份 is four digits between 1949 and 2100.
 * - 序号 is a positive integer of at most 6 digits; leading zeros are dropped (〔2022〕066号 → 66号);
 *   a “第” before it is dropped too (〔2022〕第66号 → 66号).
 * - The number ends with 号.
 * - Canonical form: agency + 〔 + year + 〕 + seq + 号, with U+3014/U+3015 六角括号.
 */

export interface DocNumber {
  /** 机关代字, e.g. 洪府办发 */
  agency: string;
  year: number;
  seq: number;
  /** The canonical form, e.g. 洪府办发〔2022〕66号 */
  normalized: string;
}

export type DocNumberResult = { ok: true; value: DocNumber } | { ok: false; reason: string };

export const OPEN_BRACKETS = '〔[(【［（〖';
export const CLOSE_BRACKETS = '〕])】］）〗';
export const DOC_NUMBER_EXAMPLE = '洪府办发〔2022〕66号';

const HAN = /^\p{Script=Han}+$/u;

/** Full-width digits → ASCII; every kind of whitespace (incl. U+3000) removed. */
export function cleanDocNumberInput(input: string): string {
  return input
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, '');
}

/** Formats the canonical 文号. */
export function formatDocNumber(agency: string, year: number, seq: number): string {
  return `${agency}〔${year}〕${seq}号`;
}

/** Parses a 文号 as a person typed it; on failure says why, in Chinese. */
export function parseDocNumber(input: string): DocNumberResult {
  const fail = (reason: string): DocNumberResult => ({ ok: false, reason });
  if (typeof input !== 'string') return fail('请填写文号');
  const s = cleanDocNumberInput(input);
  if (!s) return fail('请填写文号');
  if (s.length > 60) return fail('文号过长，不像一个文号');
  const open = [...s].findIndex((ch) => OPEN_BRACKETS.includes(ch));
  if (open < 0) return fail(`文号应包含括起来的年份，如“${DOC_NUMBER_EXAMPLE}”`);
  const chars = [...s];
  const agency = chars.slice(0, open).join('');
  if (!agency) return fail('文号缺少机关代字（年份前的文字，如“洪府办发”）');
  if (!HAN.test(agency)) return fail('机关代字只能由汉字组成');
  if (chars.length > 0 && [...agency].length > 20) return fail('机关代字过长（最多 20 个字）');
  const rest = chars.slice(open + 1);
  const close = rest.findIndex((ch) => CLOSE_BRACKETS.includes(ch));
  if (close < 0) return fail('年份的括号没有闭合');
  const yearText = rest.slice(0, close).join('');
  if (!/^\d{4}$/.test(yearText)) return fail('括号内应为四位数字的年份');
  const year = Number(yearText);
  if (year < 1949 || year > 2100) return fail('年份应在 1949 年至 2100 年之间');
  let tail = rest.slice(close + 1).join('');
  if (tail.startsWith('第')) tail = tail.slice(1);
  if (!tail) return fail('文号缺少序号');
  if (!tail.endsWith('号')) return fail('文号应以“号”字结尾');
  const seqText = tail.slice(0, -1);
  if (!/^\d+$/.test(seqText)) return fail('序号应为数字');
  const seq = Number(seqText);
  if (seq < 1) return fail('序号应为正整数');
  if (seqText.replace(/^0+/, '').length > 6) return fail('序号过大（最多 6 位数字）');
  return { ok: true, value: { agency, year, seq, normalized: formatDocNumber(agency, year, seq) } };
}

/** The canonical form, or null when the input is not a 文号 (for lookups: any bracket style finds it). */
export function normalizeDocNumber(input: string): string | null {
  const r = parseDocNumber(input);
  return r.ok ? r.value.normalized : null;
}
