/** The webhooks module's routes: the JSON API and the back-office pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { webhookAdminRoutes } from './admin.tsx';
import { webhookApiRoutes } from './api.ts';

/** Every webhooks route. */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(webhookApiRoutes);
  await app.register(webhookAdminRoutes);
};
