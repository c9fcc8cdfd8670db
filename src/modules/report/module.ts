/** The annual report's entry in the registry: routes, CLI, menu. */
import type { GongkaiModule } from '../registry.ts';
import { reportCli } from './cli.ts';
import { reportRoutes } from './routes/index.ts';

export const reportModule: GongkaiModule = {
  name: 'report',
  routes: reportRoutes,
  cli: reportCli,
  adminNav: [{ href: '/admin/reports/annual', label: '年度报告', permission: 'report.read' }],
};
