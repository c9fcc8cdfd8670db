/**
 * Search queries. The full-text match differs by engine (FTS5 MATCH + bm25 on SQLite, tsvector @@
 * tsquery + ts_rank on PostgreSQL); filters, paging and rows are shared.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { engineOf } from '../../../db/index.ts';
import type { DB } from '../../../db/types.ts';
import type { QueryTerm } from '../segment.ts';
import { BLOCK, BUCKET, COLUMNS, tagToken, type SearchFilters, type SearchRow } from './documents.ts';

/** The filters' lexemes (all must be present). */
function filterLexemes(f: SearchFilters): string[] {
  const out: string[] = [];
  if (f.column !== undefined) out.push(`zz:column:${f.column}`);
  if (f.topic !== undefined) out.push(`zz:topic:${f.topic}`);
  if (f.org !== undefined) out.push(`zz:org:${f.org}`);
  if (f.year !== undefined) out.push(`zz:year:${f.year}`);
  if (f.type !== undefined) out.push(`zz:type:${f.type}`);
  if (f.validity !== undefined) out.push(`zz:validity:${f.validity}`);
  return out;
}

/** tsquery text for lexemes taken verbatim (quoted: the input parser neither splits nor folds them). */
function lexemeQuery(lexemes: string[], op: '&' | '|'): string {
  return lexemes.map((l) => `'${l.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(` ${op} `);
}

function filterTokens(f: SearchFilters): string[] {
  const out: string[] = [];
  if (f.column !== undefined) out.push(tagToken('column', f.column));
  if (f.topic !== undefined) out.push(tagToken('topic', f.topic));
  if (f.org !== undefined) out.push(tagToken('org', f.org));
  if (f.year !== undefined) out.push(tagToken('year', f.year));
  if (f.type !== undefined) out.push(tagToken('type', f.type));
  if (f.validity !== undefined) out.push(tagToken('validity', f.validity));
  return out;
}

function filterSql(f: SearchFilters): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  if (f.column !== undefined)
    out.push(
      sql`exists (select 1 from search_document_tags t where t.document_id = d.id and t.tag_kind = 'column' and t.tag_key = ${f.column})`,
    );
  if (f.topic !== undefined)
    out.push(
      sql`exists (select 1 from search_document_tags t where t.document_id = d.id and t.tag_kind = 'topic' and t.tag_key = ${f.topic})`,
    );
  if (f.org !== undefined) out.push(sql`d.org_id = ${f.org}`);
  if (f.year !== undefined) out.push(sql`d.year = ${f.year}`);
  if (f.type !== undefined) out.push(sql`d.item_type = ${f.type}`);
  if (f.validity !== undefined) out.push(sql`d.validity = ${f.validity}`);
  return out;
}

/** FTS5 query text: each term whole or all its sub-words; terms ANDed. Quotes make every term a literal. */
export function fts5Expression(terms: QueryTerm[]): string {
  const q = (w: string) => `"${w.replace(/"/g, '""')}"`;
  const one = (t: Pick<QueryTerm, 'word' | 'parts'>) =>
    t.parts.length ? `(${q(t.word)} OR (${t.parts.map(q).join(' AND ')}))` : q(t.word);
  return terms
    .map((t) => (t.synonyms?.length ? `(${[t, ...t.synonyms].map(one).join(' OR ')})` : one(t)))
    .join(' AND ');
}

/** One term as a PostgreSQL tsquery, built with the same parser the index used. */
function termQuery(t: QueryTerm): RawBuilder<unknown> {
  const one = (w: string) => sql`phraseto_tsquery('simple', ${w})`;
  const single = (x: Pick<QueryTerm, 'word' | 'parts'>) =>
    x.parts.length ? sql`(${one(x.word)} || (${sql.join(x.parts.map(one), sql` && `)}))` : one(x.word);
  return t.synonyms?.length ? sql.join([t, ...t.synonyms].map(single), sql` || `) : single(t);
}

