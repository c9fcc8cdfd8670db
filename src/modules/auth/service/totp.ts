/**
 * The TOTP second factor: enrolment, the once-only use of a code, turning it off, and keeping the
 * secrets sealed under the current personal-data key.
 */
import * as OTPAuth from 'otpauth';
import type { Actor, AppContext } from '../../../context.ts';
import { AppError, badRequest } from '../../../errors.ts';
import { open as openSealed, seal, underCurrentKey } from '../../../lib/datakeys.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../permissions.ts';
import { selectSealedSecrets, selectUserRow, takeTotpStep, updateUserRow } from '../store.ts';
import { requireRecentAuth } from './sessions.ts';
import { getUser } from './users.ts';

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
export async function useCode(
  ctx: AppContext,
  row: { id: number; username: string; totp_secret: string | null },
  code: string,
): Promise<'ok' | 'wrong' | 'used'> {
  const step = row.totp_secret ? codeStep(ctx, row.username, openSealed(row.totp_secret), code) : null;
  if (step === null) return 'wrong';
  return (await takeTotpStep(ctx.db, row.id, step)) ? 'ok' : 'used';
}

/** What a code already used is answered with. */
export const USED_CODE = '该动态验证码已使用过，请等待手机上出现新的验证码后再输入';

/** Starts TOTP enrolment for oneself: a new secret (shown once, with its otpauth:// URI), kept sealed until confirmed. */
export async function startTotpEnrolment(
  ctx: AppContext,
  actor: Actor,
): Promise<{ secret: string; uri: string }> {
  if (actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await updateUserRow(ctx.db, actor.id, { totp_pending_secret: seal(secret) });
  return { secret, uri: totpOf(actor.username, secret).toString() };
}

/** Confirms enrolment with a first code from the authenticator app. */
export async function confirmTotp(ctx: AppContext, actor: Actor, code: string): Promise<void> {
  if (actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
  const row = await selectUserRow(ctx.db, actor.id);
  if (!row) throw new AppError('unauthenticated', '请先登录');
  if (row.totp_secret) throw new AppError('invalid_state', '已启用动态验证码');
  if (!row.totp_pending_secret) throw badRequest('请先生成密钥', { code: '请先生成密钥' });
  const step = codeStep(ctx, actor.username, openSealed(row.totp_pending_secret), code);
  if (step === null)
    throw badRequest('动态验证码不正确，请核对手机上的时间后重试', { code: '动态验证码不正确' });
  await auditedWrite(
    ctx,
    actor,
    (trx) =>
      // The confirming code counts as used: it cannot then sign in.
      updateUserRow(trx, actor.id, {
        totp_secret: row.totp_pending_secret,
        totp_pending_secret: null,
        totp_enabled_at: ctx.clock.now().toISOString(),
        totp_last_step: step,
      }),
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
      updateUserRow(trx, userId, { totp_secret: null, totp_pending_secret: null, totp_enabled_at: null }),
    () => ({ action: 'auth.totp_disable', objectType: 'user', objectId: userId }),
  );
}

/** Re-seals the TOTP secrets under the current personal-data key (start-up and `gongkai keys rotate`). */
export async function sealAuthSecrets(ctx: AppContext): Promise<number> {
  let n = 0;
  for (const r of await selectSealedSecrets(ctx.db)) {
    const stale = [r.totp_secret, r.totp_pending_secret].some((v) => v != null && !underCurrentKey(v));
    if (!stale) continue;
    await updateUserRow(ctx.db, r.id, {
      totp_secret: r.totp_secret && seal(openSealed(r.totp_secret)),
      totp_pending_secret: r.totp_pending_secret && seal(openSealed(r.totp_pending_secret)),
    });
    n++;
  }
  return n;
}
