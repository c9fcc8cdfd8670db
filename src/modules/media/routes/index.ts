/** Every route of the 政务新媒体 module: JSON API, portal directory, back-office accounts and filings. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { mediaAccountRoutes } from './admin-accounts.tsx';
import { mediaFilingRoutes } from './admin-filings.tsx';
import { mediaApiRoutes } from './api.ts';
import { mediaPortalRoutes } from './portal.tsx';
import { registerRoutes } from '../../../web/register.ts';

export const mediaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, mediaApiRoutes, mediaPortalRoutes, mediaAccountRoutes, mediaFilingRoutes);
};
