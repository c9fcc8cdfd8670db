/** Reads for the public pages and for other modules: published items, search documents, dashboard figures, self-inspection reads. */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { notFound } from '../../../errors.ts';
import { auditTrail } from '../../audit/service.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import { jobOutcome } from '../../jobs/service.ts';
import { listPublicOrgs, orgScope } from '../../org/service.ts';
import { isPublic, type Item, type ItemKind, type ItemSummary } from '../model.ts';
import {
  publishingCounts,
  selectColumnActivity,
  selectItem,
  selectItemWithFiles,
  selectOverdueScheduled,
  selectPublishedIds,
  selectPublishedIdsAfter,
} from '../store/items.ts';
import {
  queryItems,
  selectLatestPublishedByColumn,
  selectPublishedRelated,
  selectSummaries,
} from '../store/listings.ts';
import { selectColumns } from '../store/structure.ts';
import { loadLookups, searchDoc } from './item-access.ts';
import { reviewQueue } from './items.ts';

/** A page the public may see: published, or withdrawn (the notice page / redirect). */
export async function getPublicItem(db: Kysely<DB>, id: number): Promise<Item> {
  const item = await selectItem(db, id);
  if (!item || !isPublic(item.status)) throw notFound('页面');
  return item;
}

/** A public item (as getPublicItem) with the listing of its files, read together for its portal page. */
export async function getPublicItemPage(db: Kysely<DB>, id: number) {
  const page = await selectItemWithFiles(db, id);
  if (!page || !isPublic(page.item.status)) throw notFound('页面');
  return page;
}

/** A page of published items by column, topic (and section) or kind, newest first. */
export async function listPublicItems(
  db: Kysely<DB>,
  f: {
    columnId?: number;
    topicId?: number;
    sectionId?: number;
    kind?: ItemKind;
    page?: number;
    pageSize?: number;
  },
) {
  const page = Math.max(1, f.page ?? 1);
  const pageSize = Math.min(Math.max(1, f.pageSize ?? 20), 100);
  const res = await queryItems(db, {
    statuses: ['published'],
    columnId: f.columnId,
    topicId: f.topicId,
    sectionId: f.sectionId,
    kind: f.kind,
    byPublished: true,
    page,
    pageSize,
  });
  return { ...res, page, pageSize };
}

/** The newest published items of each column (the home page's lists), by column id. */
export const latestPublicByColumn = (db: Kysely<DB>, columnIds: number[], perColumn: number) =>
  selectLatestPublishedByColumn(db, columnIds, perColumn);

/** The published items an item interprets and those that interpret it (its page's links). */
export const publishedRelated = (db: Kysely<DB>, id: number) => selectPublishedRelated(db, id);

/** Published summaries of related items (interpretation ↔ policy), public only. */
export async function publicSummaries(db: Kysely<DB>, ids: number[]) {
  return (await selectSummaries(db, ids)).filter((s) => s.status === 'published');
}

/** Who did each step, from the audit trail (shown on the item). */
export async function itemHistory(db: Kysely<DB>, id: number) {
  return (await auditTrail(db, 'content_item', id)).filter((e) => e.action.startsWith('content.'));
}

/** Every published item as a search document (for `gongkai search reindex`). */
export async function* contentSearchSources(ctx: AppContext) {
  const lookups = await loadLookups(ctx.db);
  let after = 0;
  for (;;) {
    const ids = await selectPublishedIdsAfter(ctx.db, after, 500);
    if (ids.length === 0) return;
    for (const id of ids) {
      const item = await selectItem(ctx.db, id);
      if (item) yield await searchDoc(ctx.db, item, lookups);
    }
    after = ids[ids.length - 1];
  }
}

/** An item in any status, or undefined (for modules describing it, e.g. webhooks' event bodies). */
export const findItem = (db: Kysely<DB>, id: number): Promise<Item | undefined> => selectItem(db, id);

/** Original ratio and late publications per org and per column (published items). */
export async function publishingStats(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'content.read');
  const scope = await orgScope(ctx.db, actor);
  const counts = await publishingCounts(ctx.db, scope);
  const [orgs, columns] = await Promise.all([listPublicOrgs(ctx.db), selectColumns(ctx.db)]);
  return {
    byOrg: counts.byOrg
      .map((r) => ({ ...r, name: orgs.find((o) => o.id === r.org_id)?.shortName ?? String(r.org_id) }))
      .sort((a, b) => b.total - a.total),
    byColumn: counts.byColumn
      .map((r) => ({ ...r, name: columns.find((c) => c.id === r.column_id)?.name ?? String(r.column_id) }))
      .sort((a, b) => b.total - a.total),
  };
}

/** Scheduled items whose time has passed by more than 5 minutes: the job missed or failed them. */
export async function missedSchedules(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'content.read');
  const scope = await orgScope(ctx.db, actor);
  const cutoff = new Date(ctx.clock.now().getTime() - 5 * 60_000).toISOString();
  const items = await selectOverdueScheduled(ctx.db, scope, cutoff);
  const job = await jobOutcome(ctx, 'content.scheduled-publish');
  return {
    items,
    lastError: job?.lastError ?? null,
    failures: job?.failures ?? 0,
    lastFinishedAt: job?.lastFinishedAt ?? null,
  };
}

/** Published items per column (own items only): how many, and the last publication instant. */
export const columnActivity = (
  db: Kysely<DB>,
): Promise<{ columnId: number; published: number; lastPublishedAt: string | null }[]> =>
  selectColumnActivity(db);

/** Published items, newest first, optionally of some orgs only, published in [since, until]; `late` ones only when asked. */
export async function publishedSince(
  db: Kysely<DB>,
  f: { orgIds?: number[]; since?: string; until?: string; lateOnly?: boolean; limit: number },
): Promise<ItemSummary[]> {
  const ids = await selectPublishedIds(db, f);
  const byId = new Map((await selectSummaries(db, ids)).map((s) => [s.id, s]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

/** The back-office home panel's figures for this actor, or null when they cannot read content. */
export async function dashboardFigures(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'content.read')) return null;
  const [queue, missed, stats] = await Promise.all([
    reviewQueue(ctx, actor),
    missedSchedules(ctx, actor),
    publishingStats(ctx, actor),
  ]);
  const totals = stats.byOrg.reduce(
    (a, r) => ({ total: a.total + r.total, original: a.original + r.original, late: a.late + r.late }),
    { total: 0, original: 0, late: 0 },
  );
  return { queue: queue.total, missed, totals };
}
