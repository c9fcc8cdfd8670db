/** The privacy module's routes: the scan API and the back-office pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { privacyAdminRoutes } from './admin.tsx';
import { privacyApiRoutes } from './api.ts';
import { registerRoutes } from '../../../web/register.ts';

/** Every privacy route. */
export const privacyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, privacyApiRoutes, privacyAdminRoutes);
};
