/** The library's open-data API (/api/v1/normative-documents): lists, export, the interpretation rate, writes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, fileResponse, IdParams, StrictObject } from '../../../web/schemas.ts';
import { exportRecords, exportXlsx } from '../service.ts';
import {
  addInterpretation,
  changeStatus,
  getDocumentDetail,
  interpretationReport,
  listDocuments,
  renewDocument,
  updateDocument,
} from '../service.ts';
import { registerDocument, resubmitDocument } from '../service/workflow.ts';
import {
  DateString,
  DetailSchema,
  DocumentSchema,
  InterpretationBody,
  ListQuery,
  RegisterBody,
  RegisteredSchema,
  RenewBody,
  StatusBody,
  UpdateBody,
} from './schemas.ts';

/** The library's open-data API (operation ids `normative.*`). */
export const normativeApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/api/v1/normative-documents',
    {
      schema: {
        operationId: 'normative.documents.list',
        tags: ['规范性文件库'],
        summary: '规范性文件列表（公开数据；分页、筛选、某日现行有效）',
        description:
          '`inForceOn=YYYY-MM-DD` 只列出该日现行有效（现行有效或已修改）的文件，status 为该日状态。无需登录；登录的工作人员还能看到本单位未入库的文件。',
        security: [],
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(DocumentSchema),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            date: Type.String({ description: '状态所对应的日期' }),
          }),
          ...errors(400),
        },
      },
    },
    async (req) => listDocuments(ctx, req.actor, req.query),
  );

  app.get(
    '/api/v1/normative-documents/export',
    {
      schema: {
        operationId: 'normative.documents.export',
        tags: ['规范性文件库'],
        summary: '导出文件库（与市级文件库交换；JSON 或 XLSX，可增量）',
        security: [],
        querystring: StrictObject({
          format: Type.Optional(
            Type.Union([Type.Literal('json'), Type.Literal('xlsx')], { default: 'json' }),
          ),
          since: Type.Optional(DateString('只导出该日以来有变化的文件')),
        }),
        response: {
          200: {
            description: '文件库记录（format=json）或 Excel 文件（format=xlsx）',
            content: {
              'application/json': { schema: Type.Unknown() },
              ...fileResponse('', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
                .content,
            },
          },
          ...errors(400),
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      if (q.format === 'xlsx') {
        const buf = await exportXlsx(ctx, req.actor, { since: q.since });
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename="normative-documents${q.since ? '-since-' + q.since : ''}.xlsx"`,
          )
          .send(buf);
      }
      return exportRecords(ctx, req.actor, { since: q.since });
    },
  );

  app.get(
    '/api/v1/normative-documents/interpretation-rate',
    {
      schema: {
        operationId: 'normative.interpretationRate.get',
        tags: ['规范性文件库'],
        summary: '政策解读率（按年度、按机关；目标 90%）',
        querystring: StrictObject({
          year: Type.Integer({ minimum: 1949, maximum: 2100 }),
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        ...{ response: { 200: Type.Unknown(), ...errors(400, 401, 403) } },
      },
    },
    async (req) => {
      return interpretationReport(ctx, req.actor, req.query.year, req.query.orgId);
    },
  );

  app.get(
    '/api/v1/normative-documents/:id',
    {
      schema: {
        operationId: 'normative.documents.get',
        tags: ['规范性文件库'],
        summary: '规范性文件详情（含效力历史、关联文件、解读）',
        security: [],
        params: IdParams,
        querystring: StrictObject({ on: Type.Optional(DateString('按该日计算效力状态')) }),
        response: { 200: DetailSchema, ...errors(400, 404) },
      },
    },
    async (req) => {
      const { canEdit: _c, ...d } = await getDocumentDetail(ctx, req.actor, req.params.id, req.query.on);
      return d;
    },
  );

  app.post(
    '/api/v1/normative-documents',
    {
      schema: {
        operationId: 'normative.documents.create',
        tags: ['规范性文件库'],
        summary: '登记规范性文件（同时建立发布稿件草稿；经审核、保密审查发布后入库）',
        body: RegisterBody,
        response: { 201: RegisteredSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await registerDocument(ctx, req.actor, req.body)),
  );
  app.post(
    '/api/v1/normative-documents/:id/resubmissions',
    {
      schema: {
        operationId: 'normative.documents.resubmit',
        tags: ['规范性文件库'],
        summary: '发布稿件撤回后重新报送（新建发布稿件草稿）',
        params: IdParams,
        response: { 201: RegisteredSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await resubmitDocument(ctx, req.actor, req.params.id)),
  );
  app.put(
    '/api/v1/normative-documents/:id',
    {
      schema: {
        operationId: 'normative.documents.update',
        tags: ['规范性文件库'],
        summary: '更正规范性文件信息（施行日期和有效期只能通过状态变化或延续调整）',
        params: IdParams,
        body: UpdateBody,
        response: { 200: DocumentSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => updateDocument(ctx, req.actor, req.params.id, req.body),
  );
  app.post(
    '/api/v1/normative-documents/:id/status-changes',
    {
      schema: {
        operationId: 'normative.documents.changeStatus',
        tags: ['规范性文件库'],
        summary: '记录修改或废止（新增一条历史记录）',
        params: IdParams,
        body: StatusBody,
        response: { 201: DocumentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await changeStatus(ctx, req.actor, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/normative-documents/:id/renewals',
    {
      schema: {
        operationId: 'normative.documents.renew',
        tags: ['规范性文件库'],
        summary: '评估后延续有效期（新增一条历史记录）',
        params: IdParams,
        body: RenewBody,
        response: { 201: DocumentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await renewDocument(ctx, req.actor, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/normative-documents/:id/interpretations',
    {
      schema: {
        operationId: 'normative.documents.addInterpretation',
        tags: ['规范性文件库'],
        summary: '登记政策解读（含吹风会）',
        params: IdParams,
        body: InterpretationBody,
        response: { 201: Type.Object({ id: Type.Integer() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const id = await addInterpretation(ctx, req.actor, {
        ...req.body,
        documentId: req.params.id,
      });
      return reply.code(201).send({ id });
    },
  );
};
