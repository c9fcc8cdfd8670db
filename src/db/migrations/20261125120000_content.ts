/** Publishing (content): columns, topics and their sections, items, revisions, attachments, relations. */
import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('content_columns'))
    .addColumn('parent_id', 'integer', (c) => c.references('content_columns.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.references('orgs.id'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('content_columns_parent').on('content_columns').column('parent_id').execute();

  await withId(db, db.schema.createTable('content_topics'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('content_topic_sections'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('content_topics.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db, db.schema.createTable('content_items'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('origin', 'text')
    .addColumn('formation_date', 'text')
    .addColumn('doc_number', 'text')
    .addColumn('interp_form', 'text')
    .addColumn('interp_points', 'text')
    .addColumn('data_table', 'text')
    .addColumn('author_id', 'integer')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('publish_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('modified_at', 'text')
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('gate_json', 'text')
    .addColumn('gate_override', 'text')
    .addColumn('reject_comment', 'text')
    .addColumn('withdrawal_mode', 'text')
    .addColumn('withdrawal_reason', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('redirect_to', 'text')
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('content_items_status')
    .on('content_items')
    .columns(['status', 'publish_at'])
    .execute();
  await db.schema
    .createIndex('content_items_org')
    .on('content_items')
    .columns(['org_id', 'status'])
    .execute();
  await db.schema
    .createIndex('content_items_published')
    .on('content_items')
    .columns(['published_at'])
    .execute();

  await db.schema
    .createTable('content_item_columns')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('column_id', 'integer', (c) => c.notNull().references('content_columns.id'))
    .addPrimaryKeyConstraint('content_item_columns_pk', ['item_id', 'column_id'])
    .execute();
  await db.schema
    .createIndex('content_item_columns_col')
    .on('content_item_columns')
    .columns(['column_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('content_item_topics')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('content_topics.id'))
    .addColumn('section_id', 'integer')
    .addPrimaryKeyConstraint('content_item_topics_pk', ['item_id', 'topic_id'])
    .execute();
  await db.schema
    .createIndex('content_item_topics_topic')
    .on('content_item_topics')
    .columns(['topic_id', 'item_id'])
    .execute();

  // An interpretation (解读) points at the policy documents it explains: kind 'interprets'.
  await db.schema
    .createTable('content_item_relations')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('related_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('content_item_relations_pk', ['item_id', 'related_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('content_item_relations_rel')
    .on('content_item_relations')
    .columns(['related_id'])
    .execute();

  await withId(db, db.schema.createTable('content_revisions'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('content_revisions_item')
    .on('content_revisions')
    .columns(['item_id', 'number'])
    .unique()
    .execute();

  await withId(db, db.schema.createTable('content_attachments'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_path', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('content_attachments_item')
    .on('content_attachments')
    .column('item_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'content_attachments',
    'content_revisions',
    'content_item_relations',
    'content_item_topics',
    'content_item_columns',
    'content_items',
    'content_topic_sections',
    'content_topics',
    'content_columns',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
