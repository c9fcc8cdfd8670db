/**
 * Publishing use cases: columns, topics, items and their revisions and attachments, and the review
 * workflow draft → submitted (报送) → reviewed (审核) → cleared (保密审查) → published / scheduled →
 * withdrawn (撤稿). "谁主管谁负责、谁发布谁负责": every step checks the permission, the org scope and
 * (for reviews) that the reviewer is not the author, and is audited in the same transaction.
 */
import { isSitePath } from '../../lib/paths.ts';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { open as openSealed, seal, underCurrentKey } from '../../lib/datakeys.ts';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { requireRecentAuth } from '../auth/service.ts';
import { checkUpload } from '../../lib/uploads.ts';
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { AppError, badRequest, forbidden, invalidState, notFound } from '../../errors.ts';
import { docxToBody } from './docx.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { auditedWrite, auditTrail, recordAudit } from '../audit/service.ts';
import { can, requirePermission, type Permission } from '../auth/permissions.ts';
import { inScope } from '../org/model.ts';
import { listPublicOrgs, orgScope, requireOrgAccess } from '../org/service.ts';
import { gateCounts } from './model.ts';
import {
  canonicalDocNumber,
  libraryHolderOf,
  nextPolicyIndexNumber,
  POLICY_SUBJECTS,
  indexItem,
  maskText,
  notifyCatalogue,
  notifyLibrary,
  notifyLibraryWithdrawn,
  runGate,
  unindexItem,
  workdayPredicate,
  extractText,
  type GateResult,
} from './integrations.ts';
import {
  bodyText,
  COLUMN_KINDS,
  INTERP_FORMS,
  INTERP_POINTS,
  isFormationDate,
  isLatePublication,
  isPublic,
  isSlug,
  ITEM_KINDS,
  nextStatus,
  SOURCES,
  sanitizeBody,
  STATUSES,
  TRANSITIONS,
  validateDataTable,
  VALIDITIES,
  WITHDRAWAL_MODES,
  type PolicyMeta,
  type Validity,
  type ColumnKind,
  type DataTable,
  type InterpForm,
  type InterpPoint,
  type ItemKind,
  type ItemSource,
  type ItemStatus,
  type WithdrawalMode,
  type WorkflowAction,
} from './model.ts';
import {
  publishingCounts,
  queryItems,
  selectAttachment,
  selectAttachments,
  selectColumnBySlug,
  selectColumns,
  selectItem,
  selectRevisions,
  selectSummaries,
  selectTopics,
  writeLinks,
  type Attachment,
  type Column,
  type Item,
  type ItemSummary,
  type Topic,
} from './store.ts';

// ---------------------------------------------------------------- columns and topics

export const listColumns = (db: Kysely<DB>) => selectColumns(db);
export const listTopics = (db: Kysely<DB>) => selectTopics(db);

export async function getColumnBySlug(db: Kysely<DB>, slug: string): Promise<Column> {
  const c = await selectColumnBySlug(db, slug);
  if (!c) throw notFound('栏目');
  return c;
}

export async function getTopicBySlug(db: Kysely<DB>, slug: string): Promise<Topic> {
  const t = (await selectTopics(db)).find((x) => x.slug === slug);
  if (!t) throw notFound('专题');
  return t;
}

export interface ColumnInput {
  name: string;
  slug: string;
  kind: ColumnKind;
  parentId: number | null;
  orgId: number | null;
  description?: string;
  sortOrder?: number;
}

async function validateColumn(db: Kysely<DB>, input: ColumnInput, id?: number) {
  const fields: Record<string, string> = {};
  if (!input.name?.trim() || input.name.length > 100) fields.name = '请填写栏目名称（100 字以内）';
  if (!isSlug(input.slug ?? '')) fields.slug = '网址标识只能包含小写字母、数字和连字符';
  if (!(input.kind in COLUMN_KINDS)) fields.kind = '栏目类型无效';
  if (Object.keys(fields).length) throw badRequest('栏目信息有误，请检查后重新提交', fields);
  const columns = await selectColumns(db);
  const same = columns.find((c) => c.slug === input.slug);
  if (same && same.id !== id) throw badRequest('网址标识已被使用', { slug: `已被栏目“${same.name}”使用` });
  if (input.parentId != null) {
    if (!columns.some((c) => c.id === input.parentId))
      throw badRequest('上级栏目不存在', { parentId: '上级栏目不存在' });
    // no cycles: walk up from the new parent
    let p: number | null = input.parentId;
    while (p != null) {
      if (p === id)
        throw badRequest('不能把栏目设为自己下级的下级', { parentId: '上级栏目不能是本栏目或其下级' });
      p = columns.find((c) => c.id === p)?.parentId ?? null;
    }
  }
  if (
    input.orgId != null &&
    !(await db.selectFrom('orgs').select('id').where('id', '=', input.orgId).executeTakeFirst())
  )
    throw badRequest('维护单位不存在', { orgId: '维护单位不存在' });
}

export async function createColumn(ctx: AppContext, actor: Actor, input: ColumnInput): Promise<Column> {
  requirePermission(actor, 'content.structure');
  await validateColumn(ctx.db, input);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await trx
        .insertInto('content_columns')
        .values({
          name: input.name.trim(),
          slug: input.slug,
          kind: input.kind,
          parent_id: input.parentId,
          org_id: input.orgId,
          description: input.description?.trim() ?? '',
          sort_order: input.sortOrder ?? 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return (await selectColumnBySlug(trx, input.slug))!;
    },
    (c) => ({ action: 'content.column.create', objectType: 'content_column', objectId: c.id, after: c }),
  );
}

export async function updateColumn(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: ColumnInput,
): Promise<Column> {
  requirePermission(actor, 'content.structure');
  const before = (await selectColumns(ctx.db)).find((c) => c.id === id);
  if (!before) throw notFound('栏目');
  await validateColumn(ctx.db, input, id);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await trx
        .updateTable('content_columns')
        .set({
          name: input.name.trim(),
          slug: input.slug,
          kind: input.kind,
          parent_id: input.parentId,
          org_id: input.orgId,
          description: input.description?.trim() ?? '',
          sort_order: input.sortOrder ?? 0,
          updated_at: ctx.clock.now().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      return (await selectColumnBySlug(trx, input.slug))!;
    },
    (after) => ({
      action: 'content.column.update',
      objectType: 'content_column',
      objectId: id,
      before,
      after,
    }),
  );
}

export interface TopicInput {
  name: string;
  slug: string;
  summary?: string;
  sortOrder?: number;
  /** Section names, in order. */
  sections: string[];
}

export async function createTopic(ctx: AppContext, actor: Actor, input: TopicInput): Promise<Topic> {
  requirePermission(actor, 'content.structure');
  const fields: Record<string, string> = {};
  if (!input.name?.trim() || input.name.length > 100) fields.name = '请填写专题名称（100 字以内）';
  if (!isSlug(input.slug ?? '')) fields.slug = '网址标识只能包含小写字母、数字和连字符';
  const sections = (input.sections ?? []).map((s) => s.trim()).filter(Boolean);
  if (sections.length > 20 || sections.some((s) => s.length > 50))
    fields.sections = '专题最多 20 个板块，每个板块名称 50 字以内';
  if (Object.keys(fields).length) throw badRequest('专题信息有误，请检查后重新提交', fields);
  if ((await selectTopics(ctx.db)).some((t) => t.slug === input.slug))
    throw badRequest('网址标识已被使用', { slug: '已被其他专题使用' });
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const { id } = await trx
        .insertInto('content_topics')
        .values({
          name: input.name.trim(),
          slug: input.slug,
          summary: input.summary?.trim() ?? '',
          sort_order: input.sortOrder ?? 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (sections.length)
        await trx
          .insertInto('content_topic_sections')
          .values(sections.map((name, i) => ({ topic_id: id, name, sort_order: i })))
          .execute();
      return (await selectTopics(trx)).find((t) => t.id === id)!;
    },
    (t) => ({ action: 'content.topic.create', objectType: 'content_topic', objectId: t.id, after: t }),
  );
}

// ---------------------------------------------------------------- items

export interface ItemInput {
  kind: ItemKind;
  title: string;
  /** Rich text; sanitised to the allow-list. */
  body: string;
  orgId?: number;
  source: ItemSource;
  origin?: string | null;
  formationDate?: string | null;
  docNumber?: string | null;
  columnIds: number[];
  topics?: { topicId: number; sectionId?: number | null }[];
  interprets?: number[];
  interpForm?: InterpForm | null;
  interpPoints?: Partial<Record<InterpPoint, string>>;
  dataTable?: DataTable | null;
  /** 政策文件 only: 索引号 (empty → the site's rule), 成文日期 (default: formation date), 发布机构 (default: the org's name), 主题分类, 有效性. */
  policy?: Partial<PolicyMeta> | null;
  isSample?: boolean;
}

