/** The webhooks JSON API (系统管理员): event types, subscribers, delivery logs. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams, PageQuery, StrictObject } from '../../../web/schemas.ts';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS } from '../model.ts';
import {
  createSubscriber,
  getSubscriber,
  listDeliveries,
  listSubscribers,
  updateSubscriber,
} from '../service.ts';

const tags = ['Webhook'];
const EventType = Type.Union(WEBHOOK_EVENT_TYPES.map((e) => Type.Literal(e)));
const SubscriberSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: '对接方名称' }),
  url: Type.String({ description: '接收地址（http/https）' }),
  events: Type.Array(Type.String(), { description: '订阅的事件类型' }),
  active: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const SubscriberBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100, description: '对接方名称，如 12345 热线' }),
  url: Type.String({
    minLength: 1,
    maxLength: 500,
    description: '接收地址（只允许 http/https；默认不允许本机和内网地址）',
  }),
  events: Type.Array(EventType, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length, uniqueItems: true }),
  active: Type.Boolean(),
  secret: Type.Optional(
    Type.String({
      minLength: 16,
      maxLength: 200,
      description: '签名密钥；新建时省略则自动生成，修改时省略则不变',
    }),
  ),
});
const DeliverySchema = Type.Object({
  id: Type.Integer(),
  subscriberId: Type.Integer(),
  eventId: Type.String({ description: '事件编号（同一事件对每个订阅相同，用于去重）' }),
  eventType: Type.String(),
  status: Type.String({ description: 'pending 待发送或待重试 / delivered 已送达 / failed 已放弃' }),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
});
/** /api/v1/webhooks/… */
export const webhookApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/api/v1/webhooks/events',
    {
      schema: {
        operationId: 'webhooks.events.list',
        tags,
        summary: '可订阅的事件类型',
        response: {
          200: Type.Array(Type.Object({ type: Type.String(), label: Type.String() })),
          ...errors(401, 403),
        },
      },
    },
    async (req) => {
      await listSubscribers(ctx, req.actor);
      return Object.entries(WEBHOOK_EVENTS).map(([type, label]) => ({ type, label }));
    },
  );
  app.get(
    '/api/v1/webhooks/subscribers',
    {
      schema: {
        operationId: 'webhooks.subscribers.list',
        tags,
        summary: '订阅列表（系统管理员）',
        response: { 200: Type.Array(SubscriberSchema), ...errors(401, 403) },
      },
    },
    (req) => listSubscribers(ctx, req.actor),
  );
  app.post(
    '/api/v1/webhooks/subscribers',
    {
      schema: {
        operationId: 'webhooks.subscribers.create',
        tags,
        summary: '新建订阅（返回的 secret 只显示这一次）',
        body: SubscriberBody,
        response: {
          201: Type.Object({
            ...SubscriberSchema.properties,
            secret: Type.String({ description: '签名密钥（HMAC-SHA256），只返回这一次' }),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req, reply) => reply.code(201).send(await createSubscriber(ctx, req.actor, req.body)),
  );
  app.get(
    '/api/v1/webhooks/subscribers/:id',
    {
      schema: {
        operationId: 'webhooks.subscribers.get',
        tags,
        summary: '订阅详情',
        params: IdParams,
        response: { 200: SubscriberSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getSubscriber(ctx, req.actor, req.params.id),
  );
  app.put(
    '/api/v1/webhooks/subscribers/:id',
    {
      schema: {
        operationId: 'webhooks.subscribers.update',
        tags,
        summary: '修改订阅（地址、事件、启停、更换密钥）',
        params: IdParams,
        body: SubscriberBody,
        response: { 200: SubscriberSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateSubscriber(ctx, req.actor, req.params.id, req.body),
  );
  app.get(
    '/api/v1/webhooks/subscribers/:id/deliveries',
    {
      schema: {
        operationId: 'webhooks.deliveries.list',
        tags,
        summary: '投递记录（状态、次数、最后错误；新的在前）',
        params: IdParams,
        querystring: StrictObject(PageQuery),
        response: {
          200: Type.Object({
            items: Type.Array(DeliverySchema),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    (req) => {
      const q = req.query;
      return listDeliveries(ctx, req.actor, req.params.id, q.page ?? 1, q.pageSize ?? 20);
    },
  );
};
