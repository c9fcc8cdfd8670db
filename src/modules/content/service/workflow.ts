/** The review workflow: 报送 → 审核 → 保密审查 → 发布 (now or scheduled) → 撤稿, each step checked, audited and told to the neighbours. */
/** The review workflow: 报送 → 审核 → 保密审查 → 发布 (now or scheduled) → 撤稿, each step checked, audited and told to the neighbours. */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, forbidden, invalidState } from '../../../errors.ts';
import { isSitePath } from '../../../lib/paths.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { auditedWrite, recordAudit } from '../../audit/service.ts';
import { can, requirePermission, type Permission } from '../../auth/permissions.ts';
import { workdayPredicate, type GateResult } from '../integrations.ts';
import {
  gateCounts,
  isLatePublication,
  nextStatus,
  STATUSES,
  TRANSITIONS,
  WITHDRAWAL_MODES,
  type Item,
  type WithdrawalMode,
  type WorkflowAction,
} from '../model.ts';
import { selectDueScheduledIds, selectItem, setGate, updateItemInStatus } from '../store/items.ts';
import { selectColumns } from '../store/structure.ts';
import { announcePublished, announceWithdrawn, gateFor, loadItem, staffItem } from './item-access.ts';
import { auditView } from './item-rules.ts';

/** The permission each step needs (reject: any reviewer, checked in rejectItem). */
const PERMISSION_OF: Record<WorkflowAction, Permission> = {
  submit: 'content.edit',
  review: 'content.review',
  reject: 'content.read',
  clear: 'content.confidentiality',
  publish: 'content.publish',
  schedule: 'content.publish',
  release: 'content.publish',
  withdraw: 'content.withdraw',
};

/** One step of the workflow: the state machine, the author rule, the write, the neighbours told, the audit. */
async function transition(
  ctx: AppContext,
  actor: Actor,
  id: number,
  action: WorkflowAction,
  extra: {
    set?: Record<string, string | number | null>;
    audit?: Record<string, unknown>;
    gate?: GateResult;
  } = {},
  /** The item as the caller already loaded it through staffItem (saves reloading it). */
  loaded?: Item,
): Promise<Item> {
  const item = loaded ?? (await staffItem(ctx, actor, id, PERMISSION_OF[action]));
  const to = nextStatus(item.status, action);
  if (!to) throw invalidState(`稿件当前状态为“${STATUSES[item.status]}”，不能${TRANSITIONS[action].label}`);
  // 谁主管谁负责: the reviewers are never the author.
  if (
    ['review', 'clear', 'publish', 'schedule'].includes(action) &&
    actor.kind === 'user' &&
    item.authorId === actor.id
  ) {
    throw forbidden('不能审核或发布自己撰写的稿件，请由本单位其他审核人办理');
  }
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      // Two reviewers clicking at once: only one wins.
      const changed = await updateItemInStatus(trx, id, item.status, {
        status: to,
        updated_at: now,
        ...(extra.gate ? { gate_json: JSON.stringify(extra.gate) } : {}),
        ...(extra.set ?? {}),
      });
      if (!changed) throw invalidState('稿件状态已被他人改变，请刷新后重试');
      const after = (await selectItem(trx, id))!;
      if (to === 'published') await announcePublished(ctx, trx, after, ctx.clock.now(), actor);
      if (to === 'withdrawn') await announceWithdrawn(ctx, trx, after, ctx.clock.now(), actor);
      if (to === 'published' && after.supersedesId != null) await retireSuperseded(ctx, trx, actor, after);
      return after;
    },
    (after) => ({
      action: `content.item.${action}`,
      objectType: 'content_item',
      objectId: id,
      before: { status: item.status },
      after: { ...auditView(after), ...(extra.audit ?? {}) },
    }),
  );
}

/**
 * On publishing a new version: the published item it supersedes is withdrawn, redirecting to the new
 * one (301), out of the index and the neighbours' lists, audited — in the publish transaction, so the
 * public never sees both or neither. Nothing happens if that item is no longer published.
 */
