import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';

/**
 * calendar_notices: administrator-entered State Council holiday notices, one row per version.
 * The current notice of a year is its row with superseded_at null; saving a new one stamps the old
 * one, so no notice is ever lost (the year's history is its rows in id order).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('calendar_notices'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('days_off', 'text', (c) => c.notNull())
    .addColumn('working_weekends', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('entered_by_id', 'integer')
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text')
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('calendar_notices_year')
    .on('calendar_notices')
    .columns(['year', 'superseded_at'])
    .execute();
}
