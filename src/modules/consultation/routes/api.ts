/** 意见征集 JSON API: the public list, page and comment; the managing org's drafts, moderation and feedback. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { deprecatedPath, errors, IdParams, NoQuery, StrictObject } from '../../../web/schemas.ts';
import {
  createConsultation,
  getConsultation,
  getPublicConsultation,
  linkFinalDocument,
  listConsultations,
  listPublicConsultations,
  moderateComment,
  publishConsultation,
  publishFeedback,
  submitComment,
  updateConsultation,
} from '../service.ts';
import {
  CommentBody,
  CommentSchema,
  ConsultationBody,
  ConsultationSchema,
  FeedbackBody,
  PublicConsultationSchema,
  PublicDetailSchema,
  StaffDetailSchema,
} from './schemas.ts';

/** Route-level (config.rateLimit): an app.rateLimit() preHandler would be skipped after the global write limit. */
export const COMMENT_LIMIT = { rateLimit: { max: 10, timeWindow: '10 minutes' } };

/** The consultation API under /api/v1. */
export const consultationApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  // —— JSON API ——
  app.get(
    '/api/v1/consultations',
    {
      schema: {
        operationId: 'consultation.consultations.listPublic',
        tags: ['意见征集'],
        summary: '意见征集列表（公开：征集中和已结束）',
        security: [],
        querystring: NoQuery,
        response: { 200: Type.Array(PublicConsultationSchema), ...errors(400) },
      },
    },
    () => listPublicConsultations(ctx),
  );
  app.get(
    '/api/v1/consultations/:id',
    {
      schema: {
        operationId: 'consultation.consultations.getPublic',
        tags: ['意见征集'],
        summary: '意见征集详情、已公开意见和采纳情况',
        security: [],
        params: IdParams,
        response: { 200: PublicDetailSchema, ...errors(404) },
      },
    },
    (req) => getPublicConsultation(ctx, req.params.id),
  );
  app.post(
    '/api/v1/consultations/:id/comments',
    {
      config: COMMENT_LIMIT,
      schema: {
        operationId: 'consultation.comments.create',
        tags: ['意见征集'],
        summary: '提交意见（审核后公开）',
        security: [],
        params: IdParams,
        body: CommentBody,
        response: {
          201: Type.Object({ id: Type.Integer(), status: Type.String() }),
          ...errors(400, 404, 409, 429),
        },
      },
    },
    async (req, reply) => {
      const c = await submitComment(ctx, req.actor, req.params.id, req.body);
      return reply.code(201).send({ id: c.id, status: c.status });
    },
  );
  app.get(
    '/api/v1/managed-consultations',
    {
      schema: {
        operationId: 'consultation.consultations.list',
        tags: ['意见征集'],
        summary: '意见征集管理列表（本单位范围）',
        response: { 200: Type.Array(ConsultationSchema), ...errors(401, 403) },
      },
    },
    (req) => listConsultations(ctx, req.actor),
  );
  app.get(
    '/api/v1/managed-consultations/:id',
    {
      schema: {
        operationId: 'consultation.consultations.get',
        tags: ['意见征集'],
        summary: '意见征集管理详情（含全部意见）',
        params: IdParams,
        response: { 200: StaffDetailSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getConsultation(ctx, req.actor, req.params.id),
  );
  // The old paths were ambiguous with /consultations/:id/…: they answer until 0.2.0, outside the document (docs/API-CHANGELOG.md).
  app.get(
    '/api/v1/consultations/manage',
    {
      schema: { hide: true, response: { 200: Type.Array(ConsultationSchema) } },
      onSend: deprecatedPath('/api/v1/managed-consultations'),
    },
    (req) => listConsultations(ctx, req.actor),
  );
  app.get(
    '/api/v1/consultations/manage/:id',
    {
      schema: { hide: true, params: IdParams, response: { 200: StaffDetailSchema } },
      onSend: deprecatedPath('/api/v1/managed-consultations/{id}'),
    },
    (req) => getConsultation(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/v1/consultations',
    {
      schema: {
        operationId: 'consultation.consultations.create',
        tags: ['意见征集'],
        summary: '新建意见征集（草稿）',
        body: ConsultationBody,
        response: { 201: ConsultationSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await createConsultation(ctx, req.actor, req.body)),
  );
  app.put(
    '/api/v1/consultations/:id',
    {
      schema: {
        operationId: 'consultation.consultations.update',
        tags: ['意见征集'],
        summary: '修改意见征集（发布前）',
        params: IdParams,
        body: ConsultationBody,
        response: { 200: ConsultationSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => updateConsultation(ctx, req.actor, req.params.id, req.body),
  );
  app.post(
    '/api/v1/consultations/:id/publish',
    {
      schema: {
        operationId: 'consultation.consultations.publish',
        tags: ['意见征集'],
        summary: '发布征集',
        params: IdParams,
        response: { 200: ConsultationSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => publishConsultation(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/v1/consultation-comments/:id/moderation',
    {
      schema: {
        operationId: 'consultation.comments.moderate',
        tags: ['意见征集'],
        summary: '审核意见：公开或不予公开',
        params: IdParams,
        body: StrictObject({
          approve: Type.Boolean(),
          reason: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: CommentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => moderateComment(ctx, req.actor, req.params.id, req.body),
  );
  app.post(
    '/api/v1/consultations/:id/feedback',
    {
      schema: {
        operationId: 'consultation.consultations.publishFeedback',
        tags: ['意见征集'],
        summary: '发布意见采纳情况（征集期结束后）',
        params: IdParams,
        body: FeedbackBody,
        response: { 200: ConsultationSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => publishFeedback(ctx, req.actor, req.params.id, req.body),
  );
  app.post(
    '/api/v1/consultations/:id/final-document',
    {
      schema: {
        operationId: 'consultation.consultations.linkFinalDocument',
        tags: ['意见征集'],
        summary: '关联正式印发的文件',
        params: IdParams,
        body: StrictObject({ title: Type.String({ maxLength: 200 }), url: Type.String({ maxLength: 500 }) }),
        response: { 200: ConsultationSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => linkFinalDocument(ctx, req.actor, req.params.id, req.body),
  );
};
