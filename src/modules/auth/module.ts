/** Staff accounts, sign-in, sessions, API tokens and the permission list. */
import type { GongkaiModule } from '../registry.ts';
import { authCli } from './cli.ts';
import { authRoutes } from './routes/index.ts';
import { sealAuthSecrets } from './service.ts';

export const authModule: GongkaiModule = {
  name: 'auth',
  routes: authRoutes,
  sealPersonalData: sealAuthSecrets,
  cli: authCli,
  adminNav: [{ href: '/admin/users', label: '用户管理', permission: 'user.read' }],
};
