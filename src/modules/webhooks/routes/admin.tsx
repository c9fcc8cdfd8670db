/** The webhooks back office (/admin/webhooks): subscribers and their delivery logs. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { crudFormRoutes } from '../../../web/crud.tsx';
import { list, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, PageQuery, StrictObject } from '../../../web/schemas.ts';
import {
  createSubscriber,
  getSubscriber,
  listDeliveries,
  listSubscribers,
  updateSubscriber,
  type SubscriberInput,
} from '../service.ts';
import { SubscriberCreated, SubscriberForm, SubscriberList, SubscriberPage } from '../views/webhooks.tsx';

const SubscriberFormBody = FormBody({
  name: FormField,
  url: FormField,
  events: FormField,
  active: FormField,
  secret: FormField,
});

/** The subscriber form's fields as a use-case input. */
function subscriberForm(b: Static<typeof SubscriberFormBody>): SubscriberInput {
  return {
    name: str(b.name),
    url: str(b.url),
    events: list(b.events),
    active: str(b.active) !== '0',
    secret: str(b.secret) || null,
  };
}

/** /admin/webhooks and its pages. */
export const webhookAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  const crumbs = (extra: { href: string; label: string }[] = []) => [
    { href: '/admin', label: '工作台' },
    { href: '/admin/webhooks', label: '对接推送（Webhook）' },
    ...extra,
  ];

  app.get('/admin/webhooks', async (req, reply) => {
    const subs = await listSubscribers(ctx, req.actor);
    return renderAdmin(
      req,
      reply,
      { title: '对接推送（Webhook）', crumbs: crumbs() },
      <SubscriberList subs={subs} />,
    );
  });

  crudFormRoutes(app, {
    newPath: '/admin/webhooks/new',
    editPath: '/admin/webhooks/:id/edit',
    body: SubscriberFormBody,
    read: subscriberForm,
    crumbs: crumbs(),
    titles: { new: '新建订阅', edit: '修改订阅' },
    guard: (req) => listSubscribers(ctx, req.actor),
    load: async (req, id) => {
      const s = await getSubscriber(ctx, req.actor, id);
      return { title: `修改订阅：${s.name}`, values: s };
    },
    create: async (req, reply, input) => {
      const s = await createSubscriber(ctx, req.actor, input);
      // The secret is shown this once (it is stored sealed and never displayed again).
      return renderAdmin(
        req,
        reply,
        {
          title: `已新建订阅：${s.name}`,
          crumbs: crumbs([{ href: `/admin/webhooks/${s.id}`, label: s.name }]),
        },
        <SubscriberCreated s={s} />,
      );
    },
    update: async (req, reply, id, input) => {
      await updateSubscriber(ctx, req.actor, id, input);
      return seeOther(reply, `/admin/webhooks/${id}?saved=1`);
    },
    page: async (_req, form) => (page) => <SubscriberForm page={page} form={form} />,
  });

  app.get(
    '/admin/webhooks/:id',
    {
      schema: {
        params: IdParams,
        querystring: StrictObject({ ...PageQuery, saved: Type.Optional(Type.String()) }),
        hide: true,
      },
    },
    async (req, reply) => {
      const s = await getSubscriber(ctx, req.actor, req.params.id);
      const q = req.query;
      const log = await listDeliveries(ctx, req.actor, s.id, q.page ?? 1, 50);
      return renderAdmin(
        req,
        reply,
        { title: s.name, crumbs: crumbs([{ href: `/admin/webhooks/${s.id}`, label: s.name }]) },
        <SubscriberPage s={s} log={log} saved={!!q.saved} />,
      );
    },
  );
};
