/** Every route of the 自查 module, and the in-process way the checks read our own pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { CRAWLER_HEADER, crawlerKey, type PageFetcher } from '../crawl.ts';
import { registerSiteAccess } from '../service.ts';
import { inspectionAdminRoutes } from './admin.tsx';
import { inspectionApiRoutes } from './api.ts';
import { registerRoutes } from '../../../web/register.ts';

/** The in-process way to our own pages (`app.inject`): no network, the public's view (as the site's own crawler). */
export function injectFetcher(app: FastifyInstance): PageFetcher {
  const headers = { [CRAWLER_HEADER]: crawlerKey(app.ctx.config.sessionSecret) };
  return async (path) => {
    const r = await app.inject({ method: 'GET', url: path, headers });
    const location = r.headers.location;
    return {
      status: r.statusCode,
      contentType: String(r.headers['content-type'] ?? ''),
      body: r.body,
      location: typeof location === 'string' ? location : undefined,
    };
  };
}

export const inspectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Over HTTP at PUBLIC_URL once the server listens (the server and its jobs); in-process otherwise.
  registerSiteAccess(app.ctx, { inProcess: injectFetcher(app), listening: () => app.server.listening });
  await registerRoutes(app, inspectionApiRoutes, inspectionAdminRoutes);
};
