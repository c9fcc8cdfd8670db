/** The ledger over HTTP: the JSON API under /api/v1 (OpenAPI) and the back office under /admin/ledger. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ledgerAdminRoutes } from './admin.tsx';
import { ledgerSupervisionRoutes } from './admin-supervision.tsx';
import { ledgerApiRoutes } from './api.ts';

/** Every route of the ledger, registered by module.ts. */
export const ledgerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(ledgerApiRoutes);
  await app.register(ledgerAdminRoutes);
  await app.register(ledgerSupervisionRoutes);
};
