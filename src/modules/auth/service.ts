/**
 * Sign-in, sessions, API tokens and user accounts. Sessions live server-side (the cookie carries a
 * random token; the table keeps its sha256), with an idle and an absolute limit.
 */
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Actor, AppContext, UserActor } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { AppError, badRequest, notFound } from '../../errors.ts';
import { auditedWrite, recordAudit } from '../audit/service.ts';
import { getOrg } from '../org/service.ts';
import {
  LOCKOUT_MS,
  MAX_FAILED_LOGINS,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  USERNAME_RE,
  newToken,
  passwordProblem,
  sha256,
} from './model.ts';
import { ROLE_KEYS, ROLES, requirePermission, type Role } from './permissions.ts';

export const hashPassword = (password: string) => argonHash(password);

export interface User {
  id: number;
  username: string;
  displayName: string;
  orgId: number;
  email: string | null;
  active: boolean;
  lockedUntil: string | null;
  roles: Role[];
}

async function rolesOf(db: Kysely<DB>, userId: number): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
  return rows.map((r) => r.role as Role).filter((r) => r in ROLES);
}

async function selectUser(db: Kysely<DB>, id: number): Promise<User | undefined> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    orgId: r.org_id,
    email: r.email,
    active: r.active === 1,
    lockedUntil: r.locked_until,
    roles: await rolesOf(db, r.id),
  };
}

async function toActor(db: Kysely<DB>, userId: number, ip: string | null): Promise<UserActor | null> {
  const u = await selectUser(db, userId);
  if (!u || !u.active) return null;
  return { kind: 'user', id: u.id, username: u.username, displayName: u.displayName, orgId: u.orgId, roles: u.roles, ip };
}

const BAD_LOGIN = '用户名或密码错误';

/**
 * Checks a username and password. Locks the account for 15 minutes after 5 failures in a row;
 * a locked account is refused even with the right password. Returns the new session's token.
 */
export async function login(ctx: AppContext, username: string, password: string, ip: string | null): Promise<{ token: string; actor: UserActor }> {
  const now = ctx.clock.now();
  const row = await ctx.db.selectFrom('users').selectAll().where('username', '=', username.trim()).executeTakeFirst();
  if (!row || row.active !== 1) {
    await argonHash('timing-equaliser'); // same cost whether or not the account exists
    throw new AppError('unauthenticated', BAD_LOGIN);
  }
  if (row.locked_until && row.locked_until > now.toISOString()) {
    throw new AppError('too_many_requests', '登录失败次数过多，账号已临时锁定，请 15 分钟后再试或联系系统管理员');
  }
  const ok = await argonVerify(row.password_hash, password).catch(() => false);
  const actor: Actor = { kind: 'user', id: row.id, username: row.username, displayName: row.display_name, orgId: row.org_id, roles: [], ip };
  if (!ok) {
    const failed = row.failed_logins + 1;
    const lock = failed >= MAX_FAILED_LOGINS;
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ failed_logins: lock ? 0 : failed, locked_until: lock ? new Date(now.getTime() + LOCKOUT_MS).toISOString() : row.locked_until })
        .where('id', '=', row.id)
        .execute();
      await recordAudit(trx, now, actor, { action: lock ? 'auth.lockout' : 'auth.login_failed', objectType: 'user', objectId: row.id });
    });
    throw new AppError(lock ? 'too_many_requests' : 'unauthenticated', lock ? '登录失败次数过多，账号已临时锁定 15 分钟' : BAD_LOGIN);
  }
  const token = newToken();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', row.id).execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(token),
        user_id: row.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
        ip,
      })
      .execute();
    await recordAudit(trx, now, actor, { action: 'auth.login', objectType: 'user', objectId: row.id });
  });
  return { token, actor: (await toActor(ctx.db, row.id, ip))! };
}

export type SessionResult = { actor: UserActor } | { expired: true } | null;

/** Resolves a session cookie; `expired` when it existed but timed out (the page says so). */
export async function resolveSession(ctx: AppContext, token: string, ip: string | null): Promise<SessionResult> {
  const id = sha256(token);
  const s = await ctx.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) return null;
  const now = ctx.clock.now();
  const idleEnd = new Date(new Date(s.last_seen_at).getTime() + SESSION_IDLE_MS).toISOString();
  if (s.expires_at <= now.toISOString() || idleEnd <= now.toISOString()) {
    await ctx.db.deleteFrom('sessions').where('id', '=', id).execute();
    return { expired: true };
  }
  // Touch at most once a minute: a page view is not worth a write each time.
  if (now.getTime() - new Date(s.last_seen_at).getTime() > 60_000) {
    await ctx.db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
  }
  const actor = await toActor(ctx.db, s.user_id, ip);
  return actor ? { actor } : null;
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