/** The fields every revision keeps (and a restore brings back). */
interface Snapshot {
  kind: ItemKind;
  title: string;
  body: string;
  orgId: number;
  source: ItemSource;
  origin: string | null;
  formationDate: string | null;
  docNumber: string | null;
  columnIds: number[];
  topics: { topicId: number; sectionId: number | null }[];
  interprets: number[];
  interpForm: InterpForm | null;
  interpPoints: Partial<Record<InterpPoint, string>>;
  dataTable: DataTable | null;
  policy: PolicyMeta | null;
}

const snapshotOf = (i: Item): Snapshot => ({
  kind: i.kind,
  title: i.title,
  body: i.body,
  orgId: i.orgId,
  source: i.source,
  origin: i.origin,
  formationDate: i.formationDate,
  docNumber: i.docNumber,
  columnIds: i.columnIds,
  topics: i.topics,
  interprets: i.interprets,
  interpForm: i.interpForm,
  interpPoints: i.interpPoints,
  dataTable: i.dataTable,
  policy: i.policy,
});

/** What the audit log keeps of an item (no body: the revisions hold it). */
const auditView = (i: Item) => ({
  id: i.id,
  title: i.title,
  status: i.status,
  revision: i.revision,
  orgId: i.orgId,
  publishAt: i.publishAt,
  publishedAt: i.publishedAt,
});

/** Validates and normalises input; throws a Chinese 400 with field messages. */
async function normaliseInput(
  db: Kysely<DB>,
  input: ItemInput,
  orgId: number,
  self: Self = {},
): Promise<Snapshot> {
  const fields: Record<string, string> = {};
  const title = (input.title ?? '').trim();
  if (!title) fields.title = '请填写标题';
  else if (title.length > 200) fields.title = '标题不能超过 200 字';
  if (!(input.kind in ITEM_KINDS)) fields.kind = '内容类型无效';
  if (!(input.source in SOURCES)) fields.source = '请选择来源：原创或转载';
  const origin = input.origin?.trim() || null;
  if (input.source === 'reposted' && !origin) fields.origin = '转载的内容须注明出处';
  const formationDate = input.formationDate?.trim() || null;
  if (formationDate && !isFormationDate(formationDate))
    fields.formationDate = '形成日期格式应为 YYYY-MM-DD，且为真实日期';
  const body = sanitizeBody(input.body ?? '');
  if (input.body && input.body.length > 500_000) fields.body = '正文过长（最多 50 万字符）';
  const columnIds = [...new Set(input.columnIds ?? [])];
  if (columnIds.length === 0) fields.columnIds = '请至少选择一个栏目';
  const columns = await selectColumns(db);
  if (columnIds.some((id) => !columns.some((c) => c.id === id))) fields.columnIds = '所选栏目不存在';
  const topicsAll = await selectTopics(db);
  const topics = (input.topics ?? []).map((t) => ({ topicId: t.topicId, sectionId: t.sectionId ?? null }));
  for (const t of topics) {
    const topic = topicsAll.find((x) => x.id === t.topicId);
    if (!topic || (t.sectionId != null && !topic.sections.some((s) => s.id === t.sectionId)))
      fields.topics = '所选专题或板块不存在';
  }
  const interprets = [...new Set(input.interprets ?? [])];
  if (interprets.length && input.kind !== 'interpretation')
    fields.interprets = '只有政策解读可以关联被解读的文件';
  if (interprets.length) {
    const found = await selectSummaries(db, interprets);
    if (found.length !== interprets.length || found.some((f) => f.kind !== 'policy'))
      fields.interprets = '被解读的文件须为已存在的政策文件';
  }
  let interpForm: InterpForm | null = null;
  let interpPoints: Partial<Record<InterpPoint, string>> = {};
  if (input.kind === 'interpretation') {
    interpForm = input.interpForm ?? 'text';
    if (!(interpForm in INTERP_FORMS)) fields.interpForm = '解读形式无效';
    for (const [k, v] of Object.entries(input.interpPoints ?? {})) {
      if (!(k in INTERP_POINTS)) fields.interpPoints = '解读要点无效';
      else if (typeof v === 'string' && v.trim()) interpPoints[k as InterpPoint] = v.trim().slice(0, 5000);
    }
  }
  let dataTable: DataTable | null = null;
  if (input.kind === 'data') {
    if (!input.dataTable) fields.dataTable = '数据表格须填写表头和数据';
    else {
      const t = validateDataTable(input.dataTable);
      if (typeof t === 'string') fields.dataTable = t;
      else dataTable = t;
    }
  }
  const docNumber = input.docNumber?.trim() ? canonicalDocNumber(input.docNumber) : null;
  if (docNumber && docNumber.length > 60) fields.docNumber = '文号过长';
  else if (docNumber) {
    const clash = await docNumberClash(db, docNumber, input.kind, self);
    if (clash) fields.docNumber = clash;
  }
  let policy: PolicyMeta | null = null;
  if (input.kind === 'policy') {
    const p = input.policy ?? {};
    const writtenDate = p.writtenDate?.trim() || formationDate;
    if (writtenDate && !isFormationDate(writtenDate))
      fields.writtenDate = '成文日期格式应为 YYYY-MM-DD，且为真实日期';
    const issuingAgency =
      p.issuingAgency?.trim() || (await listPublicOrgs(db)).find((o) => o.id === orgId)?.name || '';
    if (issuingAgency.length > 100) fields.issuingAgency = '发布机构不能超过 100 字';
    const subject = p.subject?.trim() || '';
    if (subject && !POLICY_SUBJECTS.includes(subject)) fields.subject = '请从列表中选择主题分类';
    const validity = (p.validity || 'valid') as Validity;
    if (!(validity in VALIDITIES)) fields.validity = '请选择有效性';
    const indexNumber = p.indexNumber?.trim() || '';
    if (indexNumber.length > 60) fields.indexNumber = '索引号不能超过 60 字';
    else if (indexNumber) {
      const clash = await indexNumberClash(db, indexNumber, self);
      if (clash) fields.indexNumber = clash;
    }
    policy = { indexNumber, writtenDate: writtenDate || null, issuingAgency, subject, validity };
  }
  if (Object.keys(fields).length) throw badRequest('内容信息有误，请检查后重新提交', fields);
  return {
    kind: input.kind,
    title,
    body,
    orgId,
    source: input.source,
    origin: input.source === 'reposted' ? origin : null,
    formationDate,
    docNumber,
    columnIds,
    topics,
    interprets,
    interpForm,
    interpPoints,
    dataTable,
    policy,
  };
}

/** Ids an item shares its 文号 and 索引号 with: itself and the published item it replaces. */
interface Self {
  id?: number;
  supersedes?: number | null;
}
const others = (self: Self) => [self.id, self.supersedes].filter((x): x is number => x != null);

/**
 * One 文号 per document, across content and the library (rules.md §6): another item (not withdrawn,
 * not the one this replaces or is replaced by) must not carry it, nor may the library hold it for a
 * document linked to another item. A library document not yet linked to any item is the one a
 * 政策文件 with its 文号 publishes, so that is allowed for a 政策文件.
 */
async function docNumberClash(
  db: Kysely<DB>,
  docNumber: string,
  kind: ItemKind,
  self: Self,
): Promise<string | null> {
  const mine = others(self);
  let q = db
    .selectFrom('content_items')
    .select(['id', 'title'])
    .where('doc_number', '=', docNumber)
    .where('status', '!=', 'withdrawn');
  if (mine.length)
    q = q
      .where('id', 'not in', mine)
      .where((eb) => eb.or([eb('supersedes_id', 'is', null), eb('supersedes_id', 'not in', mine)]));
  const item = await q.executeTakeFirst();
  if (item) return `文号“${docNumber}”已由稿件“${item.title}”使用，同一文号只能对应一份文件`;
  const lib = await libraryHolderOf(db, docNumber);
  // A document whose item was withdrawn may return through a new item (normative resubmission).
  const holderGone =
    lib?.itemId != null &&
    (await db.selectFrom('content_items').select('status').where('id', '=', lib.itemId).executeTakeFirst())
      ?.status === 'withdrawn';
  if (
    lib &&
    !holderGone &&
    ((lib.itemId != null && !mine.includes(lib.itemId)) || (lib.itemId == null && kind !== 'policy'))
  ) {
    return `文号“${docNumber}”在规范性文件库中属于文件“${lib.title}”，不能用于本稿件`;
  }
  return null;
}

