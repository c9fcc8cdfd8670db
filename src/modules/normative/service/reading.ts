/** Reading the library: a document with its history, relations and banner; lists; the Atom feed's changes. */
import type { Actor, AppContext } from '../../../context.ts';
import { badRequest } from '../../../errors.ts';
import { addDays, isIsoDate } from '../../../lib/time.ts';
import { matchingRefIds } from '../../search/service.ts';
import { cleanDocNumberInput, CLOSE_BRACKETS, OPEN_BRACKETS, parseDocNumber } from '../docnumber.ts';
import {
  EVENT_KINDS,
  RELATION_KINDS,
  STATUSES,
  statusOn,
  type EventKind,
  type RelationKind,
  type Status,
} from '../model.ts';
import {
  queryDocuments,
  selectDocumentOrgIds,
  selectEvents,
  selectInterpretations,
  selectRecentLibraryEvents,
  selectRelations,
} from '../store.ts';
import {
  mayEdit,
  orgMap,
  today,
  toInterpretationView,
  toView,
  visibilityFor,
  visibleRow,
  type DocumentDetail,
  type HistoryEntry,
  type NormativeDocumentView,
} from './views.ts';

export async function getDocumentView(
  ctx: AppContext,
  actor: Actor,
  id: number,
  date?: string,
): Promise<NormativeDocumentView> {
  const d = await getDocumentDetail(ctx, actor, id, date);
  const { body: _b, history: _h, relations: _r, interpretations: _i, banner: _bn, canEdit: _c, ...view } = d;
  return view;
}

/** A document with its history, relations (both sides), interpretations and banner, as on `date` (default today). */
export async function getDocumentDetail(
  ctx: AppContext,
  actor: Actor,
  id: number,
  date?: string,
): Promise<DocumentDetail> {
  const row = await visibleRow(ctx, actor, id);
  const on = date ?? today(ctx);
  const orgIds = (await selectDocumentOrgIds(ctx.db, [id])).get(id) ?? [];
  const events = await selectEvents(ctx.db, id);
  const st = statusOn(events, on);
  const view = toView(row, orgIds, await orgMap(ctx.db), st.status, on);
  const publicOnly = (await visibilityFor(ctx.db, actor)).libraryOnly;
  const relations = (await selectRelations(ctx.db, id))
    .filter((r) => !publicOnly || r.otherInLibrary)
    .map((r) => ({
      ...r,
      label: RELATION_KINDS[r.kind as RelationKind]?.[r.outgoing ? 'forward' : 'backward'] ?? r.kind,
    }));
  // A history row names the later document by 文号; link it when that document is known (registered later too).
  const byNumber = new Map(relations.filter((r) => !r.outgoing).map((r) => [r.otherDocNumber, r.otherId]));
  const interps = (await selectInterpretations(ctx.db, [id])).map((i) =>
    toInterpretationView(i, row.published_on),
  );
  // The history reads by effective date (a change recorded late, or back-dated, takes its place in time), then as recorded.
  const byEffectiveDate = [...events].sort(
    (x, y) => x.effectiveOn.localeCompare(y.effectiveOn) || x.id - y.id,
  );
  const history: HistoryEntry[] = byEffectiveDate.map((e) => ({
    id: e.id,
    kind: e.kind,
    label: EVENT_KINDS[e.kind],
    effectiveOn: e.effectiveOn,
    endsOn: e.endsOn ?? null,
    byDocumentId: e.byDocumentId ?? (e.byDocNumber ? (byNumber.get(e.byDocNumber) ?? null) : null),
    byDocNumber: e.byDocNumber ?? null,
    articles: e.articles ?? null,
    note: e.note ?? null,
    recordedAt: e.recordedAt,
    actorName: e.actorName,
  }));
  let banner: DocumentDetail['banner'] = null;
  if (st.status === 'amended' || st.status === 'repealed' || st.status === 'expired') {
    const kinds =
      st.status === 'amended'
        ? ['amends']
        : st.status === 'repealed'
          ? ['repeals', 'supersedes']
          : ['supersedes'];
    // What replaced it as of `on`: a later amendment is not yet shown on an earlier date.
    const links = relations
      .filter((r) => !r.outgoing && kinds.includes(r.kind) && (r.effectiveOn == null || r.effectiveOn <= on))
      .map((r) => ({ id: r.otherId, docNumber: r.otherDocNumber, title: r.otherTitle, label: r.label }));
    const byText = [
      ...new Set(
        events
          .filter(
            (e) =>
              e.kind === (st.status === 'amended' ? 'amended' : 'repealed') &&
              e.effectiveOn <= on &&
              !links.some((l) => l.docNumber === e.byDocNumber),
          )
          .map((e) => e.byDocNumber)
          .filter(Boolean),
      ),
    ];
    const text =
      st.status === 'amended'
        ? `本文件已于 ${st.since} 起被修改，修改后继续有效。${byText.length ? `修改文件：${byText.join('、')}。` : ''}`
        : st.status === 'repealed'
          ? `本文件已于 ${st.since} 起废止，不再执行。${byText.length ? `废止文件：${byText.join('、')}。` : ''}`
          : `本文件有效期已于 ${addDays(st.since!, -1)} 届满，自 ${st.since} 起失效。`;
    banner = { status: st.status, text, links };
  }
  return {
    ...view,
    body: row.body,
    history,
    relations,
    interpretations: interps,
    banner,
    canEdit: actor.kind !== 'public' && (await mayEdit(ctx.db, actor, orgIds)),
  };
}

