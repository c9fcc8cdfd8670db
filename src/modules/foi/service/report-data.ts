/** What the annual report reads from this module (the report module calls these). */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import { selectReviewResults } from '../store/reviews.ts';
import { selectFeeEvents, selectReportApplications, selectReviewsFiledIn } from '../store/report.ts';

// Counted in the database (GROUP BY) for the report's tables and their drill-down (store/report.ts).
export { foiCasesWhere, foiUnconfirmed, foiYearCounts } from '../store/report.ts';
export type { FoiCaseFilter, FoiYearCountRow } from '../store/report.ts';

/** The reviews filed in a year with every result, for the annual report's 表四 (read by the report module). */
export async function listReviewsForYear(db: Kysely<DB>, year: number) {
  const rows = await selectReviewsFiledIn(db, year);
  const results = await selectReviewResults(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...r,
    results: (results.get(r.id) ?? []).map((x) => ({ id: x.id, result: x.result, resultOn: x.resultOn })),
  }));
}

// ---------------------------------------------------------------- for the annual report

/**
 * What the annual report (rules.md §4) needs from this module for one year, for every org:
 * applications received up to the end of the year and not closed before the previous year began
 * (so 新收, 上年结转, 办理结果 and 结转下年度 can all be counted), the year's reviews, and fees.
 */
export async function foiReportData(db: Kysely<DB>, year: number) {
  const applications = await selectReportApplications(db, year);
  return {
    applications,
    reviews: await listReviewsForYear(db, year),
    fees: await feeNoticesForYear(db, year),
  };
}

/** Fee notices sent in the year (by org) and whether each was paid, for the annual report's 六. */
export async function feeNoticesForYear(db: Kysely<DB>, year: number) {
  const feeEvents = await selectFeeEvents(db, year);
  const notices = feeEvents
    .filter((e) => e.type === 'fee_notice')
    .map((e) => ({
      applicationId: e.applicationId,
      orgId: e.orgId,
      fen: Number(JSON.parse(e.data).fen ?? 0),
    }));
  const paid = new Set(feeEvents.filter((e) => e.type === 'fee_paid').map((e) => e.applicationId));
  return {
    notices: notices.length,
    noticedFen: notices.reduce((s, n) => s + n.fen, 0),
    collectedFen: notices.filter((n) => paid.has(n.applicationId)).reduce((s, n) => s + n.fen, 0),
    byOrg: notices.map((n) => ({ ...n, paid: paid.has(n.applicationId) })),
  };
}
