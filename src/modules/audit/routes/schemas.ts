/** Schemas of the audit log's routes. */
import { Type } from 'typebox';
import { PageQuery, StrictObject } from '../../../web/schemas.ts';

/** The audit log's filter and page (API and back office). */
export const AuditQuery = StrictObject({
  actor: Type.Optional(Type.String({ maxLength: 100, description: '操作人（模糊）' })),
  action: Type.Optional(Type.String({ maxLength: 100, description: '操作（前缀），如 org.' })),
  objectType: Type.Optional(Type.String({ maxLength: 50 })),
  objectId: Type.Optional(Type.String({ maxLength: 50 })),
  from: Type.Optional(Type.String({ maxLength: 30, description: '起（ISO 时间）' })),
  to: Type.Optional(Type.String({ maxLength: 30, description: '止（ISO 时间）' })),
  ...PageQuery,
});

/** One record as the API returns it. */
export const AuditRecord = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorName: Type.String(),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Type.Union([Type.String(), Type.Null()]),
  algo: Type.String({ description: '本条记录哈希链使用的算法：sm3 或 sha256' }),
});
