/** The org tree's JSON API. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams, StrictObject } from '../../../web/schemas.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { ORG_KINDS, type OrgKind } from '../model.ts';
import { createOrg, getOrg, listOrgs, updateOrg } from '../service.ts';

const FoiDeskSchema = Type.Object(
  {
    address: Type.String({ description: '依申请公开受理地址', maxLength: 200 }),
    postcode: Type.String({ description: '邮政编码', maxLength: 10 }),
    phone: Type.String({ description: '咨询电话', maxLength: 50 }),
    fax: Type.String({ description: '传真', maxLength: 50 }),
    hours: Type.String({ description: '办公时间', maxLength: 100 }),
  },
  { description: '依申请公开受理机构信息' },
);

const OrgSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: '机关全称' }),
  shortName: Type.String({ description: '简称，如 区发改委' }),
  code: Type.String({ description: '机关代码（统一社会信用代码等）' }),
  kind: Type.String({
    description:
      '类型：government 人民政府 / department 工作部门 / agency 派出机关 / township 乡镇 / vertical 垂直管理 / community 村（社区） / other',
  }),
  parentId: Type.Union([Type.Integer(), Type.Null()], { description: '上级机关' }),
  aliases: Type.Array(Type.String(), { description: '其他称谓' }),
  sortOrder: Type.Integer(),
  isSample: Type.Boolean({ description: '是否为演示数据' }),
  foiDesk: FoiDeskSchema,
  letterNumberPattern: Type.String({
    description: '答复书等文书的文号格式，{year} 年份、{seq} 序号；空 = 未设置',
  }),
  reviewBody: Type.String({ description: '指定的复议机关；空 = 按机关树推定' }),
});

const OrgBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  shortName: Type.String({ minLength: 1, maxLength: 50 }),
  code: Type.String({ minLength: 1, maxLength: 32 }),
  kind: Type.Union((Object.keys(ORG_KINDS) as OrgKind[]).map((k) => Type.Literal(k))),
  parentId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  aliases: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  foiDesk: Type.Optional(Type.Partial(FoiDeskSchema)),
  letterNumberPattern: Type.Optional(Type.String({ maxLength: 50 })),
  reviewBody: Type.Optional(Type.String({ maxLength: 100 })),
});

/** /api/v1/orgs. */
export const orgApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/api/v1/orgs',
    {
      schema: {
        operationId: 'org.orgs.list',
        tags: ['机关'],
        summary: '机关列表（树）',
        response: { 200: Type.Array(OrgSchema), ...errors(401, 403) },
      },
    },
    (req) => listOrgs(ctx, req.actor),
  );
  app.get(
    '/api/v1/orgs/:id',
    {
      schema: {
        operationId: 'org.orgs.get',
        tags: ['机关'],
        summary: '机关详情',
        params: IdParams,
        response: { 200: OrgSchema, ...errors(401, 403, 404) },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'org.read');
      return getOrg(ctx.db, req.params.id);
    },
  );
  app.post(
    '/api/v1/orgs',
    {
      schema: {
        operationId: 'org.orgs.create',
        tags: ['机关'],
        summary: '新建机关',
        body: OrgBody,
        response: { 201: OrgSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const org = await createOrg(ctx, req.actor, req.body);
      return reply.code(201).send(org);
    },
  );
  app.put(
    '/api/v1/orgs/:id',
    {
      schema: {
        operationId: 'org.orgs.update',
        tags: ['机关'],
        summary: '修改机关',
        params: IdParams,
        body: OrgBody,
        response: { 200: OrgSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => updateOrg(ctx, req.actor, req.params.id, req.body),
  );
};
