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
import { TABLE2_CELLS, type Table2Cell } from '../normative/model.ts';
import ExcelJS from 'exceljs';
import type { AnnualReport } from './document.ts';
import {
  parsePastJson,
  parsePastXlsx,
  PAST_FORMATS,
  type PastErrors,
  type PastFigures,
  type PastFormat,
} from './past.ts';
import { comparableOf, type PreviousYear } from './yoy.ts';
import { htmlTables, publishedReportHtml, readPublishedTables } from './published.ts';
import {
  balanceDiff,
  checkTable,
  computeTable3,
  computeTable4,
  TABLE3_COLUMNS,
  TABLE3_ROWS,
  type Table2,
  table3Counts,
  table4Counts,
  fenToYuan,
  type Table3Column,
  type Table3Row,
} from './model.ts';
import { reportSources } from './sources.ts';
import { yearOnYear } from './yoy.ts';
export { yearOnYear };
import { selectImport, selectSavedReport, upsertImport, upsertSavedReport } from './store.ts';

export interface ReportQuery {
  orgId: number;
  year: number;
  /** 'own' (default): the org's own cases; 'rollup': the org and every org below it. */
  scope?: 'own' | 'rollup';
}

function checkYear(year: number) {
  if (!Number.isInteger(year) || year < 2008 || year > 2100)
    throw badRequest('年份无效', { year: '年份应为 2008 年（条例施行）以后的四位数字' });
}

async function orgIdsFor(db: Kysely<DB>, q: ReportQuery): Promise<number[]> {
  return q.scope === 'rollup' ? descendantsOf(await listPublicOrgs(db), q.orgId) : [q.orgId];
}

/** Drafts section 一 from the figures, for the office to edit. */
export function draftOverview(
  orgName: string,
  year: number,
  r: Pick<AnnualReport, 'table3' | 'table4'>,
  extra: {
    overdue: number;
    interpretationRate: number | null;
    ledger: { done: number; total: number } | null;
  },
): string {
  const t = table3Counts(r.table3);
  const lines = [
    `${year}年，${orgName}认真贯彻落实《中华人民共和国政府信息公开条例》，按照国家、省、市政务公开工作部署，扎实推进政务公开各项工作。`,
    `全年新收政府信息公开申请 ${t.received.total} 件，上年结转 ${t.carriedOver.total} 件，办结 ${t.closedTotal.total} 件（其中予以公开 ${t.disclosed.total} 件、部分公开 ${t.partial.total} 件），结转下年度继续办理 ${t.carriedForward.total} 件${extra.overdue ? `，超期办理 ${extra.overdue} 件` : ''}。`,
  ];
  if (extra.interpretationRate != null)
    lines.push(
      `行政规范性文件及涉及群众和企业权益的政策文件解读率为 ${(extra.interpretationRate * 100).toFixed(1)}%。`,
    );
  if (extra.ledger)
    lines.push(`本年度政务公开工作要点任务台账共 ${extra.ledger.total} 项，已完成 ${extra.ledger.done} 项。`);
  return lines.join('\n');
}

type SavedReport =
  | {
      rules_issued: number | null;
      rules_repealed: number | null;
      rules_in_force: number | null;
      licensing: number | null;
      penalties: number | null;
      enforcement: number | null;
      fees_fen: number | null;
    }
  | undefined;

function table2Of(saved: SavedReport, normative: Table2['normativeDocuments']): Table2 {
  return {
    rules: {
      issued: saved?.rules_issued ?? 0,
      repealed: saved?.rules_repealed ?? 0,
      inForce: saved?.rules_in_force ?? 0,
    },
    normativeDocuments: normative,
    licensing: saved?.licensing ?? null,
    penalties: saved?.penalties ?? null,
    enforcement: saved?.enforcement ?? null,
    feesWanYuan: saved?.fees_fen == null ? null : saved.fees_fen / 1_000_000,
  };
}

const savedReport = selectSavedReport;

/**
 * The previous year's figures for 同比: an imported report of the org (own scope), else the year
 * computed from the records when there is anything to compare (cases, proceedings or entered figures).
 */
