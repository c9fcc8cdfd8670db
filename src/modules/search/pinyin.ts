/**
 * Pinyin input (issue 5, a bonus): a query typed in pinyin without tones — "yingshang huanjing" or
 * "yingshanghuanjing" — is read as the Chinese words it spells. The dictionary maps each word's
 * toneless pinyin (pinyin-pro, which picks a polyphone's reading from the word) to the word; its
 * vocabulary is the government terms, the synonym list, the org tree's names and the words of the
 * titles and bodies indexed last (the segmenter's pieces joined back where they form a dictionary
 * word: 适/老化 → 适老化), so it only proposes words the site actually uses. Words of three or more
 * characters are also found by their initials (shlh → 适老化). Built on first use, rebuilt after
 * REFRESH_MS; the service consults it only when a query has no Chinese and finds almost nothing.
 */
import type { Kysely } from 'kysely';
import { pinyin } from 'pinyin-pro';
import type { DB } from '../../db/types.ts';
import { addedWords, chineseWords } from './segment.ts';
import { recentBodies, recentTitles } from './store.ts';

/** Toneless pinyin, syllables joined ("营商环境" → "yingshanghuanjing"); ü is written v. */
export function pinyinKey(word: string): string {
  return pinyin(word, { toneType: 'none', type: 'array', v: true }).join('').toLowerCase();
}

/**
 * Initials of the syllables, the two ways people type them: first letters ("助餐点" → "zcd") and
 * with zh / ch / sh kept whole ("zhcd"). One key when the word has no zh / ch / sh.
 */
export function initialsKeys(word: string): string[] {
  const syllables = pinyin(word, { toneType: 'none', type: 'array', v: true }).map((x) => x.toLowerCase());
  const first = syllables.map((x) => x.slice(0, 1)).join('');
  const whole = syllables.map((x) => (/^(zh|ch|sh)/.test(x) ? x.slice(0, 2) : x.slice(0, 1))).join('');
  return first === whole ? [first] : [first, whole];
}

/**
 * Pinyin key → word; when two words read alike, the one added first (more common) wins. Initials of
 * words of three or more characters are kept too, under INITIALS + key ("^shlh", "^slh" → 适老化): a key
 * spell() never looks up, so they cannot mix into a full-pinyin reading.
 */
export type PinyinDictionary = Map<string, string>;
const INITIALS = '^';

export function buildPinyinDictionary(words: Iterable<string>): PinyinDictionary {
  const dict: PinyinDictionary = new Map();
  for (const w of words) {
    if (!/^[\u4e00-\u9fff]{2,12}$/.test(w)) continue;
    const key = pinyinKey(w);
    if (/^[a-z]+$/.test(key) && !dict.has(key)) dict.set(key, w);
    if (w.length >= 3)
      for (const k of initialsKeys(w))
        if (/^[a-z]+$/.test(k) && !dict.has(INITIALS + k)) dict.set(INITIALS + k, w);
  }
  return dict;
}

const LONGEST_KEY = 72;

/** Splits letters into the fewest dictionary words, or null when they do not all spell words. */
function spell(letters: string, dict: PinyinDictionary): string[] | null {
  const best: (string[] | null)[] = [[]];
  for (let end = 1; end <= letters.length; end++) {
    best[end] = null;
    for (let start = Math.max(0, end - LONGEST_KEY); start < end; start++) {
      const before = best[start];
      const word = before && dict.get(letters.slice(start, end));
      if (word && (!best[end] || before.length + 1 < best[end]!.length)) best[end] = [...before, word];
    }
  }
  return best[letters.length] ?? null;
}

/**
 * The Chinese a pinyin query spells ("yingshang huanjing" → "营商环境"), or null when the query is
 * not pinyin or does not spell known words. Spaces may fall anywhere: the letters are read whole
 * first, then space-separated group by group.
 */
export function fromPinyin(query: string, dict: PinyinDictionary): string | null {
  const q = query.toLowerCase().replace(/ü/g, 'v').replace(/['’]/g, '').trim();
  if (!/^[a-z]+(\s+[a-z]+)*$/.test(q) || q.replace(/\s/g, '').length < 3) return null;
  if (q.replace(/\s/g, '').length < 4) return dict.get(INITIALS + q.replace(/\s+/g, '')) ?? null;
  const whole = spell(q.replace(/\s+/g, ''), dict);
  if (whole) return whole.join('');
  // Initials of one word, typed together ("shlh" → 适老化).
  const initials = dict.get(INITIALS + q.replace(/\s+/g, ''));
  if (initials) return initials;
  const groups = q.split(/\s+/).map((g) => spell(g, dict));
  return groups.every((g) => g) ? groups.map((g) => g!.join('')).join(' ') : null;
}

/** How many recent titles and bodies (their first BODY_CHARS) feed the dictionary, and how long it is kept. */
const TITLES = 5000;
const BODIES = 1000;
const BODY_CHARS = 3000;
const REFRESH_MS = 10 * 60 * 1000;
let cached: { dict: PinyinDictionary; builtAt: number } | null = null;

/** The dictionary for this site's vocabulary (built from the database, cached for REFRESH_MS). */
export async function pinyinDictionary(db: Kysely<DB>): Promise<PinyinDictionary> {
  if (cached && performance.now() - cached.builtAt < REFRESH_MS) return cached.dict;
  const counts = new Map<string, number>();
  // Titles and bodies: the whole vocabulary citizens read on the site, not only the title words.
  const texts = [...(await recentTitles(db, TITLES)), ...(await recentBodies(db, BODIES, BODY_CHARS))];
  for (const text of texts) for (const w of chineseWords(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const frequent = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const dict = buildPinyinDictionary([...addedWords(), ...frequent]);
  cached = { dict, builtAt: performance.now() };
  return dict;
}