/** 索引号 are unique across the site (content items and library documents). */
async function indexNumberClash(db: Kysely<DB>, indexNumber: string, self: Self): Promise<string | null> {
  const mine = others(self);
  let q = db.selectFrom('content_items').select('title').where('index_number', '=', indexNumber);
  if (mine.length)
    q = q
      .where('id', 'not in', mine)
      .where((eb) => eb.or([eb('supersedes_id', 'is', null), eb('supersedes_id', 'not in', mine)]));
  const item = await q.executeTakeFirst();
  if (item) return `索引号“${indexNumber}”已由稿件“${item.title}”使用`;
  const doc = await db
    .selectFrom('normative_documents')
    .select(['title', 'item_id'])
    .where('index_number', '=', indexNumber)
    .executeTakeFirst();
  if (doc && !(doc.item_id != null && mine.includes(doc.item_id)))
    return `索引号“${indexNumber}”已由规范性文件“${doc.title}”使用`;
  return null;
}

/** A 政策文件 saved without 索引号 gets the next one by the site's rule (in the write's transaction). */
async function withIndexNumber(trx: Kysely<DB>, snap: Snapshot, now: Date): Promise<Snapshot> {
  if (snap.kind !== 'policy' || !snap.policy || snap.policy.indexNumber) return snap;
  const org = await trx
    .selectFrom('orgs')
    .select('code')
    .where('id', '=', snap.orgId)
    .executeTakeFirstOrThrow();
  const year = Number((snap.policy.writtenDate ?? shanghaiDate(now)).slice(0, 4));
  return {
    ...snap,
    policy: { ...snap.policy, indexNumber: await nextPolicyIndexNumber(trx, org.code, year) },
  };
}

const snapshotValues = (s: Snapshot) => ({
  kind: s.kind,
  title: s.title,
  body: s.body,
  org_id: s.orgId,
  source: s.source,
  origin: s.origin,
  formation_date: s.formationDate,
  doc_number: s.docNumber,
  interp_form: s.interpForm,
  interp_points: s.kind === 'interpretation' ? JSON.stringify(s.interpPoints) : null,
  data_table: s.dataTable ? JSON.stringify(s.dataTable) : null,
  index_number: s.policy?.indexNumber || null,
  written_date: s.policy?.writtenDate ?? null,
  issuing_agency: s.policy?.issuingAgency ?? null,
  subject: s.policy?.subject || null,
  validity: s.policy?.validity ?? null,
});

async function addRevision(trx: Kysely<DB>, item: Item, actor: Actor, at: string, note: string) {
  await trx
    .insertInto('content_revisions')
    .values({
      item_id: item.id,
      number: item.revision,
      snapshot: JSON.stringify(snapshotOf(item)),
      note,
      actor_name: actorName(actor),
      created_at: at,
    })
    .execute();
}

async function loadItem(db: Kysely<DB>, id: number): Promise<Item> {
  const item = await selectItem(db, id);
  if (!item) throw notFound('稿件');
  return item;
}

/** Loads an item for staff: permission, then org scope. */
async function staffItem(ctx: AppContext, actor: Actor, id: number, permission: Permission): Promise<Item> {
  requirePermission(actor, permission);
  const item = await loadItem(ctx.db, id);
  await requireOrgAccess(ctx.db, actor, item.orgId);
  return item;
}

/**
 * A new draft. With `supersedes`, it is a new version of a published item of the same org that goes
 * through the whole review workflow while that item stays public; publishing it withdraws that item
 * with a redirect here (`retireSuperseded`).
 */
export async function createItem(
  ctx: AppContext,
  actor: Actor,
  input: ItemInput,
  opts: { supersedes?: number } = {},
): Promise<Item> {
  requirePermission(actor, 'content.edit');
  const orgId = input.orgId ?? (actor.kind === 'user' ? actor.orgId : undefined);
  if (orgId == null) throw badRequest('请选择发布单位', { orgId: '请选择发布单位' });
  await requireOrgAccess(ctx.db, actor, orgId);
  if (opts.supersedes != null) {
    const old = await staffItem(ctx, actor, opts.supersedes, 'content.edit');
    if (old.status !== 'published')
      throw invalidState(`只能替代已发布的稿件，该稿件当前状态为“${STATUSES[old.status]}”`);
    if (old.orgId !== orgId)
      throw badRequest('替代稿件须与原稿件的发布单位相同', { orgId: '发布单位须与被替代的稿件相同' });
  }
  const snap0 = await normaliseInput(ctx.db, input, orgId, { supersedes: opts.supersedes });
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const snap = await withIndexNumber(trx, snap0, ctx.clock.now());
      const { id } = await trx
        .insertInto('content_items')
        .values({
          ...snapshotValues(snap),
          status: 'draft',
          late: 0,
          author_id: actor.kind === 'user' ? actor.id : null,
          revision: 1,
          supersedes_id: opts.supersedes ?? null,
          is_sample: input.isSample ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeLinks(trx, id, snap);
      const item = (await selectItem(trx, id))!;
      await addRevision(
        trx,
        item,
        actor,
        now,
        opts.supersedes != null ? `新建（替代已发布的稿件 ${opts.supersedes}）` : '新建',
      );
      return item;
    },
    (i) => ({
      action: 'content.item.create',
      objectType: 'content_item',
      objectId: i.id,
      after: { ...auditView(i), ...(opts.supersedes != null ? { supersedes: opts.supersedes } : {}) },
    }),
  );
}

/**
 * Saves a new revision. Drafts are edited by their department's editors; a published item is
 * edited in place (更新) only by a reviewer or the openness office, and the gate runs again.
 */
export async function updateItem(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: ItemInput,
  note = '修改',
): Promise<Item> {
  const before = await staffItem(ctx, actor, id, 'content.read');
  if (before.status === 'published') requirePermission(actor, 'content.publish');
  else if (before.status === 'draft') requirePermission(actor, 'content.edit');
  else throw invalidState(`稿件当前状态为“${STATUSES[before.status]}”，不能修改；如需修改请先退回`);
  const orgId = input.orgId ?? before.orgId;
  if (orgId !== before.orgId) await requireOrgAccess(ctx.db, actor, orgId);
  const snap = await normaliseInput(ctx.db, input, orgId, { id: before.id, supersedes: before.supersedesId });
  return saveSnapshot(ctx, actor, before, snap, note, 'content.item.update');
}

async function saveSnapshot(
  ctx: AppContext,
  actor: Actor,
  before: Item,
  snap: Snapshot,
  note: string,
  action: string,
): Promise<Item> {
  const now = ctx.clock.now().toISOString();
  let gate: GateResult | null = null;
  if (before.status === 'published') {
    gate = await gateFor(ctx, { ...before, title: snap.title, body: snap.body });
    if (gate.blocking && !before.gateOverride)
      throw invalidState('修改后的内容含有个人信息或严重错敏词，已发布的内容不能这样保存，请先脱敏');
  }
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      snap = await withIndexNumber(trx, snap, ctx.clock.now());
      await trx
        .updateTable('content_items')
        .set({
          ...snapshotValues(snap),
          revision: before.revision + 1,
          updated_at: now,
          ...(before.status === 'published' ? { modified_at: now, gate_json: JSON.stringify(gate) } : {}),
        })
        .where('id', '=', before.id)
        .execute();
      await writeLinks(trx, before.id, snap);
      const item = (await selectItem(trx, before.id))!;
      await addRevision(trx, item, actor, now, note);
      if (item.status === 'published') await indexItem(trx, await searchDoc(trx, item));
      return item;
    },
    (after) => ({
      action,
      objectType: 'content_item',
      objectId: before.id,
      before: auditView(before),
      after: { ...auditView(after), note },
    }),
  );
}

export async function getItem(ctx: AppContext, actor: Actor, id: number): Promise<Item> {
  return staffItem(ctx, actor, id, 'content.read');
}

export interface ItemListFilter {
  status?: ItemStatus;
  kind?: ItemKind;
  columnId?: number;
  orgId?: number;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** Items the actor may see (own org subtree, or all for district-wide roles). */
export async function listItems(ctx: AppContext, actor: Actor, f: ItemListFilter) {
  requirePermission(actor, 'content.read');
  const page = Math.max(1, f.page ?? 1);
  const pageSize = Math.min(Math.max(1, f.pageSize ?? 20), 200);
  const res = await queryItems(ctx.db, {
    scope: await orgScope(ctx.db, actor),
    statuses: f.status ? [f.status] : undefined,
    kind: f.kind,
    columnId: f.columnId,
    orgId: f.orgId,
    q: f.q,
    page,
    pageSize,
  });
  return { ...res, page, pageSize };
}

/** The review queue: what this actor can act on next (submitted for reviewers, reviewed for 保密审查员). */
export async function reviewQueue(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'content.read');
  const statuses: ItemStatus[] = [];
  if (can(actor, 'content.review')) statuses.push('submitted');
  if (can(actor, 'content.confidentiality')) statuses.push('reviewed');
  if (can(actor, 'content.publish')) statuses.push('cleared');
  if (statuses.length === 0) return { items: [], total: 0 };
  return queryItems(ctx.db, { scope: await orgScope(ctx.db, actor), statuses, page: 1, pageSize: 200 });
}

