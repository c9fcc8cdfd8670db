/**
 * 依申请公开, the citizen's side (issue #19): the applicant's identity document type (居民身份证,
 * 护照, 港澳/台湾通行证, 外国人永久居留身份证; organisations: credit_code), an organisation's
 * 法定代表人 and 联系人. Existing rows: a natural person's number was a resident ID, an
 * organisation's a credit code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('foi_applications')
    .addColumn('id_type', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('foi_applications')
    .addColumn('legal_representative', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('foi_applications')
    .addColumn('contact_person', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db
    .updateTable('foi_applications')
    .set({ id_type: 'resident' })
    .where('applicant_type', '=', 'natural')
    .execute();
  await db
    .updateTable('foi_applications')
    .set({ id_type: 'credit_code' })
    .where('applicant_type', '<>', 'natural')
    .execute();
}
