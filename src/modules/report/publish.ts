/**
 * 提交发布: the report goes to the portal's 公开年报 column through the publishing workflow
 * (报送 → 审核 → 保密审查 → 发布, content module), never around it. Only content's exported use cases
 * are called, as the acting user, so its permissions, org scope, "never review your own item",
 * gate and audit all apply. Before publication there is one item per org and year: submitting again
 * after a send-back writes a new revision of the same draft (and replaces its DOCX/XLSX attachments).
 * Once published, submitting again makes a new version that supersedes the published item: it is
 * reviewed like any item while the published one stays public, and replaces it when published.
 */
import type { Actor, AppContext } from '../../context.ts';
import { AppError, badRequest, invalidState } from '../../errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { auditedWrite } from '../audit/service.ts';
import { requirePermission } from '../auth/permissions.ts';
import { requireOrgAccess } from '../org/service.ts';
import {
  addAttachment,
  createItem,
  getItem,
  listAttachments,
  listColumns,
  publicSummaries,
  removeAttachment,
  submitItem,
  updateItem,
  type ItemInput,
} from '../content/service.ts';
import { STATUSES, type ItemStatus } from '../content/model.ts';
import { emptySections, type AnnualReport } from './document.ts';
import { annualReportDocx } from './docx.ts';
import { annualReportBodyHtml, reportTitle } from './views/html.tsx';
import { figureChanges, figuresOf, type FigureChange, type ReportFigures } from './model.ts';
import { computeReport, type ReportQuery } from './service.ts';
import { selectSavedReport, selectSnapshots, setPublishedItem, upsertSnapshot } from './store.ts';
import { annualReportXlsx } from './xlsx.ts';

/** Problems that stop publication; a case still awaiting confirmation is only a warning. */
const BLOCKING = new Set(['balance', 'column_sum', 'missing_outcome', 'closed_before_received']);

export interface PublicationState {
  itemId: number;
  status: ItemStatus;
  statusLabel: string;
  revision: number;
  /** A new version under way: the published item it will replace (still public until then). */
  replaces: number | null;
}

/** The content item a report was submitted as, if any (for the report page). */
export async function publicationOf(
  ctx: AppContext,
  actor: Actor,
  orgId: number,
  year: number,
): Promise<PublicationState | null> {
  const row = await selectSavedReport(ctx.db, orgId, year);
  if (!row?.published_item_id) return null;
  try {
    const item = await getItem(ctx, actor, row.published_item_id);
    return {
      itemId: item.id,
      status: item.status,
      statusLabel: STATUSES[item.status],
      revision: item.revision,
      replaces: item.status === 'published' ? null : item.supersedesId,
    };
  } catch {
    return null; // the actor may not read content items (e.g. no content.read); the page just omits it
  }
}

/** The published report's figures, kept when it was submitted, and the cells the data would now give differently. */
export interface PublishedFigures {
  itemId: number;
  scope: 'own' | 'rollup';
  /** When the published version was submitted (its figures are as of then). */
  takenAt: string;
  figures: ReportFigures;
}

/**
 * The figures of the published report of an org and year (the newest published item with a
 * snapshot), or null when none is published. Public: the published report itself is.
 */
export async function publishedFigures(
  ctx: AppContext,
  orgId: number,
  year: number,
): Promise<PublishedFigures | null> {
  const rows = await selectSnapshots(ctx.db, orgId, year);
  if (rows.length === 0) return null;
  const published = new Set(
    (
      await publicSummaries(
        ctx.db,
        rows.map((r) => r.item_id),
      )
    ).map((s) => s.id),
  );
  const row = rows.find((r) => published.has(r.item_id));
  return row
    ? {
        itemId: row.item_id,
        scope: row.scope === 'rollup' ? 'rollup' : 'own',
        takenAt: row.taken_at,
        figures: JSON.parse(row.figures_json) as ReportFigures,
      }
    : null;
}

/** Published figures beside the ones computed now: the changed cells, old → new (empty when none changed). */
export function changesSincePublished(
  published: PublishedFigures,
  r: Parameters<typeof figuresOf>[0],
): FigureChange[] {
  return figureChanges(published.figures, figuresOf(r));
}

/**
 * Submits the report of an org and year for publication: creates (or revises) the item in the
 * 公开年报 column with the HTML body and the DOCX and XLSX attached, and 报送 it for review.
 */
/** Options of 提交发布. */
export interface SubmitReportOptions {
  /** The submitter has seen that these written sections are empty and submits anyway (see `emptySections`). */
  acknowledgeEmpty?: boolean;
}

/** How the refusal asking to acknowledge empty sections starts (a 409 whose `fields.acknowledgeEmpty` names the sections). */
export const EMPTY_SECTIONS_MESSAGE = '报告中有部分尚无文字';