// ---------------------------------------------------------------- the gate

/**
 * Runs the gate. The result is stored on the item and shown to staff, so a personal finding keeps
 * only its masked form: the raw value stays where it was written (and leaves it when masked).
 */
async function gateFor(ctx: AppContext, item: Pick<Item, 'id' | 'title' | 'body'>): Promise<GateResult> {
  const attachments = await selectAttachments(ctx.db, item.id);
  const gate = await runGate(ctx.db, {
    title: item.title,
    body: bodyText(item.body),
    attachments: attachments.map((a) => ({ name: a.name, text: a.text })),
  });
  return { ...gate, personal: gate.personal.map((f) => ({ ...f, text: f.masked })) };
}

/**
 * Personal data out of history: every earlier revision whose title or body still holds personal
 * data gets the masked snapshot, and its original is sealed with the personal-data key — in the
 * masking's transaction. Returns the revisions sealed.
 */
async function sealRevisions(trx: Kysely<DB>, itemId: number, keep: number): Promise<number> {
  const rows = await trx
    .selectFrom('content_revisions')
    .select(['id', 'number', 'snapshot', 'sealed'])
    .where('item_id', '=', itemId)
    .where('number', '!=', keep)
    .execute();
  let n = 0;
  for (const r of rows) {
    const snap = JSON.parse(r.snapshot) as Record<string, unknown>;
    const title = await maskText(String(snap.title ?? ''));
    const body = await maskText(String(snap.body ?? ''));
    if (title.count + body.count === 0) continue;
    // A revision sealed before keeps its first original (the one with every raw value).
    const sealed = r.sealed ?? seal(r.snapshot);
    await trx
      .updateTable('content_revisions')
      .set({ snapshot: JSON.stringify({ ...snap, title: title.text, body: body.text }), sealed })
      .where('id', '=', r.id)
      .execute();
    n++;
  }
  return n;
}

/**
 * The original of a sealed revision, for a reviewer who re-authenticated (security.md): audited as
 * a view of personal data, like the other modules' 查看完整信息.
 */
export async function revealRevision(
  ctx: AppContext,
  actor: Actor,
  id: number,
  number: number,
): Promise<{ title: string; body: string }> {
  const item = await staffItem(ctx, actor, id, 'content.gate_override');
  requireRecentAuth(ctx, actor);
  const row = await ctx.db
    .selectFrom('content_revisions')
    .select(['sealed'])
    .where('item_id', '=', item.id)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!row) throw notFound('历史版本');
  if (!row.sealed) throw invalidState('该版本没有加密保存的个人信息');
  const snap = JSON.parse(openSealed(row.sealed)) as Record<string, unknown>;
  await auditedWrite(
    ctx,
    actor,
    async () => null,
    () => ({
      action: 'content.revision.personal_view',
      objectType: 'content_item',
      objectId: id,
      after: { revision: number },
    }),
  );
  return { title: String(snap.title ?? ''), body: String(snap.body ?? '') };
}

/** Re-seals sealed revisions still under an older key (start-up and `gongkai keys rotate`). */
export async function sealContentRevisions(ctx: AppContext): Promise<number> {
  const rows = await ctx.db
    .selectFrom('content_revisions')
    .select(['id', 'sealed'])
    .where('sealed', 'is not', null)
    .execute();
  let n = 0;
  for (const r of rows) {
    if (underCurrentKey(r.sealed!)) continue;
    await ctx.db
      .updateTable('content_revisions')
      .set({ sealed: seal(openSealed(r.sealed!)) })
      .where('id', '=', r.id)
      .execute();
    n++;
  }
  return n;
}

/** Runs the gate and stores its result on the item (the editor's "检查" button). */
export async function checkItem(ctx: AppContext, actor: Actor, id: number): Promise<GateResult> {
  const item = await staffItem(ctx, actor, id, 'content.read');
  const gate = await gateFor(ctx, item);
  await ctx.db
    .updateTable('content_items')
    .set({ gate_json: JSON.stringify(gate) })
    .where('id', '=', id)
    .execute();
  return gate;
}

/** One-click mask: masks personal information in the title and body and saves a new revision. */
export async function maskItem(ctx: AppContext, actor: Actor, id: number): Promise<Item> {
  const item = await staffItem(ctx, actor, id, 'content.read');
  if (!(can(actor, 'content.edit') || can(actor, 'content.review') || can(actor, 'content.confidentiality')))
    throw forbidden();
  if (item.status === 'withdrawn') throw invalidState('已撤稿的内容不能修改');
  const title = await maskText(item.title);
  const body = await maskText(item.body);
  if (title.count + body.count === 0)
    throw invalidState('标题和正文中没有可脱敏的个人信息；附件中的个人信息请删除附件并上传脱敏后的文件');
  const saved = await saveSnapshotRaw(
    ctx,
    actor,
    item,
    { ...snapshotOf(item), title: title.text, body: sanitizeBody(body.text) },
    `一键脱敏（${title.count + body.count} 处）`,
    'content.item.mask',
    (trx) => sealRevisions(trx, id, item.revision + 1),
  );
  const gate = await gateFor(ctx, saved);
  await ctx.db
    .updateTable('content_items')
    .set({ gate_json: JSON.stringify(gate) })
    .where('id', '=', id)
    .execute();
  return loadItem(ctx.db, id);
}

/** Like saveSnapshot but for any status (masking and restoring keep the workflow state). */
async function saveSnapshotRaw(
  ctx: AppContext,
  actor: Actor,
  before: Item,
  snap: Snapshot,
  note: string,
  action: string,
  also?: (trx: Kysely<DB>) => Promise<number>,
): Promise<Item> {
  const now = ctx.clock.now().toISOString();
  let sealedRevisions = 0;
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await trx
        .updateTable('content_items')
        .set({
          ...snapshotValues(snap),
          revision: before.revision + 1,
          updated_at: now,
          ...(before.status === 'published' ? { modified_at: now } : {}),
        })
        .where('id', '=', before.id)
        .execute();
      await writeLinks(trx, before.id, snap);
      const item = (await selectItem(trx, before.id))!;
      await addRevision(trx, item, actor, now, note);
      if (item.status === 'published') await indexItem(trx, await searchDoc(trx, item));
      if (also) sealedRevisions = await also(trx);
      return item;
    },
    (after) => ({
      action,
      objectType: 'content_item',
      objectId: before.id,
      before: auditView(before),
      after: { ...auditView(after), note, ...(also ? { sealedRevisions } : {}) },
    }),
  );
}

/** A reviewer lets the item through despite the gate's findings, with a reason (audited). */
export async function overrideGate(ctx: AppContext, actor: Actor, id: number, reason: string): Promise<Item> {
  const item = await staffItem(ctx, actor, id, 'content.gate_override');
  if (actor.kind === 'user' && item.authorId === actor.id) throw forbidden('不能对自己撰写的稿件放行');
  const r = (reason ?? '').trim();
  if (r.length < 4)
    throw badRequest('请填写放行理由（至少 4 个字）', { reason: '请说明为何这些内容可以公开' });
  requireRecentAuth(ctx, actor); // an override of the privacy gate is a sensitive action (security.md)
  const gate = item.gate ?? (await gateFor(ctx, item));
  const override = { by: actorName(actor), reason: r.slice(0, 500), at: ctx.clock.now().toISOString() };
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await trx
        .updateTable('content_items')
        .set({ gate_override: JSON.stringify(override), gate_json: JSON.stringify(gate) })
        .where('id', '=', id)
        .execute();
      return (await selectItem(trx, id))!;
    },
    () => ({
      action: 'content.item.gate_override',
      objectType: 'content_item',
      objectId: id,
      after: { reason: override.reason, findings: gate.personal.length + gate.expressions.length },
    }),
  );
}

// ---------------------------------------------------------------- workflow

const PERMISSION_OF: Record<WorkflowAction, Permission> = {
  submit: 'content.edit',
  review: 'content.review',
  reject: 'content.read',
  clear: 'content.confidentiality',
  publish: 'content.publish',
  schedule: 'content.publish',
  release: 'content.publish',
  withdraw: 'content.withdraw',
};

