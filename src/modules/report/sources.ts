/**
 * Where the annual report's figures come from — each through the owning module's exported
 * functions, never its tables: FOI cases, reviews and fees; the normative library's counts and
 * interpretation rate; the ledger's completion.
 */
import type { Kysely } from 'kysely';
import { systemActor } from '../../context.ts';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { foiReportData } from '../foi/service.ts';
import { isOutcomeCode, OUTCOMES, type ApplicantType, type ReviewResult } from '../foi/outcomes.ts';
import { ledgerSummary } from '../ledger/service.ts';
import { interpretationReport, reportFigures } from '../normative/service.ts';
import type { CaseRecord, FeeFigures, ReviewKind, ReviewRecord } from './model.ts';

export function reportSources(ctx: AppContext) {
  const db: Kysely<DB> = ctx.db;
  const foi = new Map<number, ReturnType<typeof foiReportData>>();
  const foiYear = (year: number) => {
    if (!foi.has(year)) foi.set(year, foiReportData(db, year));
    return foi.get(year)!;
  };
  return {
    async cases(orgIds: number[], year: number): Promise<CaseRecord[]> {
      const { applications } = await foiYear(year);
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
      const { reviews } = await foiYear(year);
      return reviews
        .filter((r) => orgIds.includes(r.org_id))
        .map((r) => ({
          id: r.id,
          applicationId: null,
          kind: (r.kind === 'litigation_after' ? 'litigation_after_reconsideration' : r.kind) as ReviewKind,
          filedOn: r.filed_on,
          result: r.result === 'pending' ? null : (r.result as Exclude<ReviewResult, 'pending'>),
          resultOn: r.result_on,
        }));
    },
    async fees(orgIds: number[], year: number): Promise<FeeFigures> {
      const { fees } = await foiYear(year);
      const mine = fees.byOrg.filter((n) => orgIds.includes(n.orgId));
      return { noticesSent: mine.length, noticesTotalFen: mine.reduce((s, n) => s + n.fen, 0), collectedFen: mine.filter((n) => n.paid).reduce((s, n) => s + n.fen, 0) };
    },
    /** Cases open past their due date at year end or closed after it (for the drafted overview). */
    async overdueCount(orgIds: number[], year: number): Promise<number> {
      const { applications } = await foiYear(year);
      return applications.filter((a) => orgIds.includes(a.orgId) && a.dueDate != null && (a.closedOn ?? `${year}-12-31`) > a.dueDate && a.dueDate <= `${year}-12-31`).length;
    },
    normative: (orgIds: number[], year: number) => reportFigures(db, orgIds, year),
    async interpretationRate(orgIds: number[], year: number): Promise<number | null> {
      const r = await interpretationReport(ctx, systemActor('annual-report'), year);
      const rows = r.byOrg.filter((o) => orgIds.includes(o.orgId));
      if (orgIds.length > 1 && rows.length === r.byOrg.length) return r.district.rate;
      const total = rows.reduce((s, o) => s + o.total, 0);
      return total === 0 ? null : rows.reduce((s, o) => s + o.interpreted, 0) / total;
    },
    async ledger(orgId: number, year: number): Promise<{ done: number; total: number } | null> {
      const { counts } = await ledgerSummary(db, orgId, year);
      return counts.total === 0 ? null : { done: counts.byStatus.done + counts.byStatus.ongoing, total: counts.total };
    },
    /** The cases behind a cell of the year's table 三. */
    async caseSummaries(ids: number[], year: number) {
      const wanted = new Set(ids);
      const { applications } = await foiYear(year);
      return applications
        .filter((a) => wanted.has(a.id))
        .map((a) => ({ id: a.id, number: a.number, receivedOn: a.receivedOn, closedOn: a.closedOn, outcomeLabel: a.outcome && isOutcomeCode(a.outcome) ? OUTCOMES[a.outcome].row : '' }));
    },
  };
}
