import type { Kysely } from 'kysely';

/**
 * Personal data out of history: after one-click masking, an earlier revision that held the raw
 * values keeps only the masked snapshot in `snapshot`; the original is sealed with the personal-data
 * key (lib/datakeys.ts) in `sealed` and read only through the audited re-authentication path.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('content_revisions').addColumn('sealed', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('content_revisions').dropColumn('sealed').execute();
}
