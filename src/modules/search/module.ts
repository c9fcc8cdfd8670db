/** Site search's registration: routes (portal page, feeds, API, synonym pages), CLI and menu. */
import type { GongkaiModule } from '../registry.ts';
import { searchCli } from './cli.ts';
import { searchRoutes } from './routes/index.ts';

/** Search's contribution to the app (modules/index.ts lists it). */
export const searchModule: GongkaiModule = {
  name: 'search',
  routes: searchRoutes,
  cli: searchCli,
  adminNav: [{ href: '/admin/search/synonyms', label: '搜索同义词', permission: 'search.synonyms.manage' }],
};
