/** The normative-document library's registration: routes, expiry job, demo data, dashboard panel, CLI, menu. */
import type { GongkaiModule } from '../registry.ts';
import { normativeCli } from './cli.ts';
import { normativeDashboard } from './dashboard.tsx';
import { seedNormativeDemo } from './demo.ts';
import { normativeRoutes } from './routes.tsx';
import { expiryJob } from './service.ts';

export const normativeModule: GongkaiModule = {
  name: 'normative',
  routes: normativeRoutes,
  jobs: [expiryJob],
  seedDemo: seedNormativeDemo,
  dashboard: normativeDashboard,
  cli: normativeCli,
  adminNav: [{ href: '/admin/gfxwj', label: '规范性文件库', permission: 'normative.read' }],
};
