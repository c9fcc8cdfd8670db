/** 政策咨询: the portal's question form, tracking page and FAQ; JSON API; back-office handling. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor, AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import {
  beijingTime,
  CsrfField,
  ErrorSummary,
  Field,
  Notice,
  Select,
  TextArea,
} from '../../web/components.tsx';
import { formPost, int, STATE_REFUSALS, str } from '../../web/forms.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin, renderPortal } from '../../web/respond.tsx';
import { errors, IdParams, StrictObject } from '../../web/schemas.ts';
import { can } from '../auth/permissions.ts';
import { ownGovernment, treeOrder, type Org } from '../org/model.ts';
import { listPublicOrgs } from '../org/service.ts';
import { listZones } from '../zones/service.ts';
import {
  AGE_LEVELS,
  ASKER_KINDS,
  INQUIRY_CHANNELS,
  INQUIRY_STATUS,
  type AgeLevel,
  type AskerKind,
  type InquiryChannel,
  type PolicyLink,
} from './model.ts';
import {
  answerInquiry,
  getAnswerWorkdays,
  getFaq,
  getInquiry,
  inquiryOrgs,
  listFaqs,
  listInquiries,
  markInquiryInvalid,
  publishFaq,
  revealInquiryContact,
  routeInquiry,
  setAnswerWorkdays,
  submitInquiry,
  trackInquiry,
  unansweredByAge,
  unpublishFaq,
  type InquiryInput,
} from './service.ts';

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const LinkSchema = Type.Object({
  title: Type.String({ maxLength: 200 }),
  url: Type.String({ maxLength: 500 }),
});
const InquirySchema = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: '查询编号' }),
  askerKind: Type.String({ description: 'person 个人 / enterprise 企业或其他组织' }),
  askerName: Type.String(),
  contact: Type.String({ description: '联系方式（不公开；遮蔽显示，如 138****1234）' }),
  title: Type.String(),
  question: Type.String(),
  channel: Type.String({ description: 'web 网上 / window 专区窗口 / phone 电话' }),
  zoneId: Type.Union([Type.Integer(), Type.Null()]),
  orgId: Type.Integer({ description: '办理单位' }),
  status: Type.String({ description: 'pending 待答复 / answered 已答复 / invalid 无效留言' }),
  submittedAt: Type.String(),
  receivedDate: Type.String({ description: '收到日期（北京时间）' }),
  dueDate: Type.String({ description: '答复期限（工作日计算）' }),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  answeredBy: Nullable(Type.String()),
  invalidReason: Nullable(Type.String()),
  faqQuestion: Nullable(Type.String()),
  faqAnswer: Nullable(Type.String()),
  faqLinks: Type.Array(LinkSchema),
  faqPublishedAt: Nullable(Type.String()),
  isSample: Type.Boolean(),
});
const SubmitBody = StrictObject({
  askerKind: Type.Union([Type.Literal('person'), Type.Literal('enterprise')]),
  askerName: Type.String({ maxLength: 100 }),
  contact: Type.String({ maxLength: 100 }),
  title: Type.String({ maxLength: 100 }),
  question: Type.String({ maxLength: 5000 }),
  orgId: Type.Integer({ minimum: 1 }),
  channel: Type.Optional(
    Type.Union([Type.Literal('web'), Type.Literal('window'), Type.Literal('phone')], {
      description: '工作人员登记时填写',
    }),
  ),
  zoneId: Type.Optional(Type.Integer({ minimum: 1 })),
});
const Receipt = Type.Object({
  number: Type.String({ description: '查询编号' }),
  code: Type.String({ description: '查询码（只显示一次，请妥善保存）' }),
  dueDate: Type.String({ description: '答复期限' }),
});
const TrackBody = StrictObject({
  number: Type.String({ maxLength: 20 }),
  code: Type.String({ maxLength: 20 }),
});
const TrackSchema = Type.Object({
  number: Type.String(),
  title: Type.String(),
  question: Type.String(),
  orgName: Type.String(),
  status: Type.String(),
  receivedDate: Type.String(),
  dueDate: Type.String(),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
});
const FaqSchema = Type.Object({
  id: Type.Integer(),
  question: Type.String(),
  answer: Type.String(),
  links: Type.Array(LinkSchema),
  orgName: Type.String(),
  publishedAt: Type.String(),
  isSample: Type.Boolean(),
});

/** Limits on public submissions, per address: a citizen never meets them, a script does. */
// Route-level limits (config.rateLimit), tighter than the app-wide write limit; a preHandler made with
// app.rateLimit() would be skipped, because the global limit has already run for the request.
const SUBMIT_LIMIT = { rateLimit: { max: 10, timeWindow: '10 minutes' } };
const TRACK_LIMIT = { rateLimit: { max: 20, timeWindow: '10 minutes' } };

