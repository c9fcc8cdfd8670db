import { sql, type Kysely } from 'kysely';
import { withId } from '../schema.ts';

/**
 * Every result of a review or lawsuit, each with its date (rules.md §4, 表四): a retrial or a later
 * judgment adds a row, it never overwrites one, so the report of a past year counts the result
 * that stood on its 31 December however much happens later. A mistyped row is corrected in place
 * (audited; `corrected_at` says when). Each existing review's result becomes its first row.
 * foi_reviews.result/result_on stay as the cache of the latest result.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('foi_review_results'))
    .addColumn('review_id', 'integer', (c) => c.notNull().references('foi_reviews.id').onDelete('cascade'))
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('result_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('corrected_at', 'text')
    .execute();
  await db.schema
    .createIndex('foi_review_results_review')
    .on('foi_review_results')
    .columns(['review_id', 'result_on'])
    .execute();
  // A result without a date was never counted (表四 took it as 尚未审结), so it has no row to carry.
  await db
    .insertInto('foi_review_results')
    .columns(['review_id', 'result', 'result_on', 'actor_name', 'recorded_at'])
    .expression((eb: any) =>
      eb
        .selectFrom('foi_reviews')
        .select(['id', 'result', 'result_on', sql.lit('迁移：原登记结果').as('actor_name'), 'updated_at'])
        .where('result', '<>', 'pending')
        .where('result_on', 'is not', null)
        .orderBy('id'),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('foi_review_results').execute();
}
