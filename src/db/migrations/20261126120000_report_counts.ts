import type { Kysely } from 'kysely';

/**
 * The annual report counts an org's FOI cases per year with GROUP BY (foi/report-counts.ts) in two
 * range scans — cases received in the year (by receipt date), and earlier cases still open at its
 * start (by closing date: null or in the year). These indexes cover both (org, dates, type,
 * outcome, due date), so a year of an org with a million cases is counted from index ranges alone.
 */
const COLUMNS = ['applicant_type', 'outcome', 'due_date'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('foi_app_report_received')
    .on('foi_applications')
    .columns(['org_id', 'received_on', 'closed_on', ...COLUMNS])
    .execute();
  await db.schema
    .createIndex('foi_app_report_closed')
    .on('foi_applications')
    .columns(['org_id', 'closed_on', 'received_on', ...COLUMNS])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('foi_app_report_closed').execute();
  await db.schema.dropIndex('foi_app_report_received').execute();
}
