/** Search over HTTP: the portal page with feeds and crawler files, the JSON API, the synonym pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { loadSearchDictionary } from '../service.ts';
import { searchAdminRoutes } from './admin.tsx';
import { searchApiRoutes } from './api.ts';
import { searchPortalRoutes } from './portal.tsx';
import { registerRoutes } from '../../../web/register.ts';

/** Every route of search, registered by module.ts. */
export const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  await registerRoutes(app, searchPortalRoutes, searchApiRoutes, searchAdminRoutes);
  // Org names into the segmentation dictionary once the demo seed (if any) has created them.
  app.addHook('onReady', async () => {
    await loadSearchDictionary(ctx.db);
  });
};