async function transition(
  ctx: AppContext,
  actor: Actor,
  id: number,
  action: WorkflowAction,
  extra: {
    set?: Record<string, string | number | null>;
    audit?: Record<string, unknown>;
    gate?: GateResult;
  } = {},
  /** The item as the caller already loaded it through staffItem (saves reloading it). */
  loaded?: Item,
): Promise<Item> {
  const item = loaded ?? (await staffItem(ctx, actor, id, PERMISSION_OF[action]));
  const to = nextStatus(item.status, action);
  if (!to) throw invalidState(`稿件当前状态为“${STATUSES[item.status]}”，不能${TRANSITIONS[action].label}`);
  // 谁主管谁负责: the reviewers are never the author.
  if (
    ['review', 'clear', 'publish', 'schedule'].includes(action) &&
    actor.kind === 'user' &&
    item.authorId === actor.id
  ) {
    throw forbidden('不能审核或发布自己撰写的稿件，请由本单位其他审核人办理');
  }
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const res = await trx
        .updateTable('content_items')
        .set({
          status: to,
          updated_at: now,
          ...(extra.gate ? { gate_json: JSON.stringify(extra.gate) } : {}),
          ...(extra.set ?? {}),
        })
        .where('id', '=', id)
        .where('status', '=', item.status) // two reviewers clicking at once: only one wins
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw invalidState('稿件状态已被他人改变，请刷新后重试');
      const after = (await selectItem(trx, id))!;
      if (to === 'published') {
        await indexItem(trx, await searchDoc(trx, after));
        await notifyLibrary(trx, after, (rid) => selectItem(trx, rid), ctx.clock.now(), actor);
      }
      if (to === 'withdrawn') {
        await unindexItem(trx, id);
        await notifyLibraryWithdrawn(trx, id, ctx.clock.now(), actor);
      }
      if (to === 'published' || to === 'withdrawn') await notifyCatalogue(trx, after, ctx.clock.now());
      if (to === 'published' && after.supersedesId != null) await retireSuperseded(ctx, trx, actor, after);
      return after;
    },
    (after) => ({
      action: `content.item.${action}`,
      objectType: 'content_item',
      objectId: id,
      before: { status: item.status },
      after: { ...auditView(after), ...(extra.audit ?? {}) },
    }),
  );
}

/**
 * On publishing a new version: the published item it supersedes is withdrawn, redirecting to the new
 * one (301), out of the index and the neighbours' lists, audited — in the publish transaction, so the
 * public never sees both or neither. Nothing happens if that item is no longer published.
 */
async function retireSuperseded(ctx: AppContext, trx: Kysely<DB>, actor: Actor, item: Item): Promise<void> {
  const oldId = item.supersedesId!;
  const now = ctx.clock.now();
  const redirectTo = `/items/${item.id}`;
  const reason = `已由更新后的版本替代，见 ${redirectTo}`;
  const res = await trx
    .updateTable('content_items')
    .set({
      status: 'withdrawn',
      withdrawal_mode: 'redirect',
      withdrawal_reason: reason,
      withdrawn_at: now.toISOString(),
      redirect_to: redirectTo,
      updated_at: now.toISOString(),
    })
    .where('id', '=', oldId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return;
  await unindexItem(trx, oldId);
  await notifyLibraryWithdrawn(trx, oldId, now, actor);
  await notifyCatalogue(trx, (await selectItem(trx, oldId))!, now);
  await recordAudit(trx, now, actor, {
    action: 'content.item.withdraw',
    objectType: 'content_item',
    objectId: oldId,
    before: { status: 'published' },
    after: { status: 'withdrawn', mode: 'redirect', reason, redirectTo, supersededBy: item.id },
  });
}

export interface SubmitOptions {
  /**
   * The editor's reason for sending an item whose check found blocking problems (personal
   * information, serious expressions) without masking them; audited and shown to the reviewers,
   * who still decide (mask, or override with their own reason) before it can be published.
   */
  justification?: string | null;
}

/**
 * 报送: the editor sends the draft for review; the gate runs and its findings travel with it.
 * Blocking findings stop 报送 here (not only at publication): mask them, or say why they may stay.
 * Warnings (non-serious expressions) do not stop it.
 */
export async function submitItem(
  ctx: AppContext,
  actor: Actor,
  id: number,
  opts: SubmitOptions = {},
): Promise<Item> {
  const item = await staffItem(ctx, actor, id, 'content.edit');
  const gate = await gateFor(ctx, item);
  const justification = opts.justification?.trim() || null;
  if (gate.blocking && !item.gateOverride) {
    if (!justification) {
      await ctx.db
        .updateTable('content_items')
        .set({ gate_json: JSON.stringify(gate) })
        .where('id', '=', id)
        .execute();
      const n = gateCounts(gate);
      throw invalidState(
        `报送前检查发现 ${n.blocking} 处须处理的问题（个人信息或严重错敏词），请先一键脱敏，或说明理由后报送`,
      );
    }
    if (justification.length < 4)
      throw badRequest('请说明报送理由（至少 4 个字）', { justification: '请说明这些内容为何可以公开' });
  }
  const note = gate.blocking && justification ? { justification: justification.slice(0, 500) } : {};
  return transition(
    ctx,
    actor,
    id,
    'submit',
    {
      gate,
      set: { reject_comment: null },
      audit: {
        gateFindings: gate.personal.length + gate.expressions.length,
        blocking: gate.blocking,
        ...note,
      },
    },
    item,
  );
}

/** 审核 by a 部门审核人 of the owning org, never the author. */
export const reviewItem = (ctx: AppContext, actor: Actor, id: number) => transition(ctx, actor, id, 'review');

/** 保密审查 by a 保密审查员. */
export const clearItem = (ctx: AppContext, actor: Actor, id: number) => transition(ctx, actor, id, 'clear');

/** Back to draft with a comment (any reviewer at any review stage). */
export async function rejectItem(ctx: AppContext, actor: Actor, id: number, comment: string): Promise<Item> {
  if (!(
    can(actor, 'content.review') ||
    can(actor, 'content.confidentiality') ||
    can(actor, 'content.publish')
  )) {
    requirePermission(actor, 'content.review');
  }
  const c = (comment ?? '').trim();
  if (!c) throw badRequest('请填写退回意见', { comment: '请说明需要修改的地方' });
  return transition(ctx, actor, id, 'reject', {
    set: { reject_comment: c.slice(0, 1000), publish_at: null },
    audit: { comment: c.slice(0, 1000) },
  });
}

async function lateness(ctx: AppContext, item: Item, at: Date): Promise<number> {
  const isWorkday = await workdayPredicate(ctx.db);
  return isLatePublication(item.formationDate, shanghaiDate(at), isWorkday) ? 1 : 0;
}

/**
 * 发布, now or at `at` (定时发布). The gate runs again; findings block publication until masked or
 * overridden by a reviewer.
 */
export async function publishItem(
  ctx: AppContext,
  actor: Actor,
  id: number,
  opts: { at?: string | null } = {},
): Promise<Item> {
  const item = await staffItem(ctx, actor, id, 'content.publish');
  const gate = await gateFor(ctx, item);
  if (gate.blocking && !item.gateOverride) {
    await ctx.db
      .updateTable('content_items')
      .set({ gate_json: JSON.stringify(gate) })
      .where('id', '=', id)
      .execute();
    throw invalidState(
      `发布前检查发现 ${gate.personal.length} 处个人信息${gate.expressions.length ? `、${gate.expressions.length} 处错敏词` : ''}，请先脱敏，或由审核人说明理由后放行`,
    );
  }
  const now = ctx.clock.now();
  if (opts.at) {
    const at = new Date(opts.at);
    if (Number.isNaN(at.getTime())) throw badRequest('定时发布时间无效', { at: '请填写有效的日期和时间' });
    if (at.getTime() > now.getTime()) {
      return transition(
        ctx,
        actor,
        id,
        'schedule',
        { gate, set: { publish_at: at.toISOString() }, audit: { publishAt: at.toISOString() } },
        item,
      );
    }
  }
  // An imported item (issue #23) keeps the date it was first published on the old site.
  if (item.originalPublishedAt)
    return transition(
      ctx,
      actor,
      id,
      'publish',
      {
        gate,
        set: { published_at: item.originalPublishedAt, publish_at: null, late: 0 },
        audit: { importedFrom: item.importedFrom },
      },
      item,
    );
  return transition(
    ctx,
    actor,
    id,
    'publish',
    {
      gate,
      set: { published_at: now.toISOString(), publish_at: null, late: await lateness(ctx, item, now) },
    },
    item,
  );
}

/** The job: publishes scheduled items that are due. Items the gate now blocks stay scheduled and are reported. */
export async function releaseDueItems(
  ctx: AppContext,
  now: Date,
): Promise<{ released: number[]; blocked: number[] }> {
  const due = await ctx.db
    .selectFrom('content_items')
    .select('id')
    .where('status', '=', 'scheduled')
    .where('publish_at', '<=', now.toISOString())
    .orderBy('publish_at')
    .execute();
  const released: number[] = [];
  const blocked: number[] = [];
  const system = { kind: 'system', name: 'content.scheduled-publish', ip: null } as const;
  for (const { id } of due) {
    const item = await loadItem(ctx.db, id);
    const gate = await gateFor(ctx, item);
    if (gate.blocking && !item.gateOverride) {
      await ctx.db
        .updateTable('content_items')
        .set({ gate_json: JSON.stringify(gate) })
        .where('id', '=', id)
        .execute();
      blocked.push(id);
      continue;
    }
    // Published at the scheduled instant, not at the (possibly late) moment the job ran.
    const at = new Date(item.publishAt!);
    await transition(
      ctx,
      system,
      id,
      'release',
      {
        gate,
        set: { published_at: at.toISOString(), publish_at: null, late: await lateness(ctx, item, at) },
        audit: { ranAt: now.toISOString() },
      },
      item,
    );
    released.push(id);
  }
  if (blocked.length)
    throw new Error(
      `定时发布：${blocked.length} 篇稿件因个人信息检查未通过而未发布（编号 ${blocked.join('、')}），已发布 ${released.length} 篇`,
    );
  return { released, blocked };
}

export interface WithdrawInput {
  mode: WithdrawalMode;
  reason: string;
  /** For mode 'redirect': a same-site path to send visitors to (default: the item's first column). */
  redirectTo?: string | null;
}

/** 撤稿: keep the page with a notice and the reason, or remove it and redirect. Chosen and audited. */
export async function withdrawItem(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: WithdrawInput,
): Promise<Item> {
  const fields: Record<string, string> = {};
  if (!(input.mode in WITHDRAWAL_MODES)) fields.mode = '请选择撤稿方式';
  const reason = (input.reason ?? '').trim();
  if (reason.length < 2) fields.reason = '请填写撤稿原因';
  let redirectTo = input.redirectTo?.trim() || null;
  if (input.mode === 'redirect' && redirectTo && !isSitePath(redirectTo))
    fields.redirectTo = '跳转地址须为本站路径，以 / 开头';
  if (Object.keys(fields).length) throw badRequest('撤稿信息有误', fields);
  const item = await staffItem(ctx, actor, id, 'content.withdraw');
  if (input.mode === 'redirect' && !redirectTo) {
    const col = (await selectColumns(ctx.db)).find((c) => c.id === item.columnIds[0]);
    redirectTo = col ? `/columns/${col.slug}` : '/';
  }
  return transition(ctx, actor, id, 'withdraw', {
    set: {
      withdrawal_mode: input.mode,
      withdrawal_reason: reason.slice(0, 1000),
      withdrawn_at: ctx.clock.now().toISOString(),
      redirect_to: input.mode === 'redirect' ? redirectTo : null,
    },
    audit: { mode: input.mode, reason: reason.slice(0, 1000), redirectTo },
  });
}

// ---------------------------------------------------------------- revisions

export async function listRevisions(ctx: AppContext, actor: Actor, id: number) {
  await staffItem(ctx, actor, id, 'content.read');
  return selectRevisions(ctx.db, id);
}

/** Restores an earlier revision as a new revision (nothing is ever overwritten). */
export async function restoreRevision(
  ctx: AppContext,
  actor: Actor,
  id: number,
  number: number,
): Promise<Item> {
  const item = await staffItem(ctx, actor, id, 'content.edit');
  if (item.status !== 'draft') throw invalidState('只有草稿可以恢复历史版本；已报送的稿件请先退回');
  const rev = (await selectRevisions(ctx.db, id)).find((r) => r.number === number);
  if (!rev) throw notFound('历史版本');
  const snap = rev.snapshot as unknown as Snapshot;
  return saveSnapshotRaw(
    ctx,
    actor,
    item,
    { ...snapshotOf(item), ...snap, orgId: item.orgId },
    `恢复第 ${number} 版`,
    'content.item.restore',
  );
}

// ---------------------------------------------------------------- attachments

/** Accepted attachment types: extension → the type file-type must detect, and a size limit. */
export const ATTACHMENT_TYPES: Record<
  string,
  { mime: string; detect: string; maxBytes: number; label: string }
> = {
  pdf: { mime: 'application/pdf', detect: 'pdf', maxBytes: 20 * 1024 * 1024, label: 'PDF' },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    detect: 'docx',
    maxBytes: 20 * 1024 * 1024,
    label: 'Word',
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    detect: 'xlsx',
    maxBytes: 20 * 1024 * 1024,
    label: 'Excel',
  },
  png: { mime: 'image/png', detect: 'png', maxBytes: 5 * 1024 * 1024, label: '图片' },
  jpg: { mime: 'image/jpeg', detect: 'jpg', maxBytes: 5 * 1024 * 1024, label: '图片' },
  jpeg: { mime: 'image/jpeg', detect: 'jpg', maxBytes: 5 * 1024 * 1024, label: '图片' },
  gif: { mime: 'image/gif', detect: 'gif', maxBytes: 5 * 1024 * 1024, label: '图片' },
};

