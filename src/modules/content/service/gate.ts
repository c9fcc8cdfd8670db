/** The personal-information and expression gate on items: check, one-click mask (sealing history), reviewer override, sealed originals. */
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, forbidden, invalidState, notFound } from '../../../errors.ts';
import { open as openSealed, seal, underCurrentKey } from '../../../lib/datakeys.ts';
import { auditedWrite } from '../../audit/service.ts';
import { can } from '../../auth/permissions.ts';
import { requireRecentAuth } from '../../auth/service.ts';
import { maskText, type GateResult } from '../integrations.ts';
import { sanitizeBody, type Item } from '../model.ts';
import { selectItem, setGate, updateItemRow } from '../store/items.ts';
import {
  selectRevisionRowsExcept,
  selectSealedOriginal,
  selectSealedRevisions,
  updateRevisionSnapshot,
  updateSealed,
} from '../store/revisions.ts';
import { gateFor, loadItem, saveSnapshotRaw, staffItem } from './item-access.ts';
import { snapshotOf } from './item-rules.ts';

/** The personal-information and expression gate on items: check, one-click mask (sealing history), reviewer override, sealed originals. */
/**
 * Personal data out of history: every earlier revision whose title or body still holds personal
 * data gets the masked snapshot, and its original is sealed with the personal-data key — in the
 * masking's transaction. Returns the revisions sealed.
 */
async function sealRevisions(trx: Kysely<DB>, itemId: number, keep: number): Promise<number> {
  const rows = await selectRevisionRowsExcept(trx, itemId, keep);
  let n = 0;
  for (const r of rows) {
    const snap = JSON.parse(r.snapshot) as Record<string, unknown>;
    const title = await maskText(String(snap.title ?? ''));
    const body = await maskText(String(snap.body ?? ''));
    if (title.count + body.count === 0) continue;
    // A revision sealed before keeps its first original (the one with every raw value).
    const sealed = r.sealed ?? seal(r.snapshot);
    await updateRevisionSnapshot(
      trx,
      r.id,
      JSON.stringify({ ...snap, title: title.text, body: body.text }),
      sealed,
    );
    n++;
  }
  return n;
}

/**
 * The original of a sealed revision, for a reviewer who re-authenticated (security.md): audited as
 * a view of personal data, like the other modules' 查看完整信息.
 */
export async function revealRevision(
  ctx: AppContext,
  actor: Actor,
  id: number,
  number: number,
): Promise<{ title: string; body: string }> {
  const item = await staffItem(ctx, actor, id, 'content.gate_override');
  requireRecentAuth(ctx, actor);
  const sealed = await selectSealedOriginal(ctx.db, item.id, number);
  if (sealed === undefined) throw notFound('历史版本');
  if (!sealed) throw invalidState('该版本没有加密保存的个人信息');
  const snap = JSON.parse(openSealed(sealed)) as Record<string, unknown>;
  await auditedWrite(
    ctx,
    actor,
    async () => null,
    () => ({
      action: 'content.revision.personal_view',
      objectType: 'content_item',
      objectId: id,
      after: { revision: number },
    }),
  );
  return { title: String(snap.title ?? ''), body: String(snap.body ?? '') };
}

/** Re-seals sealed revisions still under an older key (start-up and `gongkai keys rotate`). */
export async function sealContentRevisions(ctx: AppContext): Promise<number> {
  let n = 0;
  for (const r of await selectSealedRevisions(ctx.db)) {
    if (underCurrentKey(r.sealed)) continue;
    await updateSealed(ctx.db, r.id, seal(openSealed(r.sealed)));
    n++;
  }
  return n;
}

/** Runs the gate and stores its result on the item (the editor's "检查" button). */
export async function checkItem(ctx: AppContext, actor: Actor, id: number): Promise<GateResult> {
  const item = await staffItem(ctx, actor, id, 'content.read');
  const gate = await gateFor(ctx, item);
  await setGate(ctx.db, id, JSON.stringify(gate));
  return gate;
}

/** One-click mask: masks personal information in the title and body and saves a new revision. */
export async function maskItem(ctx: AppContext, actor: Actor, id: number): Promise<Item> {
  const item = await staffItem(ctx, actor, id, 'content.read');
  if (!(can(actor, 'content.edit') || can(actor, 'content.review') || can(actor, 'content.confidentiality')))
    throw forbidden();
  if (item.status === 'withdrawn') throw invalidState('已撤稿的内容不能修改');
  const title = await maskText(item.title);
  const body = await maskText(item.body);
  if (title.count + body.count === 0)
    throw invalidState('标题和正文中没有可脱敏的个人信息；附件中的个人信息请删除附件并上传脱敏后的文件');
  const saved = await saveSnapshotRaw(
    ctx,
    actor,
    item,
    { ...snapshotOf(item), title: title.text, body: sanitizeBody(body.text) },
    `一键脱敏（${title.count + body.count} 处）`,
    'content.item.mask',
    (trx) => sealRevisions(trx, id, item.revision + 1),
  );
  const gate = await gateFor(ctx, saved);
  await setGate(ctx.db, id, JSON.stringify(gate));
  return loadItem(ctx.db, id);
}

/** A reviewer lets the item through despite the gate's findings, with a reason (audited). */
export async function overrideGate(ctx: AppContext, actor: Actor, id: number, reason: string): Promise<Item> {
  const item = await staffItem(ctx, actor, id, 'content.gate_override');
  if (actor.kind === 'user' && item.authorId === actor.id) throw forbidden('不能对自己撰写的稿件放行');
  const r = (reason ?? '').trim();
  if (r.length < 4)
    throw badRequest('请填写放行理由（至少 4 个字）', { reason: '请说明为何这些内容可以公开' });
  requireRecentAuth(ctx, actor); // an override of the privacy gate is a sensitive action (security.md)
  const gate = item.gate ?? (await gateFor(ctx, item));
  const override = { by: actorName(actor), reason: r.slice(0, 500), at: ctx.clock.now().toISOString() };
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateItemRow(trx, id, {
        gate_override: JSON.stringify(override),
        gate_json: JSON.stringify(gate),
      });
      return (await selectItem(trx, id))!;
    },
    () => ({
      action: 'content.item.gate_override',
      objectType: 'content_item',
      objectId: id,
      after: { reason: override.reason, findings: gate.personal.length + gate.expressions.length },
    }),
  );
}
