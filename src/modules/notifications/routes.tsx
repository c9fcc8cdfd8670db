/** The staff inbox (站内提醒). */
import type { FastifyPluginAsync } from 'fastify';
import { beijingTime, CsrfField } from '../../web/components.tsx';
import { seeOther, safeBack } from '../../web/render.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { IdParams } from '../../web/schemas.ts';
import { listInbox, markRead } from './service.ts';

export const notificationRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;
  app.get('/admin/inbox', async (req, reply) => {
    const items = await listInbox(ctx, req.actor);
    return renderAdmin(req, reply, { title: '站内提醒' }, (page) => (
      <>
        <h1>站内提醒</h1>
        {items.length === 0 && <p>暂无提醒。</p>}
        <ul class="link-list">
          {items.map((n) => (
            <li>
              <div>
                <strong>{n.read ? n.title : `【未读】${n.title}`}</strong>
                <p>{n.body}</p>
                <p class="meta">{beijingTime(n.createdAt)}</p>
              </div>
              <form method="post" action={`/admin/inbox/${n.id}/read`}>
                <CsrfField page={page} />
                <input type="hidden" name="next" value={n.link ?? '/admin/inbox'} />
                <button type="submit" class="secondary">
                  {n.link ? '查看' : '标为已读'}
                </button>
              </form>
            </li>
          ))}
        </ul>
      </>
    ));
  });
  app.post('/admin/inbox/:id/read', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    await markRead(ctx, req.actor, (req.params as { id: number }).id);
    return seeOther(reply, safeBack((req.body as Record<string, string>)?.next, '/admin/inbox'));
  });
};
