/** Publishing: JSON API (/api/v1/content/…), back office (/admin/content/…) and portal pages. */
import { sendDownload } from '../../lib/uploads.ts';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import ExcelJS from 'exceljs';
import type { Actor, AppContext } from '../../context.ts';
import { AppError, badRequest } from '../../errors.ts';
import { Notice } from '../../web/components.tsx';
import { formPost, int, list, readUpload, STATE_REFUSALS, str } from '../../web/forms.ts';
import { safeBack, seeOther } from '../../web/render.ts';
import { ELDER_COOKIE } from '../../web/plugin.ts';
import { renderAdmin, renderPortal } from '../../web/respond.tsx';
import { errors, IdParams, NoQuery, PageQuery, StrictObject } from '../../web/schemas.ts';
import { can } from '../auth/permissions.ts';
import { inScope } from '../org/model.ts';
import { listPublicOrgs, orgScope } from '../org/service.ts';
import {
  COLUMN_KINDS,
  gateCounts,
  INTERP_FORMS,
  INTERP_POINTS,
  ITEM_KINDS,
  nextStatus,
  parseDataTableText,
  SOURCES,
  STATUSES,
  WITHDRAWAL_MODES,
  type InterpPoint,
  type ItemKind,
  type ItemStatus,
  type Validity,
  VALIDITIES,
} from './model.ts';
import * as svc from './service.ts';
import { indexNumberExample, libraryRelations, POLICY_SUBJECTS, type RelatedLink } from './integrations.ts';
import { shanghaiDate } from '../../lib/time.ts';
import type { Item, ItemSummary } from './store.ts';
import {
  ColumnForm,
  ColumnsPage,
  ItemDetail,
  ItemForm,
  KindChooser,
  itemFormValues,
  ItemListPage,
  ItemTable,
  PreviewPage,
  PublishConfirmPage,
  RevisionsPage,
  type PreviewView,
  StatsTables,
  TopicsPage,
  versionText,
  type ItemFormValues,
  type Permits,
  type PublishedVersion,
} from './views/admin.tsx';
import {
  ColumnPage,
  columnCrumbs,
  columnHref,
  ItemPage,
  YSQGK_COLUMN_SLUG,
  TopicPage,
  TopicsIndex,
  WithdrawnPage,
} from './views/public.tsx';
import { when } from './views/parts.tsx';
import { csvFile, xlsxFile } from '../../lib/spreadsheet.ts';

// ---------------------------------------------------------------- schemas

/** The largest attachment any type allows; the use case checks each type's own limit. */
const ATTACHMENT_MAX_BYTES = Math.max(...Object.values(svc.ATTACHMENT_TYPES).map((t) => t.maxBytes));

const lit = (keys: object) => Type.Union(Object.keys(keys).map((k) => Type.Literal(k)));

const ColumnSchema = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()], { description: '上级栏目' }),
  name: Type.String({ description: '栏目名称' }),
  slug: Type.String({ description: '网址标识：/columns/{slug}' }),
  kind: Type.String({ description: `栏目类型：${Object.keys(COLUMN_KINDS).join(' / ')}` }),
  orgId: Type.Union([Type.Integer(), Type.Null()], { description: '维护单位' }),
  description: Type.String(),
  sortOrder: Type.Integer(),
});
const ColumnBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  slug: Type.String({ minLength: 1, maxLength: 64 }),
  kind: lit(COLUMN_KINDS),
  parentId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  orgId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
});
const TopicSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  slug: Type.String({ description: '网址标识：/topics/{slug}' }),
  summary: Type.String(),
  sortOrder: Type.Integer(),
  sections: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String({ description: '板块名称' }),
      sortOrder: Type.Integer(),
    }),
  ),
});
const TopicBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  slug: Type.String({ minLength: 1, maxLength: 64 }),
  summary: Type.Optional(Type.String({ maxLength: 1000 })),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  sections: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 }),
});
const DataTableSchema = Type.Object(
  { columns: Type.Array(Type.String()), rows: Type.Array(Type.Array(Type.String())) },
  { description: '数据表：表头与各行' },
);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const PolicySchema = Type.Object({
  indexNumber: Type.String({ description: '索引号（留空时按本站规则生成）' }),
  writtenDate: Nullable(Type.String({ description: '成文日期 YYYY-MM-DD' })),
  issuingAgency: Type.String({ description: '发布机构' }),
  subject: Type.String({ description: '主题分类' }),
  validity: Type.String({ description: `有效性：${Object.keys(VALIDITIES).join(' / ')}` }),
});
const PolicyBody = StrictObject({
  indexNumber: Type.Optional(Type.String({ maxLength: 60 })),
  writtenDate: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  issuingAgency: Type.Optional(Type.String({ maxLength: 100 })),
  subject: Type.Optional(Type.String({ maxLength: 50 })),
  validity: Type.Optional(lit(VALIDITIES)),
});
const ItemSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: `内容类型：${Object.keys(ITEM_KINDS).join(' / ')}` }),
  title: Type.String(),
  body: Type.String({ description: '正文（已净化的 HTML）' }),
  orgId: Type.Integer({ description: '发布单位' }),
  status: Type.String({ description: `状态：${Object.keys(STATUSES).join(' / ')}` }),
  source: Type.String({ description: 'original 原创 / reposted 转载' }),
  origin: Nullable(Type.String({ description: '转载出处' })),
  formationDate: Nullable(Type.String({ description: '信息形成（变更）日期 YYYY-MM-DD' })),
  docNumber: Nullable(Type.String({ description: '发文字号' })),
  policy: Type.Union([PolicySchema, Type.Null()], { description: '政策文件信息（其他类型为 null）' }),
  interpForm: Nullable(Type.String({ description: '解读形式' })),
  interpPoints: Type.Record(Type.String(), Type.String(), { description: '解读七要点' }),
  dataTable: Type.Union([DataTableSchema, Type.Null()]),
  revision: Type.Integer({ description: '当前版本号' }),
  publishAt: Nullable(Type.String({ description: '定时发布时间' })),
  publishedAt: Nullable(Type.String({ description: '发布时间' })),
  modifiedAt: Nullable(Type.String({ description: '发布后修改时间' })),
  late: Type.Boolean({ description: '是否超过 20 个工作日发布' }),
  gate: Type.Unknown({ description: '最近一次发布前检查结果' }),
  rejectComment: Nullable(Type.String()),
  withdrawalMode: Nullable(Type.String()),
  withdrawalReason: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  supersedesId: Type.Union([Type.Integer(), Type.Null()], {
    description: '本稿件发布后替代（撤回并跳转到本稿件）的已发布稿件',
  }),
  columnIds: Type.Array(Type.Integer()),
  topics: Type.Array(
    Type.Object({ topicId: Type.Integer(), sectionId: Type.Union([Type.Integer(), Type.Null()]) }),
  ),
  interprets: Type.Array(Type.Integer(), { description: '本解读所解读的政策文件' }),
  interpretedBy: Type.Array(Type.Integer(), { description: '解读本文件的解读' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const SummarySchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  orgId: Type.Integer(),
  status: Type.String(),
  source: Type.String(),
  docNumber: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
  late: Type.Boolean(),
});
const ItemPage_ = Type.Object({
  items: Type.Array(SummarySchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
const ItemBody = StrictObject({
  kind: lit(ITEM_KINDS),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  body: Type.String({ maxLength: 500000 }),
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  source: lit(SOURCES),
  origin: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  formationDate: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  docNumber: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  columnIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 20 }),
  topics: Type.Optional(
    Type.Array(
      StrictObject({
        topicId: Type.Integer({ minimum: 1 }),
        sectionId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
      }),
      { maxItems: 20 },
    ),
  ),
  interprets: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20 })),
  interpForm: Type.Optional(Type.Union([lit(INTERP_FORMS), Type.Null()])),
  interpPoints: Type.Optional(
    Type.Partial(
      Type.Object(
        Object.fromEntries(Object.keys(INTERP_POINTS).map((k) => [k, Type.String({ maxLength: 5000 })])),
        { additionalProperties: false },
      ),
    ),
  ),
  dataTable: Type.Optional(Type.Union([DataTableSchema, Type.Null()])),
  policy: Type.Optional(Type.Union([PolicyBody, Type.Null()])),
});
const RevisionSchema = Type.Object({
  number: Type.Integer(),
  note: Type.String(),
  actorName: Type.String(),
  createdAt: Type.String(),
  snapshot: Type.Unknown(),
});
const AttachmentSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  createdAt: Type.String(),
});
const tags = ['内容发布'];

