/** The 意见征集 API's schemas: what a consultation, a comment and their inputs look like on the wire. */
import { Type } from 'typebox';
import { StrictObject } from '../../../web/schemas.ts';
import { ADOPTION, type Adoption } from '../model.ts';

export const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
export const PublicCommentSchema = Type.Object({
  id: Type.Integer(),
  body: Type.String(),
  submittedDate: Type.String(),
  adoption: Nullable(Type.String({ description: 'adopted / partly / not_adopted' })),
  adoptionReason: Nullable(Type.String()),
});
export const ConsultationFields = {
  id: Type.Integer(),
  orgId: Type.Integer(),
  title: Type.String(),
  draftText: Type.String({ description: '草案全文' }),
  explanation: Type.String({ description: '起草说明' }),
  startDate: Type.String(),
  endDate: Type.String(),
  publishedAt: Nullable(Type.String()),
  feedbackSummary: Nullable(Type.String({ description: '意见采纳情况' })),
  feedbackPublishedAt: Nullable(Type.String()),
  finalDocTitle: Nullable(Type.String()),
  finalDocUrl: Nullable(Type.String()),
  isSample: Type.Boolean(),
};
export const ConsultationSchema = Type.Object({
  ...ConsultationFields,
  phase: Type.Optional(Type.String({ description: 'draft / upcoming / open / closed' })),
});
export const PublicConsultationSchema = Type.Object({
  ...ConsultationFields,
  phase: Type.String(),
  orgName: Type.String(),
  commentCount: Type.Integer({ description: '已公开的意见数' }),
});
export const PublicDetailSchema = Type.Object({
  ...PublicConsultationSchema.properties,
  totalReceived: Type.Integer({ description: '收到的意见总数' }),
  comments: Type.Array(PublicCommentSchema),
});
export const CommentSchema = Type.Object({
  id: Type.Integer(),
  consultationId: Type.Integer(),
  authorName: Type.String(),
  contact: Type.String({ description: '联系方式（遮蔽显示，如 138****1234）' }),
  body: Type.String(),
  status: Type.String(),
  submittedAt: Type.String(),
  moderatedBy: Nullable(Type.String()),
  moderatedAt: Nullable(Type.String()),
  rejectReason: Nullable(Type.String()),
  adoption: Nullable(Type.String()),
  adoptionReason: Nullable(Type.String()),
});
export const StaffDetailSchema = Type.Object({
  ...ConsultationFields,
  phase: Type.String(),
  comments: Type.Array(CommentSchema),
});
export const ConsultationBody = StrictObject({
  orgId: Type.Integer({ minimum: 1 }),
  title: Type.String({ maxLength: 200 }),
  draftText: Type.String({ maxLength: 200000 }),
  explanation: Type.String({ maxLength: 50000 }),
  startDate: Type.String({ description: 'YYYY-MM-DD' }),
  endDate: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: '默认开始日期起 30 天' })),
});
export const CommentBody = StrictObject({
  authorName: Type.String({ maxLength: 100 }),
  contact: Type.String({ maxLength: 100 }),
  body: Type.String({ maxLength: 5000 }),
});
export const FeedbackBody = StrictObject({
  summary: Type.String({ maxLength: 20000 }),
  adoptions: Type.Array(
    StrictObject({
      commentId: Type.Integer({ minimum: 1 }),
      adoption: Type.Union((Object.keys(ADOPTION) as Adoption[]).map((k) => Type.Literal(k))),
      reason: Type.String({ maxLength: 2000 }),
    }),
    { maxItems: 1000 },
  ),
});
