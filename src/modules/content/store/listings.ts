/** Queries listing items as summaries: by id, by filters with a page, and each column's newest. */
import { sql, type Kysely, type Selectable } from 'kysely';
import { preparedRead } from '../../../db/prepared.ts';
import type { DB } from '../../../db/types.ts';
import type { OrgScope } from '../../org/model.ts';
import type { ItemKind, ItemSource, ItemStatus, ItemSummary } from '../model.ts';
import type { ContentItemTable } from '../tables.ts';

function itemRowToSummary(
  r: Pick<
    Selectable<ContentItemTable>,
    | 'id'
    | 'kind'
    | 'title'
    | 'org_id'
    | 'status'
    | 'source'
    | 'doc_number'
    | 'published_at'
    | 'publish_at'
    | 'updated_at'
    | 'late'
    | 'is_sample'
  >,
): ItemSummary {
  return {
    id: r.id,
    kind: r.kind as ItemKind,
    title: r.title,
    orgId: r.org_id,
    status: r.status as ItemStatus,
    source: r.source as ItemSource,
    docNumber: r.doc_number,
    publishedAt: r.published_at,
    publishAt: r.publish_at,
    updatedAt: r.updated_at,
    late: r.late === 1,
    isSample: r.is_sample === 1,
  };
}

const SUMMARY_COLS = [
  'id',
  'kind',
  'title',
  'org_id',
  'status',
  'source',
  'doc_number',
  'published_at',
  'publish_at',
  'updated_at',
  'late',
  'is_sample',
] as const;

/**
 * The published items an item interprets and those that interpret it, each side in id order: its
 * page's links, read on every request, so compiled once (both sides were a statement each).
 */
export async function selectPublishedRelated(
  db: Kysely<DB>,
  id: number,
): Promise<{ interprets: ItemSummary[]; interpretedBy: ItemSummary[] }> {
  const rows = await publishedRelated(db, { id });
  const side = (s: string) => rows.filter((r) => r.side === s).map(itemRowToSummary);
  return { interprets: side('interprets'), interpretedBy: side('interpretedBy') };
}

const publishedRelated = preparedRead((db, { id }: { id: number }) => {
  const side = (name: string, self: 'item_id' | 'related_id', other: 'item_id' | 'related_id') =>
    db
      .selectFrom('content_item_relations as r')
      .innerJoin('content_items as c', 'c.id', `r.${other}`)
      .select(sql<string>`${sql.lit(name)}`.as('side'))
      .select(SUMMARY_COLS.map((c) => `c.${c}` as const))
      .where(`r.${self}`, '=', id)
      .where('r.kind', '=', 'interprets')
      .where('c.status', '=', 'published');
  return side('interprets', 'item_id', 'related_id')
    .unionAll(side('interpretedBy', 'related_id', 'item_id'))
    .orderBy('id');
});

/** List rows of these items (any status). */
export async function selectSummaries(db: Kysely<DB>, ids: number[]): Promise<ItemSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('content_items').select(SUMMARY_COLS).where('id', 'in', ids).execute();
  return rows.map(itemRowToSummary);
}

export interface ItemQuery {
  scope?: OrgScope;
  statuses?: ItemStatus[];
  kind?: ItemKind;
  columnId?: number;
  topicId?: number;
  sectionId?: number;
  orgId?: number;
  q?: string;
  /** Sort by publication time (public lists) instead of last change. */
  byPublished?: boolean;
  page: number;
  pageSize: number;
}

/** A page of list rows by scope, status, kind, column, topic, org and title words, with the total. */
export async function queryItems(
  db: Kysely<DB>,
  f: ItemQuery,
): Promise<{ items: ItemSummary[]; total: number }> {
  let q = db.selectFrom('content_items');
  if (f.scope && !f.scope.all)
    q = f.scope.orgIds.length ? q.where('org_id', 'in', f.scope.orgIds) : q.where('id', '<', 0);
  if (f.statuses?.length) q = q.where('status', 'in', f.statuses);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.orgId) q = q.where('org_id', '=', f.orgId);
  if (f.q) q = q.where('title', 'like', `%${f.q.replace(/[%_]/g, '')}%`);
  if (f.columnId) {
    const columnId = f.columnId;
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('content_item_columns').select('item_id').where('column_id', '=', columnId),
    );
  }
  if (f.topicId) {
    const topicId = f.topicId;
    const sectionId = f.sectionId;
    q = q.where('id', 'in', (eb) => {
      let sub = eb.selectFrom('content_item_topics').select('item_id').where('topic_id', '=', topicId);
      if (sectionId) sub = sub.where('section_id', '=', sectionId);
      return sub;
    });
  }
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await (f.byPublished ? q.orderBy('published_at', 'desc') : q.orderBy('updated_at', 'desc'))
    .orderBy('id', 'desc')
    .select(SUMMARY_COLS)
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { items: rows.map(itemRowToSummary), total: Number(total) };
}

/**
 * The newest `perColumn` published items of each column, newest first (published_at, then id, as
 * queryItems orders them), in one statement for all the columns.
 */
export async function selectLatestPublishedByColumn(
  db: Kysely<DB>,
  columnIds: number[],
  perColumn: number,
): Promise<Map<number, ItemSummary[]>> {
  const out = new Map<number, ItemSummary[]>(columnIds.map((id) => [id, []]));
  if (columnIds.length === 0) return out;
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('content_item_columns as c')
        .innerJoin('content_items as i', 'i.id', 'c.item_id')
        .where('c.column_id', 'in', columnIds)
        .where('i.status', '=', 'published')
        .select([
          'c.column_id',
          'c.item_id',
          sql<number>`row_number() over (partition by c.column_id order by i.published_at desc, i.id desc)`.as(
            'rn',
          ),
        ])
        .as('ranked'),
    )
    .innerJoin('content_items', 'content_items.id', 'ranked.item_id')
    .where('ranked.rn', '<=', perColumn)
    .select(['ranked.column_id', ...SUMMARY_COLS])
    .orderBy('ranked.column_id')
    .orderBy('ranked.rn')
    .execute();
  for (const { column_id, ...row } of rows) out.get(column_id)!.push(itemRowToSummary(row));
  return out;
}