// ---------------------------------------------------------------- form parsing

function formInput(body: unknown): { input: svc.ItemInput; values: ItemFormValues; tableError?: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  const kind = str(b.kind) as ItemKind;
  const interpPoints: Partial<Record<InterpPoint, string>> = {};
  for (const k of Object.keys(INTERP_POINTS))
    if (str(b[`point_${k}`])) interpPoints[k as InterpPoint] = str(b[`point_${k}`]);
  const topicKeys = list(b.topics);
  const tableText = typeof b.dataTable === 'string' ? b.dataTable : '';
  const parsed = kind === 'data' && tableText.trim() ? parseDataTableText(tableText) : null;
  const values: ItemFormValues = {
    kind,
    title: str(b.title),
    body: typeof b.body === 'string' ? b.body : '',
    orgId: int(b.orgId),
    source: str(b.source),
    origin: str(b.origin),
    formationDate: str(b.formationDate),
    docNumber: str(b.docNumber),
    columnIds: list(b.columnIds).map(Number).filter(Number.isInteger),
    topicKeys,
    interprets: list(b.interprets).map(Number).filter(Number.isInteger),
    interpForm: str(b.interpForm) || null,
    interpPoints,
    dataTableText: tableText,
    policy: {
      indexNumber: str(b.indexNumber),
      writtenDate: str(b.writtenDate) || null,
      issuingAgency: str(b.issuingAgency),
      subject: str(b.subject),
      validity: (str(b.validity) || 'valid') as Validity,
    },
  };
  const input: svc.ItemInput = {
    kind,
    title: values.title!,
    body: values.body!,
    orgId: values.orgId ?? undefined,
    source: values.source as svc.ItemInput['source'],
    origin: values.origin,
    formationDate: values.formationDate,
    docNumber: values.docNumber,
    columnIds: values.columnIds!,
    topics: topicKeys
      .map((k) => /^(\d+):(\d*)$/.exec(k))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => ({ topicId: Number(m[1]), sectionId: m[2] ? Number(m[2]) : null })),
    interprets: kind === 'interpretation' ? values.interprets : [],
    interpForm:
      kind === 'interpretation' ? ((values.interpForm as svc.ItemInput['interpForm']) ?? 'text') : null,
    interpPoints: kind === 'interpretation' ? interpPoints : {},
    dataTable: parsed && typeof parsed !== 'string' ? parsed : null,
    policy: kind === 'policy' ? values.policy : null,
  };
  return { input, values, tableError: typeof parsed === 'string' ? parsed : undefined };
}

/** Which workflow buttons this actor sees on this item (the services check again). */
function permitsFor(actor: Actor, item: Item): Permits {
  const own = actor.kind === 'user' && item.authorId === actor.id;
  const may = (a: Parameters<typeof nextStatus>[1]) => nextStatus(item.status, a) != null;
  return {
    edit:
      (item.status === 'draft' && can(actor, 'content.edit')) ||
      (item.status === 'published' && can(actor, 'content.publish')),
    submit: may('submit') && can(actor, 'content.edit'),
    review: may('review') && can(actor, 'content.review') && !own,
    clear: may('clear') && can(actor, 'content.confidentiality') && !own,
    publish: may('publish') && can(actor, 'content.publish') && !own,
    withdraw: may('withdraw') && can(actor, 'content.withdraw'),
    reject:
      may('reject') &&
      (can(actor, 'content.review') ||
        can(actor, 'content.confidentiality') ||
        can(actor, 'content.publish')),
    mask:
      item.status !== 'withdrawn' &&
      (can(actor, 'content.edit') || can(actor, 'content.review') || can(actor, 'content.confidentiality')),
    override: can(actor, 'content.gate_override') && !own,
  };
}

/** Org id → short name, from the org list every page shares (app.readCache). */
const orgNamer = async (app: FastifyInstance) => {
  const orgs = await app.readCache.get('orgs', ['orgs'], listPublicOrgs);
  return (id: number) => orgs.find((o) => o.id === id)?.shortName ?? '';
};

// ---------------------------------------------------------------- routes

