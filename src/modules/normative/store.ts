/** Queries on the normative-document tables; nothing else touches them. `db` first: a transaction fits too. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  forceSpans,
  IN_FORCE,
  spanBuckets,
  statusPeriods,
  type EventKind,
  type Status,
  type StatusEvent,
  type StatusPeriod,
} from './model.ts';
import type {
  NormativeDocumentTable,
  NormativeInterpretationTable,
  NormativeStatusEventTable,
} from './tables.ts';

export type DocumentRow = Selectable<NormativeDocumentTable>;
export type InterpretationRow = Selectable<NormativeInterpretationTable>;

export function eventRowToEvent(
  r: Selectable<NormativeStatusEventTable>,
): StatusEvent & { recordedAt: string; actorName: string } {
  return {
    id: r.id,
    kind: r.kind as EventKind,
    effectiveOn: r.effective_on,
    endsOn: r.ends_on,
    byDocumentId: r.by_document_id,
    byDocNumber: r.by_doc_number,
    articles: r.articles,
    note: r.note,
    recordedAt: r.recorded_at,
    actorName: r.actor_name,
  };
}

export async function selectDocumentRow(db: Kysely<DB>, id: number): Promise<DocumentRow | undefined> {
  return db.selectFrom('normative_documents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectDocumentRowByNumber(
  db: Kysely<DB>,
  docNumber: string,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('normative_documents')
    .selectAll()
    .where('doc_number', '=', docNumber)
    .executeTakeFirst();
}

/** The document a content item carries (its library record), if any. */
export async function selectDocumentRowByItem(
  db: Kysely<DB>,
  itemId: number,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('normative_documents')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('id')
    .executeTakeFirst();
}

