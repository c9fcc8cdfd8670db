/**
 * Search index. Metadata in `search_documents` (both engines); the full text in an FTS5 table on
 * SQLite (contentless, rowid = search_documents.id, ranked with bm25) and in a tsvector('simple')
 * column with a GIN index on PostgreSQL (ranked with ts_rank). Both are fed the same jieba-segmented
 * text by the search store.
 */
import { sql, type Kysely } from 'kysely';
import { engineOf } from '../index.ts';
import { withId } from '../schema.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('search_documents'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'integer', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer')
    .addColumn('doc_number', 'text')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('item_type', 'text')
    .addColumn('validity', 'text')
    .addColumn('column_keys', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('topic_keys', 'text', (c) => c.notNull().defaultTo('[]'))
    .addUniqueConstraint('search_documents_kind_ref', ['kind', 'ref_id'])
    .execute();
  await db.schema
    .createIndex('search_documents_doc_number')
    .on('search_documents')
    .column('doc_number')
    .execute();
  await db.schema
    .createIndex('search_documents_published')
    .on('search_documents')
    .column('published_at')
    .execute();

  await db.schema
    .createTable('search_document_tags')
    .addColumn('document_id', 'integer', (c) =>
      c.notNull().references('search_documents.id').onDelete('cascade'),
    )
    .addColumn('tag_kind', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_document_tags_pk', ['document_id', 'tag_kind', 'tag_key'])
    .execute();
  await db.schema
    .createIndex('search_document_tags_key')
    .on('search_document_tags')
    .columns(['tag_kind', 'tag_key', 'document_id'])
    .execute();

  if (engineOf(db) === 'postgres') {
    await sql`alter table search_documents add column tsv tsvector not null default ''::tsvector`.execute(db);
    await sql`create index search_documents_tsv on search_documents using gin (tsv)`.execute(db);
  } else {
    // Columns in bm25 weight order: title, meta (文号, org, column, topic names), body; then tags:
    // one token per filter value (year, type, org, column, topic, validity), so a filtered search is
    // one FTS5 query with no join (weight 0: tags never change the ranking).
    await sql`create virtual table search_fts using fts5(title, meta, body, tags, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(
      db,
    );
    await sql`create trigger search_documents_fts_delete after delete on search_documents begin delete from search_fts where rowid = old.id; end`.execute(
      db,
    );
  }
}