export const contentRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;
  const id = (req: FastifyRequest) => (req.params as { id: number }).id;
  /** What an item's portal page shows beside it: its files and the interpretations linked either way. */
  const itemPageData = async (item: Item) => {
    const [attachments, interprets, interpretedBy, library] = await Promise.all([
      svc.listAttachments(ctx.db, item.id),
      svc.publicSummaries(ctx.db, item.interprets),
      svc.publicSummaries(ctx.db, item.interpretedBy),
      libraryRelations(ctx.db, item),
    ]);
    const links = (items: ItemSummary[]): RelatedLink[] =>
      items.map((d) => ({ href: `/items/${d.id}`, title: d.title, docNumber: d.docNumber ?? undefined }));
    return {
      attachments,
      interprets: [...links(interprets), ...library.interprets],
      interpretedBy: [...links(interpretedBy), ...library.interpretedBy],
    };
  };
  /** The column tree for portal pages, shared by every request until a column changes. */
  const publicColumns = () => app.readCache.get('columns', ['content_columns'], svc.listColumns);

  // ---- JSON API: structure
  app.get(
    '/api/v1/content/columns',
    {
      schema: {
        operationId: 'content.columns.list',
        tags,
        summary: '栏目列表（公开）',
        security: [],
        querystring: NoQuery,
        response: { 200: Type.Array(ColumnSchema), ...errors(400) },
      },
    },
    () => svc.listColumns(ctx.db),
  );
  app.post(
    '/api/v1/content/columns',
    {
      schema: {
        operationId: 'content.columns.create',
        tags,
        summary: '新建栏目',
        body: ColumnBody,
        response: { 201: ColumnSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await svc.createColumn(ctx, req.actor, req.body as svc.ColumnInput)),
  );
  app.put(
    '/api/v1/content/columns/:id',
    {
      schema: {
        operationId: 'content.columns.update',
        tags,
        summary: '修改栏目',
        params: IdParams,
        body: ColumnBody,
        response: { 200: ColumnSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => svc.updateColumn(ctx, req.actor, id(req), req.body as svc.ColumnInput),
  );
  app.get(
    '/api/v1/content/topics',
    {
      schema: {
        operationId: 'content.topics.list',
        tags,
        summary: '专题列表（公开）',
        security: [],
        querystring: NoQuery,
        response: { 200: Type.Array(TopicSchema), ...errors(400) },
      },
    },
    () => svc.listTopics(ctx.db),
  );
  app.post(
    '/api/v1/content/topics',
    {
      schema: {
        operationId: 'content.topics.create',
        tags,
        summary: '新建专题',
        body: TopicBody,
        response: { 201: TopicSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await svc.createTopic(ctx, req.actor, req.body as svc.TopicInput)),
  );

  // ---- JSON API: public lists for portal reuse
  const PublicListQuery = StrictObject({
    column: Type.Optional(Type.String({ maxLength: 64 })),
    topic: Type.Optional(Type.String({ maxLength: 64 })),
    kind: Type.Optional(lit(ITEM_KINDS)),
    ...PageQuery,
  });
  app.get(
    '/api/v1/content/public/items',
    {
      schema: {
        operationId: 'content.items.listPublic',
        tags,
        summary: '已发布内容列表（公开，按栏目或专题）',
        security: [],
        querystring: PublicListQuery,
        response: { 200: ItemPage_, ...errors(400, 404) },
      },
    },
    async (req) => {
      const q = req.query as {
        column?: string;
        topic?: string;
        kind?: ItemKind;
        page?: number;
        pageSize?: number;
      };
      const columnId = q.column ? (await svc.getColumnBySlug(ctx.db, q.column)).id : undefined;
      const topicId = q.topic ? (await svc.getTopicBySlug(ctx.db, q.topic)).id : undefined;
      return svc.listPublicItems(ctx.db, {
        columnId,
        topicId,
        kind: q.kind,
        page: q.page,
        pageSize: q.pageSize,
      });
    },
  );
  app.get(
    '/api/v1/content/public/items/:id',
    {
      schema: {
        operationId: 'content.items.getPublic',
        tags,
        summary: '已发布内容详情（公开）',
        security: [],
        params: IdParams,
        response: { 200: ItemSchema, ...errors(404) },
      },
    },
    async (req) => {
      const item = await svc.getPublicItem(ctx.db, id(req));
      if (item.status !== 'published') throw new AppError('not_found', '该信息已撤回');
      // Internal review data stays internal.
      return { ...item, gate: null, rejectComment: null };
    },
  );

  // ---- JSON API: items (staff)
  const ListQuery = StrictObject({
    status: Type.Optional(lit(STATUSES)),
    kind: Type.Optional(lit(ITEM_KINDS)),
    columnId: Type.Optional(Type.Integer({ minimum: 1 })),
    orgId: Type.Optional(Type.Integer({ minimum: 1 })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    ...PageQuery,
  });
  app.get(
    '/api/v1/content/items',
    {
      schema: {
        operationId: 'content.items.list',
        tags,
        summary: '稿件列表（本单位及下级；公开办看全部）',
        querystring: ListQuery,
        response: { 200: ItemPage_, ...errors(400, 401, 403) },
      },
    },
    (req) => svc.listItems(ctx, req.actor, req.query as svc.ItemListFilter),
  );
  app.post(
    '/api/v1/content/items',
    {
      schema: {
        operationId: 'content.items.create',
        tags,
        summary: '新建稿件（草稿，第 1 版）',
        body: ItemBody,
        response: { 201: ItemSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await svc.createItem(ctx, req.actor, req.body as svc.ItemInput)),
  );
  app.get(
    '/api/v1/content/items/:id',
    {
      schema: {
        operationId: 'content.items.get',
        tags,
        summary: '稿件详情',
        params: IdParams,
        response: { 200: ItemSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => svc.getItem(ctx, req.actor, id(req)),
  );
  app.put(
    '/api/v1/content/items/:id',
    {
      schema: {
        operationId: 'content.items.update',
        tags,
        summary: '修改稿件（保存为新版本）',
        params: IdParams,
        body: ItemBody,
        response: { 200: ItemSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => svc.updateItem(ctx, req.actor, id(req), req.body as svc.ItemInput),
  );
  app.get(
    '/api/v1/content/items/:id/revisions',
    {
      schema: {
        operationId: 'content.revisions.list',
        tags,
        summary: '历史版本',
        params: IdParams,
        response: { 200: Type.Array(RevisionSchema), ...errors(401, 403, 404) },
      },
    },
    (req) => svc.listRevisions(ctx, req.actor, id(req)),
  );
  app.post(
    '/api/v1/content/items/:id/revisions/:number/restore',
    {
      schema: {
        operationId: 'content.revisions.restore',
        tags,
        summary: '恢复历史版本（保存为新版本）',
        params: StrictObject({ id: Type.Integer({ minimum: 1 }), number: Type.Integer({ minimum: 1 }) }),
        response: { 200: ItemSchema, ...errors(401, 403, 404, 409) },
      },
    },
    (req) => {
      const p = req.params as { id: number; number: number };
      return svc.restoreRevision(ctx, req.actor, p.id, p.number);
    },
  );
  app.get(
    '/api/v1/content/items/:id/history',
    {
      schema: {
        operationId: 'content.items.history',
        tags,
        summary: '办理记录（谁在何时做了什么）',
        params: IdParams,
        response: {
          200: Type.Array(
            Type.Object({ at: Type.String(), actorName: Type.String(), action: Type.String() }),
          ),
          ...errors(401, 403, 404),
        },
      },
    },
    async (req) => {
      await svc.getItem(ctx, req.actor, id(req));
      return svc.itemHistory(ctx.db, id(req));
    },
  );
  const step = (
    path: string,
    summary: string,
    run: (req: FastifyRequest) => Promise<Item>,
    body?: ReturnType<typeof StrictObject>,
  ) =>
    app.post(
      `/api/v1/content/items/:id/${path}`,
      {
        schema: {
          operationId: `content.items.${path.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`,
          tags,
          summary,
          params: IdParams,
          ...(body ? { body } : {}),
          response: { 200: ItemSchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      run,
    );
  // The body is optional (most 报送 carry none), so it is checked here rather than by a body schema.
  step(
    'submit',
    '报送（运行发布前检查；有个人信息或严重错敏词时须先脱敏，或附报送理由 {"justification": "…"}）',
    (req) => {
      const b = req.body as unknown;
      if (
        b != null &&
        (typeof b !== 'object' || Array.isArray(b) || Object.keys(b).some((k) => k !== 'justification'))
      )
        throw badRequest('请求内容只能包含报送理由 justification');
      const j = (b as { justification?: unknown } | null)?.justification;
      if (j != null && (typeof j !== 'string' || j.length > 500))
        throw badRequest('报送理由须为不超过 500 字的文字', { justification: '请填写不超过 500 字的理由' });
      return svc.submitItem(ctx, req.actor, id(req), { justification: (j as string | undefined) ?? null });
    },
  );
  step('review', '审核通过（本单位审核人，不能是作者）', (req) => svc.reviewItem(ctx, req.actor, id(req)));
  step('confidentiality-review', '保密审查通过', (req) => svc.clearItem(ctx, req.actor, id(req)));
  step(
    'reject',
    '退回修改（附意见）',
    (req) => svc.rejectItem(ctx, req.actor, id(req), (req.body as { comment: string }).comment),
    StrictObject({ comment: Type.String({ minLength: 1, maxLength: 1000 }) }),
  );
  step(
    'publish',
    '发布（立即或定时；发布前再次检查）',
    (req) =>
      svc.publishItem(ctx, req.actor, id(req), { at: (req.body as { at?: string } | undefined)?.at ?? null }),
    StrictObject({
      at: Type.Optional(
        Nullable(Type.String({ format: 'date-time', description: '定时发布时间（ISO 8601）' })),
      ),
    }),
  );
  step(
    'withdraw',
    '撤稿（保留页面并说明，或删除并跳转）',
    (req) => svc.withdrawItem(ctx, req.actor, id(req), req.body as svc.WithdrawInput),
    StrictObject({
      mode: lit(WITHDRAWAL_MODES),
      reason: Type.String({ minLength: 1, maxLength: 1000 }),
      redirectTo: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    }),
  );
  step('mask', '一键脱敏（保存为新版本）', (req) => svc.maskItem(ctx, req.actor, id(req)));
  step(
    'gate-override',
    '审核人说明理由后放行检查结果',
    (req) => svc.overrideGate(ctx, req.actor, id(req), (req.body as { reason: string }).reason),
    StrictObject({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
  );
  app.post(
    '/api/v1/content/items/:id/check',
    {
      schema: {
        operationId: 'content.items.check',
        tags,
        summary: '运行发布前检查（个人信息、错敏词）',
        params: IdParams,
        response: { 200: Type.Unknown(), ...errors(401, 403, 404) },
      },
    },
    (req) => svc.checkItem(ctx, req.actor, id(req)),
  );
  app.post(
    '/api/v1/content/items/:id/attachments',
    {
      schema: {
        operationId: 'content.attachments.create',
        tags,
        summary: '上传附件（multipart，字段 file）',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentSchema, ...errors(400, 401, 403, 404, 409, 413) },
      },
    },
    async (req, reply) => {
      const file = await readUpload(req, { maxBytes: ATTACHMENT_MAX_BYTES });
      return reply
        .code(201)
        .send(await svc.addAttachment(ctx, req.actor, id(req), { filename: file.name, data: file.data }));
    },
  );
  app.post(
    '/api/v1/content/items/:id/body-docx',
    {
      schema: {
        operationId: 'content.items.replaceBodyFromDocx',
        tags,
        summary: '用 Word/WPS 文件（.docx，multipart 字段 file）替换草稿的正文；图片作为附件',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 200: ItemSchema, ...errors(400, 401, 403, 404, 409, 413) },
      },
    },
    async (req) => {
      const file = await readUpload(req, { maxBytes: svc.ATTACHMENT_TYPES.docx.maxBytes });
      return (await svc.importDocxBody(ctx, req.actor, id(req), { filename: file.name, data: file.data }))
        .item;
    },
  );
  app.delete(
    '/api/v1/content/items/:id/attachments/:attachmentId',
    {
      schema: {
        operationId: 'content.attachments.delete',
        tags,
        summary: '删除附件',
        params: StrictObject({
          id: Type.Integer({ minimum: 1 }),
          attachmentId: Type.Integer({ minimum: 1 }),
        }),
        response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const p = req.params as { id: number; attachmentId: number };
      await svc.removeAttachment(ctx, req.actor, p.id, p.attachmentId);
      return reply.code(204).send();
    },
  );

  // ---- files and data-table downloads
  app.get(
    '/files/content/:attachmentId/:name',
    {
      schema: {
        hide: true,
        params: Type.Object({ attachmentId: Type.Integer({ minimum: 1 }), name: Type.String() }),
      },
    },
    async (req, reply) => {
      const { attachment, data } = await svc.readAttachment(
        ctx,
        req.actor,
        (req.params as { attachmentId: number }).attachmentId,
      );
      return sendDownload(reply, { name: attachment.name, mime: attachment.mime, body: data });
    },
  );
  app.get(
    '/items/:id/table.:format',
    {
      schema: {
        hide: true,
        params: StrictObject({
          id: Type.Integer({ minimum: 1 }),
          format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
        }),
      },
    },
    async (req, reply) => {
      const p = req.params as { id: number; format: 'csv' | 'xlsx' };
      const item = await svc.getPublicItem(ctx.db, p.id);
      if (item.status !== 'published' || !item.dataTable) throw new AppError('not_found', '该信息没有数据表');
      const name = encodeURIComponent(`${item.title}.${p.format}`);
      if (p.format === 'csv') {
        // BOM so that Excel/WPS open the UTF-8 file with Chinese intact; cells neutralised (formula injection).
        const csv = csvFile([item.dataTable.columns, ...item.dataTable.rows]);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename*=UTF-8''${name}`)
          .send(csv);
      }
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('数据');
      ws.addRow(item.dataTable.columns).font = { bold: true };
      for (const r of item.dataTable.rows) ws.addRow(r);
      const buf = await xlsxFile(wb);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${name}`)
        .send(buf);
    },
  );

  // ---- portal pages
  const columnPage = async (req: FastifyRequest, reply: FastifyReply, slug: string) => {
    const page = Math.max(1, int((req.query as Record<string, unknown>)?.page) ?? 1);
    const columns = await publicColumns();
    const column = columns.find((c) => c.slug === slug);
    if (!column) throw new AppError('not_found', '栏目不存在');
    const res = await svc.listPublicItems(ctx.db, { columnId: column.id, page, pageSize: 20 });
    // The 依申请公开 column holds no items of its own on most sites: its address leads to the guide page (/ysqgk).
    if (slug === YSQGK_COLUMN_SLUG && res.total === 0) return reply.redirect('/ysqgk', 302);
    const orgName = await orgNamer(app);
    return renderPortal(
      req,
      reply,
      {
        title: column.name,
        crumbs: columnCrumbs(columns, column),
        description: (site) => column.description || `${column.name}：${site.name}政府信息公开`,
      },
      <ColumnPage
        column={column}
        children={columns.filter((c) => c.parentId === column.id)}
        items={res.items}
        total={res.total}
        page={page}
        pageSize={20}
        orgName={orgName}
      />,
    );
  };
  app.get('/xxgk', { schema: { hide: true } }, (req, reply) => columnPage(req, reply, 'xxgk'));
  app.get(
    '/columns/:slug',
    { schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 64 }) }) } },
    (req, reply) => columnPage(req, reply, (req.params as { slug: string }).slug),
  );
  app.get('/zcjd', { schema: { hide: true } }, (_req, reply) => reply.redirect('/columns/zcjd', 302));

  app.get('/items/:id', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const item = await svc.getPublicItem(ctx.db, id(req));
    const orgName = (await orgNamer(app))(item.orgId);
    const columns = await publicColumns();
    if (item.status === 'withdrawn') {
      // 撤稿: removed with a redirect, or the page stays with the notice and the reason.
      if (item.withdrawalMode === 'redirect') return reply.redirect(safeBack(item.redirectTo, '/'), 301);
      return renderPortal(
        req,
        reply,
        {
          title: `已撤回：${item.title}`,
          status: 410,
          crumbs: [
            { href: '/', label: '首页' },
            { href: `/items/${item.id}`, label: '已撤回的信息' },
          ],
        },
        <WithdrawnPage item={item} orgName={orgName} />,
      );
    }
    const column = columns.find((c) => c.id === item.columnIds[0]);
    const related = await itemPageData(item);
    return renderPortal(
      req,
      reply,
      {
        title: item.title,
        lastModified: item.updatedAt,
        crumbs: [...columnCrumbs(columns, column), { href: `/items/${item.id}`, label: '正文' }],
        description: item.title,
      },
      <ItemPage item={item} orgName={orgName} columns={columns} {...related} />,
    );
  });

  // 预览 (issue 20): the item as its portal page in three widths, and the frame that page shows.
  app.get(
    '/admin/content/:id/preview',
    {
      schema: {
        hide: true,
        params: IdParams,
        querystring: StrictObject({
          view: Type.Optional(
            Type.Union([Type.Literal('desktop'), Type.Literal('elder'), Type.Literal('phone')]),
          ),
        }),
      },
    },
    async (req, reply) => {
      const item = await svc.getItem(ctx, req.actor, id(req));
      const view = (req.query as { view?: PreviewView }).view ?? 'desktop';
      return renderAdmin(
        req,
        reply,
        {
          title: `预览：${item.title}`,
          crumbs: crumbs([
            { href: `/admin/content/${item.id}`, label: '稿件' },
            { href: `/admin/content/${item.id}/preview`, label: '预览' },
          ]),
        },
        <PreviewPage item={item} view={view} />,
      );
    },
  );
  app.get(
    '/admin/content/:id/preview/frame',
    {
      schema: {
        hide: true,
        params: IdParams,
        querystring: StrictObject({ elder: Type.Optional(Type.Literal('1')) }),
      },
    },
    async (req, reply) => {
      const item = await svc.getItem(ctx, req.actor, id(req));
      const [columns, orgName, related] = await Promise.all([
        svc.listColumns(ctx.db),
        orgNamer(app),
        itemPageData(item),
      ]);
      const column = columns.find((c) => c.id === item.columnIds[0]);
      // The frame is shown inside our own preview page only: framing allowed from this site, never indexed.
      const csp = String(reply.getHeader('content-security-policy') ?? '');
      reply
        .header('content-security-policy', csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"))
        .header('x-frame-options', 'SAMEORIGIN')
        .header('x-robots-tag', 'noindex');
      // Elder mode as asked for by the frame, whatever the staff member's own setting.
      req.cookies[ELDER_COOKIE] = (req.query as { elder?: string }).elder === '1' ? '1' : '0';
      return renderPortal(
        req,
        reply,
        {
          title: `预览：${item.title}`,
          crumbs: [...columnCrumbs(columns, column), { href: req.url, label: '预览' }],
        },
        <>
          <Notice kind="warning">
            预览：本页为第 {item.revision} 版（{STATUSES[item.status]}）发布后的样子，尚未公开。
          </Notice>
          <ItemPage item={item} orgName={orgName(item.orgId)} columns={columns} {...related} />
        </>,
      );
    },
  );

  app.get('/topics', { schema: { hide: true } }, async (req, reply) =>
    renderPortal(
      req,
      reply,
      {
        title: '专题专栏',
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/topics', label: '专题专栏' },
        ],
      },
      <TopicsIndex topics={await svc.listTopics(ctx.db)} />,
    ),
  );
  app.get(
    '/topics/:slug',
    { schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 64 }) }) } },
    async (req, reply) => {
      const topic = await svc.getTopicBySlug(ctx.db, (req.params as { slug: string }).slug);
      const sections: {
        id: number | null;
        name: string;
        items: Awaited<ReturnType<typeof svc.listPublicItems>>['items'];
      }[] = [];
      for (const s of topic.sections)
        sections.push({
          id: s.id,
          name: s.name,
          items: (await svc.listPublicItems(ctx.db, { topicId: topic.id, sectionId: s.id, pageSize: 10 }))
            .items,
        });
      const all = await svc.listPublicItems(ctx.db, { topicId: topic.id, pageSize: 20 });
      sections.push({ id: null, name: '最新信息', items: all.items });
      const orgName = await orgNamer(app);
      return renderPortal(
        req,
        reply,
        {
          title: topic.name,
          crumbs: [
            { href: '/', label: '首页' },
            { href: '/topics', label: '专题专栏' },
            { href: `/topics/${topic.slug}`, label: topic.name },
          ],
        },
        <TopicPage topic={topic} sections={sections} orgName={orgName} />,
      );
    },
  );

  // ---- back office
  const crumbs = (extra: { href: string; label: string }[] = []) => [
    { href: '/admin', label: '工作台' },
    { href: '/admin/content', label: '内容管理' },
    ...extra,
  ];

  app.get('/admin/content', { schema: { hide: true } }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const status = str(q.status);
    const filter = {
      status: (status in STATUSES ? status : undefined) as ItemStatus | undefined,
      q: str(q.q).slice(0, 100) || undefined,
      page: int(q.page) ?? 1,
    };
    const res = await svc.listItems(ctx, req.actor, filter);
    const orgName = await orgNamer(app);
    return renderAdmin(
      req,
      reply,
      { title: '内容管理', crumbs: crumbs() },
      <ItemListPage
        {...res}
        status={filter.status}
        q={filter.q}
        orgName={orgName}
        canCreate={can(req.actor, 'content.edit')}
        saved={!!q.saved}
      />,
    );
  });

  app.get('/admin/content/review', { schema: { hide: true } }, async (req, reply) => {
    const res = await svc.reviewQueue(ctx, req.actor);
    const orgName = await orgNamer(app);
    return renderAdmin(
      req,
      reply,
      { title: '待我处理', crumbs: crumbs([{ href: '/admin/content/review', label: '待我处理' }]) },
      <>
        <h1>待我处理</h1>
        <p>待审核、待保密审查和待发布的稿件（本单位及下级单位）。</p>
        <ItemTable caption={`待处理稿件（共 ${res.total} 篇）`} items={res.items} orgName={orgName} />
      </>,
    );
  });

  const editorData = async (actor: Actor, orgId: number | null | undefined) => {
    const scope = await orgScope(ctx.db, actor);
    const orgs = (await listPublicOrgs(ctx.db)).filter((o) => inScope(scope, o.id));
    const [columns, topics, policies] = await Promise.all([
      svc.listColumns(ctx.db),
      svc.listTopics(ctx.db),
      svc.listPublicItems(ctx.db, { kind: 'policy', pageSize: 100 }),
    ]);
    const org = orgs.find((o) => o.id === orgId) ?? orgs[0];
    const indexExample = await indexNumberExample(
      ctx.db,
      org?.code ?? '',
      Number(shanghaiDate(ctx.clock.now()).slice(0, 4)),
    );
    return { orgs, columns, topics, policies: policies.items, subjects: POLICY_SUBJECTS, indexExample };
  };
  const renderEditor = async (
    req: FastifyRequest,
    reply: FastifyReply,
    title: string,
    action: string,
    values: ItemFormValues,
    error?: AppError,
  ) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    // ?choose=1: the type chooser; ?kind=…: the form for that type (server-rendered, no JavaScript needed).
    if (!error && q.choose) {
      return renderAdmin(
        req,
        reply,
        { title, crumbs: crumbs([{ href: action, label: title }]) },
        <>
          <h1>{title}</h1>
          <KindChooser action={action} value={values.kind} />
        </>,
      );
    }
    const kind = str(q.kind);
    const v = !error && kind in ITEM_KINDS ? { ...values, kind } : values;
    const data = await editorData(req.actor, v.orgId);
    return renderAdmin(
      req,
      reply,
      { title, status: error?.status ?? 200, crumbs: crumbs([{ href: action, label: title }]) },
      (page) => (
        <>
          <h1>{title}</h1>
          <ItemForm page={page} action={action} values={v} error={error} {...data} />
        </>
      ),
    );
  };
  /** The refusal with the data-table parse error added as a field, so the editor shows both. */
  const withTableError = (e: AppError, tableError?: string) =>
    tableError ? new AppError('bad_request', e.userMessage, { ...e.fields, dataTable: tableError }) : e;

  app.get('/admin/content/new', { schema: { hide: true } }, async (req, reply) => {
    if (!can(req.actor, 'content.edit')) throw new AppError('forbidden', '您没有新建稿件的权限');
    // First the type, then that type's form.
    if (!str((req.query as Record<string, unknown>)?.kind))
      (req.query as Record<string, unknown>).choose = '1';
    return renderEditor(req, reply, '新建稿件', '/admin/content/new', {
      kind: 'article',
      source: 'original',
      orgId: req.actor.kind === 'user' ? req.actor.orgId : null,
    });
  });
  app.post('/admin/content/new', { schema: { hide: true } }, async (req, reply) => {
    const { input, values, tableError } = formInput(req.body);
    return formPost(
      async () => {
        if (tableError) throw badRequest('数据表格有误', { dataTable: tableError });
        const item = await svc.createItem(ctx, req.actor, input);
        return seeOther(reply, `/admin/content/${item.id}?done=saved`);
      },
      (e) =>
        renderEditor(req, reply, '新建稿件', '/admin/content/new', values, withTableError(e, tableError)),
    );
  });
  app.get('/admin/content/:id/edit', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const item = await svc.getItem(ctx, req.actor, id(req));
    return renderEditor(
      req,
      reply,
      `编辑：${item.title}`,
      `/admin/content/${item.id}/edit`,
      itemFormValues(item),
    );
  });
  app.post('/admin/content/:id/edit', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const { input, values, tableError } = formInput(req.body);
    return formPost(
      async () => {
        if (tableError) throw badRequest('数据表格有误', { dataTable: tableError });
        await svc.updateItem(ctx, req.actor, id(req), input);
        return seeOther(reply, `/admin/content/${id(req)}?done=saved`);
      },
      (e) =>
        renderEditor(
          req,
          reply,
          '编辑稿件',
          `/admin/content/${id(req)}/edit`,
          values,
          withTableError(e, tableError),
        ),
    );
  });

  const DONE: Record<string, string> = {
    saved: '已保存为新版本。',
    submit: '已报送，等待本单位审核人审核。',
    review: '已审核通过，等待保密审查。',
    clear: '已通过保密审查，可以发布。',
    publish: '已发布。',
    schedule: '已设置定时发布。',
    reject: '已退回修改。',
    withdraw: '已撤稿。',
    mask: '已脱敏并保存为新版本。',
    override: '已说明理由并放行。',
    check: '检查已完成，结果见下方。',
    attachment: '附件已上传。',
    restored: '已恢复为新版本。',
    deleted: '附件已删除。',
    imported: '已从 Word 文件导入正文，保存为新版本；文中的图片已作为附件保存。请在下方核对正文。',
  };
  /** What the review screens need besides the item: attachments, history, the last published version, the 报送 reason. */
  const approvalData = async (req: FastifyRequest, item: Item) => {
    const [attachments, history, revisions] = await Promise.all([
      svc.listAttachments(ctx.db, item.id),
      svc.itemHistory(ctx.db, item.id),
      svc.listRevisions(ctx, req.actor, item.id),
    ]);
    const after = (h: { after: unknown }) => (h.after ?? {}) as Record<string, unknown>;
    const lastPublish = [...history]
      .reverse()
      .find((h) => h.action === 'content.item.publish' || h.action === 'content.item.release');
    const rev = lastPublish
      ? revisions.find((r) => r.number === Number(after(lastPublish).revision))
      : undefined;
    let published: PublishedVersion | null = rev
      ? {
          label: `第 ${rev.number} 版（${when(lastPublish!.at)} 发布）`,
          text: versionText(String(rev.snapshot.title ?? ''), String(rev.snapshot.body ?? '')),
        }
      : null;
    if (!published && item.supersedesId != null) {
      const old = await svc.getItem(ctx, req.actor, item.supersedesId).catch(() => null);
      if (old)
        published = { label: `被替代的已发布稿件（${old.title}）`, text: versionText(old.title, old.body) };
    }
    const lastSubmit = [...history].reverse().find((h) => h.action === 'content.item.submit');
    const justification = lastSubmit
      ? ((after(lastSubmit).justification as string | undefined) ?? null)
      : null;
    return { attachments, history, published, justification };
  };
  /** The banner after an action: never a green success over findings that still need a decision. */
  const doneNotice = (key: string, item: Item): { kind: 'success' | 'warning'; text: string } | undefined => {
    const text = DONE[key];
    if (!text) return undefined;
    const n = item.gate ? gateCounts(item.gate) : { blocking: 0, warnings: 0 };
    if (['submit', 'review', 'clear', 'check'].includes(key) && (n.blocking > 0 || n.warnings > 0)) {
      const parts = [
        n.blocking
          ? `须处理 ${n.blocking} 处${item.gateOverride ? '（已放行）' : '（发布前须脱敏或由审核人说明理由放行）'}`
          : '',
        n.warnings ? `提示 ${n.warnings} 处` : '',
      ]
        .filter(Boolean)
        .join('，');
      return { kind: 'warning', text: `${text} 检查发现问题：${parts}，详见下方“个人信息和错敏词检查”。` };
    }
    return { kind: 'success', text };
  };
  const renderDetail = async (req: FastifyRequest, reply: FastifyReply, itemId: number, error?: AppError) => {
    const item = await svc.getItem(ctx, req.actor, itemId);
    const [{ attachments, history, published, justification }, columns, orgName] = await Promise.all([
      approvalData(req, item),
      svc.listColumns(ctx.db),
      orgNamer(app),
    ]);
    const done = doneNotice(str((req.query as Record<string, unknown>)?.done), item);
    return renderAdmin(
      req,
      reply,
      {
        title: item.title,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: `/admin/content/${item.id}`, label: '稿件' }]),
      },
      (page) => (
        <ItemDetail
          page={page}
          item={item}
          orgName={orgName(item.orgId)}
          columns={columns}
          attachments={attachments}
          history={history}
          permits={permitsFor(req.actor, item)}
          published={published}
          justification={justification}
          notice={error ? undefined : done}
          error={error}
        />
      ),
    );
  };
  app.get('/admin/content/:id', { schema: { hide: true, params: IdParams } }, (req, reply) =>
    renderDetail(req, reply, id(req)),
  );

  const renderPublishConfirm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    itemId: number,
    at?: string,
    error?: AppError,
  ) => {
    const item = await svc.getItem(ctx, req.actor, itemId);
    const permits = permitsFor(req.actor, item);
    if (!permits.publish && !error)
      throw new AppError('invalid_state', `稿件当前状态为“${STATUSES[item.status]}”，或您不能发布本稿件`);
    const { attachments, published, justification } = await approvalData(req, item);
    return renderAdmin(
      req,
      reply,
      {
        title: `确认发布：${item.title}`,
        status: error?.status ?? 200,
        crumbs: crumbs([
          { href: `/admin/content/${item.id}`, label: '稿件' },
          { href: `/admin/content/${item.id}/publish`, label: '确认发布' },
        ]),
      },
      (page) => (
        <PublishConfirmPage
          page={page}
          item={item}
          attachments={attachments}
          published={published}
          permits={permits}
          justification={justification}
          at={at}
          error={error}
        />
      ),
    );
  };
  app.get('/admin/content/:id/publish', { schema: { hide: true, params: IdParams } }, (req, reply) =>
    renderPublishConfirm(req, reply, id(req), str((req.query as Record<string, unknown>)?.at) || undefined),
  );
  // 发布 from a form: only with the confirmation page's confirm=1; anything else goes to that page.
  app.post('/admin/content/:id/publish', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const at = str(b.at);
    if (str(b.confirm) !== '1')
      return seeOther(reply, `/admin/content/${id(req)}/publish${at ? `?at=${encodeURIComponent(at)}` : ''}`);
    return formPost(
      async () => {
        if (at && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(at))
          throw badRequest('定时发布时间格式不正确', { at: '请选择日期和时间' });
        const item = await svc.publishItem(ctx, req.actor, id(req), {
          at: at ? new Date(`${at}:00+08:00`).toISOString() : null,
        });
        return seeOther(
          reply,
          `/admin/content/${id(req)}?done=${item.status === 'scheduled' ? 'schedule' : 'publish'}`,
        );
      },
      (e) => renderPublishConfirm(req, reply, id(req), at || undefined, e),
      STATE_REFUSALS,
    );
  });

  /** A workflow form post: run the use case, redirect with a notice, or re-render with the error. */
  const action = (
    path: string,
    done: string | ((item: Item) => string),
    run: (req: FastifyRequest) => Promise<unknown>,
  ) =>
    app.post(`/admin/content/:id/${path}`, { schema: { hide: true, params: IdParams } }, async (req, reply) =>
      formPost(
        async () => {
          const r = await run(req);
          const key = typeof done === 'string' ? done : done(r as Item);
          return seeOther(reply, `/admin/content/${id(req)}?done=${key}`);
        },
        (e) => renderDetail(req, reply, id(req), e),
        STATE_REFUSALS,
      ),
    );
  const body = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
  action('submit', 'submit', (req) =>
    svc.submitItem(ctx, req.actor, id(req), { justification: str(body(req).justification) || null }),
  );
  action('review', 'review', (req) => svc.reviewItem(ctx, req.actor, id(req)));
  action('clear', 'clear', (req) => svc.clearItem(ctx, req.actor, id(req)));
  action('reject', 'reject', (req) => svc.rejectItem(ctx, req.actor, id(req), str(body(req).comment)));
  action('withdraw', 'withdraw', (req) =>
    svc.withdrawItem(ctx, req.actor, id(req), {
      mode: str(body(req).mode) as svc.WithdrawInput['mode'],
      reason: str(body(req).reason),
      redirectTo: str(body(req).redirectTo) || null,
    }),
  );
  action('mask', 'mask', (req) => svc.maskItem(ctx, req.actor, id(req)));
  action('override', 'override', (req) => svc.overrideGate(ctx, req.actor, id(req), str(body(req).reason)));
  action('check', 'check', (req) => svc.checkItem(ctx, req.actor, id(req)));
  action('attachments', 'attachment', async (req) => {
    const file = await readUpload(req, { maxBytes: ATTACHMENT_MAX_BYTES });
    return svc.addAttachment(ctx, req.actor, id(req), { filename: file.name, data: file.data });
  });
  action('import-docx', 'imported', async (req) => {
    const file = await readUpload(req, { maxBytes: svc.ATTACHMENT_TYPES.docx.maxBytes });
    return svc.importDocxBody(ctx, req.actor, id(req), { filename: file.name, data: file.data });
  });
  app.post(
    '/admin/content/:id/attachments/:attachmentId/delete',
    {
      schema: {
        hide: true,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), attachmentId: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (req, reply) => {
      const p = req.params as { id: number; attachmentId: number };
      await svc.removeAttachment(ctx, req.actor, p.id, p.attachmentId);
      return seeOther(reply, `/admin/content/${p.id}?done=deleted`);
    },
  );
  const revisionsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    revealed?: { number: number; title: string; body: string },
  ) => {
    const item = await svc.getItem(ctx, req.actor, id(req));
    const revisions = await svc.listRevisions(ctx, req.actor, item.id);
    const q = req.query as Record<string, unknown>;
    const from = revisions.find((r) => r.number === int(q.from)) ?? revisions[1];
    const to = revisions.find((r) => r.number === int(q.to)) ?? revisions[0];
    return renderAdmin(
      req,
      reply,
      {
        title: `历史版本：${item.title}`,
        crumbs: crumbs([
          { href: `/admin/content/${item.id}`, label: '稿件' },
          { href: `/admin/content/${item.id}/revisions`, label: '历史版本' },
        ]),
      },
      (page) => (
        <RevisionsPage
          page={page}
          item={item}
          revisions={revisions}
          from={from}
          to={to}
          canRestore={item.status === 'draft' && can(req.actor, 'content.edit')}
          canReveal={can(req.actor, 'content.gate_override')}
          revealed={revealed}
        />
      ),
    );
  };
  app.get('/admin/content/:id/revisions', { schema: { hide: true, params: IdParams } }, (req, reply) =>
    revisionsPage(req, reply),
  );
  // The original of a sealed revision: re-authentication, then an audited view (svc.revealRevision).
  app.post(
    '/admin/content/:id/revisions/:number/reveal',
    {
      schema: {
        hide: true,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), number: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (req, reply) => {
      const p = req.params as { id: number; number: number };
      return revisionsPage(req, reply, {
        number: p.number,
        ...(await svc.revealRevision(ctx, req.actor, p.id, p.number)),
      });
    },
  );
  app.post(
    '/admin/content/:id/revisions/:number/restore',
    {
      schema: {
        hide: true,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), number: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (req, reply) => {
      const p = req.params as { id: number; number: number };
      await svc.restoreRevision(ctx, req.actor, p.id, p.number);
      return seeOther(reply, `/admin/content/${p.id}?done=restored`);
    },
  );

  const structurePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    kind: 'columns' | 'topics',
    error?: AppError,
    values?: Record<string, string>,
  ) => {
    if (!can(req.actor, 'content.read')) throw new AppError('forbidden', '您没有权限查看栏目和专题');
    const canManage = can(req.actor, 'content.structure');
    if (kind === 'columns') {
      const [columns, orgs] = await Promise.all([svc.listColumns(ctx.db), listPublicOrgs(ctx.db)]);
      return renderAdmin(
        req,
        reply,
        {
          title: '栏目管理',
          status: error?.status ?? 200,
          crumbs: crumbs([{ href: '/admin/content/columns', label: '栏目' }]),
        },
        (page) => (
          <ColumnsPage
            page={page}
            columns={columns}
            orgs={orgs}
            canManage={canManage}
            error={error}
            values={values}
          />
        ),
      );
    }
    const topics = await svc.listTopics(ctx.db);
    return renderAdmin(
      req,
      reply,
      {
        title: '专题管理',
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: '/admin/content/topics', label: '专题' }]),
      },
      (page) => (
        <TopicsPage page={page} topics={topics} canManage={canManage} error={error} values={values} />
      ),
    );
  };
  app.get('/admin/content/columns', { schema: { hide: true } }, (req, reply) =>
    structurePage(req, reply, 'columns'),
  );
  app.get('/admin/content/topics', { schema: { hide: true } }, (req, reply) =>
    structurePage(req, reply, 'topics'),
  );
  const columnValues = (b: Record<string, unknown>) => ({
    name: str(b.name),
    slug: str(b.slug),
    kind: str(b.kind),
    parentId: str(b.parentId),
    orgId: str(b.orgId),
    description: str(b.description),
  });
  const columnInput = (v: ReturnType<typeof columnValues>): svc.ColumnInput => ({
    name: v.name,
    slug: v.slug,
    kind: v.kind as svc.ColumnInput['kind'],
    parentId: int(v.parentId),
    orgId: int(v.orgId),
    description: v.description,
  });
  app.post('/admin/content/columns', { schema: { hide: true } }, async (req, reply) => {
    const b = body(req);
    const values = columnValues(b);
    return formPost(
      async () => {
        await svc.createColumn(ctx, req.actor, columnInput(values));
        return seeOther(reply, '/admin/content/columns');
      },
      (e) => structurePage(req, reply, 'columns', e, values),
    );
  });
  const columnEditPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    columnId: number,
    values?: Record<string, string>,
    error?: AppError,
  ) => {
    if (!can(req.actor, 'content.structure')) throw new AppError('forbidden', '您没有管理栏目的权限');
    const [columns, orgs] = await Promise.all([svc.listColumns(ctx.db), listPublicOrgs(ctx.db)]);
    const column = columns.find((c) => c.id === columnId);
    if (!column) throw new AppError('not_found', '栏目不存在');
    const v = values ?? {
      name: column.name,
      slug: column.slug,
      kind: column.kind,
      parentId: String(column.parentId ?? ''),
      orgId: String(column.orgId ?? ''),
      description: column.description,
    };
    return renderAdmin(
      req,
      reply,
      {
        title: `编辑栏目：${column.name}`,
        status: error?.status ?? 200,
        crumbs: crumbs([
          { href: '/admin/content/columns', label: '栏目' },
          { href: `/admin/content/columns/${column.id}`, label: column.name },
        ]),
      },
      (page) => (
        <>
          <h1>编辑栏目：{column.name}</h1>
          <ColumnForm
            page={page}
            columns={columns}
            orgs={orgs}
            action={`/admin/content/columns/${column.id}`}
            title="栏目信息"
            error={error}
            values={v}
          />
        </>
      ),
    );
  };
  app.get('/admin/content/columns/:id', { schema: { hide: true, params: IdParams } }, (req, reply) =>
    columnEditPage(req, reply, id(req)),
  );
  app.post('/admin/content/columns/:id', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const values = columnValues(body(req));
    return formPost(
      async () => {
        await svc.updateColumn(ctx, req.actor, id(req), {
          ...columnInput(values),
          sortOrder: (await svc.listColumns(ctx.db)).find((c) => c.id === id(req))?.sortOrder ?? 0,
        });
        return seeOther(reply, '/admin/content/columns');
      },
      (e) => columnEditPage(req, reply, id(req), values, e),
    );
  });
  app.post('/admin/content/topics', { schema: { hide: true } }, async (req, reply) => {
    const b = body(req);
    const values = {
      name: str(b.name),
      slug: str(b.slug),
      summary: str(b.summary),
      sections: typeof b.sections === 'string' ? b.sections : '',
    };
    return formPost(
      async () => {
        await svc.createTopic(ctx, req.actor, {
          name: values.name,
          slug: values.slug,
          summary: values.summary,
          sections: values.sections.split(/\r?\n/),
        });
        return seeOther(reply, '/admin/content/topics');
      },
      (e) => structurePage(req, reply, 'topics', e, values),
    );
  });

  app.get('/admin/content/stats', { schema: { hide: true } }, async (req, reply) => {
    const stats = await svc.publishingStats(ctx, req.actor);
    return renderAdmin(
      req,
      reply,
      {
        title: '原创比例与时效',
        crumbs: crumbs([{ href: '/admin/content/stats', label: '原创比例与时效' }]),
      },
      <>
        <h1>原创比例与时效</h1>
        <p>
          只统计已发布的信息。超期发布：发布日期晚于信息形成（变更）之日起第 20 个工作日（条例第二十六条）。
        </p>
        <StatsTables stats={stats} />
      </>,
    );
  });
};

