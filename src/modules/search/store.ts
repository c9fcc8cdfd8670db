/**
 * Search queries. The full-text match differs by engine (FTS5 MATCH + bm25 on SQLite, tsvector @@
 * tsquery + ts_rank on PostgreSQL); filters, paging and rows are shared.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { engineOf } from '../../db/index.ts';
import type { DB } from '../../db/types.ts';
import type { QueryTerm } from './segment.ts';

/** A stored document as the service reads it. */
export interface SearchRow {
  id: number;
  kind: string;
  ref_id: number;
  url: string;
  title: string;
  body: string;
  org_id: number | null;
  doc_number: string | null;
  year: number;
  published_at: string;
  item_type: string | null;
  validity: string | null;
  column_keys: string;
  topic_keys: string;
}

/** What one document holds, ready to store. */
export type SearchRowInput = Omit<SearchRow, 'id'>;

/** Segmented text for the three weighted fields. */
export interface SegmentedText {
  title: string;
  meta: string;
  body: string;
}

export interface SearchFilters {
  column?: string;
  topic?: string;
  org?: number;
  year?: number;
  type?: string;
  validity?: string;
}

const COLUMNS = sql.raw(
  'd.id, d.kind, d.ref_id, d.url, d.title, d.body, d.org_id, d.doc_number, d.year, d.published_at, d.item_type, d.validity, d.column_keys, d.topic_keys',
);

/** Inserts or replaces the document with this kind and refId, its tags and its full text. */
export async function upsertSearchRow(
  db: Kysely<DB>,
  row: SearchRowInput,
  text: SegmentedText,
  columnKeys: string[],
  topicKeys: string[],
): Promise<number> {
  const existing = await db
    .selectFrom('search_documents')
    .select('id')
    .where('kind', '=', row.kind)
    .where('ref_id', '=', row.ref_id)
    .executeTakeFirst();
  let id: number;
  if (existing) {
    id = existing.id;
    await db.updateTable('search_documents').set(row).where('id', '=', id).execute();
    await db.deleteFrom('search_document_tags').where('document_id', '=', id).execute();
  } else {
    const r = await db.insertInto('search_documents').values(row).returning('id').executeTakeFirstOrThrow();
    id = r.id;
  }
  const tags = [...new Set(columnKeys)]
    .map((k) => ({ document_id: id, tag_kind: 'column', tag_key: k }))
    .concat([...new Set(topicKeys)].map((k) => ({ document_id: id, tag_kind: 'topic', tag_key: k })));
  if (tags.length) await db.insertInto('search_document_tags').values(tags).execute();
  if (engineOf(db) === 'postgres') {
    await sql`update search_documents set tsv = setweight(to_tsvector('simple', ${text.title}), 'A') || setweight(to_tsvector('simple', ${text.meta}), 'B') || setweight(to_tsvector('simple', ${text.body}), 'C') where id = ${id}`.execute(
      db,
    );
  } else {
    if (existing) await sql`delete from search_fts where rowid = ${id}`.execute(db);
    const tags = documentTagTokens(row, columnKeys, topicKeys).join(' ');
    await sql`insert into search_fts (rowid, title, meta, body, tags) values (${id}, ${text.title}, ${text.meta}, ${text.body}, ${tags})`.execute(
      db,
    );
  }
  return id;
}

/** Removes a document (its tags and full text go with it: cascade / trigger). Returns whether it existed. */
export async function deleteSearchRow(db: Kysely<DB>, kind: string, refId: number): Promise<boolean> {
  const existing = await db
    .selectFrom('search_documents')
    .select('id')
    .where('kind', '=', kind)
    .where('ref_id', '=', refId)
    .executeTakeFirst();
  if (!existing) return false;
  await db.deleteFrom('search_document_tags').where('document_id', '=', existing.id).execute();
  await db.deleteFrom('search_documents').where('id', '=', existing.id).execute();
  return true;
}

/** Empties the index (before a rebuild). */
export async function clearSearchIndex(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('search_document_tags').execute();
  await db.deleteFrom('search_documents').execute();
  if (engineOf(db) === 'sqlite') await sql`delete from search_fts`.execute(db);
}

