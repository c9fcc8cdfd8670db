/** The library's request and response schemas (TypeBox: one schema validates, serialises and documents). */
import { Type } from 'typebox';
import { FormBody, FormField, StrictObject, PageQuery } from '../../../web/schemas.ts';
import {
  INTERPRETATION_FORMS,
  KEY_POINT_KEYS,
  STATUSES,
  type InterpretationForm,
  type KeyPoint,
  type Status,
} from '../model.ts';

/** The largest original or import file (the use case holds originals to the same limit). */
export const FILE_MAX_BYTES = 10 * 1024 * 1024;
export const DateString = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const StatusEnum = Type.Unsafe<Status>(
  Type.Union(
    Object.keys(STATUSES).map((k) => Type.Literal(k)),
    {
      description:
        '效力状态：pending 尚未施行 / in_force 现行有效 / amended 已修改 / repealed 已废止 / expired 已失效',
    },
  ),
);

export const OrgRefSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  shortName: Type.String(),
});
export const DocumentSchema = Type.Object({
  id: Type.Integer(),
  docNumber: Type.String({ description: '文号（规范化形式，如 洪府办发〔2022〕66号）' }),
  title: Type.String({ description: '标题' }),
  orgs: Type.Array(OrgRefSchema, { description: '制发机关（联合发文时多个，主办在前）' }),
  writtenOn: Type.String({ description: '成文日期' }),
  publishedOn: Type.Union([Type.String(), Type.Null()], { description: '发布日期' }),
  effectiveOn: Type.String({ description: '施行日期' }),
  validityYears: Type.Union([Type.Integer(), Type.Null()], {
    description: '有效期（年）；null 为不设有效期',
  }),
  endsOn: Type.Union([Type.String(), Type.Null()], { description: '有效期最后一日（含）' }),
  indexNumber: Type.String({ description: '索引号' }),
  registrationNumber: Type.Union([Type.String(), Type.Null()], { description: '登记号' }),
  subject: Type.String({ description: '主题分类' }),
  status: Type.String({ description: 'statusDate 当日的效力状态' }),
  statusLabel: Type.String({ description: '效力状态（中文）' }),
  statusDate: Type.String({ description: '状态所对应的日期' }),
  inLibrary: Type.Boolean({ description: '是否已入库公开' }),
  isSample: Type.Boolean({ description: '是否为演示数据' }),
  itemId: Type.Union([Type.Integer(), Type.Null()], {
    description: '承载该文件的发布稿件编号（登记时建立的草稿，发布后文件入库）',
  }),
  isNormative: Type.Boolean({
    description: 'true 为行政规范性文件；false 为其他需解读的政策文件（只计入解读率，不入文件库）',
  }),
  withdrawnAt: Type.Union([Type.String(), Type.Null()], {
    description: '发布稿件撤回的时间（UTC）；撤回后文件不在公开文件库中',
  }),
  file: Type.Union(
    [Type.Object({ name: Type.String(), type: Type.String(), size: Type.Integer() }), Type.Null()],
    { description: '原件' },
  ),
  updatedAt: Type.String({ description: '最后变化时间（UTC）' }),
});
export const DetailSchema = Type.Object({
  ...DocumentSchema.properties,
  body: Type.String({ description: '全文' }),
  history: Type.Array(Type.Any(), { description: '效力变化历史' }),
  relations: Type.Array(Type.Any(), { description: '关联文件（双向）' }),
  interpretations: Type.Array(Type.Any(), { description: '政策解读' }),
  banner: Type.Union([Type.Any(), Type.Null()], { description: '已修改/已废止/已失效提示' }),
});

export const ListQuery = StrictObject({
  ...PageQuery,
  orgId: Type.Optional(Type.Integer({ minimum: 1, description: '制发机关编号' })),
  year: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100, description: '文号年份' })),
  status: Type.Optional(StatusEnum),
  subject: Type.Optional(Type.String({ maxLength: 50, description: '主题分类' })),
  q: Type.Optional(
    Type.String({
      maxLength: 100,
      description: '标题、文号或正文中的词语（正文经站内全文索引匹配；文号括号写法不限，完整文号精确匹配）',
    }),
  ),
  inForceOn: Type.Optional(DateString('只列出该日现行有效的文件，状态按该日计算（YYYY-MM-DD）')),
  since: Type.Optional(DateString('只列出该日（北京时间）以来有变化的文件')),
});

