/** Staff accounts: list, read, create and change them (the security administrator's work). */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, forbidden, notFound } from '../../../errors.ts';
import { auditedWrite } from '../../audit/service.ts';
import { getOrg } from '../../org/service.ts';
import { guessablePasswordProblem, passwordProblem, USERNAME_RE } from '../model.ts';
import { ROLE_KEYS, THREE_ADMIN_ROLES, requirePermission, type Role } from '../permissions.ts';
import {
  selectDisplayNames,
  selectEmails,
  countUsers,
  deleteUserSessions,
  selectExistingUsernames,
  insertRoles,
  insertUserRow,
  replaceRoles,
  selectRoles,
  selectUserByUsername,
  selectUserIds,
  selectUserRow,
  selectUsersWithRole,
  updateUserRow,
} from '../store.ts';
import { assertNotReused, endCredentials, hashPassword, rememberPassword } from './passwords.ts';
import { requireRecentAuth } from './sessions.ts';

/** A staff account as the back office and the API show it (no secrets). */
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

/** One user with their roles, or undefined. */
export async function selectUser(db: Kysely<DB>, id: number): Promise<User | undefined> {
  const r = await selectUserRow(db, id);
  if (!r) return undefined;
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    orgId: r.org_id,
    email: r.email,
    active: r.active === 1,
    lockedUntil: r.locked_until,
    roles: await selectRoles(db, r.id),
    totp: r.totp_secret != null,
  };
}

/** A staff account as created or edited. */
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

export interface CreateUserOptions {
  /** The demo district's seed: its accounts keep the published demo password (refused for anyone else). */
  demoSeed?: boolean;
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
  const same = await selectUserByUsername(ctx.db, input.username);
  if (same && same.id !== id) throw badRequest('用户名已被使用', { username: '用户名已被使用' });
}

const publicUser = (u: User) => ({ ...u }); // users carry no secret fields; kept as a seam for masking

/** Every account (user.read). */
export async function listUsers(ctx: AppContext, actor: Actor): Promise<User[]> {
  requirePermission(actor, 'user.read');
  const ids = await selectUserIds(ctx.db);
  return Promise.all(ids.map(async (id) => publicUser((await selectUser(ctx.db, id))!)));
}

/** One account (user.read), or a Chinese 404. */
export async function getUser(ctx: AppContext, actor: Actor, id: number): Promise<User> {
  requirePermission(actor, 'user.read');
  const u = await selectUser(ctx.db, id);
  if (!u) throw notFound('用户');
  return u;
}

/** Users of an org holding a role — who gets a department's reminders. */
export function usersWithRole(
  db: Kysely<DB>,
  orgId: number | null,
  role: Role,
): Promise<{ id: number; email: string | null }[]> {
  return selectUsersWithRole(db, orgId, role);
}

/** Which of these usernames have an account (the demo logins printed at start). */
export const existingUsernames = (db: Kysely<DB>, usernames: string[]) =>
  selectExistingUsernames(db, usernames);

/** Whether any account exists (a fresh instance has none until setup). */
export async function anyUser(db: Kysely<DB>): Promise<boolean> {
  return (await countUsers(db)) > 0;
}

/** The signed-in user's own e-mail and second-factor state (the account page, GET /api/v1/me). */
export async function ownAccount(
  ctx: AppContext,
  actor: Actor & { kind: 'user' },
): Promise<{ email: string | null; totp: boolean; totpPending: boolean }> {
  const r = await selectUserRow(ctx.db, actor.id);
  if (!r) throw notFound('用户');
  return { email: r.email, totp: r.totp_secret != null, totpPending: r.totp_pending_secret != null };
}

/** Creates an account (user.manage; with roles, a recent password entry too); audited. */
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
      const id = await insertUserRow(trx, {
        username: input.username,
        display_name: input.displayName.trim(),
        org_id: input.orgId,
        email: input.email || null,
        password_hash: passwordHash,
        password_changed_at: now,
        active: input.active === false ? 0 : 1,
        created_at: now,
        updated_at: now,
      });
      await rememberPassword(trx, id, passwordHash, now);
      await insertRoles(trx, id, new Set(input.roles));
      return (await selectUser(trx, id))!;
    },
    (u) => ({ action: 'user.create', objectType: 'user', objectId: u.id, after: u }),
  );
}

/**
 * Changes an account (user.manage); nobody changes their own roles, and a role change needs a
 * recent password entry. A new password ends the account's sessions and tokens; audited.
 */
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
      await updateUserRow(trx, id, {
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
      });
      if (passwordHash) await rememberPassword(trx, id, passwordHash, now);
      await replaceRoles(trx, id, new Set(input.roles));
      // A reset password ends the account's sessions and API tokens; a deactivated one loses its sessions.
      if (passwordHash) await endCredentials(trx, id, now);
      else if (input.active === false) await deleteUserSessions(trx, id);
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

/** Staff display names by id: what other modules show of a user (handlers on case pages, letters). */
export const userDisplayNames = (db: Kysely<DB>, ids: number[]): Promise<Map<number, string>> =>
  selectDisplayNames(db, ids);

/** The e-mail address of every user who has one, by user id (the notification mailer). */
export const userEmails = (db: Kysely<DB>): Promise<Map<number, string>> => selectEmails(db);
