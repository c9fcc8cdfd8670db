/** Due dates recomputed after the working-day calendar changed. */
import type { AppContext } from '../../../context.ts';
import { recordAudit } from '../../audit/service.ts';
import { loadCalendar } from '../../calendar/service.ts';
import { computeClock } from '../clock.ts';
import { clockEvents } from '../case-state.ts';
import { insertHistoryLines, selectEventsFor } from '../store/events.ts';
import { selectClockFields, selectOpenIdsTouchingYears, updateDueDates } from '../store/lists.ts';
import { transact } from '../../../db/index.ts';

// ---------------------------------------------------------------- calendar changes

/**
 * After a year's calendar changed: recompute the due date of every open case whose dates fall in
 * those years (or later), store it, and write old → new and the reason into the case history.
 */
export async function recomputeOpenCases(
  ctx: AppContext,
  change: { years: number[]; reason: string },
): Promise<{ checked: number; changed: number }> {
  const ids = await selectOpenIdsTouchingYears(ctx.db, change.years);
  const cal = await loadCalendar(ctx.db);
  const now = ctx.clock.now().toISOString();
  let changed = 0;
  const actor = { kind: 'system', name: 'calendar', ip: null } as const;
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const eventsById = await selectEventsFor(ctx.db, chunk);
    const rows = await selectClockFields(ctx.db, chunk);
    const updates: {
      id: number;
      old: string | null;
      due: string | null;
      provisional: number;
      oldProv: number;
    }[] = [];
    for (const r of rows) {
      if (!r.received_on) continue;
      const clock = computeClock(r.received_on, clockEvents(eventsById.get(r.id) ?? []), cal);
      const prov = clock.provisional ? 1 : 0;
      if (clock.dueDate !== r.due_date || prov !== r.provisional)
        updates.push({
          id: r.id,
          old: r.due_date,
          due: clock.dueDate,
          provisional: prov,
          oldProv: r.provisional,
        });
    }
    if (!updates.length) continue;
    // Batched: one UPDATE per distinct (new due date, provisional) and one multi-row history INSERT.
    const groups = new Map<string, number[]>();
    for (const u of updates) {
      const key = `${u.due ?? ''}|${u.provisional}`;
      groups.set(key, [...(groups.get(key) ?? []), u.id]);
    }
    await transact(ctx.db, async (trx) => {
      for (const [key, gids] of groups) {
        const [due, prov] = key.split('|');
        await updateDueDates(trx, gids, due || null, Number(prov), now);
      }
      const lines = updates.map((u) => {
        const provText = u.oldProv !== u.provisional ? (u.provisional ? '，改为预估' : '，不再是预估') : '';
        return {
          application_id: u.id,
          at: now,
          actor_name: '系统：工作日历',
          text: `工作日历变更（${change.reason}）：答复期限 ${u.old ?? '—'} → ${u.due ?? '—'}${provText}`,
        };
      });
      await insertHistoryLines(trx, lines);
      await recordAudit(trx, ctx.clock.now(), actor, {
        action: 'foi.recompute',
        objectType: 'foi_application',
        after: {
          years: change.years,
          reason: change.reason,
          changed: updates.map((u) => ({ id: u.id, from: u.old, to: u.due })),
        },
      });
    });
    changed += updates.length;
  }
  return { checked: ids.length, changed };
}
