/**
 * 基层政务公开标准目录 routes: the JSON API, the portal pages, the back-office catalogue and entry
 * pages and the template pages.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { catalogueAdminReportRoutes, catalogueAdminRoutes } from './admin.tsx';
import { catalogueEntryRoutes } from './admin-entries.tsx';
import { catalogueApiRoutes, catalogueEntryApiRoutes } from './api.ts';
import { cataloguePortalRoutes } from './portal.tsx';
import { catalogueTemplateRoutes } from './templates.tsx';
import { registerRoutes } from '../../../web/register.ts';

export const catalogueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(
    app,
    catalogueApiRoutes,
    catalogueEntryApiRoutes,
    cataloguePortalRoutes,
    catalogueAdminRoutes,
    catalogueAdminReportRoutes,
    catalogueEntryRoutes,
    catalogueTemplateRoutes,
  );
};
