/** 政务新媒体: public matrix page, JSON API, back-office registry, filings and freshness screens. */
import { sendDownload } from '../../lib/uploads.ts';
import { DataTable } from '../../web/table.tsx';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import {
  beijingTime,
  CsrfField,
  ErrorSummary,
  Field,
  Notice,
  Select,
  TextArea,
  UploadForm,
} from '../../web/components.tsx';
import { formPost, int, readUpload, STATE_REFUSALS, str } from '../../web/forms.ts';
import type { PageContext } from '../../web/page.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin, renderPortal } from '../../web/respond.tsx';
import { errors, IdParams, StrictObject } from '../../web/schemas.ts';
import { can } from '../auth/permissions.ts';
import { treeOrder, type Org } from '../org/model.ts';
import { listOrgs, listPublicOrgs } from '../org/service.ts';
import {
  ACCOUNT_STATUS,
  FILING_KINDS,
  FILING_STATUS,
  FRESHNESS_FLAGS,
  LEVELS,
  MAX_DOCUMENT_BYTES,
  PLATFORMS,
  freshnessOf,
  type AccountFields,
  type FilingKind,
  type Level,
  type MediaAccount,
  type Platform,
} from './model.ts';
import {
  accountsWithFreshness,
  addFilingDocument,
  createAccount,
  decideFiling,
  getAccount,
  getFiling,
  importChecks,
  listAccounts,
  listChecks,
  listFilings,
  listPublicAccounts,
  parseCheckFile,
  readFilingDocument,
  recordCheck,
  submitFiling,
  updateAccount,
  type FilingInput,
} from './service.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const PublicAccountSchema = Type.Object({
  id: Type.Integer(),
  platform: Type.String({
    description: '平台代码：wechat / weibo / douyin / toutiao / channels / kuaishou / other',
  }),
  platformName: Type.String({ description: '平台名称' }),
  accountName: Type.String({ description: '账号名称' }),
  platformAccountId: Type.String({ description: '平台账号 ID（永久 ID，非显示名称）' }),
  orgName: Type.String({ description: '主办单位' }),
  level: Type.String({ description: '级别：district / department / township' }),
  isSample: Type.Boolean({ description: '演示数据' }),
});

const AccountSchema = Type.Object({
  id: Type.Integer(),
  platform: Type.String(),
  accountName: Type.String(),
  platformAccountId: Type.String(),
  orgId: Type.Integer({ description: '主办单位' }),
  operator: Type.String({ description: '运营单位或运营人' }),
  responsiblePerson: Type.String({ description: '责任人' }),
  level: Type.String(),
  status: Type.String({ description: 'active 运营中 / closed 已关停' }),
  lastUpdateDate: Nullable(Type.String({ description: '最近更新日期' })),
  interactionOk: Type.Union([Type.Boolean(), Type.Null()], { description: '互动功能是否正常' }),
  checkedOn: Nullable(Type.String({ description: '最近检查日期' })),
  isSample: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const AccountBody = StrictObject({
  platform: Type.Union(Object.keys(PLATFORMS).map((k) => Type.Literal(k))),
  accountName: Type.String({ minLength: 1, maxLength: 60 }),
  platformAccountId: Type.String({ minLength: 1, maxLength: 64 }),
  orgId: Type.Integer({ minimum: 1 }),
  operator: Type.String({ minLength: 1, maxLength: 100 }),
  responsiblePerson: Type.String({ minLength: 1, maxLength: 50 }),
  level: Type.Union(Object.keys(LEVELS).map((k) => Type.Literal(k))),
});

const FilingSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'open 开设 / change 变更 / close 关停注销' }),
  accountId: Type.Union([Type.Integer(), Type.Null()]),
  orgId: Type.Integer(),
  fields: Type.Object({}, { additionalProperties: true, description: '拟登记的账号信息' }),
  note: Type.String(),
  status: Type.String({ description: 'submitted 待审核 / approved 已通过 / rejected 已退回' }),
  submittedBy: Type.String(),
  submittedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  documents: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.Integer(),
        fileName: Type.String(),
        mime: Type.String(),
        size: Type.Integer(),
        uploadedAt: Type.String(),
      }),
    ),
  ),
});

const FilingBody = StrictObject({
  kind: Type.Union([Type.Literal('open'), Type.Literal('change'), Type.Literal('close')]),
  accountId: Type.Optional(Type.Integer({ minimum: 1 })),
  fields: Type.Optional(AccountBody),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});

