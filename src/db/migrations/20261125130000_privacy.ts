import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';
import { SEED_EXPRESSION_RULES } from '../../modules/privacy/seed-rules.ts';

/** The personal-information and expression gate: the maintained 错敏词 list. */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('expression_rules'))
    .addColumn('term', 'text', (c) => c.notNull().unique())
    .addColumn('suggestion', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('exceptions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The starting 错敏词 list (real cases; see seed-rules.ts). Maintained in the back office afterwards.
  const at = '2026-11-25T13:00:00.000Z';
  await db
    .insertInto('expression_rules')
    .values(
      SEED_EXPRESSION_RULES.map((r) => ({
        term: r.term,
        suggestion: r.suggestion,
        severity: r.severity,
        kind: r.kind,
        note: r.note ?? '',
        exceptions: JSON.stringify(r.exceptions ?? []),
        active: 1,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
}
