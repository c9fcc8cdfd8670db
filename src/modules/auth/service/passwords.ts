/** Passwords: the history rule, changing one's own, and what a changed password ends. */
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { AppError, badRequest } from '../../../errors.ts';
import { auditedWrite } from '../../audit/service.ts';
import { guessablePasswordProblem, passwordProblem, sha256 } from '../model.ts';
import {
  deleteUserSessions,
  insertPasswordHistory,
  revokeUserTokens,
  selectPasswordHistory,
  selectUserRow,
  updateUserRow,
} from '../store.ts';

/** The argon2 hash of a password. */
export const hashPassword = (password: string) => argonHash(password);

/** Whether `password` is the one `hash` was made from (a malformed hash is a no). */
export const passwordMatches = (hash: string, password: string) =>
  argonVerify(hash, password).catch(() => false);

/** Checks a new password against the last N (policy) of the user's passwords. */
export async function assertNotReused(ctx: AppContext, userId: number, password: string): Promise<void> {
  const n = ctx.config.passwordPolicy.history;
  if (n === 0) return;
  for (const hash of await selectPasswordHistory(ctx.db, userId, n)) {
    if (await passwordMatches(hash, password)) {
      throw badRequest(`新密码不能与最近 ${n} 次使用过的密码相同`, {
        password: `不能与最近 ${n} 次使用过的密码相同`,
      });
    }
  }
}

/** Remembers a password the user had (the history rule). */
export const rememberPassword = insertPasswordHistory;

/**
 * A changed or reset password ends every session of the user but `keepSession` (the one that changed
 * it) and revokes every API token: whoever learnt the old password, or a token made with it, is out.
 */
export async function endCredentials(
  trx: Kysely<DB>,
  userId: number,
  at: string,
  keepSession?: string,
): Promise<void> {
  await deleteUserSessions(trx, userId, keepSession ? sha256(keepSession) : undefined);
  await revokeUserTokens(trx, userId, at);
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
  const row = await selectUserRow(ctx.db, actor.id);
  if (!row) throw new AppError('unauthenticated', '请先登录');
  if (!(await passwordMatches(row.password_hash, current)))
    throw badRequest('当前密码不正确', { current: '当前密码不正确' });
  const p =
    passwordProblem(next, ctx.config.passwordPolicy) ??
    guessablePasswordProblem(next, [actor.username, actor.displayName]);
  if (p) throw badRequest(p, { password: p });
  if (await passwordMatches(row.password_hash, next))
    throw badRequest('新密码不能与当前密码相同', { password: '新密码不能与当前密码相同' });
  await assertNotReused(ctx, actor.id, next);
  const hash = await hashPassword(next);
  const now = ctx.clock.now().toISOString();
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateUserRow(trx, actor.id, { password_hash: hash, password_changed_at: now, updated_at: now });
      await rememberPassword(trx, actor.id, hash, now);
      await endCredentials(trx, actor.id, now, sessionToken);
    },
    () => ({ action: 'auth.password_change', objectType: 'user', objectId: actor.id }),
  );
}
