/**
 * Reminders: the handler (or, when none is assigned, the org's handlers) is told N working days
 * before the correction-notice deadline (条例第三十条: 7 working days) and the reply due date, and
 * on overdue (the openness office too). Dedupe keys make a rerun, or a second server, notify once.
 */
import { systemActor, type AppContext } from '../../context.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
import { usersWithRole } from '../auth/service.ts';
import { loadCalendar } from '../calendar/service.ts';
import type { JobDefinition } from '../jobs/service.ts';
import { notifyUsers } from '../notifications/service.ts';
import { OPEN_STATUSES } from './model.ts';
import { computeClock } from './clock.ts';
import { clockEvents } from './case-state.ts';
import { recordEvent } from './service/events.ts';
import { selectEventsFor } from './store/events.ts';
import { selectDueBy, selectPaused, selectProcessingSince } from './store/lists.ts';

/** Working days of warning before a deadline. */
export const REMIND_WORKING_DAYS = 3;

export async function sendFoiReminders(ctx: AppContext, now: Date): Promise<{ sent: number }> {
  const today = shanghaiDate(now);
  const cal = await loadCalendar(ctx.db);
  const horizon = cal.addWorkingDays(today, REMIND_WORKING_DAYS);
  let sent = 0;
  const recipients = async (orgId: number, handlerId: number | null) =>
    handlerId ? [handlerId] : (await usersWithRole(ctx.db, orgId, 'handler')).map((u) => u.id);
  const office = (await usersWithRole(ctx.db, null, 'openness_admin')).map((u) => u.id);

  // Reply due within the horizon, or overdue.
  const due = await selectDueBy(ctx.db, OPEN_STATUSES, horizon);
  for (const a of due) {
    const link = `/admin/foi/${a.id}`;
    if (a.due_date! < today) {
      sent += await notifyUsers(ctx.db, now, [...(await recipients(a.org_id, a.handler_id)), ...office], {
        title: `申请 ${a.number} 已超过答复期限（${a.due_date}）`,
        body: '请尽快答复，并在系统中登记办结。',
        link,
        dedupeKey: `foi:overdue:${a.id}:${a.due_date}`,
      });
    } else {
      const left = cal.workingDaysBetween(today, a.due_date!);
      sent += await notifyUsers(ctx.db, now, await recipients(a.org_id, a.handler_id), {
        title: `申请 ${a.number} 将于 ${a.due_date} 到期（剩 ${left} 个工作日）${a.provisional ? '（预估）' : ''}`,
        body: '答复期限临近（条例第三十三条），请按时答复。',
        link,
        dedupeKey: `foi:due:${a.id}:${a.due_date}`,
      });
    }
  }

  // Correction notice deadline: received within the last ~3 weeks, no correction notice yet.
  const recent = await selectProcessingSince(ctx.db, addDays(today, -21));
  const events = await selectEventsFor(
    ctx.db,
    recent.map((r) => r.id),
  );
  for (const a of recent) {
    if ((events.get(a.id) ?? []).some((e) => e.type === 'correction_requested')) continue;
    const noticeDue = cal.addWorkingDays(a.received_on!, 7);
    if (noticeDue < today || noticeDue > horizon) continue;
    sent += await notifyUsers(ctx.db, now, await recipients(a.org_id, a.handler_id), {
      title: `申请 ${a.number} 如需补正，请于 ${noticeDue} 前发出补正通知`,
      body: '条例第三十条：申请内容不明确的，应当自收到申请之日起 7 个工作日内一次性告知申请人补正。',
      link: `/admin/foi/${a.id}`,
      dedupeKey: `foi:correction-notice:${a.id}:${noticeDue}`,
    });
  }

  // Lapsed pauses: a correction period or a fee payment period that ran out closes the case as 其他处理
  // (rules.md §1: 条例第三十条 逾期不补正 → other.no_correction; 国办函〔2020〕109号 逾期未缴费 →
  // other.unpaid_fee), dated the first day after the period, by the system (audited), and the handler is told.
  const paused = await selectPaused(ctx.db);
  const pausedEvents = await selectEventsFor(
    ctx.db,
    paused.map((r) => r.id),
  );
  for (const a of paused) {
    const clock = computeClock(a.received_on!, clockEvents(pausedEvents.get(a.id) ?? []), cal);
    const deadline = a.status === 'correction_pending' ? clock.correctionDeadline : clock.feePaymentDeadline;
    if (!deadline || deadline >= today) continue;
    const what = a.status === 'correction_pending' ? '补正期限' : '缴费期限';
    const outcome = a.status === 'correction_pending' ? '“逾期不补正”' : '“逾期未缴纳信息处理费”';
    const correction = a.status === 'correction_pending';
    try {
      // The event is recorded as of the job's `now` (the job may run for a past instant).
      await recordEvent({ ...ctx, clock: { now: () => now } }, systemActor('依申请公开期限'), a.id, {
        type: 'closed',
        on: addDays(deadline, 1) < today ? addDays(deadline, 1) : today,
        outcome: correction ? 'other.no_correction' : 'other.unpaid_fee',
        reason: `申请人未在${what}（至 ${deadline}）内${correction ? '补正' : '缴纳信息处理费'}，视为放弃申请。`,
      });
    } catch (err) {
      ctx.log.warn(
        { err, application: a.id },
        'automatic close of a lapsed case failed; left for the handler',
      );
      continue;
    }
    sent += await notifyUsers(ctx.db, now, await recipients(a.org_id, a.handler_id), {
      title: `申请 ${a.number} 的${what}（${deadline}）已过，已按${outcome}办结`,
      body: `申请人未在${what}内${correction ? '补正' : '缴费'}，视为放弃申请，系统已按${outcome}办结；如有误，请核实后处理。`,
      link: `/admin/foi/${a.id}`,
      dedupeKey: `foi:lapsed:${a.id}:${deadline}`,
    });
  }
  return { sent };
}

export const foiReminderJob: JobDefinition = {
  name: 'foi.reminders',
  label: '依申请公开期限提醒',
  intervalSeconds: 3600,
  async run(ctx, now) {
    const { sent } = await sendFoiReminders(ctx, now);
    return `发出提醒 ${sent} 条`;
  },
};
