/**
 * Template rows keep how far they can be trusted (可信度, the copies that support them, 备注) and the
 * 待核对 mark; shipped rows remember whether the office edited them, so an upgrade of the shipped
 * templates (modules/catalogue/upgrade.ts) replaces only the rows the office has not touched. Then it
 * runs that upgrade once: 养老服务 and 义务教育 rebuilt from the copies found, the issuing document
 * corrected in every template's source. Catalogues already compiled keep their entries.
 */
import { sql, type Kysely } from 'kysely';
import { withId } from '../schema.ts';
import { upgradeShippedTemplates } from '../../modules/catalogue/upgrade.ts';
import { TEMPLATE_SETS } from '../../modules/catalogue/templates/index.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const t = 'catalogue_template_entries';
  await db.schema
    .alterTable(t)
    .addColumn('to_check', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable(t)
    .addColumn('confidence', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable(t)
    .addColumn('confidence_note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable(t)
    .addColumn('witnesses', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable(t)
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable(t)
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('shipped'))
    .execute();
  await db.schema
    .alterTable(t)
    .addColumn('edited', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable(t)
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('catalogue_entries')
    .addColumn('to_check', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Rows loaded from the data files were all written at one instant per domain and never updated;
  // a row added later by the office, or changed by it, shows it in its timestamps.
  await sql`update catalogue_template_entries set origin = 'office'
    where source = '区政务公开办增补'
       or created_at > (select min(x.created_at) from catalogue_template_entries x
                        where x.domain = catalogue_template_entries.domain)`.execute(db);
  await sql`update catalogue_template_entries set edited = 1
    where origin = 'shipped' and updated_at <> created_at`.execute(db);

  await withId(db, db.schema.createTable('catalogue_template_changes'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();

  await upgradeShippedTemplates(db, TEMPLATE_SETS, new Date());
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('catalogue_template_changes').execute();
  for (const c of [
    'to_check',
    'confidence',
    'confidence_note',
    'witnesses',
    'note',
    'origin',
    'edited',
    'revision',
  ])
    await db.schema.alterTable('catalogue_template_entries').dropColumn(c).execute();
  await db.schema.alterTable('catalogue_entries').dropColumn('to_check').execute();
}
