/** Scheduled jobs: the back-office list and `gongkai jobs run` (the jobs themselves come from each module). */
import type { GongkaiModule } from '../registry.ts';
import { jobsCli } from './cli.ts';
import { jobRoutes } from './routes/index.tsx';

export const jobsModule: GongkaiModule = {
  name: 'jobs',
  routes: jobRoutes,
  cli: jobsCli,
  adminNav: [{ href: '/admin/jobs', label: '定时任务', permission: 'jobs.read' }],
};
