/** The webhooks back office (/admin/webhooks): subscribers and their delivery logs. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppError } from '../../../errors.ts';
import { formPost, list, str } from '../../../web/forms.ts';
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

  const renderForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    title: string,
    action: string,
    s?: Partial<SubscriberInput>,
    error?: AppError,
  ) =>
    renderAdmin(
      req,
      reply,
      { title, status: error?.status ?? 200, crumbs: crumbs([{ href: action, label: title }]) },
      (page) => <SubscriberForm page={page} title={title} action={action} s={s} error={error} />,
    );

  app.get('/admin/webhooks/new', async (req, reply) => {
    await listSubscribers(ctx, req.actor);
    return renderForm(req, reply, '新建订阅', '/admin/webhooks/new');
  });
  app.post(
    '/admin/webhooks/new',
    { schema: { body: SubscriberFormBody, hide: true } },
    async (req, reply) => {
      const input = subscriberForm(req.body);
      return formPost(
        async () => {
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
        (e) => renderForm(req, reply, '新建订阅', '/admin/webhooks/new', input, e),
      );
    },
  );
  app.get('/admin/webhooks/:id/edit', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const s = await getSubscriber(ctx, req.actor, req.params.id);
    return renderForm(req, reply, `修改订阅：${s.name}`, `/admin/webhooks/${s.id}/edit`, s);
  });
  app.post(
    '/admin/webhooks/:id/edit',
    { schema: { params: IdParams, body: SubscriberFormBody, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const input = subscriberForm(req.body);
      return formPost(
        async () => {
          await updateSubscriber(ctx, req.actor, id, input);
          return seeOther(reply, `/admin/webhooks/${id}?saved=1`);
        },
        (e) => renderForm(req, reply, '修改订阅', `/admin/webhooks/${id}/edit`, input, e),
      );
    },
  );

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
