/**
 * Where the annual report's figures come from — each through the owning module's exported
 * functions, never its tables: FOI cases, reviews and fees; the normative library's counts and
 * interpretation rate; the ledger's completion.
 */
import type { Kysely } from 'kysely';
import { systemActor } from '../../context.ts';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import {
  feeNoticesForYear,
  foiCasesWhere,
  foiReportData,
  foiUnconfirmed,
  foiYearCounts,
  listReviewsForYear,
  type FoiCaseFilter,
} from '../foi/service.ts';
import {
  APPLICANT_TYPE_KEYS,
  isOutcomeCode,
  OUTCOME_CODES,
  OUTCOMES,
  type ApplicantType,
} from '../foi/outcomes.ts';
import { ledgerSummary } from '../ledger/service.ts';
import { interpretationReport, reportCellDocuments, reportFigures } from '../normative/service.ts';
import type { Table2Cell } from '../normative/model.ts';
import {
  emptyRow,
  TABLE3_ROWS,
  type CaseAnomalies,
  type CaseRecord,
  type FeeFigures,
  type ReviewKind,
  type ReviewRecord,
  type Table3,
  type Table3Column,
  type Table3Row,
} from './model.ts';

const isApplicantType = (s: string): s is ApplicantType => (APPLICANT_TYPE_KEYS as string[]).includes(s);

/** The case filter behind one cell of table 三 (rules.md §4's periods). */
function cellFilter(orgIds: number[], year: number, row: Table3Row, col: Table3Column): FoiCaseFilter {
  const applicantType = col === 'total' ? undefined : col;
  if (row === 'received' || row === 'carriedOver' || row === 'carriedForward')
    return { orgIds, year, period: row, applicantType };
  return {
    orgIds,
    year,
    period: 'closed',
    outcomes: row === 'closedTotal' ? OUTCOME_CODES : [row],
    applicantType,
  };
}

export function reportSources(ctx: AppContext) {
  const db: Kysely<DB> = ctx.db;
  return {
    /**
     * Table 三 counted in the database (no ids: drill-down loads them per cell), the overdue count
     * and the anomalies the check names.
     */
    async table3(
      orgIds: number[],
      year: number,
    ): Promise<{ table3: Table3; overdue: number; anomalies: CaseAnomalies }> {
      const [rows, noReceipt] = await Promise.all([
        foiYearCounts(db, orgIds, year),
        foiUnconfirmed(db, orgIds, year),
      ]);
      const t = Object.fromEntries(TABLE3_ROWS.map((r) => [r, emptyRow()])) as Table3;
      let overdue = 0;
      let missing = 0;
      let backwardsCount = 0;
      const put = (row: Table3Row, type: ApplicantType, n: number) => {
        t[row][type].count += n;
        t[row].total.count += n;
      };
      for (const r of rows) {
        overdue += r.overdue;
        backwardsCount += r.backwards;
        const type = isApplicantType(r.applicantType) ? r.applicantType : 'natural';
        put('received', type, r.received);
        put('carriedOver', type, r.carriedOver);
        put('carriedForward', type, r.carriedForward);
        if (r.outcome && isOutcomeCode(r.outcome)) {
          put(r.outcome, type, r.closed);
          put('closedTotal', type, r.closed);
        } else missing += r.closed;
      }
      const missingOutcome = missing
        ? (await foiCasesWhere(db, { orgIds, year, period: 'closed', outcomeNotIn: OUTCOME_CODES })).map(
            (c) => c.id,
          )
        : [];
      const backwards = backwardsCount
        ? (await foiCasesWhere(db, { orgIds, year, period: 'received', backwards: true })).map((c) => c.id)
        : [];
      return { table3: t, overdue, anomalies: { missingOutcome, noReceipt, backwards } };
    },
    /** The cases behind a cell of the year's table 三 (drill-down), queried when asked for. */
    async cellCases(orgIds: number[], year: number, row: Table3Row, col: Table3Column) {
      const cases = await foiCasesWhere(db, cellFilter(orgIds, year, row, col));
      return cases.map((a) => ({
        id: a.id,
        number: a.number,
        receivedOn: a.receivedOn,
        closedOn: a.closedOn,
        outcomeLabel: a.outcome && isOutcomeCode(a.outcome) ? OUTCOMES[a.outcome].row : '',
      }));
    },
    /** Every case of the year in memory — only for naming the cases of an unbalanced column. */
    async cases(orgIds: number[], year: number): Promise<CaseRecord[]> {
      const { applications } = await foiReportData(db, year);
      return applications
        .filter((a) => orgIds.includes(a.orgId))
        .map((a) => ({
          id: a.id,
          number: a.number,
          applicantType: a.applicantType as ApplicantType,
          receivedOn: a.receivedOn,
          closedOn: a.closedOn,
          outcome: a.outcome && isOutcomeCode(a.outcome) ? a.outcome : null,
        }));
    },
    async reviews(orgIds: number[], year: number): Promise<ReviewRecord[]> {
      return (await listReviewsForYear(db, year))
        .filter((r) => orgIds.includes(r.org_id))
        .map((r) => ({
          id: r.id,
          applicationId: r.application_id,
          kind: (r.kind === 'litigation_after' ? 'litigation_after_reconsideration' : r.kind) as ReviewKind,
          filedOn: r.filed_on,
          results: r.results,
        }));
    },
    async fees(orgIds: number[], year: number): Promise<FeeFigures> {
      const fees = await feeNoticesForYear(db, year);
      const mine = fees.byOrg.filter((n) => orgIds.includes(n.orgId));
      return {
        noticesSent: mine.length,
        noticesTotalFen: mine.reduce((s, n) => s + n.fen, 0),
        collectedFen: mine.filter((n) => n.paid).reduce((s, n) => s + n.fen, 0),
      };
    },
    /** 表二's normative rows (rules.md §4), from the library. */
    normative: (orgIds: number[], year: number) => reportFigures(db, orgIds, year),
    /** The documents behind one normative cell of 表二 (drill-down). */
    normativeCell: (orgIds: number[], year: number, cell: Table2Cell) =>
      reportCellDocuments(db, orgIds, year, cell),
    async interpretationRate(orgIds: number[], year: number): Promise<number | null> {
      const r = await interpretationReport(ctx, systemActor('annual-report'), year);
      const rows = r.byOrg.filter((o) => orgIds.includes(o.orgId));
      if (orgIds.length > 1 && rows.length === r.byOrg.length) return r.district.rate;
      const total = rows.reduce((s, o) => s + o.total, 0);
      return total === 0 ? null : rows.reduce((s, o) => s + o.interpreted, 0) / total;
    },
    async ledger(orgId: number, year: number): Promise<{ done: number; total: number } | null> {
      const { counts } = await ledgerSummary(db, orgId, year);
      return counts.total === 0
        ? null
        : { done: counts.byStatus.done + counts.byStatus.ongoing, total: counts.total };
    },
  };
}