export interface LibraryFilter {
  orgId?: number;
  year?: number;
  status?: Status;
  subject?: string;
  /** Words of the title, 文号 or full text; a full 文号 in any bracket style matches exactly. */
  q?: string;
  /** Only documents in force on this date; statuses are then given as of it. */
  inForceOn?: string;
  /** Changed since this date (Beijing), for incremental export. */
  since?: string;
  page?: number;
  pageSize?: number;
}

/** Normalises free text for matching 文号: any bracket → 〔〕, full-width digits → ASCII, no spaces. */
export function normalizeSearchText(q: string): string {
  const s = cleanDocNumberInput(q);
  return [...s]
    .map((ch) => (OPEN_BRACKETS.includes(ch) ? '〔' : CLOSE_BRACKETS.includes(ch) ? '〕' : ch))
    .join('');
}

/** Lists the library: the public sees documents in the library; staff also their orgs' drafts. */
export async function listDocuments(
  ctx: AppContext,
  actor: Actor,
  filter: LibraryFilter,
): Promise<{ items: NormativeDocumentView[]; total: number; page: number; pageSize: number; date: string }> {
  const fields: Record<string, string> = {};
  if (filter.inForceOn && !isIsoDate(filter.inForceOn))
    fields.inForceOn = '日期无效，格式应为 YYYY-MM-DD，如 2022-03-01';
  if (filter.since && !isIsoDate(filter.since)) fields.since = '日期格式应为 YYYY-MM-DD，如 2022-03-01';
  if (filter.status && !(filter.status in STATUSES)) fields.status = '状态无效';
  if (Object.keys(fields).length) throw badRequest(`查询条件有误：${Object.values(fields)[0]}`, fields);
  const date = filter.inForceOn ?? today(ctx);
  const page = Math.max(1, filter.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, filter.pageSize ?? 20));
  const text = filter.q?.trim() ? normalizeSearchText(filter.q.trim()).slice(0, 100) : undefined;
  const exact = text ? parseDocNumber(text) : null;
  const { rows, total } = await queryDocuments(ctx.db, {
    visibility: await visibilityFor(ctx.db, actor),
    orgId: filter.orgId,
    year: filter.year,
    subject: filter.subject || undefined,
    status: filter.status,
    inForce: !!filter.inForceOn,
    date,
    text: exact?.ok ? undefined : text,
    // Words in the body count too: the site's full-text index (library documents only) finds them.
    textIds:
      text && !exact?.ok
        ? await matchingRefIds(ctx.db, 'normative', filter.q!.trim().slice(0, 100))
        : undefined,
    docNumber: exact?.ok ? exact.value.normalized : undefined,
    changedSince: filter.since ? new Date(`${filter.since}T00:00:00+08:00`).toISOString() : undefined,
    page,
    pageSize,
  });
  const orgIds = await selectDocumentOrgIds(
    ctx.db,
    rows.map((r) => r.id),
  );
  const orgs = await orgMap(ctx.db);
  return {
    items: rows.map((r) =>
      toView(r, orgIds.get(r.id) ?? [], orgs, (r.status_on as Status | null) ?? 'pending', date),
    ),
    total,
    page,
    pageSize,
    date,
  };
}

/** Documents in force on a date with their status then (the point-in-time question), all pages. */
export async function documentsInForceOn(
  ctx: AppContext,
  actor: Actor,
  date: string,
): Promise<NormativeDocumentView[]> {
  const out: NormativeDocumentView[] = [];
  for (let page = 1; ; page++) {
    const r = await listDocuments(ctx, actor, { inForceOn: date, page, pageSize: 200 });
    out.push(...r.items);
    if (out.length >= r.total || r.items.length === 0) return out;
  }
}

/** Changes to the library (history rows of library documents), newest first, for the Atom feed. */
export async function recentChanges(ctx: AppContext, limit = 50) {
  const rows = await selectRecentLibraryEvents(ctx.db, limit);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as EventKind,
    label: EVENT_KINDS[r.kind as EventKind] ?? r.kind,
    effectiveOn: r.effective_on,
    recordedAt: r.recorded_at,
    byDocNumber: r.by_doc_number,
    articles: r.articles,
    documentId: r.document_id,
    docNumber: r.doc_number,
    title: r.title,
    isSample: r.is_sample === 1,
  }));
}
