/** Items: create, edit (a new revision each time), read, list, and the review queue; revisions listed and restored. */
import type { Actor, AppContext } from '../../../context.ts';
import { badRequest, invalidState, notFound } from '../../../errors.ts';
import { auditedWrite } from '../../audit/service.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import { orgScope, requireOrgAccess } from '../../org/service.ts';
import { indexItem, type GateResult } from '../integrations.ts';
import { STATUSES, type Item, type ItemKind, type ItemStatus } from '../model.ts';
import { insertItem, selectItem, updateItemRow, writeLinks } from '../store/items.ts';
import { queryItems } from '../store/listings.ts';
import { selectRevisions } from '../store/revisions.ts';
import { addRevision, gateFor, saveSnapshotRaw, searchDoc, staffItem } from './item-access.ts';
import {
  auditView,
  normaliseInput,
  snapshotOf,
  snapshotValues,
  withIndexNumber,
  type ItemInput,
  type Snapshot,
} from './item-rules.ts';
/**
 * A new draft. With `supersedes`, it is a new version of a published item of the same org that goes
 * through the whole review workflow while that item stays public; publishing it withdraws that item
 * with a redirect here (`retireSuperseded`).
 */
export async function createItem(
  ctx: AppContext,
  actor: Actor,
  input: ItemInput,
  opts: { supersedes?: number } = {},
): Promise<Item> {
  requirePermission(actor, 'content.edit');
  const orgId = input.orgId ?? (actor.kind === 'user' ? actor.orgId : undefined);
  if (orgId == null) throw badRequest('请选择发布单位', { orgId: '请选择发布单位' });
  await requireOrgAccess(ctx.db, actor, orgId);
  if (opts.supersedes != null) {
    const old = await staffItem(ctx, actor, opts.supersedes, 'content.edit');
    if (old.status !== 'published')
      throw invalidState(`只能替代已发布的稿件，该稿件当前状态为“${STATUSES[old.status]}”`);
    if (old.orgId !== orgId)
      throw badRequest('替代稿件须与原稿件的发布单位相同', { orgId: '发布单位须与被替代的稿件相同' });
  }
  const snap0 = await normaliseInput(ctx.db, input, orgId, { supersedes: opts.supersedes });
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const snap = await withIndexNumber(trx, snap0, ctx.clock.now());
      const id = await insertItem(trx, {
        ...snapshotValues(snap),
        status: 'draft',
        late: 0,
        author_id: actor.kind === 'user' ? actor.id : null,
        revision: 1,
        supersedes_id: opts.supersedes ?? null,
        is_sample: input.isSample ? 1 : 0,
        created_at: now,
        updated_at: now,
      });
      await writeLinks(trx, id, snap);
      const item = (await selectItem(trx, id))!;
      await addRevision(
        trx,
        item,
        actor,
        now,
        opts.supersedes != null ? `新建（替代已发布的稿件 ${opts.supersedes}）` : '新建',
      );
      return item;
    },
    (i) => ({
      action: 'content.item.create',
      objectType: 'content_item',
      objectId: i.id,
      after: { ...auditView(i), ...(opts.supersedes != null ? { supersedes: opts.supersedes } : {}) },
    }),
  );
}

/**
 * Saves a new revision. Drafts are edited by their department's editors; a published item is
 * edited in place (更新) only by a reviewer or the openness office, and the gate runs again.
 */
export async function updateItem(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: ItemInput,
  note = '修改',
): Promise<Item> {
  const before = await staffItem(ctx, actor, id, 'content.read');
  if (before.status === 'published') requirePermission(actor, 'content.publish');
  else if (before.status === 'draft') requirePermission(actor, 'content.edit');
  else throw invalidState(`稿件当前状态为“${STATUSES[before.status]}”，不能修改；如需修改请先退回`);
  const orgId = input.orgId ?? before.orgId;
  if (orgId !== before.orgId) await requireOrgAccess(ctx.db, actor, orgId);
  const snap = await normaliseInput(ctx.db, input, orgId, { id: before.id, supersedes: before.supersedesId });
  return saveSnapshot(ctx, actor, before, snap, note, 'content.item.update');
}

