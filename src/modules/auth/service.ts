/**
 * Sign-in, sessions, API tokens and user accounts. Sessions live server-side (the cookie carries a
 * random token; the table keeps its sha256), with an idle and an absolute limit.
 */
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Kysely, Selectable } from 'kysely';
import * as OTPAuth from 'otpauth';
import { open as openSealed, seal, underCurrentKey } from '../../lib/datakeys.ts';
import type { Actor, AppContext, UserActor } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { AppError, badRequest, forbidden, notFound } from '../../errors.ts';
import { auditedWrite, recordAudit } from '../audit/service.ts';
import { getOrg } from '../org/service.ts';
import {
  LOCKOUT_MS,
  MAX_FAILED_LOGINS,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  USERNAME_RE,
  newToken,
  passwordExpired,
  passwordProblem,
  guessablePasswordProblem,
  recentlyAuthenticated,
  sha256,
} from './model.ts';
import { ROLE_KEYS, ROLES, THREE_ADMIN_ROLES, requirePermission, type Role } from './permissions.ts';

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
  /** A TOTP second factor is enrolled. */
  totp: boolean;
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
    totp: r.totp_secret != null,
  };
}

async function toActor(
  ctx: AppContext,
  userId: number,
  ip: string | null,
  authAt?: string | null,
): Promise<UserActor | null> {
  const r = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!r || r.active !== 1) return null;
  const actor: UserActor = {
    kind: 'user',
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    orgId: r.org_id,
    roles: await rolesOf(ctx.db, r.id),
    ip,
  };
  if (authAt !== undefined) {
    actor.authAt = authAt;
    actor.passwordExpired = passwordExpired(
      r.password_changed_at,
      ctx.clock.now(),
      ctx.config.passwordPolicy,
    );
  }
  return actor;
}

/**
 * The one answer to a refused sign-in: wrong password, no such account, or an account locked after
 * repeated failures all read (and answer) the same, so the page never tells whether an account exists.
 */
const BAD_LOGIN = `用户名或密码错误。连续输错 ${MAX_FAILED_LOGINS} 次后账号将临时锁定 ${LOCKOUT_MS / 60_000} 分钟，如需帮助请联系系统管理员`;

type UserRow = Selectable<DB['users']>;

/** The user a sign-in step acts as, for its audit records (no roles: nobody is signed in yet). */
const signingIn = (row: UserRow, ip: string | null): Actor => ({
  kind: 'user',
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  orgId: row.org_id,
  roles: [],
  ip,
});

/**
 * Counts a failed sign-in step (a wrong password or code) with its audit record, in one transaction:
 * the MAX_FAILED_LOGINS-th in a row locks the account for LOCKOUT_MS and starts the count again, and
 * runs `onLock` in the same transaction. Returns whether it locked.
 */
async function countFailure(
  ctx: AppContext,
  now: Date,
  row: UserRow,
  actor: Actor,
  action: string,
  onLock?: (trx: Kysely<DB>) => Promise<unknown>,
): Promise<boolean> {
  const failed = row.failed_logins + 1;
  const lock = failed >= MAX_FAILED_LOGINS;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        failed_logins: lock ? 0 : failed,
        locked_until: lock ? new Date(now.getTime() + LOCKOUT_MS).toISOString() : row.locked_until,
      })
      .where('id', '=', row.id)
      .execute();
    if (lock && onLock) await onLock(trx);
    await recordAudit(trx, now, actor, {
      action: lock ? 'auth.lockout' : action,
      objectType: 'user',
      objectId: row.id,
    });
  });
  return lock;
}

/**
 * Checks a username and password. Locks the account for 15 minutes after 5 failures in a row;
 * a locked account is refused even with the right password. Returns the new session's token.
 */