export async function countSearchRows(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('search_documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** FNV-1a, base 36: a short token-safe name for any filter value. */
function hash(value: string): string {
  let h = 0x811c9dc5;
  for (const ch of value) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** The token standing for one filter value in the FTS5 `tags` column (letters and digits only). */
export function tagToken(
  kind: 'year' | 'type' | 'org' | 'column' | 'topic' | 'validity',
  value: string | number,
): string {
  return `zz${kind}${kind === 'year' || kind === 'org' ? String(value) : hash(String(value))}`;
}

/** Every filter token of a document. */
export function documentTagTokens(
  row: Pick<SearchRow, 'year' | 'item_type' | 'org_id' | 'validity'>,
  columnKeys: string[],
  topicKeys: string[],
): string[] {
  const out = [tagToken('year', row.year)];
  if (row.item_type) out.push(tagToken('type', row.item_type));
  if (row.org_id !== null) out.push(tagToken('org', row.org_id));
  if (row.validity) out.push(tagToken('validity', row.validity));
  for (const k of new Set(columnKeys)) out.push(tagToken('column', k));
  for (const k of new Set(topicKeys)) out.push(tagToken('topic', k));
  return out;
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
  return terms
    .map((t) => (t.parts.length ? `(${q(t.word)} OR (${t.parts.map(q).join(' AND ')}))` : q(t.word)))
    .join(' AND ');
}

/** The same as a PostgreSQL tsquery, built with the same parser the index used. */
function tsQuery(terms: QueryTerm[]): RawBuilder<unknown> {
  const one = (w: string) => sql`phraseto_tsquery('simple', ${w})`;
  const term = (t: QueryTerm) =>
    t.parts.length ? sql`(${one(t.word)} || (${sql.join(t.parts.map(one), sql` && `)}))` : one(t.word);
  return sql.join(
    terms.map((t) => sql`(${term(t)})`),
    sql` && `,
  );
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

/**
 * Documents matching every term (or only the filters when there are no terms), best first or
 * newest first, one page of them and the (capped) total.
 */
export async function searchRows(
  db: Kysely<DB>,
  terms: QueryTerm[],
  filters: SearchFilters,
  sort: 'relevance' | 'date',
  limit: number,
  offset: number,
  window = RANK_WINDOW,
): Promise<SearchPage> {
  const conds = filterSql(filters);
  const and = (extra: RawBuilder<unknown>[]) =>
    extra.length ? sql` and ${sql.join(extra, sql` and `)}` : sql``;
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
    const q = tsQuery(terms);
    const matches = sql`from search_documents d, (select ${q} as q) qq where d.tsv @@ qq.q${and(conds)}`;
    const n = Number(
      (await sql<{ n: number }>`select count(*) as n from (select 1 ${matches} limit ${cap}) c`.execute(db))
        .rows[0]?.n ?? 0,
    );
    const ranked =
      n > window
        ? sql`(select d.*, qq.q ${matches} order by d.id desc limit ${window})`
        : sql`(select d.*, qq.q ${matches})`;
    const order =
      sort === 'date' ? sql`d.published_at desc, d.id desc` : sql`score desc, d.published_at desc, d.id desc`;
    const rows =
      await sql<SearchRow>`select ${COLUMNS}, ts_rank(d.tsv, d.q) as score from ${ranked} d order by ${order} limit ${limit} offset ${offset}`.execute(
        db,
      );
    return { rows: rows.rows, ...counted(n) };
  }
  // Terms restricted to the text columns; filters as tag tokens — one FTS5 query, no join.
  const tags = filterTokens(filters);
  const expr =
    `{title meta body} : (${fts5Expression(terms)})` +
    (tags.length ? ` AND tags : (${tags.join(' AND ')})` : '');
  const matches = sql`from search_fts where search_fts match ${expr}`;
  const n = Number(
    (await sql<{ n: number }>`select count(*) as n from (select rowid ${matches} limit ${cap}) c`.execute(db))
      .rows[0]?.n ?? 0,
  );
  let floor = sql``;
  if (n > window) {
    // FTS5 walks a doclist backwards cheaply: the id of the window-th newest match bounds the window.
    const f = await sql<{
      r: number;
    }>`select rowid as r ${matches} order by rowid desc limit 1 offset ${window - 1}`.execute(db);
    floor = sql` and search_fts.rowid >= ${Number(f.rows[0]?.r ?? 0)}`;
  }
  // bm25 weights: title 10, meta (文号, org, column, topic) 4, body 1, tags 0. Lower scores rank first.
  // Rank ids only, then fetch the page's rows: the sorter never carries the bodies of every match.
  const join = sort === 'date' ? sql`join search_documents d on d.id = search_fts.rowid ` : sql``;
  const order = sort === 'date' ? sql`d.published_at desc, d.id desc` : sql`score, search_fts.rowid desc`;
  const rows =
    await sql<SearchRow>`select ${COLUMNS}, r.score from (select search_fts.rowid as rid, bm25(search_fts, 10.0, 4.0, 1.0, 0.0) as score from search_fts ${join}where search_fts match ${expr}${floor} order by ${order} limit ${limit} offset ${offset}) r join search_documents d on d.id = r.rid order by ${sort === 'date' ? sql`d.published_at desc, d.id desc` : sql`r.score, d.id desc`}`.execute(
      db,
    );
  return { rows: rows.rows, ...counted(n) };
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

/** Values present in the index, for the filter selects. */
export async function facetValues(
  db: Kysely<DB>,
): Promise<{ years: number[]; types: string[]; columns: string[]; topics: string[]; orgIds: number[] }> {
  const years = await db
    .selectFrom('search_documents')
    .select('year')
    .distinct()
    .orderBy('year', 'desc')
    .execute();
  const types = await db
    .selectFrom('search_documents')
    .select('item_type')
    .distinct()
    .where('item_type', 'is not', null)
    .execute();
  const orgs = await db
    .selectFrom('search_documents')
    .select('org_id')
    .distinct()
    .where('org_id', 'is not', null)
    .execute();
  const tags = await db
    .selectFrom('search_document_tags')
    .select(['tag_kind', 'tag_key'])
    .distinct()
    .orderBy('tag_key')
    .execute();
  return {
    years: years.map((r) => r.year),
    types: types.map((r) => r.item_type!).sort(),
    orgIds: orgs.map((r) => r.org_id!),
    columns: tags.filter((t) => t.tag_kind === 'column').map((t) => t.tag_key),
    topics: tags.filter((t) => t.tag_kind === 'topic').map((t) => t.tag_key),
  };
}
