/** Queries on the FOI tables; nothing else touches them. Every function takes `db` first (a transaction or not). */
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { OrgScope } from '../org/model.ts';
import type { CaseEvent, FoiStatus, LetterKind } from './model.ts';
import type { ApplicantType, Channel, OutcomeCode, ReviewResult } from './outcomes.ts';
import { resultAsOf } from './model.ts';
import type { FoiApplicationTable, FoiLetterTable, FoiReviewResultTable, FoiReviewTable } from './tables.ts';
import { blindIndex, open, seal } from '../../lib/datakeys.ts';
import { applicantKey } from './model.ts';
import { applicantIndexes } from './similar.ts';

/** An application as the rest of the code sees it (never a raw row). */
export interface FoiApplication {
  id: number;
  number: string;
  year: number;
  applicantType: ApplicantType;
  applicantName: string;
  /** applicant.ts ID_TYPES key, or credit_code for an organisation. */
  idType: string;
  idNumber: string;
  legalRepresentative: string;
  contactPerson: string;
  applicantKey: string;
  phone: string;
  address: string;
  email: string;
  description: string;
  docNumber: string;
  docTitle: string;
  preferredForm: string;
  delivery: string;
  channel: Channel;
  submittedAt: string;
  receivedOn: string | null;
  orgId: number;
  handlerId: number | null;
  status: FoiStatus;
  dueDate: string | null;
  provisional: boolean;
  outcome: OutcomeCode | null;
  closedOn: string | null;
  isSample: boolean;
}

export function applicationRow(r: Selectable<FoiApplicationTable>): FoiApplication {
  return {
    id: r.id,
    number: r.number,
    year: r.year,
    applicantType: r.applicant_type as ApplicantType,
    applicantName: r.applicant_name,
    idType: r.id_type,
    idNumber: open(r.applicant_id_number),
    legalRepresentative: r.legal_representative,
    contactPerson: r.contact_person,
    applicantKey: r.applicant_key,
    phone: open(r.phone),
    address: open(r.address),
    email: r.email,
    description: r.description,
    docNumber: r.doc_number,
    docTitle: r.doc_title,
    preferredForm: r.preferred_form,
    delivery: r.delivery,
    channel: r.channel as Channel,
    submittedAt: r.submitted_at,
    receivedOn: r.received_on,
    orgId: r.org_id,
    handlerId: r.handler_id,
    status: r.status as FoiStatus,
    dueDate: r.due_date,
    provisional: r.provisional === 1,
    outcome: r.outcome as OutcomeCode | null,
    closedOn: r.closed_on,
    isSample: r.is_sample === 1,
  };
}

