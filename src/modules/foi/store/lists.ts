/** Queries over many applications: the filtered list, cases touched by a calendar change, the same applicant's cases. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type { OrgScope } from '../../org/model.ts';
import type { FoiStatus } from '../model.ts';
import type { OutcomeCode } from '../outcomes.ts';
import { applicationRow } from './applications.ts';

export interface ListFilter {
  orgId?: number;
  status?: FoiStatus | 'open';
  overdue?: boolean;
  year?: number;
  /** For "overdue": the current Shanghai date. */
  today: string;
  page: number;
  pageSize: number;
  /** Order: by due date (dashboards) or newest first. */
  order?: 'due' | 'newest';
}

/** Open statuses as SQL literals: they must match the partial indexes' predicate text (migration 20261125110000). */
const OPEN = ['processing', 'correction_pending', 'consultation', 'fee_pending'].map((s) => sql.lit(s));

/** Filtered, org-scoped, paged list. */
export async function selectApplications(db: Kysely<DB>, scope: OrgScope, f: ListFilter) {
  let q = db.selectFrom('foi_applications');
  if (!scope.all)
    q = scope.orgIds.length ? q.where('org_id', 'in', scope.orgIds) : q.where(sql<boolean>`1 = 0`);
  if (f.orgId) q = q.where('org_id', '=', f.orgId);
  if (f.status === 'open') q = q.where('status', 'in', OPEN);
  else if (f.status && /^[a-z_]+$/.test(f.status)) q = q.where('status', '=', sql.lit(f.status)); // a literal, so the partial index on awaiting_confirmation matches
  if (f.overdue) q = q.where('status', 'in', OPEN).where('due_date', '<', f.today);
  if (f.year) q = q.where('year', '=', f.year);
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  let rq = q.selectAll();
  rq = f.order === 'due' ? rq.orderBy('due_date').orderBy('id') : rq.orderBy('id', 'desc');
  const rows = await rq
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { rows: rows.map(applicationRow), total: Number(total) };
}

