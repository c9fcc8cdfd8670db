/** What a case's stored columns and letters derive from its events: pure, shared by the use cases. */
import type { WorkingCalendar } from '../calendar/model.ts';
import { computeClock, type ClockEvent, type ClockResult } from './clock.ts';
import type { LetterCase } from './letters/issue.ts';
import { deriveStatus, replay, type CaseEvent } from './model.ts';
import type { FoiApplicationTable } from './tables.ts';
import type { Selectable } from 'kysely';

/** An application row as stored. */
export type AppRow = Selectable<FoiApplicationTable>;

/** Converts the case's events to what clock.ts reads. */
export function clockEvents(events: CaseEvent[]): ClockEvent[] {
  const out: ClockEvent[] = [];
  for (const ev of events) {
    switch (ev.type) {
      case 'correction_requested':
        out.push({ type: ev.type, on: ev.on, periodDays: ev.periodDays });
        break;
      case 'consultation_started':
        out.push({ type: ev.type, on: ev.on, party: ev.party });
        break;
      case 'excessive_date_set':
        out.push({ type: ev.type, on: ev.on, dueDate: ev.dueDate });
        break;
      case 'correction_received':
      case 'extension':
      case 'consultation_ended':
      case 'fee_notice':
      case 'fee_paid':
      case 'closed':
        out.push({ type: ev.type, on: ev.on });
        break;
    }
  }
  return out;
}

/** The clock of a case on a calendar, or null while it awaits confirmation. */
export function clockOf(
  cal: WorkingCalendar,
  receivedOn: string | null,
  events: CaseEvent[],
): ClockResult | null {
  return receivedOn ? computeClock(receivedOn, clockEvents(events), cal) : null;
}

/** The stored columns derived from the events and the clock. */
export function derived(receivedOn: string | null, events: CaseEvent[], clock: ClockResult | null) {
  const state = replay(receivedOn, events);
  return {
    status: deriveStatus(state) as string,
    due_date: state.closed ? null : (clock?.dueDate ?? null),
    provisional: !state.closed && clock?.provisional ? 1 : 0,
    outcome: state.outcome,
    closed_on: state.closedOn,
  };
}

/** What a letter needs of an application row. */
export const letterCase = (row: AppRow): LetterCase => ({
  id: row.id,
  orgId: row.org_id,
  applicantType: row.applicant_type,
  applicantName: row.applicant_name,
  number: row.number,
  receivedOn: row.received_on,
  description: row.description,
  delivery: row.delivery,
});
