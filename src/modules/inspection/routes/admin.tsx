/** 自查 in the back office: the health page (target, run now, latest run, units, history), one run, reports. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Actor, AppContext } from '../../../context.ts';
import { notFound } from '../../../errors.ts';
import { int } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, StrictObject } from '../../../web/schemas.ts';
import { can, isDistrictWide } from '../../auth/permissions.ts';
import { treeOrder, type Org } from '../../org/model.ts';
import { listPublicOrgs, orgScope } from '../../org/service.ts';
import { reportTitle } from '../export.ts';
import { defaultTarget, getRun, inspectedUnits, latestRun, listRuns, runInspection } from '../service.ts';
import { HealthPage, InspectionPanel, RunPage } from '../views/admin.tsx';
import { sendReport, targetFrom } from './report.ts';
import { OrgQuery } from './schemas.ts';

/** The orgs an actor may pick as a target: every unit (district-wide roles) or their own subtree. */
async function targetOptions(
  ctx: AppContext,
  actor: Actor,
): Promise<{ value: string | number; label: string }[]> {
  const orgs = await listPublicOrgs(ctx.db);
  const scope = await orgScope(ctx.db, actor);
  const visible = orgs.filter((o) => scope.all || scope.orgIds.includes(o.id));
  const units = isDistrictWide(actor) ? await inspectedUnits(ctx.db) : visible;
  const ids = new Set(units.map((u) => u.id));
  return [
    ...(isDistrictWide(actor) ? [{ value: 0, label: '政府门户网站' }] : []),
    ...treeOrder(orgs.filter((o) => ids.has(o.id)) as Org[]).map(({ org }) => ({
      value: org.id,
      label: org.name,
    })),
  ];
}

const crumbs = (extra: { href: string; label: string }[] = []) => [
  { href: '/admin', label: '工作台' },
  { href: '/admin/inspection', label: '自查' },
  ...extra,
];

/** The back-office pages under /admin/inspection. */
export const inspectionAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const orgNames = async () => new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));

  async function unitOverview(actor: Actor) {
    const units = await inspectedUnits(ctx.db);
    const recent = await listRuns(ctx, actor, { limit: 500 });
    return units.map((org) => ({ org, last: recent.find((r) => r.orgId === org.id) }));
  }

  app.get(
    '/admin/inspection',
    { schema: { hide: true, querystring: StrictObject({ org: OrgQuery }) } },
    async (req, reply) => {
      const target = targetFrom(req.actor, req.query.org);
      const names = await orgNames();
      if (target != null && !names.has(target)) throw notFound('单位');
      const [run, runs, options] = await Promise.all([
        latestRun(ctx, req.actor, target),
        listRuns(ctx, req.actor, { orgId: target, limit: 30 }),
        targetOptions(ctx, req.actor),
      ]);
      const name = target == null ? '政府门户网站' : names.get(target)!;
      const units = target == null && isDistrictWide(req.actor) ? await unitOverview(req.actor) : [];
      return renderAdmin(req, reply, { title: '网站与政务新媒体自查', crumbs: crumbs() }, (page) => (
        <HealthPage
          page={page}
          name={name}
          target={target}
          options={options}
          run={run}
          runs={runs}
          names={names}
          units={units}
          canRun={can(req.actor, 'inspection.run')}
        />
      ));
    },
  );
  app.post(
    '/admin/inspection/run',
    { schema: { hide: true, body: FormBody({ org: FormField }) } },
    async (req, reply) => {
      const org = int(req.body.org);
      const run = await runInspection(ctx, req.actor, targetFrom(req.actor, org ?? undefined));
      return seeOther(reply, `/admin/inspection/runs/${run.id}`);
    },
  );
  app.get('/admin/inspection/runs/:id', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const run = await getRun(ctx, req.actor, req.params.id);
    const names = await orgNames();
    return renderAdmin(
      req,
      reply,
      {
        title: reportTitle(run),
        crumbs: crumbs([{ href: `/admin/inspection/runs/${run.id}`, label: `第 ${run.id} 次自查` }]),
      },
      <RunPage run={run} names={names} />,
    );
  });
  app.get(
    '/admin/inspection/runs/:id/report.:format',
    {
      schema: {
        hide: true,
        params: StrictObject({
          id: Type.Integer({ minimum: 1 }),
          format: Type.Union([Type.Literal('docx'), Type.Literal('xlsx')]),
        }),
      },
    },
    (req, reply) => sendReport(ctx, req.actor, reply, req.params.id, req.params.format),
  );
};

/** Back-office home panel: the latest self-inspection of the actor's site or unit. */
export async function inspectionDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'inspection.read')) return null;
  return <InspectionPanel run={await latestRun(ctx, actor, defaultTarget(actor))} />;
}
