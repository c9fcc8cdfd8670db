/** The ledger's request and response schemas (TypeBox: one schema validates, serialises and documents). */
import { Type } from 'typebox';
import { FormBody, FormField, StrictObject } from '../../../web/schemas.ts';
import {
  ESCALATION_KINDS,
  EVIDENCE_KINDS,
  TASK_STATUSES,
  type EscalationKind,
  type EvidenceKind,
  type TaskStatus,
} from '../model.ts';
import type { TaskView } from '../service.ts';

/** The OpenAPI tag of every ledger operation. */
export const TAGS = ['工作要点与任务台账'];
/** A task's or unit's status. */
export const StatusSchema = Type.Unsafe<TaskStatus>(
  Type.Union(
    Object.keys(TASK_STATUSES).map((k) => Type.Literal(k)),
    {
      description:
        '状态：not_started 未开始 / in_progress 推进中 / done 已完成 / overdue 已逾期 / ongoing 持续推进中',
    },
  ),
);

/** A work plan (工作要点), with its task counts in lists. */
export const PlanSchema = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer({ description: '所属机关' }),
  year: Type.Integer({ description: '年度' }),
  title: Type.String({ description: '标题' }),
  sourceDocuments: Type.Array(
    Type.Object({
      title: Type.String(),
      docNumber: Type.String({ description: '文号，如 国办发〔2022〕8号' }),
    }),
    { description: '依据文件' },
  ),
  ledgerTitle: Type.Union([Type.String(), Type.Null()], { description: '台账标题' }),
  isSample: Type.Boolean({ description: '是否为演示数据' }),
  counts: Type.Optional(
    Type.Object({
      total: Type.Integer(),
      byStatus: Type.Record(Type.String(), Type.Integer()),
      completionPercent: Type.Number({ description: '完成率（已完成与持续推进中占比，%）' }),
    }),
  ),
});

/** A task's deadline (工作时限). */
export const DeadlineSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('by'), Type.Literal('ongoing'), Type.Literal('byThenOngoing')], {
      description: 'by 限期完成 / ongoing 持续推进 / byThenOngoing 限期完成并持续推进',
    }),
    date: Type.Optional(Type.String({ description: '截止日期 YYYY-MM-DD（持续推进类没有）' })),
  },
  { description: '工作时限' },
);

/** A task of the ledger with its responsible units. */
export const TaskSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: '序号；子任务如 2-1' }),
  parentId: Type.Union([Type.Integer(), Type.Null()], { description: '子任务所属任务' }),
  groupNumber: Type.String({ description: '分组序号，如（一）' }),
  group: Type.String({ description: '分组，如 强化重点领域信息公开' }),
  target: Type.String({ description: '目标任务' }),
  content: Type.String({ description: '任务内容' }),
  unitsText: Type.String({ description: '责任单位（原文）' }),
  responsibleUnits: Type.Array(
    Type.Object({
      orgId: Type.Integer(),
      name: Type.String(),
      percent: Type.Integer(),
      status: StatusSchema,
    }),
    { description: '责任单位（已对应到机关）及其进展' },
  ),
  unitNotes: Type.Array(Type.String(), { description: '单位说明：“等有关部门”等集合性表述、未识别的名称' }),
  deadline: DeadlineSchema,
  deadlineText: Type.String({ description: '工作时限（原文）' }),
  ownerName: Type.Union([Type.String(), Type.Null()], { description: '子任务责任人' }),
  status: StatusSchema,
});

/** A task as the API shows it (TaskSchema). */
export const toTaskJson = (t: TaskView) => ({
  id: t.id,
  number: t.number,
  parentId: t.parentId,
  groupNumber: t.groupNumber,
  group: t.group,
  target: t.target,
  content: t.content,
  unitsText: t.unitsText,
  responsibleUnits: t.units.map((u) => ({
    orgId: u.orgId,
    name: u.orgName,
    percent: u.percent,
    status: u.status,
  })),
  unitNotes: t.unitNotes,
  deadline: t.deadline,
  deadlineText: t.deadlineText,
  ownerName: t.ownerName,
  status: t.status,
});

/** A progress report (attachments by name, size and type only). */
export const ReportSchema = Type.Object({
  id: Type.Integer(),
  taskId: Type.Integer(),
  orgId: Type.Integer(),
  text: Type.String(),
  percent: Type.Integer(),
  attachments: Type.Array(Type.Object({ name: Type.String(), size: Type.Integer(), type: Type.String() })),
  reportedAt: Type.String(),
  reporterName: Type.String(),
});

/** A piece of evidence (佐证材料). */
export const EvidenceSchema = Type.Object({
  id: Type.Integer(),
  taskId: Type.Integer(),
  orgId: Type.Integer(),
  kind: Type.String({
    description: Object.entries(EVIDENCE_KINDS)
      .map(([k, v]) => `${k} ${v}`)
      .join(' / '),
  }),
  ref: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
  title: Type.String(),
  lastCheckedAt: Type.Union([Type.String(), Type.Null()]),
  resolves: Type.Union([Type.Boolean(), Type.Null()], {
    description: '链接是否有效；null 为尚未检查或外部链接',
  }),
});

