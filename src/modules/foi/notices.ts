/**
 * Notices to the people who must act on a case (站内提醒; the notifications module e-mails a copy
 * when SMTP is set): the handler a case is assigned to, or the org's handlers when it is assigned or
 * transferred to an org or confirmed into it. Written in the caller's transaction, so a notice
 * exists exactly when the change does; the dedupe key makes a retried write notify once.
 */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { usersWithRole } from '../auth/service.ts';
import { notifyUsers } from '../notifications/service.ts';
import type { CaseEvent } from './model.ts';

interface CaseRef {
  id: number;
  number: string;
  description: string;
}

const snippet = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);
const dueText = (due: string | null) => (due ? `答复期限 ${due}。` : '');

/** Who hears of it: the named handler, else the org's handlers; never the actor (who just did it). */
async function recipients(
  db: Kysely<DB>,
  actor: Actor,
  orgId: number,
  handlerId: number | null | undefined,
): Promise<number[]> {
  const ids = handlerId ? [handlerId] : (await usersWithRole(db, orgId, 'handler')).map((u) => u.id);
  return ids.filter((id) => !(actor.kind === 'user' && actor.id === id));
}

/** The notice an assignment or a transfer sends (other events send none). */
export async function noticeForEvent(
  trx: Kysely<DB>,
  ctx: AppContext,
  actor: Actor,
  a: CaseRef,
  ev: CaseEvent,
  eventId: number,
  dueDate: string | null,
): Promise<number> {
  if (ev.type === 'assigned') {
    const to = await recipients(trx, actor, ev.orgId, ev.handlerId);
    return notifyUsers(trx, ctx.clock.now(), to, {
      title: ev.handlerId
        ? `政府信息公开申请 ${a.number} 已分办给您承办`
        : `政府信息公开申请 ${a.number} 已分办至${ev.orgName ?? '本单位'}`,
      body: `${dueText(dueDate)}申请内容：${snippet(a.description)}`,
      link: `/admin/foi/${a.id}`,
      dedupeKey: `foi:assigned:${a.id}:${eventId}`,
    });
  }
  if (ev.type === 'transferred') {
    const to = await recipients(trx, actor, ev.toOrgId, null);
    return notifyUsers(trx, ctx.clock.now(), to, {
      title: `政府信息公开申请 ${a.number} 已转至${ev.toOrgName ?? '本单位'}办理`,
      body: `转办理由：${ev.reason}。${dueText(dueDate)}申请内容：${snippet(a.description)}`,
      link: `/admin/foi/${a.id}`,
      dedupeKey: `foi:transferred:${a.id}:${eventId}`,
    });
  }
  return 0;
}

/** The notice a confirmed online/fax application sends to the org's handlers (or its handler). */
export async function noticeForConfirmation(
  trx: Kysely<DB>,
  ctx: AppContext,
  actor: Actor,
  a: CaseRef & { orgId: number; handlerId: number | null },
  receivedOn: string,
  dueDate: string | null,
): Promise<number> {
  const to = await recipients(trx, actor, a.orgId, a.handlerId);
  return notifyUsers(trx, ctx.clock.now(), to, {
    title: `政府信息公开申请 ${a.number} 已确认收到，请办理`,
    body: `收到申请之日 ${receivedOn}。${dueText(dueDate)}申请内容：${snippet(a.description)}`,
    link: `/admin/foi/${a.id}`,
    dedupeKey: `foi:confirmed:${a.id}`,
  });
}
