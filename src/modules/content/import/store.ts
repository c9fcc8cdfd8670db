/** Queries of the old-site import: runs, their rows, the old paths' redirects, imported drafts. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type { ContentImportRowTable, ContentImportRunTable, ContentRedirectTable } from '../tables.ts';

/** The item an old path now leads to, or null. */
export async function selectRedirect(db: Kysely<DB>, path: string): Promise<number | null> {
  const r = await db
    .selectFrom('content_redirects')
    .select('item_id')
    .where('old_path', '=', path)
    .executeTakeFirst();
  return r?.item_id ?? null;
}

/** Records that an old path now leads to an item. */
export async function insertRedirect(
  trx: Kysely<DB>,
  values: Insertable<ContentRedirectTable>,
): Promise<void> {
  await trx.insertInto('content_redirects').values(values).execute();
}

/** Adds a run; returns its id. */
export async function insertRun(trx: Kysely<DB>, values: Insertable<ContentImportRunTable>): Promise<number> {
  const { id } = await trx
    .insertInto('content_import_runs')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Adds a run's rows (in batches of 200). */
export async function insertRows(trx: Kysely<DB>, rows: Insertable<ContentImportRowTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('content_import_rows')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** One run, or undefined. */
export async function selectRun(db: Kysely<DB>, id: number) {
  return db.selectFrom('content_import_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest runs. */
export async function selectRuns(db: Kysely<DB>, limit: number) {
  return db.selectFrom('content_import_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** Changes a run. */
export async function updateRun(
  db: Kysely<DB>,
  id: number,
  values: Updateable<ContentImportRunTable>,
): Promise<void> {
  await db.updateTable('content_import_runs').set(values).where('id', '=', id).execute();
}

/** A run's rows with errors become skipped. */
export async function skipErrorRows(trx: Kysely<DB>, runId: number, at: string): Promise<void> {
  await trx
    .updateTable('content_import_rows')
    .set({ state: 'skipped', updated_at: at })
    .where('run_id', '=', runId)
    .where('state', '=', 'error')
    .execute();
}

/** The next pending rows of a run, in row order. */
export async function selectPendingRows(db: Kysely<DB>, runId: number, limit: number) {
  return db
    .selectFrom('content_import_rows')
    .select(['id', 'row_no', 'data_json'])
    .where('run_id', '=', runId)
    .where('state', '=', 'pending')
    .orderBy('row_no')
    .limit(limit)
    .execute();
}

/** Changes a row (any state). */
export async function updateRow(
  db: Kysely<DB>,
  id: number,
  values: Updateable<ContentImportRowTable>,
): Promise<void> {
  await db.updateTable('content_import_rows').set(values).where('id', '=', id).execute();
}

/** Changes a row still pending; returns whether it was (two resumptions at once: only one wins). */
export async function updatePendingRow(
  db: Kysely<DB>,
  id: number,
  values: Updateable<ContentImportRowTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('content_import_rows')
    .set(values)
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The states of a run's rows. */
export async function selectRowStates(db: Kysely<DB>, runId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('content_import_rows')
    .select('state')
    .where('run_id', '=', runId)
    .execute();
  return rows.map((r) => r.state);
}

/** A run's rows for its report, in row order. */
export async function selectRowReports(db: Kysely<DB>, runId: number) {
  return db
    .selectFrom('content_import_rows')
    .select(['row_no', 'old_url', 'title', 'state', 'errors', 'item_id'])
    .where('run_id', '=', runId)
    .orderBy('row_no')
    .execute();
}

/** Imported items still drafts (the gate held them), oldest first, at most 500. */
export async function selectImportedDrafts(db: Kysely<DB>) {
  return db
    .selectFrom('content_items')
    .select(['id', 'title', 'imported_from', 'original_published_at', 'org_id', 'gate_json'])
    .where('imported_from', 'is not', null)
    .where('status', '=', 'draft')
    .orderBy('id')
    .limit(500)
    .execute();
}
