/** The audit module's routes: the JSON API and the back-office page. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auditAdminRoutes } from './admin.tsx';
import { auditApiRoutes } from './api.ts';
import { registerRoutes } from '../../../web/register.ts';

/** Every audit route. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, auditApiRoutes, auditAdminRoutes);
};
