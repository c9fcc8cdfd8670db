/**
 * The search use case. Search is public: the index only ever holds published content, so there is
 * no permission to check.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import {
  docNumberCandidates,
  hasCriteria,
  highlight,
  withoutDocNumber,
  queryParams,
  snippet,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SearchSuggestion,
} from '../model.ts';
import { fromPinyin, pinyinDictionary } from '../pinyin.ts';
import { queryTerms, segmentForIndex, type QueryTerm } from '../segment.ts';
import {
  facetValues,
  RANK_WINDOW,
  rowsByDocNumber,
  rowsByIds,
  searchRows,
  termMatches,
  type SearchFilters,
  type SearchRow,
} from '../store.ts';
import { ensureDictionary } from './indexing.ts';
import { synonymGroups, withSynonyms } from './synonyms.ts';

/** Sub-word matching kicks in when whole words find fewer than this many documents. */
const EXPAND_BELOW = 5;
/** The looser match (most words, not all) kicks in when the full match finds fewer than this many. */
const LOOSE_BELOW = 5;
/** At most this many looser matches are listed. */
const LOOSE_LIMIT = 200;

function filtersOf(q: SearchQuery): SearchFilters {
  return { column: q.column, topic: q.topic, org: q.org, year: q.year, type: q.type, validity: q.validity };
}

function highlightTerms(terms: QueryTerm[], docNumber: string | null): string[] {
  const out = terms.flatMap((t) => [
    t.word,
    ...t.parts,
    ...(t.synonyms ?? []).flatMap((x) => [x.word, ...x.parts]),
  ]);
  if (docNumber) out.push(docNumber);
  return out;
}

function toHit(row: SearchRow, marks: string[], exact: boolean, missing: string[] = []): SearchHit {
  return {
    kind: row.kind,
    refId: Number(row.ref_id),
    url: row.url,
    title: row.title,
    titleHtml: highlight(row.title, marks),
    snippetHtml: snippet(row.body, marks),
    orgId: row.org_id === null ? null : Number(row.org_id),
    docNumber: row.doc_number,
    publishedOn: shanghaiDate(row.published_at),
    itemType: row.item_type,
    validity: row.validity,
    columnKeys: JSON.parse(row.column_keys) as string[],
    topicKeys: JSON.parse(row.topic_keys) as string[],
    exact,
    missing,
  };
}

/**
 * Searches the index: jieba-segmented terms (all must match), filters, relevance or date order,
 * highlighted snippets; a query containing a 文号 in any bracket style puts that document first;
 * when nothing is found, suggestions (drop filters, fewer words) that do find something.
 */
export async function search(db: Kysely<DB>, query: SearchQuery): Promise<SearchResult> {
  const none = {
    terms: [],
    total: 0,
    totalExact: true,
    hits: [],
    suggestions: [],
    pinyin: null,
    synonyms: [],
    partial: 0,
  };
  if (!hasCriteria(query)) return { ...none, query, docNumber: null };
  await ensureDictionary(db);
  const filters = filtersOf(query);
  const candidates = query.q ? docNumberCandidates(query.q) : [];
  const exactRows = candidates.length ? await rowsByDocNumber(db, candidates, filters) : [];
  const docNumber = exactRows[0]?.doc_number ?? candidates[0] ?? null;
  // A 文号 in the query is matched as one phrase (documents citing it), the other words as usual.
  const terms = query.q ? queryTerms(candidates.length ? withoutDocNumber(query.q) : query.q) : [];
  const docPhrase = docNumber ? segmentForIndex(docNumber) : '';
  if (docPhrase) terms.push({ word: docPhrase, parts: [] });
  if (query.q && !terms.length && !exactRows.length) return { ...none, query, docNumber };
  const synonyms = withSynonyms(terms, await synonymGroups(db));
  const exactIds = new Set(exactRows.map((r) => Number(r.id)));
  const size = query.pageSize;
  const offset = (query.page - 1) * size;
  // Exact 文号 matches lead page 1; the ranked results follow them.
  const lead = query.page === 1 ? exactRows : [];
  const normalOffset = Math.max(0, offset - exactRows.length);
  const found =
    terms.length || !query.q
      ? await matchWords(db, terms, filters, query.sort, size + exactRows.length, normalOffset)
      : { rows: [], total: 0, totalExact: true };
  const rest = found.rows.filter((r) => !exactIds.has(Number(r.id)));
  const overlap = found.rows.length - rest.length;
  const rows = [...lead, ...rest].slice(0, size);
  const marks = highlightTerms(terms, docNumber);
  let hits = rows.map((r) => toHit(r, marks, exactIds.has(Number(r.id))));
  let total = found.total - overlap + exactRows.length;
  // Few full matches for several words: add those matching most of the words, after them.
  let partial = 0;
  if (total < LOOSE_BELOW && terms.length >= 2 && !docNumber && query.q) {
    const full =
      offset === 0 && found.rows.length >= total
        ? found.rows
        : (await matchWords(db, terms, filters, query.sort, LOOSE_BELOW, 0)).rows;
    const loose = await looseMatches(db, terms, filters, new Set(full.map((r) => Number(r.id))));
    if (loose.length) {
      const all = [...full.map((r) => ({ id: Number(r.id), missing: [] as string[] })), ...loose];
      const pageOf = all.slice(offset, offset + size);
      const fetched = await rowsByIds(
        db,
        pageOf.map((x) => x.id),
      );
      const byId = new Map(fetched.map((r) => [Number(r.id), r]));
      hits = pageOf.flatMap((x) => {
        const r = byId.get(x.id);
        return r ? [toHit(r, marks, false, x.missing)] : [];
      });
      total = all.length;
      partial = loose.length;
    }
  }
  // A query with no Chinese that finds almost nothing may be pinyin: search the words it spells.
  if (total < EXPAND_BELOW && query.q && !docNumber && !/[\u4e00-\u9fff]/.test(query.q)) {
    const chinese = fromPinyin(query.q, await pinyinDictionary(db));
    const read = chinese ? await search(db, { ...query, q: chinese }) : null;
    if (read && read.total > total) return { ...read, query, pinyin: chinese };
  }
  const suggestions = total - partial === 0 ? await suggest(db, query, terms, filters) : [];
  return {
    query,
    terms: terms.map((t) => (t.word === docPhrase ? docNumber! : t.word)),
    total,
    totalExact: found.totalExact,
    hits,
    docNumber,
    suggestions,
    pinyin: null,
    synonyms,
    partial,
  };
}

