/** Confirmation of receipt and the events on a case's statutory clock (补正, 延期, 征求意见, 收费, 办结…). */
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, forbidden, invalidState, notFound } from '../../../errors.ts';
import { isIsoDate, shanghaiDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import { usersWithRole } from '../../auth/service.ts';
import { loadCalendar } from '../../calendar/service.ts';
import type { WorkingCalendar } from '../../calendar/model.ts';
import { getOrg, requireOrgAccess } from '../../org/service.ts';
import { clockOf, derived, letterCase, type AppRow } from '../case-state.ts';
import { feeByCount, feeByVolume } from '../fees.ts';
import { issueEventLetter, LETTER_OF_EVENT } from '../letters/issue.ts';
import { noticeForConfirmation, noticeForEvent } from '../notices.ts';
import { duplicateTarget } from '../repeats.ts';
import {
  applyEvent,
  CLOCK_EVENT_TYPES,
  describeEvent,
  refusal,
  replay,
  type CaseEvent,
  type CaseEventType,
} from '../model.ts';
import { isOutcomeCode, type OutcomeCode } from '../outcomes.ts';
import {
  applicationRow,
  markReceived,
  selectApplication,
  updateApplication,
  type FoiApplication,
} from '../store/applications.ts';
import { insertEvent, insertHistory, selectEvents } from '../store/events.ts';
import { countApplicantMonth } from '../store/lists.ts';
import { today } from './codes.ts';
import { userNames } from './read.ts';

/**
 * Checks a confirmation of receipt without writing it: the case, the date and the due date it gives.
 * The addressed org's handlers confirm too (issue 19 part 6), not only the openness office.
 */
export async function prepareConfirm(ctx: AppContext, actor: Actor, id: number, on?: string | null) {
  requirePermission(actor, 'foi.handle');
  const row = await selectApplication(ctx.db, id);
  if (!row) throw notFound('申请');
  await requireOrgAccess(ctx.db, actor, row.org_id);
  if (row.received_on) throw invalidState(`该申请已于 ${row.received_on} 确认收到`);
  const date = on || today(ctx);
  if (!isIsoDate(date)) throw badRequest('确认日期格式不正确，应为 YYYY-MM-DD', { on: '日期格式不正确' });
  if (date > today(ctx)) throw badRequest('确认日期不能晚于今天', { on: '不能晚于今天' });
  if (date < shanghaiDate(row.submitted_at))
    throw badRequest('确认日期不能早于提交日期', { on: '不能早于提交日期' });
  const cal = await loadCalendar(ctx.db);
  const events = (await selectEvents(ctx.db, id)).map((e) => e.event);
  const clock = clockOf(cal, date, events);
  const d = derived(date, events, clock);
  return { row, date, d };
}

/** An internet/fax application is confirmed; that date is the receipt date (条例第三十一条第（三）项). */
export async function confirmReceipt(
  ctx: AppContext,
  actor: Actor,
  id: number,
  on?: string | null,
): Promise<FoiApplication> {
  const { row, date, d } = await prepareConfirm(ctx, actor, id, on);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      if (!(await markReceived(trx, id, { received_on: date, ...d, updated_at: now })))
        throw invalidState('该申请已被确认收到');
      await insertHistory(
        trx,
        id,
        now,
        actorName(actor),
        `确认收到申请，收到申请之日 ${date}，答复期限 ${d.due_date}${d.provisional ? '（预估）' : ''}`,
      );
      await noticeForConfirmation(
        trx,
        ctx,
        actor,
        {
          id,
          number: row.number,
          description: row.description,
          orgId: row.org_id,
          handlerId: row.handler_id,
        },
        date,
        d.due_date,
      );
      return applicationRow((await selectApplication(trx, id))!);
    },
    (a) => ({
      action: 'foi.application.confirm',
      objectType: 'foi_application',
      objectId: id,
      after: { receivedOn: a.receivedOn, dueDate: a.dueDate },
    }),
  );
}

// ---------------------------------------------------------------- events

/** An event as a form or the API sends it (fields apply per type). */
export interface EventInput {
  type: CaseEventType;
  on?: string | null;
  periodDays?: number | null;
  reason?: string | null;
  approvedBy?: string | null;
  party?: string | null;
  partyName?: string | null;
  deemed?: boolean | null;
  method?: string | null;
  pages?: number | null;
  dueDate?: string | null;
  outcome?: string | null;
  onTheSpot?: boolean | null;
  orgId?: number | null;
  handlerId?: number | null;
  text?: string | null;
  /** Closing as rejected.duplicate: the earlier application it repeats. */
  earlierId?: number | null;
}

const MANAGE_ONLY: CaseEventType[] = ['assigned', 'transferred', 'extension'];

/**
 * Checks an event as recording it would (permission, org, input, the case's state) without writing
 * anything: the case, the event built from the input, the events so far and the calendar.
 */
