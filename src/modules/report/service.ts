/**
 * Annual report use cases: compute the report of an org and year from the records, keep its
 * narrative and entered figures, check it, and output it (JSON, HTML, DOCX, XLSX).
 */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { badRequest } from '../../errors.ts';
import { auditedWrite } from '../audit/service.ts';
import { requirePermission } from '../auth/permissions.ts';
import { descendantsOf } from '../org/model.ts';
import { getOrg, listPublicOrgs, requireOrgAccess } from '../org/service.ts';
import { OUTCOME_CODES } from '../foi/outcomes.ts';
import type { AnnualReport } from './document.ts';
import { checkConsistency, computeTable3, computeTable4, table3Counts, table4Counts, fenToYuan, type Table3Column, type Table3Row } from './model.ts';
import { reportSources } from './sources.ts';

export interface ReportQuery {
  orgId: number;
  year: number;
  /** 'own' (default): the org's own cases; 'rollup': the org and every org below it. */
  scope?: 'own' | 'rollup';
}

function checkYear(year: number) {
  if (!Number.isInteger(year) || year < 2008 || year > 2100) throw badRequest('年份无效', { year: '年份应为 2008 年（条例施行）以后的四位数字' });
}

async function orgIdsFor(db: Kysely<DB>, q: ReportQuery): Promise<number[]> {
  return q.scope === 'rollup' ? descendantsOf(await listPublicOrgs(db), q.orgId) : [q.orgId];
}

/** Drafts section 一 from the figures, for the office to edit. */
export function draftOverview(orgName: string, year: number, r: Pick<AnnualReport, 'table3' | 'table4'>, extra: { overdue: number; interpretationRate: number | null; ledger: { done: number; total: number } | null }): string {
  const t = table3Counts(r.table3);
  const lines = [
    `${year}年，${orgName}认真贯彻落实《中华人民共和国政府信息公开条例》，按照国家、省、市政务公开工作部署，扎实推进政务公开各项工作。`,
    `全年新收政府信息公开申请 ${t.received.total} 件，上年结转 ${t.carriedOver.total} 件，办结 ${t.closedTotal.total} 件（其中予以公开 ${t.disclosed.total} 件、部分公开 ${t.partial.total} 件），结转下年度继续办理 ${t.carriedForward.total} 件${extra.overdue ? `，超期办理 ${extra.overdue} 件` : ''}。`,
  ];
  if (extra.interpretationRate != null) lines.push(`行政规范性文件及涉及群众和企业权益的政策文件解读率为 ${(extra.interpretationRate * 100).toFixed(1)}%。`);
  if (extra.ledger) lines.push(`本年度政务公开工作要点任务台账共 ${extra.ledger.total} 项，已完成 ${extra.ledger.done} 项。`);
  return lines.join('\n');
}

/** The report of an org and year, computed now from the records. */
export async function buildAnnualReport(ctx: AppContext, actor: Actor, q: ReportQuery): Promise<AnnualReport & { overdue: number; interpretationRate: number | null }> {
  requirePermission(actor, 'report.read');
  checkYear(q.year);
  await requireOrgAccess(ctx.db, actor, q.orgId);
  return computeReport(ctx, q);
}

/** Computation without the permission check — for publishing the report to the public. */
export async function computeReport(ctx: AppContext, q: ReportQuery) {
  const db = ctx.db;
  const org = await getOrg(db, q.orgId);
  const orgIds = await orgIdsFor(db, q);
  const src = reportSources(ctx);
  const [cases, reviews, fees, normative, overdue, rate, ledger, saved] = await Promise.all([
    src.cases(orgIds, q.year),
    src.reviews(orgIds, q.year),
    src.fees(orgIds, q.year),
    src.normative(orgIds, q.year),
    src.overdueCount(orgIds, q.year),
    src.interpretationRate(orgIds, q.year),
    src.ledger(q.orgId, q.year),
    db.selectFrom('annual_reports').selectAll().where('org_id', '=', q.orgId).where('year', '=', q.year).executeTakeFirst(),
  ]);
  const table3 = computeTable3(cases, q.year);
  const table4 = computeTable4(reviews, q.year);
  const report: AnnualReport = {
    orgId: org.id,
    orgName: org.name,
    year: q.year,
    scope: q.scope ?? 'own',
    narrative: {
      overview: saved?.overview || draftOverview(org.name, q.year, { table3, table4 }, { overdue, interpretationRate: rate, ledger }),
      problems: saved?.problems_text ?? '',
      other: saved?.other_text ?? '',
    },
    table2: {
      rules: { issued: saved?.rules_issued ?? 0, repealed: saved?.rules_repealed ?? 0, inForce: saved?.rules_in_force ?? 0 },
      normativeDocuments: normative,
      licensing: saved?.licensing ?? null,
      penalties: saved?.penalties ?? null,
      enforcement: saved?.enforcement ?? null,
      feesWanYuan: saved?.fees_fen == null ? null : saved.fees_fen / 1_000_000,
    },
    table3,
    table4,
    fees,
    problems: checkConsistency(table3, cases, q.year),
  };
  return { ...report, overdue, interpretationRate: rate };
}