export async function submitReportForPublication(
  ctx: AppContext,
  actor: Actor,
  q: ReportQuery,
  opts: SubmitReportOptions = {},
): Promise<PublicationState> {
  requirePermission(actor, 'report.edit');
  requirePermission(actor, 'content.edit');
  await requireOrgAccess(ctx.db, actor, q.orgId);
  const r = await computeReport(ctx, q);
  const blocking = r.problems.filter((p) => BLOCKING.has(p.kind));
  if (blocking.length)
    throw badRequest(`发布前检查未通过，请先处理：${blocking.map((p) => p.message).join('；')}`);
  // An empty written section is allowed (a year may have nothing to report under 六), but never by
  // oversight: the submitter confirms it, and the audit record keeps which sections were empty.
  const empty = emptySections(r);
  if (empty.length && !opts.acknowledgeEmpty) {
    throw new AppError(
      'invalid_state',
      `${EMPTY_SECTIONS_MESSAGE}：${empty.join('、')}。请补写，或确认这些部分确无内容后再提交发布`,
      { acknowledgeEmpty: empty.join('、') },
    );
  }
  const column = (await listColumns(ctx.db)).find((c) => c.kind === 'report');
  if (!column) throw invalidState('没有“公开年报”（年报类）栏目，请先由公开办建立栏目');

  const title = reportTitle(r) + (r.scope === 'rollup' ? '（含下属机关汇总）' : '');
  const input: ItemInput = {
    kind: 'article',
    title,
    body: annualReportBodyHtml(r),
    orgId: q.orgId,
    source: 'original',
    formationDate: shanghaiDate(ctx.clock.now()),
    columnIds: [column.id],
  };
  const files = [
    { filename: `${title}.docx`, data: await annualReportDocx(r) },
    { filename: `${title}.xlsx`, data: await annualReportXlsx(r) },
  ];

  // The latest item of this report: a draft (new or sent back), one under review, the published one,
  // or a new version of the published one (superseding it) somewhere in the workflow.
  const saved = await selectSavedReport(ctx.db, q.orgId, q.year);
  let existing = saved?.published_item_id
    ? await getItem(ctx, actor, saved.published_item_id).catch(() => null)
    : null;
  if (existing?.status === 'withdrawn') existing = null; // a withdrawn report starts a new item
  if (existing && existing.status !== 'draft' && existing.status !== 'published') {
    throw invalidState(
      `本年度报告已报送，当前状态为“${STATUSES[existing.status]}”；请待审核完成，或由审核人退回后再提交新版本`,
    );
  }

  let item;
  if (existing?.status === 'draft') {
    // Sent back by a reviewer: the same draft gets a new revision and its attachments are replaced.
    item = await updateItem(ctx, actor, existing.id, input, '年度报告更新');
    const ours = new Set(files.map((f) => f.filename));
    for (const a of await listAttachments(ctx.db, item.id))
      if (ours.has(a.name)) await removeAttachment(ctx, actor, item.id, a.id);
  } else if (existing?.status === 'published') {
    // Published: a new version that goes through the whole review again while the published one
    // stays public; publishing it withdraws the old one with a redirect to it (content's supersedes).
    item = await createItem(ctx, actor, input, { supersedes: existing.id });
  } else item = await createItem(ctx, actor, input);
  for (const f of files) await addAttachment(ctx, actor, item.id, f);
  if (item.status === 'draft') item = await submitItem(ctx, actor, item.id);

  const itemId = item.id;
  const now = ctx.clock.now().toISOString();
  // The figures as submitted stay with the item: once it is published they are the published figures.
  const snapshot = { scope: r.scope, figures_json: JSON.stringify(figuresOf(r)), taken_at: now };
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await setPublishedItem(trx, q.orgId, q.year, itemId, now);
      await upsertSnapshot(trx, q.orgId, q.year, itemId, snapshot);
    },
    () => ({
      action: 'report.submit',
      objectType: 'annual_report',
      objectId: `${q.orgId}/${q.year}`,
      after: {
        itemId,
        revision: item.revision,
        status: item.status,
        scope: r.scope,
        ...(item.supersedesId ? { replaces: item.supersedesId } : {}),
        ...(empty.length ? { emptySections: empty } : {}),
      },
    }),
  );
  return {
    itemId,
    status: item.status,
    statusLabel: STATUSES[item.status],
    revision: item.revision,
    replaces: item.supersedesId,
  };
}

/** The published report of a report's org and year beside the figures computed now: what the page and the API show. */
export interface PublishedState {
  itemId: number;
  scope: 'own' | 'rollup';
  takenAt: string;
  /** The cells the data would now give differently (none when the published report's scope differs). */
  changes: FigureChange[];
}

/** The published report of the report's org and year beside the figures computed now, or null when none is published. */
export async function publishedState(ctx: AppContext, r: AnnualReport): Promise<PublishedState | null> {
  const published = await publishedFigures(ctx, r.orgId, r.year);
  if (!published) return null;
  return {
    itemId: published.itemId,
    scope: published.scope,
    takenAt: published.takenAt,
    changes: published.scope === r.scope ? changesSincePublished(published, r) : [],
  };
}
