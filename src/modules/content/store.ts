/** Queries on the content_* tables; nothing else touches them. Row → domain mappers live here. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { OrgScope } from '../org/model.ts';
import type { GateResult } from './integrations.ts';
import type {
  DataTable,
  PolicyMeta,
  InterpForm,
  InterpPoint,
  ItemKind,
  ItemSource,
  ItemStatus,
  WithdrawalMode,
  ColumnKind,
} from './model.ts';
import type {
  ContentAttachmentTable,
  ContentColumnTable,
  ContentItemTable,
  ContentTopicTable,
} from './tables.ts';

export interface Column {
  id: number;
  parentId: number | null;
  name: string;
  slug: string;
  kind: ColumnKind;
  orgId: number | null;
  description: string;
  sortOrder: number;
}

export interface TopicSection {
  id: number;
  name: string;
  sortOrder: number;
}

export interface Topic {
  id: number;
  name: string;
  slug: string;
  summary: string;
  sortOrder: number;
  sections: TopicSection[];
}

export interface Attachment {
  id: number;
  itemId: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  storagePath: string;
  text: string;
  createdAt: string;
}

export interface GateOverride {
  by: string;
  reason: string;
  at: string;
}

export interface Item {
  id: number;
  kind: ItemKind;
  title: string;
  body: string;
  orgId: number;
  status: ItemStatus;
  source: ItemSource;
  origin: string | null;
  formationDate: string | null;
  docNumber: string | null;
  /** 政策文件 only (null otherwise). */
  policy: PolicyMeta | null;
  interpForm: InterpForm | null;
  interpPoints: Partial<Record<InterpPoint, string>>;
  dataTable: DataTable | null;
  authorId: number | null;
  revision: number;
  publishAt: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  late: boolean;
  gate: GateResult | null;
  gateOverride: GateOverride | null;
  rejectComment: string | null;
  withdrawalMode: WithdrawalMode | null;
  withdrawalReason: string | null;
  withdrawnAt: string | null;
  redirectTo: string | null;
  /** The published item this one replaces on publication, if any. */
  supersedesId: number | null;
  isSample: boolean;
  /** The old site's URL, when the item was imported (issue #23). */
  importedFrom: string | null;
  /** Imported items: first published on the old site at this instant (kept on publication here). */
  originalPublishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  columnIds: number[];
  topics: { topicId: number; sectionId: number | null }[];
  /** Policy items this interpretation explains. */
  interprets: number[];
  /** Interpretations that explain this item (filled for reads). */
  interpretedBy: number[];
}

/** A list row: enough to render lists without bodies. */
export interface ItemSummary {
  id: number;
  kind: ItemKind;
  title: string;
  orgId: number;
  status: ItemStatus;
  source: ItemSource;
  docNumber: string | null;
  publishedAt: string | null;
  publishAt: string | null;
  updatedAt: string;
  late: boolean;
  isSample: boolean;
}

const parse = <T>(s: string | null, fallback: T): T => (s == null ? fallback : (JSON.parse(s) as T));

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

export const attachmentRowToAttachment = (r: Selectable<ContentAttachmentTable>): Attachment => ({
  id: r.id,
  itemId: r.item_id,
  name: r.name,
  mime: r.mime,
  size: r.size,
  sha256: r.sha256,
  storagePath: r.storage_path,
  text: r.text,
  createdAt: r.created_at,
});

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

export async function selectColumns(db: Kysely<DB>): Promise<Column[]> {
  const rows = await db
    .selectFrom('content_columns')
    .selectAll()
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map(columnRowToColumn);
}

export async function selectColumnBySlug(db: Kysely<DB>, slug: string): Promise<Column | undefined> {
  const r = await db.selectFrom('content_columns').selectAll().where('slug', '=', slug).executeTakeFirst();
  return r && columnRowToColumn(r);
}

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

export async function selectItem(db: Kysely<DB>, id: number): Promise<Item | undefined> {
  const r = await db.selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  // Its columns, topics and interpretation links in one statement (four before: a quarter of an
  // uncached item page's queries), each list in id order.
  const links = (
    await sql<{ k: string; a: number; b: number | null }>`
      select 'c' as k, column_id as a, null as b from content_item_columns where item_id = ${id}
      union all select 't', topic_id, section_id from content_item_topics where item_id = ${id}
      union all select 'r', related_id, null from content_item_relations where item_id = ${id} and kind = 'interprets'
      union all select 'b', item_id, null from content_item_relations where related_id = ${id} and kind = 'interprets'`.execute(
      db,
    )
  ).rows
    .map((x) => ({ k: x.k, a: Number(x.a), b: x.b === null ? null : Number(x.b) }))
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

export async function selectAttachments(db: Kysely<DB>, itemId: number): Promise<Attachment[]> {
  const rows = await db
    .selectFrom('content_attachments')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
  return rows.map(attachmentRowToAttachment);
}

export async function selectAttachment(db: Kysely<DB>, id: number): Promise<Attachment | undefined> {
  const r = await db.selectFrom('content_attachments').selectAll().where('id', '=', id).executeTakeFirst();
  return r && attachmentRowToAttachment(r);
}

export interface Revision {
  number: number;
  snapshot: Record<string, unknown>;
  note: string;
  actorName: string;
  createdAt: string;
  /** Personal data in this revision was masked afterwards; the original is sealed (see revealRevision). */
  sealed: boolean;
}

export async function selectRevisions(db: Kysely<DB>, itemId: number): Promise<Revision[]> {
  const rows = await db
    .selectFrom('content_revisions')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('number', 'desc')
    .execute();
  return rows.map((r) => ({
    number: r.number,
    snapshot: JSON.parse(r.snapshot),
    note: r.note,
    actorName: r.actor_name,
    createdAt: r.created_at,
    sealed: r.sealed != null,
  }));
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
