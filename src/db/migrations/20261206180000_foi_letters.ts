/**
 * Letters as issued (rules.md §2): each letter of a case stored with its rendered content, its own
 * 文号 (per org and year: `seq` unique per org and year) and date, so a reprint reads exactly as sent.
 */
import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('foi_letters'))
    .addColumn('application_id', 'integer', (c) =>
      c.notNull().references('foi_applications.id').onDelete('cascade'),
    )
    .addColumn('event_id', 'integer', (c) =>
      c.notNull().unique().references('foi_events.id').onDelete('cascade'),
    )
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('doc_number', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('foi_letters_org_seq')
    .on('foi_letters')
    .columns(['org_id', 'year', 'seq'])
    .unique()
    .execute();
  await db.schema
    .createIndex('foi_letters_application')
    .on('foi_letters')
    .columns(['application_id'])
    .execute();
}
