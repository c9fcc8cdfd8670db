/**
 * PostgreSQL search (issue 24 part 5): a RUM index over the tsvector with the document id attached,
 * so "the newest matches of this query" is one ordered index scan (`order by id <=| max`) that stops
 * after the window, instead of a GIN bitmap of every match sorted afterwards (common words) or a
 * backwards walk of the primary key testing each row (what the planner did for them before).
 * RUM is an extension (Debian: postgresql-15-rum). Where it is not available nothing is created and
 * search keeps the GIN index; installing it later and running `npx gongkai migrate` does not come back
 * here (a migration runs once), so the README says to run `createRumIndex`'s SQL by hand then.
 * SQLite: nothing to do.
 */
import { sql, type Kysely } from 'kysely';
import { engineOf } from '../index.ts';

/** Creates the extension (in public, shared by every schema) and the index, when RUM is available. Returns whether it did. */
export async function createRumIndex(db: Kysely<any>): Promise<boolean> {
  const available = await sql<{
    n: number;
  }>`select count(*) as n from pg_available_extensions where name = 'rum'`.execute(db);
  if (!Number(available.rows[0]?.n)) return false;
  await sql`create extension if not exists rum schema public`.execute(db);
  await sql`create index if not exists search_documents_tsv_rum on search_documents
    using rum (tsv public.rum_tsvector_addon_ops, id) with (attach = 'id', to = 'tsv')`.execute(db);
  return true;
}

export async function up(db: Kysely<any>): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await createRumIndex(db);
}
