import type { Kysely } from 'kysely';

/**
 * An item may replace a published one (a revised annual report, docs/modules/content.md): it goes
 * through the whole review workflow while the published item stays public, and when it is published
 * the item it supersedes is withdrawn with a redirect to it, in the same transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('content_items')
    .addColumn('supersedes_id', 'integer', (c) => c.references('content_items.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('content_items').dropColumn('supersedes_id').execute();
}
