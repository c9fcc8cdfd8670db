/** The library over HTTP: the open-data API, the portal library with its feed, and the back office. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { normativeAdminRoutes } from './admin.tsx';
import { normativeExchangeRoutes } from './admin-exchange.tsx';
import { normativeApiRoutes } from './api.ts';
import { normativePortalRoutes } from './portal.tsx';
import { registerRoutes } from '../../../web/register.ts';

/** Every route of the library, registered by module.ts. */
export const normativeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(
    app,
    normativeApiRoutes,
    normativePortalRoutes,
    normativeAdminRoutes,
    normativeExchangeRoutes,
  );
};
