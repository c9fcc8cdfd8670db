/**
 * The index's stored documents: writing and removing them with their tags, facets and full text
 * (FTS5 on SQLite, a tsvector on PostgreSQL), and the filter tokens both engines store.
 */
import { sql, type Kysely } from 'kysely';
import { engineOf } from '../../../db/index.ts';
import type { DB } from '../../../db/types.ts';

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

/** The document columns every row-reading query selects (alias `d`). */
export const COLUMNS = sql.raw(
  'd.id, d.kind, d.ref_id, d.url, d.title, d.body, d.org_id, d.doc_number, d.year, d.published_at, d.item_type, d.validity, d.column_keys, d.topic_keys',
);

type FacetRow = Pick<SearchRow, 'year' | 'item_type' | 'org_id'>;

/** The facet values one document counts towards. */
function facetsOf(row: FacetRow, columnKeys: string[], topicKeys: string[]): [string, string][] {
  const out: [string, string][] = [['year', String(row.year)]];
  if (row.item_type) out.push(['type', row.item_type]);
  if (row.org_id !== null) out.push(['org', String(row.org_id)]);
  for (const k of new Set(columnKeys)) out.push(['column', k]);
  for (const k of new Set(topicKeys)) out.push(['topic', k]);
  return out;
}

/** Adds (+1) or takes away (-1) one document's facet values; values no document carries go. */
async function countFacets(db: Kysely<DB>, facets: [string, string][], delta: 1 | -1): Promise<void> {
  if (!facets.length) return;
  if (delta === 1) {
    await db
      .insertInto('search_facets')
      .values(facets.map(([facet, value]) => ({ facet, value, documents: 1 })))
      .onConflict((oc) =>
        oc
          .columns(['facet', 'value'])
          .doUpdateSet({ documents: (eb) => eb('search_facets.documents', '+', 1) }),
      )
      .execute();
    return;
  }
  for (const [facet, value] of facets)
    await db
      .updateTable('search_facets')
      .set((eb) => ({ documents: eb('documents', '-', 1) }))
      .where('facet', '=', facet)
      .where('value', '=', value)
      .execute();
  await db.deleteFrom('search_facets').where('documents', '<=', 0).execute();
}

/** The stored document with this kind and refId: its id and what it counted towards the facets. */
async function existingRow(db: Kysely<DB>, kind: string, refId: number) {
  const row = await db
    .selectFrom('search_documents')
    .select(['id', 'year', 'item_type', 'org_id', 'column_keys', 'topic_keys'])
    .where('kind', '=', kind)
    .where('ref_id', '=', refId)
    .executeTakeFirst();
  if (!row) return undefined;
  const keys = (json: string) => JSON.parse(json) as string[];
  return { id: row.id, facets: facetsOf(row, keys(row.column_keys), keys(row.topic_keys)) };
}

