/** Queries on content_revisions: every saved version of an item, some with a sealed original. */
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type { Revision } from '../model.ts';
import type { ContentRevisionTable } from '../tables.ts';

/** An item's revisions, newest first. */
export async function selectRevisions(db: Kysely<DB>, itemId: number): Promise<Revision[]> {
  const rows = await db
    .selectFrom('content_revisions')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('number', 'desc')
    .execute();
  return rows.map((r) => ({
    number: r.number,
    snapshot: JSON.parse(r.snapshot),
    note: r.note,
    actorName: r.actor_name,
    createdAt: r.created_at,
    sealed: r.sealed != null,
  }));
}

/** Adds a revision row. */
export async function insertRevision(
  trx: Kysely<DB>,
  values: Insertable<ContentRevisionTable>,
): Promise<void> {
  await trx.insertInto('content_revisions').values(values).execute();
}

/** An item's revisions other than number `keep`, raw (for sealing). */
export async function selectRevisionRowsExcept(trx: Kysely<DB>, itemId: number, keep: number) {
  return trx
    .selectFrom('content_revisions')
    .select(['id', 'number', 'snapshot', 'sealed'])
    .where('item_id', '=', itemId)
    .where('number', '!=', keep)
    .execute();
}

/** Replaces a revision's snapshot and its sealed original. */
export async function updateRevisionSnapshot(
  trx: Kysely<DB>,
  id: number,
  snapshot: string,
  sealed: string,
): Promise<void> {
  await trx.updateTable('content_revisions').set({ snapshot, sealed }).where('id', '=', id).execute();
}

/** The sealed original of one revision: undefined when there is no such revision, null when none was sealed. */
export async function selectSealedOriginal(
  db: Kysely<DB>,
  itemId: number,
  number: number,
): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('content_revisions')
    .select(['sealed'])
    .where('item_id', '=', itemId)
    .where('number', '=', number)
    .executeTakeFirst();
  return row ? row.sealed : undefined;
}

/** Every sealed original (for re-sealing under the current key). */
export async function selectSealedRevisions(db: Kysely<DB>): Promise<{ id: number; sealed: string }[]> {
  const rows = await db
    .selectFrom('content_revisions')
    .select(['id', 'sealed'])
    .where('sealed', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, sealed: r.sealed! }));
}

/** Replaces a revision's sealed original. */
export async function updateSealed(db: Kysely<DB>, id: number, sealed: string): Promise<void> {
  await db.updateTable('content_revisions').set({ sealed }).where('id', '=', id).execute();
}
