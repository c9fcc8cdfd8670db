/** The 网站与政务新媒体自查 module's contributions to the app (modules/index.ts lists it). */
import type { GongkaiModule } from '../registry.ts';
import { inspectionCli } from './cli.ts';
import { inspectionDashboard } from './routes/admin.tsx';
import { inspectionRoutes } from './routes/index.ts';
import { inspectionJob } from './service.ts';

export const inspectionModule: GongkaiModule = {
  name: 'inspection',
  routes: inspectionRoutes,
  jobs: [inspectionJob],
  dashboard: inspectionDashboard,
  cli: inspectionCli,
  adminNav: [{ href: '/admin/inspection', label: '网站与政务新媒体自查', permission: 'inspection.read' }],
};
