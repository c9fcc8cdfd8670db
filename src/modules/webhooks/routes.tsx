/** Webhooks HTTP: the JSON API (系统管理员) and the back-office pages — subscribers and their delivery log. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppError } from '../../errors.ts';
import {
  beijingTime,
  CsrfField,
  ErrorSummary,
  Field,
  Notice,
  Pagination,
  Select,
} from '../../web/components.tsx';
import { formPost, list, str } from '../../web/forms.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { errors, IdParams, PageQuery, StrictObject } from '../../web/schemas.ts';
import { MAX_ATTEMPTS, WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS } from './model.ts';
import {
  createSubscriber,
  getSubscriber,
  listDeliveries,
  listSubscribers,
  updateSubscriber,
  type SubscriberInput,
} from './service.ts';

const tags = ['Webhook'];
const EventType = Type.Union(WEBHOOK_EVENT_TYPES.map((e) => Type.Literal(e)));
const SubscriberSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: '对接方名称' }),
  url: Type.String({ description: '接收地址（http/https）' }),
  events: Type.Array(Type.String(), { description: '订阅的事件类型' }),
  active: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const SubscriberBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100, description: '对接方名称，如 12345 热线' }),
  url: Type.String({
    minLength: 1,
    maxLength: 500,
    description: '接收地址（只允许 http/https；默认不允许本机和内网地址）',
  }),
  events: Type.Array(EventType, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length, uniqueItems: true }),
  active: Type.Boolean(),
  secret: Type.Optional(
    Type.String({
      minLength: 16,
      maxLength: 200,
      description: '签名密钥；新建时省略则自动生成，修改时省略则不变',
    }),
  ),
});
const DeliverySchema = Type.Object({
  id: Type.Integer(),
  subscriberId: Type.Integer(),
  eventId: Type.String({ description: '事件编号（同一事件对每个订阅相同，用于去重）' }),
  eventType: Type.String(),
  status: Type.String({ description: 'pending 待发送或待重试 / delivered 已送达 / failed 已放弃' }),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
});
const STATUS_LABELS: Record<string, string> = {
  pending: '待发送/待重试',
  delivered: '已送达',
  failed: '已放弃',
};

function subscriberForm(body: unknown): SubscriberInput {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    name: str(b.name),
    url: str(b.url),
    events: list(b.events),
    active: str(b.active) !== '0',
    secret: str(b.secret) || null,
  };
}

export const webhookRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;
  const id = (req: FastifyRequest) => (req.params as { id: number }).id;

  app.get(
    '/api/v1/webhooks/events',
    {
      schema: {
        operationId: 'webhooks.events.list',
        tags,
        summary: '可订阅的事件类型',
        response: {
          200: Type.Array(Type.Object({ type: Type.String(), label: Type.String() })),
          ...errors(401, 403),
        },
      },
    },
    async (req) => {
      await listSubscribers(ctx, req.actor);
      return Object.entries(WEBHOOK_EVENTS).map(([type, label]) => ({ type, label }));
    },
  );
  app.get(
    '/api/v1/webhooks/subscribers',
    {
      schema: {
        operationId: 'webhooks.subscribers.list',
        tags,
        summary: '订阅列表（系统管理员）',
        response: { 200: Type.Array(SubscriberSchema), ...errors(401, 403) },
      },
    },
    (req) => listSubscribers(ctx, req.actor),
  );
  app.post(
    '/api/v1/webhooks/subscribers',
    {
      schema: {
        operationId: 'webhooks.subscribers.create',
        tags,
        summary: '新建订阅（返回的 secret 只显示这一次）',
        body: SubscriberBody,
        response: {
          201: Type.Object({
            ...SubscriberSchema.properties,
            secret: Type.String({ description: '签名密钥（HMAC-SHA256），只返回这一次' }),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createSubscriber(ctx, req.actor, req.body as SubscriberInput)),
  );
  app.get(
    '/api/v1/webhooks/subscribers/:id',
    {
      schema: {
        operationId: 'webhooks.subscribers.get',
        tags,
        summary: '订阅详情',
        params: IdParams,
        response: { 200: SubscriberSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getSubscriber(ctx, req.actor, id(req)),
  );
  app.put(
    '/api/v1/webhooks/subscribers/:id',
    {
      schema: {
        operationId: 'webhooks.subscribers.update',
        tags,
        summary: '修改订阅（地址、事件、启停、更换密钥）',
        params: IdParams,
        body: SubscriberBody,
        response: { 200: SubscriberSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateSubscriber(ctx, req.actor, id(req), req.body as SubscriberInput),
  );
  app.get(
    '/api/v1/webhooks/subscribers/:id/deliveries',
    {
      schema: {
        operationId: 'webhooks.deliveries.list',
        tags,
        summary: '投递记录（状态、次数、最后错误；新的在前）',
        params: IdParams,
        querystring: StrictObject(PageQuery),
        response: {
          200: Type.Object({
            items: Type.Array(DeliverySchema),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    (req) => {
      const q = req.query as { page?: number; pageSize?: number };
      return listDeliveries(ctx, req.actor, id(req), q.page ?? 1, q.pageSize ?? 20);
    },
  );

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
      <>
        <h1>对接推送（Webhook）</h1>
        <p>
          依申请公开案件和信息发布的变化，以签名的 JSON 事件推送给对接系统（12345
          热线、市级平台等）。签名方法见
          <a href="/api/docs">接口文档</a>与 docs/modules/webhooks.md。
        </p>
        <p class="actions">
          <a class="button" href="/admin/webhooks/new">
            新建订阅
          </a>
        </p>
        <div class="table-wrap">
          <table>
            <caption>订阅（共 {subs.length} 个）</caption>
            <thead>
              <tr>
                <th scope="col">对接方</th>
                <th scope="col">接收地址</th>
                <th scope="col">事件</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {subs.map((s) => (
                <tr>
                  <td>
                    <a href={`/admin/webhooks/${s.id}`}>{s.name}</a>
                  </td>
                  <td>{s.url}</td>
                  <td>{s.events.length} 种</td>
                  <td>{s.active ? '启用' : '停用'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
    );
  });

  const renderForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    title: string,
    action: string,
    s?: Partial<SubscriberInput>,
    error?: AppError,
  ) => {
    const e = error?.fields ?? {};
    return renderAdmin(
      req,
      reply,
      { title, status: error?.status ?? 200, crumbs: crumbs([{ href: action, label: title }]) },
      (page) => (
        <>
          <h1>{title}</h1>
          <form method="post" action={action} novalidate>
            <CsrfField page={page} />
            <ErrorSummary message={error?.userMessage} fields={error?.fields} />
            <Field label="对接方名称" name="name" value={s?.name} required maxLength={100} error={e.name} />
            <Field
              label="接收地址"
              name="url"
              type="text"
              value={s?.url}
              required
              maxLength={500}
              error={e.url}
              hint="只允许 http:// 或 https:// 地址；默认不允许本机和内网地址"
            />
            <fieldset id="f-events" aria-describedby={e.events ? 'f-events-err' : undefined}>
              <legend>推送的事件（必填）</legend>
              {e.events && (
                <p class="error" id="f-events-err">
                  {e.events}
                </p>
              )}
              {WEBHOOK_EVENT_TYPES.map((k) => (
                <label class="checkbox">
                  <input type="checkbox" name="events" value={k} checked={s?.events?.includes(k)} />{' '}
                  {WEBHOOK_EVENTS[k]}
                </label>
              ))}
            </fieldset>
            <Field
              label="签名密钥"
              name="secret"
              type="password"
              autocomplete="new-password"
              maxLength={200}
              error={e.secret}
              hint={action.endsWith('/new') ? '可留空，由系统生成并只显示一次' : '留空则不变；填写则更换'}
            />
            <Select
              label="状态"
              name="active"
              value={s?.active === false ? '0' : '1'}
              options={[
                { value: '1', label: '启用' },
                { value: '0', label: '停用' },
              ]}
            />
            <div class="actions">
              <button type="submit">保存</button>
              <a href="/admin/webhooks">取消</a>
            </div>
          </form>
        </>
      ),
    );
  };

  app.get('/admin/webhooks/new', async (req, reply) => {
    await listSubscribers(ctx, req.actor);
    return renderForm(req, reply, '新建订阅', '/admin/webhooks/new');
  });
  app.post('/admin/webhooks/new', async (req, reply) => {
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
          <>
            <h1>已新建订阅：{s.name}</h1>
            <Notice kind="success">已保存。请把下面的签名密钥交给对接方，它只显示这一次。</Notice>
            {/* A read-only field: it fits any width and copies whole. */}
            <p>
              <label for="webhook-secret">签名密钥</label>
              <input
                id="webhook-secret"
                type="text"
                readonly
                value={s.secret}
                autocomplete="off"
                spellcheck={false}
              />
            </p>
            <p>
              <a href={`/admin/webhooks/${s.id}`}>查看订阅和投递记录</a>
            </p>
          </>,
        );
      },
      (e) => renderForm(req, reply, '新建订阅', '/admin/webhooks/new', input, e),
    );
  });
  app.get('/admin/webhooks/:id/edit', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const s = await getSubscriber(ctx, req.actor, id(req));
    return renderForm(req, reply, `修改订阅：${s.name}`, `/admin/webhooks/${s.id}/edit`, s);
  });
  app.post('/admin/webhooks/:id/edit', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const input = subscriberForm(req.body);
    return formPost(
      async () => {
        await updateSubscriber(ctx, req.actor, id(req), input);
        return seeOther(reply, `/admin/webhooks/${id(req)}?saved=1`);
      },
      (e) => renderForm(req, reply, '修改订阅', `/admin/webhooks/${id(req)}/edit`, input, e),
    );
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
      const s = await getSubscriber(ctx, req.actor, id(req));
      const q = req.query as { page?: number; saved?: string };
      const log = await listDeliveries(ctx, req.actor, s.id, q.page ?? 1, 50);
      return renderAdmin(
        req,
        reply,
        { title: s.name, crumbs: crumbs([{ href: `/admin/webhooks/${s.id}`, label: s.name }]) },
        <>
          <h1>{s.name}</h1>
          {q.saved && <Notice kind="success">已保存。</Notice>}
          <dl>
            <dt>接收地址</dt>
            <dd>{s.url}</dd>
            <dt>状态</dt>
            <dd>{s.active ? '启用' : '停用'}</dd>
            <dt>推送的事件</dt>
            <dd>{s.events.map((e) => WEBHOOK_EVENTS[e] ?? e).join('、')}</dd>
          </dl>
          <p class="actions">
            <a href={`/admin/webhooks/${s.id}/edit`}>修改订阅</a>
          </p>
          <div class="table-wrap">
            <table>
              <caption>
                投递记录（共 {log.total} 条；失败后按 1、2、4…分钟间隔重试，最多 {MAX_ATTEMPTS} 次）
              </caption>
              <thead>
                <tr>
                  <th scope="col">编号</th>
                  <th scope="col">事件</th>
                  <th scope="col">产生时间</th>
                  <th scope="col">状态</th>
                  <th scope="col">次数</th>
                  <th scope="col">下次重试</th>
                  <th scope="col">最后错误</th>
                </tr>
              </thead>
              <tbody>
                {log.items.map((d) => (
                  <tr>
                    <td>{d.id}</td>
                    <td>{d.eventType}</td>
                    <td>{beijingTime(d.createdAt)}</td>
                    <td>{STATUS_LABELS[d.status]}</td>
                    <td>{d.attempts}</td>
                    <td>{d.nextAttemptAt ? beijingTime(d.nextAttemptAt) : '—'}</td>
                    <td>{d.lastError ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={log.page}
            pageSize={log.pageSize}
            total={log.total}
            baseUrl={`/admin/webhooks/${s.id}`}
          />
        </>,
      );
    },
  );
};
