/**
 * Every query of the platform: the site registry (its own schema), the links between one person's
 * accounts and their switch tokens, and the rate limit's counters (in each site's schema). Functions
 * take the database first, so a transaction is the caller's choice.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import type { PlatformTables } from './tables.ts';

type PlatformDb = Kysely<PlatformTables>;

/** A registry row of `sites`. */
export type SiteRow = PlatformTables['sites'];
/** A registry row of `site_hosts`. */
export type SiteHostRow = PlatformTables['site_hosts'];
/** A row of `site_handoffs`. */
export type HandoffRow = PlatformTables['site_handoffs'];

// --- the registry -------------------------------------------------------------------------------

/** Creates the registry's schema and tables when missing; idempotent, under an advisory lock (several processes may start together). */
export async function ensureRegistry(db: PlatformDb, schema: string): Promise<void> {
  await db
    .withSchema(schema)
    .transaction()
    .execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${'gongkai-platform:' + schema}))`.execute(trx);
      await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
      await trx.schema
        .withSchema(schema)
        .createTable('sites')
        .ifNotExists()
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('schema_name', 'text', (c) => c.notNull().unique())
        .addColumn('parent_code', 'text', (c) => c.references('sites.code'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute();
      await trx.schema
        .withSchema(schema)
        .createTable('site_hosts')
        .ifNotExists()
        .addColumn('host', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().references('sites.code'))
        .execute();
      await trx.schema
        .withSchema(schema)
        .createTable('site_links')
        .ifNotExists()
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('person', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull().references('sites.code'))
        .addColumn('username', 'text', (c) => c.notNull())
        .addUniqueConstraint('site_links_person_code', ['person', 'code'])
        .execute();
      await trx.schema
        .withSchema(schema)
        .createTable('site_handoffs')
        .ifNotExists()
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('person', 'text', (c) => c.notNull())
        .addColumn('from_code', 'text', (c) => c.notNull().references('sites.code'))
        .addColumn('to_code', 'text', (c) => c.notNull().references('sites.code'))
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
    });
}

/** Every site row (code order) and every host row (host order). */
export async function selectSites(db: PlatformDb): Promise<{ sites: SiteRow[]; hosts: SiteHostRow[] }> {
  const [sites, hosts] = await Promise.all([
    db.selectFrom('sites').selectAll().orderBy('code').execute(),
    db.selectFrom('site_hosts').selectAll().orderBy('host').execute(),
  ]);
  return { sites, hosts };
}

/** Registers a site with its host names and creates its (empty) schema. */
export async function insertSite(db: PlatformDb, row: SiteRow, hosts: string[]): Promise<void> {
  await db.insertInto('sites').values(row).execute();
  await db
    .insertInto('site_hosts')
    .values(hosts.map((host) => ({ host, code: row.code })))
    .execute();
  await sql`create schema ${sql.id(row.schema_name)}`.execute(db);
}

/** Sets a site's state (and when it was disabled, or null). */
export async function updateSiteState(
  db: PlatformDb,
  code: string,
  state: SiteRow['state'],
  disabledAt: string | null,
): Promise<void> {
  await db.updateTable('sites').set({ state, disabled_at: disabledAt }).where('code', '=', code).execute();
}

/** Removes a site from the registry and drops its schema with everything in it. */
export async function deleteSite(db: PlatformDb, code: string, schema: string): Promise<void> {
  await db.deleteFrom('site_hosts').where('code', '=', code).execute();
  await db.deleteFrom('sites').where('code', '=', code).execute();
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
}

// --- one person's accounts ----------------------------------------------------------------------

/** The person linked to `username` on site `code`, or undefined; `except`: ignore that person. */
export async function personOfAccount(
  db: PlatformDb,
  code: string,
  username: string,
  except?: string,
): Promise<string | undefined> {
  let q = db
    .selectFrom('site_links')
    .select('person')
    .where('code', '=', code)
    .where('username', '=', username);
  if (except !== undefined) q = q.where('person', '!=', except);
  return (await q.executeTakeFirst())?.person;
}

/** Links (or re-links) the person's account on site `code`. */
export async function upsertLink(
  db: PlatformDb,
  link: { person: string; code: string; username: string },
): Promise<void> {
  await db
    .insertInto('site_links')
    .values(link)
    .onConflict((oc) => oc.columns(['person', 'code']).doUpdateSet({ username: link.username }))
    .execute();
}

/** Removes the link of `username` on site `code`; returns whether there was one. */
export async function deleteLink(db: PlatformDb, code: string, username: string): Promise<boolean> {
  const r = await db
    .deleteFrom('site_links')
    .where('code', '=', code)
    .where('username', '=', username)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The person's accounts on sites other than `exceptCode`. */
export async function linksOfPerson(
  db: PlatformDb,
  person: string,
  exceptCode: string,
): Promise<{ code: string; username: string }[]> {
  return db
    .selectFrom('site_links')
    .select(['code', 'username'])
    .where('person', '=', person)
    .where('code', '!=', exceptCode)
    .execute();
}

/** Whether the person's account `username` on site `code` is still linked. */
export async function linkStands(
  db: PlatformDb,
  link: { person: string; code: string; username: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('site_links')
    .select('id')
    .where('person', '=', link.person)
    .where('code', '=', link.code)
    .where('username', '=', link.username)
    .executeTakeFirst();
  return !!row;
}

/** Stores a switch token (its hash) and clears tokens that expired before `clearBefore`. */
export async function insertHandoff(db: PlatformDb, row: HandoffRow, clearBefore: string): Promise<void> {
  await db.insertInto('site_handoffs').values(row).execute();
  await db.deleteFrom('site_handoffs').where('expires_at', '<', clearBefore).execute();
}

/** The unused, unexpired token with this hash for site `toCode`, or undefined. */
export async function findOpenHandoff(
  db: PlatformDb,
  tokenHash: string,
  toCode: string,
  now: string,
): Promise<HandoffRow | undefined> {
  return db
    .selectFrom('site_handoffs')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('to_code', '=', toCode)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Marks the token used, if it is still unused and unexpired (a compare-and-set); its row, or undefined. */
export async function claimHandoff(
  db: PlatformDb,
  tokenHash: string,
  toCode: string,
  now: string,
): Promise<Pick<HandoffRow, 'person' | 'username' | 'from_code'> | undefined> {
  return db
    .updateTable('site_handoffs')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('to_code', '=', toCode)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['person', 'username', 'from_code'])
    .executeTakeFirst();
}

// --- the rate limit's counters ------------------------------------------------------------------

/** Opens or advances the window of `key` in one upsert; the count and when the window ends (ms). */
export async function upsertRateCount(
  db: Kysely<DB>,
  key: string,
  windowMs: number,
  now: number,
): Promise<{ count: number; resetAt: number }> {
  const { rows } = await sql<{ count: number; reset_at: string | number }>`
    insert into rate_limits as r (key, count, reset_at) values (${key}, 1, ${now + windowMs})
    on conflict (key) do update set
      count = case when r.reset_at <= ${now} then 1 else r.count + 1 end,
      reset_at = case when r.reset_at <= ${now} then ${now + windowMs} else r.reset_at end
    returning count, reset_at`.execute(db);
  const row = rows[0]!;
  return { count: Number(row.count), resetAt: Number(row.reset_at) };
}

/** Clears the windows that ended before `before` (ms). */
export async function clearRateWindows(db: Kysely<DB>, before: number): Promise<void> {
  await sql`delete from rate_limits where reset_at < ${before}`.execute(db);
}
