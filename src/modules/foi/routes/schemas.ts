/** The FOI JSON API's schemas (TypeBox: they validate, serialise and document) and the HTML forms' bodies. */
import { Type } from 'typebox';
import { FormBody, FormField, MAX_ID, PageQuery, StrictObject } from '../../../web/schemas.ts';
import { ApplicantFields } from '../applicant.ts';
import { DELIVERY_METHODS, EVENT_LABELS, PREFERRED_FORMS, REVIEW_KINDS, STATUSES } from '../model.ts';
import { APPLICANT_TYPES, CHANNELS, OUTCOMES, REVIEW_RESULTS } from '../outcomes.ts';
/** One of an object's keys (a code list such as CHANNELS), as a literal union. */
const lit = <K extends string>(o: Record<K, unknown>) =>
  Type.Union((Object.keys(o) as K[]).map((k) => Type.Literal(k)));
/** A `YYYY-MM-DD` date. */
export const Date_ = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ApplicationSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: '申请编号，如 2026-YSQ-00001（年份-本站代码-序号）' }),
  applicantType: Type.String({
    description: '申请人类型：natural / commercial / research / publicInterest / legalServices / otherOrg',
  }),
  applicantName: Type.String(),
  channel: Type.String({
    description: '收到方式：in_person / registered_mail / ordinary_letter / online / fax',
  }),
  description: Type.String({ description: '所需信息描述' }),
  docNumber: Type.String(),
  docTitle: Type.String(),
  submittedAt: Type.String({ description: '提交时刻（UTC）' }),
  receivedOn: Nullable(Type.String({ description: '收到申请之日（北京时间日期）；待确认时为 null' })),
  orgId: Type.Integer({ description: '承办机关' }),
  handlerId: Nullable(Type.Integer()),
  status: Type.String({
    description: `状态：${Object.entries(STATUSES)
      .map(([k, v]) => `${k}=${v}`)
      .join('，')}`,
  }),
  dueDate: Nullable(Type.String({ description: '答复期限' })),
  provisional: Type.Boolean({ description: '答复期限是否为预估（涉及尚未公布放假安排的年份）' }),
  outcome: Nullable(Type.String({ description: '办理结果代码（办结后）' })),
  closedOn: Nullable(Type.String()),
  isSample: Type.Boolean(),
});
export const ListedSchema = Type.Object({
  ...ApplicationSchema.properties,
  workingDaysLeft: Nullable(Type.Integer({ description: '剩余工作日（超期为负）' })),
  overdue: Type.Boolean(),
});
export const SpanSchema = Type.Object({
  kind: Type.String(),
  from: Type.String(),
  to: Type.String(),
  workingDays: Type.Integer(),
  reason: Type.String(),
});
/** One result of a review or lawsuit; every result is kept with its date (rules.md §4). */
export const ReviewResultSchema = Type.Object({
  id: Type.Integer(),
  result: Type.String({ description: 'upheld 结果维持 / corrected 结果纠正 / other 其他结果' }),
  resultOn: Type.String({ description: '结果日期' }),
  note: Type.String(),
  actorName: Type.String({ description: '登记人' }),
  recordedAt: Type.String({ description: '登记时间' }),
  correctedAt: Nullable(Type.String({ description: '录入有误后更正的时间' })),
});

