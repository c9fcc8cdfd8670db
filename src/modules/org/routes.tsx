/** Orgs: JSON API and back-office screens. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { CsrfField, ErrorSummary, Field, Notice, Select } from '../../web/components.tsx';
import { formPost, int, list, str } from '../../web/forms.ts';
import { seeOther } from '../../web/render.ts';
import type { PageContext } from '../../web/page.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { errors, IdParams, StrictObject } from '../../web/schemas.ts';
import { ORG_KINDS, treeOrder, type Org, type OrgKind } from './model.ts';
import { createOrg, getOrg, listOrgs, updateOrg, type OrgInput } from './service.ts';
import { requirePermission } from '../auth/permissions.ts';

const FoiDeskSchema = Type.Object(
  {
    address: Type.String({ description: '依申请公开受理地址', maxLength: 200 }),
    postcode: Type.String({ description: '邮政编码', maxLength: 10 }),
    phone: Type.String({ description: '咨询电话', maxLength: 50 }),
    fax: Type.String({ description: '传真', maxLength: 50 }),
    hours: Type.String({ description: '办公时间', maxLength: 100 }),
  },
  { description: '依申请公开受理机构信息' },
);

const OrgSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: '机关全称' }),
  shortName: Type.String({ description: '简称，如 区发改委' }),
  code: Type.String({ description: '机关代码（统一社会信用代码等）' }),
  kind: Type.String({
    description:
      '类型：government 人民政府 / department 工作部门 / agency 派出机关 / township 乡镇 / vertical 垂直管理 / community 村（社区） / other',
  }),
  parentId: Type.Union([Type.Integer(), Type.Null()], { description: '上级机关' }),
  aliases: Type.Array(Type.String(), { description: '其他称谓' }),
  sortOrder: Type.Integer(),
  isSample: Type.Boolean({ description: '是否为演示数据' }),
  foiDesk: FoiDeskSchema,
  letterNumberPattern: Type.String({
    description: '答复书等文书的文号格式，{year} 年份、{seq} 序号；空 = 未设置',
  }),
  reviewBody: Type.String({ description: '指定的复议机关；空 = 按机关树推定' }),
});

const OrgBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  shortName: Type.String({ minLength: 1, maxLength: 50 }),
  code: Type.String({ minLength: 1, maxLength: 32 }),
  kind: Type.Union(Object.keys(ORG_KINDS).map((k) => Type.Literal(k))),
  parentId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  aliases: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  foiDesk: Type.Optional(Type.Partial(FoiDeskSchema)),
  letterNumberPattern: Type.Optional(Type.String({ maxLength: 50 })),
  reviewBody: Type.Optional(Type.String({ maxLength: 100 })),
});

function formInput(body: unknown): OrgInput {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    name: str(b.name),
    shortName: str(b.shortName),
    code: str(b.code).toUpperCase(),
    kind: str(b.kind) as OrgKind,
    parentId: int(b.parentId),
    aliases: str(b.aliases)
      .split(/[,，、\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
    sortOrder: int(b.sortOrder) ?? 0,
    isSample: list(b.isSample).includes('1'),
    foiDesk: {
      address: str(b.foiAddress),
      postcode: str(b.foiPostcode),
      phone: str(b.foiPhone),
      fax: str(b.foiFax),
      hours: str(b.foiHours),
    },
    letterNumberPattern: str(b.letterNumberPattern),
    reviewBody: str(b.reviewBody),
  };
}

function OrgForm({
  page,
  orgs,
  org,
  action,
  error,
}: {
  page: PageContext;
  orgs: Org[];
  org?: Partial<OrgInput>;
  action: string;
  error?: AppError;
}) {
  const parents = [
    { value: '', label: '（无上级）' },
    ...treeOrder(orgs).map(({ org: o, depth }) => ({ value: o.id, label: `${'　'.repeat(depth)}${o.name}` })),
  ];
  return (
    <form method="post" action={action} novalidate>
      <CsrfField page={page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <Field
        label="机关全称"
        name="name"
        value={org?.name}
        required
        error={error?.fields.name}
        maxLength={100}
      />
      <Field
        label="简称"
        name="shortName"
        value={org?.shortName}
        required
        error={error?.fields.shortName}
        hint="文件和台账中常用的名称，如“区发改委”"
        maxLength={50}
      />
      <Field
        label="机关代码"
        name="code"
        value={org?.code}
        required
        error={error?.fields.code}
        hint="统一社会信用代码或本系统内的代码，数字和大写字母"
        maxLength={32}
      />
      <Select
        label="类型"
        name="kind"
        value={org?.kind}
        options={Object.entries(ORG_KINDS).map(([value, label]) => ({ value, label }))}
        error={error?.fields.kind}
      />
      <Select
        label="上级机关"
        name="parentId"
        value={org?.parentId ?? ''}
        options={parents}
        error={error?.fields.parentId}
      />
      <Field
        label="其他称谓"
        name="aliases"
        value={(org?.aliases ?? []).join('、')}
        hint="用顿号分隔，导入台账时用于识别单位名称"
      />
      <Field label="排序" name="sortOrder" type="number" value={org?.sortOrder ?? 0} />
      <fieldset>
        <legend>依申请公开受理机构</legend>
        <Field label="受理地址" name="foiAddress" value={org?.foiDesk?.address} maxLength={200} />
        <Field label="邮政编码" name="foiPostcode" value={org?.foiDesk?.postcode} maxLength={10} />
        <Field label="咨询电话" name="foiPhone" value={org?.foiDesk?.phone} maxLength={50} />
        <Field label="传真" name="foiFax" value={org?.foiDesk?.fax} maxLength={50} />
        <Field
          label="办公时间"
          name="foiHours"
          value={org?.foiDesk?.hours}
          maxLength={100}
          hint="如：工作日 9:00—12:00，13:30—17:00"
        />
        <Field
          label="文书文号格式"
          name="letterNumberPattern"
          value={org?.letterNumberPattern}
          error={error?.fields.letterNumberPattern}
          maxLength={50}
          hint="{year} 为年份，{seq} 为序号，如：某发改依复〔{year}〕{seq}号"
        />
        <Field
          label="复议机关"
          name="reviewBody"
          value={org?.reviewBody}
          maxLength={100}
          hint="留空则按机关树推定：工作部门为本级人民政府，人民政府、乡镇为上一级人民政府，派出机关为设立它的人民政府；垂直管理机构请填写其上一级主管部门"
        />
      </fieldset>
      <div class="actions">
        <button type="submit">保存</button>
        <a href="/admin/orgs">取消</a>
      </div>
    </form>
  );
}

export const orgRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/api/v1/orgs',
    {
      schema: {
        operationId: 'org.orgs.list',
        tags: ['机关'],
        summary: '机关列表（树）',
        response: { 200: Type.Array(OrgSchema), ...errors(401, 403) },
      },
    },
    (req) => listOrgs(ctx, req.actor),
  );
  app.get(
    '/api/v1/orgs/:id',
    {
      schema: {
        operationId: 'org.orgs.get',
        tags: ['机关'],
        summary: '机关详情',
        params: IdParams,
        response: { 200: OrgSchema, ...errors(401, 403, 404) },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'org.read');
      return getOrg(ctx.db, (req.params as { id: number }).id);
    },
  );
  app.post(
    '/api/v1/orgs',
    {
      schema: {
        operationId: 'org.orgs.create',
        tags: ['机关'],
        summary: '新建机关',
        body: OrgBody,
        response: { 201: OrgSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const org = await createOrg(ctx, req.actor, req.body as OrgInput);
      return reply.code(201).send(org);
    },
  );
  app.put(
    '/api/v1/orgs/:id',
    {
      schema: {
        operationId: 'org.orgs.update',
        tags: ['机关'],
        summary: '修改机关',
        params: IdParams,
        body: OrgBody,
        response: { 200: OrgSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => updateOrg(ctx, req.actor, (req.params as { id: number }).id, req.body as OrgInput),
  );

  app.get('/admin/orgs', async (req, reply) => {
    const orgs = await listOrgs(ctx, req.actor);
    const saved = (req.query as Record<string, string>).saved;
    return renderAdmin(
      req,
      reply,
      { title: '机关管理' },
      <>
        <h1>机关管理</h1>
        {saved && <Notice kind="success">已保存。</Notice>}
        <p class="actions">
          <a class="button" href="/admin/orgs/new">
            新建机关
          </a>
        </p>
        <div class="table-wrap">
          <table>
            <caption>机关树（共 {orgs.length} 个）</caption>
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">简称</th>
                <th scope="col">类型</th>
                <th scope="col">代码</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {treeOrder(orgs).map(({ org, depth }) => (
                <tr>
                  <td>
                    {'　'.repeat(depth)}
                    {org.name}
                    {org.isSample && <span class="meta">（演示数据）</span>}
                  </td>
                  <td>{org.shortName}</td>
                  <td>{ORG_KINDS[org.kind] ?? org.kind}</td>
                  <td>{org.code}</td>
                  <td>
                    <a href={`/admin/orgs/${org.id}`} aria-label={`编辑 ${org.name}`}>
                      编辑
                    </a>
                  </td>
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
    org?: Partial<OrgInput>,
    error?: AppError,
  ) => {
    const orgs = await listOrgs(ctx, req.actor);
    return renderAdmin(
      req,
      reply,
      {
        title,
        status: error ? error.status : 200,
        crumbs: [
          { href: '/admin/orgs', label: '机关管理' },
          { href: action, label: title },
        ],
      },
      (page) => (
        <>
          <h1>{title}</h1>
          <OrgForm page={page} orgs={orgs} org={org} action={action} error={error} />
        </>
      ),
    );
  };

  app.get('/admin/orgs/new', async (req, reply) => {
    requirePermission(req.actor, 'org.manage');
    return renderForm(req, reply, '新建机关', '/admin/orgs/new');
  });
  app.post('/admin/orgs/new', async (req, reply) => {
    const input = formInput(req.body);
    return formPost(
      async () => {
        await createOrg(ctx, req.actor, input);
        return seeOther(reply, '/admin/orgs?saved=1');
      },
      (e) => renderForm(req, reply, '新建机关', '/admin/orgs/new', input, e),
    );
  });
  app.get('/admin/orgs/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    requirePermission(req.actor, 'org.manage');
    const org = await getOrg(ctx.db, (req.params as { id: number }).id);
    return renderForm(req, reply, `编辑：${org.name}`, `/admin/orgs/${org.id}`, org);
  });
  app.post('/admin/orgs/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    const input = formInput(req.body);
    return formPost(
      async () => {
        await updateOrg(ctx, req.actor, id, input);
        return seeOther(reply, '/admin/orgs?saved=1');
      },
      (e) => renderForm(req, reply, '编辑机关', `/admin/orgs/${id}`, input, e),
    );
  });
};
