/** Queries on the item tables (content_items and its column, topic and relation links). */
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { engineOf } from '../../../db/index.ts';
import { preparedRead } from '../../../db/prepared.ts';
import type { DB } from '../../../db/types.ts';
import type { OrgScope } from '../../org/model.ts';
import type {
  AttachmentListing,
  InterpForm,
  Item,
  ItemKind,
  ItemSource,
  ItemStatus,
  PolicyMeta,
  WithdrawalMode,
} from '../model.ts';
import type { ContentItemTable } from '../tables.ts';

const parse = <T>(s: string | null, fallback: T): T => (s == null ? fallback : (JSON.parse(s) as T));

/** One item with its links, or undefined. */
export async function selectItem(db: Kysely<DB>, id: number): Promise<Item | undefined> {
  const r = await db
    .selectFrom('content_items')
    .selectAll()
    .select(linksJson(db, id).as('links_json'))
    .where('id', '=', id)
    .executeTakeFirst();
  return r && itemRowToItem(r, r.links_json);
}

/**
 * Every column of an item, named: a named statement on PostgreSQL keeps its result's shape, so
 * `select *` there would fail on each kept connection once a migration adds a column.
 */
const ITEM_COLUMNS = [
  'id',
  'kind',
  'title',
  'body',
  'org_id',
  'status',
  'source',
  'origin',
  'formation_date',
  'doc_number',
  'index_number',
  'written_date',
  'issuing_agency',
  'subject',
  'validity',
  'interp_form',
  'interp_points',
  'data_table',
  'author_id',
  'revision',
  'publish_at',
  'published_at',
  'modified_at',
  'late',
  'gate_json',
  'gate_override',
  'reject_comment',
  'withdrawal_mode',
  'withdrawal_reason',
  'withdrawn_at',
  'redirect_to',
  'supersedes_id',
  'is_sample',
  'imported_from',
  'original_published_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ContentItemTable)[];

// Compiled once: the item page runs it on every request.
const itemWithFiles = preparedRead((db, { id }: { id: number }) => {
  const files = sql`select id, item_id, name, mime, size, sha256, storage_path, created_at from content_attachments where item_id = ${id}`;
  const filesJson =
    engineOf(db) === 'postgres'
      ? sql<string>`(select coalesce(json_agg(json_build_array(id, item_id, name, mime, size, sha256, storage_path, created_at) order by id), '[]')::text from (${files}) f)`
      : sql<string>`(select json_group_array(json_array(id, item_id, name, mime, size, sha256, storage_path, created_at) order by id) from (${files}) f)`;
  return db
    .selectFrom('content_items')
    .select(ITEM_COLUMNS)
    .select([linksJson(db, id).as('links_json'), filesJson.as('files_json')])
    .where('id', '=', id);
});

/** One item with its links and the listing of its files (what its portal page shows), in one statement. */
export async function selectItemWithFiles(
  db: Kysely<DB>,
  id: number,
): Promise<{ item: Item; attachments: AttachmentListing[] } | undefined> {
  const [r] = await itemWithFiles(db, { id });
  if (!r) return undefined;
  type FileRow = [number, number, string, string, number, string, string, string];
  const attachments = (JSON.parse(r.files_json) as FileRow[]).map(
    ([id, itemId, name, mime, size, sha256, storagePath, createdAt]) => ({
      id: Number(id),
      itemId: Number(itemId),
      name,
      mime,
      size: Number(size),
      sha256,
      storagePath,
      createdAt,
    }),
  );
  return { item: itemRowToItem(r, r.links_json), attachments };
}

/**
 * An item's columns, topics and interpretation links as one JSON list of [kind, id, section], to
 * ride along in the item's own statement (five statements at first, then two, now one): on
 * PostgreSQL each statement is a round trip, whose socket writes were about a third of an
 * uncached item page's CPU time.
 */
function linksJson(db: Kysely<DB>, id: number) {
  const rows = sql`
      select 'c' as k, column_id as a, null as b from content_item_columns where item_id = ${id}
      union all select 't', topic_id, section_id from content_item_topics where item_id = ${id}
      union all select 'r', related_id, null from content_item_relations where item_id = ${id} and kind = 'interprets'
      union all select 'b', item_id, null from content_item_relations where related_id = ${id} and kind = 'interprets'`;
  return engineOf(db) === 'postgres'
    ? sql<string>`(select coalesce(json_agg(json_build_array(k, a, b)), '[]')::text from (${rows}) x)`
    : sql<string>`(select json_group_array(json_array(k, a, b)) from (${rows}) x)`;
}

function itemRowToItem(r: Selectable<ContentItemTable>, linksJson: string): Item {
  // Each list in id order.
  const links = (JSON.parse(linksJson) as [string, number, number | null][])
    .map(([k, a, b]) => ({ k, a: Number(a), b: b === null ? null : Number(b) }))
    .sort((x, y) => x.a - y.a);
  const of = (k: string) => links.filter((x) => x.k === k);
  return {
    id: r.id,
    kind: r.kind as ItemKind,
    title: r.title,
    body: r.body,
    orgId: r.org_id,
    status: r.status as ItemStatus,
    source: r.source as ItemSource,
    origin: r.origin,
    formationDate: r.formation_date,
    policy:
      r.kind === 'policy'
        ? {
            indexNumber: r.index_number ?? '',
            writtenDate: r.written_date,
            issuingAgency: r.issuing_agency ?? '',
            subject: r.subject ?? '',
            validity: (r.validity as PolicyMeta['validity']) ?? 'valid',
          }
        : null,
    docNumber: r.doc_number,
    interpForm: r.interp_form as InterpForm | null,
    interpPoints: parse(r.interp_points, {}),
    dataTable: parse(r.data_table, null),
    authorId: r.author_id,
    revision: r.revision,
    publishAt: r.publish_at,
    publishedAt: r.published_at,
    modifiedAt: r.modified_at,
    late: r.late === 1,
    gate: parse(r.gate_json, null),
    gateOverride: parse(r.gate_override, null),
    rejectComment: r.reject_comment,
    withdrawalMode: r.withdrawal_mode as WithdrawalMode | null,
    withdrawalReason: r.withdrawal_reason,
    withdrawnAt: r.withdrawn_at,
    redirectTo: r.redirect_to,
    supersedesId: r.supersedes_id,
    isSample: r.is_sample === 1,
    importedFrom: r.imported_from,
    originalPublishedAt: r.original_published_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    columnIds: of('c').map((x) => x.a),
    topics: of('t').map((x) => ({ topicId: x.a, sectionId: x.b })),
    interprets: of('r').map((x) => x.a),
    interpretedBy: of('b').map((x) => x.a),
  };
}

/** Replaces an item's column, topic and relation links. */
export async function writeLinks(
  trx: Kysely<DB>,
  itemId: number,
  links: {
    columnIds: number[];
    topics: { topicId: number; sectionId: number | null }[];
    interprets: number[];
  },
) {
  await trx.deleteFrom('content_item_columns').where('item_id', '=', itemId).execute();
  await trx.deleteFrom('content_item_topics').where('item_id', '=', itemId).execute();
  await trx
    .deleteFrom('content_item_relations')
    .where('item_id', '=', itemId)
    .where('kind', '=', 'interprets')
    .execute();
  if (links.columnIds.length)
    await trx
      .insertInto('content_item_columns')
      .values(links.columnIds.map((column_id) => ({ item_id: itemId, column_id })))
      .execute();
  if (links.topics.length)
    await trx
      .insertInto('content_item_topics')
      .values(links.topics.map((t) => ({ item_id: itemId, topic_id: t.topicId, section_id: t.sectionId })))
      .execute();
  if (links.interprets.length)
    await trx
      .insertInto('content_item_relations')
      .values(links.interprets.map((related_id) => ({ item_id: itemId, related_id, kind: 'interprets' })))
      .execute();
}

/** Adds an item row; returns its id. */
export async function insertItem(trx: Kysely<DB>, values: Insertable<ContentItemTable>): Promise<number> {
  const { id } = await trx
    .insertInto('content_items')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Changes an item row's fields. */
export async function updateItemRow(
  db: Kysely<DB>,
  id: number,
  values: Updateable<ContentItemTable>,
): Promise<void> {
  await db.updateTable('content_items').set(values).where('id', '=', id).execute();
}

/**
 * Changes an item row only while it is still in status `from` (two reviewers clicking at once: only
 * one wins). Returns whether it changed.
 */
export async function updateItemInStatus(
  trx: Kysely<DB>,
  id: number,
  from: ItemStatus,
  values: Updateable<ContentItemTable>,
): Promise<boolean> {
  const res = await trx
    .updateTable('content_items')
    .set(values)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Stores the gate's result on the item. */
export async function setGate(db: Kysely<DB>, id: number, gateJson: string): Promise<void> {
  await db.updateTable('content_items').set({ gate_json: gateJson }).where('id', '=', id).execute();
}

/**
 * Another item (not withdrawn) carrying this 文号: neither one of `mine` (the item itself and the one
 * it replaces) nor one replacing them.
 */
export async function docNumberHolder(
  db: Kysely<DB>,
  docNumber: string,
  mine: number[],
): Promise<{ id: number; title: string } | undefined> {
  let q = db
    .selectFrom('content_items')
    .select(['id', 'title'])
    .where('doc_number', '=', docNumber)
    .where('status', '!=', 'withdrawn');
  if (mine.length)
    q = q
      .where('id', 'not in', mine)
      .where((eb) => eb.or([eb('supersedes_id', 'is', null), eb('supersedes_id', 'not in', mine)]));
  return q.executeTakeFirst();
}

/** Another item carrying this 索引号 (same exclusions as docNumberHolder, any status). */
export async function indexNumberHolder(
  db: Kysely<DB>,
  indexNumber: string,
  mine: number[],
): Promise<{ title: string } | undefined> {
  let q = db.selectFrom('content_items').select('title').where('index_number', '=', indexNumber);
  if (mine.length)
    q = q
      .where('id', 'not in', mine)
      .where((eb) => eb.or([eb('supersedes_id', 'is', null), eb('supersedes_id', 'not in', mine)]));
  return q.executeTakeFirst();
}

/** An item's status, or undefined when there is no such item. */
export async function selectItemStatus(db: Kysely<DB>, id: number): Promise<ItemStatus | undefined> {
  const r = await db.selectFrom('content_items').select('status').where('id', '=', id).executeTakeFirst();
  return r?.status as ItemStatus | undefined;
}

/** Scheduled items due at `nowIso`, earliest first. */
export async function selectDueScheduledIds(db: Kysely<DB>, nowIso: string): Promise<number[]> {
  const rows = await db
    .selectFrom('content_items')
    .select('id')
    .where('status', '=', 'scheduled')
    .where('publish_at', '<=', nowIso)
    .orderBy('publish_at')
    .execute();
  return rows.map((r) => r.id);
}

/** Ids of published items after `after`, in id order (a page of `gongkai search reindex`). */
export async function selectPublishedIdsAfter(
  db: Kysely<DB>,
  after: number,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('content_items')
    .select('id')
    .where('status', '=', 'published')
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Scheduled items in scope whose time was before `cutoff` (at most 50, earliest first). */
export async function selectOverdueScheduled(
  db: Kysely<DB>,
  scope: OrgScope,
  cutoff: string,
): Promise<{ id: number; title: string; publishAt: string }[]> {
  let q = db
    .selectFrom('content_items')
    .select(['id', 'title', 'publish_at'])
    .where('status', '=', 'scheduled')
    .where('publish_at', '<', cutoff);
  if (!scope.all) q = q.where('org_id', 'in', scope.orgIds.length ? scope.orgIds : [-1]);
  const rows = await q.orderBy('publish_at').limit(50).execute();
  return rows.map((i) => ({ id: i.id, title: i.title, publishAt: i.publish_at! }));
}

/** Published items per column: how many, and the last publication instant. */
export async function selectColumnActivity(
  db: Kysely<DB>,
): Promise<{ columnId: number; published: number; lastPublishedAt: string | null }[]> {
  const rows = await db
    .selectFrom('content_item_columns')
    .innerJoin('content_items', 'content_items.id', 'content_item_columns.item_id')
    .select((eb) => [
      'content_item_columns.column_id as column_id',
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('content_items.published_at').as('last'),
    ])
    .where('content_items.status', '=', 'published')
    .groupBy('content_item_columns.column_id')
    .execute();
  return rows.map((r) => ({
    columnId: r.column_id,
    published: Number(r.n),
    lastPublishedAt: (r.last as string | null) ?? null,
  }));
}

/** Ids of published items, newest first, by org, publication window and lateness. */
export async function selectPublishedIds(
  db: Kysely<DB>,
  f: { orgIds?: number[]; since?: string; until?: string; lateOnly?: boolean; limit: number },
): Promise<number[]> {
  let q = db.selectFrom('content_items').select('id').where('status', '=', 'published');
  if (f.orgIds) q = q.where('org_id', 'in', f.orgIds.length ? f.orgIds : [-1]);
  if (f.since) q = q.where('published_at', '>=', f.since);
  if (f.until) q = q.where('published_at', '<=', f.until);
  if (f.lateOnly) q = q.where('late', '=', 1);
  const rows = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map((r) => r.id);
}

/** Published counts per column and per org: total, original, late (for the dashboard). */
export async function publishingCounts(db: Kysely<DB>, scope: OrgScope) {
  const statuses = ['published'];
  let byOrg = db
    .selectFrom('content_items')
    .select((eb) => [
      'org_id',
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(eb.case().when('source', '=', 'original').then(1).else(0).end()).as('original'),
      eb.fn.sum<number>('late').as('late'),
    ])
    .where('status', 'in', statuses)
    .groupBy('org_id');
  let byColumn = db
    .selectFrom('content_items')
    .innerJoin('content_item_columns', 'content_item_columns.item_id', 'content_items.id')
    .select((eb) => [
      'content_item_columns.column_id as column_id',
      eb.fn.countAll<number>().as('total'),
      eb.fn
        .sum<number>(eb.case().when('content_items.source', '=', 'original').then(1).else(0).end())
        .as('original'),
      eb.fn.sum<number>('content_items.late').as('late'),
    ])
    .where('content_items.status', 'in', statuses)
    .groupBy('content_item_columns.column_id');
  if (!scope.all) {
    const ids = scope.orgIds.length ? scope.orgIds : [-1];
    byOrg = byOrg.where('org_id', 'in', ids);
    byColumn = byColumn.where('content_items.org_id', 'in', ids);
  }
  const norm = <T extends { total: unknown; original: unknown; late: unknown }>(r: T) => ({
    ...r,
    total: Number(r.total),
    original: Number(r.original ?? 0),
    late: Number(r.late ?? 0),
  });
  return { byOrg: (await byOrg.execute()).map(norm), byColumn: (await byColumn.execute()).map(norm) };
}