export async function selectApplication(db: Kysely<DB>, id: number) {
  return db.selectFrom('foi_applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectApplicationByNumber(db: Kysely<DB>, number: string) {
  return db.selectFrom('foi_applications').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function selectApplicationByFormToken(db: Kysely<DB>, token: string) {
  return db.selectFrom('foi_applications').selectAll().where('form_token', '=', token).executeTakeFirst();
}

/** The next per-year sequence number (caller holds the write lock: SQLite's writer or an advisory lock). */
export async function nextSeq(db: Kysely<DB>, year: number): Promise<number> {
  const r = await db
    .selectFrom('foi_applications')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('year', '=', year)
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export type NewApplicationRow = Omit<
  Insertable<FoiApplicationTable>,
  'id' | 'id_key' | 'phone_key' | 'duplicate_of'
>;

/**
 * Personal data at rest (lib/datakeys.ts): the ID number, phone and address are sealed; the
 * applicant key (who the applicant is, for the monthly fee count) is a keyed hash of its plain form.
 */
function sealApplicant<
  T extends Pick<NewApplicationRow, 'applicant_id_number' | 'phone' | 'address' | 'applicant_name'>,
>(v: T): T & { applicant_key: string; id_key: string; phone_key: string } {
  const idNumber = open(v.applicant_id_number);
  const phone = open(v.phone);
  return {
    ...v,
    applicant_id_number: seal(idNumber),
    phone: seal(phone),
    address: seal(open(v.address)),
    applicant_key: blindIndex(applicantKey({ idNumber, applicantName: v.applicant_name, phone })),
    ...applicantIndexes(idNumber, phone),
  };
}

/**
 * Seals every application not yet under the current key (plain rows of before, rows under an older
 * key). The applicant key is rewritten with the other three, so its prefix tells which rows are done.
 */
export async function sealApplications(db: Kysely<DB>, currentKeyId: string): Promise<number> {
  const rows = await db
    .selectFrom('foi_applications')
    .select(['id', 'applicant_id_number', 'phone', 'address', 'applicant_name'])
    .where((eb) => eb.or([eb('applicant_key', 'not like', `h.${currentKeyId}.%`), eb('id_key', 'is', null)]))
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const { id, ...values } = sealApplicant(r);
    await db.updateTable('foi_applications').set(values).where('id', '=', id).execute();
  }
  return rows.length;
}

export async function insertApplication(db: Kysely<DB>, values: NewApplicationRow): Promise<number> {
  const { id } = await db
    .insertInto('foi_applications')
    .values(sealApplicant(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateApplication(
  db: Kysely<DB>,
  id: number,
  values: Updateable<FoiApplicationTable>,
): Promise<void> {
  await db.updateTable('foi_applications').set(values).where('id', '=', id).execute();
}

export interface StoredEvent {
  id: number;
  event: CaseEvent;
  actorName: string;
  at: string;
}

export async function selectEvents(db: Kysely<DB>, applicationId: number): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('foi_events')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    event: { ...JSON.parse(r.data), type: r.type, on: r.on_date } as CaseEvent,
    actorName: r.actor_name,
    at: r.at,
  }));
}

/** Events of many applications at once (recompute, reminders), grouped by application. */
export async function selectEventsFor(db: Kysely<DB>, ids: number[]): Promise<Map<number, CaseEvent[]>> {
  const out = new Map<number, CaseEvent[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    if (!chunk.length) continue;
    const rows = await db
      .selectFrom('foi_events')
      .select(['application_id', 'type', 'on_date', 'data'])
      .where('application_id', 'in', chunk)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.application_id) ?? [];
      list.push({ ...JSON.parse(r.data), type: r.type, on: r.on_date } as CaseEvent);
      out.set(r.application_id, list);
    }
  }
  return out;
}

export async function insertEvent(
  db: Kysely<DB>,
  applicationId: number,
  ev: CaseEvent,
  actorId: number | null,
  actorName: string,
  at: string,
): Promise<number> {
  const { type, on, ...data } = ev;
  const { id } = await db
    .insertInto('foi_events')
    .values({
      application_id: applicationId,
      type,
      on_date: on,
      data: JSON.stringify(data),
      actor_id: actorId,
      actor_name: actorName,
      at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertHistory(
  db: Kysely<DB>,
  applicationId: number,
  at: string,
  actorName: string,
  text: string,
): Promise<void> {
  await db
    .insertInto('foi_history')
    .values({ application_id: applicationId, at, actor_name: actorName, text })
    .execute();
}

export async function selectHistory(db: Kysely<DB>, applicationId: number) {
  const rows = await db
    .selectFrom('foi_history')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ at: r.at, actorName: r.actor_name, text: r.text }));
}

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

/** One result of a review or lawsuit, as entered (rules.md §4: later results are added, never overwritten). */
export interface FoiReviewResult {
  id: number;
  result: Exclude<ReviewResult, 'pending'>;
  resultOn: string;
  note: string;
  actorName: string;
  recordedAt: string;
  /** When a mistyped entry was last corrected, or null. */
  correctedAt: string | null;
}

export interface FoiReview {
  id: number;
  applicationId: number;
  kind: string;
  filedOn: string;
  /** The latest result (pending when there is none) and its date. */
  result: ReviewResult;
  resultOn: string | null;
  note: string;
  /** Every result, oldest first (by date, then entry). */
  results: FoiReviewResult[];
}

