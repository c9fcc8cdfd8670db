/** Every route of the 政策咨询 module: JSON API, portal pages, back-office pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { inquiryAdminRoutes } from './admin.tsx';
import { inquiryApiRoutes } from './api.ts';
import { inquiryPortalRoutes } from './portal.tsx';

export const inquiryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(inquiryApiRoutes);
  await app.register(inquiryPortalRoutes);
  await app.register(inquiryAdminRoutes);
};