export const uploadsDir = (ctx: AppContext) => join(ctx.config.dataDir, 'uploads');

/** A safe display name: no path parts, no control characters, at most 120 characters. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base
    .replace(/[\u0000-\u001f<>:"|?*]/g, '')
    .trim()
    .slice(-120);
}

/** An attachment checked and read, not yet stored: what `addAttachment` and `importItem` write. */
interface CheckedAttachment {
  name: string;
  data: Buffer;
  type: (typeof ATTACHMENT_TYPES)[string];
  sha256: string;
  storagePath: string;
  text: string;
}

/**
 * The attachment rules (type by content and extension together, size, the upload checks of
 * lib/uploads.ts) and the text for the gate and search. Throws a Chinese 400; writes nothing.
 */
async function checkAttachment(file: { filename: string; data: Buffer }): Promise<CheckedAttachment> {
  const name = cleanName(file.filename);
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const type = ATTACHMENT_TYPES[ext];
  if (!name || !type)
    throw badRequest('附件只能是 PDF、Word（.docx）、Excel（.xlsx）或图片（PNG、JPG、GIF）', {
      file: '文件类型不支持',
    });
  if (file.data.length === 0) throw badRequest('附件是空文件', { file: '文件为空' });
  if (file.data.length > type.maxBytes)
    throw badRequest(`${type.label}附件不能超过 ${type.maxBytes / 1024 / 1024} MB`, { file: '文件过大' });
  const detected = await fileTypeFromBuffer(file.data);
  if (detected?.ext !== type.detect)
    throw badRequest('文件内容与扩展名不符，请上传真实的 PDF、Word、Excel 或图片文件', {
      file: '文件内容与类型不符',
    });
  await checkUpload(
    { filename: name, data: file.data },
    { kinds: ['pdf', 'docx', 'xlsx', 'png', 'jpg', 'gif'], maxBytes: type.maxBytes },
  );
  let text = '';
  try {
    text = type.label === '图片' ? '' : await extractText(file.data, name, type.mime);
  } catch {
    throw badRequest('无法读取该文件的内容，文件可能已损坏或加密', { file: '文件无法读取' });
  }
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  return {
    name,
    data: file.data,
    type,
    sha256,
    storagePath: join('content', sha256.slice(0, 2), `${sha256}.${ext}`),
    text,
  };
}

/** Writes a checked attachment's bytes (content-addressed: rewriting is harmless, and so is a write whose row never comes). */
async function storeAttachment(ctx: AppContext, a: CheckedAttachment): Promise<void> {
  await mkdir(join(uploadsDir(ctx), 'content', a.sha256.slice(0, 2)), { recursive: true });
  await writeFile(join(uploadsDir(ctx), a.storagePath), a.data);
}

/**
 * Adds an attachment to a draft (or a published item, by a reviewer). The type is checked by
 * content (file-type) and extension together; the text is extracted for the gate and search.
 */
export async function addAttachment(
  ctx: AppContext,
  actor: Actor,
  id: number,
  file: { filename: string; data: Buffer },
): Promise<Attachment> {
  const item = await staffItem(ctx, actor, id, 'content.read');
  if (item.status === 'published') requirePermission(actor, 'content.publish');
  else {
    requirePermission(actor, 'content.edit');
    if (item.status !== 'draft') throw invalidState('只有草稿可以添加附件；已报送的稿件请先退回');
  }
  const a = await checkAttachment(file);
  await storeAttachment(ctx, a);
  const { name, sha256, storagePath, text, type } = a;
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const { id: attId } = await trx
        .insertInto('content_attachments')
        .values({
          item_id: id,
          name,
          mime: type.mime,
          size: file.data.length,
          sha256,
          storage_path: storagePath,
          text,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('content_items').set({ updated_at: now }).where('id', '=', id).execute();
      return (await selectAttachment(trx, attId))!;
    },
    (a) => ({
      action: 'content.attachment.add',
      objectType: 'content_item',
      objectId: id,
      after: { attachmentId: a.id, name: a.name, size: a.size, sha256: a.sha256 },
    }),
  );
}

