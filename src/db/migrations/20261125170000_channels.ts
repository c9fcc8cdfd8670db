/** Channels: new-media accounts and their filings, service zones, policy inquiries, public consultations. */
import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('media_accounts'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('platform_account_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('operator', 'text', (c) => c.notNull())
    .addColumn('responsible_person', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_update_date', 'text')
    .addColumn('interaction_ok', 'integer')
    .addColumn('checked_on', 'text')
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('media_accounts_platform_id', ['platform', 'platform_account_id'])
    .execute();
  await db.schema.createIndex('media_accounts_org').on('media_accounts').column('org_id').execute();

  await withId(db, db.schema.createTable('media_filings'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.references('media_accounts.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .execute();
  await db.schema.createIndex('media_filings_account').on('media_filings').column('account_id').execute();

  await withId(db, db.schema.createTable('media_filing_documents'))
    .addColumn('filing_id', 'integer', (c) => c.notNull().references('media_filings.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('stored_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('media_checks'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('media_accounts.id'))
    .addColumn('checked_on', 'text', (c) => c.notNull())
    .addColumn('last_update_date', 'text', (c) => c.notNull())
    .addColumn('interaction_ok', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_checks_account').on('media_checks').column('account_id').execute();

  await withId(db, db.schema.createTable('service_zones'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('zone_consultations'))
    .addColumn('zone_id', 'integer', (c) => c.notNull().references('service_zones.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('answered', 'integer', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('zone_consultations_zone')
    .on('zone_consultations')
    .columns(['zone_id', 'date'])
    .execute();

  await withId(db, db.schema.createTable('inquiries'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('asker_kind', 'text', (c) => c.notNull())
    .addColumn('asker_name', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.references('service_zones.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('received_date', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('invalid_reason', 'text')
    .addColumn('faq_question', 'text')
    .addColumn('faq_answer', 'text')
    .addColumn('faq_links', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('faq_published_at', 'text')
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('inquiries_org_status').on('inquiries').columns(['org_id', 'status']).execute();

  await withId(db, db.schema.createTable('inquiry_events'))
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('inquiry_events_inquiry').on('inquiry_events').column('inquiry_id').execute();

  await withId(db, db.schema.createTable('consultations'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('draft_text', 'text', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('feedback_summary', 'text')
    .addColumn('feedback_published_at', 'text')
    .addColumn('final_doc_title', 'text')
    .addColumn('final_doc_url', 'text')
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('consultation_comments'))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('moderated_by', 'text')
    .addColumn('moderated_at', 'text')
    .addColumn('reject_reason', 'text')
    .addColumn('adoption', 'text')
    .addColumn('adoption_reason', 'text')
    .execute();
  await db.schema
    .createIndex('consultation_comments_c')
    .on('consultation_comments')
    .columns(['consultation_id', 'status'])
    .execute();
}
