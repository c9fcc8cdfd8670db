/**
 * The `settings` table — one key, one text value (JSON where structured) — read and written only
 * here, so every module's settings (the site identity, setup state, the audit anchor, per-module
 * defaults, demo-seeded markers) go through one accessor. Each function takes `db` first: pass the
 * transaction to make a setting commit with the change it belongs to.
 */
import type { Kysely } from 'kysely';
import type { DB } from './types.ts';

/** The value stored under `key`, or undefined when unset. */
export async function getSetting(db: Kysely<DB>, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

/** Sets `key` to `value`, replacing any value before. */
export async function putSetting(db: Kysely<DB>, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/**
 * Sets `key` only when it is unset; true when this call set it. Of two concurrent callers exactly
 * one gets true, so a setting can claim a one-time step (setup, a module's demo data).
 */
export async function claimSetting(db: Kysely<DB>, key: string, value: string): Promise<boolean> {
  const r = await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Removes `key` (nothing when unset). */
export async function deleteSetting(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', key).execute();
}
