/** Every route of the content module, by audience: the JSON API, the portal, the back office, the old-site import. */
import type { FastifyPluginAsync } from 'fastify';
import { contentImportRoutes } from './admin-import.tsx';
import { contentEditorRoutes } from './admin-editor.tsx';
import { contentItemAdminRoutes } from './admin-items.tsx';
import { contentStructureRoutes } from './admin-structure.tsx';
import { contentApiRoutes } from './api.ts';
import { contentPortalRoutes } from './portal.tsx';
import { registerRoutes } from '../../../web/register.ts';

/** Registers the content module's route plugins. */
export const contentRoutes: FastifyPluginAsync = async (app) => {
  await registerRoutes(
    app,
    contentApiRoutes,
    contentPortalRoutes,
    contentEditorRoutes,
    contentItemAdminRoutes,
    contentStructureRoutes,
    contentImportRoutes,
  );
};