/** Inserts or replaces the document with this kind and refId, its tags, facets and full text. */
export async function upsertSearchRow(
  db: Kysely<DB>,
  row: SearchRowInput,
  text: SegmentedText,
  columnKeys: string[],
  topicKeys: string[],
): Promise<number> {
  const existing = await existingRow(db, row.kind, row.ref_id);
  let id: number;
  if (existing) {
    id = existing.id;
    await countFacets(db, existing.facets, -1);
    await db.updateTable('search_documents').set(row).where('id', '=', id).execute();
    await db.deleteFrom('search_document_tags').where('document_id', '=', id).execute();
  } else {
    const r = await db.insertInto('search_documents').values(row).returning('id').executeTakeFirstOrThrow();
    id = r.id;
  }
  await countFacets(db, facetsOf(row, columnKeys, topicKeys), 1);
  const tags = [...new Set(columnKeys)]
    .map((k) => ({ document_id: id, tag_kind: 'column', tag_key: k }))
    .concat([...new Set(topicKeys)].map((k) => ({ document_id: id, tag_kind: 'topic', tag_key: k })));
  if (tags.length) await db.insertInto('search_document_tags').values(tags).execute();
  if (engineOf(db) === 'postgres') {
    const tags = tagLexemes(row, columnKeys, topicKeys, id);
    await sql`update search_documents set tsv = setweight(to_tsvector('simple', ${text.title}), 'A') || setweight(to_tsvector('simple', ${text.meta}), 'B') || setweight(to_tsvector('simple', ${text.body}), 'C') || array_to_tsvector(cast(${tags} as text[])) where id = ${id}`.execute(
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
  const existing = await existingRow(db, kind, refId);
  if (!existing) return false;
  await countFacets(db, existing.facets, -1);
  await db.deleteFrom('search_document_tags').where('document_id', '=', existing.id).execute();
  await db.deleteFrom('search_documents').where('id', '=', existing.id).execute();
  return true;
}

/** Recounts the facets from the stored documents (after a bulk load that bypassed upsertSearchRow). */
export async function recountFacets(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('search_facets').execute();
  await sql`insert into search_facets (facet, value, documents)
    select 'year', cast(year as text), count(*) from search_documents group by year
    union all select 'type', item_type, count(*) from search_documents where item_type is not null group by item_type
    union all select 'org', cast(org_id as text), count(*) from search_documents where org_id is not null group by org_id
    union all select tag_kind, tag_key, count(*) from search_document_tags group by tag_kind, tag_key`.execute(
    db,
  );
}

/** Empties the index (before a rebuild). */
export async function clearSearchIndex(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('search_facets').execute();
  await db.deleteFrom('search_document_tags').execute();
  await db.deleteFrom('search_documents').execute();
  if (engineOf(db) === 'sqlite') await sql`delete from search_fts`.execute(db);
}

/** Titles of the most recently indexed documents (the pinyin dictionary's vocabulary). */
export async function recentTitles(db: Kysely<DB>, n: number): Promise<string[]> {
  const rows = await db
    .selectFrom('search_documents')
    .select('title')
    .orderBy('id', 'desc')
    .limit(n)
    .execute();
  return rows.map((r) => r.title);
}

/** The first `chars` characters of the most recently indexed bodies (the pinyin dictionary's vocabulary). */
export async function recentBodies(db: Kysely<DB>, n: number, chars: number): Promise<string[]> {
  const rows = await db
    .selectFrom('search_documents')
    .select('body')
    .orderBy('id', 'desc')
    .limit(n)
    .execute();
  return rows.map((r) => r.body.slice(0, chars));
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

/**
 * Documents per recency bucket on PostgreSQL: each document's tsvector holds `zz:b:<id / BUCKET>`
 * and `zz:c:<id / (BUCKET × BLOCK)>`, so "the newest matches" is a GIN probe of the query AND a few
 * newest buckets or blocks of buckets (see newestMatches). Frozen in migration
 * 20261207220000_search_pg_tags, which wrote these lexemes: changing them means rewriting every
 * tsvector.
 */
export const BUCKET = 4096;
/** Buckets per block (the coarser recency lexeme). */
export const BLOCK = 8;

/**
 * The PostgreSQL tsvector's filter lexemes: `zz:<kind>:<value>` (the parser splits text at ':', so
 * no word of a page can make one) and the recency bucket. Without positions: phrase matching and
 * ts_rank never see them.
 */
export function tagLexemes(
  row: Pick<SearchRow, 'year' | 'item_type' | 'org_id' | 'validity'>,
  columnKeys: string[],
  topicKeys: string[],
  id: number,
): string[] {
  const out = [
    `zz:year:${row.year}`,
    `zz:b:${Math.floor(id / BUCKET)}`,
    `zz:c:${Math.floor(id / (BUCKET * BLOCK))}`,
  ];
  if (row.item_type) out.push(`zz:type:${row.item_type}`);
  if (row.org_id !== null) out.push(`zz:org:${row.org_id}`);
  if (row.validity) out.push(`zz:validity:${row.validity}`);
  for (const k of new Set(columnKeys)) out.push(`zz:column:${k}`);
  for (const k of new Set(topicKeys)) out.push(`zz:topic:${k}`);
  return out;
}
