/** The ledger's JSON API under /api/v1: work plans, tasks, progress, evidence, supervision. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams, StrictObject } from '../../../web/schemas.ts';
import {
  addEvidence,
  answerRectification,
  closeRectification,
  createSubtask,
  getPlan,
  getTask,
  issueRectification,
  listPlans,
  listSupervision,
  listTasks,
  recordEscalation,
  recordFindings,
  reportProgress,
  scheduleInspection,
  type ProgressReport,
} from '../service.ts';
import {
  AnswerBody,
  EscalationBody,
  EscalationSchema,
  EvidenceBody,
  EvidenceSchema,
  FindingsBody,
  InspectionBody,
  InspectionSchema,
  PlanSchema,
  ProgressBody,
  RectificationBody,
  RectificationSchema,
  ReportSchema,
  StatusSchema,
  SubtaskBody,
  TAGS,
  TaskSchema,
  toTaskJson,
} from './schemas.ts';

/** A report as the API shows it: attachments without their stored file names. */
const publicReport = (r: ProgressReport) => ({
  ...r,
  attachments: r.attachments.map((a) => ({ name: a.name, size: a.size, type: a.type })),
});

/** The ledger's JSON API (operation ids `ledger.*`). */
export const ledgerApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

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
    (req) => getPlan(ctx, req.actor, req.params.id),
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
      return (await listTasks(ctx, req.actor, req.params.id, req.query)).map((t) => ({
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
      const d = await getTask(ctx, req.actor, req.params.id);
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
      reply.code(201).send(publicReport(await reportProgress(ctx, req.actor, req.params.id, req.body))),
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
      return reply.code(201).send(await addEvidence(ctx, req.actor, req.params.id, req.body));
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
      const t = await createSubtask(ctx, req.actor, req.params.id, req.body);
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
    async (req, reply) => reply.code(201).send(await scheduleInspection(ctx, req.actor, req.body)),
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
    (req) => recordFindings(ctx, req.actor, req.params.id, req.body),
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
      reply.code(201).send(await issueRectification(ctx, req.actor, req.params.id, req.body)),
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
    (req) => answerRectification(ctx, req.actor, req.params.id, req.body.answer),
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
    (req) => closeRectification(ctx, req.actor, req.params.id),
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
    async (req, reply) => reply.code(201).send(await recordEscalation(ctx, req.actor, req.body)),
  );
};
