/**
 * Signing in: the password, the TOTP code when enrolled, the lockout after repeated failures, and
 * re-entering the password for sensitive actions.
 */
import type { Kysely } from 'kysely';
import type { Actor, AppContext, UserActor } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { AppError, badRequest } from '../../../errors.ts';
import { auditedWrite, recordAudit } from '../../audit/service.ts';
import { LOCKOUT_MS, MAX_FAILED_LOGINS, newToken, SESSION_ABSOLUTE_MS, sha256 } from '../model.ts';
import {
  deleteSession,
  insertSession,
  selectPendingSession,
  selectUserByUsername,
  selectUserRow,
  updateSession,
  updateUserRow,
  type UserRow,
} from '../store.ts';
import { hashPassword, passwordMatches } from './passwords.ts';
import { toActor } from './sessions.ts';
import { USED_CODE, useCode } from './totp.ts';
import { transact } from '../../../db/index.ts';

/**
 * The one answer to a refused sign-in: wrong password, no such account, or an account locked after
 * repeated failures all read (and answer) the same, so the page never tells whether an account exists.
 */
const BAD_LOGIN = `用户名或密码错误。连续输错 ${MAX_FAILED_LOGINS} 次后账号将临时锁定 ${LOCKOUT_MS / 60_000} 分钟，如需帮助请联系系统管理员`;

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
  await transact(ctx.db, async (trx) => {
    await updateUserRow(trx, row.id, {
      failed_logins: lock ? 0 : failed,
      locked_until: lock ? new Date(now.getTime() + LOCKOUT_MS).toISOString() : row.locked_until,
    });
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
  const row = await selectUserByUsername(ctx.db, username.trim());
  if (!row || row.active !== 1) {
    await hashPassword('timing-equaliser'); // same cost whether or not the account exists
    throw new AppError('unauthenticated', BAD_LOGIN);
  }
  if (row.locked_until && row.locked_until > now.toISOString()) {
    throw new AppError('unauthenticated', BAD_LOGIN);
  }
  const ok = await passwordMatches(row.password_hash, password);
  const actor = signingIn(row, ip);
  if (!ok) {
    await countFailure(ctx, now, row, actor, 'auth.login_failed'); // locked now or not, the same answer
    throw new AppError('unauthenticated', BAD_LOGIN);
  }
  const token = newToken();
  // With a second factor enrolled the session waits for the code (mfa_pending) and signs nobody in yet.
  const mfaRequired = row.totp_secret != null;
  await transact(ctx.db, async (trx) => {
    if (row.failed_logins || row.locked_until)
      await updateUserRow(trx, row.id, { failed_logins: 0, locked_until: null });
    await insertSession(trx, {
      id: sha256(token),
      user_id: row.id,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + (mfaRequired ? 5 * 60_000 : SESSION_ABSOLUTE_MS)).toISOString(),
      ip,
      auth_at: mfaRequired ? null : now.toISOString(),
      mfa_pending: mfaRequired ? 1 : 0,
    });
    await recordAudit(trx, now, actor, {
      action: mfaRequired ? 'auth.password_ok' : 'auth.login',
      objectType: 'user',
      objectId: row.id,
    });
  });
  return { token, actor: (await toActor(ctx, row.id, ip, now.toISOString()))!, mfaRequired };
}

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
  const s = await selectPendingSession(ctx.db, sha256(token));
  if (!s || s.expires_at <= now.toISOString())
    throw new AppError('unauthenticated', '验证已超时，请重新登录');
  const row = await selectUserRow(ctx.db, s.user_id);
  if (!row) throw new AppError('unauthenticated', '验证已超时，请重新登录');
  const actor = signingIn(row, ip);
  const used = await useCode(ctx, row, code);
  if (used !== 'ok') {
    // A lockout also ends the pending session: the password must be given again.
    const lock = await countFailure(ctx, now, row, actor, 'auth.totp_failed', (trx) =>
      deleteSession(trx, s.id),
    );
    const message = used === 'used' ? USED_CODE : '动态验证码不正确';
    throw new AppError(
      lock ? 'too_many_requests' : 'bad_request',
      lock ? '验证失败次数过多，账号已临时锁定 15 分钟' : message,
      { code: message },
    );
  }
  await transact(ctx.db, async (trx) => {
    await updateUserRow(trx, row.id, { failed_logins: 0 });
    await updateSession(trx, s.id, {
      mfa_pending: 0,
      auth_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
    });
    await recordAudit(trx, now, actor, {
      action: 'auth.login',
      objectType: 'user',
      objectId: row.id,
      after: { secondFactor: 'totp' },
    });
  });
  return (await toActor(ctx, row.id, ip, now.toISOString()))!;
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
  const row = await selectUserRow(ctx.db, actor.id);
  if (!row) throw new AppError('unauthenticated', '请先登录');
  const passwordOk = await passwordMatches(row.password_hash, password);
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
    (trx) => updateSession(trx, sha256(sessionToken), { auth_at: now.toISOString() }, actor.id),
    () => ({ action: 'auth.reauth', objectType: 'user', objectId: actor.id }),
  );
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
  const row = await selectUserByUsername(ctx.db, username);
  if (!row || row.active !== 1 || (row.locked_until && row.locked_until > now.toISOString()))
    throw new AppError('unauthenticated', '该站点的账号已停用或暂时锁定，请联系该站点的安全管理员');
  const token = newToken();
  const mfaRequired = row.totp_secret != null;
  await transact(ctx.db, async (trx) => {
    await insertSession(trx, {
      id: sha256(token),
      user_id: row.id,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + (mfaRequired ? 5 * 60_000 : SESSION_ABSOLUTE_MS)).toISOString(),
      ip,
      auth_at: null,
      mfa_pending: mfaRequired ? 1 : 0,
    });
    await recordAudit(trx, now, signingIn(row, ip), {
      action: mfaRequired ? 'auth.linked_pending' : 'auth.login',
      objectType: 'user',
      objectId: row.id,
      after: { via: 'site_link', from },
    });
  });
  return { token, mfaRequired };
}
