/** The back-office home page: each module contributes a panel for the signed-in actor. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ComponentChildren } from 'preact';
import { renderAdmin } from '../../../web/respond.tsx';
import { HomePage } from '../views/home.tsx';

/** GET /admin; the panels come from the modules the app's context lists. */
export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/admin', async (req, reply) => {
    const panels: ComponentChildren[] = [];
    for (const m of app.ctx.modules) if (m.dashboard) panels.push(await m.dashboard(app.ctx, req.actor));
    return renderAdmin(req, reply, { title: '工作台' }, <HomePage actor={req.actor} panels={panels} />);
  });
};
