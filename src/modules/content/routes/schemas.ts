/** The content API's schemas (TypeBox: one schema validates, serialises and documents) and the back office's form bodies. */
import { Type } from 'typebox';
import { StrictObject } from '../../../web/schemas.ts';
import {
  COLUMN_KINDS,
  INTERP_FORMS,
  INTERP_POINTS,
  ITEM_KINDS,
  SOURCES,
  STATUSES,
  VALIDITIES,
} from '../model.ts';
import { ATTACHMENT_TYPES } from '../service/attachments.ts';

/** The largest attachment any type allows; the use case checks each type's own limit. */
export const ATTACHMENT_MAX_BYTES = Math.max(...Object.values(ATTACHMENT_TYPES).map((t) => t.maxBytes));

/** One of an object's keys (the model's label tables), as a schema. */
export const lit = <K extends string>(keys: Record<K, unknown>) =>
  Type.Union((Object.keys(keys) as K[]).map((k) => Type.Literal(k)));

/** A column as the API answers it. */
export const ColumnSchema = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()], { description: '上级栏目' }),
  name: Type.String({ description: '栏目名称' }),
  slug: Type.String({ description: '网址标识：/columns/{slug}' }),
  kind: Type.String({ description: `栏目类型：${Object.keys(COLUMN_KINDS).join(' / ')}` }),
  orgId: Type.Union([Type.Integer(), Type.Null()], { description: '维护单位' }),
  description: Type.String(),
  sortOrder: Type.Integer(),
});
/** A column as the API takes it. */
export const ColumnBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  slug: Type.String({ minLength: 1, maxLength: 64 }),
  kind: lit(COLUMN_KINDS),
  parentId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  orgId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
});
/** A topic as the API answers it. */
export const TopicSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  slug: Type.String({ description: '网址标识：/topics/{slug}' }),
  summary: Type.String(),
  sortOrder: Type.Integer(),
  sections: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String({ description: '板块名称' }),
      sortOrder: Type.Integer(),
    }),
  ),
});
/** A topic as the API takes it. */
export const TopicBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  slug: Type.String({ minLength: 1, maxLength: 64 }),
  summary: Type.Optional(Type.String({ maxLength: 1000 })),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  sections: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 }),
});
/** A data item's table. */
export const DataTableSchema = Type.Object(
  { columns: Type.Array(Type.String()), rows: Type.Array(Type.Array(Type.String())) },
  { description: '数据表：表头与各行' },
);
/** A string schema that also takes null. */
export const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** A 政策文件's own fields as the API answers them. */
export const PolicySchema = Type.Object({
  indexNumber: Type.String({ description: '索引号（留空时按本站规则生成）' }),
  writtenDate: Nullable(Type.String({ description: '成文日期 YYYY-MM-DD' })),
  issuingAgency: Type.String({ description: '发布机构' }),
  subject: Type.String({ description: '主题分类' }),
  validity: Type.String({ description: `有效性：${Object.keys(VALIDITIES).join(' / ')}` }),
});
/** A 政策文件's own fields as the API takes them. */
export const PolicyBody = StrictObject({
  indexNumber: Type.Optional(Type.String({ maxLength: 60 })),
  writtenDate: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  issuingAgency: Type.Optional(Type.String({ maxLength: 100 })),
  subject: Type.Optional(Type.String({ maxLength: 50 })),
  validity: Type.Optional(lit(VALIDITIES)),
});
/** An item as the API answers it. */
export const ItemSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: `内容类型：${Object.keys(ITEM_KINDS).join(' / ')}` }),
  title: Type.String(),
  body: Type.String({ description: '正文（已净化的 HTML）' }),
  orgId: Type.Integer({ description: '发布单位' }),
  status: Type.String({ description: `状态：${Object.keys(STATUSES).join(' / ')}` }),
  source: Type.String({ description: 'original 原创 / reposted 转载' }),
  origin: Nullable(Type.String({ description: '转载出处' })),
  formationDate: Nullable(Type.String({ description: '信息形成（变更）日期 YYYY-MM-DD' })),
  docNumber: Nullable(Type.String({ description: '发文字号' })),
  policy: Type.Union([PolicySchema, Type.Null()], { description: '政策文件信息（其他类型为 null）' }),
  interpForm: Nullable(Type.String({ description: '解读形式' })),
  interpPoints: Type.Record(Type.String(), Type.String(), { description: '解读七要点' }),
  dataTable: Type.Union([DataTableSchema, Type.Null()]),
  revision: Type.Integer({ description: '当前版本号' }),
  publishAt: Nullable(Type.String({ description: '定时发布时间' })),
  publishedAt: Nullable(Type.String({ description: '发布时间' })),
  modifiedAt: Nullable(Type.String({ description: '发布后修改时间' })),
  late: Type.Boolean({ description: '是否超过 20 个工作日发布' }),
  gate: Type.Unknown({ description: '最近一次发布前检查结果' }),
  rejectComment: Nullable(Type.String()),
  withdrawalMode: Nullable(Type.String()),
  withdrawalReason: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  supersedesId: Type.Union([Type.Integer(), Type.Null()], {
    description: '本稿件发布后替代（撤回并跳转到本稿件）的已发布稿件',
  }),
  columnIds: Type.Array(Type.Integer()),
  topics: Type.Array(
    Type.Object({ topicId: Type.Integer(), sectionId: Type.Union([Type.Integer(), Type.Null()]) }),
  ),
  interprets: Type.Array(Type.Integer(), { description: '本解读所解读的政策文件' }),
  interpretedBy: Type.Array(Type.Integer(), { description: '解读本文件的解读' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
/** A list row. */
export const SummarySchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  orgId: Type.Integer(),
  status: Type.String(),
  source: Type.String(),
  docNumber: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
  late: Type.Boolean(),
});
/** A page of list rows. */
export const ItemPage_ = Type.Object({
  items: Type.Array(SummarySchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
/** An item as the API takes it (create and update). */
export const ItemBody = StrictObject({
  kind: lit(ITEM_KINDS),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  body: Type.String({ maxLength: 500000 }),
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  source: lit(SOURCES),
  origin: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  formationDate: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  docNumber: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  columnIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 20 }),
  topics: Type.Optional(
    Type.Array(
      StrictObject({
        topicId: Type.Integer({ minimum: 1 }),
        sectionId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
      }),
      { maxItems: 20 },
    ),
  ),
  interprets: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20 })),
  interpForm: Type.Optional(Type.Union([lit(INTERP_FORMS), Type.Null()])),
  interpPoints: Type.Optional(
    Type.Partial(
      Type.Object(
        Object.fromEntries(Object.keys(INTERP_POINTS).map((k) => [k, Type.String({ maxLength: 5000 })])),
        { additionalProperties: false },
      ),
    ),
  ),
  dataTable: Type.Optional(Type.Union([DataTableSchema, Type.Null()])),
  policy: Type.Optional(Type.Union([PolicyBody, Type.Null()])),
});
/** A saved version. */
export const RevisionSchema = Type.Object({
  number: Type.Integer(),
  note: Type.String(),
  actorName: Type.String(),
  createdAt: Type.String(),
  snapshot: Type.Unknown(),
});
/** An attachment as the API answers it. */
export const AttachmentSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  createdAt: Type.String(),
});
/** The API's OpenAPI tag. */
export const tags = ['内容发布'];
