/**
 * Queries of the auth module: users and their roles, sessions (kept by the sha256 of their token),
 * API tokens and password history. Every function takes `db` first: pass the transaction.
 */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB } from '../../db/types.ts';
import { ROLES, type Role } from './permissions.ts';
import type { AuthTables, UserTable } from './tables.ts';

export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<AuthTables['sessions']>;

// ---- users and roles ----

/** The user's roles (unknown role names, from an older version, left out). */
export async function selectRoles(db: Kysely<DB>, userId: number): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
  return rows.map((r) => r.role as Role).filter((r) => r in ROLES);
}

/** A user's row by id. */
export function selectUserRow(db: Kysely<DB>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A user's row by username. */
export function selectUserByUsername(db: Kysely<DB>, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Every user's id, by org then username. */
export async function selectUserIds(db: Kysely<DB>): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').orderBy('org_id').orderBy('username').execute();
  return rows.map((r) => r.id);
}

/** Which of these usernames have an account. */
export async function selectExistingUsernames(db: Kysely<DB>, usernames: string[]): Promise<string[]> {
  if (usernames.length === 0) return [];
  const rows = await db.selectFrom('users').select('username').where('username', 'in', usernames).execute();
  return rows.map((r) => r.username);
}

/** How many accounts there are. */
export async function countUsers(db: Kysely<DB>): Promise<number> {
  const { n } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Active users holding a role, of one org or (null) of any. */
export function selectUsersWithRole(
  db: Kysely<DB>,
  orgId: number | null,
  role: Role,
): Promise<{ id: number; email: string | null }[]> {
  let q = db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.email'])
    .where('user_roles.role', '=', role)
    .where('users.active', '=', 1);
  if (orgId != null) q = q.where('users.org_id', '=', orgId);
  return q.execute();
}

/** Adds a user row; returns its id. */
export async function insertUserRow(db: Kysely<DB>, values: Insertable<UserTable>): Promise<number> {
  const { id } = await db.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Changes a user row's columns. */
export async function updateUserRow(db: Kysely<DB>, id: number, set: Updateable<UserTable>): Promise<void> {
  await db.updateTable('users').set(set).where('id', '=', id).execute();
}

/** Replaces the user's roles. */
export async function replaceRoles(db: Kysely<DB>, userId: number, roles: Iterable<Role>): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  await insertRoles(db, userId, roles);
}

/** Adds roles to a new user. */
export async function insertRoles(db: Kysely<DB>, userId: number, roles: Iterable<Role>): Promise<void> {
  for (const role of roles) await db.insertInto('user_roles').values({ user_id: userId, role }).execute();
}

/**
 * Accepts a TOTP time step for the user only when later than the last one accepted: a
 * compare-and-set, so of two requests with the same code only one gets true.
 */
export async function takeTotpStep(db: Kysely<DB>, userId: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Users with a TOTP secret, enrolled or pending (to re-seal them under the current key). */
export function selectSealedSecrets(db: Kysely<DB>) {
  return db
    .selectFrom('users')
    .select(['id', 'totp_secret', 'totp_pending_secret'])
    .where((eb) => eb.or([eb('totp_secret', 'is not', null), eb('totp_pending_secret', 'is not', null)]))
    .execute();
}

// ---- password history ----

/** The hashes of the user's last `n` passwords, newest first. */
export async function selectPasswordHistory(db: Kysely<DB>, userId: number, n: number): Promise<string[]> {
  const rows = await db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(n)
    .execute();
  return rows.map((r) => r.password_hash);
}

/** Remembers a password hash the user had. */
export async function insertPasswordHistory(
  db: Kysely<DB>,
  userId: number,
  passwordHash: string,
  at: string,
) {
  await db
    .insertInto('password_history')
    .values({ user_id: userId, password_hash: passwordHash, created_at: at })
    .execute();
}

// ---- sessions ----

/** Opens a session. */
export async function insertSession(
  db: Kysely<DB>,
  values: Insertable<AuthTables['sessions']>,
): Promise<void> {
  await db.insertInto('sessions').values(values).execute();
}

/** A session by its id (the token's sha256). */
export function selectSession(db: Kysely<DB>, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A session waiting for its TOTP code. */
export function selectPendingSession(db: Kysely<DB>, id: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', id)
    .where('mfa_pending', '=', 1)
    .executeTakeFirst();
}

/** Changes a session's columns (only the user's own when `userId` is given). */
export async function updateSession(
  db: Kysely<DB>,
  id: string,
  set: Updateable<AuthTables['sessions']>,
  userId?: number,
): Promise<void> {
  let q = db.updateTable('sessions').set(set).where('id', '=', id);
  if (userId !== undefined) q = q.where('user_id', '=', userId);
  await q.execute();
}

/** Ends one session. */
export async function deleteSession(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of the user but the one with id `keep`. */
export async function deleteUserSessions(db: Kysely<DB>, userId: number, keep?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('id', '<>', keep);
  await q.execute();
}

// ---- API tokens ----

/** Adds an API token (its hash); returns its id. */
export async function insertApiToken(
  db: Kysely<DB>,
  values: Insertable<AuthTables['api_tokens']>,
): Promise<number> {
  const { id } = await db.insertInto('api_tokens').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** A token not revoked, by its hash. */
export function selectLiveApiToken(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Records when a token was last used. */
export async function touchApiToken(db: Kysely<DB>, id: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Revokes every live token of the user. */
export async function revokeUserTokens(db: Kysely<DB>, userId: number, at: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Staff display names by id (only the names: for other modules' pages and letters). */
export async function selectDisplayNames(db: Kysely<DB>, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** E-mail addresses by user id, of every user who gave one. */
export async function selectEmails(db: Kysely<DB>): Promise<Map<number, string>> {
  const rows = await db.selectFrom('users').select(['id', 'email']).where('email', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, r.email!]));
}
