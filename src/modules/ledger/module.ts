/** The ledger module's registration: routes, jobs, menu, demo data, dashboard panel and CLI. */
import { can } from '../auth/permissions.ts';
import type { GongkaiModule } from '../registry.ts';
import { ledgerCli } from './cli.ts';
import { ledgerRoutes } from './routes/index.ts';
import { seedLedgerDemo } from './seed.ts';
import { evidenceCheckJob, listPlans, reminderJob } from './service.ts';
import { LedgerPanel } from './views/panel.tsx';

/** The ledger's contribution to the app (modules/index.ts lists it). */
export const ledgerModule: GongkaiModule = {
  name: 'ledger',
  routes: ledgerRoutes,
  jobs: [reminderJob, evidenceCheckJob],
  adminNav: [{ href: '/admin/ledger', label: '任务台账', permission: 'ledger.read' }],
  seedDemo: seedLedgerDemo,
  // The back-office home panel: the latest plan's figures for what the actor may see.
  dashboard: async (ctx, actor) => {
    if (!can(actor, 'ledger.read')) return null;
    const plan = (await listPlans(ctx, actor))[0];
    return plan ? LedgerPanel({ plan }) : null;
  },
  cli: ledgerCli,
};