export const DetailSchema = Type.Object({
  ...ApplicationSchema.properties,
  orgName: Type.String(),
  handlerName: Nullable(Type.String()),
  clock: Nullable(
    Type.Object({
      dueDate: Nullable(Type.String()),
      provisional: Type.Boolean(),
      paused: Nullable(Type.String()),
      correctionNoticeDue: Type.String(),
      correctionDeadline: Nullable(Type.String()),
      consultationDeadline: Nullable(Type.String()),
      feePaymentDeadline: Nullable(Type.String()),
      workingDaysLeft: Nullable(Type.Integer()),
      overdue: Type.Boolean(),
      spans: Type.Array(SpanSchema),
      explanation: Type.Array(Type.String(), { description: '答复期限的计算过程' }),
    }),
  ),
  events: Type.Array(
    Type.Object({
      id: Type.Integer(),
      type: Type.String(),
      on: Type.String(),
      data: Type.Record(Type.String(), Type.Unknown()),
      actorName: Type.String(),
      at: Type.String(),
    }),
  ),
  history: Type.Array(Type.Object({ at: Type.String(), actorName: Type.String(), text: Type.String() })),
  letters: Type.Array(
    Type.Object({
      kind: Type.String({ description: '文书类型：reply / correction / extension / consultation / fee' }),
      on: Type.String({ description: '发文日期' }),
      title: Type.String({ description: '文书标题' }),
      docNumber: Type.String({ description: '文号（系统记录文书之前发出的为空）' }),
    }),
  ),
  reviews: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      filedOn: Type.String(),
      result: Type.String({ description: '最新结果（没有结果时为 pending）' }),
      resultOn: Nullable(Type.String()),
      note: Type.String(),
      results: Type.Array(ReviewResultSchema),
    }),
  ),
  attachments: Type.Array(
    Type.Object({
      id: Type.Integer(),
      filename: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
      uploadedBy: Type.String(),
      createdAt: Type.String(),
      releasedAt: Nullable(
        Type.String({ description: '作为公开的政府信息提供给申请人的时间；null 表示仅工作人员可见' }),
      ),
    }),
  ),
});
export const EarlierSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  applicantName: Type.String(),
  description: Type.String({ description: '所需信息' }),
  submittedAt: Type.String(),
  receivedOn: Nullable(Type.String()),
  status: Type.String(),
  outcome: Nullable(Type.String()),
  closedOn: Nullable(Type.String()),
  matchedBy: Type.Array(Type.Union([Type.Literal('id'), Type.Literal('phone')]), {
    description: '匹配依据：证件号码、联系电话',
  }),
  similarity: Type.Object({
    score: Type.Number({ description: '本次申请的词语出现在该申请中的比例（0–1）' }),
    shared: Type.Array(Type.String(), { description: '共有的词语（结巴分词，不计通用词）' }),
    total: Type.Integer({ description: '本次申请的词语数' }),
    similar: Type.Boolean({ description: '一半及以上词语相同' }),
  }),
  explanation: Type.String(),
  letters: Type.Array(
    Type.Object({
      title: Type.String(),
      docNumber: Type.String(),
      issuedOn: Type.String(),
      ref: Type.String(),
    }),
  ),
  canBeDuplicateOf: Type.Boolean({ description: '本机关已答复，可作为“重复申请”办结所依据的前次申请' }),
});

export const ReceiptSchema = Type.Object({
  application: ApplicationSchema,
  queryCode: Type.String({ description: '查询码（只返回这一次）' }),
});

export const RegisterBody = StrictObject({
  channel: lit(CHANNELS),
  receivedOn: Type.Optional(
    Nullable(
      Date_('收到日期：当面为提交日，邮寄为签收日，平常信函为确认日；互联网/传真不填（进入待确认队列）'),
    ),
  ),
  orgId: Type.Integer({ minimum: 1, description: '承办机关' }),
  applicantType: lit(APPLICANT_TYPES),
  // The same fields, checked by the same validateApplicant, as the public form (applicant.ts).
  ...ApplicantFields,
  preferredForm: Type.Optional(Type.Union([lit(PREFERRED_FORMS), Type.Literal('')])),
  delivery: Type.Optional(Type.Union([lit(DELIVERY_METHODS), Type.Literal('')])),
});

export const EventBody = StrictObject({
  type: lit(EVENT_LABELS),
  on: Type.Optional(Date_('日期，缺省为今天')),
  periodDays: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 60, description: '补正期限（工作日），默认 15' }),
  ),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  approvedBy: Type.Optional(Type.String({ maxLength: 100, description: '延期批准人' })),
  party: Type.Optional(Type.Union([Type.Literal('third_party'), Type.Literal('agency')])),
  partyName: Type.Optional(Type.String({ maxLength: 200 })),
  deemed: Type.Optional(Type.Boolean()),
  method: Type.Optional(Type.Union([Type.Literal('count'), Type.Literal('volume')])),
  pages: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000000 })),
  dueDate: Type.Optional(Date_('合理答复期限（条例第三十五条）')),
  outcome: Type.Optional(lit(OUTCOMES)),
  onTheSpot: Type.Optional(Type.Boolean()),
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  handlerId: Type.Optional(Type.Integer({ minimum: 1 })),
  text: Type.Optional(Type.String({ maxLength: 2000 })),
  earlierId: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_ID,
      description: '以重复申请（rejected.duplicate）办结时必填：申请人此前已获答复的相同申请',
    }),
  ),
});

