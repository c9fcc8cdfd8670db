/** The webhooks module's routes: the JSON API and the back-office pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { webhookAdminRoutes } from './admin.tsx';
import { webhookApiRoutes } from './api.ts';
import { registerRoutes } from '../../../web/register.ts';

/** Every webhooks route. */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, webhookApiRoutes, webhookAdminRoutes);
};
