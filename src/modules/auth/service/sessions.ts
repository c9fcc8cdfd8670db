/**
 * Who a request is: a session cookie (server-side sessions, kept by the sha256 of their token, with
 * an idle and an absolute limit) or an API token; and the recent-password rule for sensitive actions.
 */
import type { Actor, AppContext, UserActor } from '../../../context.ts';
import { AppError, notFound } from '../../../errors.ts';
import { auditedWrite } from '../../audit/service.ts';
import { newToken, passwordExpired, recentlyAuthenticated, SESSION_IDLE_MS, sha256 } from '../model.ts';
import { requirePermission } from '../permissions.ts';
import {
  deleteSession,
  insertApiToken,
  selectLiveApiToken,
  selectRoles,
  selectSession,
  selectUserByUsername,
  selectUserRow,
  touchApiToken,
  updateSession,
} from '../store.ts';

/** The signed-in actor for an active user; `authAt` when signed in through a session. */
export async function toActor(
  ctx: AppContext,
  userId: number,
  ip: string | null,
  authAt?: string | null,
): Promise<UserActor | null> {
  const r = await selectUserRow(ctx.db, userId);
  if (!r || r.active !== 1) return null;
  const actor: UserActor = {
    kind: 'user',
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    orgId: r.org_id,
    roles: await selectRoles(ctx.db, r.id),
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

/** Sensitive actions (role changes, overrides, exports of personal data) need a recent password entry. */
export function requireRecentAuth(ctx: AppContext, actor: Actor): void {
  // API tokens (no authAt) are issued by the security administrator to systems, not people: exempt.
  if (actor.kind !== 'user' || actor.authAt === undefined) return;
  if (!recentlyAuthenticated(actor.authAt, ctx.clock.now(), ctx.config.reauthMinutes)) {
    throw new AppError('reauth_required', '此操作需要重新验证身份，请再次输入密码');
  }
}

export type SessionResult = { actor: UserActor } | { expired: true } | null;

/** Resolves a session cookie; `expired` when it existed but timed out (the page says so). */
export async function resolveSession(
  ctx: AppContext,
  token: string,
  ip: string | null,
): Promise<SessionResult> {
  const id = sha256(token);
  const s = await selectSession(ctx.db, id);
  if (!s || s.mfa_pending === 1) return null;
  const now = ctx.clock.now();
  const idleEnd = new Date(new Date(s.last_seen_at).getTime() + SESSION_IDLE_MS).toISOString();
  if (s.expires_at <= now.toISOString() || idleEnd <= now.toISOString()) {
    await deleteSession(ctx.db, id);
    return { expired: true };
  }
  // Touch at most once a minute: a page view is not worth a write each time.
  if (now.getTime() - new Date(s.last_seen_at).getTime() > 60_000)
    await updateSession(ctx.db, id, { last_seen_at: now.toISOString() });
  const actor = await toActor(ctx, s.user_id, ip, s.auth_at);
  return actor ? { actor } : null;
}

/** Ends the session of this cookie token. */
export async function logout(ctx: AppContext, token: string): Promise<void> {
  await deleteSession(ctx.db, sha256(token));
}

/** Creates an API token for a user; the token is shown once, only its hash is kept. */
export async function createApiToken(
  ctx: AppContext,
  actor: Actor,
  username: string,
  name: string,
): Promise<string> {
  requirePermission(actor, 'token.manage');
  const user = await selectUserByUsername(ctx.db, username);
  if (!user) throw notFound(`用户“${username}”`);
  const token = newToken('gk_');
  await auditedWrite(
    ctx,
    actor,
    (trx) =>
      insertApiToken(trx, {
        user_id: user.id,
        name,
        token_hash: sha256(token),
        created_at: ctx.clock.now().toISOString(),
      }),
    (id) => ({
      action: 'token.create',
      objectType: 'api_token',
      objectId: id,
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
  const t = await selectLiveApiToken(ctx.db, sha256(token));
  if (!t) return null;
  const now = ctx.clock.now().toISOString();
  // Recorded at most once a minute.
  if (!t.last_used_at || t.last_used_at.slice(0, 16) !== now.slice(0, 16))
    await touchApiToken(ctx.db, t.id, now);
  return toActor(ctx, t.user_id, ip);
}
