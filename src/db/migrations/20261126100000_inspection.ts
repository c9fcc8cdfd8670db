import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';

export async function up(db: Kysely<any>): Promise<void> {
  // One self-inspection run (自查): the whole site (org_id null) or one unit, as of a Shanghai date.
  await withId(db, db.schema.createTable('inspection_runs'))
    .addColumn('org_id', 'integer', (c) => c.references('orgs.id'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('veto_failed', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('warned', 'integer', (c) => c.notNull())
    .addColumn('pages_crawled', 'integer', (c) => c.notNull())
    .addColumn('links_checked', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspection_runs_org')
    .on('inspection_runs')
    .columns(['org_id', 'id'])
    .execute();
  // One row per check of a run, with its evidence list (JSON [{ title, url, orgId, detail }]).
  await withId(db, db.schema.createTable('inspection_findings'))
    .addColumn('run_id', 'integer', (c) => c.notNull().references('inspection_runs.id'))
    .addColumn('check_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('veto', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('evidence_json', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_findings_run').on('inspection_findings').column('run_id').execute();
}
