/** 依申请公开 JSON API under /api/v1/foi: registration by staff, the list, one case, events, reviews. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams, StrictObject } from '../../../web/schemas.ts';
import { registerApplication, type RegisterInput } from '../service/submit.ts';
import { confirmReceipt, recordEvent } from '../service/events.ts';
import { getApplication, listApplications, type ApplicationDetail } from '../service/read.ts';
import { addReview, addReviewResult, correctReviewResult, updateReview } from '../service/reviews.ts';
import { earlierApplications } from '../repeats.ts';
import {
  ApplicationSchema,
  DetailSchema,
  EarlierSchema,
  ListedSchema,
  ListQuery,
  ReceiptSchema,
  RegisterBody,
  EventBody,
  ReviewBody,
  ResultBody,
  ReviewSchema,
  Date_,
  ResultParams,
} from './schemas.ts';
function detailJson(d: ApplicationDetail) {
  const {
    applicantKey: _k,
    idNumber: _i,
    phone: _p,
    address: _a,
    email: _e,
    preferredForm: _f,
    delivery: _d,
    ...a
  } = d.application;
  return {
    ...a,
    orgName: d.orgName,
    handlerName: d.handlerName,
    clock: d.clock && {
      dueDate: d.clock.dueDate,
      provisional: d.clock.provisional,
      paused: d.clock.paused,
      correctionNoticeDue: d.clock.correctionNoticeDue,
      correctionDeadline: d.clock.correctionDeadline,
      consultationDeadline: d.clock.consultationDeadline,
      feePaymentDeadline: d.clock.feePaymentDeadline,
      workingDaysLeft: d.left?.workingDaysLeft ?? null,
      overdue: d.left?.overdue ?? false,
      spans: d.clock.spans,
      explanation: d.clock.explanation,
    },
    events: d.events.map((e) => {
      const { type, on, ...data } = e.event;
      return { id: e.id, type, on, data, actorName: e.actorName, at: e.at };
    }),
    history: d.history,
    letters: d.letters.map((l) => ({ kind: l.kind, on: l.issuedOn, title: l.title, docNumber: l.docNumber })),
    reviews: d.reviews,
    attachments: d.attachments,
  };
}

/** The JSON API (staff and integrations, by token or session). */
export const foiApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const tags = ['依申请公开'];
  app.post(
    '/api/v1/foi/applications',
    {
      schema: {
        operationId: 'foi.applications.create',
        tags,
        summary: '登记政府信息公开申请（工作人员；公众通过在线表单提交）',
        body: RegisterBody,
        response: { 201: ReceiptSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const input: RegisterInput = {
        address: '',
        email: '',
        docNumber: '',
        docTitle: '',
        preferredForm: '',
        delivery: '',
        ...req.body,
      };
      const r = await registerApplication(ctx, req.actor, input);
      return reply.code(201).send({ application: r.application, queryCode: r.queryCode });
    },
  );

  app.get(
    '/api/v1/foi/applications',
    {
      schema: {
        operationId: 'foi.applications.list',
        tags,
        summary: '申请列表（按机关、状态、是否超期、年度筛选）',
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(ListedSchema),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const q = req.query;
      return listApplications(ctx, req.actor, {
        orgId: q.org,
        status: q.status,
        overdue: q.overdue,
        year: q.year,
        page: q.page,
        pageSize: q.pageSize,
        order: 'newest',
      });
    },
  );

  app.get(
    '/api/v1/foi/applications/:id',
    {
      schema: {
        operationId: 'foi.applications.get',
        tags,
        summary: '申请详情（含收到日期、答复期限、是否预估和计算过程）',
        params: IdParams,
        response: { 200: DetailSchema, ...errors(401, 403, 404) },
      },
    },
    async (req) => detailJson(await getApplication(ctx, req.actor, req.params.id)),
  );

  app.post(
    '/api/v1/foi/applications/:id/events',
    {
      schema: {
        operationId: 'foi.applications.recordEvent',
        tags,
        summary: '登记办理事项（补正、延期、征求意见、收费、办结等）',
        params: IdParams,
        body: EventBody,
        response: { 201: DetailSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const id = req.params.id;
      await recordEvent(ctx, req.actor, id, req.body);
      return reply.code(201).send(detailJson(await getApplication(ctx, req.actor, id)));
    },
  );

  app.get(
    '/api/v1/foi/applications/:id/earlier',
    {
      schema: {
        operationId: 'foi.earlierApplications.list',
        tags,
        summary:
          '申请人此前的申请（按证件号码或联系电话匹配，含办理结果、文书和申请内容相似度），用于核查重复申请',
        params: IdParams,
        response: { 200: Type.Array(EarlierSchema), ...errors(401, 403, 404) },
      },
    },
    async (req) => earlierApplications(ctx, req.actor, req.params.id),
  );

  app.post(
    '/api/v1/foi/applications/:id/confirm',
    {
      schema: {
        operationId: 'foi.applications.confirm',
        tags,
        summary: '确认收到互联网/传真申请（确认之日为收到申请之日）',
        params: IdParams,
        body: StrictObject({ on: Type.Optional(Date_('确认日期，缺省为今天')) }),
        response: { 200: ApplicationSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => confirmReceipt(ctx, req.actor, req.params.id, req.body.on ?? null),
  );
  app.get(
    '/api/v1/foi/applications/:id/reviews',
    {
      schema: {
        operationId: 'foi.reviews.list',
        tags,
        summary: '行政复议、行政诉讼记录',
        params: IdParams,
        response: { 200: Type.Array(ReviewSchema), ...errors(401, 403, 404) },
      },
    },
    async (req) => (await getApplication(ctx, req.actor, req.params.id)).reviews,
  );
  app.post(
    '/api/v1/foi/applications/:id/reviews',
    {
      schema: {
        operationId: 'foi.reviews.create',
        tags,
        summary: '登记行政复议或行政诉讼',
        params: IdParams,
        body: ReviewBody,
        response: { 201: ReviewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.code(201).send(await addReview(ctx, req.actor, req.params.id, req.body)),
  );
  app.put(
    '/api/v1/foi/reviews/:id',
    {
      schema: {
        operationId: 'foi.reviews.update',
        tags,
        summary:
          '更新复议诉讼：更正类型、立案日期和备注；结果或结果日期与最新结果不同时新增一条结果（不覆盖原结果）',
        params: IdParams,
        body: ReviewBody,
        response: { 200: ReviewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => updateReview(ctx, req.actor, req.params.id, req.body),
  );
  app.post(
    '/api/v1/foi/reviews/:id/results',
    {
      schema: {
        operationId: 'foi.reviewResults.create',
        tags,
        summary: '新增复议诉讼结果（再审、二审等后来的结果；此前的结果保留）',
        params: IdParams,
        body: ResultBody,
        response: { 201: ReviewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addReviewResult(ctx, req.actor, req.params.id, req.body)),
  );
  app.put(
    '/api/v1/foi/reviews/:id/results/:resultId',
    {
      schema: {
        operationId: 'foi.reviewResults.update',
        tags,
        summary: '更正录入有误的一条复议诉讼结果（留审计记录）',
        params: ResultParams,
        body: ResultBody,
        response: { 200: ReviewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const p = req.params;
      return correctReviewResult(ctx, req.actor, p.id, p.resultId, req.body);
    },
  );
};
