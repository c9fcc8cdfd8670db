/** Every route of the 意见征集 module: JSON API, portal pages, back-office pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { consultationAdminRoutes } from './admin.tsx';
import { consultationApiRoutes } from './api.ts';
import { consultationPortalRoutes } from './portal.tsx';
import { registerRoutes } from '../../../web/register.ts';

export const consultationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, consultationApiRoutes, consultationPortalRoutes, consultationAdminRoutes);
};
