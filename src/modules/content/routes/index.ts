/** Every route of the content module, by audience: the JSON API, the portal, the back office, the old-site import. */
import type { FastifyPluginAsync } from 'fastify';
import { contentImportRoutes } from './admin-import.tsx';
import { contentEditorRoutes } from './admin-editor.tsx';
import { contentItemAdminRoutes } from './admin-items.tsx';
import { contentStructureRoutes } from './admin-structure.tsx';
import { contentApiRoutes } from './api.ts';
import { contentPortalRoutes } from './portal.tsx';

/** Registers the content module's route plugins. */
export const contentRoutes: FastifyPluginAsync = async (app) => {
  await app.register(contentApiRoutes);
  await app.register(contentPortalRoutes);
  await app.register(contentEditorRoutes);
  await app.register(contentItemAdminRoutes);
  await app.register(contentStructureRoutes);
  await app.register(contentImportRoutes);
};
