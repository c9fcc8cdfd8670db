/** 依申请公开: applications, their events and history, reviews (复议/诉讼), letter-template overrides. */
import { sql, type Kysely } from 'kysely';
import { withId } from '../schema.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('foi_applications'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('query_code_hash', 'text', (c) => c.notNull())
    .addColumn('form_token', 'text', (c) => c.unique())
    .addColumn('applicant_type', 'text', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('applicant_id_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('applicant_key', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('doc_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('doc_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('preferred_form', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('delivery', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text')
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('handler_id', 'integer', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // No plain index on status: SQLite would prefer it to the partial indexes below and sort every open row.
  await db.schema.createIndex('foi_app_org').on('foi_applications').columns(['org_id', 'id']).execute();
  await db.schema
    .createIndex('foi_app_awaiting')
    .on('foi_applications')
    .column('id')
    .where(sql<boolean>`status = 'awaiting_confirmation'`)
    .execute();
  // Open cases by due date (dashboards, overdue lists, reminders): a partial index, so a list of the
  // first page walks it in order instead of fetching every open row. Queries spell the same literal list.
  const open = sql<boolean>`status in ('processing', 'correction_pending', 'consultation', 'fee_pending')`;
  await db.schema
    .createIndex('foi_app_open_due')
    .on('foi_applications')
    .columns(['due_date', 'id'])
    .where(open)
    .execute();
  await db.schema
    .createIndex('foi_app_open_org_due')
    .on('foi_applications')
    .columns(['org_id', 'due_date', 'id'])
    .where(open)
    .execute();
  await db.schema.createIndex('foi_app_year').on('foi_applications').columns(['year', 'seq']).execute();
  // The staff list filtered by year, newest first, walks this index instead of sorting the year.
  await db.schema.createIndex('foi_app_year_id').on('foi_applications').columns(['year', 'id']).execute();
  await db.schema
    .createIndex('foi_app_applicant')
    .on('foi_applications')
    .columns(['applicant_key', 'received_on'])
    .execute();

  await withId(db, db.schema.createTable('foi_events'))
    .addColumn('application_id', 'integer', (c) =>
      c.notNull().references('foi_applications.id').onDelete('cascade'),
    )
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('foi_events_app').on('foi_events').columns(['application_id', 'id']).execute();

  await withId(db, db.schema.createTable('foi_history'))
    .addColumn('application_id', 'integer', (c) =>
      c.notNull().references('foi_applications.id').onDelete('cascade'),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('foi_history_app')
    .on('foi_history')
    .columns(['application_id', 'id'])
    .execute();

  await withId(db, db.schema.createTable('foi_reviews'))
    .addColumn('application_id', 'integer', (c) =>
      c.notNull().references('foi_applications.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('result_on', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('foi_reviews_app').on('foi_reviews').columns(['application_id']).execute();

  await withId(db, db.schema.createTable('foi_attachments'))
    .addColumn('application_id', 'integer', (c) =>
      c.notNull().references('foi_applications.id').onDelete('cascade'),
    )
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('foi_attachments_app')
    .on('foi_attachments')
    .columns(['application_id'])
    .execute();

  await withId(db, db.schema.createTable('foi_letter_blocks'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('block', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('foi_letter_blocks_key')
    .on('foi_letter_blocks')
    .columns(['org_id', 'kind', 'block'])
    .unique()
    .execute();
}