async function retireSuperseded(ctx: AppContext, trx: Kysely<DB>, actor: Actor, item: Item): Promise<void> {
  const oldId = item.supersedesId!;
  const now = ctx.clock.now();
  const redirectTo = `/items/${item.id}`;
  const reason = `已由更新后的版本替代，见 ${redirectTo}`;
  const changed = await updateItemInStatus(trx, oldId, 'published', {
    status: 'withdrawn',
    withdrawal_mode: 'redirect',
    withdrawal_reason: reason,
    withdrawn_at: now.toISOString(),
    redirect_to: redirectTo,
    updated_at: now.toISOString(),
  });
  if (!changed) return;
  await announceWithdrawn(ctx, trx, (await selectItem(trx, oldId))!, now, actor);
  await recordAudit(trx, now, actor, {
    action: 'content.item.withdraw',
    objectType: 'content_item',
    objectId: oldId,
    before: { status: 'published' },
    after: { status: 'withdrawn', mode: 'redirect', reason, redirectTo, supersededBy: item.id },
  });
}

/** Options of 报送. */
export interface SubmitOptions {
  /**
   * The editor's reason for sending an item whose check found blocking problems (personal
   * information, serious expressions) without masking them; audited and shown to the reviewers,
   * who still decide (mask, or override with their own reason) before it can be published.
   */
  justification?: string | null;
}

/**
 * 报送: the editor sends the draft for review; the gate runs and its findings travel with it.
 * Blocking findings stop 报送 here (not only at publication): mask them, or say why they may stay.
 * Warnings (non-serious expressions) do not stop it.
 */
export async function submitItem(
  ctx: AppContext,
  actor: Actor,
  id: number,
  opts: SubmitOptions = {},
): Promise<Item> {
  const item = await staffItem(ctx, actor, id, 'content.edit');
  const gate = await gateFor(ctx, item);
  const justification = opts.justification?.trim() || null;
  if (gate.blocking && !item.gateOverride) {
    if (!justification) {
      await setGate(ctx.db, id, JSON.stringify(gate));
      const n = gateCounts(gate);
      throw invalidState(
        `报送前检查发现 ${n.blocking} 处须处理的问题（个人信息或严重错敏词），请先一键脱敏，或说明理由后报送`,
      );
    }
    if (justification.length < 4)
      throw badRequest('请说明报送理由（至少 4 个字）', { justification: '请说明这些内容为何可以公开' });
  }
  const note = gate.blocking && justification ? { justification: justification.slice(0, 500) } : {};
  return transition(
    ctx,
    actor,
    id,
    'submit',
    {
      gate,
      set: { reject_comment: null },
      audit: {
        gateFindings: gate.personal.length + gate.expressions.length,
        blocking: gate.blocking,
        ...note,
      },
    },
    item,
  );
}

/** 审核 by a 部门审核人 of the owning org, never the author. */
export const reviewItem = (ctx: AppContext, actor: Actor, id: number) => transition(ctx, actor, id, 'review');

/** 保密审查 by a 保密审查员. */
export const clearItem = (ctx: AppContext, actor: Actor, id: number) => transition(ctx, actor, id, 'clear');

/** Back to draft with a comment (any reviewer at any review stage). */
export async function rejectItem(ctx: AppContext, actor: Actor, id: number, comment: string): Promise<Item> {
  if (!(
    can(actor, 'content.review') ||
    can(actor, 'content.confidentiality') ||
    can(actor, 'content.publish')
  )) {
    requirePermission(actor, 'content.review');
  }
  const c = (comment ?? '').trim();
  if (!c) throw badRequest('请填写退回意见', { comment: '请说明需要修改的地方' });
  return transition(ctx, actor, id, 'reject', {
    set: { reject_comment: c.slice(0, 1000), publish_at: null },
    audit: { comment: c.slice(0, 1000) },
  });
}

/** 1 when publishing at `at` is later than 20 working days after formation (条例第二十六条). */
async function lateness(ctx: AppContext, item: Item, at: Date): Promise<number> {
  const isWorkday = await workdayPredicate(ctx.db);
  return isLatePublication(item.formationDate, shanghaiDate(at), isWorkday) ? 1 : 0;
}

/**
 * 发布, now or at `at` (定时发布). The gate runs again; findings block publication until masked or
 * overridden by a reviewer.
 */