/** The same as fts5Expression, as a PostgreSQL tsquery (what ts_rank scores). */
function tsQuery(terms: QueryTerm[]): RawBuilder<unknown> {
  return sql.join(
    terms.map((t) => sql`(${termQuery(t)})`),
    sql` && `,
  );
}

/**
 * The match as one `@@` per term (and one for the filters): GIN scans each as its own key and
 * skips each key's postings to the next document the others allow, where one ANDed tsquery walks
 * every posting of its rarest word and tests the others on each (15% less at 1M documents).
 */
function tsMatch(terms: QueryTerm[], tags: string[]): RawBuilder<unknown> {
  const keys = terms.map((t) => sql`d.tsv @@ (${termQuery(t)})`);
  if (tags.length) keys.push(sql`d.tsv @@ cast(${lexemeQuery(tags, '&')} as tsquery)`);
  return sql.join(keys, sql` and `);
}

export interface SearchPage {
  rows: SearchRow[];
  /** Matches counted, up to RANK_WINDOW + 1. */
  total: number;
  /** False when more than RANK_WINDOW documents match: total is then a lower bound. */
  totalExact: boolean;
}

/**
 * At most this many matches are ranked. A query matching more (a common word on a large site)
 * ranks the newest RANK_WINDOW matches — those with the highest ids, i.e. indexed last — so its cost
 * stays bounded however large the index grows (bench/search.bench.ts). The total is then shown as
 * "more than RANK_WINDOW".
 */
export const RANK_WINDOW = 2000;

/** Descending order of two ISO timestamps (same format: text order is time order). */
const cmpDesc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

/** A match found on PostgreSQL: what ordering and ranking need, without the display columns. */
interface Match {
  id: number;
  published_at: string;
  score: number;
}

/**
 * How much further back than the density seen so far suggests a probe reads. Small: every match of
 * a probe's range is read from the heap and ranked (the limit applies after the sort), while a
 * probe that falls short costs only another GIN probe of the little left to find.
 */
const MARGIN = 1.1;

/**
 * The recency lexemes covering buckets lo..hi (newest first): single buckets down to a block
 * boundary, then whole blocks (lo rounded down to one: reading a little more costs less than a
 * longer OR, which GIN tests for every candidate document).
 */
function recencyLexemes(lo: number, hi: number): string[] {
  const out: string[] = [];
  let i = hi;
  while (i >= lo && (i + 1) % BLOCK !== 0) out.push(`zz:b:${i--}`);
  for (; i >= lo; i -= BLOCK) out.push(`zz:c:${Math.floor(i / BLOCK)}`);
  return out;
}

/** What searchRows asks of the probes: the best `k` by `sort` of the ranked window, and the count. */
interface Best {
  sort: 'relevance' | 'date';
  k: number;
}

/** Best first, as searchRows orders them (the "C" collation orders the ISO text as JS's `<` does). */
const BEST_SQL = {
  relevance: sql.raw('score desc, published_at collate "C" desc, id desc'),
  date: sql.raw('published_at collate "C" desc, id desc'),
};

/**
 * The newest `cap` matches of the terms within the filters on PostgreSQL, found by probing recency
 * buckets newest first. The first probe reads the newest two buckets (the newest may have just
 * begun); the density of matches seen so far says how far back the rest lies, and the next probe
 * reads that far (MARGIN more), without reading again what was read; once that reaches the oldest
 * bucket, everything older is read at once.
 * A probe is `tsv @@ term` per term, `tsv @@ filters` and `tsv @@ (its recency lexemes ORed)`: GIN
 * scans each condition as its own key and skips every key's postings to the next document the
 * others allow, so a probe costs about the rarest word's postings within its range plus a heap read
 * and a rank per match. (With the recency lexemes ORed into the query's own tsquery GIN walked every
 * document of the range instead: four times the CPU at 1M documents.)
 * Without `best`, every match comes back with its ts_rank (newest first). With it, the newest
 * `cap - 1` matches are the window and each probe sends back only the best `best.k` of its part of
 * the window (by date needs no ts_rank), which together hold the best `k` of the whole window:
 * not two thousand rows to parse per search.
 * Why: a GIN bitmap of a common word holds a tenth of a million documents, each a heap row to read
 * and rank; the probes cut that to about `cap` rows (docs/modules/search.md). The result is exactly
 * the newest `cap` matches of the whole index. Only id, date and score leave the database: the
 * display columns are read for the page shown.
 */
