/** The annual report's HTTP: the back-office page and its forms, the import of past reports, the JSON API. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { reportAdminRoutes } from './admin.tsx';
import { reportImportRoutes } from './admin-import.tsx';
import { reportApiRoutes } from './api.ts';
import { registerRoutes } from '../../../web/register.ts';

/** Every annual-report route. */
export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, reportAdminRoutes, reportImportRoutes, reportApiRoutes);
};
