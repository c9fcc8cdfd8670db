/** The content JSON API (/api/v1/content/…): structure, public lists, items, the workflow, attachments. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError, badRequest } from '../../../errors.ts';
import { readUpload } from '../../../web/forms.ts';
import { errors, IdParams, NoQuery, PageQuery, StrictObject } from '../../../web/schemas.ts';
import { ITEM_KINDS, STATUSES, WITHDRAWAL_MODES } from '../model.ts';
import * as svc from '../service.ts';
import {
  ATTACHMENT_MAX_BYTES,
  AttachmentSchema,
  ColumnBody,
  ColumnSchema,
  ItemBody,
  ItemPage_,
  ItemSchema,
  lit,
  Nullable,
  RevisionSchema,
  tags,
  TopicBody,
  TopicSchema,
} from './schemas.ts';
import { registerRoutes } from '../../../web/register.ts';

const PublicListQuery = StrictObject({
  column: Type.Optional(Type.String({ maxLength: 64 })),
  topic: Type.Optional(Type.String({ maxLength: 64 })),
  kind: Type.Optional(lit(ITEM_KINDS)),
  ...PageQuery,
});

const ListQuery = StrictObject({
  status: Type.Optional(lit(STATUSES)),
  kind: Type.Optional(lit(ITEM_KINDS)),
  columnId: Type.Optional(Type.Integer({ minimum: 1 })),
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  ...PageQuery,
});

const ItemAndNumber = StrictObject({
  id: Type.Integer({ minimum: 1 }),
  number: Type.Integer({ minimum: 1 }),
});

/** The schema of one workflow step on an item: POST /api/v1/content/items/:id/{path}, answering the item. */
const stepSchema = (path: string, summary: string) => ({
  operationId: `content.items.${path.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`,
  tags,
  summary,
  params: IdParams,
  response: { 200: ItemSchema, ...errors(400, 401, 403, 404, 409) },
});

/** 报送's optional body: nothing, or `{ "justification": "…" }` (most 报送 carry none, so no body schema). */
function submitJustification(b: unknown): string | null {
  if (
    b != null &&
    (typeof b !== 'object' || Array.isArray(b) || Object.keys(b).some((k) => k !== 'justification'))
  )
    throw badRequest('请求内容只能包含报送理由 justification');
  const j = b == null ? undefined : (b as { justification?: unknown }).justification;
  if (j != null && (typeof j !== 'string' || j.length > 500))
    throw badRequest('报送理由须为不超过 500 字的文字', { justification: '请填写不超过 500 字的理由' });
  return typeof j === 'string' ? j : null;
}

/** The API of the site's structure, the public lists and the items themselves. */
const structureAndItemsApi: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  // ---- structure
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
    async (req, reply) => reply.code(201).send(await svc.createColumn(ctx, req.actor, req.body)),
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
    (req) => svc.updateColumn(ctx, req.actor, req.params.id, req.body),
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
    async (req, reply) => reply.code(201).send(await svc.createTopic(ctx, req.actor, req.body)),
  );

  // ---- public lists for portal reuse
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
      const q = req.query;
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
      const item = await svc.getPublicItem(ctx.db, req.params.id);
      if (item.status !== 'published') throw new AppError('not_found', '该信息已撤回');
      // Internal review data stays internal.
      return { ...item, gate: null, rejectComment: null };
    },
  );

  // ---- items (staff)
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
    (req) => svc.listItems(ctx, req.actor, req.query),
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
    async (req, reply) => reply.code(201).send(await svc.createItem(ctx, req.actor, req.body)),
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
    (req) => svc.getItem(ctx, req.actor, req.params.id),
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
    (req) => svc.updateItem(ctx, req.actor, req.params.id, req.body),
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
    (req) => svc.listRevisions(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/v1/content/items/:id/revisions/:number/restore',
    {
      schema: {
        operationId: 'content.revisions.restore',
        tags,
        summary: '恢复历史版本（保存为新版本）',
        params: ItemAndNumber,
        response: { 200: ItemSchema, ...errors(401, 403, 404, 409) },
      },
    },
    (req) => svc.restoreRevision(ctx, req.actor, req.params.id, req.params.number),
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
      await svc.getItem(ctx, req.actor, req.params.id);
      return svc.itemHistory(ctx.db, req.params.id);
    },
  );
};

/** The API of the review workflow's steps, the check, and an item's files. */
const workflowApi: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  // ---- the workflow
  app.post(
    '/api/v1/content/items/:id/submit',
    {
      schema: stepSchema(
        'submit',
        '报送（运行发布前检查；有个人信息或严重错敏词时须先脱敏，或附报送理由 {"justification": "…"}）',
      ),
    },
    (req) => svc.submitItem(ctx, req.actor, req.params.id, { justification: submitJustification(req.body) }),
  );
  app.post(
    '/api/v1/content/items/:id/review',
    { schema: stepSchema('review', '审核通过（本单位审核人，不能是作者）') },
    (req) => svc.reviewItem(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/v1/content/items/:id/confidentiality-review',
    { schema: stepSchema('confidentiality-review', '保密审查通过') },
    (req) => svc.clearItem(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/v1/content/items/:id/reject',
    {
      schema: {
        ...stepSchema('reject', '退回修改（附意见）'),
        body: StrictObject({ comment: Type.String({ minLength: 1, maxLength: 1000 }) }),
      },
    },
    (req) => svc.rejectItem(ctx, req.actor, req.params.id, req.body.comment),
  );
  app.post(
    '/api/v1/content/items/:id/publish',
    {
      schema: {
        ...stepSchema('publish', '发布（立即或定时；发布前再次检查）'),
        body: StrictObject({
          at: Type.Optional(
            Nullable(Type.String({ format: 'date-time', description: '定时发布时间（ISO 8601）' })),
          ),
        }),
      },
    },
    (req) => svc.publishItem(ctx, req.actor, req.params.id, { at: req.body?.at ?? null }),
  );
  app.post(
    '/api/v1/content/items/:id/withdraw',
    {
      schema: {
        ...stepSchema('withdraw', '撤稿（保留页面并说明，或删除并跳转）'),
        body: StrictObject({
          mode: lit(WITHDRAWAL_MODES),
          reason: Type.String({ minLength: 1, maxLength: 1000 }),
          redirectTo: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
        }),
      },
    },
    (req) => svc.withdrawItem(ctx, req.actor, req.params.id, req.body),
  );
  app.post(
    '/api/v1/content/items/:id/mask',
    { schema: stepSchema('mask', '一键脱敏（保存为新版本）') },
    (req) => svc.maskItem(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/v1/content/items/:id/gate-override',
    {
      schema: {
        ...stepSchema('gate-override', '审核人说明理由后放行检查结果'),
        body: StrictObject({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
      },
    },
    (req) => svc.overrideGate(ctx, req.actor, req.params.id, req.body.reason),
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
    (req) => svc.checkItem(ctx, req.actor, req.params.id),
  );

  // ---- attachments and Word bodies (multipart: no body schema)
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
        .send(
          await svc.addAttachment(ctx, req.actor, req.params.id, { filename: file.name, data: file.data }),
        );
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
      const done = await svc.importDocxBody(ctx, req.actor, req.params.id, {
        filename: file.name,
        data: file.data,
      });
      return done.item;
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
      await svc.removeAttachment(ctx, req.actor, req.params.id, req.params.attachmentId);
      return reply.code(204).send(null);
    },
  );
};

/** The content JSON API. */
export const contentApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, structureAndItemsApi, workflowApi);
};
