/** Ledger HTTP: JSON API under /api/v1 (OpenAPI) and the back office under /admin/ledger. */
import { sendDownload } from '../../lib/uploads.ts';
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { formPost, int, readMultipart, readUpload, str, UPLOAD_REFUSALS } from '../../web/forms.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { errors, IdParams, StrictObject } from '../../web/schemas.ts';
import { can, requirePermission } from '../auth/permissions.ts';
import { selectAllOrgs } from '../org/store.ts';
import {
  ESCALATION_KINDS,
  EVIDENCE_KINDS,
  TASK_STATUSES,
  type EscalationKind,
  type EvidenceKind,
  type TaskStatus,
} from './model.ts';
import {
  addEvidence,
  answerRectification,
  ATTACHMENT_LIMITS,
  closeRectification,
  createSubtask,
  getAttachment,
  getInspection,
  getPlan,
  getTask,
  importWorkPlan,
  issueRectification,
  listPlans,
  listSupervision,
  listTasks,
  planDashboard,
  recordEscalation,
  recordFindings,
  reportProgress,
  scheduleInspection,
  type ImportReport,
  type TaskView,
  type UploadedFile,
} from './service.ts';
import { exportLedgerXlsx, importLedgerXlsx } from './xlsx.ts';
import { DashboardPage, InspectionPage, LedgerPage, SupervisionPage, TaskPage } from './views/pages.tsx';

const TAGS = ['工作要点与任务台账'];
const StatusSchema = Type.Union(
  Object.keys(TASK_STATUSES).map((k) => Type.Literal(k)),
  {
    description:
      '状态：not_started 未开始 / in_progress 推进中 / done 已完成 / overdue 已逾期 / ongoing 持续推进中',
  },
);

const PlanSchema = Type.Object({
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

const DeadlineSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('by'), Type.Literal('ongoing'), Type.Literal('byThenOngoing')], {
      description: 'by 限期完成 / ongoing 持续推进 / byThenOngoing 限期完成并持续推进',
    }),
    date: Type.Optional(Type.String({ description: '截止日期 YYYY-MM-DD（持续推进类没有）' })),
  },
  { description: '工作时限' },
);