async function previousYear(ctx: AppContext, q: ReportQuery, orgIds: number[]): Promise<PreviousYear | null> {
  const year = q.year - 1;
  if (q.scope !== 'rollup') {
    const imp = await selectImport(ctx.db, q.orgId, year);
    if (imp)
      return {
        year,
        source: 'imported',
        format: imp.format as PastFormat,
        figures: JSON.parse(imp.figures_json) as PastFigures,
      };
  }
  const src = reportSources(ctx);
  const [{ table3 }, reviews, normative, saved] = await Promise.all([
    src.table3(orgIds, year),
    src.reviews(orgIds, year),
    src.normative(orgIds, year),
    savedReport(ctx.db, q.orgId, year),
  ]);
  const t3 = table3Counts(table3);
  const t4 = table4Counts(computeTable4(reviews, year));
  if (t3.received.total + t3.carriedOver.total + reviews.length === 0 && !saved) return null;
  return {
    year,
    source: 'computed',
    format: '2021',
    figures: comparableOf(table2Of(saved, normative), t3, t4),
  };
}

/** The report of an org and year, computed now from the records. */
export async function buildAnnualReport(
  ctx: AppContext,
  actor: Actor,
  q: ReportQuery,
): Promise<AnnualReport & { overdue: number; interpretationRate: number | null }> {
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
  const [{ table3, overdue, anomalies }, reviews, fees, normative, rate, ledger, saved] = await Promise.all([
    src.table3(orgIds, q.year),
    src.reviews(orgIds, q.year),
    src.fees(orgIds, q.year),
    src.normative(orgIds, q.year),
    src.interpretationRate(orgIds, q.year),
    src.ledger(q.orgId, q.year),
    savedReport(db, q.orgId, q.year),
  ]);
  const problems = checkTable(table3, anomalies);
  if (problems.some((p) => p.kind === 'balance')) {
    // Rare: name the cases of an unbalanced column from the year's cases in memory.
    const full = computeTable3(await src.cases(orgIds, q.year), q.year);
    for (const p of problems) if (p.kind === 'balance' && p.column) p.caseIds = balanceDiff(full, p.column);
  }
  const table4 = computeTable4(reviews, q.year);
  const report: AnnualReport = {
    orgId: org.id,
    orgName: org.name,
    year: q.year,
    scope: q.scope ?? 'own',
    narrative: {
      overview:
        saved?.overview ||
        draftOverview(org.name, q.year, { table3, table4 }, { overdue, interpretationRate: rate, ledger }),
      problems: saved?.problems_text ?? '',
      other: saved?.other_text ?? '',
    },
    table2: table2Of(saved, normative),
    table3,
    table4,
    fees,
    problems,
    previousYear: await previousYear(ctx, q, orgIds),
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
    fees: {
      noticesSent: r.fees.noticesSent,
      noticesTotalYuan: fenToYuan(r.fees.noticesTotalFen),
      collectedYuan: fenToYuan(r.fees.collectedFen),
    },
    narrative: r.narrative,
    problems: r.problems,
    previousYear: r.previousYear
      ? {
          year: r.previousYear.year,
          source: r.previousYear.source,
          format: r.previousYear.format,
          ...r.previousYear.figures,
        }
      : null,
    yearOnYear: yearOnYear(r),
  };
}

/** Reads a past report's figures from a file by its kind; throws a Chinese 400 naming every place that is wrong. */
async function parsePastFile(
  file: { name: string; data: Buffer },
  format?: PastFormat,
): Promise<{ figures: PastFigures; json?: unknown }> {
  if (format && !Object.hasOwn(PAST_FORMATS, format))
    throw badRequest(`不支持的格式：${format}（应为 2019 或 2021）`);
  let parsed: { figures?: PastFigures; errors: PastErrors; json?: unknown };
  if (/\.json$/i.test(file.name)) {
    let json: unknown;
    try {
      json = JSON.parse(file.data.toString('utf8'));
    } catch (e) {
      throw badRequest(`JSON 格式错误：${(e as Error).message}`);
    }
    parsed = parsePastJson(json, format);
  } else if (/\.xlsx$/i.test(file.name)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(file.data as unknown as ArrayBuffer);
    } catch {
      throw badRequest('无法读取该 Excel 文件（应为 .xlsx），文件可能已损坏');
    }
    parsed = parsePastXlsx(wb, format);
  } else if (/\.(docx|html?)$/i.test(file.name)) {
    let html: string;
    try {
      html = await publishedReportHtml(file);
    } catch {
      throw badRequest('无法读取该 Word 文件（应为 .docx），文件可能已损坏或加密');
    }
    parsed = readPublishedTables(htmlTables(html), format);
  } else throw badRequest('只能导入 .xlsx、.json、已发布报告的 .docx 或网页（.html）文件');
  const n = Object.keys(parsed.errors).length;
  if (!parsed.figures || n) throw badRequest(`导入失败：共 ${n} 处错误，未导入任何数据`, parsed.errors);
  return { figures: parsed.figures, json: parsed.json };
}

