/**
 * Moving in (issue #23 part 4): the old site's content brought in from a package or a crawl.
 * - `content_items.imported_from`: the old URL an item came from (marks it as imported);
 *   `original_published_at`: the instant it was first published on the old site, kept when it is
 *   published here (also later, after review).
 * - `content_import_runs` / `content_import_rows`: a run with per-row state, so a crash mid-way
 *   resumes without duplicates.
 * - `content_redirects`: old path → item, answered with 301 by the not-found fallback.
 */
import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('content_items').addColumn('imported_from', 'text').execute();
  await db.schema.alterTable('content_items').addColumn('original_published_at', 'text').execute();
  await withId(db, db.schema.createTable('content_import_runs'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('skip_errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('options_json', 'text', (c) => c.notNull())
    .addColumn('package_path', 'text')
    .addColumn('report_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await withId(db, db.schema.createTable('content_import_rows'))
    .addColumn('run_id', 'integer', (c) =>
      c.notNull().references('content_import_runs.id').onDelete('cascade'),
    )
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('old_url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('item_id', 'integer')
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('content_import_rows_run_row')
    .on('content_import_rows')
    .columns(['run_id', 'row_no'])
    .unique()
    .execute();
  await db.schema
    .createIndex('content_import_rows_state')
    .on('content_import_rows')
    .columns(['run_id', 'state'])
    .execute();
  await db.schema
    .createTable('content_redirects')
    .addColumn('old_path', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('run_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('content_items_imported_from')
    .on('content_items')
    .columns(['imported_from'])
    .execute();
}
