/** The ledger's back office: the dashboard and import, a plan's ledger and its export, a task and its forms. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppError } from '../../../errors.ts';
import { sendDownload } from '../../../lib/uploads.ts';
import { formPost, int, readMultipart, readUpload, str, UPLOAD_REFUSALS } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, StrictObject } from '../../../web/schemas.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import { listPublicOrgs } from '../../org/service.ts';
import { TASK_STATUSES, type EvidenceKind, type TaskStatus } from '../model.ts';
import {
  addEvidence,
  ATTACHMENT_LIMITS,
  createSubtask,
  getAttachment,
  getPlan,
  getTask,
  importWorkPlan,
  listPlans,
  listTasks,
  planDashboard,
  reportProgress,
  type ImportReport,
  type UploadedFile,
} from '../service.ts';
import { exportLedgerXlsx, importLedgerXlsx } from '../xlsx.ts';
import { DashboardPage } from '../views/dashboard.tsx';
import { LedgerPage } from '../views/ledger.tsx';
import { TaskPage } from '../views/task.tsx';
import { EvidenceForm, SavedQuery, SubtaskForm } from './schemas.ts';

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

/** The back-office breadcrumbs' first step. */
export const crumbs = [{ href: '/admin/ledger', label: '任务台账' }];

const SAVED: Record<string, string> = {
  progress: '进展已报送。',
  evidence: '佐证材料已关联。',
  subtask: '子任务已新增。',
};

/** The dashboard, plan ledgers, tasks and attachments under /admin/ledger. */
export const ledgerAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  const renderDashboard = async (
    req: FastifyRequest,
    reply: FastifyReply,
    view: { plan?: number | null; error?: AppError; imported?: string },
  ) => {
    const plans = await listPlans(ctx, req.actor);
    const current = plans.find((p) => p.id === view.plan) ?? plans[0];
    const dash = current ? await planDashboard(ctx, req.actor, current.id) : null;
    return renderAdmin(req, reply, { title: '工作要点与任务台账', status: view.error?.status }, (page) => (
      <DashboardPage
        page={page}
        plans={plans}
        dash={dash}
        canManage={can(req.actor, 'ledger.manage')}
        error={view.error}
        imported={view.imported}
      />
    ));
  };
  app.get(
    '/admin/ledger',
    { schema: { querystring: FormBody({ plan: FormField, imported: FormField }), hide: true } },
    async (req, reply) =>
      renderDashboard(req, reply, {
        plan: int(req.query.plan),
        imported: str(req.query.imported) || undefined,
      }),
  );
  // A multipart upload: the file is read from the parts, no body schema.
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
      (e) => renderDashboard(req, reply, { error: e }),
      UPLOAD_REFUSALS,
    );
  });

  app.get(
    '/admin/ledger/plans/:id',
    {
      schema: { params: IdParams, querystring: FormBody({ org: FormField, status: FormField }), hide: true },
    },
    async (req, reply) => {
      const plan = await getPlan(ctx, req.actor, req.params.id);
      const status = str(req.query.status);
      const filter = {
        orgId: int(req.query.org) ?? undefined,
        status: status in TASK_STATUSES ? (status as TaskStatus) : undefined,
      };
      const tasks = await listTasks(ctx, req.actor, plan.id, filter);
      const all = await listTasks(ctx, req.actor, plan.id);
      const unitIds = new Set(all.flatMap((t) => t.units.map((u) => u.orgId)));
      const orgs = (await listPublicOrgs(ctx.db)).filter((o) => unitIds.has(o.id));
      return renderAdmin(
        req,
        reply,
        {
          title: plan.ledgerTitle ?? plan.title,
          crumbs: [...crumbs, { href: `/admin/ledger/plans/${plan.id}`, label: '台账' }],
        },
        <LedgerPage plan={plan} tasks={tasks} orgs={orgs} filter={filter} />,
      );
    },
  );
  app.get(
    '/admin/ledger/plans/:id/export.xlsx',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const plan = await getPlan(ctx, req.actor, req.params.id);
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
    const orgs = await listPublicOrgs(ctx.db);
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
  app.get(
    '/admin/ledger/tasks/:id',
    { schema: { params: IdParams, querystring: SavedQuery, hide: true } },
    async (req, reply) => renderTask(req, reply, req.params.id, undefined, SAVED[str(req.query.saved)]),
  );
  /** A form of the task page: runs the use case, then back to the page; a refusal re-shows it with the errors. */
  const taskForm = (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    done: string,
    run: () => Promise<unknown>,
  ) =>
    formPost(
      async () => {
        await run();
        return seeOther(reply, `/admin/ledger/tasks/${id}?saved=${done}`);
      },
      (e) => renderTask(req, reply, id, e),
      UPLOAD_REFUSALS,
    );
  // A multipart form (attachments): fields and files are read from the parts, no body schema.
  app.post(
    '/admin/ledger/tasks/:id/progress',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) =>
      taskForm(req, reply, req.params.id, 'progress', async () => {
        const { fields, files } = await readLedgerForm(req);
        const percent = /^\d{1,3}$/.test(fields.percent?.trim() ?? '') ? Number(fields.percent) : NaN;
        await reportProgress(ctx, req.actor, req.params.id, {
          orgId: int(fields.orgId) ?? 0,
          text: fields.text ?? '',
          percent,
          files,
        });
      }),
  );
  app.post(
    '/admin/ledger/tasks/:id/evidence',
    { schema: { params: IdParams, body: EvidenceForm, hide: true } },
    async (req, reply) =>
      taskForm(req, reply, req.params.id, 'evidence', () =>
        addEvidence(ctx, req.actor, req.params.id, {
          orgId: int(req.body.orgId) ?? 0,
          kind: str(req.body.kind) as EvidenceKind,
          url: str(req.body.url),
          title: str(req.body.title),
        }),
      ),
  );
  app.post(
    '/admin/ledger/tasks/:id/subtasks',
    { schema: { params: IdParams, body: SubtaskForm, hide: true } },
    async (req, reply) =>
      taskForm(req, reply, req.params.id, 'subtask', () =>
        createSubtask(ctx, req.actor, req.params.id, {
          orgId: int(req.body.orgId) ?? 0,
          content: str(req.body.content),
          ownerName: str(req.body.ownerName),
          dueDate: str(req.body.dueDate),
        }),
      ),
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
      const { data, attachment } = await getAttachment(ctx, req.actor, req.params.id, req.params.index);
      return sendDownload(reply, { name: attachment.name, mime: 'application/octet-stream', body: data });
    },
  );
};