/** The back-office home panel: my queue, missed scheduled publications, original ratio and timeliness. */
export async function contentDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'content.read')) return null;
  const [queue, missed, stats] = await Promise.all([
    svc.reviewQueue(ctx, actor),
    svc.missedSchedules(ctx, actor),
    svc.publishingStats(ctx, actor),
  ]);
  const totals = stats.byOrg.reduce(
    (a, r) => ({ total: a.total + r.total, original: a.original + r.original, late: a.late + r.late }),
    { total: 0, original: 0, late: 0 },
  );
  return (
    <section class="card" aria-labelledby="dash-content">
      <h2 id="dash-content">内容发布</h2>
      <p>
        <a href="/admin/content/review">待我处理：{queue.total} 篇</a>
      </p>
      {(missed.items.length > 0 || missed.lastError) && (
        <Notice kind="warning">
          <p>
            <strong>定时发布异常：</strong>
            {missed.items.length > 0 ? `${missed.items.length} 篇稿件已过定时发布时间仍未发布。` : ''}
            {missed.lastError ? `最近一次定时发布任务出错：${missed.lastError}` : ''}
          </p>
          <ul>
            {missed.items.slice(0, 5).map((m) => (
              <li>
                <a href={`/admin/content/${m.id}`}>{m.title}</a>（应于 {when(m.publishAt)} 发布）
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <p>
        已发布 {totals.total} 篇，原创{' '}
        {totals.total ? ((totals.original / totals.total) * 100).toFixed(1) : '—'}%，超期发布 {totals.late}{' '}
        篇。
        <a href="/admin/content/stats">按单位和栏目查看</a>
      </p>
    </section>
  );
}
