/** Every route of the 意见征集 module: JSON API, portal pages, back-office pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { consultationAdminRoutes } from './admin.tsx';
import { consultationApiRoutes } from './api.ts';
import { consultationPortalRoutes } from './portal.tsx';

export const consultationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(consultationApiRoutes);
  await app.register(consultationPortalRoutes);
  await app.register(consultationAdminRoutes);
};
