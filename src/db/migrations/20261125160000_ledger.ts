import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';

/** Work plans and their task ledger (工作要点与任务台账), supervision and rectification. */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('work_plans'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source_docs', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sections', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('ledger_title', 'text')
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_plans_org_year').on('work_plans').columns(['org_id', 'year']).execute();

  await withId(db, db.schema.createTable('ledger_tasks'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plans.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('ledger_tasks.id').onDelete('cascade'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('group_number', 'text', (c) => c.notNull())
    .addColumn('group_title', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('units_text', 'text', (c) => c.notNull())
    .addColumn('unit_notes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('deadline_kind', 'text', (c) => c.notNull())
    .addColumn('deadline_date', 'text')
    .addColumn('deadline_text', 'text', (c) => c.notNull())
    .addColumn('owner_name', 'text')
    .addColumn('owner_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('owner_org_id', 'integer', (c) => c.references('orgs.id'))
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_tasks_plan').on('ledger_tasks').columns(['plan_id', 'seq']).execute();
  await db.schema.createIndex('ledger_tasks_parent').on('ledger_tasks').column('parent_id').execute();

  await withId(db, db.schema.createTable('ledger_task_units'))
    .addColumn('task_id', 'integer', (c) => c.notNull().references('ledger_tasks.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('percent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reported_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_report_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ledger_task_units_task_org', ['task_id', 'org_id'])
    .execute();
  await db.schema.createIndex('ledger_task_units_org').on('ledger_task_units').column('org_id').execute();

  await withId(db, db.schema.createTable('ledger_progress'))
    .addColumn('task_id', 'integer', (c) => c.notNull().references('ledger_tasks.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reporter_name', 'text', (c) => c.notNull())
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('ledger_progress_task')
    .on('ledger_progress')
    .columns(['task_id', 'org_id'])
    .execute();

  await withId(db, db.schema.createTable('ledger_evidence'))
    .addColumn('task_id', 'integer', (c) => c.notNull().references('ledger_tasks.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('last_checked_at', 'text')
    .addColumn('resolves', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('ledger_evidence_task')
    .on('ledger_evidence')
    .columns(['task_id', 'org_id'])
    .execute();

  await withId(db, db.schema.createTable('ledger_inspections'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plans.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scheduled_date', 'text', (c) => c.notNull())
    .addColumn('done_date', 'text')
    .addColumn('findings', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('ledger_rectifications'))
    .addColumn('inspection_id', 'integer', (c) =>
      c.notNull().references('ledger_inspections.id').onDelete('cascade'),
    )
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('closed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('ledger_escalations'))
    .addColumn('plan_id', 'integer', (c) => c.references('work_plans.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('document_ref', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'ledger_escalations',
    'ledger_rectifications',
    'ledger_inspections',
    'ledger_evidence',
    'ledger_progress',
    'ledger_task_units',
    'ledger_tasks',
    'work_plans',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