export async function login(
  ctx: AppContext,
  username: string,
  password: string,
  ip: string | null,
): Promise<{ token: string; actor: UserActor; mfaRequired: boolean }> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username.trim())
    .executeTakeFirst();
  if (!row || row.active !== 1) {
    await argonHash('timing-equaliser'); // same cost whether or not the account exists
    throw new AppError('unauthenticated', BAD_LOGIN);
  }
  if (row.locked_until && row.locked_until > now.toISOString()) {
    throw new AppError('unauthenticated', BAD_LOGIN);
  }
  const ok = await argonVerify(row.password_hash, password).catch(() => false);
  const actor = signingIn(row, ip);
  if (!ok) {
    await countFailure(ctx, now, row, actor, 'auth.login_failed'); // locked now or not, the same answer
    throw new AppError('unauthenticated', BAD_LOGIN);
  }
  const token = newToken();
  // With a second factor enrolled the session waits for the code (mfa_pending) and signs nobody in yet.
  const mfaRequired = row.totp_secret != null;
  await ctx.db.transaction().execute(async (trx) => {
    if (row.failed_logins || row.locked_until)
      await trx
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: null })
        .where('id', '=', row.id)
        .execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(token),
        user_id: row.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + (mfaRequired ? 5 * 60_000 : SESSION_ABSOLUTE_MS)).toISOString(),
        ip,
        auth_at: mfaRequired ? null : now.toISOString(),
        mfa_pending: mfaRequired ? 1 : 0,
      })
      .execute();
    await recordAudit(trx, now, actor, {
      action: mfaRequired ? 'auth.password_ok' : 'auth.login',
      objectType: 'user',
      objectId: row.id,
    });
  });
  return { token, actor: (await toActor(ctx, row.id, ip, now.toISOString()))!, mfaRequired };
}

/**
 * Signs a member of staff in without a password, for the platform's switch between one person's
 * accounts on several sites (src/platform/links.ts): the caller has taken a single-use, short-lived
 * token bound to this account. The session does not count as a recent password entry (sensitive
 * actions ask for it); an account with a second factor still gives its code; a disabled or locked
 * account is refused as at the sign-in form.
 */
export async function startLinkedSession(
  ctx: AppContext,
  username: string,
  ip: string | null,
  from: string,
): Promise<{ token: string; mfaRequired: boolean }> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  if (!row || row.active !== 1 || (row.locked_until && row.locked_until > now.toISOString()))
    throw new AppError('unauthenticated', '该站点的账号已停用或暂时锁定，请联系该站点的安全管理员');
  const token = newToken();
  const mfaRequired = row.totp_secret != null;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(token),
        user_id: row.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + (mfaRequired ? 5 * 60_000 : SESSION_ABSOLUTE_MS)).toISOString(),
        ip,
        auth_at: null,
        mfa_pending: mfaRequired ? 1 : 0,
      })
      .execute();
    await recordAudit(trx, now, signingIn(row, ip), {
      action: mfaRequired ? 'auth.linked_pending' : 'auth.login',
      objectType: 'user',
      objectId: row.id,
      after: { via: 'site_link', from },
    });
  });
  return { token, mfaRequired };
}

