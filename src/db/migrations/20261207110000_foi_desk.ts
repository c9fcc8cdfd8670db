/**
 * The handler's desk (issue 19, parts 6–7): keyed hashes of the applicant's normalised ID number
 * (or 统一社会信用代码) and phone, so a case finds the same applicant's earlier applications without
 * decrypting every sealed row (lib/datakeys.ts blindIndex); and the earlier case a case closed as
 * rejected.duplicate (重复申请) names, read both ways. The hashes are filled at start by the
 * module's sealing step (foi/store.ts sealApplications: rows where id_key is null).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('foi_applications').addColumn('id_key', 'text').execute();
  await db.schema.alterTable('foi_applications').addColumn('phone_key', 'text').execute();
  await db.schema.alterTable('foi_applications').addColumn('duplicate_of', 'integer').execute();
  await db.schema.createIndex('foi_applications_id_key').on('foi_applications').column('id_key').execute();
  await db.schema
    .createIndex('foi_applications_phone_key')
    .on('foi_applications')
    .column('phone_key')
    .execute();
  await db.schema
    .createIndex('foi_applications_duplicate_of')
    .on('foi_applications')
    .column('duplicate_of')
    .execute();
}
