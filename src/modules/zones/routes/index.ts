/** Every route of the zones module: JSON API, portal page, back-office pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { zoneAdminRoutes } from './admin.tsx';
import { zoneApiRoutes } from './api.ts';
import { zonePortalRoutes } from './portal.tsx';
import { registerRoutes } from '../../../web/register.ts';

export const zoneRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, zoneApiRoutes, zonePortalRoutes, zoneAdminRoutes);
};
