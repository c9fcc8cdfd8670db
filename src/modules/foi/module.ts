/** The FOI module's entry in the registry: routes, reminder job, menu, demo data, dashboard, CLI, calendar hook. */
import { h } from 'preact';
import { can } from '../auth/permissions.ts';
import type { GongkaiModule } from '../registry.ts';
import { foiCli } from './cli.ts';
import { foiReminderJob } from './jobs.ts';
import { foiRoutes } from './routes/index.ts';
import { seedFoiDemo } from './seed.ts';
import { listApplications, recomputeOpenCases, sealApplicantData } from './service.ts';
import { FoiPanel } from './views/dashboard.tsx';

export const foiModule: GongkaiModule = {
  name: 'foi',
  routes: foiRoutes,
  jobs: [foiReminderJob],
  adminNav: [{ href: '/admin/foi', label: '依申请公开', permission: 'foi.read' }],
  seedDemo: seedFoiDemo,
  sealPersonalData: sealApplicantData,
  async dashboard(ctx, actor) {
    if (!can(actor, 'foi.read')) return null;
    const open = await listApplications(ctx, actor, { status: 'open', pageSize: 1 });
    const overdue = await listApplications(ctx, actor, { overdue: true, pageSize: 1 });
    const waiting = can(actor, 'foi.manage')
      ? await listApplications(ctx, actor, { status: 'awaiting_confirmation', pageSize: 1 })
      : null;
    return h(FoiPanel, { open: open.total, overdue: overdue.total, waiting: waiting?.total ?? null });
  },
  cli: foiCli,
  async onCalendarChanged(ctx, change) {
    await recomputeOpenCases(ctx, change);
  },
};
