/** The org module's routes: the JSON API and the back-office pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { orgAdminRoutes } from './admin.tsx';
import { orgApiRoutes } from './api.ts';
import { registerRoutes } from '../../../web/register.ts';

/** Every org route. */
export const orgRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, orgApiRoutes, orgAdminRoutes);
};
