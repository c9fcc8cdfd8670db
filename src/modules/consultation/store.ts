/** Queries on consultations and consultation_comments. */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { ConsultationCommentTable, ConsultationTable } from './tables.ts';
import { contactOf, sealContact, sealContacts, selectContact } from '../../db/contacts.ts';
import { mask } from '../../lib/datakeys.ts';
import type { Adoption, CommentStatus, Consultation } from './model.ts';

export function consultationRow(r: Selectable<ConsultationTable>): Consultation {
  return {
    id: r.id,
    orgId: r.org_id,
    title: r.title,
    draftText: r.draft_text,
    explanation: r.explanation,
    startDate: r.start_date,
    endDate: r.end_date,
    publishedAt: r.published_at,
    feedbackSummary: r.feedback_summary,
    feedbackPublishedAt: r.feedback_published_at,
    finalDocTitle: r.final_doc_title,
    finalDocUrl: r.final_doc_url,
    isSample: r.is_sample === 1,
  };
}

export interface Comment {
  id: number;
  consultationId: number;
  authorName: string;
  /** Masked (138****1234, z***@example.cn): the full contact only through `revealCommentContact`. */
  contact: string;
  body: string;
  status: CommentStatus;
  submittedAt: string;
  moderatedBy: string | null;
  moderatedAt: string | null;
  rejectReason: string | null;
  adoption: Adoption | null;
  adoptionReason: string | null;
}

export function commentRow(r: Selectable<ConsultationCommentTable>): Comment {
  return {
    id: r.id,
    consultationId: r.consultation_id,
    authorName: r.author_name,
    contact: mask(contactOf(r), 'contact'),
    body: r.body,
    status: r.status as CommentStatus,
    submittedAt: r.submitted_at,
    moderatedBy: r.moderated_by,
    moderatedAt: r.moderated_at,
    rejectReason: r.reject_reason,
    adoption: r.adoption as Adoption | null,
    adoptionReason: r.adoption_reason,
  };
}

/** Personal data at rest: the commenter's contact is sealed (db/contacts.ts). */
export { sealContact };

/** Seals every contact not yet under the current key `keyId`. */
export const sealCommentContacts = (db: Kysely<DB>, keyId: string) =>
  sealContacts(db, 'consultation_comments', keyId);

/** The commenter's contact in plain text. */
export const selectCommentContact = (db: Kysely<DB>, id: number) =>
  selectContact(db, 'consultation_comments', id);

export async function selectConsultation(db: Kysely<DB>, id: number): Promise<Consultation | undefined> {
  const r = await db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
  return r && consultationRow(r);
}

export async function selectConsultations(
  db: Kysely<DB>,
  f: { orgIds?: number[]; publishedOnly?: boolean },
): Promise<Consultation[]> {
  let q = db.selectFrom('consultations').selectAll();
  if (f.orgIds) q = f.orgIds.length ? q.where('org_id', 'in', f.orgIds) : q.where('id', '=', -1);
  if (f.publishedOnly) q = q.where('published_at', 'is not', null);
  return (await q.orderBy('start_date', 'desc').orderBy('id', 'desc').limit(500).execute()).map(
    consultationRow,
  );
}

export async function selectComments(
  db: Kysely<DB>,
  consultationId: number,
  status?: string,
): Promise<Comment[]> {
  let q = db.selectFrom('consultation_comments').selectAll().where('consultation_id', '=', consultationId);
  if (status) q = q.where('status', '=', status);
  return (await q.orderBy('id').execute()).map(commentRow);
}

export async function selectComment(db: Kysely<DB>, id: number): Promise<Comment | undefined> {
  const r = await db.selectFrom('consultation_comments').selectAll().where('id', '=', id).executeTakeFirst();
  return r && commentRow(r);
}

export async function countPendingComments(db: Kysely<DB>, orgIds?: number[]): Promise<number> {
  let q = db
    .selectFrom('consultation_comments')
    .innerJoin('consultations', 'consultations.id', 'consultation_comments.consultation_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_comments.status', '=', 'pending');
  if (orgIds)
    q = orgIds.length ? q.where('consultations.org_id', 'in', orgIds) : q.where('consultations.id', '=', -1);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Inserts a consultation; returns its id. */
export async function insertConsultation(
  db: Kysely<DB>,
  values: Insertable<ConsultationTable>,
): Promise<number> {
  const { id } = await db
    .insertInto('consultations')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Updates a consultation's columns. */
export async function updateConsultationRow(
  db: Kysely<DB>,
  id: number,
  set: Updateable<ConsultationTable>,
): Promise<void> {
  await db.updateTable('consultations').set(set).where('id', '=', id).execute();
}

/** Inserts a comment; returns its id. */
export async function insertComment(
  db: Kysely<DB>,
  values: Insertable<ConsultationCommentTable>,
): Promise<number> {
  const { id } = await db
    .insertInto('consultation_comments')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Updates a comment's columns (moderation, adoption). */
export async function updateComment(
  db: Kysely<DB>,
  id: number,
  set: Updateable<ConsultationCommentTable>,
): Promise<void> {
  await db.updateTable('consultation_comments').set(set).where('id', '=', id).execute();
}
