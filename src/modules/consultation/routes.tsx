/** 意见征集: portal list, consultation page with comment form and feedback; JSON API; back office. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor, AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
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
import { deprecatedPath, errors, IdParams, NoQuery, StrictObject } from '../../web/schemas.ts';
import { can } from '../auth/permissions.ts';
import { treeOrder } from '../org/model.ts';
import { listOrgs, listPublicOrgs } from '../org/service.ts';
import { ADOPTION, COMMENT_STATUS, DEFAULT_PERIOD_DAYS, PHASES, periodEnd, type Adoption } from './model.ts';
import {
  createConsultation,
  getConsultation,
  getPublicConsultation,
  linkFinalDocument,
  listConsultations,
  listPublicConsultations,
  moderateComment,
  pendingCommentCount,
  revealCommentContact,
  publishConsultation,
  publishFeedback,
  submitComment,
  updateConsultation,
  type CommentInput,
  type ConsultationInput,
  type FeedbackInput,
} from './service.ts';

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const PublicCommentSchema = Type.Object({
  id: Type.Integer(),
  body: Type.String(),
  submittedDate: Type.String(),
  adoption: Nullable(Type.String({ description: 'adopted / partly / not_adopted' })),
  adoptionReason: Nullable(Type.String()),
});
const ConsultationFields = {
  id: Type.Integer(),
  orgId: Type.Integer(),
  title: Type.String(),
  draftText: Type.String({ description: '草案全文' }),
  explanation: Type.String({ description: '起草说明' }),
  startDate: Type.String(),
  endDate: Type.String(),
  publishedAt: Nullable(Type.String()),
  feedbackSummary: Nullable(Type.String({ description: '意见采纳情况' })),
  feedbackPublishedAt: Nullable(Type.String()),
  finalDocTitle: Nullable(Type.String()),
  finalDocUrl: Nullable(Type.String()),
  isSample: Type.Boolean(),
};
const ConsultationSchema = Type.Object({
  ...ConsultationFields,
  phase: Type.Optional(Type.String({ description: 'draft / upcoming / open / closed' })),
});
const PublicConsultationSchema = Type.Object({
  ...ConsultationFields,
  phase: Type.String(),
  orgName: Type.String(),
  commentCount: Type.Integer({ description: '已公开的意见数' }),
});
const PublicDetailSchema = Type.Object({
  ...PublicConsultationSchema.properties,
  totalReceived: Type.Integer({ description: '收到的意见总数' }),
  comments: Type.Array(PublicCommentSchema),
});
const CommentSchema = Type.Object({
  id: Type.Integer(),
  consultationId: Type.Integer(),
  authorName: Type.String(),
  contact: Type.String({ description: '联系方式（遮蔽显示，如 138****1234）' }),
  body: Type.String(),
  status: Type.String(),
  submittedAt: Type.String(),
  moderatedBy: Nullable(Type.String()),
  moderatedAt: Nullable(Type.String()),
  rejectReason: Nullable(Type.String()),
  adoption: Nullable(Type.String()),
  adoptionReason: Nullable(Type.String()),
});
const StaffDetailSchema = Type.Object({
  ...ConsultationFields,
  phase: Type.String(),
  comments: Type.Array(CommentSchema),
});
const ConsultationBody = StrictObject({
  orgId: Type.Integer({ minimum: 1 }),
  title: Type.String({ maxLength: 200 }),
  draftText: Type.String({ maxLength: 200000 }),
  explanation: Type.String({ maxLength: 50000 }),
  startDate: Type.String({ description: 'YYYY-MM-DD' }),
  endDate: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: '默认开始日期起 30 天' })),
});
const CommentBody = StrictObject({
  authorName: Type.String({ maxLength: 100 }),
  contact: Type.String({ maxLength: 100 }),
  body: Type.String({ maxLength: 5000 }),
});
const FeedbackBody = StrictObject({
  summary: Type.String({ maxLength: 20000 }),
  adoptions: Type.Array(
    StrictObject({
      commentId: Type.Integer({ minimum: 1 }),
      adoption: Type.Union(Object.keys(ADOPTION).map((k) => Type.Literal(k))),
      reason: Type.String({ maxLength: 2000 }),
    }),
    { maxItems: 1000 },
  ),
});

function consultationForm(body: unknown): ConsultationInput {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    orgId: int(b.orgId) ?? 0,
    title: str(b.title),
    draftText: str(b.draftText),
    explanation: str(b.explanation),
    startDate: str(b.startDate),
    endDate: str(b.endDate) || null,
  };
}

const portalCrumbs = (extra: { href: string; label: string }[] = []) => [
  { href: '/', label: '首页' },
  { href: '/hdjl', label: '互动交流' },
  { href: '/hdjl/yjzj', label: '意见征集' },
  ...extra,
];

export const consultationRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;
  // Route-level (config.rateLimit): an app.rateLimit() preHandler would be skipped after the global write limit.
  const COMMENT_LIMIT = { rateLimit: { max: 10, timeWindow: '10 minutes' } };

  // —— JSON API ——
  app.get(
    '/api/v1/consultations',
    {
      schema: {
        operationId: 'consultation.consultations.listPublic',
        tags: ['意见征集'],
        summary: '意见征集列表（公开：征集中和已结束）',
        security: [],
        querystring: NoQuery,
        response: { 200: Type.Array(PublicConsultationSchema), ...errors(400) },
      },
    },
    () => listPublicConsultations(ctx),
  );
  app.get(
    '/api/v1/consultations/:id',
    {
      schema: {
        operationId: 'consultation.consultations.getPublic',
        tags: ['意见征集'],
        summary: '意见征集详情、已公开意见和采纳情况',
        security: [],
        params: IdParams,
        response: { 200: PublicDetailSchema, ...errors(404) },
      },
    },
    (req) => getPublicConsultation(ctx, (req.params as { id: number }).id),
  );
  app.post(
    '/api/v1/consultations/:id/comments',
    {
      config: COMMENT_LIMIT,
      schema: {
        operationId: 'consultation.comments.create',
        tags: ['意见征集'],
        summary: '提交意见（审核后公开）',
        security: [],
        params: IdParams,
        body: CommentBody,
        response: {
          201: Type.Object({ id: Type.Integer(), status: Type.String() }),
          ...errors(400, 404, 409, 429),
        },
      },
    },
    async (req, reply) => {
      const c = await submitComment(
        ctx,
        req.actor,
        (req.params as { id: number }).id,
        req.body as CommentInput,
      );
      return reply.code(201).send({ id: c.id, status: c.status });
    },
  );
  app.get(
    '/api/v1/managed-consultations',
    {
      schema: {
        operationId: 'consultation.consultations.list',
        tags: ['意见征集'],
        summary: '意见征集管理列表（本单位范围）',
        response: { 200: Type.Array(ConsultationSchema), ...errors(401, 403) },
      },
    },
    (req) => listConsultations(ctx, req.actor),
  );
  app.get(
    '/api/v1/managed-consultations/:id',
    {
      schema: {
        operationId: 'consultation.consultations.get',
        tags: ['意见征集'],
        summary: '意见征集管理详情（含全部意见）',
        params: IdParams,
        response: { 200: StaffDetailSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getConsultation(ctx, req.actor, (req.params as { id: number }).id),
  );
  // The old paths were ambiguous with /consultations/:id/…: they answer until 0.2.0, outside the document (docs/API-CHANGELOG.md).
  app.get(
    '/api/v1/consultations/manage',
    {
      schema: { hide: true, response: { 200: Type.Array(ConsultationSchema) } },
      onSend: deprecatedPath('/api/v1/managed-consultations'),
    },
    (req) => listConsultations(ctx, req.actor),
  );
  app.get(
    '/api/v1/consultations/manage/:id',
    {
      schema: { hide: true, params: IdParams, response: { 200: StaffDetailSchema } },
      onSend: deprecatedPath('/api/v1/managed-consultations/{id}'),
    },
    (req) => getConsultation(ctx, req.actor, (req.params as { id: number }).id),
  );
  app.post(
    '/api/v1/consultations',
    {
      schema: {
        operationId: 'consultation.consultations.create',
        tags: ['意见征集'],
        summary: '新建意见征集（草稿）',
        body: ConsultationBody,
        response: { 201: ConsultationSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createConsultation(ctx, req.actor, req.body as ConsultationInput)),
  );
  app.put(
    '/api/v1/consultations/:id',
    {
      schema: {
        operationId: 'consultation.consultations.update',
        tags: ['意见征集'],
        summary: '修改意见征集（发布前）',
        params: IdParams,
        body: ConsultationBody,
        response: { 200: ConsultationSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) =>
      updateConsultation(ctx, req.actor, (req.params as { id: number }).id, req.body as ConsultationInput),
  );
  app.post(
    '/api/v1/consultations/:id/publish',
    {
      schema: {
        operationId: 'consultation.consultations.publish',
        tags: ['意见征集'],
        summary: '发布征集',
        params: IdParams,
        response: { 200: ConsultationSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => publishConsultation(ctx, req.actor, (req.params as { id: number }).id),
  );
  app.post(
    '/api/v1/consultation-comments/:id/moderation',
    {
      schema: {
        operationId: 'consultation.comments.moderate',
        tags: ['意见征集'],
        summary: '审核意见：公开或不予公开',
        params: IdParams,
        body: StrictObject({
          approve: Type.Boolean(),
          reason: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: CommentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) =>
      moderateComment(
        ctx,
        req.actor,
        (req.params as { id: number }).id,
        req.body as { approve: boolean; reason?: string },
      ),
  );
  app.post(
    '/api/v1/consultations/:id/feedback',
    {
      schema: {
        operationId: 'consultation.consultations.publishFeedback',
        tags: ['意见征集'],
        summary: '发布意见采纳情况（征集期结束后）',
        params: IdParams,
        body: FeedbackBody,
        response: { 200: ConsultationSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) => publishFeedback(ctx, req.actor, (req.params as { id: number }).id, req.body as FeedbackInput),
  );
  app.post(
    '/api/v1/consultations/:id/final-document',
    {
      schema: {
        operationId: 'consultation.consultations.linkFinalDocument',
        tags: ['意见征集'],
        summary: '关联正式印发的文件',
        params: IdParams,
        body: StrictObject({ title: Type.String({ maxLength: 200 }), url: Type.String({ maxLength: 500 }) }),
        response: { 200: ConsultationSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (req) =>
      linkFinalDocument(
        ctx,
        req.actor,
        (req.params as { id: number }).id,
        req.body as { title: string; url: string },
      ),
  );

  // —— Portal ——
  app.get('/hdjl/yjzj', async (req, reply) => {
    const all = await listPublicConsultations(ctx);
    const open = all.filter((c) => c.phase === 'open');
    const closed = all.filter((c) => c.phase === 'closed');
    const Table = ({ list, caption }: { list: typeof all; caption: string }) => (
      <div class="table-wrap">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">标题</th>
              <th scope="col">征集单位</th>
              <th scope="col">征集期</th>
              <th scope="col">已公开意见</th>
              <th scope="col">采纳情况</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr>
                <td>
                  <a href={`/hdjl/yjzj/${c.id}`}>{c.title}</a>
                  {c.isSample && <span class="meta">（演示数据）</span>}
                </td>
                <td>{c.orgName}</td>
                <td>
                  {c.startDate} 至 {c.endDate}
                </td>
                <td class="num">{c.commentCount}</td>
                <td>{c.feedbackPublishedAt ? '已发布' : c.phase === 'closed' ? '待发布' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
    return renderPortal(
      req,
      reply,
      {
        title: '意见征集',
        crumbs: portalCrumbs(),
        description: (site) => `${site.name}政策文件草案公开征求意见及意见采纳情况`,
      },
      <>
        <h1>意见征集</h1>
        <p>区政府及各单位在作出涉及群众切身利益的决策前公开征求意见。欢迎您在征集期内提出意见建议。</p>
        <h2>正在征集</h2>
        {open.length ? (
          <Table list={open} caption={`正在征集（${open.length}）`} />
        ) : (
          <p>当前没有正在征集的草案。</p>
        )}
        <h2>已结束</h2>
        {closed.length ? <Table list={closed} caption={`已结束（${closed.length}）`} /> : <p>暂无。</p>}
      </>,
    );
  });

  const renderPublic = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form?: CommentInput,
    error?: AppError,
    sent?: boolean,
  ) => {
    const c = await getPublicConsultation(ctx, id);
    const e = error?.fields ?? {};
    return renderPortal(
      req,
      reply,
      {
        title: c.title,
        status: error?.status ?? 200,
        crumbs: portalCrumbs([{ href: `/hdjl/yjzj/${id}`, label: c.title }]),
      },
      (page) => (
        <>
          <h1>{c.title}</h1>
          {c.isSample && <p class="sample-note">（演示数据）</p>}
          {c.phase !== 'open' && <ErrorSummary message={error?.userMessage} />}
          <dl>
            <dt>征集单位</dt>
            <dd>{c.orgName}</dd>
            <dt>征集期</dt>
            <dd>
              {c.startDate} 至 {c.endDate}（{PHASES[c.phase]}）
            </dd>
          </dl>
          <h2>起草说明</h2>
          <p class="pre-line">{c.explanation}</p>
          <h2>草案全文</h2>
          <div class="pre-line">{c.draftText}</div>
          {c.feedbackSummary && (
            <section aria-labelledby="fb-h">
              <h2 id="fb-h">意见采纳情况</h2>
              <p>
                共收到意见 {c.totalReceived} 条，公开 {c.commentCount} 条。
              </p>
              <p class="pre-line">{c.feedbackSummary}</p>
            </section>
          )}
          {c.finalDocTitle && c.finalDocUrl && (
            <p>
              正式文件：<a href={c.finalDocUrl}>{c.finalDocTitle}</a>
            </p>
          )}
          <h2>公众意见（{c.comments.length}）</h2>
          {c.comments.length === 0 && <p>暂无公开的意见。</p>}
          <ol>
            {c.comments.map((x) => (
              <li>
                <p class="pre-line">{x.body}</p>
                <p class="meta">
                  {x.submittedDate}
                  {x.adoption && (
                    <>
                      ；{ADOPTION[x.adoption]}
                      {x.adoptionReason && `：${x.adoptionReason}`}
                    </>
                  )}
                </p>
              </li>
            ))}
          </ol>
          {c.phase === 'open' && (
            <section aria-labelledby="comment-h">
              <h2 id="comment-h">提出意见</h2>
              {sent && <Notice kind="success">意见已提交，审核后公开。感谢您的参与！</Notice>}
              <form method="post" action={`/hdjl/yjzj/${id}/comments`} novalidate>
                <CsrfField page={page} />
                <ErrorSummary message={error?.userMessage} fields={error?.fields} />
                <Field
                  label="姓名或单位名称"
                  name="authorName"
                  value={form?.authorName}
                  required
                  maxLength={100}
                  error={e.authorName}
                  hint="不公开"
                  autocomplete="name"
                />
                <Field
                  label="联系方式"
                  name="contact"
                  value={form?.contact}
                  maxLength={100}
                  error={e.contact}
                  hint="选填，不公开，便于就意见与您沟通"
                />
                <TextArea
                  label="意见内容"
                  name="body"
                  value={form?.body}
                  required
                  maxLength={5000}
                  error={e.body}
                  hint="审核后公开；请勿填写身份证号码、手机号码等个人信息"
                />
                <div class="actions">
                  <button type="submit">提交意见</button>
                </div>
              </form>
            </section>
          )}
        </>
      ),
    );
  };
  app.get('/hdjl/yjzj/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderPublic(
      req,
      reply,
      (req.params as { id: number }).id,
      undefined,
      undefined,
      (req.query as Record<string, string>).sent === '1',
    ),
  );
  app.post(
    '/hdjl/yjzj/:id/comments',
    { config: COMMENT_LIMIT, schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      const b = (req.body ?? {}) as Record<string, unknown>;
      const form = { authorName: str(b.authorName), contact: str(b.contact), body: str(b.body) };
      return formPost(
        async () => {
          await submitComment(ctx, req.actor, id, form);
          return seeOther(reply, `/hdjl/yjzj/${id}?sent=1#comment-h`);
        },
        (e) => renderPublic(req, reply, id, form, e),
        STATE_REFUSALS,
      );
    },
  );

  // —— Back office ——
  const crumbs = (extra: { href: string; label: string }[] = []) => [
    { href: '/admin', label: '工作台' },
    { href: '/admin/consultations', label: '意见征集' },
    ...extra,
  ];

  app.get('/admin/consultations', async (req, reply) => {
    const list = await listConsultations(ctx, req.actor);
    const names = new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));
    return renderAdmin(
      req,
      reply,
      { title: '意见征集', crumbs: crumbs() },
      <>
        <h1>意见征集</h1>
        {can(req.actor, 'consultation.manage') && (
          <p class="actions">
            <a class="button" href="/admin/consultations/new">
              新建意见征集
            </a>
          </p>
        )}
        <div class="table-wrap">
          <table>
            <caption>意见征集（共 {list.length} 件）</caption>
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">单位</th>
                <th scope="col">征集期</th>
                <th scope="col">状态</th>
                <th scope="col">采纳情况</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr>
                  <td>
                    <a href={`/admin/consultations/${c.id}`}>{c.title}</a>
                  </td>
                  <td>{names.get(c.orgId)}</td>
                  <td>
                    {c.startDate} 至 {c.endDate}
                  </td>
                  <td>{PHASES[c.phase]}</td>
                  <td>{c.feedbackPublishedAt ? '已发布' : '—'}</td>
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
    c?: Partial<ConsultationInput>,
    error?: AppError,
  ) => {
    const orgs = await listOrgs(ctx, req.actor);
    const e = error?.fields ?? {};
    const today = shanghaiDate(ctx.clock.now());
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
            <Select
              label="征集单位"
              name="orgId"
              value={c?.orgId ?? ''}
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
            <Field label="草案标题" name="title" value={c?.title} required maxLength={200} error={e.title} />
            <TextArea
              label="起草说明"
              name="explanation"
              value={c?.explanation}
              required
              error={e.explanation}
              rows={6}
            />
            <TextArea
              label="草案全文"
              name="draftText"
              value={c?.draftText}
              required
              error={e.draftText}
              rows={14}
            />
            <Field
              label="开始日期"
              name="startDate"
              type="date"
              value={c?.startDate ?? addDays(today, 1)}
              required
              error={e.startDate}
            />
            <Field
              label="截止日期"
              name="endDate"
              type="date"
              value={c?.endDate ?? ''}
              error={e.endDate}
              hint={`不填则为开始日期起 ${DEFAULT_PERIOD_DAYS} 天（如 ${periodEnd(addDays(today, 1))}）`}
            />
            <div class="actions">
              <button type="submit">保存草稿</button>
              <a href="/admin/consultations">取消</a>
            </div>
          </form>
        </>
      ),
    );
  };
  app.get('/admin/consultations/new', async (req, reply) =>
    renderForm(req, reply, '新建意见征集', '/admin/consultations/new'),
  );
  app.post('/admin/consultations/new', async (req, reply) => {
    const input = consultationForm(req.body);
    return formPost(
      async () => {
        const c = await createConsultation(ctx, req.actor, input);
        return seeOther(reply, `/admin/consultations/${c.id}?saved=1`);
      },
      (e) => renderForm(req, reply, '新建意见征集', '/admin/consultations/new', input, e),
      STATE_REFUSALS,
    );
  });
  app.get(
    '/admin/consultations/:id/edit',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const c = await getConsultation(ctx, req.actor, (req.params as { id: number }).id);
      return renderForm(req, reply, `修改：${c.title}`, `/admin/consultations/${c.id}/edit`, c);
    },
  );
  app.post(
    '/admin/consultations/:id/edit',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      const input = consultationForm(req.body);
      return formPost(
        async () => {
          await updateConsultation(ctx, req.actor, id, input);
          return seeOther(reply, `/admin/consultations/${id}?saved=1`);
        },
        (e) => renderForm(req, reply, '修改意见征集', `/admin/consultations/${id}/edit`, input, e),
        STATE_REFUSALS,
      );
    },
  );

  /** `revealed`: one comment's full contact, after the audited 查看完整联系方式 (service revealCommentContact). */
  const renderOne = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    error?: AppError,
    revealed?: { commentId: number; contact: string },
  ) => {
    const c = await getConsultation(ctx, req.actor, id);
    const saved = (req.query as Record<string, string>).saved;
    const approved = c.comments.filter((x) => x.status === 'approved');
    return renderAdmin(
      req,
      reply,
      {
        title: c.title,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: `/admin/consultations/${id}`, label: c.title }]),
      },
      (page) => (
        <>
          <h1>{c.title}</h1>
          {saved && <Notice kind="success">已保存。</Notice>}
          <ErrorSummary message={error?.userMessage} fields={error?.fields} />
          <p>
            {PHASES[c.phase]}；征集期 {c.startDate} 至 {c.endDate}；收到意见 {c.comments.length} 条
            {c.publishedAt && (
              <>
                ；<a href={`/hdjl/yjzj/${c.id}`}>查看公开页面</a>
              </>
            )}
          </p>
          {c.phase === 'draft' && can(req.actor, 'consultation.manage') && (
            <div class="actions">
              <a href={`/admin/consultations/${c.id}/edit`}>修改草稿</a>
              <form method="post" action={`/admin/consultations/${c.id}/publish`} class="inline">
                <CsrfField page={page} />
                <button type="submit">发布征集</button>
              </form>
            </div>
          )}
          <h2>意见</h2>
          {c.comments.map((x) => (
            <article class="card">
              <p class="pre-line">{x.body}</p>
              <p class="meta">
                {x.authorName}
                {x.contact && `（${revealed?.commentId === x.id ? revealed.contact : x.contact}）`}，
                {beijingTime(x.submittedAt)}，{COMMENT_STATUS[x.status]}
                {x.rejectReason && `：${x.rejectReason}`}
              </p>
              {x.contact &&
                revealed?.commentId !== x.id &&
                (can(req.actor, 'consultation.manage') || can(req.actor, 'consultation.moderate')) && (
                  <form
                    method="post"
                    action={`/admin/consultations/${c.id}/comments/${x.id}/personal`}
                    class="inline"
                  >
                    <CsrfField page={page} />
                    <button type="submit" class="secondary">
                      查看完整联系方式（将记入审计日志）
                    </button>
                  </form>
                )}
              {x.status === 'pending' && can(req.actor, 'consultation.moderate') && (
                <form method="post" action={`/admin/consultations/${c.id}/comments/${x.id}`} novalidate>
                  <CsrfField page={page} />
                  <Field label={`不予公开的理由（意见 ${x.id}）`} name="reason" maxLength={500} />
                  <div class="actions">
                    <button type="submit" name="decision" value="approve">
                      公开
                    </button>
                    <button type="submit" name="decision" value="reject" class="secondary">
                      不予公开
                    </button>
                  </div>
                </form>
              )}
            </article>
          ))}
          {c.phase === 'closed' && can(req.actor, 'consultation.manage') && (
            <section aria-labelledby="fb-h">
              <h2 id="fb-h">
                {c.feedbackPublishedAt ? '意见采纳情况（已发布，可更新）' : '发布意见采纳情况'}
              </h2>
              <form method="post" action={`/admin/consultations/${c.id}/feedback`} novalidate>
                <CsrfField page={page} />
                <TextArea
                  label="采纳情况说明"
                  name="summary"
                  value={c.feedbackSummary}
                  required
                  error={error?.fields.summary}
                  hint="收到意见的数量、总体采纳情况，未采纳的理由"
                  rows={6}
                />
                {approved.map((x) => (
                  <fieldset>
                    <legend>
                      意见 {x.id}：{x.body.length > 40 ? `${x.body.slice(0, 40)}…` : x.body}
                    </legend>
                    <Select
                      label="采纳情况"
                      name={`adoption.${x.id}`}
                      value={x.adoption ?? ''}
                      options={[
                        { value: '', label: '（不逐条说明）' },
                        ...Object.entries(ADOPTION).map(([value, label]) => ({ value, label })),
                      ]}
                      error={error?.fields[`adoption.${x.id}`]}
                    />
                    <Field
                      label="理由"
                      name={`reason.${x.id}`}
                      value={x.adoptionReason}
                      maxLength={2000}
                      error={error?.fields[`reason.${x.id}`]}
                    />
                  </fieldset>
                ))}
                <div class="actions">
                  <button type="submit">发布采纳情况</button>
                </div>
              </form>
              <h2>正式文件</h2>
              <form method="post" action={`/admin/consultations/${c.id}/final-document`} novalidate>
                <CsrfField page={page} />
                <Field
                  label="文件标题"
                  name="title"
                  value={c.finalDocTitle}
                  maxLength={200}
                  error={error?.fields.title}
                />
                <Field
                  label="文件网址"
                  name="url"
                  value={c.finalDocUrl}
                  maxLength={500}
                  error={error?.fields.url}
                  hint="本站路径（如 /gfxwj/12）或 http(s) 网址"
                />
                <div class="actions">
                  <button type="submit" class="secondary">
                    关联正式文件
                  </button>
                </div>
              </form>
            </section>
          )}
        </>
      ),
    );
  };
  app.get('/admin/consultations/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderOne(req, reply, (req.params as { id: number }).id),
  );
  // Unmasking a commenter's contact: an explicit, audited action.
  app.post(
    '/admin/consultations/:id/comments/:commentId/personal',
    {
      schema: {
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), commentId: Type.Integer({ minimum: 1 }) }),
        hide: true,
      },
    },
    async (req, reply) => {
      const { id, commentId } = req.params as { id: number; commentId: number };
      const comment = { commentId, contact: await revealCommentContact(ctx, req.actor, id, commentId) };
      return renderOne(req, reply, id, undefined, comment);
    },
  );
  const post = (
    path: string,
    run: (req: FastifyRequest, id: number, b: Record<string, string>) => Promise<unknown>,
  ) =>
    app.post(`/admin/consultations/:id/${path}`, { schema: { hide: true } }, async (req, reply) => {
      const id = Number((req.params as { id: string }).id);
      if (!Number.isInteger(id) || id < 1) throw new AppError('not_found', '意见征集不存在或已删除');
      const raw = (req.body ?? {}) as Record<string, unknown>;
      const b = Object.fromEntries(Object.keys(raw).map((k) => [k, str(raw[k])]));
      return formPost(
        async () => {
          await run(req, id, b);
          return seeOther(reply, `/admin/consultations/${id}?saved=1`);
        },
        (e) => renderOne(req, reply, id, e),
        STATE_REFUSALS,
      );
    });
  post('publish', (req, id) => publishConsultation(ctx, req.actor, id));
  post('comments/:commentId', (req, _id, b) =>
    moderateComment(ctx, req.actor, Number((req.params as { commentId: string }).commentId) || 0, {
      approve: b.decision === 'approve',
      reason: b.reason,
    }),
  );
  post('feedback', (req, id, b) => {
    const adoptions = Object.keys(b)
      .filter((k) => k.startsWith('adoption.') && b[k])
      .map((k) => {
        const cid = Number(k.slice(9));
        return { commentId: cid, adoption: b[k] as Adoption, reason: b[`reason.${cid}`] ?? '' };
      });
    return publishFeedback(ctx, req.actor, id, { summary: b.summary, adoptions });
  });
  post('final-document', (req, id, b) =>
    linkFinalDocument(ctx, req.actor, id, { title: b.title ?? '', url: b.url ?? '' }),
  );
};