/**
 * Documents matching at least half of the words (rounded up) but not all of them, ranked by how
 * many words they match, then by the sum of their per-word relevance; `full` (the full matches)
 * left out. Each word is looked up in the newest RANK_WINDOW matches, as a full search is.
 */
async function looseMatches(
  db: Kysely<DB>,
  terms: QueryTerm[],
  filters: SearchFilters,
  full: Set<number>,
): Promise<{ id: number; missing: string[] }[]> {
  const need = Math.ceil(terms.length / 2);
  const found = new Map<number, { hit: boolean[]; score: number }>();
  for (const [i, t] of terms.entries()) {
    for (const m of await termMatches(db, t, filters)) {
      if (full.has(m.id)) continue;
      const f = found.get(m.id) ?? { hit: terms.map(() => false), score: 0 };
      f.hit[i] = true;
      f.score += m.score;
      found.set(m.id, f);
    }
  }
  const count = (f: { hit: boolean[] }) => f.hit.filter(Boolean).length;
  return [...found.entries()]
    .filter(([, f]) => count(f) >= need && count(f) < terms.length)
    .sort(([a, x], [b, y]) => count(y) - count(x) || y.score - x.score || b - a)
    .slice(0, LOOSE_LIMIT)
    .map(([id, f]) => ({ id, missing: terms.filter((_, i) => !f.hit[i]).map((t) => t.word) }));
}

/**
 * The ref ids of indexed documents of one type that match every word of `q` in their full text
 * (whole words, then sub-words when that finds almost nothing), best first, at most RANK_WINDOW:
 * for a module's own list page searched by keyword (the normative library's).
 */
export async function matchingRefIds(db: Kysely<DB>, itemType: string, q: string): Promise<number[]> {
  await ensureDictionary(db);
  const terms = queryTerms(q);
  if (!terms.length) return [];
  return (await matchWords(db, terms, { type: itemType }, 'relevance', RANK_WINDOW, 0)).rows.map((r) =>
    Number(r.ref_id),
  );
}

/**
 * Rows matching every term: whole words first (the index holds them, in search mode); only when
 * that finds almost nothing, each word also as all of its sub-words (text segmented before a word
 * joined the dictionary).
 */
async function matchWords(
  db: Kysely<DB>,
  terms: QueryTerm[],
  filters: SearchFilters,
  sort: SearchQuery['sort'],
  limit: number,
  offset: number,
) {
  const whole = terms.map((t) => ({
    word: t.word,
    parts: [],
    synonyms: t.synonyms?.map((x) => ({ word: x.word, parts: [] })),
  }));
  const found = await searchRows(db, whole, filters, sort, limit, offset);
  const expandable = terms.some((t) => t.parts.length || t.synonyms?.some((x) => x.parts.length));
  return found.total < EXPAND_BELOW && expandable
    ? searchRows(db, terms, filters, sort, limit, offset)
    : found;
}

/** How many a search would find, as a label: "12" or "5000 多". */
async function countFor(db: Kysely<DB>, terms: QueryTerm[], filters: SearchFilters): Promise<string | null> {
  const r = await searchRows(db, terms, filters, 'relevance', 1, 0);
  if (r.total === 0) return null;
  return r.totalExact ? String(r.total) : `${r.total} 多`;
}

/** Searches that would find something when this one found nothing (each one checked). */
async function suggest(
  db: Kysely<DB>,
  query: SearchQuery,
  terms: QueryTerm[],
  filters: SearchFilters,
): Promise<SearchSuggestion[]> {
  const out: SearchSuggestion[] = [];
  const hasFilters = Object.values(filters).some((v) => v !== undefined);
  if (hasFilters && terms.length) {
    const n = await countFor(db, terms, {});
    if (n)
      out.push({
        label: `去掉筛选条件，搜索“${query.q}”（${n} 条结果）`,
        params: queryParams({ q: query.q, sort: query.sort, page: 1, pageSize: query.pageSize }),
      });
  }
  if (terms.length > 1) {
    for (const t of terms) {
      if (out.length >= 4) break;
      const n = await countFor(db, [t], filters);
      if (n)
        out.push({
          label: `只搜“${t.word}”（${n} 条结果）`,
          params: queryParams(query, { q: t.word, page: undefined }),
        });
    }
  } else if (terms.length === 1 && terms[0]!.parts.length) {
    for (const p of terms[0]!.parts) {
      if (out.length >= 4) break;
      const n = await countFor(db, [{ word: p, parts: [] }], filters);
      if (n)
        out.push({
          label: `换个短一点的词：“${p}”（${n} 条结果）`,
          params: queryParams(query, { q: p, page: undefined }),
        });
    }
  }
  return out;
}

/** Values to offer in the search page's filter selects. */
export async function searchFacets(db: Kysely<DB>) {
  return facetValues(db);
}
