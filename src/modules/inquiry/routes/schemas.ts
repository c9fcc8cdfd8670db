/** The 政策咨询 API's schemas: an inquiry, its receipt and tracking view, a FAQ, and the inputs. */
import { Type } from 'typebox';
import { StrictObject } from '../../../web/schemas.ts';

export const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
export const LinkSchema = Type.Object({
  title: Type.String({ maxLength: 200 }),
  url: Type.String({ maxLength: 500 }),
});
export const InquirySchema = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: '查询编号' }),
  askerKind: Type.String({ description: 'person 个人 / enterprise 企业或其他组织' }),
  askerName: Type.String(),
  contact: Type.String({ description: '联系方式（不公开；遮蔽显示，如 138****1234）' }),
  title: Type.String(),
  question: Type.String(),
  channel: Type.String({ description: 'web 网上 / window 专区窗口 / phone 电话' }),
  zoneId: Type.Union([Type.Integer(), Type.Null()]),
  orgId: Type.Integer({ description: '办理单位' }),
  status: Type.String({ description: 'pending 待答复 / answered 已答复 / invalid 无效留言' }),
  submittedAt: Type.String(),
  receivedDate: Type.String({ description: '收到日期（北京时间）' }),
  dueDate: Type.String({ description: '答复期限（工作日计算）' }),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  answeredBy: Nullable(Type.String()),
  invalidReason: Nullable(Type.String()),
  faqQuestion: Nullable(Type.String()),
  faqAnswer: Nullable(Type.String()),
  faqLinks: Type.Array(LinkSchema),
  faqPublishedAt: Nullable(Type.String()),
  isSample: Type.Boolean(),
});
export const SubmitBody = StrictObject({
  askerKind: Type.Union([Type.Literal('person'), Type.Literal('enterprise')]),
  askerName: Type.String({ maxLength: 100 }),
  contact: Type.String({ maxLength: 100 }),
  title: Type.String({ maxLength: 100 }),
  question: Type.String({ maxLength: 5000 }),
  orgId: Type.Integer({ minimum: 1 }),
  channel: Type.Optional(
    Type.Union([Type.Literal('web'), Type.Literal('window'), Type.Literal('phone')], {
      description: '工作人员登记时填写',
    }),
  ),
  zoneId: Type.Optional(Type.Integer({ minimum: 1 })),
});
export const Receipt = Type.Object({
  number: Type.String({ description: '查询编号' }),
  code: Type.String({ description: '查询码（只显示一次，请妥善保存）' }),
  dueDate: Type.String({ description: '答复期限' }),
});
export const TrackBody = StrictObject({
  number: Type.String({ maxLength: 20 }),
  code: Type.String({ maxLength: 20 }),
});
export const TrackSchema = Type.Object({
  number: Type.String(),
  title: Type.String(),
  question: Type.String(),
  orgName: Type.String(),
  status: Type.String(),
  receivedDate: Type.String(),
  dueDate: Type.String(),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
});
export const FaqSchema = Type.Object({
  id: Type.Integer(),
  question: Type.String(),
  answer: Type.String(),
  links: Type.Array(LinkSchema),
  orgName: Type.String(),
  publishedAt: Type.String(),
  isSample: Type.Boolean(),
});