function totpOf(username: string, secret: string) {
  return new OTPAuth.TOTP({
    issuer: 'Gongkai',
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

const TOTP_PERIOD_MS = 30_000;

/** The time step (30-second counter) a 6-digit code is right for now (±1 step for clock drift), or null. */
function codeStep(ctx: AppContext, username: string, secret: string, code: string): number | null {
  if (!/^\d{6}$/.test(code.trim())) return null;
  const now = ctx.clock.now().getTime();
  const delta = totpOf(username, secret).validate({ token: code.trim(), timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / TOTP_PERIOD_MS) + delta;
}

/**
 * Uses a code of the user's enrolled secret, once: it is accepted only for a time step later than the
 * last one accepted (a code seen over a shoulder or replayed cannot be used again within its window).
 * A compare-and-set, so of two requests with the same code only one gets through.
 */
async function useCode(
  ctx: AppContext,
  row: { id: number; username: string; totp_secret: string | null },
  code: string,
): Promise<'ok' | 'wrong' | 'used'> {
  const step = row.totp_secret ? codeStep(ctx, row.username, openSealed(row.totp_secret), code) : null;
  if (step === null) return 'wrong';
  const r = await ctx.db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', row.id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? 'ok' : 'used';
}
const USED_CODE = '该动态验证码已使用过，请等待手机上出现新的验证码后再输入';

/**
 * Second step of signing in when a TOTP factor is enrolled: the code completes the pending session.
 * Wrong codes count as failed sign-ins (the same lockout).
 */
export async function completeTotpLogin(
  ctx: AppContext,
  token: string,
  code: string,
  ip: string | null,
): Promise<UserActor> {
  const now = ctx.clock.now();
  const s = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', sha256(token))
    .where('mfa_pending', '=', 1)
    .executeTakeFirst();
  if (!s || s.expires_at <= now.toISOString())
    throw new AppError('unauthenticated', '验证已超时，请重新登录');
  const row = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', s.user_id)
    .executeTakeFirstOrThrow();
  const actor = signingIn(row, ip);
  const used = await useCode(ctx, row, code);
  if (used !== 'ok') {
    // A lockout also ends the pending session: the password must be given again.
    const lock = await countFailure(ctx, now, row, actor, 'auth.totp_failed', (trx) =>
      trx.deleteFrom('sessions').where('id', '=', s.id).execute(),
    );
    const message = used === 'used' ? USED_CODE : '动态验证码不正确';
    throw new AppError(
      lock ? 'too_many_requests' : 'bad_request',
      lock ? '验证失败次数过多，账号已临时锁定 15 分钟' : message,
      { code: message },
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0 }).where('id', '=', row.id).execute();
    await trx
      .updateTable('sessions')
      .set({
        mfa_pending: 0,
        auth_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
      })
      .where('id', '=', s.id)
      .execute();
    await recordAudit(trx, now, actor, {
      action: 'auth.login',
      objectType: 'user',
      objectId: row.id,
      after: { secondFactor: 'totp' },
    });
  });
  return (await toActor(ctx, row.id, ip, now.toISOString()))!;
}

/** Sensitive actions (role changes, overrides, exports of personal data) need a recent password entry. */
export function requireRecentAuth(ctx: AppContext, actor: Actor): void {
  // API tokens (no authAt) are issued by the security administrator to systems, not people: exempt.
  if (actor.kind !== 'user' || actor.authAt === undefined) return;
  if (!recentlyAuthenticated(actor.authAt, ctx.clock.now(), ctx.config.reauthMinutes)) {
    throw new AppError('reauth_required', '此操作需要重新验证身份，请再次输入密码');
  }
}

/** Re-authentication of a signed-in session: password (and code when enrolled) → a fresh auth_at. */
export async function reauthenticate(
  ctx: AppContext,
  actor: Actor,
  sessionToken: string,
  password: string,
  code: string,
): Promise<void> {
  if (actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', actor.id)
    .executeTakeFirstOrThrow();
  const passwordOk = await argonVerify(row.password_hash, password).catch(() => false);
  const used = passwordOk && row.totp_secret ? await useCode(ctx, row, code) : 'ok';
  if (!passwordOk || used !== 'ok') {
    await auditedWrite(
      ctx,
      actor,
      async () => null,
      () => ({ action: 'auth.reauth_failed', objectType: 'user', objectId: actor.id }),
    );
    if (used === 'used') throw badRequest(USED_CODE, { code: USED_CODE });
    throw badRequest(row.totp_secret ? '密码或动态验证码不正确' : '密码不正确', { password: '密码不正确' });
  }
  await auditedWrite(
    ctx,
    actor,
    (trx) =>
      trx
        .updateTable('sessions')
        .set({ auth_at: now.toISOString() })
        .where('id', '=', sha256(sessionToken))
        .where('user_id', '=', actor.id)
        .execute(),
    () => ({ action: 'auth.reauth', objectType: 'user', objectId: actor.id }),
  );
}

export type SessionResult = { actor: UserActor } | { expired: true } | null;

/** Resolves a session cookie; `expired` when it existed but timed out (the page says so). */
export async function resolveSession(
  ctx: AppContext,
  token: string,
  ip: string | null,
): Promise<SessionResult> {
  const id = sha256(token);
  const s = await ctx.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s || s.mfa_pending === 1) return null;
  const now = ctx.clock.now();
  const idleEnd = new Date(new Date(s.last_seen_at).getTime() + SESSION_IDLE_MS).toISOString();
  if (s.expires_at <= now.toISOString() || idleEnd <= now.toISOString()) {
    await ctx.db.deleteFrom('sessions').where('id', '=', id).execute();
    return { expired: true };
  }
  // Touch at most once a minute: a page view is not worth a write each time.
  if (now.getTime() - new Date(s.last_seen_at).getTime() > 60_000) {
    await ctx.db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }
  const actor = await toActor(ctx, s.user_id, ip, s.auth_at);
  return actor ? { actor } : null;
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

/** Creates an API token for a user; the token is shown once, only its hash is kept. */
export async function createApiToken(
  ctx: AppContext,
  actor: Actor,
  username: string,
  name: string,
): Promise<string> {
  requirePermission(actor, 'token.manage');
  const user = await ctx.db
    .selectFrom('users')
    .select(['id'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (!user) throw notFound(`用户“${username}”`);
  const token = newToken('gk_');
  await auditedWrite(
    ctx,
    actor,
    (trx) =>
      trx
        .insertInto('api_tokens')
        .values({
          user_id: user.id,
          name,
          token_hash: sha256(token),
          created_at: ctx.clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    (r) => ({
      action: 'token.create',
      objectType: 'api_token',
      objectId: r.id,
      after: { userId: user.id, name },
    }),
  );
  return token;
}

/** Resolves `Authorization: Bearer gk_…` to its user. */
export async function resolveApiToken(
  ctx: AppContext,
  token: string,
  ip: string | null,
): Promise<UserActor | null> {
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
  return toActor(ctx, t.user_id, ip);
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

async function validateUser(ctx: AppContext, input: UserInput, id?: number, opts: CreateUserOptions = {}) {
  const fields: Record<string, string> = {};
  if (!USERNAME_RE.test(input.username))
    fields.username = '用户名须以小写字母开头，3–32 位小写字母、数字或 _ . -';
  if (!input.displayName.trim()) fields.displayName = '请填写姓名';
  if (input.roles.some((r) => !ROLE_KEYS.includes(r))) fields.roles = '角色无效';
  // 三员分立: one account never holds two of the system, security and audit administrator roles.
  else if (new Set(input.roles.filter((r) => THREE_ADMIN_ROLES.includes(r))).size > 1)
    fields.roles = '系统管理员、安全管理员、审计管理员须由不同账号担任，一个账号只能担任其中之一';
  if (input.password !== undefined && input.password !== '') {
    const p =
      passwordProblem(input.password, ctx.config.passwordPolicy) ??
      (opts.demoSeed ? null : guessablePasswordProblem(input.password, [input.username, input.displayName]));
    if (p) fields.password = p;
  } else if (id === undefined) fields.password = '请设置初始密码';
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) fields.email = '电子邮箱格式不正确';
  if (Object.keys(fields).length) throw badRequest('用户信息有误，请检查后重新提交', fields);
  await getOrg(ctx.db, input.orgId).catch(() => {
    throw badRequest('所属机关不存在', { orgId: '所属机关不存在' });
  });
  const same = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst();
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
export async function usersWithRole(
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

/** Checks a new password against the last N (policy) of the user's passwords. */
async function assertNotReused(ctx: AppContext, userId: number, password: string): Promise<void> {
  const n = ctx.config.passwordPolicy.history;
  if (n === 0) return;
  const rows = await ctx.db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(n)
    .execute();
  for (const r of rows) {
    if (await argonVerify(r.password_hash, password).catch(() => false)) {
      throw badRequest(`新密码不能与最近 ${n} 次使用过的密码相同`, {
        password: `不能与最近 ${n} 次使用过的密码相同`,
      });
    }
  }
}

async function rememberPassword(trx: Kysely<DB>, userId: number, passwordHash: string, at: string) {
  await trx
    .insertInto('password_history')
    .values({ user_id: userId, password_hash: passwordHash, created_at: at })
    .execute();
}

export interface CreateUserOptions {
  /** The demo district's seed: its accounts keep the published demo password (refused for anyone else). */
  demoSeed?: boolean;
}

export async function createUser(
  ctx: AppContext,
  actor: Actor,
  input: UserInput,
  opts: CreateUserOptions = {},
): Promise<User> {
  requirePermission(actor, 'user.manage');
  await validateUser(ctx, input, undefined, opts);
  if (input.roles.length) requireRecentAuth(ctx, actor);
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
          password_changed_at: now,
          active: input.active === false ? 0 : 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await rememberPassword(trx, id, passwordHash, now);
      for (const role of new Set(input.roles))
        await trx.insertInto('user_roles').values({ user_id: id, role }).execute();
      return (await selectUser(trx, id))!;
    },
    (u) => ({ action: 'user.create', objectType: 'user', objectId: u.id, after: u }),
  );
}

export async function updateUser(ctx: AppContext, actor: Actor, id: number, input: UserInput): Promise<User> {
  requirePermission(actor, 'user.manage');
  const before = await getUser(ctx, actor, id);
  await validateUser(ctx, input, id);
  const rolesChanged = [...new Set(input.roles)].sort().join() !== [...before.roles].sort().join();
  if (rolesChanged && actor.kind === 'user' && actor.id === id)
    throw forbidden('不能修改自己账号的角色，请由另一位安全管理员办理');
  if (rolesChanged) requireRecentAuth(ctx, actor);
  if (input.password) await assertNotReused(ctx, id, input.password);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const now = ctx.clock.now().toISOString();
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
          updated_at: now,
          // A password set by the security administrator is a temporary one: expired at once when expiry is on.
          ...(passwordHash
            ? {
                password_hash: passwordHash,
                failed_logins: 0,
                locked_until: null,
                password_changed_at: ctx.config.passwordPolicy.maxAgeDays ? '1970-01-01T00:00:00.000Z' : now,
              }
            : {}),
        })
        .where('id', '=', id)
        .execute();
      if (passwordHash) await rememberPassword(trx, id, passwordHash, now);
      await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
      for (const role of new Set(input.roles))
        await trx.insertInto('user_roles').values({ user_id: id, role }).execute();
      // A reset password ends the account's sessions and API tokens; a deactivated one loses its sessions.
      if (passwordHash) await endCredentials(trx, id, now);
      else if (input.active === false) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      return (await selectUser(trx, id))!;
    },
    (after) => ({
      action: 'user.update',
      objectType: 'user',
      objectId: id,
      before,
      after: { ...after, passwordChanged: !!passwordHash },
    }),
  );
}

/**
 * A changed or reset password ends every session of the user but `keepSession` (the one that changed
 * it) and revokes every API token: whoever learnt the old password, or a token made with it, is out.
 */
async function endCredentials(
  trx: Kysely<DB>,
  userId: number,
  at: string,
  keepSession?: string,
): Promise<void> {
  let sessions = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSession) sessions = sessions.where('id', '<>', sha256(keepSession));
  await sessions.execute();
  await trx
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * A member of staff changes their own password (also when it has expired): current one, policy,
 * history. Their other sessions and their API tokens end (`sessionToken` is the session that stays).
 */
export async function changeOwnPassword(
  ctx: AppContext,
  actor: Actor,
  current: string,
  next: string,
  sessionToken?: string,
): Promise<void> {
  if (actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
  const row = await ctx.db
    .selectFrom('users')
    .select(['password_hash'])
    .where('id', '=', actor.id)
    .executeTakeFirstOrThrow();
  if (!(await argonVerify(row.password_hash, current).catch(() => false)))
    throw badRequest('当前密码不正确', { current: '当前密码不正确' });
  const p =
    passwordProblem(next, ctx.config.passwordPolicy) ??
    guessablePasswordProblem(next, [actor.username, actor.displayName]);
  if (p) throw badRequest(p, { password: p });
  if (await argonVerify(row.password_hash, next).catch(() => false))
    throw badRequest('新密码不能与当前密码相同', { password: '新密码不能与当前密码相同' });
  await assertNotReused(ctx, actor.id, next);
  const hash = await hashPassword(next);
  const now = ctx.clock.now().toISOString();
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await trx
        .updateTable('users')
        .set({ password_hash: hash, password_changed_at: now, updated_at: now })
        .where('id', '=', actor.id)
        .execute();
      await rememberPassword(trx, actor.id, hash, now);
      await endCredentials(trx, actor.id, now, sessionToken);
    },
    () => ({ action: 'auth.password_change', objectType: 'user', objectId: actor.id }),
  );
}

/** Starts TOTP enrolment for oneself: a new secret (shown once, with its otpauth:// URI), kept sealed until confirmed. */
export async function startTotpEnrolment(
  ctx: AppContext,
  actor: Actor,
): Promise<{ secret: string; uri: string }> {
  if (actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await ctx.db
    .updateTable('users')
    .set({ totp_pending_secret: seal(secret) })
    .where('id', '=', actor.id)
    .execute();
  return { secret, uri: totpOf(actor.username, secret).toString() };
}

/** Confirms enrolment with a first code from the authenticator app. */
export async function confirmTotp(ctx: AppContext, actor: Actor, code: string): Promise<void> {
  if (actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
  const row = await ctx.db
    .selectFrom('users')
    .select(['totp_pending_secret', 'totp_secret'])
    .where('id', '=', actor.id)
    .executeTakeFirstOrThrow();
  if (row.totp_secret) throw new AppError('invalid_state', '已启用动态验证码');
  if (!row.totp_pending_secret) throw badRequest('请先生成密钥', { code: '请先生成密钥' });
  const step = codeStep(ctx, actor.username, openSealed(row.totp_pending_secret), code);
  if (step === null)
    throw badRequest('动态验证码不正确，请核对手机上的时间后重试', { code: '动态验证码不正确' });
  await auditedWrite(
    ctx,
    actor,
    (trx) =>
      trx
        .updateTable('users')
        // The confirming code counts as used: it cannot then sign in.
        .set({
          totp_secret: row.totp_pending_secret,
          totp_pending_secret: null,
          totp_enabled_at: ctx.clock.now().toISOString(),
          totp_last_step: step,
        })
        .where('id', '=', actor.id)
        .execute(),
    () => ({ action: 'auth.totp_enable', objectType: 'user', objectId: actor.id }),
  );
}

/** The security administrator turns a user's second factor off (lost phone); the user may enrol again. */
export async function disableTotp(ctx: AppContext, actor: Actor, userId: number): Promise<void> {
  requirePermission(actor, 'user.manage');
  requireRecentAuth(ctx, actor);
  const u = await getUser(ctx, actor, userId);
  if (!u.totp) throw new AppError('invalid_state', '该用户未启用动态验证码');
  await auditedWrite(
    ctx,
    actor,
    (trx) =>
      trx
        .updateTable('users')
        .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null })
        .where('id', '=', userId)
        .execute(),
    () => ({ action: 'auth.totp_disable', objectType: 'user', objectId: userId }),
  );
}

/** Re-seals the TOTP secrets under the current personal-data key (start-up and `gongkai keys rotate`). */
export async function sealAuthSecrets(ctx: AppContext): Promise<number> {
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'totp_secret', 'totp_pending_secret'])
    .where((eb) => eb.or([eb('totp_secret', 'is not', null), eb('totp_pending_secret', 'is not', null)]))
    .execute();
  let n = 0;
  for (const r of rows) {
    const stale = [r.totp_secret, r.totp_pending_secret].some((v) => v != null && !underCurrentKey(v));
    if (!stale) continue;
    await ctx.db
      .updateTable('users')
      .set({
        totp_secret: r.totp_secret && seal(openSealed(r.totp_secret)),
        totp_pending_secret: r.totp_pending_secret && seal(openSealed(r.totp_pending_secret)),
      })
      .where('id', '=', r.id)
      .execute();
    n++;
  }
  return n;
}
