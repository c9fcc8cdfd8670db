/** The back-office home page (工作台): each module's dashboard panel for the signed-in actor. */
import type { GongkaiModule } from '../registry.ts';
import { adminRoutes } from './routes/index.tsx';

export const adminModule: GongkaiModule = {
  name: 'admin',
  routes: adminRoutes,
  adminNav: [{ href: '/admin', label: '工作台', permission: 'dashboard.read' }],
};