async function newestMatches(
  db: Kysely<DB>,
  terms: QueryTerm[],
  filters: SearchFilters,
  cap: number,
  best?: Best,
): Promise<{ matches: Match[]; found: number }> {
  const top = await sql<{ m: number | null }>`select max(id) as m from search_documents`.execute(db);
  const maxId = Number(top.rows[0]?.m ?? 0);
  const tags = filterLexemes(filters);
  const matches: Match[] = [];
  let found = 0;
  let hi = Math.floor(maxId / BUCKET);
  let lo = Math.max(0, hi - 1);
  for (;;) {
    const recency = recencyLexemes(lo, hi);
    // The block rounding may reach below lo: what a probe reads starts at its last lexeme.
    const last = recency[recency.length - 1]!;
    const from = last.startsWith('zz:c:') ? Number(last.slice(5)) * BLOCK : Number(last.slice(5));
    // Everything older at once: `id <` costs a heap read of each match already found (fewer than
    // cap), the recency lexemes of the whole index more than that (GIN tests their OR per match).
    const range = lo
      ? sql`d.tsv @@ cast(${lexemeQuery(recency, '|')} as tsquery)`
      : sql`d.id < ${(hi + 1) * BUCKET}`;
    const score = best?.sort === 'date' ? sql`0` : sql`ts_rank(d.tsv, ${tsQuery(terms)})`;
    const n = cap - found;
    const probe = sql`select d.id, d.published_at, ${score} as score from search_documents d
      where ${tsMatch(terms, tags)} and ${range} order by d.id desc limit ${n}`;
    // With `best`: the probe's count, then its best k — without the oldest match when it fills
    // the cap (the one past the window, which only says "more").
    const r = best
      ? await sql<Match & { n: number | null }>`with w as (${probe}),
          c as (select count(*) as n, min(id) as oldest from w)
          select null as id, null as published_at, null as score, c.n from c
          union all (select w.id, w.published_at, w.score, null from w, c
            where not (c.n = ${n} and w.id = c.oldest) order by ${BEST_SQL[best.sort]} limit ${best.k})`.execute(
          db,
        )
      : await probe.$castTo<Match & { n?: undefined }>().execute(db);
    let got = 0;
    for (const m of r.rows) {
      if (m.n !== null && m.n !== undefined) got = Number(m.n);
      else matches.push({ id: Number(m.id), published_at: m.published_at, score: Number(m.score) });
    }
    found += best ? got : r.rows.length;
    if (found >= cap || from <= 0) return { matches, found };
    const density = found / (maxId - from * BUCKET + 1);
    const wanted = density ? ((cap - found) * MARGIN) / density : Infinity;
    hi = from - 1;
    lo = Math.max(0, Math.floor(hi - wanted / BUCKET));
  }
}

/** bm25 weights: title 10, meta (文号, org, column, topic) 4, body 1, tags 0. Lower scores rank first. */
const BM25 = sql`bm25(search_fts, 10.0, 4.0, 1.0, 0.0)`;

/**
 * The filters minus those every indexed document passes (read from the facet counts): a filter on
 * the only year a site has, say, selects nothing and would only slow the match down.
 */
