/** The auth module's JSON API: the signed-in user, staff accounts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../../errors.ts';
import { errors, IdParams, StrictObject } from '../../../web/schemas.ts';
import { ROLE_KEYS } from '../permissions.ts';
import { createUser, getUser, listUsers, ownAccount, updateUser } from '../service.ts';

const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String({ description: '姓名' }),
  orgId: Type.Integer({ description: '所属机关' }),
  email: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()], { description: '锁定到（登录失败过多）' }),
  roles: Type.Array(Type.String(), { description: '角色' }),
  totp: Type.Boolean({ description: '已启用动态验证码（第二因素）' }),
});

const UserBody = StrictObject({
  username: Type.String({ minLength: 3, maxLength: 32 }),
  displayName: Type.String({ minLength: 1, maxLength: 50 }),
  orgId: Type.Integer({ minimum: 1 }),
  email: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  roles: Type.Array(Type.Union(ROLE_KEYS.map((r) => Type.Literal(r))), { maxItems: ROLE_KEYS.length }),
  active: Type.Optional(Type.Boolean()),
  password: Type.Optional(Type.String({ maxLength: 128 })),
});

/** /api/v1/me and /api/v1/users. */
export const authApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/api/v1/me',
    {
      schema: {
        operationId: 'auth.me.get',
        tags: ['账号'],
        summary: '当前登录用户',
        response: { 200: UserSchema, ...errors(401) },
      },
    },
    async (req) => {
      const a = req.actor;
      if (a.kind !== 'user')
        throw new AppError('unauthenticated', req.sessionExpired ? '登录已过期，请重新登录' : '请先登录');
      const u = await ownAccount(ctx, a);
      return {
        id: a.id,
        username: a.username,
        displayName: a.displayName,
        orgId: a.orgId,
        email: u.email,
        active: true,
        lockedUntil: null,
        roles: a.roles,
        totp: u.totp,
      };
    },
  );
  app.get(
    '/api/v1/users',
    {
      schema: {
        operationId: 'auth.users.list',
        tags: ['账号'],
        summary: '用户列表',
        response: { 200: Type.Array(UserSchema), ...errors(401, 403) },
      },
    },
    (req) => listUsers(ctx, req.actor),
  );
  app.get(
    '/api/v1/users/:id',
    {
      schema: {
        operationId: 'auth.users.get',
        tags: ['账号'],
        summary: '用户详情',
        params: IdParams,
        response: { 200: UserSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getUser(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/v1/users',
    {
      schema: {
        operationId: 'auth.users.create',
        tags: ['账号'],
        summary: '新建用户',
        body: UserBody,
        response: { 201: UserSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await createUser(ctx, req.actor, req.body)),
  );
  app.put(
    '/api/v1/users/:id',
    {
      schema: {
        operationId: 'auth.users.update',
        tags: ['账号'],
        summary: '修改用户（角色、机关、启用、密码）',
        params: IdParams,
        body: UserBody,
        response: { 200: UserSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateUser(ctx, req.actor, req.params.id, req.body),
  );
};
