import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';

/**
 * The figures of an annual report as submitted for publication, one row per content item it became
 * (a revision sent back and submitted again replaces its row). Once the item is published these are
 * the published figures: later data never changes them, and the report page shows where the data
 * would now give a different figure (rules.md §4: a published report of a past year never changes).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('annual_report_snapshots'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull().unique())
    .addColumn('figures_json', 'text', (c) => c.notNull())
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('annual_report_snapshots_org_year')
    .on('annual_report_snapshots')
    .columns(['org_id', 'year'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('annual_report_snapshots').execute();
}
