/** The cheapest query that proves the database answers (readiness checks). */
import { sql, type Kysely } from 'kysely';
import type { DB } from './types.ts';

/** Runs `select 1`; rejects when the database does not answer. */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}
