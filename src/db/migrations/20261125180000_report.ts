import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';

export async function up(db: Kysely<any>): Promise<void> {
  // Per org and year: the editable narrative and the figures entered by hand (表二 items that do not
  // come from the library), and the publication state.
  await withId(db, db.schema.createTable('annual_reports'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('overview', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('problems_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('other_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('licensing', 'integer')
    .addColumn('penalties', 'integer')
    .addColumn('enforcement', 'integer')
    /** 行政事业性收费 本年收费金额 in 元 ×10000 would lose nothing; we keep integer fen. */
    .addColumn('fees_fen', 'integer')
    .addColumn('rules_issued', 'integer')
    .addColumn('rules_repealed', 'integer')
    .addColumn('rules_in_force', 'integer')
    .addColumn('published_item_id', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('annual_reports_org_year', ['org_id', 'year'])
    .execute();
  // Figures of past reports imported for year-on-year comparison (the JSON shape of the API).
  await withId(db, db.schema.createTable('annual_report_imports'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('figures_json', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('annual_report_imports_org_year', ['org_id', 'year'])
    .execute();
}