const resultRow = (r: Selectable<FoiReviewResultTable>): FoiReviewResult => ({
  id: r.id,
  result: r.result as FoiReviewResult['result'],
  resultOn: r.result_on,
  note: r.note,
  actorName: r.actor_name,
  recordedAt: r.recorded_at,
  correctedAt: r.corrected_at,
});

/** Results of the given reviews, oldest first, by review id. */
export async function selectReviewResults(
  db: Kysely<DB>,
  reviewIds: number[],
): Promise<Map<number, FoiReviewResult[]>> {
  const out = new Map<number, FoiReviewResult[]>(reviewIds.map((id) => [id, []]));
  if (reviewIds.length === 0) return out;
  const rows = await db
    .selectFrom('foi_review_results')
    .selectAll()
    .where('review_id', 'in', reviewIds)
    .orderBy('result_on')
    .orderBy('id')
    .execute();
  for (const r of rows) out.get(r.review_id)?.push(resultRow(r));
  return out;
}

function reviewOf(r: Selectable<FoiReviewTable>, results: FoiReviewResult[]): FoiReview {
  const latest = resultAsOf(results);
  return {
    id: r.id,
    applicationId: r.application_id,
    kind: r.kind,
    filedOn: r.filed_on,
    result: latest?.result ?? 'pending',
    resultOn: latest?.resultOn ?? null,
    note: r.note,
    results,
  };
}

export async function selectReviews(db: Kysely<DB>, applicationId: number): Promise<FoiReview[]> {
  const rows = await db
    .selectFrom('foi_reviews')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
  const results = await selectReviewResults(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => reviewOf(r, results.get(r.id) ?? []));
}

export async function selectReview(db: Kysely<DB>, id: number): Promise<FoiReview | undefined> {
  const r = await db.selectFrom('foi_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  return r && reviewOf(r, (await selectReviewResults(db, [r.id])).get(r.id) ?? []);
}

export async function selectLetterBlocks(db: Kysely<DB>, orgId: number): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('foi_letter_blocks')
    .select(['kind', 'block', 'text'])
    .where('org_id', '=', orgId)
    .execute();
  return Object.fromEntries(rows.map((r) => [`${r.kind}.${r.block}`, r.text]));
}

export async function upsertLetterBlock(
  db: Kysely<DB>,
  orgId: number,
  kind: string,
  block: string,
  text: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('foi_letter_blocks')
    .values({ org_id: orgId, kind, block, text, updated_at: at })
    .onConflict((oc) => oc.columns(['org_id', 'kind', 'block']).doUpdateSet({ text, updated_at: at }))
    .execute();
}

export async function deleteLetterBlock(
  db: Kysely<DB>,
  orgId: number,
  kind: string,
  block: string,
): Promise<void> {
  await db
    .deleteFrom('foi_letter_blocks')
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('block', '=', block)
    .execute();
}

// ---------------------------------------------------------------- letters as issued

/** A stored letter: what was sent, with its 文号 and date (content is letters/templates.ts Letter). */
export interface StoredLetter {
  id: number;
  applicationId: number;
  eventId: number;
  orgId: number;
  kind: LetterKind;
  docNumber: string;
  issuedOn: string;
  content: string;
}

const storedLetter = (r: Selectable<FoiLetterTable>): StoredLetter => ({
  id: r.id,
  applicationId: r.application_id,
  eventId: r.event_id,
  orgId: r.org_id,
  kind: r.kind as LetterKind,
  docNumber: r.doc_number,
  issuedOn: r.issued_on,
  content: r.content,
});

/** The next 文号 sequence of an org in a year (caller holds the write lock, as for application numbers). */
export async function nextLetterSeq(db: Kysely<DB>, orgId: number, year: number): Promise<number> {
  const r = await db
    .selectFrom('foi_letters')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function insertLetter(db: Kysely<DB>, values: Omit<FoiLetterTable, 'id'>): Promise<number> {
  const { id } = await db.insertInto('foi_letters').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** A case's letters in the order issued. */
export async function selectLetters(db: Kysely<DB>, applicationId: number): Promise<StoredLetter[]> {
  const rows = await db
    .selectFrom('foi_letters')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
  return rows.map(storedLetter);
}