/** Back-office home panel: comments awaiting moderation and consultations awaiting feedback. */
export async function consultationDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'consultation.moderate') && !can(actor, 'consultation.manage')) return null;
  const pending = await pendingCommentCount(ctx, actor);
  const list = await listConsultations(ctx, actor);
  const awaiting = list.filter((c) => c.phase === 'closed' && !c.feedbackPublishedAt);
  const open = list.filter((c) => c.phase === 'open');
  if (!pending && !awaiting.length && !open.length) return null;
  return (
    <section class="card" aria-labelledby="consultation-panel">
      <h2 id="consultation-panel">意见征集</h2>
      <p>
        正在征集 {open.length} 件；待审核意见 <span class={pending ? 'status-warn' : ''}>{pending}</span>{' '}
        条；待发布采纳情况 <span class={awaiting.length ? 'status-warn' : ''}>{awaiting.length}</span> 件。
      </p>
      <ul class="link-list">
        {awaiting.slice(0, 5).map((c) => (
          <li>
            <a href={`/admin/consultations/${c.id}`}>{c.title}</a>
            <span class="status-warn">征集已于 {c.endDate} 结束，待发布采纳情况</span>
          </li>
        ))}
      </ul>
      <p>
        <a href="/admin/consultations">查看意见征集</a>
      </p>
    </section>
  );
}
