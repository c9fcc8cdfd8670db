/** 依申请公开 HTTP: the portal's pages, the back office's lists and case pages, the JSON API. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { foiAdminRoutes } from './admin.tsx';
import { foiCaseRoutes } from './admin-case.tsx';
import { foiApiRoutes } from './api.ts';
import { foiPortalRoutes } from './portal.tsx';
import { registerRoutes } from '../../../web/register.ts';

/** Every FOI route. */
export const foiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, foiPortalRoutes, foiAdminRoutes, foiCaseRoutes, foiApiRoutes);
};
