/**
 * Confidentiality markings (密级和保密标志) in text that is already public, pure: what a 泄密 check of
 * the live site looks for besides personal information (which the privacy module's scanner finds).
 *
 * - 密级标志: a national-secret level with the star, as GB/T 9704-2012 prints it on a document's
 *   first page — 秘密★、机密★1年、绝密★启用前 — or written as a labelled field, 密级：机密.
 * - 保密标志: 内部资料、内部文件、内部参阅、注意保密、请勿外传 standing as a marking — alone on their
 *   line (the head of a document) or in brackets (【内部资料】) — never the same words inside a
 *   sentence ("请各单位注意保密"), and never a quoted mention ("标注“秘密★”的文件") or the bare
 *   legal term (涉及国家秘密的政府信息不予公开).
 */

export interface MarkingFinding {
  start: number;
  end: number;
  /** The marking as written. */
  text: string;
  label: '密级标志' | '保密标志';
}

const QUOTES = '“”‘’"\'「」『』';
const LEVEL_STAR = /(绝密|机密|秘密)[ \t　]*[★☆](?:[ \t　]*(?:\d+[ \t　]*(?:年|个月)|长期|启用前))?/g;
const LEVEL_FIELD = /(?:密[ \t　]*级|保密等级)[ \t　]*(?:[:：]|为|是)?[ \t　]*(绝密|机密|秘密)/g;
const HANDLING = '内部资料|内部文件|内部参阅|注意保密|请勿外传';
const BRACKETED_SOURCE = `[【［\\[（(〔](?:${HANDLING})[】］\\]）)〕]`;
const BRACKETED = new RegExp(BRACKETED_SOURCE, 'g');
const HAS_BRACKETED = new RegExp(BRACKETED_SOURCE);
const ALONE_LINE = new RegExp(
  `^[\\s　]*[【［\\[（(〔]?[\\s　]*(?:(?:${HANDLING})[\\s　，,、·]*)+[】］\\]）)〕]?[\\s　]*$`,
);
const HANDLING_WORD = new RegExp(HANDLING, 'g');

/** Whether the match at [start, end) is a quoted mention of the marking rather than the marking. */
const quoted = (text: string, start: number, end: number) =>
  start > 0 && end < text.length && QUOTES.includes(text[start - 1]) && QUOTES.includes(text[end]);

/** Finds the confidentiality markings in a text, in order of position. */
export function findMarkings(text: string): MarkingFinding[] {
  if (!text) return [];
  const out: MarkingFinding[] = [];
  for (const m of text.matchAll(LEVEL_STAR)) {
    const prev = text.slice(Math.max(0, m.index - 2), m.index);
    // 商业秘密、个人秘密 are not levels of a national secret.
    if (m[1] === '秘密' && /商业|个人|工作/.test(prev)) continue;
    if (!quoted(text, m.index, m.index + m[0].length))
      out.push({ start: m.index, end: m.index + m[0].length, text: m[0], label: '密级标志' });
  }
  for (const m of text.matchAll(LEVEL_FIELD)) {
    if (!out.some((f) => f.start < m.index + m[0].length && m.index < f.end))
      out.push({ start: m.index, end: m.index + m[0].length, text: m[0], label: '密级标志' });
  }
  for (const m of text.matchAll(BRACKETED))
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], label: '保密标志' });
  let offset = 0;
  for (const line of text.split('\n')) {
    if (ALONE_LINE.test(line) && !HAS_BRACKETED.test(line)) {
      for (const m of line.matchAll(HANDLING_WORD))
        out.push({
          start: offset + m.index,
          end: offset + m.index + m[0].length,
          text: m[0],
          label: '保密标志',
        });
    }
    offset += line.length + 1;
  }
  return out.sort((a, b) => a.start - b.start);
}