const CheckBody = StrictObject({
  checkedOn: Type.String({ description: '检查日期 YYYY-MM-DD' }),
  lastUpdateDate: Type.String({ description: '账号最近一次发布内容的日期' }),
  interactionOk: Type.Boolean({ description: '留言、私信等互动功能是否正常' }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

const PublicQuery = StrictObject({
  q: Type.Optional(Type.String({ maxLength: 64 })),
  platform: Type.Optional(Type.String({ maxLength: 20 })),
});

function accountForm(body: unknown): AccountFields {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    platform: str(b.platform) as Platform,
    accountName: str(b.accountName),
    platformAccountId: str(b.platformAccountId),
    orgId: int(b.orgId) ?? 0,
    operator: str(b.operator),
    responsiblePerson: str(b.responsiblePerson),
    level: str(b.level) as Level,
  };
}

const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));
const orgOptions = (orgs: Org[]) => [
  { value: '', label: '请选择' },
  ...treeOrder(orgs).map(({ org, depth }) => ({ value: org.id, label: `${'　'.repeat(depth)}${org.name}` })),
];

function AccountFieldset({ orgs, a, error }: { orgs: Org[]; a?: Partial<AccountFields>; error?: AppError }) {
  const e = error?.fields ?? {};
  return (
    <>
      <Select
        label="平台"
        name="platform"
        value={a?.platform}
        options={[{ value: '', label: '请选择' }, ...options(PLATFORMS)]}
        required
        error={e.platform}
      />
      <Field
        label="账号名称"
        name="accountName"
        value={a?.accountName}
        required
        maxLength={60}
        error={e.accountName}
      />
      <Field
        label="平台账号 ID"
        name="platformAccountId"
        value={a?.platformAccountId}
        required
        maxLength={64}
        error={e.platformAccountId}
        hint="平台分配的永久 ID（如微信原始 ID gh_…、微博 UID、抖音号），显示名称可以更改，不能作为依据"
      />
      <Select
        label="主办单位"
        name="orgId"
        value={a?.orgId}
        options={orgOptions(orgs)}
        required
        error={e.orgId}
      />
      <Field
        label="运营单位或运营人"
        name="operator"
        value={a?.operator}
        required
        maxLength={100}
        error={e.operator}
      />
      <Field
        label="责任人"
        name="responsiblePerson"
        value={a?.responsiblePerson}
        required
        maxLength={50}
        error={e.responsiblePerson}
      />
      <Select
        label="账号级别"
        name="level"
        value={a?.level}
        options={[{ value: '', label: '请选择' }, ...options(LEVELS)]}
        required
        error={e.level}
      />
    </>
  );
}

function FreshnessCell({ a, today }: { a: MediaAccount; today: string }) {
  const f = freshnessOf(a, today);
  if (a.status !== 'active') return <span>—</span>;
  if (!f.flags.length) return <span class="status-ok">正常</span>;
  return (
    <span class={f.failing ? 'status-bad' : 'status-warn'}>
      {f.flags.map((x) => FRESHNESS_FLAGS[x]).join('；')}
    </span>
  );
}

