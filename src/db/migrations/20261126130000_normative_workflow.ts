/**
 * 行政规范性文件库, second step: documents enter through the publishing workflow (withdrawal of the
 * carrying item is recorded), other policy documents needing interpretation (rules.md §5) are told
 * apart from normative ones, the interpretation points share publishing's keys, and the in-force
 * spans get a per-org copy so "in force on D for org X" reads only that org's rows.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // 1 = 行政规范性文件 (in the library); 0 = another policy document affecting citizens' or
  // enterprises' rights: never in the library, but counted in the 解读率 (rules.md §5).
  await db.schema
    .alterTable('normative_documents')
    .addColumn('is_normative', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // When the carrying content item was withdrawn (撤稿): the document left the public library then.
  await db.schema.alterTable('normative_documents').addColumn('withdrawn_at', 'text').execute();
  await db.schema
    .createIndex('normative_documents_item')
    .on('normative_documents')
    .column('item_id')
    .execute();

  // One list of the seven points with publishing: the library's 'changes' is publishing's 'differences'.
  await sql`update normative_interpretations set key_points = replace(key_points, '"changes"', '"differences"')`.execute(
    db,
  );

  // normative_force_spans repeated per issuing org (joint documents once per org), with a covering
  // index led by the org: the org-filtered point-in-time count and page read only that org's rows.
  await db.schema
    .createTable('normative_org_force_spans')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('document_id', 'integer', (c) =>
      c.notNull().references('normative_documents.id').onDelete('cascade'),
    )
    .addColumn('bucket_year', 'integer', (c) => c.notNull())
    .addColumn('from_on', 'text', (c) => c.notNull())
    .addColumn('to_on', 'text', (c) => c.notNull())
    .addColumn('in_library', 'integer', (c) => c.notNull())
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('normative_org_force_spans_pk', [
      'document_id',
      'org_id',
      'bucket_year',
      'from_on',
    ])
    .execute();
  await db.schema
    .createIndex('normative_org_force_spans_when')
    .on('normative_org_force_spans')
    .columns(['org_id', 'bucket_year', 'in_library', 'published_on', 'document_id', 'from_on', 'to_on'])
    .execute();
  await sql`insert into normative_org_force_spans (org_id, document_id, bucket_year, from_on, to_on, in_library, published_on)
    select o.org_id, s.document_id, s.bucket_year, s.from_on, s.to_on, s.in_library, s.published_on
    from normative_force_spans s join normative_document_orgs o on o.document_id = s.document_id`.execute(db);
}
