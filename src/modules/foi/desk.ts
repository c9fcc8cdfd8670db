/**
 * The handler's desk (issue 19 part 6): what the case page shows first (the next legal step and
 * its date) and the confirm step every action goes through — the action checked exactly as it will
 * be recorded, and what it will do (the history line, the letter it issues, the due date before and
 * after) shown before anything is written.
 */
import type { Actor, AppContext } from '../../context.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { loadCalendar } from '../calendar/service.ts';
import { LETTER_OF_EVENT } from './letters/issue.ts';
import { describeEvent, EVENT_LABELS, LETTER_KINDS, replay, type CaseEvent } from './model.ts';
import { nextStep, type NextStep } from './next-step.ts';
import { earlierApplications, repeatsOf, type EarlierApplication } from './repeats.ts';
import { clockOf } from './case-state.ts';
import { prepareConfirm, prepareEvent, type EventInput } from './service/events.ts';
import type { ApplicationDetail } from './service/read.ts';

/** What an action will do, shown on its confirm page. */
export interface ActionPreview {
  /** 「办结」, 「确认收到」 … */
  label: string;
  /** The history line it will write. */
  line: string;
  /** The letter it will issue, if any. */
  letter: string | null;
  dueBefore: string | null;
  dueAfter: string | null;
  /** Closing (or confirming) cannot be undone: said on the page. */
  irreversible: boolean;
  event: CaseEvent | null;
}

/** Checks an event as recordEvent does and says what it will do; writes nothing. */
export async function previewEvent(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: EventInput,
): Promise<ActionPreview> {
  const { row, ev, before, cal } = await prepareEvent(ctx, actor, id, input);
  const after = clockOf(cal, row.received_on, [...before, ev]);
  const closes = replay(row.received_on, [...before, ev]).closed;
  const kind = LETTER_OF_EVENT[ev.type];
  return {
    label: EVENT_LABELS[ev.type],
    line: describeEvent(ev),
    letter: kind ? LETTER_KINDS[kind] : null,
    dueBefore: row.due_date,
    dueAfter: closes ? null : (after?.dueDate ?? null),
    irreversible: closes,
    event: ev,
  };
}

/** Checks a confirmation of receipt and says what it will do; writes nothing. */
export async function previewConfirm(
  ctx: AppContext,
  actor: Actor,
  id: number,
  on?: string | null,
): Promise<ActionPreview> {
  const { date, d } = await prepareConfirm(ctx, actor, id, on);
  return {
    label: '确认收到申请',
    line: `确认收到申请，收到申请之日 ${date}（条例第三十一条：以双方确认之日为收到申请之日）`,
    letter: null,
    dueBefore: null,
    dueAfter: d.due_date,
    irreversible: true,
    event: null,
  };
}

/** The next legal step of a case as of today (ctx.clock). */
export async function caseNextStep(ctx: AppContext, d: ApplicationDetail): Promise<NextStep> {
  const a = d.application;
  return nextStep(
    {
      status: a.status,
      receivedOn: a.receivedOn,
      submittedOn: shanghaiDate(a.submittedAt),
      provisional: a.provisional,
      events: d.events.map((e) => e.event),
      clock: d.clock,
      today: shanghaiDate(ctx.clock.now()),
    },
    await loadCalendar(ctx.db),
  );
}

/** What the case page shows of the desk: the next step, the earlier applications, what the last action did. */
export interface DeskView {
  next: NextStep;
  earlier: EarlierApplication[];
  repeats: { id: number; number: string; closedOn: string | null }[];
  done?: { label: string; line: string | null };
}

/** The labels of the actions a `?done=` on the case page may report. */
const DONE_LABELS: Record<string, string> = { ...EVENT_LABELS, confirm: '确认收到申请' };

/** The desk parts of a case page; `done` names the action just recorded (its last history line is shown). */
export async function deskView(
  ctx: AppContext,
  actor: Actor,
  d: ApplicationDetail,
  done?: string,
): Promise<DeskView> {
  const a = d.application;
  const label = done && Object.hasOwn(DONE_LABELS, done) ? DONE_LABELS[done] : null;
  return {
    next: await caseNextStep(ctx, d),
    earlier: await earlierApplications(ctx, actor, a.id),
    repeats: await repeatsOf(ctx.db, a.id),
    done: label ? { label, line: d.history.at(-1)?.text ?? null } : undefined,
  };
}
