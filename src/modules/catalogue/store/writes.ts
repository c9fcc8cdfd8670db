/**
 * Writes on the catalogue tables (store.ts holds the reads): templates and their upgrade notices,
 * catalogues, entries, mappings, credits and offline postings. Every function takes the caller's
 * `db` (a transaction when the use case opened one).
 */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type {
  CatalogueCreditTable,
  CatalogueEntryTable,
  CataloguePostingTable,
  CatalogueTable,
  CatalogueTemplateChangeTable,
  CatalogueTemplateEntryTable,
} from '../tables.ts';

// ───────────────────────────── templates ─────────────────────────────

/** Inserts a template row; returns its id. */
export async function insertTemplateRow(
  db: Kysely<DB>,
  values: Insertable<CatalogueTemplateEntryTable>,
): Promise<number> {
  const { id } = await db
    .insertInto('catalogue_template_entries')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Updates a template row's columns. */
export async function updateTemplateRow(
  db: Kysely<DB>,
  id: number,
  set: Updateable<CatalogueTemplateEntryTable>,
): Promise<void> {
  await db.updateTable('catalogue_template_entries').set(set).where('id', '=', id).execute();
}

/** Deletes template rows; catalogue entries built from them keep their copy (now the org's own). */
export async function deleteTemplateRows(db: Kysely<DB>, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('catalogue_entries')
    .set({ template_entry_id: null })
    .where('template_entry_id', 'in', ids)
    .execute();
  await db.deleteFrom('catalogue_template_entries').where('id', 'in', ids).execute();
}

/** The revision each template row was shipped with. */
export async function selectTemplateRevisions(
  db: Kysely<DB>,
  ids: number[],
): Promise<{ id: number; revision: number }[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('catalogue_template_entries')
    .select(['id', 'revision'])
    .where('id', 'in', ids)
    .execute();
}

/** One change an upgrade of the shipped templates made (upgrade.ts), as the dashboard notice lists it. */
export interface TemplateChangeView {
  id: number;
  domain: string;
  kind: string;
  item: string;
  detail: string;
  changedAt: string;
  readAt: string | null;
}

/** The upgrade notices, oldest first (only unread ones with `unread`). */
export async function selectTemplateChanges(
  db: Kysely<DB>,
  f: { unread?: boolean } = {},
): Promise<TemplateChangeView[]> {
  let q = db.selectFrom('catalogue_template_changes').selectAll();
  if (f.unread) q = q.where('read_at', 'is', null);
  return (await q.orderBy('id').execute()).map((r) => ({
    id: r.id,
    domain: r.domain,
    kind: r.kind,
    item: r.item,
    detail: r.detail,
    changedAt: r.changed_at,
    readAt: r.read_at,
  }));
}

/** Marks upgrade notices read. */
export async function markTemplateChangesReadRows(db: Kysely<DB>, ids: number[], at: string): Promise<void> {
  if (!ids.length) return;
  await db.updateTable('catalogue_template_changes').set({ read_at: at }).where('id', 'in', ids).execute();
}

/** Records the changes an upgrade made. */
export async function insertTemplateChanges(
  db: Kysely<DB>,
  rows: Insertable<CatalogueTemplateChangeTable>[],
): Promise<void> {
  if (!rows.length) return;
  await db.insertInto('catalogue_template_changes').values(rows).execute();
}

// ───────────────────────────── catalogues and entries ─────────────────────────────

/** Inserts a catalogue; returns its id. */
export async function insertCatalogue(db: Kysely<DB>, values: Insertable<CatalogueTable>): Promise<number> {
  const { id } = await db.insertInto('catalogues').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Updates a catalogue's columns. */
export async function updateCatalogueRow(
  db: Kysely<DB>,
  id: number,
  set: Updateable<CatalogueTable>,
): Promise<void> {
  await db.updateTable('catalogues').set(set).where('id', '=', id).execute();
}

/** Inserts an entry; returns its id. */
export async function insertEntry(db: Kysely<DB>, values: Insertable<CatalogueEntryTable>): Promise<number> {
  const { id } = await db
    .insertInto('catalogue_entries')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Updates an entry's columns. */
export async function updateEntryRow(
  db: Kysely<DB>,
  id: number,
  set: Updateable<CatalogueEntryTable>,
): Promise<void> {
  await db.updateTable('catalogue_entries').set(set).where('id', '=', id).execute();
}

/** Deletes entries with their mappings and credits (callers check postings first). */
export async function deleteEntryRows(db: Kysely<DB>, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await db.deleteFrom('catalogue_credits').where('entry_id', 'in', ids).execute();
  await db.deleteFrom('catalogue_mappings').where('entry_id', 'in', ids).execute();
  await db.deleteFrom('catalogue_entries').where('id', 'in', ids).execute();
}

/** Replaces an entry's column mapping. */
export async function replaceMappings(db: Kysely<DB>, entryId: number, columnIds: number[]): Promise<void> {
  await db.deleteFrom('catalogue_mappings').where('entry_id', '=', entryId).execute();
  if (columnIds.length)
    await db
      .insertInto('catalogue_mappings')
      .values(columnIds.map((column_id) => ({ entry_id: entryId, column_id })))
      .execute();
}

// ───────────────────────────── credits and postings ─────────────────────────────

/** Drops an entry's online credits (they follow the mapping). */
export async function deleteOnlineCredits(db: Kysely<DB>, entryId: number): Promise<void> {
  await db
    .deleteFrom('catalogue_credits')
    .where('entry_id', '=', entryId)
    .where('source', '=', 'online')
    .execute();
}

/** Drops every credit an item gave (it was withdrawn). */
export async function deleteItemCredits(db: Kysely<DB>, itemId: number): Promise<void> {
  await db.deleteFrom('catalogue_credits').where('item_id', '=', itemId).execute();
}

/** Inserts a credit; an online one already there for the same item is kept. */
export async function insertCredit(db: Kysely<DB>, values: Insertable<CatalogueCreditTable>): Promise<void> {
  await db
    .insertInto('catalogue_credits')
    .values(values)
    .onConflict((oc) => oc.columns(['entry_id', 'item_id']).doNothing())
    .execute();
}

/** Inserts an offline posting; returns its id. */
export async function insertPosting(
  db: Kysely<DB>,
  values: Insertable<CataloguePostingTable>,
): Promise<number> {
  const { id } = await db
    .insertInto('catalogue_postings')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