export const mediaRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;
  const orgName = async () => new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));

  // —— JSON API ——
  app.get(
    '/api/v1/media/accounts/public',
    {
      schema: {
        operationId: 'media.accounts.listPublic',
        tags: ['政务新媒体'],
        summary: '政务新媒体矩阵（公开，运营中的账号）',
        security: [],
        querystring: PublicQuery,
        response: { 200: Type.Array(PublicAccountSchema), ...errors(400) },
      },
    },
    (req) => listPublicAccounts(ctx.db, req.query as { q?: string; platform?: string }),
  );
  app.get(
    '/api/v1/media/accounts',
    {
      schema: {
        operationId: 'media.accounts.list',
        tags: ['政务新媒体'],
        summary: '账号列表（本单位范围）',
        response: { 200: Type.Array(AccountSchema), ...errors(401, 403) },
      },
    },
    (req) => listAccounts(ctx, req.actor),
  );
  app.get(
    '/api/v1/media/accounts/:id',
    {
      schema: {
        operationId: 'media.accounts.get',
        tags: ['政务新媒体'],
        summary: '账号详情',
        params: IdParams,
        response: { 200: AccountSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getAccount(ctx, req.actor, (req.params as { id: number }).id),
  );
  app.post(
    '/api/v1/media/accounts',
    {
      schema: {
        operationId: 'media.accounts.create',
        tags: ['政务新媒体'],
        summary: '直接登记账号（公开办）',
        body: AccountBody,
        response: { 201: AccountSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createAccount(ctx, req.actor, req.body as AccountFields)),
  );
  app.put(
    '/api/v1/media/accounts/:id',
    {
      schema: {
        operationId: 'media.accounts.update',
        tags: ['政务新媒体'],
        summary: '修改账号（公开办）',
        params: IdParams,
        body: AccountBody,
        response: { 200: AccountSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateAccount(ctx, req.actor, (req.params as { id: number }).id, req.body as AccountFields),
  );
  app.post(
    '/api/v1/media/accounts/:id/checks',
    {
      schema: {
        operationId: 'media.accounts.recordCheck',
        tags: ['政务新媒体'],
        summary: '登记更新和互动检查情况',
        params: IdParams,
        body: CheckBody,
        response: { 200: AccountSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => recordCheck(ctx, req.actor, (req.params as { id: number }).id, req.body as any),
  );
  app.get(
    '/api/v1/media/filings',
    {
      schema: {
        operationId: 'media.filings.list',
        tags: ['政务新媒体'],
        summary: '备案列表',
        querystring: StrictObject({ status: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Type.Array(FilingSchema), ...errors(401, 403) },
      },
    },
    (req) => listFilings(ctx, req.actor, req.query as { status?: string }),
  );
  app.get(
    '/api/v1/media/filings/:id',
    {
      schema: {
        operationId: 'media.filings.get',
        tags: ['政务新媒体'],
        summary: '备案详情',
        params: IdParams,
        response: { 200: FilingSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getFiling(ctx, req.actor, (req.params as { id: number }).id),
  );
  app.post(
    '/api/v1/media/filings',
    {
      schema: {
        operationId: 'media.filings.create',
        tags: ['政务新媒体'],
        summary: '提交开设、变更或关停备案',
        body: FilingBody,
        response: { 201: FilingSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await submitFiling(ctx, req.actor, req.body as FilingInput)),
  );
  app.post(
    '/api/v1/media/filings/:id/decision',
    {
      schema: {
        operationId: 'media.filings.decide',
        tags: ['政务新媒体'],
        summary: '审核备案（公开办）',
        params: IdParams,
        body: StrictObject({
          approve: Type.Boolean(),
          reason: Type.Optional(Type.String({ maxLength: 1000 })),
        }),
        response: { 200: FilingSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) =>
      decideFiling(
        ctx,
        req.actor,
        (req.params as { id: number }).id,
        req.body as { approve: boolean; reason?: string },
      ),
  );
  app.post(
    '/api/v1/media/filings/:id/documents',
    {
      schema: {
        operationId: 'media.filings.addDocument',
        tags: ['政务新媒体'],
        summary: '上传备案材料（multipart，字段 file；PDF/DOCX/XLSX/PNG/JPG，≤10MB）',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: {
          201: Type.Object({
            id: Type.Integer(),
            fileName: Type.String(),
            mime: Type.String(),
            size: Type.Integer(),
            uploadedAt: Type.String(),
          }),
          ...errors(400, 401, 403, 404, 409, 413),
        },
      },
    },
    async (req, reply) => {
      const doc = await uploadFrom(req, (req.params as { id: number }).id);
      return reply.code(201).send({
        id: doc.id,
        fileName: doc.fileName,
        mime: doc.mime,
        size: doc.size,
        uploadedAt: doc.uploadedAt,
      });
    },
  );

  async function uploadFrom(req: FastifyRequest, filingId: number) {
    const file = await readUpload(req, { maxBytes: MAX_DOCUMENT_BYTES });
    return addFilingDocument(ctx, req.actor, filingId, { fileName: file.name, data: file.data });
  }

  // —— Portal ——
  app.get('/hdjl/xmt', { schema: { querystring: PublicQuery, hide: true } }, async (req, reply) => {
    const q = req.query as { q?: string; platform?: string };
    const list = await listPublicAccounts(ctx.db, q);
    const crumbs = [
      { href: '/', label: '首页' },
      { href: '/hdjl', label: '互动交流' },
      { href: '/hdjl/xmt', label: '政务新媒体' },
    ];
    return renderPortal(
      req,
      reply,
      {
        title: '政务新媒体矩阵',
        crumbs,
        description: (site) => `${site.name}政务新媒体账号名录，可按名称或账号 ID 核验账号真伪`,
      },
      <>
        <h1>政务新媒体矩阵</h1>
        <p>以下为经备案、正在运营的政务新媒体账号。请按账号名称或平台账号 ID 核对，谨防假冒账号。</p>
        {/* On phones the check folds behind one control, so the directory comes first. */}
        <details class="fold-narrow">
          <summary>核验账号（按名称、账号 ID 或平台）</summary>
          <form method="get" action="/hdjl/xmt" role="search" aria-label="核验账号">
            <Field label="账号名称或平台账号 ID" name="q" type="search" value={q.q} maxLength={64} />
            <Select
              label="平台"
              name="platform"
              value={q.platform ?? ''}
              options={[{ value: '', label: '全部平台' }, ...options(PLATFORMS)]}
            />
            <div class="actions">
              <button type="submit">查询</button>
            </div>
          </form>
        </details>
        {q.q && list.length === 0 && (
          <Notice kind="warning">
            没有找到“{q.q}”。未列入本名录的账号不是本区备案的政务新媒体，请谨慎对待。
          </Notice>
        )}
        <DataTable
          caption={<>运营中的政务新媒体账号（共 {list.length} 个）</>}
          rows={list}
          columns={[
            { label: '平台', cell: (a) => a.platformName },
            {
              label: '账号名称',
              rowHeader: true,
              cell: (a) => (
                <>
                  {a.accountName}
                  {a.isSample && <span class="meta">（演示数据）</span>}
                </>
              ),
            },
            { label: '平台账号 ID', cell: (a) => a.platformAccountId },
            { label: '主办单位', cell: (a) => a.orgName },
            { label: '级别', cell: (a) => LEVELS[a.level as Level] ?? a.level },
          ]}
        />
      </>,
    );
  });

  // —— Back office ——
  const crumbs = (extra: { href: string; label: string }[] = []) => [
    { href: '/admin', label: '工作台' },
    { href: '/admin/media', label: '政务新媒体' },
    ...extra,
  ];

  app.get('/admin/media', async (req, reply) => {
    const today = shanghaiDate(ctx.clock.now());
    const accounts = await listAccounts(ctx, req.actor);
    const names = await orgName();
    const saved = (req.query as Record<string, string>).saved;
    return renderAdmin(
      req,
      reply,
      { title: '政务新媒体', crumbs: crumbs() },
      <>
        <h1>政务新媒体</h1>
        {saved && <Notice kind="success">已保存。</Notice>}
        <p class="actions">
          {can(req.actor, 'media.manage') && (
            <a class="button" href="/admin/media/filings/new">
              提交开设备案
            </a>
          )}
          <a href="/admin/media/filings">备案审核记录</a>
          {can(req.actor, 'media.manage') && <a href="/admin/media/import">导入更新情况</a>}
          {can(req.actor, 'media.approve') && <a href="/admin/media/new">直接登记账号</a>}
        </p>
        <p class="meta">按国办秘函〔2019〕19号，政务新媒体监测前 2 周内无更新、互动功能不可用属单项否决。</p>
        <DataTable
          caption={<>账号（共 {accounts.length} 个）</>}
          rows={accounts}
          columns={[
            { label: '平台', cell: (a) => PLATFORMS[a.platform] },
            {
              label: '账号名称',
              rowHeader: true,
              cell: (a) => (
                <>
                  <a href={`/admin/media/${a.id}`}>{a.accountName}</a>
                  {a.isSample && <span class="meta">（演示数据）</span>}
                </>
              ),
            },
            { label: '主办单位', cell: (a) => names.get(a.orgId) },
            { label: '状态', cell: (a) => ACCOUNT_STATUS[a.status] },
            { label: '最近更新', date: true, cell: (a) => a.lastUpdateDate ?? '未登记' },
            { label: '检查结果', cell: (a) => <FreshnessCell a={a} today={today} /> },
          ]}
        />
      </>,
    );
  });

  const renderAccountForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    title: string,
    action: string,
    a?: Partial<AccountFields>,
    error?: AppError,
  ) => {
    const orgs = await listOrgs(ctx, req.actor);
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
            <AccountFieldset orgs={orgs} a={a} error={error} />
            <div class="actions">
              <button type="submit">保存</button>
              <a href="/admin/media">取消</a>
            </div>
          </form>
        </>
      ),
    );
  };

  // A filing already pending or decided (invalid_state) is shown on the form too (STATE_REFUSALS).
  app.get('/admin/media/new', async (req, reply) =>
    renderAccountForm(req, reply, '直接登记账号', '/admin/media/new'),
  );
  app.post('/admin/media/new', async (req, reply) => {
    const input = accountForm(req.body);
    return formPost(
      async () => {
        const a = await createAccount(ctx, req.actor, input);
        return seeOther(reply, `/admin/media/${a.id}?saved=1`);
      },
      (e) => renderAccountForm(req, reply, '直接登记账号', '/admin/media/new', input, e),
      STATE_REFUSALS,
    );
  });
  app.get('/admin/media/:id/edit', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const a = await getAccount(ctx, req.actor, (req.params as { id: number }).id);
    return renderAccountForm(req, reply, `修改账号：${a.accountName}`, `/admin/media/${a.id}/edit`, a);
  });
  app.post('/admin/media/:id/edit', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    const input = accountForm(req.body);
    return formPost(
      async () => {
        await updateAccount(ctx, req.actor, id, input);
        return seeOther(reply, `/admin/media/${id}?saved=1`);
      },
      (e) => renderAccountForm(req, reply, '修改账号', `/admin/media/${id}/edit`, input, e),
      STATE_REFUSALS,
    );
  });

  const renderAccount = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    error?: AppError,
    check?: Record<string, string>,
  ) => {
    const a = await getAccount(ctx, req.actor, id);
    const [checks, filings, names] = await Promise.all([
      listChecks(ctx, req.actor, id),
      listFilings(ctx, req.actor, { accountId: id }),
      orgName(),
    ]);
    const today = shanghaiDate(ctx.clock.now());
    const saved = (req.query as Record<string, string>).saved;
    return renderAdmin(
      req,
      reply,
      {
        title: a.accountName,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: `/admin/media/${id}`, label: a.accountName }]),
      },
      (page) => (
        <>
          <h1>{a.accountName}</h1>
          {saved && <Notice kind="success">已保存。</Notice>}
          <dl>
            <dt>平台</dt>
            <dd>{PLATFORMS[a.platform]}</dd>
            <dt>平台账号 ID</dt>
            <dd>{a.platformAccountId}</dd>
            <dt>主办单位</dt>
            <dd>{names.get(a.orgId)}</dd>
            <dt>运营单位或运营人</dt>
            <dd>{a.operator}</dd>
            <dt>责任人</dt>
            <dd>{a.responsiblePerson}</dd>
            <dt>级别</dt>
            <dd>{LEVELS[a.level]}</dd>
            <dt>状态</dt>
            <dd>{ACCOUNT_STATUS[a.status]}</dd>
            <dt>检查结果</dt>
            <dd>
              <FreshnessCell a={a} today={today} />
            </dd>
          </dl>
          {a.status === 'active' && (
            <p class="actions">
              {can(req.actor, 'media.manage') && (
                <a href={`/admin/media/filings/new?kind=change&accountId=${a.id}`}>提交变更备案</a>
              )}
              {can(req.actor, 'media.manage') && (
                <a href={`/admin/media/filings/new?kind=close&accountId=${a.id}`}>提交关停备案</a>
              )}
              {can(req.actor, 'media.approve') && <a href={`/admin/media/${a.id}/edit`}>直接修改</a>}
            </p>
          )}
          {a.status === 'active' && can(req.actor, 'media.manage') && (
            <section aria-labelledby="check-h">
              <h2 id="check-h">登记更新和互动情况</h2>
              <form method="post" action={`/admin/media/${a.id}/checks`} novalidate>
                <CsrfField page={page} />
                <ErrorSummary message={error?.userMessage} fields={error?.fields} />
                <Field
                  label="检查日期"
                  name="checkedOn"
                  type="date"
                  value={check?.checkedOn ?? today}
                  required
                  error={error?.fields.checkedOn}
                />
                <Field
                  label="账号最近一次发布内容的日期"
                  name="lastUpdateDate"
                  type="date"
                  value={check?.lastUpdateDate}
                  required
                  error={error?.fields.lastUpdateDate}
                />
                <Select
                  label="留言、私信等互动功能"
                  name="interactionOk"
                  value={check?.interactionOk ?? '1'}
                  options={[
                    { value: '1', label: '正常' },
                    { value: '0', label: '不可用' },
                  ]}
                />
                <Field label="备注" name="note" value={check?.note} maxLength={500} />
                <div class="actions">
                  <button type="submit">登记</button>
                </div>
              </form>
            </section>
          )}
          <div class="table-wrap">
            <table>
              <caption>检查记录</caption>
              <thead>
                <tr>
                  <th scope="col">检查日期</th>
                  <th scope="col">最近更新</th>
                  <th scope="col">互动</th>
                  <th scope="col">备注</th>
                  <th scope="col">登记人</th>
                </tr>
              </thead>
              <tbody>
                {checks.map((c) => (
                  <tr>
                    <td>{c.checkedOn}</td>
                    <td>{c.lastUpdateDate}</td>
                    <td>{c.interactionOk ? '正常' : '不可用'}</td>
                    <td>{c.note}</td>
                    <td>{c.recordedBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table>
              <caption>备案记录</caption>
              <thead>
                <tr>
                  <th scope="col">类型</th>
                  <th scope="col">提交</th>
                  <th scope="col">状态</th>
                  <th scope="col">审核意见</th>
                </tr>
              </thead>
              <tbody>
                {filings.map((f) => (
                  <tr>
                    <td>
                      <a href={`/admin/media/filings/${f.id}`}>{FILING_KINDS[f.kind]}</a>
                    </td>
                    <td>
                      {f.submittedBy} {beijingTime(f.submittedAt)}
                    </td>
                    <td>{FILING_STATUS[f.status]}</td>
                    <td>{f.decisionReason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ),
    );
  };

  app.get('/admin/media/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderAccount(req, reply, (req.params as { id: number }).id),
  );
  app.post('/admin/media/:id/checks', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const form = {
      checkedOn: str(b.checkedOn),
      lastUpdateDate: str(b.lastUpdateDate),
      interactionOk: str(b.interactionOk),
      note: str(b.note),
    };
    return formPost(
      async () => {
        await recordCheck(ctx, req.actor, id, { ...form, interactionOk: form.interactionOk !== '0' });
        return seeOther(reply, `/admin/media/${id}?saved=1`);
      },
      (e) => renderAccount(req, reply, id, e, form),
      STATE_REFUSALS,
    );
  });

  // Filings
  app.get('/admin/media/filings', async (req, reply) => {
    const filings = await listFilings(ctx, req.actor);
    const names = await orgName();
    return renderAdmin(
      req,
      reply,
      { title: '新媒体备案', crumbs: crumbs([{ href: '/admin/media/filings', label: '备案' }]) },
      <>
        <h1>新媒体备案</h1>
        <p class="meta">分级备案：单位提交开设、变更、关停备案，区政务公开办审核。</p>
        <div class="table-wrap">
          <table>
            <caption>备案（共 {filings.length} 件）</caption>
            <thead>
              <tr>
                <th scope="col">编号</th>
                <th scope="col">类型</th>
                <th scope="col">账号</th>
                <th scope="col">单位</th>
                <th scope="col">提交</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {filings.map((f) => (
                <tr>
                  <td>
                    <a href={`/admin/media/filings/${f.id}`}>备案 {f.id}</a>
                  </td>
                  <td>{FILING_KINDS[f.kind]}</td>
                  <td>{f.fields.accountName ?? (f.accountId ? `账号 ${f.accountId}` : '')}</td>
                  <td>{names.get(f.orgId)}</td>
                  <td>{beijingTime(f.submittedAt)}</td>
                  <td>{FILING_STATUS[f.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
    );
  });

  const renderFilingForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    kind: FilingKind,
    accountId: number | null,
    a?: Partial<AccountFields>,
    note?: string,
    error?: AppError,
  ) => {
    const orgs = await listOrgs(ctx, req.actor);
    const account = accountId ? await getAccount(ctx, req.actor, accountId) : undefined;
    const title = `${FILING_KINDS[kind] ?? '备案'}${account ? `：${account.accountName}` : ''}`;
    return renderAdmin(
      req,
      reply,
      {
        title,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: '/admin/media/filings/new', label: title }]),
      },
      (page) => (
        <>
          <h1>{title}</h1>
          <form method="post" action="/admin/media/filings/new" novalidate>
            <CsrfField page={page} />
            <input type="hidden" name="kind" value={kind} />
            {account && <input type="hidden" name="accountId" value={account.id} />}
            <ErrorSummary message={error?.userMessage} fields={error?.fields} />
            {kind !== 'close' && <AccountFieldset orgs={orgs} a={a ?? account} error={error} />}
            <TextArea
              label={kind === 'close' ? '关停理由' : '说明'}
              name="note"
              value={note}
              required={kind === 'close'}
              error={error?.fields.note}
              maxLength={2000}
              rows={4}
            />
            <p class="meta">提交后可在备案页面上传备案表、审批件等材料。</p>
            <div class="actions">
              <button type="submit">提交备案</button>
              <a href="/admin/media">取消</a>
            </div>
          </form>
        </>
      ),
    );
  };
  app.get(
    '/admin/media/filings/new',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          kind: Type.Optional(Type.String({ maxLength: 10 })),
          accountId: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      },
    },
    async (req, reply) => {
      const q = req.query as { kind?: string; accountId?: number };
      const kind = (q.kind && q.kind in FILING_KINDS ? q.kind : 'open') as FilingKind;
      return renderFilingForm(req, reply, kind, kind === 'open' ? null : (q.accountId ?? null));
    },
  );
  app.post('/admin/media/filings/new', async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const kind = str(b.kind) as FilingKind;
    const accountId = int(b.accountId);
    const fields = accountForm(b);
    const note = str(b.note);
    return formPost(
      async () => {
        const f = await submitFiling(ctx, req.actor, {
          kind,
          accountId,
          fields: kind === 'close' ? undefined : fields,
          note,
        });
        return seeOther(reply, `/admin/media/filings/${f.id}?saved=1`);
      },
      (e) => renderFilingForm(req, reply, kind in FILING_KINDS ? kind : 'open', accountId, fields, note, e),
      STATE_REFUSALS,
    );
  });

  const renderFiling = async (req: FastifyRequest, reply: FastifyReply, id: number, error?: AppError) => {
    const f = await getFiling(ctx, req.actor, id);
    const names = await orgName();
    const saved = (req.query as Record<string, string>).saved;
    const fields = f.fields as Partial<AccountFields>;
    return renderAdmin(
      req,
      reply,
      {
        title: `备案 ${f.id}`,
        status: error?.status ?? 200,
        crumbs: crumbs([
          { href: '/admin/media/filings', label: '备案' },
          { href: `/admin/media/filings/${f.id}`, label: `备案 ${f.id}` },
        ]),
      },
      (page) => (
        <>
          <h1>
            {FILING_KINDS[f.kind]}（备案 {f.id}）
          </h1>
          {saved && <Notice kind="success">已保存。</Notice>}
          <ErrorSummary message={error?.userMessage} fields={error?.fields} />
          <dl>
            <dt>状态</dt>
            <dd>{FILING_STATUS[f.status]}</dd>
            <dt>单位</dt>
            <dd>{names.get(f.orgId)}</dd>
            {f.accountId && (
              <>
                <dt>账号</dt>
                <dd>
                  <a href={`/admin/media/${f.accountId}`}>账号 {f.accountId}</a>
                </dd>
              </>
            )}
            {fields.accountName && (
              <>
                <dt>拟登记信息</dt>
                <dd>
                  {PLATFORMS[fields.platform as Platform]}“{fields.accountName}”（{fields.platformAccountId}
                  ），{names.get(fields.orgId!)}，运营：{fields.operator}，责任人：{fields.responsiblePerson}
                  ，{LEVELS[fields.level as Level]}
                </dd>
              </>
            )}
            <dt>说明</dt>
            <dd>{f.note || '—'}</dd>
            <dt>提交</dt>
            <dd>
              {f.submittedBy} {beijingTime(f.submittedAt)}
            </dd>
            {f.decidedAt && (
              <>
                <dt>审核</dt>
                <dd>
                  {f.decidedBy} {beijingTime(f.decidedAt)} {f.decisionReason}
                </dd>
              </>
            )}
          </dl>
          <h2>材料</h2>
          <ul>
            {f.documents.map((d) => (
              <li>
                <a href={`/admin/media/documents/${d.id}`}>{d.fileName}</a>{' '}
                <span class="meta">
                  {Math.ceil(d.size / 1024)} KB，{d.uploadedBy}
                </span>
              </li>
            ))}
            {f.documents.length === 0 && <li>暂无材料</li>}
          </ul>
          {f.status === 'submitted' && can(req.actor, 'media.manage') && (
            <UploadForm
              page={page}
              action={`/admin/media/filings/${f.id}/documents`}
              label="上传材料（PDF、DOCX、XLSX、PNG、JPG，不超过 10 MB）"
              accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg"
              submit="上传"
              secondary
            />
          )}
          {f.status === 'submitted' && can(req.actor, 'media.approve') && (
            <section aria-labelledby="decide-h">
              <h2 id="decide-h">审核</h2>
              <form method="post" action={`/admin/media/filings/${f.id}/decision`} novalidate>
                <CsrfField page={page} />
                <TextArea
                  label="审核意见（退回时必填）"
                  name="reason"
                  rows={3}
                  maxLength={1000}
                  error={error?.fields.reason}
                />
                <div class="actions">
                  <button type="submit" name="decision" value="approve">
                    通过
                  </button>
                  <button type="submit" name="decision" value="reject" class="secondary">
                    退回
                  </button>
                </div>
              </form>
            </section>
          )}
        </>
      ),
    );
  };
  app.get('/admin/media/filings/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderFiling(req, reply, (req.params as { id: number }).id),
  );
  app.post(
    '/admin/media/filings/:id/decision',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      const b = (req.body ?? {}) as Record<string, unknown>;
      return formPost(
        async () => {
          await decideFiling(ctx, req.actor, id, {
            approve: str(b.decision) === 'approve',
            reason: str(b.reason),
          });
          return seeOther(reply, `/admin/media/filings/${id}?saved=1`);
        },
        (e) => renderFiling(req, reply, id, e),
        STATE_REFUSALS,
      );
    },
  );
  app.post(
    '/admin/media/filings/:id/documents',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      return formPost(
        async () => {
          await uploadFrom(req, id);
          return seeOther(reply, `/admin/media/filings/${id}?saved=1`);
        },
        (e) => renderFiling(req, reply, id, e),
        STATE_REFUSALS,
      );
    },
  );
  app.get('/admin/media/documents/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const { doc, data } = await readFilingDocument(ctx, req.actor, (req.params as { id: number }).id);
    return sendDownload(reply, { name: doc.fileName, mime: doc.mime, body: data });
  });

  // Import of freshness checks
  const renderImport = async (req: FastifyRequest, reply: FastifyReply, error?: AppError, done?: number) =>
    renderAdmin(
      req,
      reply,
      {
        title: '导入更新情况',
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: '/admin/media/import', label: '导入更新情况' }]),
      },
      (page) => (
        <>
          <h1>导入更新情况</h1>
          {done != null && <Notice kind="success">已导入 {done} 条检查记录。</Notice>}
          <ErrorSummary message={error?.userMessage} fields={error?.fields} />
          <p>
            上传 CSV 或 XLSX
            文件，第一行为表头：平台，平台账号ID，检查日期，最近更新日期，互动是否正常，备注。平台填“微信公众号”等名称；日期写作
            2022-03-01；互动填“是”或“否”。任何一行有误则整份文件不导入。
          </p>
          <UploadForm
            page={page}
            action="/admin/media/import"
            label="文件"
            accept=".csv,.xlsx"
            submit="导入"
          />
        </>
      ),
    );
  app.get('/admin/media/import', async (req, reply) => renderImport(req, reply));
  app.post('/admin/media/import', async (req, reply) => {
    return formPost(
      async () => {
        const n = await importFrom(req);
        return renderImport(req, reply, undefined, n);
      },
      (e) => renderImport(req, reply, e),
      STATE_REFUSALS,
    );
  });
  app.post(
    '/api/v1/media/checks/import',
    {
      schema: {
        operationId: 'media.checks.import',
        tags: ['政务新媒体'],
        summary: '批量导入更新和互动检查（multipart，字段 file：CSV 或 XLSX）',
        consumes: ['multipart/form-data'],
        response: { 200: Type.Object({ imported: Type.Integer() }), ...errors(400, 401, 403, 413) },
      },
    },
    async (req) => ({ imported: await importFrom(req) }),
  );

  async function importFrom(req: FastifyRequest): Promise<number> {
    const file = await readUpload(req, {
      maxBytes: 5 * 1024 * 1024,
      kinds: ['csv', 'txt', 'xlsx'],
      missing: '请选择要导入的文件',
    });
    const rows = await parseCheckFile(file.name, file.data);
    return importChecks(ctx, req.actor, rows);
  }
};

/** Back-office home panel: accounts failing a freshness rule and filings awaiting review. */
export async function mediaDashboard(ctx: import('../../context.ts').AppContext, actor: Actor) {
  if (!can(actor, 'channels.read')) return null;
  const list = await accountsWithFreshness(ctx, actor);
  const failing = list.filter((x) => x.freshness.failing);
  const pending = can(actor, 'media.approve')
    ? (await listFilings(ctx, actor, { status: 'submitted' })).length
    : 0;
  if (!list.length && !pending) return null;
  return (
    <section class="card" aria-labelledby="media-panel">
      <h2 id="media-panel">政务新媒体</h2>
      <p>
        运营中 {list.length} 个，
        <span class={failing.length ? 'status-bad' : 'status-ok'}>需整改 {failing.length} 个</span>
        {can(actor, 'media.approve') && <>，待审核备案 {pending} 件</>}。
      </p>
      <ul class="link-list">
        {failing.slice(0, 5).map(({ account, freshness }) => (
          <li>
            <a href={`/admin/media/${account.id}`}>{account.accountName}</a>
            <span class="status-bad">{freshness.flags.map((f) => FRESHNESS_FLAGS[f]).join('；')}</span>
          </li>
        ))}
      </ul>
      <p>
        <a href="/admin/media">查看全部账号</a>
      </p>
    </section>
  );
}

export type { PageContext };
