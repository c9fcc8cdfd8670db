/** The calendar module's routes: the JSON API and the back-office page. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { calendarAdminRoutes } from './admin.tsx';
import { calendarApiRoutes } from './api.ts';
import { registerRoutes } from '../../../web/register.ts';

/** Every calendar route. */
export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, calendarApiRoutes, calendarAdminRoutes);
};