/** The documented JSON shape (counts only; drill-down ids stay in the back office). */
export function reportJson(r: AnnualReport) {
  return {
    org: { id: r.orgId, name: r.orgName },
    year: r.year,
    scope: r.scope,
    table2: r.table2,
    table3: table3Counts(r.table3),
    table4: table4Counts(r.table4),
    fees: { noticesSent: r.fees.noticesSent, noticesTotalYuan: fenToYuan(r.fees.noticesTotalFen), collectedYuan: fenToYuan(r.fees.collectedFen) },
    narrative: r.narrative,
    problems: r.problems,
  };
}

export interface ReportInput {
  overview?: string;
  problems?: string;
  other?: string;
  licensing?: number | null;
  penalties?: number | null;
  enforcement?: number | null;
  /** 行政事业性收费 本年收费金额, 元 with up to two decimals, as entered. */
  feesYuan?: string | null;
  rulesIssued?: number | null;
  rulesRepealed?: number | null;
  rulesInForce?: number | null;
}

const count = (v: number | null | undefined, field: string) => {
  if (v == null) return null;
  if (!Number.isInteger(v) || v < 0 || v > 100_000_000) throw badRequest('数字无效', { [field]: '应为不小于 0 的整数' });
  return v;
};

/** Saves the narrative and the entered figures of an org's report. */
export async function saveAnnualReport(ctx: AppContext, actor: Actor, q: ReportQuery, input: ReportInput): Promise<void> {
  requirePermission(actor, 'report.edit');
  checkYear(q.year);
  await requireOrgAccess(ctx.db, actor, q.orgId);
  let feesFen: number | null = null;
  if (input.feesYuan != null && input.feesYuan !== '') {
    if (!/^\d{1,12}(\.\d{1,2})?$/.test(input.feesYuan)) throw badRequest('收费金额格式不正确', { feesYuan: '请填写以元为单位的金额，最多两位小数' });
    const [yuan, cents = ''] = input.feesYuan.split('.');
    feesFen = Number(yuan) * 100 + Number(cents.padEnd(2, '0'));
  }
  const values = {
    overview: (input.overview ?? '').slice(0, 20000),
    problems_text: (input.problems ?? '').slice(0, 20000),
    other_text: (input.other ?? '').slice(0, 20000),
    licensing: count(input.licensing, 'licensing'),
    penalties: count(input.penalties, 'penalties'),
    enforcement: count(input.enforcement, 'enforcement'),
    fees_fen: feesFen,
    rules_issued: count(input.rulesIssued, 'rulesIssued'),
    rules_repealed: count(input.rulesRepealed, 'rulesRepealed'),
    rules_in_force: count(input.rulesInForce, 'rulesInForce'),
    updated_at: ctx.clock.now().toISOString(),
  };
  const before = await ctx.db.selectFrom('annual_reports').selectAll().where('org_id', '=', q.orgId).where('year', '=', q.year).executeTakeFirst();
  await auditedWrite(
    ctx,
    actor,
    (trx) =>
      trx
        .insertInto('annual_reports')
        .values({ org_id: q.orgId, year: q.year, ...values })
        .onConflict((oc) => oc.columns(['org_id', 'year']).doUpdateSet(values))
        .execute(),
    () => ({ action: 'report.save', objectType: 'annual_report', objectId: `${q.orgId}/${q.year}`, before, after: values }),
  );
}

/** The cases behind one cell of table 三, for drill-down. */
export async function drillDown(ctx: AppContext, actor: Actor, q: ReportQuery, row: Table3Row, col: Table3Column) {
  const r = await buildAnnualReport(ctx, actor, q);
  const ids = r.table3[row]?.[col]?.ids;
  if (!ids) throw badRequest('表格位置无效');
  return reportSources(ctx).caseSummaries(ids, q.year);
}

export const TABLE3_ROW_KEYS = ['received', 'carriedOver', ...OUTCOME_CODES, 'closedTotal', 'carriedForward'];
