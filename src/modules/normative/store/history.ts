/** Queries on a document's status history and what is derived from it (periods, in-force spans). */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../../db/types.ts';
import {
  forceSpans,
  spanBuckets,
  statusPeriods,
  type EventKind,
  type Status,
  type StatusEvent,
  type StatusPeriod,
} from '../model.ts';
import type { NormativeStatusEventTable } from '../tables.ts';
import { selectDocumentOrgIds } from './documents.ts';

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

/**
 * Amendments and repeals recorded "by" a 文号 before a document with that 文号 was registered (no
 * `by_document_id`), oldest first: the new document then gets their relation.
 */
export async function selectEventsNamingUnregistered(db: Kysely<DB>, docNumber: string) {
  return db
    .selectFrom('normative_status_events')
    .select(['document_id', 'kind', 'effective_on', 'articles'])
    .where('by_doc_number', '=', docNumber)
    .where('by_document_id', 'is', null)
    .where('kind', 'in', ['amended', 'repealed'])
    .orderBy('id')
    .execute();
}

/** History rows of library documents, newest recorded first (the Atom feed). */
export async function selectRecentLibraryEvents(db: Kysely<DB>, limit: number) {
  return db
    .selectFrom('normative_status_events as e')
    .innerJoin('normative_documents as d', 'd.id', 'e.document_id')
    .select([
      'e.id',
      'e.kind',
      'e.effective_on',
      'e.recorded_at',
      'e.by_doc_number',
      'e.articles',
      'd.id as document_id',
      'd.doc_number',
      'd.title',
      'd.is_sample',
    ])
    .where('d.in_library', '=', 1)
    .orderBy('e.recorded_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}

/** The derived status periods of documents, by document, oldest first. */
export async function selectPeriods(db: Kysely<DB>, ids: number[]): Promise<Map<number, StatusPeriod[]>> {
  const out = new Map<number, StatusPeriod[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('normative_status_periods')
    .select(['document_id', 'status', 'from_on', 'to_on', 'event_id'])
    .where('document_id', 'in', ids)
    .orderBy('from_on')
    .execute();
  for (const p of rows)
    out.get(p.document_id)?.push({
      status: p.status as StatusPeriod['status'],
      fromOn: p.from_on,
      toOn: p.to_on,
      eventId: p.event_id,
    });
  return out;
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