/** Creates an API token for a user; the token is shown once, only its hash is kept. */
export async function createApiToken(ctx: AppContext, actor: Actor, username: string, name: string): Promise<string> {
  requirePermission(actor, 'token.manage');
  const user = await ctx.db.selectFrom('users').select(['id']).where('username', '=', username).executeTakeFirst();
  if (!user) throw notFound(`用户“${username}”`);
  const token = newToken('gk_');
  await auditedWrite(
    ctx,
    actor,
    (trx) =>
      trx
        .insertInto('api_tokens')
        .values({ user_id: user.id, name, token_hash: sha256(token), created_at: ctx.clock.now().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow(),
    (r) => ({ action: 'token.create', objectType: 'api_token', objectId: r.id, after: { userId: user.id, name } }),
  );
  return token;
}

/** Resolves `Authorization: Bearer gk_…` to its user. */
export async function resolveApiToken(ctx: AppContext, token: string, ip: string | null): Promise<UserActor | null> {
  const t = await ctx.db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!t) return null;
  const now = ctx.clock.now().toISOString();
  if (!t.last_used_at || t.last_used_at.slice(0, 16) !== now.slice(0, 16)) {
    await ctx.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.id).execute();
  }
  return toActor(ctx.db, t.user_id, ip);
}

export interface UserInput {
  username: string;
  displayName: string;
  orgId: number;
  email?: string | null;
  roles: Role[];
  active?: boolean;
  /** Required on create; on update, a new password when present. */
  password?: string;
}

async function validateUser(ctx: AppContext, input: UserInput, id?: number) {
  const fields: Record<string, string> = {};
  if (!USERNAME_RE.test(input.username)) fields.username = '用户名须以小写字母开头，3–32 位小写字母、数字或 _ . -';
  if (!input.displayName.trim()) fields.displayName = '请填写姓名';
  if (input.roles.some((r) => !ROLE_KEYS.includes(r))) fields.roles = '角色无效';
  if (input.password !== undefined && input.password !== '') {
    const p = passwordProblem(input.password);
    if (p) fields.password = p;
  } else if (id === undefined) fields.password = '请设置初始密码';
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) fields.email = '电子邮箱格式不正确';
  if (Object.keys(fields).length) throw badRequest('用户信息有误，请检查后重新提交', fields);
  await getOrg(ctx.db, input.orgId).catch(() => {
    throw badRequest('所属机关不存在', { orgId: '所属机关不存在' });
  });
  const same = await ctx.db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (same && same.id !== id) throw badRequest('用户名已被使用', { username: '用户名已被使用' });
}

const publicUser = (u: User) => ({ ...u }); // users carry no secret fields; kept as a seam for masking

export async function listUsers(ctx: AppContext, actor: Actor): Promise<User[]> {
  requirePermission(actor, 'user.read');
  const rows = await ctx.db.selectFrom('users').select('id').orderBy('org_id').orderBy('username').execute();
  return Promise.all(rows.map(async (r) => publicUser((await selectUser(ctx.db, r.id))!)));
}

export async function getUser(ctx: AppContext, actor: Actor, id: number): Promise<User> {
  requirePermission(actor, 'user.read');
  const u = await selectUser(ctx.db, id);
  if (!u) throw notFound('用户');
  return u;
}

/** Users of an org holding a role — who gets a department's reminders. */
export async function usersWithRole(db: Kysely<DB>, orgId: number | null, role: Role): Promise<{ id: number; email: string | null }[]> {
  let q = db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.email'])
    .where('user_roles.role', '=', role)
    .where('users.active', '=', 1);
  if (orgId != null) q = q.where('users.org_id', '=', orgId);
  return q.execute();
}

export async function createUser(ctx: AppContext, actor: Actor, input: UserInput): Promise<User> {
  requirePermission(actor, 'user.manage');
  await validateUser(ctx, input);
  const passwordHash = await hashPassword(input.password!);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const { id } = await trx
        .insertInto('users')
        .values({
          username: input.username,
          display_name: input.displayName.trim(),
          org_id: input.orgId,
          email: input.email || null,
          password_hash: passwordHash,
          active: input.active === false ? 0 : 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const role of new Set(input.roles)) await trx.insertInto('user_roles').values({ user_id: id, role }).execute();
      return (await selectUser(trx, id))!;
    },
    (u) => ({ action: 'user.create', objectType: 'user', objectId: u.id, after: u }),
  );
}

export async function updateUser(ctx: AppContext, actor: Actor, id: number, input: UserInput): Promise<User> {
  requirePermission(actor, 'user.manage');
  const before = await getUser(ctx, actor, id);
  await validateUser(ctx, input, id);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await trx
        .updateTable('users')
        .set({
          username: input.username,
          display_name: input.displayName.trim(),
          org_id: input.orgId,
          email: input.email || null,
          active: input.active === false ? 0 : 1,
          updated_at: ctx.clock.now().toISOString(),
          ...(passwordHash ? { password_hash: passwordHash, failed_logins: 0, locked_until: null } : {}),
        })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
      for (const role of new Set(input.roles)) await trx.insertInto('user_roles').values({ user_id: id, role }).execute();
      // A deactivated account, or one whose password changed, loses its open sessions.
      if (input.active === false || passwordHash) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      return (await selectUser(trx, id))!;
    },
    (after) => ({ action: 'user.update', objectType: 'user', objectId: id, before, after: { ...after, passwordChanged: !!passwordHash } }),
  );
}