export async function publishItem(
  ctx: AppContext,
  actor: Actor,
  id: number,
  opts: { at?: string | null } = {},
): Promise<Item> {
  const item = await staffItem(ctx, actor, id, 'content.publish');
  const gate = await gateFor(ctx, item);
  if (gate.blocking && !item.gateOverride) {
    await setGate(ctx.db, id, JSON.stringify(gate));
    throw invalidState(
      `发布前检查发现 ${gate.personal.length} 处个人信息${gate.expressions.length ? `、${gate.expressions.length} 处错敏词` : ''}，请先脱敏，或由审核人说明理由后放行`,
    );
  }
  const now = ctx.clock.now();
  if (opts.at) {
    const at = new Date(opts.at);
    if (Number.isNaN(at.getTime())) throw badRequest('定时发布时间无效', { at: '请填写有效的日期和时间' });
    if (at.getTime() > now.getTime()) {
      return transition(
        ctx,
        actor,
        id,
        'schedule',
        { gate, set: { publish_at: at.toISOString() }, audit: { publishAt: at.toISOString() } },
        item,
      );
    }
  }
  // An imported item (issue #23) keeps the date it was first published on the old site.
  if (item.originalPublishedAt)
    return transition(
      ctx,
      actor,
      id,
      'publish',
      {
        gate,
        set: { published_at: item.originalPublishedAt, publish_at: null, late: 0 },
        audit: { importedFrom: item.importedFrom },
      },
      item,
    );
  return transition(
    ctx,
    actor,
    id,
    'publish',
    {
      gate,
      set: { published_at: now.toISOString(), publish_at: null, late: await lateness(ctx, item, now) },
    },
    item,
  );
}

/** The job: publishes scheduled items that are due. Items the gate now blocks stay scheduled and are reported. */
export async function releaseDueItems(
  ctx: AppContext,
  now: Date,
): Promise<{ released: number[]; blocked: number[] }> {
  const due = await selectDueScheduledIds(ctx.db, now.toISOString());
  const released: number[] = [];
  const blocked: number[] = [];
  const system = { kind: 'system', name: 'content.scheduled-publish', ip: null } as const;
  for (const id of due) {
    const item = await loadItem(ctx.db, id);
    const gate = await gateFor(ctx, item);
    if (gate.blocking && !item.gateOverride) {
      await setGate(ctx.db, id, JSON.stringify(gate));
      blocked.push(id);
      continue;
    }
    // Published at the scheduled instant, not at the (possibly late) moment the job ran.
    const at = new Date(item.publishAt!);
    await transition(
      ctx,
      system,
      id,
      'release',
      {
        gate,
        set: { published_at: at.toISOString(), publish_at: null, late: await lateness(ctx, item, at) },
        audit: { ranAt: now.toISOString() },
      },
      item,
    );
    released.push(id);
  }
  if (blocked.length)
    throw new Error(
      `定时发布：${blocked.length} 篇稿件因个人信息检查未通过而未发布（编号 ${blocked.join('、')}），已发布 ${released.length} 篇`,
    );
  return { released, blocked };
}

/** How an item is withdrawn. */
export interface WithdrawInput {
  mode: WithdrawalMode;
  reason: string;
  /** For mode 'redirect': a same-site path to send visitors to (default: the item's first column). */
  redirectTo?: string | null;
}

/** 撤稿: keep the page with a notice and the reason, or remove it and redirect. Chosen and audited. */
export async function withdrawItem(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: WithdrawInput,
): Promise<Item> {
  const fields: Record<string, string> = {};
  if (!(input.mode in WITHDRAWAL_MODES)) fields.mode = '请选择撤稿方式';
  const reason = (input.reason ?? '').trim();
  if (reason.length < 2) fields.reason = '请填写撤稿原因';
  let redirectTo = input.redirectTo?.trim() || null;
  if (input.mode === 'redirect' && redirectTo && !isSitePath(redirectTo))
    fields.redirectTo = '跳转地址须为本站路径，以 / 开头';
  if (Object.keys(fields).length) throw badRequest('撤稿信息有误', fields);
  const item = await staffItem(ctx, actor, id, 'content.withdraw');
  if (input.mode === 'redirect' && !redirectTo) {
    const col = (await selectColumns(ctx.db)).find((c) => c.id === item.columnIds[0]);
    redirectTo = col ? `/columns/${col.slug}` : '/';
  }
  return transition(ctx, actor, id, 'withdraw', {
    set: {
      withdrawal_mode: input.mode,
      withdrawal_reason: reason.slice(0, 1000),
      withdrawn_at: ctx.clock.now().toISOString(),
      redirect_to: input.mode === 'redirect' ? redirectTo : null,
    },
    audit: { mode: input.mode, reason: reason.slice(0, 1000), redirectTo },
  });
}
