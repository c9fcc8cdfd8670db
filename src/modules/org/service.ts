/** Org use cases: read the tree, the actor's scope, create and edit orgs. */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { badRequest, forbidden, notFound } from '../../errors.ts';
import { auditedWrite } from '../audit/service.ts';
import { isDistrictWide, requirePermission } from '../auth/permissions.ts';
import {
  descendantsOf,
  inScope,
  ORG_KINDS,
  wouldCycle,
  type Org,
  type OrgInput,
  type OrgScope,
} from './model.ts';
import { insertOrg, selectAllOrgs, selectOrg, selectOrgByCode, updateOrgRow } from './store.ts';

/**
 * Every org, in tree order, for other modules' use cases (org names are public): other modules
 * read orgs through here, never through this module's store.
 */
export { selectAllOrgs } from './store.ts';

/** Every org (staff with org.read). */
export async function listOrgs(ctx: AppContext, actor: Actor): Promise<Org[]> {
  requirePermission(actor, 'org.read');
  return selectAllOrgs(ctx.db);
}

/** Every org, for public pages (org names are public). */
export const listPublicOrgs = (db: Kysely<DB>) => selectAllOrgs(db);

/** One org, or a Chinese 404. */
export async function getOrg(db: Kysely<DB>, id: number): Promise<Org> {
  const org = await selectOrg(db, id);
  if (!org) throw notFound('机关');
  return org;
}

/**
 * The orgs an actor may see: district-wide roles (公开办, 领导, 系统管理员) and the system see all;
 * anyone else sees their own org and the orgs below it.
 */
export async function orgScope(db: Kysely<DB>, actor: Actor): Promise<OrgScope> {
  if (isDistrictWide(actor)) return { all: true };
  if (actor.kind !== 'user') return { all: false, orgIds: [] };
  return { all: false, orgIds: descendantsOf(await selectAllOrgs(db), actor.orgId) };
}

/** Throws unless the actor's scope covers the org. */
export async function requireOrgAccess(db: Kysely<DB>, actor: Actor, orgId: number): Promise<void> {
  if (!inScope(await orgScope(db, actor), orgId)) throw forbidden('该事项属于其他单位，您无权查看或处理');
}

export type { OrgInput } from './model.ts';

async function validateOrgInput(db: Kysely<DB>, input: OrgInput, id?: number): Promise<void> {
  const fields: Record<string, string> = {};
  if (!input.name.trim()) fields.name = '请填写机关全称';
  if (!input.shortName.trim()) fields.shortName = '请填写简称';
  if (!/^[0-9A-Z]{1,32}$/.test(input.code))
    fields.code = '机关代码只能包含数字和大写字母（如统一社会信用代码）';
  if (!(input.kind in ORG_KINDS)) fields.kind = '机关类型无效';
  const pattern = input.letterNumberPattern?.trim();
  if (pattern && !pattern.includes('{seq}'))
    fields.letterNumberPattern =
      '文号格式须含 {seq}（序号），可含 {year}（年份），如 某发改依复〔{year}〕{seq}号';
  if (Object.keys(fields).length) throw badRequest('机关信息有误，请检查后重新提交', fields);
  const sameCode = await selectOrgByCode(db, input.code);
  if (sameCode && sameCode.id !== id)
    throw badRequest('机关代码已被使用', { code: `已被“${sameCode.name}”使用` });
  if (input.parentId != null) {
    if (!(await selectOrg(db, input.parentId)))
      throw badRequest('上级机关不存在', { parentId: '上级机关不存在' });
    if (id != null && wouldCycle(await selectAllOrgs(db), id, input.parentId)) {
      throw badRequest('不能把机关设为自己下级的下级', { parentId: '上级机关不能是本机关或其下级' });
    }
  }
}

/** Adds an org (org.manage); audited. */
export async function createOrg(ctx: AppContext, actor: Actor, input: OrgInput): Promise<Org> {
  requirePermission(actor, 'org.manage');
  await validateOrgInput(ctx.db, input);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertOrg(trx, input, now);
      return (await selectOrg(trx, id))!;
    },
    (org) => ({ action: 'org.create', objectType: 'org', objectId: org.id, after: org }),
  );
}

/** Changes an org (org.manage); audited. */
export async function updateOrg(ctx: AppContext, actor: Actor, id: number, input: OrgInput): Promise<Org> {
  requirePermission(actor, 'org.manage');
  const before = await getOrg(ctx.db, id);
  await validateOrgInput(ctx.db, input, id);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateOrgRow(trx, id, input, ctx.clock.now().toISOString());
      return (await selectOrg(trx, id))!;
    },
    (after) => ({ action: 'org.update', objectType: 'org', objectId: id, before, after }),
  );
}

/**
 * Finds an org by a name as documents write it: full name, short name or a known alias
 * (e.g. 区市场监督管理局 → 区市场监管局). Used by importers; undefined when nothing matches.
 */
export function findOrgByName(orgs: Org[], name: string): Org | undefined {
  const n = name.trim();
  return orgs.find((o) => o.name === n || o.shortName === n || o.aliases.includes(n));
}

/** Every org (no permission: names and the tree are public), for other modules that may not read org's store. */
export async function allOrgs(db: Kysely<DB>): Promise<Org[]> {
  return selectAllOrgs(db);
}