export const ResultBody = StrictObject({
  result: Type.Union([Type.Literal('upheld'), Type.Literal('corrected'), Type.Literal('other')], {
    description: '结果维持、结果纠正或其他结果',
  }),
  resultOn: Date_('结果日期（决定书、判决书的日期）'),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const ReviewBody = StrictObject({
  kind: lit(REVIEW_KINDS),
  filedOn: Date_('立案（申请）日期'),
  result: lit(REVIEW_RESULTS),
  resultOn: Type.Optional(Nullable(Date_('结果日期'))),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const ListQuery = StrictObject({
  org: Type.Optional(Type.Integer({ minimum: 1, description: '承办机关' })),
  status: Type.Optional(Type.Union([Type.Literal('open'), lit(STATUSES)])),
  overdue: Type.Optional(Type.Boolean({ description: '仅超期' })),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  ...PageQuery,
});

/** A review or lawsuit with its results, as the API returns it. */
export const ReviewSchema = Type.Object({
  id: Type.Integer(),
  applicationId: Type.Integer(),
  kind: Type.String(),
  filedOn: Type.String(),
  result: Type.String({ description: '最新结果（没有结果时为 pending）' }),
  resultOn: Nullable(Type.String()),
  note: Type.String(),
  results: Type.Array(ReviewResultSchema, { description: '历次结果，按日期先后' }),
});

// ---------------------------------------------------------------- HTML form posts (fields stay text; web/forms.ts reads them)

/** The applicant's fields of the public form and of staff registration (views/applicant-form.tsx APPLY_FIELDS). */
const applicantFormFields = {
  applicantType: FormField,
  applicantName: FormField,
  idType: FormField,
  idNumber: FormField,
  legalRepresentative: FormField,
  contactPerson: FormField,
  phone: FormField,
  address: FormField,
  email: FormField,
  orgId: FormField,
  description: FormField,
  docNumber: FormField,
  docTitle: FormField,
  preferredForm: FormField,
  delivery: FormField,
};

/** The public form: its fields, the form token (one submission per token) and the step (check, edit, submit). */
export const ApplyFormBody = FormBody({ ...applicantFormFields, formToken: FormField, step: FormField });

/** Staff registration of a paper application: the public form's fields, the channel and the receipt date. */
export const RegisterFormBody = FormBody({
  ...applicantFormFields,
  channel: FormField,
  receivedOn: FormField,
});

/** Tracking and the applicant's downloads: number and query code, and what to download. */
export const TrackFormBody = FormBody({
  number: FormField,
  code: FormField,
  ref: FormField,
  format: FormField,
  id: FormField,
});

/** The tracking page's query: the number, from the receipt's link. */
export const TrackQuery = FormBody({ number: FormField });

/** The case list's filters (and the Excel export's), as the filter form sends them. */
export const CaseListQuery = FormBody({
  org: FormField,
  status: FormField,
  overdue: FormField,
  year: FormField,
  page: FormField,
});

/** The templates page's query: saved=1 after a save. */
export const SavedQuery = FormBody({ saved: FormField });

/** A letter template block saved by an org. */
export const TemplateFormBody = FormBody({ key: FormField, block: FormField, text: FormField });

/** The case page's query: done=<action> after an action. */
export const DoneQuery = FormBody({ done: FormField });

/** The confirmation of receipt: the date, and confirm=1 once the preview was seen. */
export const ConfirmFormBody = FormBody({ on: FormField, confirm: FormField });

/** An event on the case (the fields that apply to its type), and confirm=1 once the preview was seen. */
export const EventFormBody = FormBody({
  type: FormField,
  on: FormField,
  periodDays: FormField,
  reason: FormField,
  approvedBy: FormField,
  party: FormField,
  partyName: FormField,
  deemed: FormField,
  method: FormField,
  pages: FormField,
  dueDate: FormField,
  outcome: FormField,
  onTheSpot: FormField,
  orgId: FormField,
  handlerId: FormField,
  text: FormField,
  earlierId: FormField,
  confirm: FormField,
});

/** Release a file to the applicant (released=1) or take it back. */
export const ReleaseFormBody = FormBody({ released: FormField });

/** A review or lawsuit as its form sends it. */
export const ReviewFormBody = FormBody({
  kind: FormField,
  filedOn: FormField,
  result: FormField,
  resultOn: FormField,
  note: FormField,
});

/** One result of a review or lawsuit as its form sends it. */
export const ResultFormBody = FormBody({ result: FormField, resultOn: FormField, note: FormField });

/** The two ids of a review result. */
export const ResultParams = StrictObject({
  id: Type.Integer({ minimum: 1, maximum: MAX_ID }),
  resultId: Type.Integer({ minimum: 1, maximum: MAX_ID }),
});
