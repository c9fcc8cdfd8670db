/**
 * State that several app processes on one PostgreSQL share (issue 27, src/platform): request
 * counters of the rate limit (`rate_limits`, one row per client key and route, its window's end in
 * epoch milliseconds) and stored files by content hash (`blobs`), so no process keeps them on its
 * own disk or in its own memory. Both live in the site's schema: a site's backup (pg_dump -n) holds them.
 */
import { sql, type Kysely } from 'kysely';
import { engineOf } from '../index.ts';

export async function up(db: Kysely<any>): Promise<void> {
  // Counters need no durability: on PostgreSQL the table is UNLOGGED (no WAL, no fsync per count;
  // emptied after a crash, which only forgives a minute's requests).
  if (engineOf(db) === 'postgres')
    await sql`create unlogged table rate_limits (key text primary key, count integer not null, reset_at bigint not null)`.execute(
      db,
    );
  else
    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('reset_at', 'bigint', (c) => c.notNull())
      .execute();
  await db.schema.createIndex('rate_limits_reset').on('rate_limits').column('reset_at').execute();
  await db.schema
    .createTable('blobs')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', engineOf(db) === 'postgres' ? sql`bytea` : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
