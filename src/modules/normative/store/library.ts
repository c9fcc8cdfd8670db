/** The library's list queries: filters, the point-in-time question, the interpretation rate, 表二. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import { IN_FORCE, type Status } from '../model.ts';
import type { DocumentRow } from './documents.ts';
import { selectStatusesOn } from './history.ts';

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

/** Library documents led by one of the orgs, for 表二 (oldest written first). */
export async function selectReportDocuments(db: Kysely<DB>, orgIds: number[]) {
  return db
    .selectFrom('normative_documents')
    .select(['id', 'lead_org_id', 'written_on'])
    .where('in_library', '=', 1)
    .where('lead_org_id', 'in', orgIds)
    .orderBy('written_on')
    .orderBy('id')
    .execute();
}

/** The facts of 表二's drill-down for some documents. */
export async function selectReportCellRows(db: Kysely<DB>, ids: number[]) {
  return db
    .selectFrom('normative_documents')
    .select(['id', 'doc_number', 'title', 'written_on', 'effective_on', 'lead_org_id'])
    .where('id', 'in', ids)
    .execute();
}
