/**
 * A person's phone or e-mail kept sealed at rest (lib/datakeys.ts) in two columns: `contact`, and
 * `contact_key` naming the key (null: a row from before sealing, plain text — whatever it looks like).
 * The tables that hold one — the asker of an inquiry, the author of a consultation comment — share
 * these reads and writes.
 */
import type { Kysely } from 'kysely';
import { currentKeyId, open, seal } from '../lib/datakeys.ts';
import type { DB } from './types.ts';

/** The tables with a sealed `contact` column. */
export type ContactTable = 'inquiries' | 'consultation_comments';

/** The columns to write for a contact, sealed under the current key. */
export const sealContact = (plain: string) => ({ contact: seal(plain), contact_key: currentKeyId() });

/** A row's contact in plain text. */
export const contactOf = (r: { contact: string; contact_key: string | null }) =>
  r.contact_key == null ? r.contact : open(r.contact);

/** Seals every contact of `table` not yet under key `keyId` (plain rows of before, rows under an older key). */
export async function sealContacts(db: Kysely<DB>, table: ContactTable, keyId: string): Promise<number> {
  const rows = await db
    .selectFrom(table)
    .select(['id', 'contact', 'contact_key'])
    .where((eb) => eb.or([eb('contact_key', 'is', null), eb('contact_key', '!=', keyId)]))
    .orderBy('id')
    .execute();
  for (const r of rows)
    await db
      .updateTable(table)
      .set(sealContact(contactOf(r)))
      .where('id', '=', r.id)
      .execute();
  return rows.length;
}

/** The plain contact of row `id` of `table`, or undefined when there is no such row. */
export async function selectContact(
  db: Kysely<DB>,
  table: ContactTable,
  id: number,
): Promise<string | undefined> {
  const r = await db
    .selectFrom(table)
    .select(['contact', 'contact_key'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && contactOf(r);
}
