import type { Kysely } from 'kysely';

/**
 * Personal data at rest for the contact details the public type into a policy inquiry (政策咨询)
 * and a consultation comment (意见征集): `contact_key` names the data key the `contact` column is
 * sealed under (lib/datakeys.ts); null = a row written before this migration, still plain text.
 * The rows are sealed right after migrating, at start (each module's `sealPersonalData`): the key
 * comes from configuration, which a migration does not see.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inquiries').addColumn('contact_key', 'text').execute();
  await db.schema.alterTable('consultation_comments').addColumn('contact_key', 'text').execute();
}