/** Issuing org ids per document, lead first. */
export async function selectDocumentOrgIds(db: Kysely<DB>, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('normative_document_orgs')
    .select(['document_id', 'org_id'])
    .where('document_id', 'in', ids)
    .orderBy('document_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.set(r.document_id, [...(out.get(r.document_id) ?? []), r.org_id]);
  return out;
}

export async function replaceDocumentOrgs(
  db: Kysely<DB>,
  documentId: number,
  orgIds: number[],
): Promise<void> {
  await db.deleteFrom('normative_document_orgs').where('document_id', '=', documentId).execute();
  await db
    .insertInto('normative_document_orgs')
    .values(orgIds.map((org_id, position) => ({ document_id: documentId, org_id, position })))
    .execute();
}

export async function selectEvents(db: Kysely<DB>, documentId: number) {
  const rows = await db
    .selectFrom('normative_status_events')
    .selectAll()
    .where('document_id', '=', documentId)
    .orderBy('id')
    .execute();
  return rows.map(eventRowToEvent);
}

/**
 * Appends one history row and rebuilds the document's derived periods and cached status — all in
 * the caller's transaction. History rows are never updated or deleted.
 */
export async function appendEvent(
  trx: Kysely<DB>,
  documentId: number,
  e: Omit<StatusEvent, 'id'> & { recordedAt: string; actorName: string },
): Promise<number> {
  const { id } = await trx
    .insertInto('normative_status_events')
    .values({
      document_id: documentId,
      kind: e.kind,
      effective_on: e.effectiveOn,
      ends_on: e.endsOn ?? null,
      by_document_id: e.byDocumentId ?? null,
      by_doc_number: e.byDocNumber ?? null,
      articles: e.articles ?? null,
      note: e.note ?? null,
      recorded_at: e.recordedAt,
      actor_name: e.actorName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await rebuildPeriods(trx, documentId, e.recordedAt);
  return id;
}

/** Recomputes a document's periods from its history (model.ts) and caches the latest status and end date. */
export async function rebuildPeriods(trx: Kysely<DB>, documentId: number, at: string): Promise<void> {
  const events = await selectEvents(trx, documentId);
  const periods = statusPeriods(events);
  await trx.deleteFrom('normative_status_periods').where('document_id', '=', documentId).execute();
  if (periods.length) {
    await trx
      .insertInto('normative_status_periods')
      .values(
        periods.map((p) => ({
          document_id: documentId,
          status: p.status,
          from_on: p.fromOn,
          to_on: p.toOn,
          event_id: p.eventId,
        })),
      )
      .execute();
  }
  await rebuildSpans(trx, documentId, periods);
  // Cached status = that of the latest recorded row; an expiry that follows from the end date alone
  // waits for the expiry job's row (point-in-time answers never read this column).
  const last = [...periods].reverse().find((p) => p.eventId != null);
  // The current validity period: that of the latest registration or renewal.
  const period = [...events].reverse().find((e) => e.kind === 'registered' || e.kind === 'renewed');
  await trx
    .updateTable('normative_documents')
    .set({ status: last?.status ?? 'pending', ends_on: period?.endsOn ?? null, updated_at: at })
    .where('id', '=', documentId)
    .execute();
}

/**
 * Rebuilds the derived in-force spans of a document and their per-org copy (after a history row, a
 * change of issuing orgs or of library visibility). Other policy documents (not 行政规范性文件)
 * have none: they never answer "in force on D".
 */
export async function rebuildSpans(
  trx: Kysely<DB>,
  documentId: number,
  periods?: StatusPeriod[],
): Promise<void> {
  const doc = await trx
    .selectFrom('normative_documents')
    .select(['in_library', 'published_on', 'is_normative'])
    .where('id', '=', documentId)
    .executeTakeFirstOrThrow();
  await trx.deleteFrom('normative_force_spans').where('document_id', '=', documentId).execute();
  await trx.deleteFrom('normative_org_force_spans').where('document_id', '=', documentId).execute();
  if (doc.is_normative !== 1) return;
  const ps = periods ?? statusPeriods(await selectEvents(trx, documentId));
  const rows = forceSpans(ps).flatMap((s) =>
    spanBuckets(s).map((bucket_year) => ({
      document_id: documentId,
      bucket_year,
      from_on: s.fromOn,
      to_on: s.toOn,
      in_library: doc.in_library,
      published_on: doc.published_on ?? '',
    })),
  );
  if (rows.length === 0) return;
  await trx.insertInto('normative_force_spans').values(rows).execute();
  const orgIds = (await selectDocumentOrgIds(trx, [documentId])).get(documentId) ?? [];
  if (orgIds.length)
    await trx
      .insertInto('normative_org_force_spans')
      .values(orgIds.flatMap((org_id) => rows.map((r) => ({ ...r, org_id }))))
      .execute();
}

/** Status of each document on a date (from the derived periods); absent = not yet in force. */
export async function selectStatusesOn(
  db: Kysely<DB>,
  ids: number[],
  date: string,
): Promise<Map<number, Status>> {
  const out = new Map<number, Status>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('normative_status_periods')
    .select(['document_id', 'status'])
    .where('document_id', 'in', ids)
    .where('from_on', '<=', date)
    .where('to_on', '>', date)
    .execute();
  for (const r of rows) out.set(r.document_id, r.status as Status);
  return out;
}

export interface DocumentQuery {
  /** Only documents in the public library, or also drafts of these orgs (staff). */
  visibility: { libraryOnly: true } | { libraryOnly: false; draftOrgIds: number[] | 'all' };
  orgId?: number;
  year?: number;
  subject?: string;
  /** Status on `date`. */
  status?: Status;
  /** Only documents in force on `date`. */
  inForce?: boolean;
  /** The date the status is evaluated on (inForceOn, or today). */
  date: string;
  /** Title or 文号 contains (already normalised for brackets and digits)… */
  text?: string;
  /** …or the document is one of these (found by the site's full-text index). */
  textIds?: number[];
  /** Exact normalised 文号. */
  docNumber?: string;
  /** Changed on or after this instant (ISO). */
  changedSince?: string;
  page: number;
  pageSize: number;
}

/** Escapes LIKE wildcards. */
const likeArg = (s: string) => `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/** Title or 文号 contains the text, or the full-text index found the document. */
function textMatch(q: DocumentQuery) {
  const arg = likeArg(q.text!);
  const found = q.textIds?.length ? sql` or d.id in (${sql.join(q.textIds)})` : sql``;
  return sql<boolean>`(d.title like ${arg} escape '\\' or d.doc_number like ${arg} escape '\\'${found})`;
}

function filtered(db: Kysely<DB>, q: DocumentQuery) {
  let b = db
    .selectFrom('normative_documents as d')
    .leftJoin('normative_status_periods as p', (j) =>
      j.onRef('p.document_id', '=', 'd.id').on('p.from_on', '<=', q.date).on('p.to_on', '>', q.date),
    );
  // Other policy documents (rules.md §5, counted in the 解读率 only) are never library entries.
  b = b.where('d.is_normative', '=', 1);
  if (q.visibility.libraryOnly) b = b.where('d.in_library', '=', 1);
  else if (q.visibility.draftOrgIds !== 'all') {
    const ids = q.visibility.draftOrgIds;
    b = b.where((eb) =>
      eb.or([
        eb('d.in_library', '=', 1),
        ...(ids.length
          ? [
              eb.exists(
                eb
                  .selectFrom('normative_document_orgs as vo')
                  .select('vo.org_id')
                  .whereRef('vo.document_id', '=', 'd.id')
                  .where('vo.org_id', 'in', ids),
              ),
            ]
          : []),
      ]),
    );
  }
  if (q.orgId) {
    const orgId = q.orgId;
    b = b.where((eb) =>
      eb.exists(
        eb
          .selectFrom('normative_document_orgs as o')
          .select('o.org_id')
          .whereRef('o.document_id', '=', 'd.id')
          .where('o.org_id', '=', orgId),
      ),
    );
  }
  if (q.year) b = b.where('d.doc_year', '=', q.year);
  if (q.subject) b = b.where('d.subject', '=', q.subject);
  if (q.inForce) b = b.where('p.status', 'in', [...IN_FORCE]);
  if (q.status === 'pending') b = b.where('p.status', 'is', null);
  else if (q.status) b = b.where('p.status', '=', q.status);
  if (q.docNumber) b = b.where('d.doc_number', '=', q.docNumber);
  if (q.text) b = b.where(textMatch(q));
  if (q.changedSince) b = b.where('d.updated_at', '>=', q.changedSince);
  return b;
}

/** A page of documents with their status on `q.date`, newest first, and the total. */
export async function queryDocuments(
  db: Kysely<DB>,
  q: DocumentQuery,
): Promise<{ rows: (DocumentRow & { status_on: string | null })[]; total: number }> {
  if (q.inForce && !q.status) return queryInForce(db, q);
  const base = filtered(db, q);
  const [{ total }] = await base.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await base
    .selectAll('d')
    .select('p.status as status_on')
    .orderBy('d.published_on', 'desc')
    .orderBy('d.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { rows, total: Number(total) };
}

const spansOf = (db: Kysely<DB>) => db.selectFrom('normative_force_spans as s');

/**
 * "In force on D" through the derived spans: bucket year(D) and the open-ended bucket 0 are read in
 * index order (newest first) and merged, so a page costs about its own size and the count is an
 * index-only scan of one year's spans.
 */
async function queryInForce(
  db: Kysely<DB>,
  q: DocumentQuery,
): Promise<{ rows: (DocumentRow & { status_on: string | null })[]; total: number }> {
  const year = Number(q.date.slice(0, 4));
  const needsDoc = !!(
    q.year ||
    q.subject ||
    q.text ||
    q.docNumber ||
    q.changedSince ||
    (!q.visibility.libraryOnly && q.visibility.draftOrgIds !== 'all')
  );
  const bucket = (b: number) => {
    // One issuing org: its own copy of the spans, read through the index led by (org_id, bucket_year),
    // so the count and the page cost the org's answer, not the whole year's.
    let x = (q.orgId
      ? db.selectFrom('normative_org_force_spans as s').where('s.org_id', '=', q.orgId)
      : db.selectFrom('normative_force_spans as s')
    )
      .where('s.bucket_year', '=', b)
      .where('s.from_on', '<=', q.date)
      .where('s.to_on', '>', q.date) as unknown as ReturnType<typeof spansOf>;
    if (q.visibility.libraryOnly) x = x.where('s.in_library', '=', 1);
    if (!needsDoc) return x;
    let y = x.innerJoin('normative_documents as d', 'd.id', 's.document_id');
    if (!q.visibility.libraryOnly && q.visibility.draftOrgIds !== 'all') {
      const ids = q.visibility.draftOrgIds;
      y = y.where((eb) =>
        eb.or([
          eb('s.in_library', '=', 1),
          ...(ids.length
            ? [
                eb.exists(
                  eb
                    .selectFrom('normative_document_orgs as vo')
                    .select('vo.org_id')
                    .whereRef('vo.document_id', '=', 'd.id')
                    .where('vo.org_id', 'in', ids),
                ),
              ]
            : []),
        ]),
      );
    }
    if (q.year) y = y.where('d.doc_year', '=', q.year);
    if (q.subject) y = y.where('d.subject', '=', q.subject);
    if (q.docNumber) y = y.where('d.doc_number', '=', q.docNumber);
    if (q.text) y = y.where(textMatch(q));
    if (q.changedSince) y = y.where('d.updated_at', '>=', q.changedSince);
    return y as unknown as typeof x;
  };
  const want = q.page * q.pageSize;
  let total = 0;
  const candidates: { document_id: number; published_on: string }[] = [];
  for (const b of [year, 0]) {
    const [{ n }] = await bucket(b)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute();
    total += Number(n);
    if (Number(n) === 0) continue;
    candidates.push(
      ...(await bucket(b)
        .select(['s.document_id', 's.published_on'])
        .orderBy('s.published_on', 'desc')
        .orderBy('s.document_id', 'desc')
        .limit(want)
        .execute()),
    );
  }
  candidates.sort((a, b) =>
    a.published_on < b.published_on
      ? 1
      : a.published_on > b.published_on
        ? -1
        : b.document_id - a.document_id,
  );
  const pageIds = candidates.slice((q.page - 1) * q.pageSize, want).map((c) => c.document_id);
  if (pageIds.length === 0) return { rows: [], total };
  const docs = new Map(
    (await db.selectFrom('normative_documents').selectAll().where('id', 'in', pageIds).execute()).map((d) => [
      d.id,
      d,
    ]),
  );
  const statuses = await selectStatusesOn(db, pageIds, q.date);
  return { rows: pageIds.map((id) => ({ ...docs.get(id)!, status_on: statuses.get(id) ?? null })), total };
}

export interface RelationView {
  id: number;
  kind: string;
  /** Whether this document is the subject (it amends/repeals/supersedes the other). */
  outgoing: boolean;
  otherId: number;
  otherDocNumber: string;
  otherTitle: string;
  otherInLibrary: boolean;
  effectiveOn: string | null;
  articles: string | null;
}

export async function selectRelations(db: Kysely<DB>, documentId: number): Promise<RelationView[]> {
  const out = await db
    .selectFrom('normative_relations as r')
    .innerJoin('normative_documents as o', 'o.id', 'r.to_document_id')
    .select([
      'r.id',
      'r.kind',
      'r.effective_on',
      'r.articles',
      'o.id as other_id',
      'o.doc_number',
      'o.title',
      'o.in_library',
    ])
    .where('r.from_document_id', '=', documentId)
    .orderBy('r.id')
    .execute();
  const inc = await db
    .selectFrom('normative_relations as r')
    .innerJoin('normative_documents as o', 'o.id', 'r.from_document_id')
    .select([
      'r.id',
      'r.kind',
      'r.effective_on',
      'r.articles',
      'o.id as other_id',
      'o.doc_number',
      'o.title',
      'o.in_library',
    ])
    .where('r.to_document_id', '=', documentId)
    .orderBy('r.id')
    .execute();
  const map =
    (outgoing: boolean) =>
    (r: (typeof out)[number]): RelationView => ({
      id: r.id,
      kind: r.kind,
      outgoing,
      otherId: r.other_id,
      otherDocNumber: r.doc_number,
      otherTitle: r.title,
      otherInLibrary: r.in_library === 1,
      effectiveOn: r.effective_on,
      articles: r.articles,
    });
  return [...out.map(map(true)), ...inc.map(map(false))];
}

export async function insertRelation(
  db: Kysely<DB>,
  r: {
    from: number;
    to: number;
    kind: string;
    effectiveOn: string | null;
    articles: string | null;
    at: string;
  },
) {
  await db
    .insertInto('normative_relations')
    .values({
      from_document_id: r.from,
      to_document_id: r.to,
      kind: r.kind,
      effective_on: r.effectiveOn,
      articles: r.articles,
      created_at: r.at,
    })
    .execute();
}

export async function selectInterpretations(
  db: Kysely<DB>,
  documentIds: number[],
): Promise<InterpretationRow[]> {
  if (documentIds.length === 0) return [];
  return db
    .selectFrom('normative_interpretations')
    .selectAll()
    .where('document_id', 'in', documentIds)
    .orderBy('published_on')
    .orderBy('id')
    .execute();
}

/** Next 索引号 sequence number for an org code and year (the counter row is locked by the update). */
export async function nextIndexSeq(trx: Kysely<DB>, orgCode: string, year: number): Promise<number> {
  await trx
    .insertInto('normative_index_counters')
    .values({ org_code: orgCode, year, last_seq: 0 })
    .onConflict((oc) => oc.columns(['org_code', 'year']).doNothing())
    .execute();
  const r = await trx
    .updateTable('normative_index_counters')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('org_code', '=', orgCode)
    .where('year', '=', year)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return r.last_seq;
}

export async function getSetting(db: Kysely<DB>, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function putSetting(db: Kysely<DB>, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/**
 * Documents needing interpretation published in a year (rules.md §5), with their issuing orgs:
 * library documents, and other policy documents that were published and not withdrawn.
 */
export async function selectRateDocuments(db: Kysely<DB>, year: number) {
  return db
    .selectFrom('normative_documents as d')
    .innerJoin('normative_document_orgs as o', 'o.document_id', 'd.id')
    .select(['d.id', 'd.doc_number', 'd.title', 'd.published_on', 'd.is_normative', 'o.org_id'])
    .where((eb) =>
      eb.or([
        eb('d.in_library', '=', 1),
        eb.and([eb('d.is_normative', '=', 0), eb('d.withdrawn_at', 'is', null)]),
      ]),
    )
    .where('d.published_on', '>=', `${year}-01-01`)
    .where('d.published_on', '<=', `${year}-12-31`)
    .orderBy('d.published_on')
    .orderBy('d.id')
    .execute();
}

/**
 * Expiries that follow from an end date alone, with no 已失效 row yet (model.ts `statusPeriods`),
 * beginning within [from, to] — the day after the last day of a period in force, whatever is
 * recorded for later dates (a repeal from after that day, say). `toOn` is when the next recorded
 * change takes over ('9999-12-31' when none).
 */
export async function selectUnrecordedExpiries(
  db: Kysely<DB>,
  from: string,
  to: string,
  documentId?: number,
) {
  let q = db
    .selectFrom('normative_status_periods as p')
    .innerJoin('normative_documents as d', 'd.id', 'p.document_id')
    .select([
      'd.id',
      'd.doc_number',
      'd.title',
      'd.ends_on',
      'd.in_library',
      'd.is_normative',
      'p.from_on as expiresOn',
      'p.to_on as toOn',
    ])
    .where('p.status', '=', 'expired')
    .where('p.event_id', 'is', null)
    .where('p.from_on', '>=', from)
    .where('p.from_on', '<=', to);
  if (documentId !== undefined) q = q.where('d.id', '=', documentId);
  return q.orderBy('p.from_on').orderBy('d.id').execute();
}

/** Library documents with a status period starting within (from, to] (changes taking effect). */
export async function selectLibraryDocumentsChangingBetween(
  db: Kysely<DB>,
  from: string,
  to: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('normative_status_periods as p')
    .innerJoin('normative_documents as d', 'd.id', 'p.document_id')
    .select('p.document_id')
    .distinct()
    .where('d.in_library', '=', 1)
    .where('p.from_on', '>', from)
    .where('p.from_on', '<=', to)
    .orderBy('p.document_id')
    .execute();
  return rows.map((r) => r.document_id);
}

// ---------------------------------------------------------------- for the content module (appended by shape-content)

/** The document holding this 索引号, if any. */
export async function selectDocumentRowByIndexNumber(
  db: Kysely<DB>,
  indexNumber: string,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('normative_documents')
    .selectAll()
    .where('index_number', '=', indexNumber)
    .executeTakeFirst();
}