/**
 * Word in: a .docx replaces the body of a draft (a new revision); its images become attachments
 * and appear in the body. Parsed and checked before anything is written; the attachments, the body
 * and the revision are written in one transaction, so a refusal leaves nothing half-saved.
 */
export async function importDocxBody(
  ctx: AppContext,
  actor: Actor,
  id: number,
  file: { filename: string; data: Buffer },
): Promise<{ item: Item; images: number; dropped: string[] }> {
  const item = await staffItem(ctx, actor, id, 'content.edit');
  if (item.status !== 'draft') throw invalidState('只有草稿可以用 Word 文件替换正文；已报送的稿件请先退回');
  const name = cleanName(file.filename);
  if (!/\.docx$/i.test(name))
    throw badRequest(
      /\.(docm|dotm)$/i.test(name)
        ? '含宏的 Word 文件不能导入，请另存为 .docx（不含宏）后再上传'
        : '只能导入 Word/WPS 保存的 .docx 文件',
      { file: '文件类型不支持' },
    );
  const limit = ATTACHMENT_TYPES.docx.maxBytes;
  if (file.data.length > limit)
    throw new AppError('payload_too_large', `Word 文件不能超过 ${limit / 1024 / 1024} MB`, {
      file: '文件过大',
    });
  const doc = await docxToBody(file.data);
  if (!file.data.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
    await checkUpload({ filename: name, data: file.data }, { kinds: ['docx'], maxBytes: limit });
  const stored: { image: (typeof doc.images)[number]; sha256: string; storagePath: string }[] = [];
  for (const image of doc.images) {
    const sha256 = createHash('sha256').update(image.data).digest('hex');
    const ext = image.name.split('.').pop()!;
    const storagePath = join('content', sha256.slice(0, 2), `${sha256}.${ext}`);
    await mkdir(join(uploadsDir(ctx), 'content', sha256.slice(0, 2)), { recursive: true });
    await writeFile(join(uploadsDir(ctx), storagePath), image.data); // content-addressed: harmless if the write below fails
    stored.push({ image, sha256, storagePath });
  }
  const now = ctx.clock.now().toISOString();
  const note = `从 Word 文件导入正文（${name}${stored.length ? `，${stored.length} 张图片作为附件` : ''}）`;
  const saved = await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      let html = doc.html;
      for (const s of stored) {
        const { id: attId } = await trx
          .insertInto('content_attachments')
          .values({
            item_id: id,
            name: s.image.name,
            mime: s.image.mime,
            size: s.image.data.length,
            sha256: s.sha256,
            storage_path: s.storagePath,
            text: '',
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        html = html.replaceAll(
          `src="${s.image.placeholder}"`,
          `src="/files/content/${attId}/${encodeURIComponent(s.image.name)}"`,
        );
      }
      const body = sanitizeBody(html);
      if (!bodyText(body).trim() && stored.length === 0)
        throw badRequest('该 Word 文件没有可导入的正文', { file: '文件没有正文' });
      await trx
        .updateTable('content_items')
        .set({ body, revision: item.revision + 1, updated_at: now })
        .where('id', '=', id)
        .execute();
      const after = (await selectItem(trx, id))!;
      await addRevision(trx, after, actor, now, note);
      return after;
    },
    (after) => ({
      action: 'content.item.import_docx',
      objectType: 'content_item',
      objectId: id,
      before: auditView(item),
      after: { ...auditView(after), file: name, images: stored.length, dropped: doc.dropped },
    }),
  );
  return { item: saved, images: stored.length, dropped: doc.dropped };
}

export interface ImportItemInput {
  /** The item as read from the old site (orgId set). */
  item: ItemInput;
  /** Where it was on the old site (kept on the item: it marks it as imported). */
  oldUrl: string;
  /** The instant it was first published there. */
  publishedAt: string;
  attachments: { filename: string; data: Buffer }[];
  /** Check only: validate, read the attachments, run the gate; write nothing. */
  dryRun?: boolean;
  /** Runs in the item's transaction (the importer records its row and the old URL's redirect there). */
  also?: (trx: Kysely<DB>, item: Item) => Promise<void>;
}

export interface ImportItemResult {
  /** published: out with its original date; review: blocking gate findings, waits as a draft. */
  outcome: 'published' | 'review';
  gate: GateResult;
  /** Null on a dry run. */
  item: Item | null;
}

/**
 * Brings in one item of the old site (issue #23 part 4). The same validation, attachment checks and
 * gate as any item; then, in one transaction with the caller's `also`: an item with blocking gate
 * findings waits as a draft (the review queue: imported drafts), any other is published at once with
 * its original date — indexed for search, its library and catalogue hooks run — with no review
 * round: the old site already published it, and the office's import is the decision (audited as
 * `content.item.import`). Either way the item is marked with its old URL.
 */
export async function importItem(
  ctx: AppContext,
  actor: Actor,
  input: ImportItemInput,
): Promise<ImportItemResult> {
  requirePermission(actor, 'content.edit');
  requirePermission(actor, 'content.publish');
  const orgId = input.item.orgId;
  if (orgId == null) throw badRequest('请选择发布单位', { orgId: '请选择发布单位' });
  await requireOrgAccess(ctx.db, actor, orgId);
  const snap0 = await normaliseInput(ctx.db, input.item, orgId);
  if (!bodyText(snap0.body).trim() && input.attachments.length === 0)
    throw badRequest('正文为空，也没有附件', { body: '正文为空' });
  const files: CheckedAttachment[] = [];
  for (const f of input.attachments) {
    try {
      files.push(await checkAttachment(f));
    } catch (err) {
      if (err instanceof AppError)
        throw badRequest(`附件“${cleanName(f.filename)}”：${err.userMessage}`, {
          attachments: err.userMessage,
        });
      throw err;
    }
  }
  const raw = await runGate(ctx.db, {
    title: snap0.title,
    body: bodyText(snap0.body),
    attachments: files.map((a) => ({ name: a.name, text: a.text })),
  });
  const gate: GateResult = { ...raw, personal: raw.personal.map((f) => ({ ...f, text: f.masked })) };
  const outcome = gate.blocking ? 'review' : 'published';
  if (input.dryRun) return { outcome, gate, item: null };
  for (const a of files) await storeAttachment(ctx, a);
  const now = ctx.clock.now().toISOString();
  const item = await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const snap = await withIndexNumber(trx, snap0, new Date(input.publishedAt));
      const { id } = await trx
        .insertInto('content_items')
        .values({
          ...snapshotValues(snap),
          status: outcome === 'published' ? 'published' : 'draft',
          published_at: outcome === 'published' ? input.publishedAt : null,
          original_published_at: input.publishedAt,
          imported_from: input.oldUrl,
          gate_json: JSON.stringify(gate),
          late: 0,
          author_id: null,
          revision: 1,
          is_sample: 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeLinks(trx, id, snap);
      for (const a of files) {
        await trx
          .insertInto('content_attachments')
          .values({
            item_id: id,
            name: a.name,
            mime: a.type.mime,
            size: a.data.length,
            sha256: a.sha256,
            storage_path: a.storagePath,
            text: a.text,
            created_at: now,
          })
          .execute();
      }
      const created = (await selectItem(trx, id))!;
      await addRevision(trx, created, actor, now, `从旧网站导入（${input.oldUrl.slice(0, 300)}）`);
      if (outcome === 'published') {
        await indexItem(trx, await searchDoc(trx, created));
        await notifyLibrary(trx, created, (rid) => selectItem(trx, rid), new Date(input.publishedAt), actor);
        await notifyCatalogue(trx, created, new Date(input.publishedAt));
      }
      await input.also?.(trx, created);
      return created;
    },
    (i) => ({
      action: 'content.item.import',
      objectType: 'content_item',
      objectId: i.id,
      after: {
        ...auditView(i),
        importedFrom: input.oldUrl,
        outcome,
        attachments: files.length,
        blocking: gate.blocking,
      },
    }),
  );
  return { outcome, gate, item };
}

export async function removeAttachment(
  ctx: AppContext,
  actor: Actor,
  id: number,
  attachmentId: number,
): Promise<void> {
  const item = await staffItem(ctx, actor, id, 'content.read');
  if (item.status === 'published') requirePermission(actor, 'content.publish');
  else {
    requirePermission(actor, 'content.edit');
    if (item.status !== 'draft') throw invalidState('只有草稿可以删除附件');
  }
  const att = await selectAttachment(ctx.db, attachmentId);
  if (!att || att.itemId !== id) throw notFound('附件');
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await trx.deleteFrom('content_attachments').where('id', '=', attachmentId).execute();
      return att;
    },
    () => ({
      action: 'content.attachment.remove',
      objectType: 'content_item',
      objectId: id,
      before: { attachmentId, name: att.name, sha256: att.sha256 },
    }),
  );
  // A replaced attachment (often one holding personal data, replaced by a masked file) leaves the
  // disk too unless another attachment row still uses the same content.
  const still = await ctx.db
    .selectFrom('content_attachments')
    .select('id')
    .where('sha256', '=', att.sha256)
    .executeTakeFirst();
  if (!still) await rm(join(uploadsDir(ctx), att.storagePath), { force: true });
}