/** Ids of open (or awaiting) cases whose receipt date or due date falls in one of the years. */
export async function selectOpenIdsTouchingYears(db: Kysely<DB>, years: number[]): Promise<number[]> {
  if (!years.length) return [];
  const min = `${Math.min(...years)}-01-01`;
  const max = `${Math.max(...years)}-12-31`;
  const rows = await db
    .selectFrom('foi_applications')
    .select('id')
    .where('status', 'in', OPEN)
    .where((eb) =>
      eb.or([
        eb.and([eb('received_on', '>=', min), eb('received_on', '<=', max)]),
        eb.and([eb('due_date', '>=', min), eb('due_date', '<=', max)]),
        eb('due_date', '>', max),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Number of this applicant's applications received in the same calendar month up to and including this one. */
export async function countApplicantMonth(
  db: Kysely<DB>,
  applicantKey: string,
  receivedOn: string,
  id: number,
): Promise<number> {
  const month = receivedOn.slice(0, 7);
  const r = await db
    .selectFrom('foi_applications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('applicant_key', '=', applicantKey)
    .where('received_on', '>=', `${month}-01`)
    .where('received_on', '<=', `${month}-31`)
    .where((eb) =>
      eb.or([
        eb('received_on', '<', receivedOn),
        eb.and([eb('received_on', '=', receivedOn), eb('id', '<=', id)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A case that may be the same applicant's (matched on the keyed ID or phone hash). */
export interface SameApplicantRow {
  id: number;
  number: string;
  orgId: number;
  applicantName: string;
  description: string;
  docNumber: string;
  docTitle: string;
  submittedAt: string;
  receivedOn: string | null;
  status: FoiStatus;
  outcome: OutcomeCode | null;
  closedOn: string | null;
  byId: boolean;
  byPhone: boolean;
}

/**
 * The applications whose keyed ID hash or phone hash equals the given ones (never '' or null), other
 * than `excludeId`, submitted before `before` — the newest first, at most `limit`.
 */
export async function selectSameApplicant(
  db: Kysely<DB>,
  keys: { idKey: string; phoneKey: string },
  opts: { excludeId: number; before: string; orgIds: number[] | null; limit: number },
): Promise<SameApplicantRow[]> {
  const ors = [
    keys.idKey && (['id_key', keys.idKey] as const),
    keys.phoneKey && (['phone_key', keys.phoneKey] as const),
  ].filter((x): x is readonly ['id_key' | 'phone_key', string] => !!x);
  if (!ors.length) return [];
  let q = db
    .selectFrom('foi_applications')
    .select([
      'id',
      'number',
      'org_id',
      'applicant_name',
      'description',
      'doc_number',
      'doc_title',
      'submitted_at',
      'received_on',
      'status',
      'outcome',
      'closed_on',
      'id_key',
      'phone_key',
    ])
    .where((eb) => eb.or(ors.map(([col, v]) => eb(col, '=', v))))
    .where('id', '!=', opts.excludeId)
    .where('submitted_at', '<=', opts.before);
  if (opts.orgIds)
    q = opts.orgIds.length ? q.where('org_id', 'in', opts.orgIds) : q.where(sql<boolean>`1 = 0`);
  const rows = await q.orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    orgId: r.org_id,
    applicantName: r.applicant_name,
    description: r.description,
    docNumber: r.doc_number,
    docTitle: r.doc_title,
    submittedAt: r.submitted_at,
    receivedOn: r.received_on,
    status: r.status as FoiStatus,
    outcome: r.outcome as OutcomeCode | null,
    closedOn: r.closed_on,
    byId: !!keys.idKey && r.id_key === keys.idKey,
    byPhone: !!keys.phoneKey && r.phone_key === keys.phoneKey,
  }));
}

/** The cases closed as repeats of this one (duplicate_of = id): number and id. */
export async function selectDuplicatesOf(
  db: Kysely<DB>,
  id: number,
): Promise<{ id: number; number: string; closedOn: string | null }[]> {
  const rows = await db
    .selectFrom('foi_applications')
    .select(['id', 'number', 'closed_on'])
    .where('duplicate_of', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, number: r.number, closedOn: r.closed_on }));
}

/** The clock fields of some applications (recompute after a calendar change). */
export async function selectClockFields(db: Kysely<DB>, ids: number[]) {
  return db
    .selectFrom('foi_applications')
    .select(['id', 'received_on', 'due_date', 'provisional', 'status'])
    .where('id', 'in', ids)
    .execute();
}

/** Sets one new due date (and whether it is provisional) on several applications. */
export async function updateDueDates(
  db: Kysely<DB>,
  ids: number[],
  due: string | null,
  provisional: number,
  at: string,
): Promise<void> {
  await db
    .updateTable('foi_applications')
    .set({ due_date: due, provisional, updated_at: at })
    .where('id', 'in', ids)
    .execute();
}

/** Open cases due on or before `horizon` (reminders; overdue ones included). */
export async function selectDueBy(db: Kysely<DB>, openStatuses: readonly string[], horizon: string) {
  return db
    .selectFrom('foi_applications')
    .select(['id', 'number', 'org_id', 'handler_id', 'due_date', 'provisional'])
    .where('status', 'in', openStatuses)
    .where('due_date', '<=', horizon)
    .execute();
}

/** Cases still in processing received on or after `since` (the correction-notice reminder). */
export async function selectProcessingSince(db: Kysely<DB>, since: string) {
  return db
    .selectFrom('foi_applications')
    .select(['id', 'number', 'org_id', 'handler_id', 'received_on'])
    .where('status', '=', 'processing')
    .where('received_on', '>=', since)
    .execute();
}

/** Cases paused for a correction or a fee payment. */
export async function selectPaused(db: Kysely<DB>) {
  return db
    .selectFrom('foi_applications')
    .select(['id', 'number', 'org_id', 'handler_id', 'received_on', 'status'])
    .where('status', 'in', ['correction_pending', 'fee_pending'])
    .execute();
}

/** How many applications there are, in every org. */
export async function countAllApplications(db: Kysely<DB>): Promise<number> {
  const { n } = await db
    .selectFrom('foi_applications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
