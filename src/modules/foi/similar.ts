/**
 * Repeat applications (rules.md §2, 条例第三十六条第（六）项): who the applicant is, as keyed hashes
 * that find the same applicant's earlier applications without decrypting sealed rows, and how alike
 * two requests are, in words a handler can check.
 *
 * - The ID number (or 统一社会信用代码) is folded to half-width upper case without spaces or dashes,
 *   so 36011219800101001x, ３６０１…００１Ｘ and "3601 1219 8001 0100 1X" are one applicant. The phone is
 *   its digits without a leading +86 / 0086.
 * - Similarity: the words of the requested content (description, document title and number) after
 *   jieba segmentation (search/segment.ts), less the words every application uses (政府信息, 公开,
 *   申请 …); the score is the share of this application's words found in the other one.
 */
import { blindIndex } from '../../lib/datakeys.ts';
import { toHalfWidth } from '../../lib/identifiers.ts';
import { chineseWords, normalizeText } from '../search/segment.ts';

/** The ID number or credit code as compared: half-width, upper case, no spaces or dashes. */
export function normalizeIdNumber(raw: string): string {
  return toHalfWidth(raw ?? '')
    .toUpperCase()
    .replace(/[\s\-－—‐·.]/g, '');
}

/** The phone as compared: digits only, without a leading +86 / 0086 country code; '' when too short to mean anyone. */
export function normalizePhone(raw: string): string {
  let d = toHalfWidth(raw ?? '').replace(/\D/g, '');
  if (d.startsWith('0086')) d = d.slice(4);
  else if (d.length === 13 && d.startsWith('86')) d = d.slice(2);
  return d.length >= 7 ? d : '';
}

/** The keyed hashes stored beside the sealed values ('' when the value is empty). */
export function applicantIndexes(idNumber: string, phone: string): { id_key: string; phone_key: string } {
  const id = normalizeIdNumber(idNumber);
  const tel = normalizePhone(phone);
  return { id_key: id ? blindIndex(`foi-id:${id}`) : '', phone_key: tel ? blindIndex(`foi-tel:${tel}`) : '' };
}

/** Words every application uses: they say nothing about what is asked for. */
const COMMON_WORDS = new Set([
  '政府信息',
  '政府',
  '信息',
  '公开',
  '申请',
  '申请人',
  '相关',
  '有关',
  '关于',
  '情况',
  '内容',
  '文件',
  '资料',
  '提供',
  '要求',
  '获取',
  '请求',
  '查询',
  '本人',
  '我们',
  '你们',
  '贵单位',
  '以及',
  '具体',
]);

/** The words of a request that can make two requests alike (distinct, in order of first use). */
export function contentWords(text: string): string[] {
  const t = normalizeText(text ?? '');
  const out = new Set<string>();
  for (const w of chineseWords(t)) if (!COMMON_WORDS.has(w)) out.add(w);
  // Years, document numbers and other runs of digits or Latin letters: "2021", "66号" → "66".
  for (const m of t.matchAll(/[a-z0-9]{2,}/g)) out.add(m[0]);
  return [...out];
}

export interface Similarity {
  /** Share of this request's words found in the other (0 … 1). */
  score: number;
  shared: string[];
  /** How many words this request has. */
  total: number;
  /** At least half of this request's words (and one at least) are in the other. */
  similar: boolean;
}

/** How much of request `a` (its words) is in request `b`. */
export function similarity(a: string[], b: string[]): Similarity {
  const other = new Set(b);
  const shared = a.filter((w) => other.has(w));
  const score = a.length ? shared.length / a.length : 0;
  return { score, shared, total: a.length, similar: shared.length > 0 && score >= 0.5 };
}

/** "本次申请的 4 个词中有 3 个（75%）也出现在这件申请中：财政、预算、2021" — the explanation shown. */
export function explainSimilarity(s: Similarity): string {
  if (!s.total) return '本次申请内容没有可比较的词语';
  if (!s.shared.length) return `本次申请的 ${s.total} 个词语都没有出现在这件申请中`;
  return `本次申请的 ${s.total} 个词语中有 ${s.shared.length} 个（${Math.round(s.score * 100)}%）也出现在这件申请中：${s.shared.join('、')}`;
}
