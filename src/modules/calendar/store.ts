/** Queries on calendar_notices; nothing else touches it. */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { YearNotice } from './model.ts';
import type { CalendarNoticeTable } from './tables.ts';

/** One stored version of a year's notice. */
export interface StoredNotice extends YearNotice {
  id: number;
  enteredBy: string;
  enteredById: number | null;
  enteredAt: string;
  supersededAt: string | null;
  isSample: boolean;
}

function rowToNotice(r: Selectable<CalendarNoticeTable>): StoredNotice {
  return {
    id: r.id,
    year: r.year,
    daysOff: JSON.parse(r.days_off),
    workingWeekends: JSON.parse(r.working_weekends),
    source: r.source,
    enteredBy: r.entered_by,
    enteredById: r.entered_by_id,
    enteredAt: r.entered_at,
    supersededAt: r.superseded_at,
    isSample: r.is_sample === 1,
  };
}

/** The current notice of every year that has one (the latest row wins should two be current). */
export async function selectCurrentNotices(db: Kysely<DB>): Promise<StoredNotice[]> {
  const rows = await db
    .selectFrom('calendar_notices')
    .selectAll()
    .where('superseded_at', 'is', null)
    .orderBy('id')
    .execute();
  const byYear = new Map<number, StoredNotice>();
  for (const r of rows) byYear.set(r.year, rowToNotice(r));
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export async function selectCurrentNotice(db: Kysely<DB>, year: number): Promise<StoredNotice | undefined> {
  const row = await db
    .selectFrom('calendar_notices')
    .selectAll()
    .where('year', '=', year)
    .where('superseded_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && rowToNotice(row);
}

/** Every version, newest first; one year or all. */
export async function selectNoticeHistory(
  db: Kysely<DB>,
  year?: number,
  limit = 200,
): Promise<StoredNotice[]> {
  let q = db.selectFrom('calendar_notices').selectAll();
  if (year !== undefined) q = q.where('year', '=', year);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(rowToNotice);
}

/** Stamps the year's current notice as superseded and inserts the new one; returns the new row. */
export async function insertNoticeVersion(
  trx: Kysely<DB>,
  notice: YearNotice,
  by: { name: string; id: number | null },
  at: string,
  isSample = false,
): Promise<StoredNotice> {
  await trx
    .updateTable('calendar_notices')
    .set({ superseded_at: at })
    .where('year', '=', notice.year)
    .where('superseded_at', 'is', null)
    .execute();
  const { id } = await trx
    .insertInto('calendar_notices')
    .values({
      year: notice.year,
      days_off: JSON.stringify(notice.daysOff),
      working_weekends: JSON.stringify(notice.workingWeekends),
      source: notice.source,
      entered_by: by.name,
      entered_by_id: by.id,
      entered_at: at,
      superseded_at: null,
      is_sample: isSample ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await trx
    .selectFrom('calendar_notices')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return rowToNotice(row);
}
