/** The calendar module's routes: the JSON API and the back-office page. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { calendarAdminRoutes } from './admin.tsx';
import { calendarApiRoutes } from './api.ts';

/** Every calendar route. */
export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(calendarApiRoutes);
  await app.register(calendarAdminRoutes);
};
