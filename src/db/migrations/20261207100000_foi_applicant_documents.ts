/**
 * 依申请公开, the citizen's side (issue #19): the applicant's identity document type (居民身份证,
 * 护照, 港澳/台湾通行证, 外国人永久居留身份证; organisations: credit_code), an organisation's
 * 法定代表人 and 联系人, and released documents (公开的政府信息) attached to a case, which the
 * applicant downloads from the tracking page with the number and query code. Existing rows: a
 * natural person's number was a resident ID, an organisation's a credit code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('foi_applications').addColumn('id_type', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('foi_applications').addColumn('legal_representative', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('foi_applications').addColumn('contact_person', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.updateTable('foi_applications').set({ id_type: 'resident' }).where('applicant_type', '=', 'natural').execute();
  await db.updateTable('foi_applications').set({ id_type: 'credit_code' }).where('applicant_type', '<>', 'natural').execute();
  // 1 = a released document (given to the applicant with the 答复), 0 = a case file (scans, envelopes).
  await db.schema.alterTable('foi_attachments').addColumn('released', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
