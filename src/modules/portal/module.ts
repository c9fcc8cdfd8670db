/** The public portal's frame: home page, site pages and the pages every site has (rules.md §9). */
import type { GongkaiModule } from '../registry.ts';
import { portalRoutes } from './routes/index.tsx';

export const portalModule: GongkaiModule = {
  name: 'portal',
  routes: portalRoutes,
};