async function effectiveFilters(db: Kysely<DB>, filters: SearchFilters): Promise<SearchFilters> {
  const checked: [keyof SearchFilters, string, string][] = [];
  if (filters.year !== undefined) checked.push(['year', 'year', String(filters.year)]);
  if (filters.type !== undefined) checked.push(['type', 'type', filters.type]);
  if (filters.org !== undefined) checked.push(['org', 'org', String(filters.org)]);
  if (filters.column !== undefined) checked.push(['column', 'column', filters.column]);
  if (filters.topic !== undefined) checked.push(['topic', 'topic', filters.topic]);
  if (!checked.length) return filters;
  const rows = await db
    .selectFrom('search_facets')
    .select(['facet', 'value', 'documents'])
    .where((eb) =>
      eb.or([
        eb('facet', '=', 'year'),
        ...checked.map(([, facet, value]) => eb.and([eb('facet', '=', facet), eb('value', '=', value)])),
      ]),
    )
    .execute();
  // Every document has exactly one year: the year counts add up to the index's size.
  const size = rows.filter((r) => r.facet === 'year').reduce((n, r) => n + Number(r.documents), 0);
  const out = { ...filters };
  for (const [key, facet, value] of checked) {
    const row = rows.find((r) => r.facet === facet && r.value === value);
    if (size > 0 && row && Number(row.documents) === size) delete out[key];
  }
  return out;
}

/**
 * Documents matching every term (or only the filters when there are no terms), best first or
 * newest first, one page of them and the (capped) total.
 */
export async function searchRows(
  db: Kysely<DB>,
  terms: QueryTerm[],
  allFilters: SearchFilters,
  sort: 'relevance' | 'date',
  limit: number,
  offset: number,
  window = RANK_WINDOW,
): Promise<SearchPage> {
  const filters = await effectiveFilters(db, allFilters);
  const conds = filterSql(filters);
  const cap = window + 1;
  const counted = (n: number) => ({ total: Math.min(n, window), totalExact: n <= window });
  if (!terms.length) {
    const where = conds.length ? sql`where ${sql.join(conds, sql` and `)}` : sql``;
    const rows =
      await sql<SearchRow>`select ${COLUMNS} from search_documents d ${where} order by d.published_at desc, d.id desc limit ${limit} offset ${offset}`.execute(
        db,
      );
    const total = await sql<{
      n: number;
    }>`select count(*) as n from (select 1 from search_documents d ${where} limit ${cap}) c`.execute(db);
    return { rows: rows.rows, ...counted(Number(total.rows[0]?.n ?? 0)) };
  }
  if (engineOf(db) === 'postgres') {
    const { matches, found } = await newestMatches(db, terms, filters, cap, { sort, k: offset + limit });
    const ranked = matches.sort((a, b) =>
      sort === 'date'
        ? cmpDesc(a.published_at, b.published_at) || b.id - a.id
        : b.score - a.score || cmpDesc(a.published_at, b.published_at) || b.id - a.id,
    );
    const rows = await rowsByIds(
      db,
      ranked.slice(offset, offset + limit).map((m) => m.id),
    );
    return { rows, ...counted(found) };
  }
  return ftsRows(
    db,
    `{title meta body} : (${fts5Expression(terms)})`,
    filterTokens(filters),
    sort,
    limit,
    offset,
    window,
  );
}

/**
 * An FTS5 search in two steps, both id-ordered walks that stop early. First the newest window + 1
 * matches: the count. Then the window is ranked — by date from search_documents, or by bm25 over
 * the same walk (`order by rowid desc limit window`, then by score). A rowid range or an id list as
 * the bound was 2–10 times slower at 1M documents: FTS5 walks a MATCH with `rowid >= x` from the
 * start of each doclist, and `rowid in (…)` runs one MATCH per id. The tag tokens stay in the
 * ranking MATCH with weight 0, so they change no score. What remains is bm25's IDF, computed per
 * query over each phrase's whole doclist (docs/modules/search.md).
 */