const TaskSchema = Type.Object({
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

const toTaskJson = (t: TaskView) => ({
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

const ReportSchema = Type.Object({
  id: Type.Integer(),
  taskId: Type.Integer(),
  orgId: Type.Integer(),
  text: Type.String(),
  percent: Type.Integer(),
  attachments: Type.Array(Type.Object({ name: Type.String(), size: Type.Integer(), type: Type.String() })),
  reportedAt: Type.String(),
  reporterName: Type.String(),
});

const EvidenceSchema = Type.Object({
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

const RectificationSchema = Type.Object({
  id: Type.Integer(),
  inspectionId: Type.Integer(),
  orgId: Type.Integer(),
  item: Type.String(),
  deadline: Type.String(),
  answer: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([Type.String(), Type.Null()]),
  closed: Type.Boolean(),
});

const InspectionSchema = Type.Object({
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

const EscalationSchema = Type.Object({
  id: Type.Integer(),
  planId: Type.Union([Type.Integer(), Type.Null()]),
  orgId: Type.Integer(),
  kind: Type.String({ description: 'admonition 约谈 / public_criticism 通报批评' }),
  date: Type.String(),
  documentRef: Type.String(),
  note: Type.String(),
});

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

const ProgressBody = StrictObject({
  orgId: Type.Integer({ minimum: 1, description: '报送单位（本任务的责任单位）' }),
  text: Type.String({ minLength: 1, maxLength: 5000, description: '进展情况' }),
  percent: Type.Integer({ minimum: 0, maximum: 100, description: '完成比例' }),
});
const EvidenceBody = StrictObject({
  orgId: Type.Integer({ minimum: 1 }),
  kind: Type.Union(Object.keys(EVIDENCE_KINDS).map((k) => Type.Literal(k))),
  url: Type.String({ minLength: 1, maxLength: 1000, description: '站内路径（/开头）或外部链接' }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  ref: Type.Optional(Type.String({ maxLength: 200, description: '被引用对象的编号（如信息 ID、文号）' })),
});
const SubtaskBody = StrictObject({
  orgId: Type.Integer({ minimum: 1 }),
  content: Type.String({ minLength: 1, maxLength: 2000 }),
  ownerName: Type.String({ minLength: 1, maxLength: 50, description: '责任人' }),
  dueDate: DateString,
});
const InspectionBody = StrictObject({
  planId: Type.Integer({ minimum: 1 }),
  orgId: Type.Integer({ minimum: 1 }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  scheduledDate: DateString,
});
const FindingsBody = StrictObject({
  doneDate: DateString,
  findings: Type.String({ minLength: 1, maxLength: 10000 }),
});
const RectificationBody = StrictObject({
  item: Type.String({ minLength: 1, maxLength: 2000 }),
  deadline: DateString,
});
const AnswerBody = StrictObject({ answer: Type.String({ minLength: 1, maxLength: 5000 }) });
const EscalationBody = StrictObject({
  planId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  orgId: Type.Integer({ minimum: 1 }),
  kind: Type.Union(Object.keys(ESCALATION_KINDS).map((k) => Type.Literal(k))),
  date: DateString,
  documentRef: Type.String({ minLength: 1, maxLength: 200 }),
  note: Type.Optional(Type.String({ maxLength: 5000 })),
});

const publicReport = (r: Awaited<ReturnType<typeof reportProgress>>) => ({
  ...r,
  attachments: r.attachments.map((a) => ({ name: a.name, size: a.size, type: a.type })),
});

/** Reads a multipart form within the ledger's attachment limits; one file too many still arrives, for the use case to refuse in words. */
async function readLedgerForm(
  req: FastifyRequest,
): Promise<{ fields: Record<string, string>; files: UploadedFile[] }> {
  const { fields, files } = await readMultipart(req, {
    maxBytes: ATTACHMENT_LIMITS.bytes,
    maxFiles: ATTACHMENT_LIMITS.files + 1,
    maxFields: 20,
  });
  return { fields, files: files.map((f) => ({ name: f.name, type: f.mime, data: f.data })) };
}

const importSummary = (r: ImportReport) =>
  `已导入“${r.plan.title}”，共 ${r.tasks.length} 项任务。` +
  (r.unresolved.length
    ? `未识别的责任单位：${r.unresolved.map((u) => `第 ${u.number} 项 ${u.names.join('、')}`).join('；')}。`
    : '责任单位均已识别。');

export const ledgerRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;
  const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;

  // ───── API ─────
  app.get(
    '/api/v1/work-plans',
    {
      schema: {
        operationId: 'ledger.workPlans.list',
        tags: TAGS,
        summary: '工作要点列表（含任务状态统计）',
        response: { 200: Type.Array(PlanSchema), ...errors(401, 403) },
      },
    },
    (req) => listPlans(ctx, req.actor),
  );
  app.get(
    '/api/v1/work-plans/:id',
    {
      schema: {
        operationId: 'ledger.workPlans.get',
        tags: TAGS,
        summary: '工作要点详情',
        params: IdParams,
        response: { 200: PlanSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getPlan(ctx, req.actor, idOf(req)),
  );
  app.get(
    '/api/v1/work-plans/:id/tasks',
    {
      schema: {
        operationId: 'ledger.workPlans.listTasks',
        tags: TAGS,
        summary: '任务台账：本人可见的任务（单位只见本单位任务）及子任务',
        params: IdParams,
        querystring: StrictObject({
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          status: Type.Optional(StatusSchema),
        }),
        response: {
          200: Type.Array(Type.Intersect([TaskSchema, Type.Object({ subtasks: Type.Array(TaskSchema) })])),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const q = req.query as { orgId?: number; status?: TaskStatus };
      return (await listTasks(ctx, req.actor, idOf(req), q)).map((t) => ({
        ...toTaskJson(t),
        subtasks: t.subtasks.map(toTaskJson),
      }));
    },
  );
  app.get(
    '/api/v1/ledger-tasks/:id',
    {
      schema: {
        operationId: 'ledger.tasks.get',
        tags: TAGS,
        summary: '任务详情：进展报送与佐证材料',
        params: IdParams,
        response: {
          200: Type.Intersect([
            TaskSchema,
            Type.Object({ reports: Type.Array(ReportSchema), evidence: Type.Array(EvidenceSchema) }),
          ]),
          ...errors(401, 403, 404),
        },
      },
    },
    async (req) => {
      const d = await getTask(ctx, req.actor, idOf(req));
      return { ...toTaskJson(d.task), reports: d.reports.map(publicReport), evidence: d.evidence };
    },
  );
  app.post(
    '/api/v1/ledger-tasks/:id/progress',
    {
      schema: {
        operationId: 'ledger.tasks.recordProgress',
        tags: TAGS,
        summary: '报送进展（附件请用后台表单上传）',
        params: IdParams,
        body: ProgressBody,
        response: { 201: ReportSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          publicReport(
            await reportProgress(
              ctx,
              req.actor,
              idOf(req),
              req.body as { orgId: number; text: string; percent: number },
            ),
          ),
        ),
  );
  app.post(
    '/api/v1/ledger-tasks/:id/evidence',
    {
      schema: {
        operationId: 'ledger.tasks.addEvidence',
        tags: TAGS,
        summary: '关联佐证材料',
        params: IdParams,
        body: EvidenceBody,
        response: { 201: EvidenceSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const b = req.body as { orgId: number; kind: EvidenceKind; url: string; title: string; ref?: string };
      return reply.code(201).send(await addEvidence(ctx, req.actor, idOf(req), b));
    },
  );
  app.post(
    '/api/v1/ledger-tasks/:id/subtasks',
    {
      schema: {
        operationId: 'ledger.tasks.createSubtask',
        tags: TAGS,
        summary: '单位拆分子任务',
        params: IdParams,
        body: SubtaskBody,
        response: {
          201: Type.Object({ id: Type.Integer(), number: Type.String() }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req, reply) => {
      const t = await createSubtask(
        ctx,
        req.actor,
        idOf(req),
        req.body as { orgId: number; content: string; ownerName: string; dueDate: string },
      );
      return reply.code(201).send({ id: t.id, number: t.number });
    },
  );
  app.get(
    '/api/v1/inspections',
    {
      schema: {
        operationId: 'ledger.inspections.list',
        tags: TAGS,
        summary: '督导及整改事项、约谈通报（单位只见本单位）',
        response: {
          200: Type.Object({
            inspections: Type.Array(InspectionSchema),
            escalations: Type.Array(EscalationSchema),
          }),
          ...errors(401, 403),
        },
      },
    },
    (req) => listSupervision(ctx, req.actor),
  );
  app.post(
    '/api/v1/inspections',
    {
      schema: {
        operationId: 'ledger.inspections.create',
        tags: TAGS,
        summary: '安排督导（公开办）',
        body: InspectionBody,
        response: { 201: InspectionSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await scheduleInspection(
            ctx,
            req.actor,
            req.body as { planId: number; orgId: number; title: string; scheduledDate: string },
          ),
        ),
  );
  app.post(
    '/api/v1/inspections/:id/findings',
    {
      schema: {
        operationId: 'ledger.inspections.addFinding',
        tags: TAGS,
        summary: '记录督导发现',
        params: IdParams,
        body: FindingsBody,
        response: { 200: InspectionSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => recordFindings(ctx, req.actor, idOf(req), req.body as { doneDate: string; findings: string }),
  );
  app.post(
    '/api/v1/inspections/:id/rectifications',
    {
      schema: {
        operationId: 'ledger.rectifications.create',
        tags: TAGS,
        summary: '下发整改事项',
        params: IdParams,
        body: RectificationBody,
        response: { 201: RectificationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await issueRectification(ctx, req.actor, idOf(req), req.body as { item: string; deadline: string }),
        ),
  );
  app.post(
    '/api/v1/rectifications/:id/answer',
    {
      schema: {
        operationId: 'ledger.rectifications.answer',
        tags: TAGS,
        summary: '单位答复整改情况',
        params: IdParams,
        body: AnswerBody,
        response: { 200: RectificationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => answerRectification(ctx, req.actor, idOf(req), (req.body as { answer: string }).answer),
  );
  app.post(
    '/api/v1/rectifications/:id/close',
    {
      schema: {
        operationId: 'ledger.rectifications.close',
        tags: TAGS,
        summary: '整改销号（公开办）',
        params: IdParams,
        response: { 200: RectificationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => closeRectification(ctx, req.actor, idOf(req)),
  );
  app.post(
    '/api/v1/escalations',
    {
      schema: {
        operationId: 'ledger.escalations.create',
        tags: TAGS,
        summary: '记录约谈或通报批评（公开办）',
        body: EscalationBody,
        response: { 201: EscalationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await recordEscalation(
          ctx,
          req.actor,
          req.body as {
            planId?: number | null;
            orgId: number;
            kind: EscalationKind;
            date: string;
            documentRef: string;
            note?: string;
          },
        ),
      ),
  );

  // ───── back office ─────
  const crumbs = [{ href: '/admin/ledger', label: '任务台账' }];
  const renderDashboard = async (
    req: FastifyRequest,
    reply: FastifyReply,
    error?: AppError,
    imported?: string,
  ) => {
    const plans = await listPlans(ctx, req.actor);
    const wanted = int((req.query as Record<string, unknown>).plan);
    const current = plans.find((p) => p.id === wanted) ?? plans[0];
    const dash = current ? await planDashboard(ctx, req.actor, current.id) : null;
    return renderAdmin(req, reply, { title: '工作要点与任务台账', status: error?.status }, (page) => (
      <DashboardPage
        page={page}
        plans={plans}
        dash={dash}
        canManage={can(req.actor, 'ledger.manage')}
        error={error}
        imported={imported}
      />
    ));
  };
  app.get('/admin/ledger', async (req, reply) =>
    renderDashboard(req, reply, undefined, str((req.query as Record<string, unknown>).imported) || undefined),
  );
  app.post('/admin/ledger/import', async (req, reply) => {
    requirePermission(req.actor, 'ledger.manage');
    return formPost(
      async () => {
        const f = await readUpload(req, {
          maxBytes: ATTACHMENT_LIMITS.bytes,
          kinds: ['xlsx', 'txt'],
          missing: '请选择要导入的文件',
        });
        const report = /\.xlsx$/i.test(f.name)
          ? await importLedgerXlsx(ctx, req.actor, f.data)
          : await importWorkPlan(ctx, req.actor, f.data.toString('utf8'));
        return seeOther(
          reply,
          `/admin/ledger?plan=${report.plan.id}&imported=${encodeURIComponent(importSummary(report))}`,
        );
      },
      (e) => renderDashboard(req, reply, e),
      UPLOAD_REFUSALS,
    );
  });

  app.get('/admin/ledger/plans/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const plan = await getPlan(ctx, req.actor, idOf(req));
    const q = req.query as Record<string, unknown>;
    const status = str(q.status);
    const filter = {
      orgId: int(q.org) ?? undefined,
      status: status in TASK_STATUSES ? (status as TaskStatus) : undefined,
    };
    const tasks = await listTasks(ctx, req.actor, plan.id, filter);
    const all = await listTasks(ctx, req.actor, plan.id);
    const unitIds = new Set(all.flatMap((t) => t.units.map((u) => u.orgId)));
    const orgs = (await selectAllOrgs(ctx.db)).filter((o) => unitIds.has(o.id));
    return renderAdmin(
      req,
      reply,
      {
        title: plan.ledgerTitle ?? plan.title,
        crumbs: [...crumbs, { href: `/admin/ledger/plans/${plan.id}`, label: '台账' }],
      },
      <LedgerPage plan={plan} tasks={tasks} orgs={orgs} filter={filter} />,
    );
  });
  app.get(
    '/admin/ledger/plans/:id/export.xlsx',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const plan = await getPlan(ctx, req.actor, idOf(req));
      const buf = await exportLedgerXlsx(ctx, req.actor, plan.id);
      const name = encodeURIComponent(`${plan.ledgerTitle ?? plan.title}.xlsx`);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="ledger-${plan.id}.xlsx"; filename*=UTF-8''${name}`,
        )
        .send(buf);
    },
  );

  const renderTask = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    error?: AppError,
    saved?: string,
  ) => {
    const detail = await getTask(ctx, req.actor, id);
    const orgs = await selectAllOrgs(ctx.db);
    return renderAdmin(
      req,
      reply,
      {
        title: `第 ${detail.task.number} 项任务`,
        status: error?.status,
        crumbs: [
          ...crumbs,
          { href: `/admin/ledger/plans/${detail.plan.id}`, label: '台账' },
          { href: `/admin/ledger/tasks/${id}`, label: `第 ${detail.task.number} 项` },
        ],
      },
      (page) => <TaskPage page={page} detail={detail} orgs={orgs} error={error} saved={saved} />,
    );
  };
  const SAVED: Record<string, string> = {
    progress: '进展已报送。',
    evidence: '佐证材料已关联。',
    subtask: '子任务已新增。',
  };
  app.get('/admin/ledger/tasks/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderTask(req, reply, idOf(req), undefined, SAVED[str((req.query as Record<string, unknown>).saved)]),
  );
  const formAction =
    (run: (req: FastifyRequest) => Promise<unknown>, done: string) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const id = idOf(req);
      return formPost(
        async () => {
          await run(req);
          return seeOther(reply, `/admin/ledger/tasks/${id}?saved=${done}`);
        },
        (e) => renderTask(req, reply, id, e),
        UPLOAD_REFUSALS,
      );
    };
  app.post(
    '/admin/ledger/tasks/:id/progress',
    { schema: { params: IdParams, hide: true } },
    formAction(async (req) => {
      const { fields, files } = await readLedgerForm(req);
      const percent = /^\d{1,3}$/.test(fields.percent?.trim() ?? '') ? Number(fields.percent) : NaN;
      await reportProgress(ctx, req.actor, idOf(req), {
        orgId: int(fields.orgId) ?? 0,
        text: fields.text ?? '',
        percent,
        files,
      });
    }, 'progress'),
  );
  app.post(
    '/admin/ledger/tasks/:id/evidence',
    { schema: { params: IdParams, hide: true } },
    formAction(async (req) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      await addEvidence(ctx, req.actor, idOf(req), {
        orgId: int(b.orgId) ?? 0,
        kind: str(b.kind) as EvidenceKind,
        url: str(b.url),
        title: str(b.title),
      });
    }, 'evidence'),
  );
  app.post(
    '/admin/ledger/tasks/:id/subtasks',
    { schema: { params: IdParams, hide: true } },
    formAction(async (req) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      await createSubtask(ctx, req.actor, idOf(req), {
        orgId: int(b.orgId) ?? 0,
        content: str(b.content),
        ownerName: str(b.ownerName),
        dueDate: str(b.dueDate),
      });
    }, 'subtask'),
  );
  app.get(
    '/admin/ledger/attachments/:id/:index',
    {
      schema: {
        params: StrictObject({
          id: Type.Integer({ minimum: 1 }),
          index: Type.Integer({ minimum: 0, maximum: 100 }),
        }),
        hide: true,
      },
    },
    async (req, reply) => {
      const p = req.params as { id: number; index: number };
      const { path, attachment } = await getAttachment(ctx, req.actor, p.id, p.index);
      return sendDownload(reply, {
        name: attachment.name,
        mime: 'application/octet-stream',
        body: createReadStream(path),
      });
    },
  );

  // Supervision
  const renderSupervision = async (
    req: FastifyRequest,
    reply: FastifyReply,
    error?: AppError,
    saved?: string,
  ) => {
    const view = await listSupervision(ctx, req.actor);
    const plans = await listPlans(ctx, req.actor);
    const orgs = await selectAllOrgs(ctx.db);
    return renderAdmin(
      req,
      reply,
      {
        title: '督导、整改与约谈通报',
        status: error?.status,
        crumbs: [...crumbs, { href: '/admin/ledger/supervision', label: '督导' }],
      },
      (page) => (
        <SupervisionPage
          page={page}
          view={view}
          plans={plans}
          orgs={orgs}
          canManage={can(req.actor, 'ledger.manage')}
          error={error}
          saved={saved}
        />
      ),
    );
  };
  app.get('/admin/ledger/supervision', async (req, reply) =>
    renderSupervision(
      req,
      reply,
      undefined,
      str((req.query as Record<string, unknown>).saved) ? '已保存。' : undefined,
    ),
  );
  const supervisionForm =
    (run: (b: Record<string, unknown>, req: FastifyRequest) => Promise<unknown>) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      return formPost(
        async () => {
          await run((req.body ?? {}) as Record<string, unknown>, req);
          return seeOther(reply, '/admin/ledger/supervision?saved=1');
        },
        (e) => renderSupervision(req, reply, e),
      );
    };
  app.post(
    '/admin/ledger/inspections',
    supervisionForm((b, req) =>
      scheduleInspection(ctx, req.actor, {
        planId: int(b.planId) ?? 0,
        orgId: int(b.orgId) ?? 0,
        title: str(b.title),
        scheduledDate: str(b.scheduledDate),
      }),
    ),
  );
  app.post(
    '/admin/ledger/escalations',
    supervisionForm((b, req) =>
      recordEscalation(ctx, req.actor, {
        planId: int(b.planId),
        orgId: int(b.orgId) ?? 0,
        kind: str(b.kind) as EscalationKind,
        date: str(b.date),
        documentRef: str(b.documentRef),
        note: str(b.note),
      }),
    ),
  );

  const renderInspection = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    error?: AppError,
    saved?: string,
  ) => {
    const inspection = await getInspection(ctx, req.actor, id);
    const orgs = await selectAllOrgs(ctx.db);
    return renderAdmin(
      req,
      reply,
      {
        title: `督导：${inspection.title}`,
        status: error?.status,
        crumbs: [
          ...crumbs,
          { href: '/admin/ledger/supervision', label: '督导' },
          { href: `/admin/ledger/inspections/${id}`, label: inspection.title },
        ],
      },
      (page) => (
        <InspectionPage
          page={page}
          inspection={inspection}
          orgs={orgs}
          canManage={can(req.actor, 'ledger.manage')}
          canAnswer={can(req.actor, 'ledger.report')}
          error={error}
          saved={saved}
        />
      ),
    );
  };
  app.get('/admin/ledger/inspections/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderInspection(
      req,
      reply,
      idOf(req),
      undefined,
      str((req.query as Record<string, unknown>).saved) ? '已保存。' : undefined,
    ),
  );
  const inspectionForm =
    (
      run: (
        b: Record<string, unknown>,
        req: FastifyRequest,
      ) => Promise<{ inspectionId?: number; id: number }>,
    ) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      return formPost(
        async () => {
          const r = await run((req.body ?? {}) as Record<string, unknown>, req);
          return seeOther(reply, `/admin/ledger/inspections/${r.inspectionId ?? r.id}?saved=1`);
        },
        async (e) => {
          const inspectionId = req.url.includes('/rectifications/')
            ? ((await listSupervision(ctx, req.actor)).inspections.find((i) =>
                i.rectifications.some((r) => r.id === idOf(req)),
              )?.id ?? 0)
            : idOf(req);
          return renderInspection(req, reply, inspectionId, e);
        },
      );
    };
  app.post(
    '/admin/ledger/inspections/:id/findings',
    { schema: { params: IdParams, hide: true } },
    inspectionForm((b, req) =>
      recordFindings(ctx, req.actor, idOf(req), { doneDate: str(b.doneDate), findings: str(b.findings) }),
    ),
  );
  app.post(
    '/admin/ledger/inspections/:id/rectifications',
    { schema: { params: IdParams, hide: true } },
    inspectionForm((b, req) =>
      issueRectification(ctx, req.actor, idOf(req), { item: str(b.item), deadline: str(b.deadline) }),
    ),
  );
  app.post(
    '/admin/ledger/rectifications/:id/answer',
    { schema: { params: IdParams, hide: true } },
    inspectionForm((b, req) => answerRectification(ctx, req.actor, idOf(req), str(b.answer))),
  );
  app.post(
    '/admin/ledger/rectifications/:id/close',
    { schema: { params: IdParams, hide: true } },
    inspectionForm((_b, req) => closeRectification(ctx, req.actor, idOf(req))),
  );
};
