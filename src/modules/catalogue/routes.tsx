/**
 * 基层政务公开标准目录 routes: the JSON API (api.tsx), the portal pages (portal-pages.tsx), the
 * back-office catalogue pages (admin-pages.tsx) and the template pages (template-pages.tsx).
 */
import type { FastifyPluginAsync } from 'fastify';
import { catalogueAdminPages } from './admin-pages.tsx';
import { catalogueApi } from './api.ts';
import { cataloguePortalPages } from './portal-pages.tsx';
import { catalogueTemplatePages } from './template-pages.tsx';

export { catalogueDashboard } from './admin-pages.tsx';

export const catalogueRoutes: FastifyPluginAsync = async (app) => {
  catalogueApi(app);
  cataloguePortalPages(app);
  catalogueAdminPages(app);
  catalogueTemplatePages(app);
};