async function ftsRows(
  db: Kysely<DB>,
  text: string,
  tags: string[],
  sort: 'relevance' | 'date',
  limit: number,
  offset: number,
  window: number,
): Promise<SearchPage> {
  const expr = tags.length ? `${text} AND tags : (${tags.join(' AND ')})` : text;
  const found = await sql<{
    r: number;
  }>`select rowid as r from search_fts where search_fts match ${expr} order by rowid desc limit ${window + 1}`.execute(
    db,
  );
  const n = found.rows.length;
  if (!n) return { rows: [], total: 0, totalExact: true };
  const counted = { total: Math.min(n, window), totalExact: n <= window };
  if (sort === 'date') {
    const inWindow = sql.join(found.rows.slice(0, window).map((r) => Number(r.r)));
    const page =
      await sql<SearchRow>`select ${COLUMNS} from search_documents d where d.id in (${inWindow}) order by d.published_at desc, d.id desc limit ${limit} offset ${offset}`.execute(
        db,
      );
    return { rows: page.rows, ...counted };
  }
  const ranked = sql`select search_fts.rowid as rid, ${BM25} as score from search_fts where search_fts match ${expr} order by search_fts.rowid desc limit ${window}`;
  const page =
    await sql<SearchRow>`select ${COLUMNS}, r.score from (select rid, score from (${ranked}) order by score, rid desc limit ${limit} offset ${offset}) r join search_documents d on d.id = r.rid order by r.score, d.id desc`.execute(
      db,
    );
  return { rows: page.rows, ...counted };
}

/** Documents whose normalised 文号 is one of these, within the filters. */
export async function rowsByDocNumber(
  db: Kysely<DB>,
  docNumbers: string[],
  filters: SearchFilters,
): Promise<SearchRow[]> {
  if (!docNumbers.length) return [];
  const conds = [sql`d.doc_number in (${sql.join(docNumbers)})`, ...filterSql(filters)];
  const r =
    await sql<SearchRow>`select ${COLUMNS} from search_documents d where ${sql.join(conds, sql` and `)} order by d.published_at desc limit 5`.execute(
      db,
    );
  return r.rows;
}

/** Values present in the index, for the filter selects: one read of the small facet table. */
export async function facetValues(
  db: Kysely<DB>,
): Promise<{ years: number[]; types: string[]; columns: string[]; topics: string[]; orgIds: number[] }> {
  const rows = await db.selectFrom('search_facets').select(['facet', 'value']).orderBy('value').execute();
  const of = (facet: string) => rows.filter((r) => r.facet === facet).map((r) => r.value);
  return {
    years: of('year')
      .map(Number)
      .sort((a, b) => b - a),
    types: of('type'),
    orgIds: of('org').map(Number),
    columns: of('column'),
    topics: of('topic'),
  };
}

// ---------------------------------------------------------------------------------------------
// Looser matching (issue 24 part 2)

/**
 * The newest `window` documents matching one term (whole, sub-words or synonyms) within the
 * filters, each with a relevance score (higher is better): what the looser match counts per word.
 */
export async function termMatches(
  db: Kysely<DB>,
  term: QueryTerm,
  allFilters: SearchFilters,
  window = RANK_WINDOW,
): Promise<{ id: number; score: number }[]> {
  const filters = await effectiveFilters(db, allFilters);
  if (engineOf(db) === 'postgres')
    return (await newestMatches(db, [term], filters, window)).matches.map(({ id, score }) => ({ id, score }));
  const tags = filterTokens(filters);
  const text = `{title meta body} : (${fts5Expression([term])})`;
  const expr = tags.length ? `${text} AND tags : (${tags.join(' AND ')})` : text;
  const r = await sql<{
    id: number;
    score: number;
  }>`select rowid as id, -${BM25} as score from search_fts where search_fts match ${expr} order by rowid desc limit ${window}`.execute(
    db,
  );
  return r.rows.map((x) => ({ id: Number(x.id), score: Number(x.score) }));
}

/** Stored documents by id, in the order given. */
export async function rowsByIds(db: Kysely<DB>, ids: number[]): Promise<SearchRow[]> {
  if (!ids.length) return [];
  const r =
    await sql<SearchRow>`select ${COLUMNS} from search_documents d where d.id in (${sql.join(ids)})`.execute(
      db,
    );
  const byId = new Map(r.rows.map((row) => [Number(row.id), row]));
  return ids.map((id) => byId.get(id)).filter((row): row is SearchRow => row !== undefined);
}