/**
 * The figures a past report's file would import, without saving them: the back office shows them
 * for confirmation before a published report (Word or web page) is imported.
 */
export async function previewPastReport(
  ctx: AppContext,
  actor: Actor,
  q: { orgId: number; year: number },
  file: { name: string; data: Buffer },
  format?: PastFormat,
): Promise<{ figures: PastFigures; json?: unknown }> {
  requirePermission(actor, 'report.edit');
  checkYear(q.year);
  await requireOrgAccess(ctx.db, actor, q.orgId);
  return parsePastFile(file, format);
}

/**
 * Imports a past report's figures for an org and year (XLSX: our export's layout for 2021, the
 * documented layout for 2019; or JSON). Every error is reported with its place; on any error
 * nothing is stored. A later import for the same org and year replaces the earlier one.
 */
export async function importPastReport(
  ctx: AppContext,
  actor: Actor,
  q: { orgId: number; year: number },
  file: { name: string; data: Buffer },
  format?: PastFormat,
): Promise<PastFigures> {
  requirePermission(actor, 'report.edit');
  checkYear(q.year);
  await requireOrgAccess(ctx.db, actor, q.orgId);
  const parsed = await parsePastFile(file, format);
  const { figures } = parsed;
  const values = {
    format: figures.format,
    figures_json: JSON.stringify(figures),
    imported_at: ctx.clock.now().toISOString(),
  };
  const previous = await selectImport(ctx.db, q.orgId, q.year);
  const before = previous && { format: previous.format, imported_at: previous.imported_at };
  await auditedWrite(
    ctx,
    actor,
    (trx) => upsertImport(trx, q.orgId, q.year, values),
    () => ({
      action: 'report.import',
      objectType: 'annual_report',
      objectId: `${q.orgId}/${q.year}`,
      before,
      after: { format: figures.format, file: file.name, received: figures.table3.received.total },
    }),
  );
  return figures;
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
  if (!Number.isInteger(v) || v < 0 || v > 100_000_000)
    throw badRequest('数字无效', { [field]: '应为不小于 0 的整数' });
  return v;
};

/** Saves the narrative and the entered figures of an org's report. */
export async function saveAnnualReport(
  ctx: AppContext,
  actor: Actor,
  q: ReportQuery,
  input: ReportInput,
): Promise<void> {
  requirePermission(actor, 'report.edit');
  checkYear(q.year);
  await requireOrgAccess(ctx.db, actor, q.orgId);
  let feesFen: number | null = null;
  if (input.feesYuan != null && input.feesYuan !== '') {
    if (!/^\d{1,12}(\.\d{1,2})?$/.test(input.feesYuan))
      throw badRequest('收费金额格式不正确', { feesYuan: '请填写以元为单位的金额，最多两位小数' });
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
  const before = await selectSavedReport(ctx.db, q.orgId, q.year);
  await auditedWrite(
    ctx,
    actor,
    (trx) => upsertSavedReport(trx, q.orgId, q.year, values),
    () => ({
      action: 'report.save',
      objectType: 'annual_report',
      objectId: `${q.orgId}/${q.year}`,
      before,
      after: values,
    }),
  );
}

/** The cases behind one cell of table 三, for drill-down. */
export async function drillDown(
  ctx: AppContext,
  actor: Actor,
  q: ReportQuery,
  row: Table3Row,
  col: Table3Column,
) {
  requirePermission(actor, 'report.read');
  checkYear(q.year);
  await requireOrgAccess(ctx.db, actor, q.orgId);
  if (!TABLE3_ROWS.includes(row) || !TABLE3_COLUMNS.includes(col)) throw badRequest('表格位置无效');
  return reportSources(ctx).cellCases(await orgIdsFor(ctx.db, q), q.year, row, col);
}

/** The library documents behind one normative cell of 表二 (本年制发, 本年废止, 现行有效), for drill-down. */
export async function drillDownDocuments(ctx: AppContext, actor: Actor, q: ReportQuery, cell: Table2Cell) {
  requirePermission(actor, 'report.read');
  checkYear(q.year);
  await requireOrgAccess(ctx.db, actor, q.orgId);
  if (!Object.hasOwn(TABLE2_CELLS, cell)) throw badRequest('表格位置无效');
  return reportSources(ctx).normativeCell(await orgIdsFor(ctx.db, q), q.year, cell);
}
