/** The 政务新媒体 module's contributions to the app (modules/index.ts lists it). */
import type { GongkaiModule } from '../registry.ts';
import { mediaCli } from './cli.ts';
import { mediaDashboard } from './routes/admin-accounts.tsx';
import { mediaRoutes } from './routes/index.ts';
import { seedMedia } from './seed.ts';
import { mediaFreshnessJob } from './service.ts';

export const mediaModule: GongkaiModule = {
  name: 'media',
  routes: mediaRoutes,
  jobs: [mediaFreshnessJob],
  seedDemo: seedMedia,
  dashboard: mediaDashboard,
  cli: mediaCli,
  adminNav: [{ href: '/admin/media', label: '政务新媒体', permission: 'channels.read' }],
};
