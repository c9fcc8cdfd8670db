/** 政务公开专区 JSON API: the public list, the registry (公开办) and the consultation log. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams, NoQuery, StrictObject } from '../../../web/schemas.ts';
import { ZONE_SERVICES, type ZoneService } from '../model.ts';
import {
  createZone,
  listPublicZones,
  listZoneConsultations,
  logZoneConsultation,
  updateZone,
} from '../service.ts';

const ZoneSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: '专区名称' }),
  orgId: Type.Integer({ description: '所属单位' }),
  orgName: Type.Optional(Type.String()),
  address: Type.String({ description: '地址' }),
  hours: Type.String({ description: '开放时间' }),
  phone: Type.String({ description: '咨询电话' }),
  services: Type.Array(Type.String(), {
    description:
      'reading 信息查阅 / foi_intake 依申请公开受理 / policy_window 政策咨询窗口 / guides 办事指南',
  }),
  active: Type.Boolean(),
  isSample: Type.Boolean(),
});
const ZoneBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  orgId: Type.Integer({ minimum: 1 }),
  address: Type.String({ minLength: 1, maxLength: 200 }),
  hours: Type.String({ minLength: 1, maxLength: 200 }),
  phone: Type.String({ minLength: 1, maxLength: 40 }),
  services: Type.Array(
    Type.Union((Object.keys(ZONE_SERVICES) as ZoneService[]).map((k) => Type.Literal(k))),
    {
      minItems: 1,
      maxItems: 4,
      uniqueItems: true,
    },
  ),
  active: Type.Boolean(),
});
const ConsultationSchema = Type.Object({
  id: Type.Integer(),
  zoneId: Type.Integer(),
  date: Type.String(),
  topic: Type.String(),
  channel: Type.String({ description: 'window 窗口 / phone 电话' }),
  answered: Type.Boolean(),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
});
const ConsultationBody = StrictObject({
  date: Type.String({ description: 'YYYY-MM-DD' }),
  topic: Type.String({ minLength: 1, maxLength: 200 }),
  channel: Type.Union([Type.Literal('window'), Type.Literal('phone')]),
  answered: Type.Boolean(),
});

/** The zones API under /api/v1/zones. */
export const zoneApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/api/v1/zones',
    {
      schema: {
        operationId: 'zones.zones.list',
        tags: ['政务公开专区'],
        summary: '政务公开专区（公开）',
        security: [],
        querystring: NoQuery,
        response: { 200: Type.Array(ZoneSchema), ...errors(400) },
      },
    },
    () => listPublicZones(ctx.db),
  );
  app.post(
    '/api/v1/zones',
    {
      schema: {
        operationId: 'zones.zones.create',
        tags: ['政务公开专区'],
        summary: '新建专区（公开办）',
        body: ZoneBody,
        response: { 201: ZoneSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await createZone(ctx, req.actor, req.body)),
  );
  app.put(
    '/api/v1/zones/:id',
    {
      schema: {
        operationId: 'zones.zones.update',
        tags: ['政务公开专区'],
        summary: '修改专区（公开办）',
        params: IdParams,
        body: ZoneBody,
        response: { 200: ZoneSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateZone(ctx, req.actor, req.params.id, req.body),
  );
  app.get(
    '/api/v1/zones/:id/consultations',
    {
      schema: {
        operationId: 'zones.consultations.list',
        tags: ['政务公开专区'],
        summary: '专区咨询登记',
        params: IdParams,
        response: { 200: Type.Array(ConsultationSchema), ...errors(401, 403, 404) },
      },
    },
    (req) => listZoneConsultations(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/v1/zones/:id/consultations',
    {
      schema: {
        operationId: 'zones.consultations.create',
        tags: ['政务公开专区'],
        summary: '登记一次现场或电话咨询',
        params: IdParams,
        body: ConsultationBody,
        response: { 201: ConsultationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await logZoneConsultation(ctx, req.actor, req.params.id, req.body)),
  );
};
