/** Queries on letters: an org's own template text, and letters as issued. */
import type { Kysely, Selectable } from 'kysely';
import { lockUntilCommit } from '../../../db/index.ts';
import type { DB } from '../../../db/types.ts';
import type { LetterKind } from '../model.ts';
import type { FoiLetterTable } from '../tables.ts';

export async function selectLetterBlocks(db: Kysely<DB>, orgId: number): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('foi_letter_blocks')
    .select(['kind', 'block', 'text'])
    .where('org_id', '=', orgId)
    .execute();
  return Object.fromEntries(rows.map((r) => [`${r.kind}.${r.block}`, r.text]));
}

export async function upsertLetterBlock(
  db: Kysely<DB>,
  orgId: number,
  kind: string,
  block: string,
  text: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('foi_letter_blocks')
    .values({ org_id: orgId, kind, block, text, updated_at: at })
    .onConflict((oc) => oc.columns(['org_id', 'kind', 'block']).doUpdateSet({ text, updated_at: at }))
    .execute();
}

export async function deleteLetterBlock(
  db: Kysely<DB>,
  orgId: number,
  kind: string,
  block: string,
): Promise<void> {
  await db
    .deleteFrom('foi_letter_blocks')
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('block', '=', block)
    .execute();
}

// ---------------------------------------------------------------- letters as issued

/** A stored letter: what was sent, with its 文号 and date (content is letters/templates.ts Letter). */
export interface StoredLetter {
  id: number;
  applicationId: number;
  eventId: number;
  orgId: number;
  kind: LetterKind;
  docNumber: string;
  issuedOn: string;
  content: string;
}

const storedLetter = (r: Selectable<FoiLetterTable>): StoredLetter => ({
  id: r.id,
  applicationId: r.application_id,
  eventId: r.event_id,
  orgId: r.org_id,
  kind: r.kind as LetterKind,
  docNumber: r.doc_number,
  issuedOn: r.issued_on,
  content: r.content,
});

/** The next 文号 sequence of an org in a year (caller holds the write lock, as for application numbers). */
export async function nextLetterSeq(db: Kysely<DB>, orgId: number, year: number): Promise<number> {
  const r = await db
    .selectFrom('foi_letters')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function insertLetter(db: Kysely<DB>, values: Omit<FoiLetterTable, 'id'>): Promise<number> {
  const { id } = await db.insertInto('foi_letters').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** A case's letters in the order issued. */
export async function selectLetters(db: Kysely<DB>, applicationId: number): Promise<StoredLetter[]> {
  const rows = await db
    .selectFrom('foi_letters')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
  return rows.map(storedLetter);
}

/** PostgreSQL: serialises an org's 文号 assignment for the transaction (SQLite has one writer already). */
export async function lockLetterNumbering(db: Kysely<DB>, orgId: number): Promise<void> {
  await lockUntilCommit(db, `letter-numbering:${orgId}`);
}
