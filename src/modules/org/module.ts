/** The org tree (机关): back office, the demo district (orgs, accounts, site identity). */
import { seedOrgsAndUsers } from '../../seed/district.ts';
import type { GongkaiModule } from '../registry.ts';
import { orgRoutes } from './routes/index.ts';

export const orgModule: GongkaiModule = {
  name: 'org',
  routes: orgRoutes,
  // The demo district's orgs, its one account per role and the site identity: every later module's
  // demo data builds on them, so this is the first module to seed.
  seedDemo: seedOrgsAndUsers,
  adminNav: [{ href: '/admin/orgs', label: '机关管理', permission: 'org.manage' }],
};
