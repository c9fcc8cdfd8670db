/** Standard disclosure catalogues (基层政务公开标准目录): templates, catalogues, entries, mappings, credits, offline postings. */
import type { CreateTableBuilder, Kysely } from 'kysely';
import { withId } from '../schema.ts';

const entryColumns = <T extends string>(t: CreateTableBuilder<T, any>) =>
  t
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('item1', 'text', (c) => c.notNull())
    .addColumn('item2', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('time_limit', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull());

export async function up(db: Kysely<any>): Promise<void> {
  await entryColumns(withId(db, db.schema.createTable('catalogue_template_entries')))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('catalogues'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('catalogues_org_year', ['org_id', 'year'])
    .execute();

  await entryColumns(withId(db, db.schema.createTable('catalogue_entries')))
    .addColumn('catalogue_id', 'integer', (c) => c.notNull().references('catalogues.id'))
    .addColumn('template_entry_id', 'integer', (c) => c.references('catalogue_template_entries.id'))
    .addColumn('item_kinds', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('catalogue_entries_catalogue')
    .on('catalogue_entries')
    .column('catalogue_id')
    .execute();

  await db.schema
    .createTable('catalogue_mappings')
    .addColumn('entry_id', 'integer', (c) => c.notNull().references('catalogue_entries.id'))
    .addColumn('column_id', 'integer', (c) => c.notNull().references('content_columns.id'))
    .addPrimaryKeyConstraint('catalogue_mappings_pk', ['entry_id', 'column_id'])
    .execute();
  await db.schema
    .createIndex('catalogue_mappings_column')
    .on('catalogue_mappings')
    .column('column_id')
    .execute();

  await withId(db, db.schema.createTable('catalogue_postings'))
    .addColumn('entry_id', 'integer', (c) => c.notNull().references('catalogue_entries.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('formed_on', 'text')
    .addColumn('posted_on', 'text', (c) => c.notNull())
    .addColumn('photo_name', 'text', (c) => c.notNull())
    .addColumn('photo_mime', 'text', (c) => c.notNull())
    .addColumn('photo_path', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db, db.schema.createTable('catalogue_credits'))
    .addColumn('entry_id', 'integer', (c) => c.notNull().references('catalogue_entries.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.references('content_items.id'))
    .addColumn('posting_id', 'integer', (c) => c.references('catalogue_postings.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('formed_on', 'text')
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('catalogue_credits_entry_item', ['entry_id', 'item_id'])
    .execute();
  await db.schema.createIndex('catalogue_credits_entry').on('catalogue_credits').column('entry_id').execute();
  await db.schema.createIndex('catalogue_credits_item').on('catalogue_credits').column('item_id').execute();
}