export async function prepareEvent(ctx: AppContext, actor: Actor, id: number, input: EventInput) {
  requirePermission(actor, 'foi.handle');
  const row = await selectApplication(ctx.db, id);
  if (!row) throw notFound('申请');
  await requireOrgAccess(ctx.db, actor, row.org_id);
  if (!(input.type in EVENT_TYPES)) throw badRequest('办理事项类型无效', { type: '类型无效' });
  if (MANAGE_ONLY.includes(input.type) && !can(actor, 'foi.manage'))
    throw forbidden('分办、转办和延长答复期限由政府信息公开工作机构办理');
  const on = input.on || today(ctx);
  if (!isIsoDate(on)) throw badRequest('日期格式不正确，应为 YYYY-MM-DD', { on: '日期格式不正确' });
  if (on > today(ctx)) throw badRequest('日期不能晚于今天', { on: '不能晚于今天' });
  const ev = await buildEvent(ctx, row, { ...input, on });
  const before = (await selectEvents(ctx.db, id)).map((e) => e.event);
  const why = refusal(replay(row.received_on, before), ev);
  if (why) throw invalidState(why);
  const cal = await loadCalendar(ctx.db);
  return { row, ev, before, cal };
}

/** Records one event on a case, re-derives the clock and status, writes history and audit. */
export async function recordEvent(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: EventInput,
): Promise<FoiApplication> {
  const { row, ev, cal } = await prepareEvent(ctx, actor, id, input);
  return auditedWrite(
    ctx,
    actor,
    (trx) => appendEvent(trx, ctx, actor, row, ev, cal),
    (a) => ({
      action: `foi.event.${ev.type}`,
      objectType: 'foi_application',
      objectId: id,
      before: { status: row.status, dueDate: row.due_date },
      after: { event: ev, status: a.status, dueDate: a.dueDate },
    }),
  );
}

/**
 * Appends one event inside the caller's transaction: checks it against the events so far (read in
 * the transaction), re-derives the clock and status, writes the event, the history line and, for a
 * letter-issuing event, the letter as issued. Returns the application as it now stands.
 */
export async function appendEvent(
  trx: Kysely<DB>,
  ctx: AppContext,
  actor: Actor,
  row: AppRow,
  ev: CaseEvent,
  cal: WorkingCalendar,
): Promise<FoiApplication> {
  const id = row.id;
  const events = (await selectEvents(trx, id)).map((e) => e.event);
  let state = replay(row.received_on, events);
  const why = refusal(state, ev);
  if (why) throw invalidState(why);
  state = applyEvent(state, ev);
  const all = [...events, ev];
  const clock = clockOf(cal, row.received_on, all);
  const d = derived(row.received_on, all, clock);
  const now = ctx.clock.now().toISOString();
  const route: { org_id?: number; handler_id?: number | null } = {};
  if (ev.type === 'assigned') Object.assign(route, { org_id: ev.orgId, handler_id: ev.handlerId ?? null });
  if (ev.type === 'transferred') Object.assign(route, { org_id: ev.toOrgId, handler_id: null });
  const link = ev.type === 'closed' && ev.earlierId ? { duplicate_of: ev.earlierId } : {};
  const eventId = await insertEvent(
    trx,
    id,
    ev,
    actor.kind === 'user' ? actor.id : null,
    actorName(actor),
    now,
  );
  await updateApplication(trx, id, { ...d, ...route, ...link, updated_at: now });
  let line = describeEvent(ev);
  if (CLOCK_EVENT_TYPES.includes(ev.type) && !state.closed && d.due_date !== row.due_date)
    line += `；答复期限 ${row.due_date ?? '—'} → ${d.due_date ?? '暂停计算'}`;
  await insertHistory(trx, id, now, actorName(actor), line);
  await noticeForEvent(trx, ctx, actor, row, ev, eventId, d.due_date);
  if (LETTER_OF_EVENT[ev.type]) {
    // rules.md §2: the letter is stored as issued, with its 文号 and the handler's contact line.
    const handlerName = row.handler_id
      ? ((await userNames(trx, [row.handler_id])).get(row.handler_id) ?? '')
      : actor.kind === 'user'
        ? actor.displayName
        : '';
    await issueEventLetter(trx, letterCase(row), eventId, ev, clock, handlerName, now);
  }
  return applicationRow((await selectApplication(trx, id))!);
}

const EVENT_TYPES: Record<CaseEventType, true> = {
  correction_requested: true,
  correction_received: true,
  extension: true,
  consultation_started: true,
  consultation_ended: true,
  fee_notice: true,
  fee_paid: true,
  excessive_date_set: true,
  closed: true,
  assigned: true,
  transferred: true,
  note: true,
};

const trimmed = (s: string | null | undefined) => (s ?? '').trim();

