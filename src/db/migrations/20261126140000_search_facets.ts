/**
 * Search facets: how many indexed documents carry each filter value (year, type, org, column,
 * topic), kept by the search store with every index write, so the search page's filter lists are
 * one read of a small table instead of DISTINCT scans over the whole index. Filled here from what
 * is already indexed.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_facets')
    .addColumn('facet', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('documents', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_facets_pk', ['facet', 'value'])
    .execute();
  await sql`insert into search_facets (facet, value, documents)
    select 'year', cast(year as text), count(*) from search_documents group by year
    union all select 'type', item_type, count(*) from search_documents where item_type is not null group by item_type
    union all select 'org', cast(org_id as text), count(*) from search_documents where org_id is not null group by org_id
    union all select tag_kind, tag_key, count(*) from search_document_tags group by tag_kind, tag_key`.execute(
    db,
  );
}
