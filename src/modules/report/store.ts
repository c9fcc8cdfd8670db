/** Queries on the annual report's own tables: entered text and figures, imported past reports, snapshots as submitted. */
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { ReportTables } from './tables.ts';

type ReportValues = Omit<Insertable<ReportTables['annual_reports']>, 'id' | 'org_id' | 'year'>;

/** The entered text and figures of an org's report for a year, or undefined. */
export async function selectSavedReport(db: Kysely<DB>, orgId: number, year: number) {
  return db
    .selectFrom('annual_reports')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Writes the entered text and figures (one row per org and year). */
export async function upsertSavedReport(
  db: Kysely<DB>,
  orgId: number,
  year: number,
  values: ReportValues,
): Promise<void> {
  await db
    .insertInto('annual_reports')
    .values({ org_id: orgId, year, ...values })
    .onConflict((oc) => oc.columns(['org_id', 'year']).doUpdateSet(values))
    .execute();
}

/** Links the report of an org and year to the content item it was submitted as. */
export async function setPublishedItem(
  db: Kysely<DB>,
  orgId: number,
  year: number,
  itemId: number,
  at: string,
): Promise<void> {
  await db
    .insertInto('annual_reports')
    .values({ org_id: orgId, year, published_item_id: itemId, updated_at: at })
    .onConflict((oc) => oc.columns(['org_id', 'year']).doUpdateSet({ published_item_id: itemId }))
    .execute();
}

/** The imported past report of an org and year, or undefined. */
export async function selectImport(db: Kysely<DB>, orgId: number, year: number) {
  return db
    .selectFrom('annual_report_imports')
    .select(['format', 'figures_json', 'imported_at'])
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Writes an imported past report (a second import of the same org and year replaces the first). */
export async function upsertImport(
  db: Kysely<DB>,
  orgId: number,
  year: number,
  values: { format: string; figures_json: string; imported_at: string },
): Promise<void> {
  await db
    .insertInto('annual_report_imports')
    .values({ org_id: orgId, year, ...values })
    .onConflict((oc) => oc.columns(['org_id', 'year']).doUpdateSet(values))
    .execute();
}

/** The figures snapshots of an org's report for a year, newest first. */
export async function selectSnapshots(db: Kysely<DB>, orgId: number, year: number) {
  return db
    .selectFrom('annual_report_snapshots')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .orderBy('id', 'desc')
    .execute();
}

/** Keeps the figures as submitted with their content item. */
export async function upsertSnapshot(
  db: Kysely<DB>,
  orgId: number,
  year: number,
  itemId: number,
  snapshot: { scope: string; figures_json: string; taken_at: string },
): Promise<void> {
  await db
    .insertInto('annual_report_snapshots')
    .values({ org_id: orgId, year, item_id: itemId, ...snapshot })
    .onConflict((oc) => oc.column('item_id').doUpdateSet(snapshot))
    .execute();
}
