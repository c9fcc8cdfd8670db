/**
 * Stored files by path (issue 27 part 3): on PostgreSQL every uploaded or generated file lives in
 * the database — its bytes once per content hash in `blobs` (migration 20261207160000), its path
 * here — so app processes behind a proxy share them with no shared disk. SQLite keeps files on the
 * local disk under DATA_DIR and leaves this table empty.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stored_files')
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull().references('blobs.hash'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stored_files_hash').on('stored_files').column('hash').execute();
}
