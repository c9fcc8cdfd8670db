/** 政务新媒体 JSON API: the public directory; accounts, filings, documents and checks for staff. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams, StrictObject } from '../../../web/schemas.ts';
import {
  createAccount,
  decideFiling,
  getAccount,
  getFiling,
  listAccounts,
  listFilings,
  listPublicAccounts,
  recordCheck,
  submitFiling,
  updateAccount,
} from '../service.ts';
import {
  AccountBody,
  AccountSchema,
  CheckBody,
  FilingBody,
  FilingSchema,
  PublicAccountSchema,
  PublicQuery,
} from './schemas.ts';
import { importCheckFile, uploadFilingDocument } from './uploads.ts';

/** The media API under /api/v1/media. */
export const mediaApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  // —— JSON API ——
  app.get(
    '/api/v1/media/accounts/public',
    {
      schema: {
        operationId: 'media.accounts.listPublic',
        tags: ['政务新媒体'],
        summary: '政务新媒体矩阵（公开，运营中的账号）',
        security: [],
        querystring: PublicQuery,
        response: { 200: Type.Array(PublicAccountSchema), ...errors(400) },
      },
    },
    (req) => listPublicAccounts(ctx.db, req.query),
  );
  app.get(
    '/api/v1/media/accounts',
    {
      schema: {
        operationId: 'media.accounts.list',
        tags: ['政务新媒体'],
        summary: '账号列表（本单位范围）',
        response: { 200: Type.Array(AccountSchema), ...errors(401, 403) },
      },
    },
    (req) => listAccounts(ctx, req.actor),
  );
  app.get(
    '/api/v1/media/accounts/:id',
    {
      schema: {
        operationId: 'media.accounts.get',
        tags: ['政务新媒体'],
        summary: '账号详情',
        params: IdParams,
        response: { 200: AccountSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getAccount(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/v1/media/accounts',
    {
      schema: {
        operationId: 'media.accounts.create',
        tags: ['政务新媒体'],
        summary: '直接登记账号（公开办）',
        body: AccountBody,
        response: { 201: AccountSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await createAccount(ctx, req.actor, req.body)),
  );
  app.put(
    '/api/v1/media/accounts/:id',
    {
      schema: {
        operationId: 'media.accounts.update',
        tags: ['政务新媒体'],
        summary: '修改账号（公开办）',
        params: IdParams,
        body: AccountBody,
        response: { 200: AccountSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateAccount(ctx, req.actor, req.params.id, req.body),
  );
  app.post(
    '/api/v1/media/accounts/:id/checks',
    {
      schema: {
        operationId: 'media.accounts.recordCheck',
        tags: ['政务新媒体'],
        summary: '登记更新和互动检查情况',
        params: IdParams,
        body: CheckBody,
        response: { 200: AccountSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => recordCheck(ctx, req.actor, req.params.id, req.body),
  );
  app.get(
    '/api/v1/media/filings',
    {
      schema: {
        operationId: 'media.filings.list',
        tags: ['政务新媒体'],
        summary: '备案列表',
        querystring: StrictObject({ status: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Type.Array(FilingSchema), ...errors(401, 403) },
      },
    },
    (req) => listFilings(ctx, req.actor, req.query),
  );
  app.get(
    '/api/v1/media/filings/:id',
    {
      schema: {
        operationId: 'media.filings.get',
        tags: ['政务新媒体'],
        summary: '备案详情',
        params: IdParams,
        response: { 200: FilingSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getFiling(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/v1/media/filings',
    {
      schema: {
        operationId: 'media.filings.create',
        tags: ['政务新媒体'],
        summary: '提交开设、变更或关停备案',
        body: FilingBody,
        response: { 201: FilingSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await submitFiling(ctx, req.actor, req.body)),
  );
  app.post(
    '/api/v1/media/filings/:id/decision',
    {
      schema: {
        operationId: 'media.filings.decide',
        tags: ['政务新媒体'],
        summary: '审核备案（公开办）',
        params: IdParams,
        body: StrictObject({
          approve: Type.Boolean(),
          reason: Type.Optional(Type.String({ maxLength: 1000 })),
        }),
        response: { 200: FilingSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => decideFiling(ctx, req.actor, req.params.id, req.body),
  );
  app.post(
    '/api/v1/media/filings/:id/documents',
    {
      schema: {
        operationId: 'media.filings.addDocument',
        tags: ['政务新媒体'],
        summary: '上传备案材料（multipart，字段 file；PDF/DOCX/XLSX/PNG/JPG，≤10MB）',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: {
          201: Type.Object({
            id: Type.Integer(),
            fileName: Type.String(),
            mime: Type.String(),
            size: Type.Integer(),
            uploadedAt: Type.String(),
          }),
          ...errors(400, 401, 403, 404, 409, 413),
        },
      },
    },
    async (req, reply) => {
      const doc = await uploadFilingDocument(ctx, req, req.params.id);
      return reply.code(201).send({
        id: doc.id,
        fileName: doc.fileName,
        mime: doc.mime,
        size: doc.size,
        uploadedAt: doc.uploadedAt,
      });
    },
  );
  app.post(
    '/api/v1/media/checks/import',
    {
      schema: {
        operationId: 'media.checks.import',
        tags: ['政务新媒体'],
        summary: '批量导入更新和互动检查（multipart，字段 file：CSV 或 XLSX）',
        consumes: ['multipart/form-data'],
        response: { 200: Type.Object({ imported: Type.Integer() }), ...errors(400, 401, 403, 413) },
      },
    },
    async (req) => ({ imported: await importCheckFile(ctx, req) }),
  );
};