/** A rectification item (整改事项). */
export const RectificationSchema = Type.Object({
  id: Type.Integer(),
  inspectionId: Type.Integer(),
  orgId: Type.Integer(),
  item: Type.String(),
  deadline: Type.String(),
  answer: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([Type.String(), Type.Null()]),
  closed: Type.Boolean(),
});

/** An inspection (督导), with its rectification items where listed. */
export const InspectionSchema = Type.Object({
  id: Type.Integer(),
  planId: Type.Integer(),
  orgId: Type.Integer(),
  title: Type.String(),
  scheduledDate: Type.String(),
  doneDate: Type.Union([Type.String(), Type.Null()]),
  findings: Type.String(),
  isSample: Type.Boolean(),
  rectifications: Type.Optional(Type.Array(RectificationSchema)),
});

/** A 约谈 or 通报批评. */
export const EscalationSchema = Type.Object({
  id: Type.Integer(),
  planId: Type.Union([Type.Integer(), Type.Null()]),
  orgId: Type.Integer(),
  kind: Type.String({ description: 'admonition 约谈 / public_criticism 通报批评' }),
  date: Type.String(),
  documentRef: Type.String(),
  note: Type.String(),
});

/** A calendar date, YYYY-MM-DD. */
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

/** A progress report over the API (attachments only through the back-office form). */
export const ProgressBody = StrictObject({
  orgId: Type.Integer({ minimum: 1, description: '报送单位（本任务的责任单位）' }),
  text: Type.String({ minLength: 1, maxLength: 5000, description: '进展情况' }),
  percent: Type.Integer({ minimum: 0, maximum: 100, description: '完成比例' }),
});
/** Linking evidence to a task. */
export const EvidenceBody = StrictObject({
  orgId: Type.Integer({ minimum: 1 }),
  kind: Type.Unsafe<EvidenceKind>(Type.Union(Object.keys(EVIDENCE_KINDS).map((k) => Type.Literal(k)))),
  url: Type.String({ minLength: 1, maxLength: 1000, description: '站内路径（/开头）或外部链接' }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  ref: Type.Optional(Type.String({ maxLength: 200, description: '被引用对象的编号（如信息 ID、文号）' })),
});
/** A unit's sub-task. */
export const SubtaskBody = StrictObject({
  orgId: Type.Integer({ minimum: 1 }),
  content: Type.String({ minLength: 1, maxLength: 2000 }),
  ownerName: Type.String({ minLength: 1, maxLength: 50, description: '责任人' }),
  dueDate: DateString,
});
/** Scheduling an inspection. */
export const InspectionBody = StrictObject({
  planId: Type.Integer({ minimum: 1 }),
  orgId: Type.Integer({ minimum: 1 }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  scheduledDate: DateString,
});
/** An inspection's findings. */
export const FindingsBody = StrictObject({
  doneDate: DateString,
  findings: Type.String({ minLength: 1, maxLength: 10000 }),
});
/** Issuing a rectification item. */
export const RectificationBody = StrictObject({
  item: Type.String({ minLength: 1, maxLength: 2000 }),
  deadline: DateString,
});
/** A unit's answer to a rectification item. */
export const AnswerBody = StrictObject({ answer: Type.String({ minLength: 1, maxLength: 5000 }) });
/** Recording a 约谈 or 通报批评. */
export const EscalationBody = StrictObject({
  planId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  orgId: Type.Integer({ minimum: 1 }),
  kind: Type.Unsafe<EscalationKind>(Type.Union(Object.keys(ESCALATION_KINDS).map((k) => Type.Literal(k)))),
  date: DateString,
  documentRef: Type.String({ minLength: 1, maxLength: 200 }),
  note: Type.Optional(Type.String({ maxLength: 5000 })),
});

/** A back-office page's notice after a save (`?saved=`). */
export const SavedQuery = FormBody({ saved: FormField });

/** The evidence form of a task page. */
export const EvidenceForm = FormBody({ orgId: FormField, kind: FormField, url: FormField, title: FormField });

/** The sub-task form of a task page. */
export const SubtaskForm = FormBody({
  orgId: FormField,
  content: FormField,
  ownerName: FormField,
  dueDate: FormField,
});

/** Scheduling an inspection. */
export const InspectionForm = FormBody({
  planId: FormField,
  orgId: FormField,
  title: FormField,
  scheduledDate: FormField,
});

/** Recording a 约谈 or 通报批评. */
export const EscalationForm = FormBody({
  planId: FormField,
  orgId: FormField,
  kind: FormField,
  date: FormField,
  documentRef: FormField,
  note: FormField,
});

/** The forms of an inspection's page: findings, a rectification item, an answer (closing has no fields). */
export const InspectionPageForm = FormBody({
  doneDate: FormField,
  findings: FormField,
  item: FormField,
  deadline: FormField,
  answer: FormField,
});
