/**
 * Released documents (issue 19 part 1): a file on a case may be the government information given
 * to the applicant with the reply. From when it is released (released_at) the applicant downloads
 * it on the tracking page with the number and query code; a handler may take the release back.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('foi_attachments').addColumn('released_at', 'text').execute();
}