function inquiryForm(body: unknown): InquiryInput {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    askerKind: str(b.askerKind) as AskerKind,
    askerName: str(b.askerName),
    contact: str(b.contact),
    title: str(b.title),
    question: str(b.question),
    orgId: int(b.orgId),
    channel: (str(b.channel) || undefined) as InquiryChannel | undefined,
    zoneId: int(b.zoneId),
  };
}

/** "标题|网址" per line → links. */
function parseLinks(text: string): PolicyLink[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.lastIndexOf('|');
      return i < 0 ? { title: l, url: '' } : { title: l.slice(0, i).trim(), url: l.slice(i + 1).trim() };
    });
}

const orgOptions = (orgs: Org[], placeholder: string) => [
  { value: '', label: placeholder },
  ...treeOrder(orgs).map(({ org, depth }) => ({
    value: org.id,
    label: `${'　'.repeat(Math.max(0, depth - 1))}${org.name}`,
  })),
];

function AskForm({
  page,
  orgs,
  input,
  error,
  action,
  staff,
}: {
  page: import('../../web/page.ts').PageContext;
  orgs: Org[];
  input?: Partial<InquiryInput>;
  error?: AppError;
  action: string;
  staff?: { zones: { id: number; name: string }[] };
}) {
  const e = error?.fields ?? {};
  return (
    <form method="post" action={action} novalidate>
      <CsrfField page={page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <Select
        label="咨询人类型"
        name="askerKind"
        value={input?.askerKind ?? 'person'}
        options={Object.entries(ASKER_KINDS).map(([value, label]) => ({ value, label }))}
        error={e.askerKind}
      />
      <Field
        label="姓名或单位名称"
        name="askerName"
        value={input?.askerName}
        required
        maxLength={100}
        error={e.askerName}
        autocomplete="name"
      />
      <Field
        label="联系电话或电子邮箱"
        name="contact"
        value={input?.contact}
        required
        maxLength={100}
        error={e.contact}
        hint="仅用于答复联系，不会公开"
        autocomplete="tel"
      />
      <Select
        label="咨询单位"
        name="orgId"
        value={input?.orgId ?? ''}
        required
        error={e.orgId}
        hint={`不确定由哪个单位负责时，选择“${ownGovernment(orgs)?.name ?? page.site.name}”，由政务公开办分办`}
        options={orgOptions(orgs, '请选择')}
      />
      <Field label="咨询标题" name="title" value={input?.title} required maxLength={100} error={e.title} />
      <TextArea
        label="咨询内容"
        name="question"
        value={input?.question}
        required
        maxLength={5000}
        error={e.question}
        hint="请写明想了解的政策和您的具体情况；请勿填写身份证号码等个人敏感信息"
      />
      {staff && (
        <>
          <Select
            label="咨询渠道"
            name="channel"
            value={input?.channel ?? 'window'}
            options={[
              { value: 'window', label: INQUIRY_CHANNELS.window },
              { value: 'phone', label: INQUIRY_CHANNELS.phone },
            ]}
            error={e.channel}
          />
          <Select
            label="专区"
            name="zoneId"
            value={input?.zoneId ?? ''}
            options={[
              { value: '', label: '（不在专区）' },
              ...staff.zones.map((z) => ({ value: z.id, label: z.name })),
            ]}
            error={e.zoneId}
          />
        </>
      )}
      <div class="actions">
        <button type="submit">提交咨询</button>
      </div>
    </form>
  );
}

const portalCrumbs = (extra: { href: string; label: string }[] = []) => [
  { href: '/', label: '首页' },
  { href: '/hdjl', label: '互动交流' },
  { href: '/hdjl/zxzx', label: '政策咨询' },
  ...extra,
];

export const inquiryRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;

  // —— JSON API ——
  app.post(
    '/api/v1/inquiries',
    {
      config: SUBMIT_LIMIT,
      schema: {
        operationId: 'inquiry.inquiries.create',
        tags: ['政策咨询'],
        summary: '提交政策咨询（公众；工作人员可登记窗口或电话咨询）',
        security: [],
        body: SubmitBody,
        response: { 201: Receipt, ...errors(400, 403, 429) },
      },
    },
    async (req, reply) => {
      const { inquiry, code } = await submitInquiry(ctx, req.actor, req.body as InquiryInput);
      return reply.code(201).send({ number: inquiry.number, code, dueDate: inquiry.dueDate });
    },
  );
  app.post(
    '/api/v1/inquiries/track',
    {
      config: TRACK_LIMIT,
      schema: {
        operationId: 'inquiry.inquiries.track',
        tags: ['政策咨询'],
        summary: '凭查询编号和查询码查询办理情况',
        security: [],
        body: TrackBody,
        response: { 200: TrackSchema, ...errors(400, 404, 429) },
      },
    },
    (req) => {
      const b = req.body as { number: string; code: string };
      return trackInquiry(ctx.db, b.number, b.code);
    },
  );
  app.get(
    '/api/v1/faqs',
    {
      schema: {
        operationId: 'inquiry.faqs.list',
        tags: ['政策咨询'],
        summary: '常见问题（已公开的咨询答复）',
        security: [],
        querystring: StrictObject({ q: Type.Optional(Type.String({ maxLength: 50 })) }),
        response: { 200: Type.Array(FaqSchema), ...errors(400) },
      },
    },
    (req) => listFaqs(ctx.db, req.query as { q?: string }),
  );
  app.get(
    '/api/v1/inquiries',
    {
      schema: {
        operationId: 'inquiry.inquiries.list',
        tags: ['政策咨询'],
        summary: '咨询列表（本单位范围）',
        querystring: StrictObject({ status: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Type.Array(InquirySchema), ...errors(401, 403) },
      },
    },
    (req) => listInquiries(ctx, req.actor, req.query as { status?: string }),
  );
  app.get(
    '/api/v1/inquiries/:id',
    {
      schema: {
        operationId: 'inquiry.inquiries.get',
        tags: ['政策咨询'],
        summary: '咨询详情',
        params: IdParams,
        response: { 200: InquirySchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getInquiry(ctx, req.actor, (req.params as { id: number }).id),
  );
  app.post(
    '/api/v1/inquiries/:id/answer',
    {
      schema: {
        operationId: 'inquiry.inquiries.answer',
        tags: ['政策咨询'],
        summary: '答复',
        params: IdParams,
        body: StrictObject({ answer: Type.String({ maxLength: 10000 }) }),
        response: { 200: InquirySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) =>
      answerInquiry(
        ctx,
        req.actor,
        (req.params as { id: number }).id,
        (req.body as { answer: string }).answer,
      ),
  );
  app.post(
    '/api/v1/inquiries/:id/route',
    {
      schema: {
        operationId: 'inquiry.inquiries.route',
        tags: ['政策咨询'],
        summary: '转办到其他单位（公开办）',
        params: IdParams,
        body: StrictObject({
          orgId: Type.Integer({ minimum: 1 }),
          reason: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: InquirySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => {
      const b = req.body as { orgId: number; reason?: string };
      return routeInquiry(ctx, req.actor, (req.params as { id: number }).id, b.orgId, b.reason);
    },
  );
  app.post(
    '/api/v1/inquiries/:id/invalid',
    {
      schema: {
        operationId: 'inquiry.inquiries.markInvalid',
        tags: ['政策咨询'],
        summary: '认定为无效留言',
        params: IdParams,
        body: StrictObject({ reason: Type.String({ maxLength: 500 }) }),
        response: { 200: InquirySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) =>
      markInquiryInvalid(
        ctx,
        req.actor,
        (req.params as { id: number }).id,
        (req.body as { reason: string }).reason,
      ),
  );
  app.post(
    '/api/v1/inquiries/:id/faq',
    {
      schema: {
        operationId: 'inquiry.faqs.publish',
        tags: ['政策咨询'],
        summary: '公开为常见问题（含个人信息时拒绝）',
        params: IdParams,
        body: StrictObject({
          question: Type.String({ maxLength: 2000 }),
          answer: Type.String({ maxLength: 10000 }),
          links: Type.Array(LinkSchema, { maxItems: 10 }),
        }),
        response: { 200: InquirySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => publishFaq(ctx, req.actor, (req.params as { id: number }).id, req.body as any),
  );
  app.delete(
    '/api/v1/inquiries/:id/faq',
    {
      schema: {
        operationId: 'inquiry.faqs.withdraw',
        tags: ['政策咨询'],
        summary: '撤回常见问题',
        params: IdParams,
        response: { 200: InquirySchema, ...errors(401, 403, 404, 409) },
      },
    },
    (req) => unpublishFaq(ctx, req.actor, (req.params as { id: number }).id),
  );

  // —— Portal ——
  const renderAsk = async (
    req: FastifyRequest,
    reply: FastifyReply,
    input?: Partial<InquiryInput>,
    error?: AppError,
  ) => {
    const orgs = await inquiryOrgs(ctx.db);
    const days = await getAnswerWorkdays(ctx.db);
    return renderPortal(
      req,
      reply,
      {
        title: '政策咨询',
        status: error?.status ?? 200,
        crumbs: portalCrumbs(),
        description: (site) => `向${site.name}各单位咨询政策，凭查询码跟踪答复`,
      },
      (page) => (
        <>
          <h1>政策咨询</h1>
          <p>
            您可以就政策的内容、适用条件和办理方式提出咨询。我们一般在收到后 {days}{' '}
            个工作日内答复。提交后您会得到查询编号和查询码，凭此<a href="/hdjl/zxzx/track">查询办理情况</a>
            。也可以先看看<a href="/hdjl/zxzx/faq">常见问题</a>。
          </p>
          <p class="meta">
            申请获取政府信息，请通过依申请公开渠道提交；投诉举报请拨打 12345 政务服务便民热线。
          </p>
          <AskForm page={page} orgs={orgs} input={input} error={error} action="/hdjl/zxzx" />
        </>
      ),
    );
  };
  // 互动交流: the portal menu's entry page (the navigation and every breadcrumb here link to it).
  app.get('/hdjl', { schema: { hide: true } }, (req, reply) =>
    renderPortal(
      req,
      reply,
      {
        title: '互动交流',
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/hdjl', label: '互动交流' },
        ],
        description: '政策咨询、意见征集和政务新媒体',
      },
      <>
        <h1>互动交流</h1>
        <ul class="link-list">
          <li>
            <a href="/hdjl/zxzx">政策咨询</a>
            <span class="meta">向各单位咨询政策，凭查询码跟踪答复</span>
          </li>
          <li>
            <a href="/hdjl/zxzx/faq">常见问题</a>
            <span class="meta">已公开的咨询答复</span>
          </li>
          <li>
            <a href="/hdjl/yjzj">意见征集</a>
            <span class="meta">对决策草案和文件草案发表意见</span>
          </li>
          <li>
            <a href="/hdjl/xmt">政务新媒体</a>
            <span class="meta">核实政务新媒体账号是否真实</span>
          </li>
          <li>
            <a href="/zones">政务公开专区</a>
            <span class="meta">线下查阅信息、提交申请和咨询的地点</span>
          </li>
        </ul>
      </>,
    ),
  );
  app.get('/hdjl/zxzx', async (req, reply) => renderAsk(req, reply));
  app.post('/hdjl/zxzx', { config: SUBMIT_LIMIT }, async (req, reply) => {
    const input = inquiryForm(req.body);
    return formPost(
      async () => {
        const { inquiry, code } = await submitInquiry(ctx, req.actor, {
          ...input,
          channel: undefined,
          zoneId: null,
        });
        return renderPortal(
          req,
          reply,
          { title: '咨询已提交', crumbs: portalCrumbs([{ href: '/hdjl/zxzx', label: '咨询已提交' }]) },
          <>
            <h1>咨询已提交</h1>
            <Notice kind="success">
              <p>
                查询编号：<strong>{inquiry.number}</strong>
              </p>
              <p>
                查询码：<strong>{code}</strong>
              </p>
              <p>答复期限：{inquiry.dueDate}</p>
            </Notice>
            <p>请记下查询编号和查询码（查询码只显示这一次），凭此查询答复。</p>
            <p>
              <a href="/hdjl/zxzx/track">查询办理情况</a>
            </p>
          </>,
        );
      },
      (e) => renderAsk(req, reply, input, e),
    );
  });

  const renderTrack = async (
    req: FastifyRequest,
    reply: FastifyReply,
    form?: { number: string; code: string },
    error?: AppError,
    result?: Awaited<ReturnType<typeof trackInquiry>>,
  ) =>
    renderPortal(
      req,
      reply,
      {
        title: '查询咨询办理情况',
        status: error?.status ?? 200,
        crumbs: portalCrumbs([{ href: '/hdjl/zxzx/track', label: '查询办理情况' }]),
      },
      (page) => (
        <>
          <h1>查询咨询办理情况</h1>
          {result ? (
            <section aria-labelledby="result-h">
              <h2 id="result-h">
                {result.number}：{result.title}
              </h2>
              <dl>
                <dt>办理单位</dt>
                <dd>{result.orgName}</dd>
                <dt>收到日期</dt>
                <dd>{result.receivedDate}</dd>
                <dt>答复期限</dt>
                <dd>{result.dueDate}</dd>
                <dt>状态</dt>
                <dd>{INQUIRY_STATUS[result.status as keyof typeof INQUIRY_STATUS]}</dd>
              </dl>
              <h3>咨询内容</h3>
              <p class="pre-line">{result.question}</p>
              {result.answer && (
                <>
                  <h3>答复（{beijingTime(result.answeredAt)}）</h3>
                  <p class="pre-line">{result.answer}</p>
                </>
              )}
            </section>
          ) : (
            <form method="post" action="/hdjl/zxzx/track" novalidate>
              <CsrfField page={page} />
              <ErrorSummary message={error?.userMessage} fields={error?.fields} />
              <Field
                label="查询编号"
                name="number"
                value={form?.number}
                required
                maxLength={20}
                hint="如 ZX2022-00001"
              />
              <Field
                label="查询码"
                name="code"
                value={form?.code}
                required
                maxLength={20}
                autocomplete="off"
              />
              <div class="actions">
                <button type="submit">查询</button>
              </div>
            </form>
          )}
        </>
      ),
    );
  app.get('/hdjl/zxzx/track', async (req, reply) => renderTrack(req, reply));
  app.post('/hdjl/zxzx/track', { config: TRACK_LIMIT }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const form = { number: str(b.number), code: str(b.code) };
    return formPost(
      async () => {
        if (!form.number || !form.code)
          throw new AppError('bad_request', '请填写查询编号和查询码', {
            ...(form.number ? {} : { number: '请填写查询编号' }),
            ...(form.code ? {} : { code: '请填写查询码' }),
          });
        return renderTrack(req, reply, form, undefined, await trackInquiry(ctx.db, form.number, form.code));
      },
      (e) => renderTrack(req, reply, form, e),
      ['bad_request', 'not_found'],
    );
  });

  app.get(
    '/hdjl/zxzx/faq',
    {
      schema: { hide: true, querystring: StrictObject({ q: Type.Optional(Type.String({ maxLength: 50 })) }) },
    },
    async (req, reply) => {
      const q = (req.query as { q?: string }).q;
      const faqs = await listFaqs(ctx.db, { q });
      return renderPortal(
        req,
        reply,
        { title: '常见问题', crumbs: portalCrumbs([{ href: '/hdjl/zxzx/faq', label: '常见问题' }]) },
        <>
          <h1>政策咨询常见问题</h1>
          <form method="get" action="/hdjl/zxzx/faq" role="search" aria-label="搜索常见问题">
            <Field label="关键词" name="q" type="search" value={q} maxLength={50} />
            <div class="actions">
              <button type="submit">搜索</button>
            </div>
          </form>
          <ul class="link-list">
            {faqs.map((f) => (
              <li>
                <a href={`/hdjl/zxzx/faq/${f.id}`}>
                  {f.question.length > 60 ? `${f.question.slice(0, 60)}…` : f.question}
                </a>
                <span class="meta">
                  {f.orgName} {beijingTime(f.publishedAt).slice(0, 10)}
                  {f.isSample && '（演示数据）'}
                </span>
              </li>
            ))}
          </ul>
          {faqs.length === 0 && (
            <p>
              暂无相关问题。您可以<a href="/hdjl/zxzx">提出咨询</a>。
            </p>
          )}
        </>,
      );
    },
  );
  app.get('/hdjl/zxzx/faq/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const f = await getFaq(ctx.db, (req.params as { id: number }).id);
    return renderPortal(
      req,
      reply,
      {
        title: '常见问题',
        crumbs: portalCrumbs([
          { href: '/hdjl/zxzx/faq', label: '常见问题' },
          { href: `/hdjl/zxzx/faq/${f.id}`, label: '问答' },
        ]),
      },
      <>
        <h1>常见问题</h1>
        {f.isSample && <p class="sample-note">（演示数据）</p>}
        <h2>问</h2>
        <p class="pre-line">{f.question}</p>
        <h2>答</h2>
        <p class="pre-line">{f.answer}</p>
        <p class="meta">
          答复单位：{f.orgName}；公开时间：{beijingTime(f.publishedAt)}
        </p>
        {f.links.length > 0 && (
          <>
            <h2>相关政策文件</h2>
            <ul>
              {f.links.map((l) => (
                <li>
                  <a href={l.url}>{l.title}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </>,
    );
  });

  // —— Back office ——
  const crumbs = (extra: { href: string; label: string }[] = []) => [
    { href: '/admin', label: '工作台' },
    { href: '/admin/inquiries', label: '政策咨询' },
    ...extra,
  ];
  const orgNames = async () => new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));

  const renderList = async (req: FastifyRequest, reply: FastifyReply, error?: AppError) => {
    const status = (req.query as Record<string, string>).status;
    const list = await listInquiries(ctx, req.actor, {
      status: status && status in INQUIRY_STATUS ? status : undefined,
    });
    const names = await orgNames();
    const days = await getAnswerWorkdays(ctx.db);
    return renderAdmin(
      req,
      reply,
      { title: '政策咨询', status: error?.status ?? 200, crumbs: crumbs() },
      (page) => (
        <>
          <h1>政策咨询</h1>
          <p class="actions">
            <a class="button" href="/admin/inquiries/new">
              登记窗口或电话咨询
            </a>
            <a href="/admin/inquiries">全部</a>
            {Object.entries(INQUIRY_STATUS).map(([k, label]) => (
              <a href={`/admin/inquiries?status=${k}`} aria-current={status === k ? 'page' : undefined}>
                {label}
              </a>
            ))}
          </p>
          <p class="meta">答复时限：收到后 {days} 个工作日（收到当日不计，按国务院节假日安排计算工作日）。</p>
          {can(req.actor, 'inquiry.route') && (
            <form method="post" action="/admin/inquiries/settings" novalidate>
              <CsrfField page={page} />
              <ErrorSummary message={error?.userMessage} fields={error?.fields} />
              <Field
                label="答复时限（工作日）"
                name="answerWorkdays"
                type="number"
                value={days}
                error={error?.fields.answerWorkdays}
                hint="只影响之后收到的咨询"
              />
              <div class="actions">
                <button type="submit" class="secondary">
                  保存时限
                </button>
              </div>
            </form>
          )}
          <div class="table-wrap">
            <table>
              <caption>咨询（共 {list.length} 件）</caption>
              <thead>
                <tr>
                  <th scope="col">编号</th>
                  <th scope="col">标题</th>
                  <th scope="col">办理单位</th>
                  <th scope="col">渠道</th>
                  <th scope="col">收到</th>
                  <th scope="col">期限</th>
                  <th scope="col">状态</th>
                </tr>
              </thead>
              <tbody>
                {list.map((q) => (
                  <tr>
                    <td>{q.number}</td>
                    <td>
                      <a href={`/admin/inquiries/${q.id}`}>{q.title}</a>
                      {q.isSample && <span class="meta">（演示数据）</span>}
                    </td>
                    <td>{names.get(q.orgId)}</td>
                    <td>{INQUIRY_CHANNELS[q.channel]}</td>
                    <td>{q.receivedDate}</td>
                    <td>{q.dueDate}</td>
                    <td>
                      {INQUIRY_STATUS[q.status]}
                      {q.faqPublishedAt && '（已公开为常见问题）'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ),
    );
  };
  app.get(
    '/admin/inquiries',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          status: Type.Optional(Type.String({ maxLength: 20 })),
          saved: Type.Optional(Type.String({ maxLength: 2 })),
        }),
      },
    },
    async (req, reply) => renderList(req, reply),
  );
  app.post('/admin/inquiries/settings', async (req, reply) => {
    const n = Number(str((req.body as Record<string, unknown>)?.answerWorkdays));
    return formPost(
      async () => {
        await setAnswerWorkdays(ctx, req.actor, n);
        return seeOther(reply, '/admin/inquiries?saved=1');
      },
      (e) => renderList(req, reply, e),
    );
  });

  const renderNew = async (
    req: FastifyRequest,
    reply: FastifyReply,
    input?: Partial<InquiryInput>,
    error?: AppError,
  ) => {
    const orgs = await inquiryOrgs(ctx.db);
    const zones = await listZones(ctx, req.actor);
    return renderAdmin(
      req,
      reply,
      {
        title: '登记窗口或电话咨询',
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: '/admin/inquiries/new', label: '登记咨询' }]),
      },
      (page) => (
        <>
          <h1>登记窗口或电话咨询</h1>
          <p class="meta">不能当场解答、需要单位答复的咨询在此登记，登记后请把查询编号和查询码告知咨询人。</p>
          <AskForm
            page={page}
            orgs={orgs}
            input={input}
            error={error}
            action="/admin/inquiries/new"
            staff={{ zones }}
          />
        </>
      ),
    );
  };
  app.get(
    '/admin/inquiries/new',
    {
      schema: {
        hide: true,
        querystring: Type.Object({ zoneId: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (req, reply) =>
      renderNew(req, reply, { zoneId: (req.query as { zoneId?: number }).zoneId ?? null, channel: 'window' }),
  );
  app.post('/admin/inquiries/new', async (req, reply) => {
    const input = inquiryForm(req.body);
    return formPost(
      async () => {
        const { inquiry, code } = await submitInquiry(ctx, req.actor, input);
        return renderAdmin(
          req,
          reply,
          {
            title: '咨询已登记',
            crumbs: crumbs([{ href: `/admin/inquiries/${inquiry.id}`, label: inquiry.number }]),
          },
          <>
            <h1>咨询已登记</h1>
            <Notice kind="success">
              查询编号 <strong>{inquiry.number}</strong>，查询码 <strong>{code}</strong>
              （只显示这一次，请告知咨询人），答复期限 {inquiry.dueDate}。
            </Notice>
            <p>
              <a href={`/admin/inquiries/${inquiry.id}`}>查看咨询</a>
            </p>
          </>,
        );
      },
      (e) => renderNew(req, reply, input, e),
    );
  });

  /** `revealed`: the asker's full contact, after the audited 查看完整联系方式 (service revealInquiryContact). */
  const renderOne = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    error?: AppError,
    form?: Record<string, string>,
    revealed?: string,
  ) => {
    const q = await getInquiry(ctx, req.actor, id);
    const names = await orgNames();
    const orgs = await inquiryOrgs(ctx.db);
    const saved = (req.query as Record<string, string>).saved;
    const e = error?.fields ?? {};
    return renderAdmin(
      req,
      reply,
      {
        title: q.number,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: `/admin/inquiries/${id}`, label: q.number }]),
      },
      (page) => (
        <>
          <h1>
            {q.number}：{q.title}
          </h1>
          {saved && <Notice kind="success">已保存。</Notice>}
          <ErrorSummary message={error?.userMessage} fields={error?.fields} />
          <dl>
            <dt>状态</dt>
            <dd>{INQUIRY_STATUS[q.status]}</dd>
            <dt>办理单位</dt>
            <dd>{names.get(q.orgId)}</dd>
            <dt>咨询人</dt>
            <dd>
              {q.askerName}（{ASKER_KINDS[q.askerKind]}），{revealed ?? q.contact}
            </dd>
            {revealed === undefined && q.contact && can(req.actor, 'inquiry.answer') && (
              <dd>
                <form method="post" action={`/admin/inquiries/${id}/personal`} class="inline">
                  <CsrfField page={page} />
                  <button type="submit">查看完整联系方式（将记入审计日志）</button>
                </form>
              </dd>
            )}
            <dt>渠道</dt>
            <dd>{INQUIRY_CHANNELS[q.channel]}</dd>
            <dt>收到日期 / 答复期限</dt>
            <dd>
              {q.receivedDate} / {q.dueDate}
            </dd>
          </dl>
          <h2>咨询内容</h2>
          <p class="pre-line">{q.question}</p>
          {q.answer && (
            <>
              <h2>答复</h2>
              <p class="pre-line">{q.answer}</p>
              <p class="meta">
                {q.answeredBy} {beijingTime(q.answeredAt)}
              </p>
            </>
          )}
          {q.invalidReason && <p>无效留言理由：{q.invalidReason}</p>}
          {q.status === 'pending' && can(req.actor, 'inquiry.answer') && (
            <section aria-labelledby="answer-h">
              <h2 id="answer-h">答复</h2>
              <form method="post" action={`/admin/inquiries/${id}/answer`} novalidate>
                <CsrfField page={page} />
                <TextArea
                  label="答复内容"
                  name="answer"
                  value={form?.answer}
                  required
                  maxLength={10000}
                  error={e.answer}
                />
                <div class="actions">
                  <button type="submit">提交答复</button>
                </div>
              </form>
              <form method="post" action={`/admin/inquiries/${id}/invalid`} novalidate>
                <CsrfField page={page} />
                <Field
                  label="无效留言理由"
                  name="reason"
                  value={form?.reason}
                  error={e.reason}
                  maxLength={500}
                  hint="如：重复提交、与政策咨询无关的广告"
                />
                <div class="actions">
                  <button type="submit" class="secondary">
                    认定为无效留言
                  </button>
                </div>
              </form>
            </section>
          )}
          {q.status === 'pending' && can(req.actor, 'inquiry.route') && (
            <section aria-labelledby="route-h">
              <h2 id="route-h">转办</h2>
              <form method="post" action={`/admin/inquiries/${id}/route`} novalidate>
                <CsrfField page={page} />
                <Select
                  label="转至单位"
                  name="orgId"
                  value=""
                  options={orgOptions(orgs, '请选择')}
                  error={e.orgId}
                />
                <Field label="转办说明" name="routeReason" maxLength={500} />
                <div class="actions">
                  <button type="submit" class="secondary">
                    转办
                  </button>
                </div>
              </form>
            </section>
          )}
          {q.status === 'answered' && can(req.actor, 'inquiry.publish') && (
            <section aria-labelledby="faq-h">
              <h2 id="faq-h">{q.faqPublishedAt ? '常见问题（已公开）' : '公开为常见问题'}</h2>
              <p class="meta">
                公开前请删除姓名、电话、身份证号码等个人信息；含身份证号码或手机号码时系统会拒绝公开（完整的个人信息审查将接入发布模块）。
              </p>
              <form method="post" action={`/admin/inquiries/${id}/faq`} novalidate>
                <CsrfField page={page} />
                <TextArea
                  label="公开的问题"
                  name="question"
                  value={form?.question ?? q.faqQuestion ?? q.question}
                  required
                  maxLength={2000}
                  error={e.question}
                  rows={4}
                />
                <TextArea
                  label="公开的答复"
                  name="faqAnswer"
                  value={form?.faqAnswer ?? q.faqAnswer ?? q.answer}
                  required
                  maxLength={10000}
                  error={e.answer}
                />
                <TextArea
                  label="相关政策文件"
                  name="links"
                  value={form?.links ?? q.faqLinks.map((l) => `${l.title}|${l.url}`).join('\n')}
                  rows={3}
                  hint="每行一个，格式：文件标题|网址"
                  error={Object.entries(e).find(([k]) => k.startsWith('links'))?.[1]}
                />
                <div class="actions">
                  <button type="submit">{q.faqPublishedAt ? '更新常见问题' : '公开'}</button>
                </div>
              </form>
              {q.faqPublishedAt && (
                <form method="post" action={`/admin/inquiries/${id}/faq/withdraw`}>
                  <CsrfField page={page} />
                  <button type="submit" class="secondary">
                    撤回
                  </button>
                </form>
              )}
            </section>
          )}
          <div class="table-wrap">
            <table>
              <caption>办理记录</caption>
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">操作人</th>
                  <th scope="col">操作</th>
                  <th scope="col">说明</th>
                </tr>
              </thead>
              <tbody>
                {q.events.map((ev) => (
                  <tr>
                    <td>{beijingTime(ev.at)}</td>
                    <td>{ev.actorName}</td>
                    <td>{ev.action}</td>
                    <td>{ev.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ),
    );
  };

  app.get('/admin/inquiries/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderOne(req, reply, (req.params as { id: number }).id),
  );
  // Unmasking the asker's contact: an explicit, audited action.
  app.post(
    '/admin/inquiries/:id/personal',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      return renderOne(req, reply, id, undefined, undefined, await revealInquiryContact(ctx, req.actor, id));
    },
  );
  const action = (
    path: string,
    run: (req: FastifyRequest, id: number, b: Record<string, string>) => Promise<unknown>,
  ) =>
    app.post(
      `/admin/inquiries/:id/${path}`,
      { schema: { params: IdParams, hide: true } },
      async (req, reply) => {
        const id = (req.params as { id: number }).id;
        const raw = (req.body ?? {}) as Record<string, unknown>;
        const b = Object.fromEntries(Object.keys(raw).map((k) => [k, str(raw[k])]));
        return formPost(
          async () => {
            await run(req, id, b);
            return seeOther(reply, `/admin/inquiries/${id}?saved=1`);
          },
          (e) => renderOne(req, reply, id, e, b),
          STATE_REFUSALS,
        );
      },
    );
  action('answer', (req, id, b) => answerInquiry(ctx, req.actor, id, b.answer));
  action('invalid', (req, id, b) => markInquiryInvalid(ctx, req.actor, id, b.reason));
  action('route', (req, id, b) => routeInquiry(ctx, req.actor, id, Number(b.orgId) || 0, b.routeReason));
  action('faq', (req, id, b) =>
    publishFaq(ctx, req.actor, id, {
      question: b.question,
      answer: b.faqAnswer,
      links: parseLinks(b.links ?? ''),
    }),
  );
  action('faq/withdraw', (req, id) => unpublishFaq(ctx, req.actor, id));
};

/** Back-office home panel: unanswered valid inquiries by age, warning long before the 3-month line. */
export async function inquiryDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'channels.read')) return null;
  const aged = await unansweredByAge(ctx, actor);
  const counts = new Map<AgeLevel, number>();
  for (const a of aged) counts.set(a.level, (counts.get(a.level) ?? 0) + 1);
  const cls = (l: AgeLevel) =>
    l === 'veto' || l === 'alarm' || l === 'overdue'
      ? 'status-bad'
      : l === 'warning' || l === 'due_today'
        ? 'status-warn'
        : '';
  return (
    <section class="card" aria-labelledby="inquiry-panel">
      <h2 id="inquiry-panel">政策咨询：未答复 {aged.length} 件</h2>
      {aged.length > 0 && (
        <ul>
          {(Object.keys(AGE_LEVELS) as AgeLevel[])
            .filter((l) => counts.get(l))
            .map((l) => (
              <li class={cls(l)}>
                {AGE_LEVELS[l]}：{counts.get(l)} 件
              </li>
            ))}
        </ul>
      )}
      <ul class="link-list">
        {aged.slice(0, 5).map((a) => (
          <li>
            <a href={`/admin/inquiries/${a.inquiry.id}`}>
              {a.inquiry.number} {a.inquiry.title}
            </a>
            <span class={cls(a.level)}>
              {a.ageDays} 天，{a.levelLabel}
            </span>
          </li>
        ))}
      </ul>
      <p class="meta">有效留言超过 3 个月未答复属网站单项否决项（国办秘函〔2019〕19号）。</p>
      <p>
        <a href="/admin/inquiries?status=pending">查看待答复咨询</a>
      </p>
    </section>
  );
}
