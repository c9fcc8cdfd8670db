/** The ledger's supervision in the back office: inspections, rectification items, escalations. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../../../errors.ts';
import { formPost, int, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { IdParams } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { listPublicOrgs } from '../../org/service.ts';
import type { EscalationKind } from '../model.ts';
import {
  answerRectification,
  closeRectification,
  getInspection,
  issueRectification,
  listPlans,
  listSupervision,
  recordEscalation,
  recordFindings,
  scheduleInspection,
} from '../service.ts';
import { InspectionPage, SupervisionPage } from '../views/supervision.tsx';
import { crumbs } from './admin.tsx';
import { EscalationForm, InspectionForm, InspectionPageForm, SavedQuery } from './schemas.ts';

/** Supervision pages and their forms under /admin/ledger. */
export const ledgerSupervisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  const renderSupervision = async (
    req: FastifyRequest,
    reply: FastifyReply,
    error?: AppError,
    saved?: string,
  ) => {
    const view = await listSupervision(ctx, req.actor);
    const plans = await listPlans(ctx, req.actor);
    const orgs = await listPublicOrgs(ctx.db);
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
  app.get(
    '/admin/ledger/supervision',
    { schema: { querystring: SavedQuery, hide: true } },
    async (req, reply) =>
      renderSupervision(req, reply, undefined, str(req.query.saved) ? '已保存。' : undefined),
  );
  /** A form of the supervision page: back to the page, or the page again with the refusal. */
  const supervisionForm = (req: FastifyRequest, reply: FastifyReply, run: () => Promise<unknown>) =>
    formPost(
      async () => {
        await run();
        return seeOther(reply, '/admin/ledger/supervision?saved=1');
      },
      (e) => renderSupervision(req, reply, e),
    );
  app.post(
    '/admin/ledger/inspections',
    { schema: { body: InspectionForm, hide: true } },
    async (req, reply) =>
      supervisionForm(req, reply, () =>
        scheduleInspection(ctx, req.actor, {
          planId: int(req.body.planId) ?? 0,
          orgId: int(req.body.orgId) ?? 0,
          title: str(req.body.title),
          scheduledDate: str(req.body.scheduledDate),
        }),
      ),
  );
  app.post(
    '/admin/ledger/escalations',
    { schema: { body: EscalationForm, hide: true } },
    async (req, reply) =>
      supervisionForm(req, reply, () =>
        recordEscalation(ctx, req.actor, {
          planId: int(req.body.planId),
          orgId: int(req.body.orgId) ?? 0,
          kind: str(req.body.kind) as EscalationKind,
          date: str(req.body.date),
          documentRef: str(req.body.documentRef),
          note: str(req.body.note),
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
    const orgs = await listPublicOrgs(ctx.db);
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
  app.get(
    '/admin/ledger/inspections/:id',
    { schema: { params: IdParams, querystring: SavedQuery, hide: true } },
    async (req, reply) =>
      renderInspection(req, reply, req.params.id, undefined, str(req.query.saved) ? '已保存。' : undefined),
  );
  /**
   * A form of an inspection's page: back to that inspection, or its page again with the refusal.
   * `inspectionOf` finds the page to show again (a rectification item's form names the item, not the inspection).
   */
  const inspectionForm = (
    req: FastifyRequest,
    reply: FastifyReply,
    inspectionOf: () => Promise<number>,
    run: () => Promise<{ inspectionId?: number; id: number }>,
  ) =>
    formPost(
      async () => {
        const r = await run();
        return seeOther(reply, `/admin/ledger/inspections/${r.inspectionId ?? r.id}?saved=1`);
      },
      async (e) => renderInspection(req, reply, await inspectionOf(), e),
    );
  /** The inspection a rectification item belongs to, among those the actor sees (0 when none). */
  const inspectionOfRectification = async (req: FastifyRequest, rectificationId: number) =>
    (await listSupervision(ctx, req.actor)).inspections.find((i) =>
      i.rectifications.some((r) => r.id === rectificationId),
    )?.id ?? 0;
  const form = { schema: { params: IdParams, body: InspectionPageForm, hide: true } };

  app.post('/admin/ledger/inspections/:id/findings', form, async (req, reply) =>
    inspectionForm(
      req,
      reply,
      async () => req.params.id,
      () =>
        recordFindings(ctx, req.actor, req.params.id, {
          doneDate: str(req.body.doneDate),
          findings: str(req.body.findings),
        }),
    ),
  );
  app.post('/admin/ledger/inspections/:id/rectifications', form, async (req, reply) =>
    inspectionForm(
      req,
      reply,
      async () => req.params.id,
      () =>
        issueRectification(ctx, req.actor, req.params.id, {
          item: str(req.body.item),
          deadline: str(req.body.deadline),
        }),
    ),
  );
  app.post('/admin/ledger/rectifications/:id/answer', form, async (req, reply) =>
    inspectionForm(
      req,
      reply,
      () => inspectionOfRectification(req, req.params.id),
      () => answerRectification(ctx, req.actor, req.params.id, str(req.body.answer)),
    ),
  );
  app.post('/admin/ledger/rectifications/:id/close', form, async (req, reply) =>
    inspectionForm(
      req,
      reply,
      () => inspectionOfRectification(req, req.params.id),
      () => closeRectification(ctx, req.actor, req.params.id),
    ),
  );
};
