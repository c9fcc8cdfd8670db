/** The 政务新媒体 API's schemas: accounts, filings, checks and their inputs. */
import { Type } from 'typebox';
import { StrictObject } from '../../../web/schemas.ts';
import { LEVELS, PLATFORMS, type Level, type Platform } from '../model.ts';

export const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const PublicAccountSchema = Type.Object({
  id: Type.Integer(),
  platform: Type.String({
    description: '平台代码：wechat / weibo / douyin / toutiao / channels / kuaishou / other',
  }),
  platformName: Type.String({ description: '平台名称' }),
  accountName: Type.String({ description: '账号名称' }),
  platformAccountId: Type.String({ description: '平台账号 ID（永久 ID，非显示名称）' }),
  orgName: Type.String({ description: '主办单位' }),
  level: Type.String({ description: '级别：district / department / township' }),
  isSample: Type.Boolean({ description: '演示数据' }),
});

export const AccountSchema = Type.Object({
  id: Type.Integer(),
  platform: Type.String(),
  accountName: Type.String(),
  platformAccountId: Type.String(),
  orgId: Type.Integer({ description: '主办单位' }),
  operator: Type.String({ description: '运营单位或运营人' }),
  responsiblePerson: Type.String({ description: '责任人' }),
  level: Type.String(),
  status: Type.String({ description: 'active 运营中 / closed 已关停' }),
  lastUpdateDate: Nullable(Type.String({ description: '最近更新日期' })),
  interactionOk: Type.Union([Type.Boolean(), Type.Null()], { description: '互动功能是否正常' }),
  checkedOn: Nullable(Type.String({ description: '最近检查日期' })),
  isSample: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const AccountBody = StrictObject({
  platform: Type.Union((Object.keys(PLATFORMS) as Platform[]).map((k) => Type.Literal(k))),
  accountName: Type.String({ minLength: 1, maxLength: 60 }),
  platformAccountId: Type.String({ minLength: 1, maxLength: 64 }),
  orgId: Type.Integer({ minimum: 1 }),
  operator: Type.String({ minLength: 1, maxLength: 100 }),
  responsiblePerson: Type.String({ minLength: 1, maxLength: 50 }),
  level: Type.Union((Object.keys(LEVELS) as Level[]).map((k) => Type.Literal(k))),
});

export const FilingSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'open 开设 / change 变更 / close 关停注销' }),
  accountId: Type.Union([Type.Integer(), Type.Null()]),
  orgId: Type.Integer(),
  fields: Type.Object({}, { additionalProperties: true, description: '拟登记的账号信息' }),
  note: Type.String(),
  status: Type.String({ description: 'submitted 待审核 / approved 已通过 / rejected 已退回' }),
  submittedBy: Type.String(),
  submittedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  documents: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.Integer(),
        fileName: Type.String(),
        mime: Type.String(),
        size: Type.Integer(),
        uploadedAt: Type.String(),
      }),
    ),
  ),
});

export const FilingBody = StrictObject({
  kind: Type.Union([Type.Literal('open'), Type.Literal('change'), Type.Literal('close')]),
  accountId: Type.Optional(Type.Integer({ minimum: 1 })),
  fields: Type.Optional(AccountBody),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const CheckBody = StrictObject({
  checkedOn: Type.String({ description: '检查日期 YYYY-MM-DD' }),
  lastUpdateDate: Type.String({ description: '账号最近一次发布内容的日期' }),
  interactionOk: Type.Boolean({ description: '留言、私信等互动功能是否正常' }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

export const PublicQuery = StrictObject({
  q: Type.Optional(Type.String({ maxLength: 64 })),
  platform: Type.Optional(Type.String({ maxLength: 20 })),
});