async function buildEvent(
  ctx: AppContext,
  row: NonNullable<Awaited<ReturnType<typeof selectApplication>>>,
  i: EventInput & { on: string },
): Promise<CaseEvent> {
  const on = i.on;
  switch (i.type) {
    case 'correction_requested':
      return {
        type: 'correction_requested',
        on,
        periodDays: i.periodDays ?? 15,
        reason: trimmed(i.reason) || undefined,
      };
    case 'correction_received':
    case 'fee_paid':
      return { type: i.type, on };
    case 'extension':
      return { type: 'extension', on, approvedBy: trimmed(i.approvedBy), reason: trimmed(i.reason) };
    case 'consultation_started':
      return {
        type: 'consultation_started',
        on,
        party: i.party as 'third_party' | 'agency',
        partyName: trimmed(i.partyName) || undefined,
      };
    case 'consultation_ended':
      return { type: 'consultation_ended', on, deemed: i.deemed ? true : undefined };
    case 'fee_notice': {
      const method = i.method as 'count' | 'volume';
      if (method !== 'count' && method !== 'volume')
        throw badRequest('请选择收费方式（按件或按量）', { method: '请选择收费方式' });
      if (!row.received_on) throw invalidState('该申请尚未确认收到，请先确认收到日期再办理');
      if (method === 'volume') {
        if (!Number.isInteger(i.pages) || (i.pages ?? 0) < 1 || (i.pages ?? 0) > 1_000_000)
          throw badRequest('按量收费须填写页数（正整数）', { pages: '请填写页数' });
        const fee = feeByVolume(i.pages!);
        return {
          type: 'fee_notice',
          on,
          method,
          pages: i.pages!,
          fen: fee.amountFen,
          explanation: fee.explanation,
        };
      }
      // 国办函〔2020〕109号: by count, per applicant per calendar month.
      const n = await countApplicantMonth(ctx.db, row.applicant_key, row.received_on, row.id);
      const fee = feeByCount(n);
      return { type: 'fee_notice', on, method, fen: fee.amountFen, explanation: fee.explanation };
    }
    case 'excessive_date_set':
      if (!i.dueDate || !isIsoDate(i.dueDate))
        throw badRequest('请填写合理答复期限（YYYY-MM-DD）', { dueDate: '日期格式不正确' });
      return { type: 'excessive_date_set', on, dueDate: i.dueDate, reason: trimmed(i.reason) };
    case 'closed': {
      if (!i.outcome || !isOutcomeCode(i.outcome))
        throw badRequest('请选择一项办理结果', { outcome: '请选择办理结果' });
      // rules.md §2: a repeat names the earlier, answered application (stored and linked both ways).
      const dup =
        i.outcome === 'rejected.duplicate'
          ? await duplicateTarget(ctx, row, i.earlierId, trimmed(i.reason))
          : null;
      return {
        type: 'closed',
        on,
        outcome: i.outcome as OutcomeCode,
        reason: (dup ? dup.reason : trimmed(i.reason)) || undefined,
        onTheSpot: i.onTheSpot ? true : undefined,
        ...(dup ? { earlierId: dup.earlierId, earlierNumber: dup.earlierNumber } : {}),
      };
    }
    case 'assigned': {
      const org = i.orgId ? await getOrg(ctx.db, i.orgId).catch(() => null) : null;
      if (!org) throw badRequest('请选择承办机关', { orgId: '承办机关不存在' });
      let handlerName: string | undefined;
      if (i.handlerId) {
        const handlers = await usersWithRole(ctx.db, org.id, 'handler');
        if (!handlers.some((h) => h.id === i.handlerId))
          throw badRequest('承办人须为该机关的承办人', { handlerId: '承办人不属于该机关' });
        handlerName = (await userNames(ctx.db, [i.handlerId])).get(i.handlerId);
      }
      return {
        type: 'assigned',
        on,
        orgId: org.id,
        orgName: org.name,
        handlerId: i.handlerId ?? null,
        handlerName,
      };
    }
    case 'transferred': {
      const to = i.orgId ? await getOrg(ctx.db, i.orgId).catch(() => null) : null;
      if (!to) throw badRequest('请选择转办的机关', { orgId: '机关不存在' });
      if (to.id === row.org_id) throw badRequest('转办机关与当前承办机关相同', { orgId: '请选择其他机关' });
      if (!trimmed(i.reason)) throw badRequest('请填写转办理由', { reason: '请填写转办理由' });
      const from = await getOrg(ctx.db, row.org_id);
      return {
        type: 'transferred',
        on,
        fromOrgId: from.id,
        fromOrgName: from.name,
        toOrgId: to.id,
        toOrgName: to.name,
        reason: trimmed(i.reason),
      };
    }
    case 'note':
      if (!trimmed(i.text)) throw badRequest('请填写备注内容', { text: '请填写备注' });
      return { type: 'note', on, text: trimmed(i.text).slice(0, 2000) };
  }
}