/** Saves a validated snapshot as the next revision; a published item's edit passes the gate again. */
async function saveSnapshot(
  ctx: AppContext,
  actor: Actor,
  before: Item,
  snap: Snapshot,
  note: string,
  action: string,
): Promise<Item> {
  const now = ctx.clock.now().toISOString();
  let gate: GateResult | null = null;
  if (before.status === 'published') {
    gate = await gateFor(ctx, { ...before, title: snap.title, body: snap.body });
    if (gate.blocking && !before.gateOverride)
      throw invalidState('修改后的内容含有个人信息或严重错敏词，已发布的内容不能这样保存，请先脱敏');
  }
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      snap = await withIndexNumber(trx, snap, ctx.clock.now());
      await updateItemRow(trx, before.id, {
        ...snapshotValues(snap),
        revision: before.revision + 1,
        updated_at: now,
        ...(before.status === 'published' ? { modified_at: now, gate_json: JSON.stringify(gate) } : {}),
      });
      await writeLinks(trx, before.id, snap);
      const item = (await selectItem(trx, before.id))!;
      await addRevision(trx, item, actor, now, note);
      if (item.status === 'published') await indexItem(trx, await searchDoc(trx, item));
      return item;
    },
    (after) => ({
      action,
      objectType: 'content_item',
      objectId: before.id,
      before: auditView(before),
      after: { ...auditView(after), note },
    }),
  );
}

/** An item for staff in scope. */
export async function getItem(ctx: AppContext, actor: Actor, id: number): Promise<Item> {
  return staffItem(ctx, actor, id, 'content.read');
}

/** The back office's list filters. */
export interface ItemListFilter {
  status?: ItemStatus;
  kind?: ItemKind;
  columnId?: number;
  orgId?: number;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** Items the actor may see (own org subtree, or all for district-wide roles). */
export async function listItems(ctx: AppContext, actor: Actor, f: ItemListFilter) {
  requirePermission(actor, 'content.read');
  const page = Math.max(1, f.page ?? 1);
  const pageSize = Math.min(Math.max(1, f.pageSize ?? 20), 200);
  const res = await queryItems(ctx.db, {
    scope: await orgScope(ctx.db, actor),
    statuses: f.status ? [f.status] : undefined,
    kind: f.kind,
    columnId: f.columnId,
    orgId: f.orgId,
    q: f.q,
    page,
    pageSize,
  });
  return { ...res, page, pageSize };
}

/** The review queue: what this actor can act on next (submitted for reviewers, reviewed for 保密审查员). */
export async function reviewQueue(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'content.read');
  const statuses: ItemStatus[] = [];
  if (can(actor, 'content.review')) statuses.push('submitted');
  if (can(actor, 'content.confidentiality')) statuses.push('reviewed');
  if (can(actor, 'content.publish')) statuses.push('cleared');
  if (statuses.length === 0) return { items: [], total: 0 };
  return queryItems(ctx.db, { scope: await orgScope(ctx.db, actor), statuses, page: 1, pageSize: 200 });
}

/** An item's revisions, newest first. */
export async function listRevisions(ctx: AppContext, actor: Actor, id: number) {
  await staffItem(ctx, actor, id, 'content.read');
  return selectRevisions(ctx.db, id);
}

/** Restores an earlier revision as a new revision (nothing is ever overwritten). */
export async function restoreRevision(
  ctx: AppContext,
  actor: Actor,
  id: number,
  number: number,
): Promise<Item> {
  const item = await staffItem(ctx, actor, id, 'content.edit');
  if (item.status !== 'draft') throw invalidState('只有草稿可以恢复历史版本；已报送的稿件请先退回');
  const rev = (await selectRevisions(ctx.db, id)).find((r) => r.number === number);
  if (!rev) throw notFound('历史版本');
  const snap = rev.snapshot as unknown as Snapshot;
  return saveSnapshotRaw(
    ctx,
    actor,
    item,
    { ...snapshotOf(item), ...snap, orgId: item.orgId },
    `恢复第 ${number} 版`,
    'content.item.restore',
  );
}
