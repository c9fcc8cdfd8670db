/** The ledger over HTTP: the JSON API under /api/v1 (OpenAPI) and the back office under /admin/ledger. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ledgerAdminRoutes } from './admin.tsx';
import { ledgerSupervisionRoutes } from './admin-supervision.tsx';
import { ledgerApiRoutes } from './api.ts';
import { registerRoutes } from '../../../web/register.ts';

/** Every route of the ledger, registered by module.ts. */
export const ledgerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, ledgerApiRoutes, ledgerAdminRoutes, ledgerSupervisionRoutes);
};
