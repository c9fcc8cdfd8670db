/** The platform's (集约化, PLATFORM=1) contributions to every site's app: the city's roll-up over the sites below it; one person's sites. */
import type { GongkaiModule } from '../modules/registry.ts';
import { cityRoutes } from './routes/index.ts';

export const platformModule: GongkaiModule = {
  name: 'platform',
  routes: cityRoutes,
  adminNav: [
    { href: '/admin/city', label: '全市汇总', permission: 'city.read' },
    { href: '/admin/sites', label: '我的站点', permission: 'dashboard.read' },
  ],
};