export const RegisterBody = StrictObject({
  docNumber: Type.String({ maxLength: 60, description: '文号，括号写法不限' }),
  title: Type.String({ maxLength: 200 }),
  orgIds: Type.Array(Type.Integer({ minimum: 1 }), {
    minItems: 1,
    maxItems: 20,
    description: '制发机关，主办在前',
  }),
  writtenOn: DateString('成文日期'),
  effectiveOn: DateString('施行日期'),
  validityYears: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0, maximum: 10 }), Type.Null()], {
      description: '有效期（年）；省略按标题：试行/暂行 2 年，其余 5 年；0 为不设有效期',
    }),
  ),
  registrationNumber: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  subject: Type.String({ maxLength: 50 }),
  body: Type.Optional(Type.String({ maxLength: 500000 })),
  isNormative: Type.Optional(
    Type.Boolean({
      description:
        '默认 true（行政规范性文件）；false 为其他涉及群众或企业权益、需要解读的政策文件（只计入解读率）',
    }),
  ),
  columnIds: Type.Optional(
    Type.Array(Type.Integer({ minimum: 1 }), {
      maxItems: 20,
      description: '发布稿件所在栏目；默认“行政法规、规章和规范性文件”和“政策文件”',
    }),
  ),
});
export const RegisteredSchema = Type.Object({
  ...DocumentSchema.properties,
  itemId: Type.Integer({ description: '新建的发布稿件（草稿）编号：报送、审核、保密审查、发布后文件入库' }),
});
export const UpdateBody = StrictObject({
  docNumber: RegisterBody.properties.docNumber,
  title: RegisterBody.properties.title,
  orgIds: RegisterBody.properties.orgIds,
  writtenOn: RegisterBody.properties.writtenOn,
  publishedOn: Type.Optional(
    Type.Union([DateString('发布日期（只能更正已发布文件的发布日期）'), Type.Null()]),
  ),
  registrationNumber: RegisterBody.properties.registrationNumber,
  subject: RegisterBody.properties.subject,
  body: RegisterBody.properties.body,
});
export const StatusBody = StrictObject({
  kind: Type.Union([Type.Literal('amended'), Type.Literal('repealed')]),
  effectiveOn: DateString('自该日起生效'),
  byDocNumber: Type.String({ maxLength: 60, description: '修改或废止本文件的文件文号' }),
  articles: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
});
export const RenewBody = StrictObject({
  years: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 10 }), Type.Null()])),
  effectiveOn: Type.Optional(Type.Union([DateString('新有效期第一日'), Type.Null()])),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
});
export const InterpretationBody = StrictObject({
  title: Type.String({ maxLength: 200 }),
  url: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  form: Type.Unsafe<InterpretationForm>(
    Type.Union(Object.keys(INTERPRETATION_FORMS).map((k) => Type.Literal(k))),
  ),
  publishedOn: DateString('解读发布日期'),
  keyPoints: Type.Optional(
    Type.Array(Type.Unsafe<KeyPoint>(Type.Union(KEY_POINT_KEYS.map((k) => Type.Literal(k)))), {
      maxItems: 7,
      description: '覆盖的解读要点',
    }),
  ),
  briefing: Type.Optional(
    Type.Union([
      StrictObject({
        date: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
        topic: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
        speakers: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
        link: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
      }),
      Type.Null(),
    ]),
  ),
});

/** The library's filters on a portal or back-office list page (a GET form: text fields, read with `str`/`int`). */
export const LibraryPageQuery = FormBody({
  q: FormField,
  orgId: FormField,
  year: FormField,
  status: FormField,
  subject: FormField,
  inForceOn: FormField,
  page: FormField,
});

/** A document page: the day its status is shown as of (`?on=`), and the notice after a save. */
export const DocumentPageQuery = FormBody({ on: FormField, saved: FormField });

/** The registration and correction form (new documents, corrections). */
export const DocumentForm = FormBody({
  docKind: FormField,
  docNumber: FormField,
  title: FormField,
  leadOrgId: FormField,
  jointOrgIds: FormField,
  writtenOn: FormField,
  publishedOn: FormField,
  effectiveOn: FormField,
  validityYears: FormField,
  registrationNumber: FormField,
  subject: FormField,
  body: FormField,
});

/** The forms of a document's back-office page (status change, renewal, supersession, interpretation). */
export const DocumentActionForm = FormBody({
  kind: FormField,
  effectiveOn: FormField,
  byDocNumber: FormField,
  articles: FormField,
  note: FormField,
  renewYears: FormField,
  renewFrom: FormField,
  renewNote: FormField,
  otherDocNumber: FormField,
  interpTitle: FormField,
  interpForm: FormField,
  interpPublishedOn: FormField,
  interpUrl: FormField,
  keyPoints: FormField,
  briefingDate: FormField,
  briefingTopic: FormField,
  briefingSpeakers: FormField,
  briefingLink: FormField,
});
