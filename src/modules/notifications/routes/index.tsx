/** The staff inbox (站内提醒): the page, and marking a notification read. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { str } from '../../../web/forms.ts';
import { safeBack, seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams } from '../../../web/schemas.ts';
import { listInbox, markRead } from '../service.ts';
import { InboxPage } from '../views/inbox.tsx';

const ReadForm = FormBody({ next: FormField });

/** GET /admin/inbox, POST /admin/inbox/:id/read. */
export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  app.get('/admin/inbox', async (req, reply) => {
    const items = await listInbox(ctx, req.actor);
    return renderAdmin(req, reply, { title: '站内提醒' }, (page) => <InboxPage page={page} items={items} />);
  });
  app.post(
    '/admin/inbox/:id/read',
    { schema: { params: IdParams, body: ReadForm, hide: true } },
    async (req, reply) => {
      await markRead(ctx, req.actor, req.params.id);
      return seeOther(reply, safeBack(str(req.body.next), '/admin/inbox'));
    },
  );
};
