/** The synonym and abbreviation list's rows (issue 24 part 1). */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type { SynonymGroup } from '../synonyms.ts';

/** Every synonym group, by term. */
export async function selectSynonymGroups(db: Kysely<DB>): Promise<SynonymGroup[]> {
  const rows = await db
    .selectFrom('search_synonyms')
    .select(['id', 'term', 'synonyms'])
    .orderBy('term')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), term: r.term, synonyms: JSON.parse(r.synonyms) as string[] }));
}

export async function selectSynonymGroup(db: Kysely<DB>, id: number): Promise<SynonymGroup | undefined> {
  const r = await db
    .selectFrom('search_synonyms')
    .select(['id', 'term', 'synonyms'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { id: Number(r.id), term: r.term, synonyms: JSON.parse(r.synonyms) as string[] };
}

/** Stores a new group (already checked); returns its id. */
export async function insertSynonymGroup(
  db: Kysely<DB>,
  group: Omit<SynonymGroup, 'id'>,
  now: string,
): Promise<number> {
  const { id } = await db
    .insertInto('search_synonyms')
    .values({ term: group.term, synonyms: JSON.stringify(group.synonyms), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** Replaces a group's words (already checked). */
export async function updateSynonymRow(
  db: Kysely<DB>,
  id: number,
  group: Omit<SynonymGroup, 'id'>,
  now: string,
): Promise<void> {
  await db
    .updateTable('search_synonyms')
    .set({ term: group.term, synonyms: JSON.stringify(group.synonyms), updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Deletes a group. */
export async function deleteSynonymRow(db: Kysely<DB>, id: number): Promise<void> {
  await db.deleteFrom('search_synonyms').where('id', '=', id).execute();
}
