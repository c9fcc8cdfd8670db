/** Queries on inquiries and inquiry_events. */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { lockUntilCommit } from '../../db/index.ts';
import type { DB } from '../../db/types.ts';
import type { InquiryTable } from './tables.ts';
import { contactOf, sealContact, sealContacts, selectContact } from '../../db/contacts.ts';
import { mask } from '../../lib/datakeys.ts';
import type { AskerKind, InquiryChannel, InquiryStatus, PolicyLink } from './model.ts';

export interface Inquiry {
  id: number;
  number: string;
  askerKind: AskerKind;
  askerName: string;
  /** Masked (138****1234, z***@example.cn): the full contact only through `revealInquiryContact`. */
  contact: string;
  title: string;
  question: string;
  channel: InquiryChannel;
  zoneId: number | null;
  orgId: number;
  status: InquiryStatus;
  submittedAt: string;
  receivedDate: string;
  dueDate: string;
  answer: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
  invalidReason: string | null;
  faqQuestion: string | null;
  faqAnswer: string | null;
  faqLinks: PolicyLink[];
  faqPublishedAt: string | null;
  isSample: boolean;
}

export function inquiryRowToInquiry(r: Selectable<InquiryTable>): Inquiry {
  return {
    id: r.id,
    number: r.number,
    askerKind: r.asker_kind as AskerKind,
    askerName: r.asker_name,
    contact: mask(contactOf(r), 'contact'),
    title: r.title,
    question: r.question,
    channel: r.channel as InquiryChannel,
    zoneId: r.zone_id,
    orgId: r.org_id,
    status: r.status as InquiryStatus,
    submittedAt: r.submitted_at,
    receivedDate: r.received_date,
    dueDate: r.due_date,
    answer: r.answer,
    answeredAt: r.answered_at,
    answeredBy: r.answered_by,
    invalidReason: r.invalid_reason,
    faqQuestion: r.faq_question,
    faqAnswer: r.faq_answer,
    faqLinks: JSON.parse(r.faq_links),
    faqPublishedAt: r.faq_published_at,
    isSample: r.is_sample === 1,
  };
}

/** Personal data at rest: the asker's contact is sealed (db/contacts.ts). */
export { sealContact };

/** Seals every contact not yet under the current key `keyId`. */
export const sealInquiryContacts = (db: Kysely<DB>, keyId: string) => sealContacts(db, 'inquiries', keyId);

/** The asker's contact in plain text. */
export const selectInquiryContact = (db: Kysely<DB>, id: number) => selectContact(db, 'inquiries', id);

export async function selectInquiry(db: Kysely<DB>, id: number): Promise<Inquiry | undefined> {
  const r = await db.selectFrom('inquiries').selectAll().where('id', '=', id).executeTakeFirst();
  return r && inquiryRowToInquiry(r);
}

export async function selectInquiryByNumber(
  db: Kysely<DB>,
  number: string,
): Promise<(Inquiry & { codeHash: string }) | undefined> {
  const r = await db.selectFrom('inquiries').selectAll().where('number', '=', number).executeTakeFirst();
  return r && { ...inquiryRowToInquiry(r), codeHash: r.code_hash };
}

export async function selectInquiries(
  db: Kysely<DB>,
  f: { orgIds?: number[]; status?: string; faqOnly?: boolean; q?: string; limit?: number },
): Promise<Inquiry[]> {
  let q = db.selectFrom('inquiries').selectAll();
  if (f.orgIds) q = f.orgIds.length ? q.where('org_id', 'in', f.orgIds) : q.where('id', '=', -1);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.faqOnly) q = q.where('faq_published_at', 'is not', null);
  const rows = await q
    .orderBy(f.faqOnly ? 'faq_published_at' : 'id', 'desc')
    .limit(f.q ? 100000 : (f.limit ?? 500))
    .execute();
  // Substring search over published FAQs in JS (engine-neutral); full-text search is the search module's.
  const needle = f.q?.trim();
  const list = rows
    .map(inquiryRowToInquiry)
    .filter((x) => !needle || (x.faqQuestion ?? '').includes(needle) || (x.faqAnswer ?? '').includes(needle));
  return list.slice(0, f.limit ?? 500);
}

export async function countInquiriesWithPrefix(db: Kysely<DB>, prefix: string): Promise<number> {
  const r = await db
    .selectFrom('inquiries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('number', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface InquiryEvent {
  at: string;
  actorName: string;
  action: string;
  detail: string;
}

export async function insertEvent(db: Kysely<DB>, inquiryId: number, e: InquiryEvent): Promise<void> {
  await db
    .insertInto('inquiry_events')
    .values({ inquiry_id: inquiryId, at: e.at, actor_name: e.actorName, action: e.action, detail: e.detail })
    .execute();
}

export async function selectEvents(db: Kysely<DB>, inquiryId: number): Promise<InquiryEvent[]> {
  const rows = await db
    .selectFrom('inquiry_events')
    .selectAll()
    .where('inquiry_id', '=', inquiryId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ at: r.at, actorName: r.actor_name, action: r.action, detail: r.detail }));
}

/** One numbering at a time on PostgreSQL (SQLite serialises writers itself); inside the caller's transaction. */
export async function lockInquiryNumbering(trx: Kysely<DB>): Promise<void> {
  await lockUntilCommit(trx, 'inquiry-numbering');
}

/** Inserts an inquiry; returns its id. */
export async function insertInquiry(db: Kysely<DB>, values: Insertable<InquiryTable>): Promise<number> {
  const { id } = await db.insertInto('inquiries').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Updates an inquiry's columns. */
export async function updateInquiry(
  db: Kysely<DB>,
  id: number,
  set: Updateable<InquiryTable>,
): Promise<void> {
  await db.updateTable('inquiries').set(set).where('id', '=', id).execute();
}
