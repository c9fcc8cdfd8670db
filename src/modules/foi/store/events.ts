/** Queries on a case's events (the statutory clock's input) and its history lines. */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type { CaseEvent } from '../model.ts';

export interface StoredEvent {
  id: number;
  event: CaseEvent;
  actorName: string;
  at: string;
}

export async function selectEvents(db: Kysely<DB>, applicationId: number): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('foi_events')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    event: { ...JSON.parse(r.data), type: r.type, on: r.on_date } as CaseEvent,
    actorName: r.actor_name,
    at: r.at,
  }));
}

/** Events of many applications at once (recompute, reminders), grouped by application. */
export async function selectEventsFor(db: Kysely<DB>, ids: number[]): Promise<Map<number, CaseEvent[]>> {
  const out = new Map<number, CaseEvent[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    if (!chunk.length) continue;
    const rows = await db
      .selectFrom('foi_events')
      .select(['application_id', 'type', 'on_date', 'data'])
      .where('application_id', 'in', chunk)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.application_id) ?? [];
      list.push({ ...JSON.parse(r.data), type: r.type, on: r.on_date } as CaseEvent);
      out.set(r.application_id, list);
    }
  }
  return out;
}

export async function insertEvent(
  db: Kysely<DB>,
  applicationId: number,
  ev: CaseEvent,
  actorId: number | null,
  actorName: string,
  at: string,
): Promise<number> {
  const { type, on, ...data } = ev;
  const { id } = await db
    .insertInto('foi_events')
    .values({
      application_id: applicationId,
      type,
      on_date: on,
      data: JSON.stringify(data),
      actor_id: actorId,
      actor_name: actorName,
      at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertHistory(
  db: Kysely<DB>,
  applicationId: number,
  at: string,
  actorName: string,
  text: string,
): Promise<void> {
  await db
    .insertInto('foi_history')
    .values({ application_id: applicationId, at, actor_name: actorName, text })
    .execute();
}

export async function selectHistory(db: Kysely<DB>, applicationId: number) {
  const rows = await db
    .selectFrom('foi_history')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ at: r.at, actorName: r.actor_name, text: r.text }));
}

/** Many history lines at once (a calendar change touching many cases), in batches of 500. */
export async function insertHistoryLines(
  db: Kysely<DB>,
  lines: { application_id: number; at: string; actor_name: string; text: string }[],
): Promise<void> {
  for (let j = 0; j < lines.length; j += 500)
    await db
      .insertInto('foi_history')
      .values(lines.slice(j, j + 500))
      .execute();
}
