/**
 * The platform's routes on each site (issue 27): the city roll-up (API and page, for the city's 公开办
 * and leaders) and the switch between one person's sites. Outside a platform (SQLite, or one site
 * on PostgreSQL) the pages say what needs the platform.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { platformAccess } from './access.ts';
import { platformAdminRoutes } from './admin.tsx';
import { platformApiRoutes } from './api.ts';
import { platformPortalRoutes } from './portal.tsx';
import { named } from '../../web/register.ts';

export { NOT_A_PLATFORM } from './access.ts';

/** Every platform route; the site contexts they open are kept by this app and closed with it. */
export const cityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const access = platformAccess(app);
  await app.register(named(platformApiRoutes), { access });
  await app.register(named(platformAdminRoutes), { access });
  await app.register(named(platformPortalRoutes), { access });
};
