/** The back-office home page: each module contributes a panel for the signed-in actor. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { renderAdmin } from '../../../web/respond.tsx';
import { ROLES } from '../../auth/permissions.ts';

/** GET /admin; the panels come from the modules the app's context lists. */
export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/admin', async (req, reply) => {
    const actor = req.actor;
    const panels = [];
    for (const m of app.ctx.modules ?? []) if (m.dashboard) panels.push(await m.dashboard(app.ctx, actor));
    return renderAdmin(
      req,
      reply,
      { title: '工作台' },
      <>
        <h1>工作台</h1>
        {actor.kind === 'user' && (
          <p>
            您好，{actor.displayName}。您的角色：{actor.roles.map((r) => ROLES[r]).join('、')}。
          </p>
        )}
        <div class="cards">{panels.filter((p) => p != null)}</div>
      </>,
    );
  });
};
