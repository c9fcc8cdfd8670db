/** 行政规范性文件库: documents, issuing orgs, append-only status history, derived periods, relations, interpretations. */
import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('normative_documents'))
    .addColumn('doc_number', 'text', (c) => c.notNull().unique())
    .addColumn('agency_code', 'text', (c) => c.notNull())
    .addColumn('doc_year', 'integer', (c) => c.notNull())
    .addColumn('doc_seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lead_org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('written_on', 'text', (c) => c.notNull())
    .addColumn('published_on', 'text')
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('validity_years', 'integer')
    .addColumn('ends_on', 'text')
    .addColumn('index_number', 'text', (c) => c.notNull().unique())
    .addColumn('registration_number', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('file_path', 'text')
    .addColumn('file_name', 'text')
    .addColumn('file_type', 'text')
    .addColumn('file_size', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('in_library', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('item_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('normative_documents_library')
    .on('normative_documents')
    .columns(['in_library', 'published_on'])
    .execute();
  await db.schema
    .createIndex('normative_documents_updated')
    .on('normative_documents')
    .column('updated_at')
    .execute();
  await db.schema
    .createIndex('normative_documents_ends')
    .on('normative_documents')
    .columns(['ends_on', 'status'])
    .execute();

  await db.schema
    .createTable('normative_document_orgs')
    .addColumn('document_id', 'integer', (c) =>
      c.notNull().references('normative_documents.id').onDelete('cascade'),
    )
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('normative_document_orgs_pk', ['document_id', 'org_id'])
    .execute();
  await db.schema
    .createIndex('normative_document_orgs_org')
    .on('normative_document_orgs')
    .columns(['org_id', 'document_id'])
    .execute();

  await withId(db, db.schema.createTable('normative_status_events'))
    .addColumn('document_id', 'integer', (c) =>
      c.notNull().references('normative_documents.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('by_document_id', 'integer')
    .addColumn('by_doc_number', 'text')
    .addColumn('articles', 'text')
    .addColumn('note', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('normative_status_events_doc')
    .on('normative_status_events')
    .columns(['document_id', 'id'])
    .execute();
  await db.schema
    .createIndex('normative_status_events_recorded')
    .on('normative_status_events')
    .column('recorded_at')
    .execute();

  // Point in time: "in force on D" = status in (in_force, amended) and from_on <= D < to_on.
  await db.schema
    .createTable('normative_status_periods')
    .addColumn('document_id', 'integer', (c) =>
      c.notNull().references('normative_documents.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('from_on', 'text', (c) => c.notNull())
    .addColumn('to_on', 'text', (c) => c.notNull())
    .addColumn('event_id', 'integer')
    .addPrimaryKeyConstraint('normative_status_periods_pk', ['document_id', 'from_on'])
    .execute();
  await db.schema
    .createIndex('normative_status_periods_when')
    .on('normative_status_periods')
    .columns(['status', 'from_on', 'to_on', 'document_id'])
    .execute();

  await db.schema
    .createTable('normative_force_spans')
    .addColumn('document_id', 'integer', (c) =>
      c.notNull().references('normative_documents.id').onDelete('cascade'),
    )
    .addColumn('bucket_year', 'integer', (c) => c.notNull())
    .addColumn('from_on', 'text', (c) => c.notNull())
    .addColumn('to_on', 'text', (c) => c.notNull())
    .addColumn('in_library', 'integer', (c) => c.notNull())
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('normative_force_spans_pk', ['document_id', 'bucket_year', 'from_on'])
    .execute();
  // Covering index for the point-in-time page and count: one bucket, library rows, newest first.
  await db.schema
    .createIndex('normative_force_spans_when')
    .on('normative_force_spans')
    .columns(['bucket_year', 'in_library', 'published_on', 'document_id', 'from_on', 'to_on'])
    .execute();

  await withId(db, db.schema.createTable('normative_relations'))
    .addColumn('from_document_id', 'integer', (c) =>
      c.notNull().references('normative_documents.id').onDelete('cascade'),
    )
    .addColumn('to_document_id', 'integer', (c) =>
      c.notNull().references('normative_documents.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('effective_on', 'text')
    .addColumn('articles', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('normative_relations_from')
    .on('normative_relations')
    .column('from_document_id')
    .execute();
  await db.schema
    .createIndex('normative_relations_to')
    .on('normative_relations')
    .column('to_document_id')
    .execute();

  await withId(db, db.schema.createTable('normative_interpretations'))
    .addColumn('document_id', 'integer', (c) =>
      c.notNull().references('normative_documents.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addColumn('item_id', 'integer')
    .addColumn('key_points', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('briefing_date', 'text')
    .addColumn('briefing_topic', 'text')
    .addColumn('briefing_speakers', 'text')
    .addColumn('briefing_link', 'text')
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('normative_interpretations_doc')
    .on('normative_interpretations')
    .columns(['document_id', 'published_on'])
    .execute();

  await db.schema
    .createTable('normative_index_counters')
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('normative_index_counters_pk', ['org_code', 'year'])
    .execute();
}
