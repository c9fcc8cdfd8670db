/** The standard catalogue module's contributions to the app (modules/index.ts lists it). */
import type { GongkaiModule } from '../registry.ts';
import { catalogueCli } from './cli.ts';
import { catalogueDashboard } from './routes/dashboard.tsx';
import { catalogueRoutes } from './routes/index.ts';
import { seedCatalogue } from './seed.ts';
import { catalogueReminderJob, onItemPublicationChanged } from './service.ts';

export const catalogueModule: GongkaiModule = {
  name: 'catalogue',
  routes: catalogueRoutes,
  jobs: [catalogueReminderJob],
  seedDemo: seedCatalogue,
  dashboard: catalogueDashboard,
  cli: catalogueCli,
  // A content item published or withdrawn credits (or no longer credits) the catalogue entries it fulfils.
  onItemPublicationChanged,
  adminNav: [{ href: '/admin/catalogues', label: '标准目录', permission: 'catalogue.read' }],
};
