/** Every route of the zones module: JSON API, portal page, back-office pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { zoneAdminRoutes } from './admin.tsx';
import { zoneApiRoutes } from './api.ts';
import { zonePortalRoutes } from './portal.tsx';

export const zoneRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(zoneApiRoutes);
  await app.register(zonePortalRoutes);
  await app.register(zoneAdminRoutes);
};
