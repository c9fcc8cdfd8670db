/** 政务公开专区: the portal's address list, JSON API, back-office registry and consultation log. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { CsrfField, ErrorSummary, Field, Notice, Select } from '../../web/components.tsx';
import { formPost, int, list, str } from '../../web/forms.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin, renderPortal } from '../../web/respond.tsx';
import { errors, IdParams, NoQuery, StrictObject } from '../../web/schemas.ts';
import { can } from '../auth/permissions.ts';
import { treeOrder } from '../org/model.ts';
import { listOrgs, listPublicOrgs } from '../org/service.ts';
import {
  ZONE_CHANNELS,
  ZONE_SERVICES,
  type ZoneChannel,
  type ZoneFields,
  type ZoneService,
} from './model.ts';
import {
  createZone,
  getZone,
  listPublicZones,
  listZoneConsultations,
  listZones,
  logZoneConsultation,
  updateZone,
  type ZoneConsultationInput,
} from './service.ts';

const ZoneSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: '专区名称' }),
  orgId: Type.Integer({ description: '所属单位' }),
  orgName: Type.Optional(Type.String()),
  address: Type.String({ description: '地址' }),
  hours: Type.String({ description: '开放时间' }),
  phone: Type.String({ description: '咨询电话' }),
  services: Type.Array(Type.String(), {
    description:
      'reading 信息查阅 / foi_intake 依申请公开受理 / policy_window 政策咨询窗口 / guides 办事指南',
  }),
  active: Type.Boolean(),
  isSample: Type.Boolean(),
});
const ZoneBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  orgId: Type.Integer({ minimum: 1 }),
  address: Type.String({ minLength: 1, maxLength: 200 }),
  hours: Type.String({ minLength: 1, maxLength: 200 }),
  phone: Type.String({ minLength: 1, maxLength: 40 }),
  services: Type.Array(Type.Union(Object.keys(ZONE_SERVICES).map((k) => Type.Literal(k))), {
    minItems: 1,
    maxItems: 4,
    uniqueItems: true,
  }),
  active: Type.Boolean(),
});
const ConsultationSchema = Type.Object({
  id: Type.Integer(),
  zoneId: Type.Integer(),
  date: Type.String(),
  topic: Type.String(),
  channel: Type.String({ description: 'window 窗口 / phone 电话' }),
  answered: Type.Boolean(),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
});
const ConsultationBody = StrictObject({
  date: Type.String({ description: 'YYYY-MM-DD' }),
  topic: Type.String({ minLength: 1, maxLength: 200 }),
  channel: Type.Union([Type.Literal('window'), Type.Literal('phone')]),
  answered: Type.Boolean(),
});

function zoneForm(body: unknown): ZoneFields {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    name: str(b.name),
    orgId: int(b.orgId) ?? 0,
    address: str(b.address),
    hours: str(b.hours),
    phone: str(b.phone),
    services: list(b.services) as ZoneService[],
    active: str(b.active) !== '0',
  };
}

export const zoneRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/api/v1/zones',
    {
      schema: {
        operationId: 'zones.zones.list',
        tags: ['政务公开专区'],
        summary: '政务公开专区（公开）',
        security: [],
        querystring: NoQuery,
        response: { 200: Type.Array(ZoneSchema), ...errors(400) },
      },
    },
    () => listPublicZones(ctx.db),
  );
  app.post(
    '/api/v1/zones',
    {
      schema: {
        operationId: 'zones.zones.create',
        tags: ['政务公开专区'],
        summary: '新建专区（公开办）',
        body: ZoneBody,
        response: { 201: ZoneSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await createZone(ctx, req.actor, req.body as ZoneFields)),
  );
  app.put(
    '/api/v1/zones/:id',
    {
      schema: {
        operationId: 'zones.zones.update',
        tags: ['政务公开专区'],
        summary: '修改专区（公开办）',
        params: IdParams,
        body: ZoneBody,
        response: { 200: ZoneSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateZone(ctx, req.actor, (req.params as { id: number }).id, req.body as ZoneFields),
  );
  app.get(
    '/api/v1/zones/:id/consultations',
    {
      schema: {
        operationId: 'zones.consultations.list',
        tags: ['政务公开专区'],
        summary: '专区咨询登记',
        params: IdParams,
        response: { 200: Type.Array(ConsultationSchema), ...errors(401, 403, 404) },
      },
    },
    (req) => listZoneConsultations(ctx, req.actor, (req.params as { id: number }).id),
  );
  app.post(
    '/api/v1/zones/:id/consultations',
    {
      schema: {
        operationId: 'zones.consultations.create',
        tags: ['政务公开专区'],
        summary: '登记一次现场或电话咨询',
        params: IdParams,
        body: ConsultationBody,
        response: { 201: ConsultationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await logZoneConsultation(
            ctx,
            req.actor,
            (req.params as { id: number }).id,
            req.body as ZoneConsultationInput,
          ),
        ),
  );

  app.get('/zones', async (req, reply) => {
    const zones = await listPublicZones(ctx.db);
    return renderPortal(
      req,
      reply,
      {
        title: '政务公开专区',
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/xxgk', label: '政府信息公开' },
          { href: '/zones', label: '政务公开专区' },
        ],
        description: (site) => `${site.name}政务公开专区地址、开放时间、咨询电话和服务项目`,
      },
      <>
        <h1>政务公开专区</h1>
        <p>在以下专区可以现场查阅政府信息、提交政府信息公开申请、咨询政策、查看办事指南。</p>
        {zones.map((z) => (
          <section class="card" aria-labelledby={`zone-${z.id}`}>
            <h2 id={`zone-${z.id}`}>
              {z.name}
              {z.isSample && <span class="meta">（演示数据）</span>}
            </h2>
            <dl>
              <dt>地址</dt>
              <dd>{z.address}</dd>
              <dt>开放时间</dt>
              <dd>{z.hours}</dd>
              <dt>咨询电话</dt>
              <dd>{z.phone}</dd>
              <dt>服务项目</dt>
              <dd>{z.services.map((s) => ZONE_SERVICES[s]).join('、')}</dd>
              <dt>主管单位</dt>
              <dd>{z.orgName}</dd>
            </dl>
          </section>
        ))}
        {zones.length === 0 && <p>暂无专区信息。</p>}
        <p>
          也可以在网上<a href="/hdjl/zxzx">咨询政策</a>。
        </p>
      </>,
    );
  });

  const crumbs = (extra: { href: string; label: string }[] = []) => [
    { href: '/admin', label: '工作台' },
    { href: '/admin/zones', label: '政务公开专区' },
    ...extra,
  ];

  app.get('/admin/zones', async (req, reply) => {
    const zones = await listZones(ctx, req.actor);
    const names = new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));
    return renderAdmin(
      req,
      reply,
      { title: '政务公开专区', crumbs: crumbs() },
      <>
        <h1>政务公开专区</h1>
        {can(req.actor, 'zones.manage') && (
          <p class="actions">
            <a class="button" href="/admin/zones/new">
              新建专区
            </a>
          </p>
        )}
        <div class="table-wrap">
          <table>
            <caption>专区（共 {zones.length} 个）</caption>
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">单位</th>
                <th scope="col">地址</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {zones.map((z) => (
                <tr>
                  <td>
                    <a href={`/admin/zones/${z.id}`}>{z.name}</a>
                  </td>
                  <td>{names.get(z.orgId)}</td>
                  <td>{z.address}</td>
                  <td>{z.active ? '开放' : '停用'}</td>
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
    z?: Partial<ZoneFields>,
    error?: AppError,
  ) => {
    const orgs = await listOrgs(ctx, req.actor);
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
            <Field label="专区名称" name="name" value={z?.name} required maxLength={100} error={e.name} />
            <Select
              label="所属单位"
              name="orgId"
              value={z?.orgId}
              required
              error={e.orgId}
              options={[
                { value: '', label: '请选择' },
                ...treeOrder(orgs).map(({ org, depth }) => ({
                  value: org.id,
                  label: `${'　'.repeat(depth)}${org.name}`,
                })),
              ]}
            />
            <Field
              label="地址"
              name="address"
              value={z?.address}
              required
              maxLength={200}
              error={e.address}
            />
            <Field
              label="开放时间"
              name="hours"
              value={z?.hours}
              required
              maxLength={200}
              error={e.hours}
              hint="如：工作日 9:00–12:00，13:30–17:00"
            />
            <Field label="咨询电话" name="phone" value={z?.phone} required maxLength={40} error={e.phone} />
            <fieldset id="f-services" aria-describedby={e.services ? 'f-services-err' : undefined}>
              <legend>服务项目（必填）</legend>
              {e.services && (
                <p class="error" id="f-services-err">
                  {e.services}
                </p>
              )}
              {Object.entries(ZONE_SERVICES).map(([k, label]) => (
                <label class="checkbox">
                  <input
                    type="checkbox"
                    name="services"
                    value={k}
                    checked={z?.services?.includes(k as ZoneService)}
                  />{' '}
                  {label}
                </label>
              ))}
            </fieldset>
            <Select
              label="状态"
              name="active"
              value={z?.active === false ? '0' : '1'}
              options={[
                { value: '1', label: '开放' },
                { value: '0', label: '停用' },
              ]}
            />
            <div class="actions">
              <button type="submit">保存</button>
              <a href="/admin/zones">取消</a>
            </div>
          </form>
        </>
      ),
    );
  };

  app.get('/admin/zones/new', async (req, reply) => renderForm(req, reply, '新建专区', '/admin/zones/new'));
  app.post('/admin/zones/new', async (req, reply) => {
    const input = zoneForm(req.body);
    return formPost(
      async () => {
        const z = await createZone(ctx, req.actor, input);
        return seeOther(reply, `/admin/zones/${z.id}?saved=1`);
      },
      (e) => renderForm(req, reply, '新建专区', '/admin/zones/new', input, e),
    );
  });
  app.get('/admin/zones/:id/edit', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const z = await getZone(ctx, req.actor, (req.params as { id: number }).id);
    return renderForm(req, reply, `修改专区：${z.name}`, `/admin/zones/${z.id}/edit`, z);
  });
  app.post('/admin/zones/:id/edit', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    const input = zoneForm(req.body);
    return formPost(
      async () => {
        await updateZone(ctx, req.actor, id, input);
        return seeOther(reply, `/admin/zones/${id}?saved=1`);
      },
      (e) => renderForm(req, reply, '修改专区', `/admin/zones/${id}/edit`, input, e),
    );
  });

  const renderZone = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    error?: AppError,
    form?: Record<string, string>,
  ) => {
    const z = await getZone(ctx, req.actor, id);
    const log = await listZoneConsultations(ctx, req.actor, id);
    const today = shanghaiDate(ctx.clock.now());
    const saved = (req.query as Record<string, string>).saved;
    return renderAdmin(
      req,
      reply,
      {
        title: z.name,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: `/admin/zones/${id}`, label: z.name }]),
      },
      (page) => (
        <>
          <h1>{z.name}</h1>
          {saved && <Notice kind="success">已保存。</Notice>}
          <p>
            {z.address}；{z.hours}；{z.phone}；{z.services.map((s) => ZONE_SERVICES[s]).join('、')}
          </p>
          <p class="actions">
            {z.services.includes('foi_intake') && (
              <a class="button" href={`/admin/foi/register?channel=in_person&zone=${z.id}`}>
                登记当面提交的政府信息公开申请
              </a>
            )}
            <a href={`/admin/inquiries/new?zoneId=${z.id}`}>登记政策咨询（需答复的）</a>
            {can(req.actor, 'zones.manage') && <a href={`/admin/zones/${z.id}/edit`}>修改专区</a>}
          </p>
          <section aria-labelledby="log-h">
            <h2 id="log-h">登记咨询</h2>
            <form method="post" action={`/admin/zones/${z.id}/consultations`} novalidate>
              <CsrfField page={page} />
              <ErrorSummary message={error?.userMessage} fields={error?.fields} />
              <Field
                label="日期"
                name="date"
                type="date"
                value={form?.date ?? today}
                required
                error={error?.fields.date}
              />
              <Field
                label="咨询事项"
                name="topic"
                value={form?.topic}
                required
                maxLength={200}
                error={error?.fields.topic}
              />
              <Select
                label="方式"
                name="channel"
                value={form?.channel ?? 'window'}
                options={Object.entries(ZONE_CHANNELS).map(([value, label]) => ({ value, label }))}
                error={error?.fields.channel}
              />
              <Select
                label="是否当场解答"
                name="answered"
                value={form?.answered ?? '1'}
                options={[
                  { value: '1', label: '已当场解答' },
                  { value: '0', label: '未能当场解答' },
                ]}
              />
              <div class="actions">
                <button type="submit">登记</button>
              </div>
            </form>
          </section>
          <div class="table-wrap">
            <table>
              <caption>咨询登记（最近 {log.length} 条）</caption>
              <thead>
                <tr>
                  <th scope="col">日期</th>
                  <th scope="col">事项</th>
                  <th scope="col">方式</th>
                  <th scope="col">解答</th>
                  <th scope="col">登记人</th>
                </tr>
              </thead>
              <tbody>
                {log.map((c) => (
                  <tr>
                    <td>{c.date}</td>
                    <td>{c.topic}</td>
                    <td>{ZONE_CHANNELS[c.channel]}</td>
                    <td>{c.answered ? '已解答' : '未解答'}</td>
                    <td>{c.recordedBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ),
    );
  };
  app.get('/admin/zones/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderZone(req, reply, (req.params as { id: number }).id),
  );
  app.post(
    '/admin/zones/:id/consultations',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      const b = (req.body ?? {}) as Record<string, unknown>;
      const form = {
        date: str(b.date),
        topic: str(b.topic),
        channel: str(b.channel),
        answered: str(b.answered),
      };
      return formPost(
        async () => {
          await logZoneConsultation(ctx, req.actor, id, {
            date: form.date,
            topic: form.topic,
            channel: form.channel as ZoneChannel,
            answered: form.answered !== '0',
          });
          return seeOther(reply, `/admin/zones/${id}?saved=1`);
        },
        (e) => renderZone(req, reply, id, e, form),
      );
    },
  );
};
