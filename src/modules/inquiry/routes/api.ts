/** 政策咨询 JSON API: public submission, tracking and FAQ; staff handling, routing and FAQ publication. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams, StrictObject } from '../../../web/schemas.ts';
import {
  answerInquiry,
  getInquiry,
  listFaqs,
  listInquiries,
  markInquiryInvalid,
  publishFaq,
  routeInquiry,
  submitInquiry,
  trackInquiry,
  unpublishFaq,
} from '../service.ts';
import {
  FaqSchema,
  InquirySchema,
  LinkSchema,
  Receipt,
  SubmitBody,
  TrackBody,
  TrackSchema,
} from './schemas.ts';

/** Limits on public submissions, per address: a citizen never meets them, a script does. */
// Route-level limits (config.rateLimit), tighter than the app-wide write limit; a preHandler made with
// app.rateLimit() would be skipped, because the global limit has already run for the request.
export const SUBMIT_LIMIT = { rateLimit: { max: 10, timeWindow: '10 minutes' } };
export const TRACK_LIMIT = { rateLimit: { max: 20, timeWindow: '10 minutes' } };

/** The inquiry API under /api/v1. */
export const inquiryApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  // —— JSON API ——
  app.post(
    '/api/v1/inquiries',
    {
      config: SUBMIT_LIMIT,
      schema: {
        operationId: 'inquiry.inquiries.create',
        tags: ['政策咨询'],
        summary: '提交政策咨询（公众；工作人员可登记窗口或电话咨询）',
        security: [],
        body: SubmitBody,
        response: { 201: Receipt, ...errors(400, 403, 429) },
      },
    },
    async (req, reply) => {
      const { inquiry, code } = await submitInquiry(ctx, req.actor, req.body);
      return reply.code(201).send({ number: inquiry.number, code, dueDate: inquiry.dueDate });
    },
  );
  app.post(
    '/api/v1/inquiries/track',
    {
      config: TRACK_LIMIT,
      schema: {
        operationId: 'inquiry.inquiries.track',
        tags: ['政策咨询'],
        summary: '凭查询编号和查询码查询办理情况',
        security: [],
        body: TrackBody,
        response: { 200: TrackSchema, ...errors(400, 404, 429) },
      },
    },
    (req) => {
      const b = req.body;
      return trackInquiry(ctx.db, b.number, b.code);
    },
  );
  app.get(
    '/api/v1/faqs',
    {
      schema: {
        operationId: 'inquiry.faqs.list',
        tags: ['政策咨询'],
        summary: '常见问题（已公开的咨询答复）',
        security: [],
        querystring: StrictObject({ q: Type.Optional(Type.String({ maxLength: 50 })) }),
        response: { 200: Type.Array(FaqSchema), ...errors(400) },
      },
    },
    (req) => listFaqs(ctx.db, req.query),
  );
  app.get(
    '/api/v1/inquiries',
    {
      schema: {
        operationId: 'inquiry.inquiries.list',
        tags: ['政策咨询'],
        summary: '咨询列表（本单位范围）',
        querystring: StrictObject({ status: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Type.Array(InquirySchema), ...errors(401, 403) },
      },
    },
    (req) => listInquiries(ctx, req.actor, req.query),
  );
  app.get(
    '/api/v1/inquiries/:id',
    {
      schema: {
        operationId: 'inquiry.inquiries.get',
        tags: ['政策咨询'],
        summary: '咨询详情',
        params: IdParams,
        response: { 200: InquirySchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getInquiry(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/v1/inquiries/:id/answer',
    {
      schema: {
        operationId: 'inquiry.inquiries.answer',
        tags: ['政策咨询'],
        summary: '答复',
        params: IdParams,
        body: StrictObject({ answer: Type.String({ maxLength: 10000 }) }),
        response: { 200: InquirySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => answerInquiry(ctx, req.actor, req.params.id, req.body.answer),
  );
  app.post(
    '/api/v1/inquiries/:id/route',
    {
      schema: {
        operationId: 'inquiry.inquiries.route',
        tags: ['政策咨询'],
        summary: '转办到其他单位（公开办）',
        params: IdParams,
        body: StrictObject({
          orgId: Type.Integer({ minimum: 1 }),
          reason: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: InquirySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => {
      const b = req.body;
      return routeInquiry(ctx, req.actor, req.params.id, b.orgId, b.reason);
    },
  );
  app.post(
    '/api/v1/inquiries/:id/invalid',
    {
      schema: {
        operationId: 'inquiry.inquiries.markInvalid',
        tags: ['政策咨询'],
        summary: '认定为无效留言',
        params: IdParams,
        body: StrictObject({ reason: Type.String({ maxLength: 500 }) }),
        response: { 200: InquirySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => markInquiryInvalid(ctx, req.actor, req.params.id, req.body.reason),
  );
  app.post(
    '/api/v1/inquiries/:id/faq',
    {
      schema: {
        operationId: 'inquiry.faqs.publish',
        tags: ['政策咨询'],
        summary: '公开为常见问题（含个人信息时拒绝）',
        params: IdParams,
        body: StrictObject({
          question: Type.String({ maxLength: 2000 }),
          answer: Type.String({ maxLength: 10000 }),
          links: Type.Array(LinkSchema, { maxItems: 10 }),
        }),
        response: { 200: InquirySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => publishFaq(ctx, req.actor, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/inquiries/:id/faq',
    {
      schema: {
        operationId: 'inquiry.faqs.withdraw',
        tags: ['政策咨询'],
        summary: '撤回常见问题',
        params: IdParams,
        response: { 200: InquirySchema, ...errors(401, 403, 404, 409) },
      },
    },
    (req) => unpublishFaq(ctx, req.actor, req.params.id),
  );
};
