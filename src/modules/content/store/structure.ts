/** Queries on the column and topic tables (content_columns, content_topics, content_topic_sections). */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type { Column, ColumnKind, Topic } from '../model.ts';
import type { ContentColumnTable, ContentTopicTable } from '../tables.ts';

/** A column row as the domain type. */
export const columnRowToColumn = (r: Selectable<ContentColumnTable>): Column => ({
  id: r.id,
  parentId: r.parent_id,
  name: r.name,
  slug: r.slug,
  kind: r.kind as ColumnKind,
  orgId: r.org_id,
  description: r.description,
  sortOrder: r.sort_order,
});

/** Every column, in display order. */
export async function selectColumns(db: Kysely<DB>): Promise<Column[]> {
  const rows = await db
    .selectFrom('content_columns')
    .selectAll()
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map(columnRowToColumn);
}

/** The column at /columns/{slug}. */
export async function selectColumnBySlug(db: Kysely<DB>, slug: string): Promise<Column | undefined> {
  const r = await db.selectFrom('content_columns').selectAll().where('slug', '=', slug).executeTakeFirst();
  return r && columnRowToColumn(r);
}

/** Every topic with its sections, in display order. */
export async function selectTopics(db: Kysely<DB>): Promise<Topic[]> {
  const rows = await db
    .selectFrom('content_topics')
    .selectAll()
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  const sections = await db
    .selectFrom('content_topic_sections')
    .selectAll()
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map((r: Selectable<ContentTopicTable>) => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    summary: r.summary,
    sortOrder: r.sort_order,
    sections: sections
      .filter((s) => s.topic_id === r.id)
      .map((s) => ({ id: s.id, name: s.name, sortOrder: s.sort_order })),
  }));
}

/** Adds a column. */
export async function insertColumn(trx: Kysely<DB>, values: Insertable<ContentColumnTable>): Promise<void> {
  await trx.insertInto('content_columns').values(values).execute();
}

/** Changes a column's fields. */
export async function updateColumnRow(
  trx: Kysely<DB>,
  id: number,
  values: Updateable<ContentColumnTable>,
): Promise<void> {
  await trx.updateTable('content_columns').set(values).where('id', '=', id).execute();
}

/** Adds a topic and its sections (in order); returns its id. */
export async function insertTopic(
  trx: Kysely<DB>,
  values: Insertable<ContentTopicTable>,
  sections: string[],
): Promise<number> {
  const { id } = await trx
    .insertInto('content_topics')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  if (sections.length)
    await trx
      .insertInto('content_topic_sections')
      .values(sections.map((name, i) => ({ topic_id: id, name, sort_order: i })))
      .execute();
  return id;
}
