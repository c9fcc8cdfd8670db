/** Queries on applications themselves: one case by id, number or form token; numbering; sealing; writes. */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { lockUntilCommit } from '../../../db/index.ts';
import type { DB } from '../../../db/types.ts';
import { blindIndex, open, seal } from '../../../lib/datakeys.ts';
import { applicantKey, type FoiStatus } from '../model.ts';
import type { ApplicantType, Channel, OutcomeCode } from '../outcomes.ts';
import { applicantIndexes } from '../similar.ts';
import type { FoiApplicationTable } from '../tables.ts';

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

/** PostgreSQL: serialises application number assignment for the transaction (SQLite has one writer already). */
export async function lockNumbering(db: Kysely<DB>): Promise<void> {
  await lockUntilCommit(db, 'foi-numbering');
}

/** Sets the receipt date of a case not yet received; false when another confirmation came first. */
export async function markReceived(
  db: Kysely<DB>,
  id: number,
  values: Updateable<FoiApplicationTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('foi_applications')
    .set(values)
    .where('id', '=', id)
    .where('received_on', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Marks demo applications as samples (the portal says so). */
export async function markSample(db: Kysely<DB>, id: number): Promise<void> {
  await db.updateTable('foi_applications').set({ is_sample: 1 }).where('id', '=', id).execute();
}