export const listAttachments = (db: Kysely<DB>, itemId: number) => selectAttachments(db, itemId);

/** An attachment's bytes, for the public (published items) or staff in scope. */
export async function readAttachment(
  ctx: AppContext,
  actor: Actor,
  attachmentId: number,
): Promise<{ attachment: Attachment; data: Buffer }> {
  const att = await selectAttachment(ctx.db, attachmentId);
  if (!att) throw notFound('附件');
  const item = await loadItem(ctx.db, att.itemId);
  if (item.status !== 'published') {
    if (!can(actor, 'content.read')) throw notFound('附件');
    if (!inScope(await orgScope(ctx.db, actor), item.orgId)) throw notFound('附件');
  }
  return { attachment: att, data: await readFile(join(uploadsDir(ctx), att.storagePath)) };
}

// ---------------------------------------------------------------- public reads

/** A page the public may see: published, or withdrawn (the notice page / redirect). */
export async function getPublicItem(db: Kysely<DB>, id: number): Promise<Item> {
  const item = await selectItem(db, id);
  if (!item || !isPublic(item.status)) throw notFound('页面');
  return item;
}

export async function listPublicItems(
  db: Kysely<DB>,
  f: {
    columnId?: number;
    topicId?: number;
    sectionId?: number;
    kind?: ItemKind;
    page?: number;
    pageSize?: number;
  },
) {
  const page = Math.max(1, f.page ?? 1);
  const pageSize = Math.min(Math.max(1, f.pageSize ?? 20), 100);
  const res = await queryItems(db, {
    statuses: ['published'],
    columnId: f.columnId,
    topicId: f.topicId,
    sectionId: f.sectionId,
    kind: f.kind,
    byPublished: true,
    page,
    pageSize,
  });
  return { ...res, page, pageSize };
}

/** Published summaries of related items (interpretation ↔ policy), public only. */
export async function publicSummaries(db: Kysely<DB>, ids: number[]) {
  return (await selectSummaries(db, ids)).filter((s) => s.status === 'published');
}

/** Who did each step, from the audit trail (shown on the item). */
export async function itemHistory(db: Kysely<DB>, id: number) {
  return (await auditTrail(db, 'content_item', id)).filter((e) => e.action.startsWith('content.'));
}

type Lookups = { orgs: Awaited<ReturnType<typeof listPublicOrgs>>; columns: Column[]; topics: Topic[] };

async function searchDoc(db: Kysely<DB>, item: Item, lookups?: Lookups) {
  const { orgs, columns, topics } = lookups ?? {
    orgs: await listPublicOrgs(db),
    columns: await selectColumns(db),
    topics: await selectTopics(db),
  };
  const atts = await selectAttachments(db, item.id);
  const org = orgs.find((o) => o.id === item.orgId);
  return {
    kind: 'item' as const,
    refId: item.id,
    url: `/items/${item.id}`,
    title: item.title,
    body: [
      bodyText(item.body),
      ...Object.values(item.interpPoints),
      ...(item.dataTable
        ? [item.dataTable.columns.join(' '), ...item.dataTable.rows.map((r) => r.join(' '))]
        : []),
      ...atts.map((a) => a.text),
    ]
      .filter(Boolean)
      .join('\n'),
    orgId: item.orgId,
    orgNames: org ? [org.name, org.shortName, ...org.aliases] : [],
    columnKeys: columns.filter((c) => item.columnIds.includes(c.id)).map((c) => c.slug),
    topicKeys: topics.filter((t) => item.topics.some((x) => x.topicId === t.id)).map((t) => t.slug),
    docNumber: item.docNumber,
    publishedAt: item.publishedAt ?? item.updatedAt,
    itemType: item.kind === 'article' ? 'news' : item.kind,
    extraTerms: [
      ITEM_KINDS[item.kind],
      ...columns.filter((c) => item.columnIds.includes(c.id)).map((c) => c.name),
      ...topics.filter((t) => item.topics.some((x) => x.topicId === t.id)).map((t) => t.name),
    ],
  };
}

/** Every published item as a search document (for `gongkai search reindex`). */
export async function* contentSearchSources(ctx: AppContext) {
  const lookups: Lookups = {
    orgs: await listPublicOrgs(ctx.db),
    columns: await selectColumns(ctx.db),
    topics: await selectTopics(ctx.db),
  };
  let after = 0;
  for (;;) {
    const ids = await ctx.db
      .selectFrom('content_items')
      .select('id')
      .where('status', '=', 'published')
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (ids.length === 0) return;
    for (const { id } of ids) {
      const item = await selectItem(ctx.db, id);
      if (item) yield await searchDoc(ctx.db, item, lookups);
    }
    after = ids[ids.length - 1].id;
  }
}

// ---------------------------------------------------------------- dashboard figures

/** Original ratio and late publications per org and per column (published items). */
export async function publishingStats(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'content.read');
  const scope = await orgScope(ctx.db, actor);
  const counts = await publishingCounts(ctx.db, scope);
  const [orgs, columns] = await Promise.all([listPublicOrgs(ctx.db), selectColumns(ctx.db)]);
  return {
    byOrg: counts.byOrg
      .map((r) => ({ ...r, name: orgs.find((o) => o.id === r.org_id)?.shortName ?? String(r.org_id) }))
      .sort((a, b) => b.total - a.total),
    byColumn: counts.byColumn
      .map((r) => ({ ...r, name: columns.find((c) => c.id === r.column_id)?.name ?? String(r.column_id) }))
      .sort((a, b) => b.total - a.total),
  };
}

/** Scheduled items whose time has passed by more than 5 minutes: the job missed or failed them. */
export async function missedSchedules(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'content.read');
  const scope = await orgScope(ctx.db, actor);
  const cutoff = new Date(ctx.clock.now().getTime() - 5 * 60_000).toISOString();
  let q = ctx.db
    .selectFrom('content_items')
    .select(['id', 'title', 'publish_at'])
    .where('status', '=', 'scheduled')
    .where('publish_at', '<', cutoff);
  if (!scope.all) q = q.where('org_id', 'in', scope.orgIds.length ? scope.orgIds : [-1]);
  const items = await q.orderBy('publish_at').limit(50).execute();
  const job = await ctx.db
    .selectFrom('jobs')
    .select(['last_error', 'last_finished_at', 'failures'])
    .where('name', '=', 'content.scheduled-publish')
    .executeTakeFirst();
  return {
    items: items.map((i) => ({ id: i.id, title: i.title, publishAt: i.publish_at! })),
    lastError: job?.last_error ?? null,
    failures: job?.failures ?? 0,
    lastFinishedAt: job?.last_finished_at ?? null,
  };
}

// ---------------------------------------------------------------- self-inspection reads (module inspection)

/** Published items per column (own items only): how many, and the last publication instant. */
export async function columnActivity(
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

/** Published items, newest first, optionally of some orgs only, published in [since, until]; `late` ones only when asked. */
export async function publishedSince(
  db: Kysely<DB>,
  f: { orgIds?: number[]; since?: string; until?: string; lateOnly?: boolean; limit: number },
): Promise<ItemSummary[]> {
  let q = db.selectFrom('content_items').select('id').where('status', '=', 'published');
  if (f.orgIds) q = q.where('org_id', 'in', f.orgIds.length ? f.orgIds : [-1]);
  if (f.since) q = q.where('published_at', '>=', f.since);
  if (f.until) q = q.where('published_at', '<=', f.until);
  if (f.lateOnly) q = q.where('late', '=', 1);
  const ids = (await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute()).map(
    (r) => r.id,
  );
  const byId = new Map((await selectSummaries(db, ids)).map((s) => [s.id, s]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}
