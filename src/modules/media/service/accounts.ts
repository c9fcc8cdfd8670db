/** 政务新媒体 accounts: the public directory, the registry in the actor's scope, direct registration and edits (公开办). */
import type { Kysely } from 'kysely';
import { type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, notFound } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { getOrg, listPublicOrgs, orgScope, requireOrgAccess } from '../../org/service.ts';
import {
  PLATFORMS,
  accountFieldProblems,
  freshnessOf,
  type AccountFields,
  type AccountStatus,
  type Freshness,
  type MediaAccount,
  type Platform,
} from '../model.ts';
import {
  accountValues,
  insertAccount,
  updateAccountRow,
  selectAccount,
  selectAccountByPlatformId,
  selectAccounts,
} from '../store.ts';

/** What the public matrix shows of an account: no operator or responsible person. */
export interface PublicAccount {
  id: number;
  platform: Platform;
  platformName: string;
  accountName: string;
  platformAccountId: string;
  orgId: number;
  orgName: string;
  level: string;
  isSample: boolean;
}

/** Every active account, optionally searched by name or platform ID — for citizens checking an account is genuine. */
export async function listPublicAccounts(
  db: Kysely<DB>,
  f: { q?: string; platform?: string } = {},
): Promise<PublicAccount[]> {
  const orgs = new Map((await listPublicOrgs(db)).map((o) => [o.id, o]));
  const accounts = await selectAccounts(db, {
    status: 'active',
    q: f.q?.trim() || undefined,
    platform: f.platform && f.platform in PLATFORMS ? f.platform : undefined,
  });
  return accounts.map((a) => ({
    id: a.id,
    platform: a.platform,
    platformName: PLATFORMS[a.platform] ?? a.platform,
    accountName: a.accountName,
    platformAccountId: a.platformAccountId,
    orgId: a.orgId,
    orgName: orgs.get(a.orgId)?.name ?? '',
    level: a.level,
    isSample: a.isSample,
  }));
}

/** Accounts the actor's org scope covers. */
export async function listAccounts(
  ctx: AppContext,
  actor: Actor,
  f: { status?: AccountStatus; platform?: string; q?: string } = {},
): Promise<MediaAccount[]> {
  requirePermission(actor, 'channels.read');
  const scope = await orgScope(ctx.db, actor);
  return selectAccounts(ctx.db, { ...f, orgIds: scope.all ? undefined : scope.orgIds });
}

export async function getAccount(ctx: AppContext, actor: Actor, id: number): Promise<MediaAccount> {
  requirePermission(actor, 'channels.read');
  const a = await selectAccount(ctx.db, id);
  if (!a) throw notFound('新媒体账号');
  await requireOrgAccess(ctx.db, actor, a.orgId);
  return a;
}

/** Checks account fields, and that no other account has the same platform ID. */
export async function validateFields(ctx: AppContext, f: AccountFields, exceptId?: number): Promise<void> {
  const problems = accountFieldProblems(f);
  if (Object.keys(problems).length) throw badRequest('账号信息有误，请检查后重新提交', problems);
  await getOrg(ctx.db, f.orgId).catch(() => {
    throw badRequest('主办单位不存在', { orgId: '主办单位不存在' });
  });
  const same = await selectAccountByPlatformId(ctx.db, f.platform, f.platformAccountId);
  if (same && same.id !== exceptId) {
    throw badRequest('该平台账号 ID 已登记', { platformAccountId: `已登记为“${same.accountName}”` });
  }
}

/**
 * Registers an account directly (公开办 only: accounts that existed before the platform, or
 * corrections). Units go through an open filing instead.
 */
export async function createAccount(
  ctx: AppContext,
  actor: Actor,
  f: AccountFields & { isSample?: boolean },
): Promise<MediaAccount> {
  requirePermission(actor, 'media.approve');
  await validateFields(ctx, f);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertAccount(trx, {
        ...accountValues(f),
        status: 'active',
        is_sample: f.isSample ? 1 : 0,
        created_at: now,
        updated_at: now,
      });
      return (await selectAccount(trx, id))!;
    },
    (a) => ({ action: 'media.account.create', objectType: 'media_account', objectId: a.id, after: a }),
  );
}

/** Edits an account directly (公开办 only). */
export async function updateAccount(
  ctx: AppContext,
  actor: Actor,
  id: number,
  f: AccountFields,
): Promise<MediaAccount> {
  requirePermission(actor, 'media.approve');
  const before = await getAccount(ctx, actor, id);
  await validateFields(ctx, f, id);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateAccountRow(trx, id, { ...accountValues(f), updated_at: ctx.clock.now().toISOString() });
      return (await selectAccount(trx, id))!;
    },
    (after) => ({ action: 'media.account.update', objectType: 'media_account', objectId: id, before, after }),
  );
}

/** An account with its freshness on a date. */
export interface AccountWithFreshness {
  account: MediaAccount;
  freshness: Freshness;
}

/** Active accounts in scope with their freshness on the clock's Shanghai date. */
export async function accountsWithFreshness(ctx: AppContext, actor: Actor): Promise<AccountWithFreshness[]> {
  const today = shanghaiDate(ctx.clock.now());
  return (await listAccounts(ctx, actor, { status: 'active' })).map((a) => ({
    account: a,
    freshness: freshnessOf(a, today),
  }));
}
