/** Every route of the 政策咨询 module: JSON API, portal pages, back-office pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { inquiryAdminRoutes } from './admin.tsx';
import { inquiryApiRoutes } from './api.ts';
import { inquiryPortalRoutes } from './portal.tsx';
import { registerRoutes } from '../../../web/register.ts';

export const inquiryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, inquiryApiRoutes, inquiryPortalRoutes, inquiryAdminRoutes);
};
