/** 基层政务公开标准目录 JSON API (OpenAPI tag “基层政务公开标准目录”). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, fileResponse, IdParams, StrictObject } from '../../../web/schemas.ts';
import { ITEM_KINDS } from '../../content/model.ts';
import { SCOPES } from '../model.ts';
import { attachPilotReport } from '../pilot.ts';
import {
  catalogueCoverage,
  coverageOverview,
  createCatalogue,
  createEntry,
  deleteEntry,
  getCatalogue,
  listCatalogues,
  listPostings,
  listTemplates,
  readPostingPhoto,
  recordPosting,
  setEntryMapping,
  updateCatalogueNotes,
  updateEntry,
  updateTemplateEntry,
  createTemplateEntry,
  deleteTemplateEntry,
} from '../service.ts';
import {
  exportCatalogueXlsx,
  exportTemplateXlsx,
  importCatalogueXlsx,
  replaceTemplateFromXlsx,
} from '../xlsx.ts';
import { fileFrom, postingFrom, sendXlsx, uploadFrom } from './http.ts';
import {
  CatalogueDetailSchema,
  CatalogueListSchema,
  CatalogueSchema,
  CoverageSchema,
  coverageJson,
  DomainCoverageSchema,
  EntryBody,
  EntryFieldsSchema,
  EntrySchema,
  keys,
  PostingSchema,
  TAG,
  TemplateReplaceSchema,
  TemplateSchema,
} from './schemas.ts';

export const catalogueApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  // ───────────── API ─────────────
  app.get(
    '/api/v1/catalogue/templates',
    {
      schema: {
        operationId: 'catalogue.templates.list',
        tags: TAG,
        summary: '领域模板（全区共用）',
        querystring: StrictObject({ scope: Type.Optional(keys(SCOPES)) }),
        response: { 200: Type.Array(TemplateSchema), ...errors(401, 403) },
      },
    },
    (req) => listTemplates(ctx, req.actor, req.query.scope),
  );
  app.put(
    '/api/v1/catalogue/templates/:id',
    {
      schema: {
        operationId: 'catalogue.templates.update',
        tags: TAG,
        summary: '修改模板事项（公开办；已编制的目录不受影响）',
        params: IdParams,
        body: EntryBody,
        response: { 200: TemplateSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateTemplateEntry(ctx, req.actor, req.params.id, req.body),
  );
  app.post(
    '/api/v1/catalogue/templates',
    {
      schema: {
        operationId: 'catalogue.templates.create',
        tags: TAG,
        summary: '增加模板事项（公开办；加入已有领域或新建领域）',
        body: StrictObject({
          ...EntryFieldsSchema,
          scope: Type.Optional(keys(SCOPES)),
        }),
        response: { 201: TemplateSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await createTemplateEntry(ctx, req.actor, req.body)),
  );
  app.delete(
    '/api/v1/catalogue/templates/:id',
    {
      schema: {
        operationId: 'catalogue.templates.delete',
        tags: TAG,
        summary: '删除模板事项（公开办；已编制的目录保留该事项）',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await deleteTemplateEntry(ctx, req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/catalogue/templates/export.xlsx',
    {
      schema: {
        operationId: 'catalogue.templates.export',
        tags: TAG,
        summary: '导出一个领域的模板（.xlsx，目录表各栏加核对情况、可信度、见证副本、备注）',
        querystring: StrictObject({ domain: Type.String({ minLength: 1, maxLength: 40 }) }),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: {
          200: fileResponse(
            '一个领域的模板（.xlsx）',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req, reply) => {
      const { domain } = req.query;
      return sendXlsx(reply, await exportTemplateXlsx(ctx, req.actor, domain), `模板-${domain}`);
    },
  );
  app.post(
    '/api/v1/catalogue/templates/import',
    {
      schema: {
        operationId: 'catalogue.templates.replace',
        tags: TAG,
        summary:
          '用本省版本替换一个领域的模板（公开办；multipart，字段 file：与目录导出相同各栏的 .xlsx；任一行有误则不替换）',
        querystring: StrictObject({ domain: Type.String({ minLength: 1, maxLength: 40 }) }),
        consumes: ['multipart/form-data'],
        response: { 200: TemplateReplaceSchema, ...errors(400, 401, 403, 404, 413) },
      },
    },
    async (req) => {
      const { domain } = req.query;
      const file = await uploadFrom(req);
      return replaceTemplateFromXlsx(ctx, req.actor, domain, file.data, file.name);
    },
  );
  app.get(
    '/api/v1/catalogues',
    {
      schema: {
        operationId: 'catalogue.catalogues.list',
        tags: TAG,
        summary: '目录列表（本单位及下属村、社区；公开办为全区）',
        querystring: StrictObject({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
        response: { 200: CatalogueListSchema, ...errors(401, 403) },
      },
    },
    (req) => listCatalogues(ctx, req.actor, req.query),
  );
  app.post(
    '/api/v1/catalogues',
    {
      schema: {
        operationId: 'catalogue.catalogues.create',
        tags: TAG,
        summary: '按领域模板编制年度目录',
        body: StrictObject({
          orgId: Type.Integer({ minimum: 1 }),
          year: Type.Integer({ minimum: 2019, maximum: 2100 }),
          domains: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 40 })),
          title: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 201: CatalogueSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await createCatalogue(ctx, req.actor, req.body)),
  );
  app.get(
    '/api/v1/catalogues/:id',
    {
      schema: {
        operationId: 'catalogue.catalogues.get',
        tags: TAG,
        summary: '目录及其公开事项',
        params: IdParams,
        response: { 200: CatalogueDetailSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getCatalogue(ctx, req.actor, req.params.id),
  );
  app.put(
    '/api/v1/catalogues/:id',
    {
      schema: {
        operationId: 'catalogue.catalogues.update',
        tags: TAG,
        summary: '修改建设成效与改进措施',
        params: IdParams,
        body: StrictObject({ notes: Type.String({ maxLength: 5000 }) }),
        response: { 200: CatalogueSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateCatalogueNotes(ctx, req.actor, req.params.id, req.body.notes),
  );
};

/** The API of a catalogue's entries: fields, mapping to columns, postings, coverage, XLSX and evidence. */
export const catalogueEntryApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.post(
    '/api/v1/catalogues/:id/entries',
    {
      schema: {
        operationId: 'catalogue.entries.create',
        tags: TAG,
        summary: '增补公开事项',
        params: IdParams,
        body: EntryBody,
        response: { 201: EntrySchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.code(201).send(await createEntry(ctx, req.actor, req.params.id, req.body)),
  );
  app.put(
    '/api/v1/catalogue/entries/:id',
    {
      schema: {
        operationId: 'catalogue.entries.update',
        tags: TAG,
        summary: '修改公开事项',
        params: IdParams,
        body: EntryBody,
        response: { 200: EntrySchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateEntry(ctx, req.actor, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/catalogue/entries/:id',
    {
      schema: {
        operationId: 'catalogue.entries.delete',
        tags: TAG,
        summary: '删除公开事项（已有线下公开记录的不能删除）',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await deleteEntry(ctx, req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.put(
    '/api/v1/catalogue/entries/:id/mapping',
    {
      schema: {
        operationId: 'catalogue.entries.map',
        tags: TAG,
        summary: '设置事项对应的栏目和信息类型（在这些栏目发布的本单位信息计入该事项）',
        params: IdParams,
        body: StrictObject({
          columnIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20 }),
          itemKinds: Type.Array(keys(ITEM_KINDS), { maxItems: 5, description: '空为不限' }),
        }),
        response: { 200: EntrySchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => setEntryMapping(ctx, req.actor, req.params.id, req.body),
  );
  app.post(
    '/api/v1/catalogue/entries/:id/postings',
    {
      schema: {
        operationId: 'catalogue.postings.create',
        tags: TAG,
        summary:
          '登记线下公开（multipart：channel 渠道, title 内容, postedOn 张贴日期, formedOn 信息形成日期（可选）, photo 照片 JPG/PNG ≤10MB）',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: PostingSchema, ...errors(400, 401, 403, 404, 413) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await recordPosting(ctx, req.actor, req.params.id, await postingFrom(req))),
  );
  app.get(
    '/api/v1/catalogues/:id/postings',
    {
      schema: {
        operationId: 'catalogue.postings.list',
        tags: TAG,
        summary: '线下公开记录',
        params: IdParams,
        response: { 200: Type.Array(PostingSchema), ...errors(401, 403, 404) },
      },
    },
    (req) => listPostings(ctx, req.actor, req.params.id),
  );
  app.get(
    '/api/v1/catalogues/:id/coverage',
    {
      schema: {
        operationId: 'catalogue.catalogues.coverage',
        tags: TAG,
        summary: '目录覆盖率和时效（按事项、领域）',
        params: IdParams,
        response: { 200: CoverageSchema, ...errors(401, 403, 404) },
      },
    },
    async (req) => coverageJson(await catalogueCoverage(ctx, req.actor, req.params.id)),
  );
  app.get(
    '/api/v1/catalogue/coverage',
    {
      schema: {
        operationId: 'catalogue.coverage.summary',
        tags: TAG,
        summary: '各乡镇（村、社区）目录覆盖率',
        querystring: StrictObject({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        response: {
          200: Type.Array(
            Type.Object({
              catalogueId: Type.Integer(),
              orgName: Type.String(),
              total: DomainCoverageSchema,
              domains: Type.Array(DomainCoverageSchema),
              gaps: Type.Integer(),
              late: Type.Integer(),
            }),
          ),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) =>
      (await coverageOverview(ctx, req.actor, req.query.year)).map((r) => ({
        catalogueId: r.catalogue.id,
        orgName: r.orgName,
        total: r.total,
        domains: r.domains,
        gaps: r.gaps,
        late: r.late,
      })),
  );
  app.get(
    '/api/v1/catalogues/:id/export.xlsx',
    {
      schema: {
        operationId: 'catalogue.catalogues.exportXlsx',
        tags: TAG,
        summary: '导出目录（Excel，标准目录表格式）',
        params: IdParams,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: {
          200: fileResponse(
            '标准目录表（.xlsx）',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ),
          ...errors(401, 403, 404),
        },
      },
    },
    async (req, reply) =>
      sendXlsx(reply, await exportCatalogueXlsx(ctx, req.actor, req.params.id), req.params.id),
  );
  app.post(
    '/api/v1/catalogues/:id/import',
    {
      schema: {
        operationId: 'catalogue.catalogues.import',
        tags: TAG,
        summary: '导入目录（multipart，字段 file：标准目录表 .xlsx；任一行有误则不导入）',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: {
          200: Type.Object({
            created: Type.Integer(),
            updated: Type.Integer(),
            deleted: Type.Integer(),
            warnings: Type.Array(Type.String()),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => importCatalogueXlsx(ctx, req.actor, req.params.id, await fileFrom(req)),
  );
  app.post(
    '/api/v1/catalogues/:id/evidence',
    {
      schema: {
        operationId: 'catalogue.catalogues.addEvidence',
        tags: TAG,
        summary: '把建设情况报告作为佐证材料关联到任务台账（默认第 13 项）',
        params: IdParams,
        body: StrictObject({ taskNumber: Type.Optional(Type.String({ pattern: '^\\d{1,3}$' })) }),
        response: {
          201: Type.Object({
            id: Type.Integer(),
            taskId: Type.Integer(),
            url: Type.String(),
            title: Type.String(),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await attachPilotReport(ctx, req.actor, req.params.id, req.body.taskNumber)),
  );
  app.get(
    '/api/v1/catalogue/postings/:id/photo',
    {
      schema: {
        operationId: 'catalogue.postings.photo',
        tags: TAG,
        summary: '线下公开照片（工作人员）',
        params: IdParams,
        response: { 200: fileResponse('照片', 'image/jpeg', 'image/png'), ...errors(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { posting, data } = await readPostingPhoto(ctx, req.actor, req.params.id);
      return reply
        .type(posting.photoMime)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(posting.photoName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(data);
    },
  );
};
