/**
 * Synonyms and abbreviations (issue 24 part 1): pure rules. A group is a word citizens type (低保)
 * and the other words meaning the same (最低生活保障). A query word found in a group also searches
 * the group's other words, in both directions, one step only. Every word belongs to one group at
 * most: a word in two groups would chain them (A→B→C) or loop back (A→B→A), so such an entry is
 * refused, as are empty ones.
 */
import { AppError, badRequest } from '../../errors.ts';

export interface SynonymGroup {
  id: number;
  term: string;
  synonyms: string[];
}

export interface SynonymInput {
  term: string;
  /** The other words; a list, or one text with a word per line (or separated by 、，, ;). */
  synonyms: string[] | string;
}

export const MAX_SYNONYM_LENGTH = 30;
export const MAX_SYNONYMS = 10;

const WORD = /^[\p{Script=Han}\p{L}\p{N}]+$/u;

/** A word as stored: spaces removed, full-width letters and digits kept as typed. */
function cleanWord(w: string): string {
  return w.replace(/\s+/g, '');
}

/** Splits a textarea's text into words (one a line, or separated by 、，,;；). */
export function splitWords(text: string): string[] {
  return text
    .split(/[\n\r、，,;；]+/)
    .map(cleanWord)
    .filter(Boolean);
}

/**
 * Validates one group against the others (`others` without the group being edited). Returns the
 * cleaned group; throws a Chinese 400 (empty, too long, not a word, a word repeated or its own
 * synonym) or 409 (a word already in another group: expansion would chain or loop).
 */
export function checkSynonymGroup(
  input: SynonymInput,
  others: SynonymGroup[],
): { term: string; synonyms: string[] } {
  const term = cleanWord(String(input.term ?? ''));
  const raw = Array.isArray(input.synonyms)
    ? input.synonyms.map((s) => cleanWord(String(s)))
    : splitWords(String(input.synonyms ?? ''));
  const synonyms = raw.filter(Boolean);
  const fields: Record<string, string> = {};
  if (!term) fields.term = '请填写词语';
  else if (term.length > MAX_SYNONYM_LENGTH) fields.term = `词语最多 ${MAX_SYNONYM_LENGTH} 个字`;
  else if (!WORD.test(term)) fields.term = '词语只能包含汉字、字母和数字';
  if (!synonyms.length) fields.synonyms = '请至少填写一个同义词或全称';
  else if (synonyms.length > MAX_SYNONYMS) fields.synonyms = `同义词最多 ${MAX_SYNONYMS} 个`;
  else {
    const long = synonyms.find((s) => s.length > MAX_SYNONYM_LENGTH);
    const bad = synonyms.find((s) => !WORD.test(s));
    const twice = synonyms.find((s, i) => synonyms.indexOf(s) !== i);
    if (long) fields.synonyms = `“${long.slice(0, 10)}…”过长：每个同义词最多 ${MAX_SYNONYM_LENGTH} 个字`;
    else if (bad) fields.synonyms = `“${bad}”只能包含汉字、字母和数字`;
    else if (twice) fields.synonyms = `“${twice}”重复填写了`;
    else if (term && synonyms.includes(term)) fields.synonyms = `“${term}”不能是它自己的同义词（会循环展开）`;
  }
  if (Object.keys(fields).length) throw badRequest('同义词有误，请检查后重新提交', fields);
  for (const w of [term, ...synonyms]) {
    const g = others.find((o) => o.term === w || o.synonyms.includes(w));
    if (g)
      throw new AppError(
        'conflict',
        `“${w}”已在“${g.term}”一组中：同一个词只能属于一组，否则搜索时会连环或循环展开。请编辑那一组。`,
        {
          [w === term ? 'term' : 'synonyms']: `“${w}”已在“${g.term}”一组中`,
        },
      );
  }
  return { term, synonyms };
}

/** The other words of the group a query word belongs to (empty when it is in none). */
export function synonymsOf(word: string, groups: SynonymGroup[]): string[] {
  for (const g of groups) {
    const all = [g.term, ...g.synonyms];
    if (all.includes(word)) return all.filter((w) => w !== word);
  }
  return [];
}
