/** Queries on the library's documents, their issuing orgs, relations, interpretations and 索引号 counters. */
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB } from '../../../db/types.ts';
import { preparedRead } from '../../../db/prepared.ts';
import type { NormativeDocumentTable, NormativeInterpretationTable } from '../tables.ts';

export type DocumentRow = Selectable<NormativeDocumentTable>;
export type InterpretationRow = Selectable<NormativeInterpretationTable>;

export async function selectDocumentRow(db: Kysely<DB>, id: number): Promise<DocumentRow | undefined> {
  return db.selectFrom('normative_documents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectDocumentRowByNumber(
  db: Kysely<DB>,
  docNumber: string,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('normative_documents')
    .selectAll()
    .where('doc_number', '=', docNumber)
    .executeTakeFirst();
}

/** The document a content item carries (its library record), if any. */
export async function selectDocumentRowByItem(
  db: Kysely<DB>,
  itemId: number,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('normative_documents')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('id')
    .executeTakeFirst();
}

/** Issuing org ids per document, lead first. */
export async function selectDocumentOrgIds(db: Kysely<DB>, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('normative_document_orgs')
    .select(['document_id', 'org_id'])
    .where('document_id', 'in', ids)
    .orderBy('document_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.set(r.document_id, [...(out.get(r.document_id) ?? []), r.org_id]);
  return out;
}

export async function replaceDocumentOrgs(
  db: Kysely<DB>,
  documentId: number,
  orgIds: number[],
): Promise<void> {
  await db.deleteFrom('normative_document_orgs').where('document_id', '=', documentId).execute();
  await db
    .insertInto('normative_document_orgs')
    .values(orgIds.map((org_id, position) => ({ document_id: documentId, org_id, position })))
    .execute();
}

/** The next page of library documents after `afterId`, by id (the search index's feed). */
export async function selectLibraryRowsAfter(
  db: Kysely<DB>,
  afterId: number,
  limit: number,
): Promise<DocumentRow[]> {
  return db
    .selectFrom('normative_documents')
    .selectAll()
    .where('in_library', '=', 1)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Inserts a document row; returns its id. */
export async function insertDocumentRow(
  db: Kysely<DB>,
  values: Omit<DocumentRow, 'id' | 'file_path' | 'file_name' | 'file_type' | 'file_size' | 'withdrawn_at'>,
): Promise<number> {
  const { id } = await db
    .insertInto('normative_documents')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Changes columns of one document row. */
export async function updateDocumentRow(
  db: Kysely<DB>,
  id: number,
  set: Updateable<NormativeDocumentTable>,
): Promise<void> {
  await db.updateTable('normative_documents').set(set).where('id', '=', id).execute();
}

/**
 * Whether a 索引号 is taken, by a library document or a content item: the site has one numbering
 * (content's 政策文件 draw from the same counter), so both tables are asked.
 */
export async function indexNumberTaken(db: Kysely<DB>, indexNumber: string): Promise<boolean> {
  const doc = await db
    .selectFrom('normative_documents')
    .select('id')
    .where('index_number', '=', indexNumber)
    .executeTakeFirst();
  if (doc) return true;
  const item = await db
    .selectFrom('content_items')
    .select('id')
    .where('index_number', '=', indexNumber)
    .executeTakeFirst();
  return !!item;
}

export interface RelationView {
  id: number;
  kind: string;
  /** Whether this document is the subject (it amends/repeals/supersedes the other). */
  outgoing: boolean;
  otherId: number;
  otherDocNumber: string;
  otherTitle: string;
  otherInLibrary: boolean;
  effectiveOn: string | null;
  articles: string | null;
}

export async function selectRelations(db: Kysely<DB>, documentId: number): Promise<RelationView[]> {
  const out = await db
    .selectFrom('normative_relations as r')
    .innerJoin('normative_documents as o', 'o.id', 'r.to_document_id')
    .select([
      'r.id',
      'r.kind',
      'r.effective_on',
      'r.articles',
      'o.id as other_id',
      'o.doc_number',
      'o.title',
      'o.in_library',
    ])
    .where('r.from_document_id', '=', documentId)
    .orderBy('r.id')
    .execute();
  const inc = await db
    .selectFrom('normative_relations as r')
    .innerJoin('normative_documents as o', 'o.id', 'r.from_document_id')
    .select([
      'r.id',
      'r.kind',
      'r.effective_on',
      'r.articles',
      'o.id as other_id',
      'o.doc_number',
      'o.title',
      'o.in_library',
    ])
    .where('r.to_document_id', '=', documentId)
    .orderBy('r.id')
    .execute();
  const map =
    (outgoing: boolean) =>
    (r: (typeof out)[number]): RelationView => ({
      id: r.id,
      kind: r.kind,
      outgoing,
      otherId: r.other_id,
      otherDocNumber: r.doc_number,
      otherTitle: r.title,
      otherInLibrary: r.in_library === 1,
      effectiveOn: r.effective_on,
      articles: r.articles,
    });
  return [...out.map(map(true)), ...inc.map(map(false))];
}

export async function insertRelation(
  db: Kysely<DB>,
  r: {
    from: number;
    to: number;
    kind: string;
    effectiveOn: string | null;
    articles: string | null;
    at: string;
  },
) {
  await db
    .insertInto('normative_relations')
    .values({
      from_document_id: r.from,
      to_document_id: r.to,
      kind: r.kind,
      effective_on: r.effectiveOn,
      articles: r.articles,
      created_at: r.at,
    })
    .execute();
}

export async function selectInterpretations(
  db: Kysely<DB>,
  documentIds: number[],
): Promise<InterpretationRow[]> {
  if (documentIds.length === 0) return [];
  return db
    .selectFrom('normative_interpretations')
    .selectAll()
    .where('document_id', 'in', documentIds)
    .orderBy('published_on')
    .orderBy('id')
    .execute();
}

/** Inserts an interpretation row; returns its id. */
export async function insertInterpretation(
  db: Kysely<DB>,
  values: Omit<InterpretationRow, 'id'>,
): Promise<number> {
  const { id } = await db
    .insertInto('normative_interpretations')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Whether a content item is already recorded as an interpretation of a document. */
export async function interpretationOfItemExists(
  db: Kysely<DB>,
  documentId: number,
  itemId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('normative_interpretations')
    .select('id')
    .where('document_id', '=', documentId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return !!row;
}

/** One row of an item's library relations: a library document it interprets, or an interpretation of the document it carries. */
export interface LibraryRelationRow {
  /** `interprets`: a library document with an interpretation entered by hand that is this item (by id or `/items/N` link); `interpretedBy`: an interpretation of the document this item carries. */
  side: 'interprets' | 'interpretedBy';
  id: number;
  title: string;
  /** The document's 文号 (`interprets`; empty for `interpretedBy`). */
  doc_number: string;
  item_id: number | null;
  url: string | null;
  briefing_link: string | null;
}

/**
 * Both sides of a portal item's library relations in one statement (each statement is a round trip
 * on PostgreSQL, and this runs on every item page): each side in its order — the documents by id
 * (their `published_on` is empty), the carried document's interpretations by publication date.
 */
export async function selectLibraryRelationRows(
  db: Kysely<DB>,
  itemId: number,
): Promise<LibraryRelationRow[]> {
  const rows = await libraryRelationRows(db, { itemId, url: `/items/${itemId}` });
  return rows.map(({ published_on: _, ...row }) => row);
}

// Compiled once: the item page runs it on every request.
const libraryRelationRows = preparedRead((db, { itemId, url }: { itemId: number; url: string }) => {
  const carried = db
    .selectFrom('normative_documents')
    .select('id')
    .where('item_id', '=', itemId)
    .orderBy('id')
    .limit(1);
  return db
    .selectFrom('normative_interpretations as i')
    .innerJoin('normative_documents as d', 'd.id', 'i.document_id')
    .select([
      sql<LibraryRelationRow['side']>`'interprets'`.as('side'),
      'd.id',
      'd.title',
      'd.doc_number',
      'd.item_id',
      sql<string | null>`null`.as('url'),
      sql<string | null>`null`.as('briefing_link'),
      sql<string>`''`.as('published_on'),
    ])
    .distinct()
    .where('d.in_library', '=', 1)
    .where((eb) => eb.or([eb('i.item_id', '=', itemId), eb('i.url', '=', url)]))
    .unionAll(
      db
        .selectFrom('normative_interpretations as i')
        .select([
          sql<LibraryRelationRow['side']>`'interpretedBy'`.as('side'),
          'i.id',
          'i.title',
          sql<string>`''`.as('doc_number'),
          'i.item_id',
          'i.url',
          'i.briefing_link',
          'i.published_on',
        ])
        .where('i.document_id', '=', carried),
    )
    .orderBy('published_on')
    .orderBy('id');
});

/** Next 索引号 sequence number for an org code and year (the counter row is locked by the update). */
export async function nextIndexSeq(trx: Kysely<DB>, orgCode: string, year: number): Promise<number> {
  await trx
    .insertInto('normative_index_counters')
    .values({ org_code: orgCode, year, last_seq: 0 })
    .onConflict((oc) => oc.columns(['org_code', 'year']).doNothing())
    .execute();
  const r = await trx
    .updateTable('normative_index_counters')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('org_code', '=', orgCode)
    .where('year', '=', year)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return r.last_seq;
}
/** The document holding this 索引号, if any (the content module's 索引号 check across items and library). */
export async function selectDocumentRowByIndexNumber(
  db: Kysely<DB>,
  indexNumber: string,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('normative_documents')
    .selectAll()
    .where('index_number', '=', indexNumber)
    .executeTakeFirst();
}
