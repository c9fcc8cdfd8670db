/**
 * 行政规范性文件库 over HTTP: the open-data API (/api/v1/normative-documents), the portal library
 * (/gfxwj) with its Atom feed, and the back-office screens (/admin/gfxwj).
 */
import { sendDownload } from '../../lib/uploads.ts';
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { isIsoDate, shanghaiDate } from '../../lib/time.ts';
import {
  CsrfField,
  ErrorSummary,
  Field,
  Notice,
  Pagination,
  Select,
  TextArea,
  UploadForm,
} from '../../web/components.tsx';
import { formPost, int, list, readUpload, STATE_REFUSALS, str } from '../../web/forms.ts';
import type { PageContext } from '../../web/page.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin, renderPortal } from '../../web/respond.tsx';
import { errors, fileResponse, IdParams, PageQuery, StrictObject } from '../../web/schemas.ts';
import { can, requirePermission } from '../auth/permissions.ts';
import { listPublicOrgs, orgScope } from '../org/service.ts';
import { inScope, treeOrder, type Org } from '../org/model.ts';
import { getSiteInfo } from '../portal/site.ts';
import { DOC_NUMBER_EXAMPLE } from './docnumber.ts';
import { exportRecords, exportXlsx, importXlsx, IMPORT_COLUMNS } from './export.ts';
import {
  formatRate,
  INTERPRETATION_FORMS,
  INTERPRETATION_TARGET,
  KEY_POINT_KEYS,
  KEY_POINTS,
  STATUSES,
  type InterpretationForm,
  type KeyPoint,
  type Status,
} from './model.ts';
import {
  addInterpretation,
  addSupersedes,
  attachFile,
  changeStatus,
  documentFile,
  getDocumentDetail,
  getIndexTemplate,
  interpretationReport,
  listDocuments,
  recentChanges,
  renewDocument,
  setIndexTemplate,
  SUBJECTS,
  updateDocument,
  type DocumentDetail,
  type LibraryFilter,
} from './service.ts';
import { registerDocument, resubmitDocument, type EnterDocumentInput } from './workflow.ts';
import {
  BodyText,
  DocumentFacts,
  DocumentTable,
  History,
  Interpretations,
  Publication,
  Relations,
  SampleMark,
  StatusBadge,
  StatusBanner,
} from './views/parts.tsx';

// ---------------------------------------------------------------------------------------------
// Schemas

/** The largest original or import file (the use case holds originals to the same limit). */
const FILE_MAX_BYTES = 10 * 1024 * 1024;
const DateString = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const StatusEnum = Type.Union(
  Object.keys(STATUSES).map((k) => Type.Literal(k)),
  {
    description:
      '效力状态：pending 尚未施行 / in_force 现行有效 / amended 已修改 / repealed 已废止 / expired 已失效',
  },
);

const OrgRefSchema = Type.Object({ id: Type.Integer(), name: Type.String(), shortName: Type.String() });
const DocumentSchema = Type.Object({
  id: Type.Integer(),
  docNumber: Type.String({ description: '文号（规范化形式，如 洪府办发〔2022〕66号）' }),
  title: Type.String({ description: '标题' }),
  orgs: Type.Array(OrgRefSchema, { description: '制发机关（联合发文时多个，主办在前）' }),
  writtenOn: Type.String({ description: '成文日期' }),
  publishedOn: Type.Union([Type.String(), Type.Null()], { description: '发布日期' }),
  effectiveOn: Type.String({ description: '施行日期' }),
  validityYears: Type.Union([Type.Integer(), Type.Null()], {
    description: '有效期（年）；null 为不设有效期',
  }),
  endsOn: Type.Union([Type.String(), Type.Null()], { description: '有效期最后一日（含）' }),
  indexNumber: Type.String({ description: '索引号' }),
  registrationNumber: Type.Union([Type.String(), Type.Null()], { description: '登记号' }),
  subject: Type.String({ description: '主题分类' }),
  status: Type.String({ description: 'statusDate 当日的效力状态' }),
  statusLabel: Type.String({ description: '效力状态（中文）' }),
  statusDate: Type.String({ description: '状态所对应的日期' }),
  inLibrary: Type.Boolean({ description: '是否已入库公开' }),
  isSample: Type.Boolean({ description: '是否为演示数据' }),
  itemId: Type.Union([Type.Integer(), Type.Null()], {
    description: '承载该文件的发布稿件编号（登记时建立的草稿，发布后文件入库）',
  }),
  isNormative: Type.Boolean({
    description: 'true 为行政规范性文件；false 为其他需解读的政策文件（只计入解读率，不入文件库）',
  }),
  withdrawnAt: Type.Union([Type.String(), Type.Null()], {
    description: '发布稿件撤回的时间（UTC）；撤回后文件不在公开文件库中',
  }),
  file: Type.Union(
    [Type.Object({ name: Type.String(), type: Type.String(), size: Type.Integer() }), Type.Null()],
    { description: '原件' },
  ),
  updatedAt: Type.String({ description: '最后变化时间（UTC）' }),
});
const DetailSchema = Type.Object({
  ...DocumentSchema.properties,
  body: Type.String({ description: '全文' }),
  history: Type.Array(Type.Any(), { description: '效力变化历史' }),
  relations: Type.Array(Type.Any(), { description: '关联文件（双向）' }),
  interpretations: Type.Array(Type.Any(), { description: '政策解读' }),
  banner: Type.Union([Type.Any(), Type.Null()], { description: '已修改/已废止/已失效提示' }),
});

const ListQuery = StrictObject({
  ...PageQuery,
  orgId: Type.Optional(Type.Integer({ minimum: 1, description: '制发机关编号' })),
  year: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100, description: '文号年份' })),
  status: Type.Optional(StatusEnum),
  subject: Type.Optional(Type.String({ maxLength: 50, description: '主题分类' })),
  q: Type.Optional(
    Type.String({
      maxLength: 100,
      description: '标题、文号或正文中的词语（正文经站内全文索引匹配；文号括号写法不限，完整文号精确匹配）',
    }),
  ),
  inForceOn: Type.Optional(DateString('只列出该日现行有效的文件，状态按该日计算（YYYY-MM-DD）')),
  since: Type.Optional(DateString('只列出该日（北京时间）以来有变化的文件')),
});

const RegisterBody = StrictObject({
  docNumber: Type.String({ maxLength: 60, description: '文号，括号写法不限' }),
  title: Type.String({ maxLength: 200 }),
  orgIds: Type.Array(Type.Integer({ minimum: 1 }), {
    minItems: 1,
    maxItems: 20,
    description: '制发机关，主办在前',
  }),
  writtenOn: DateString('成文日期'),
  effectiveOn: DateString('施行日期'),
  validityYears: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0, maximum: 10 }), Type.Null()], {
      description: '有效期（年）；省略按标题：试行/暂行 2 年，其余 5 年；0 为不设有效期',
    }),
  ),
  registrationNumber: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  subject: Type.String({ maxLength: 50 }),
  body: Type.Optional(Type.String({ maxLength: 500000 })),
  isNormative: Type.Optional(
    Type.Boolean({
      description:
        '默认 true（行政规范性文件）；false 为其他涉及群众或企业权益、需要解读的政策文件（只计入解读率）',
    }),
  ),
  columnIds: Type.Optional(
    Type.Array(Type.Integer({ minimum: 1 }), {
      maxItems: 20,
      description: '发布稿件所在栏目；默认“行政法规、规章和规范性文件”和“政策文件”',
    }),
  ),
});
const RegisteredSchema = Type.Object({
  ...DocumentSchema.properties,
  itemId: Type.Integer({ description: '新建的发布稿件（草稿）编号：报送、审核、保密审查、发布后文件入库' }),
});
const UpdateBody = StrictObject({
  docNumber: RegisterBody.properties.docNumber,
  title: RegisterBody.properties.title,
  orgIds: RegisterBody.properties.orgIds,
  writtenOn: RegisterBody.properties.writtenOn,
  publishedOn: Type.Optional(
    Type.Union([DateString('发布日期（只能更正已发布文件的发布日期）'), Type.Null()]),
  ),
  registrationNumber: RegisterBody.properties.registrationNumber,
  subject: RegisterBody.properties.subject,
  body: RegisterBody.properties.body,
});
const StatusBody = StrictObject({
  kind: Type.Union([Type.Literal('amended'), Type.Literal('repealed')]),
  effectiveOn: DateString('自该日起生效'),
  byDocNumber: Type.String({ maxLength: 60, description: '修改或废止本文件的文件文号' }),
  articles: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
});
const RenewBody = StrictObject({
  years: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 10 }), Type.Null()])),
  effectiveOn: Type.Optional(Type.Union([DateString('新有效期第一日'), Type.Null()])),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
});
const InterpretationBody = StrictObject({
  title: Type.String({ maxLength: 200 }),
  url: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  form: Type.Union(Object.keys(INTERPRETATION_FORMS).map((k) => Type.Literal(k))),
  publishedOn: DateString('解读发布日期'),
  keyPoints: Type.Optional(
    Type.Array(Type.Union(KEY_POINT_KEYS.map((k) => Type.Literal(k))), {
      maxItems: 7,
      description: '覆盖的解读要点',
    }),
  ),
  briefing: Type.Optional(
    Type.Union([
      StrictObject({
        date: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
        topic: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
        speakers: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
        link: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
      }),
      Type.Null(),
    ]),
  ),
});

// ---------------------------------------------------------------------------------------------
// Helpers

const docHref = (id: number) => `/gfxwj/${id}`;
const adminHref = (id: number) => `/admin/gfxwj/${id}`;

/** Library filters from a GET form (empty fields are absent). */
function filterFromQuery(q: Record<string, unknown>): LibraryFilter {
  const status = str(q.status);
  return {
    orgId: int(q.orgId) ?? undefined,
    year: int(q.year) ?? undefined,
    status: status && status in STATUSES ? (status as Status) : undefined,
    subject: str(q.subject) || undefined,
    q: str(q.q).slice(0, 100) || undefined,
    inForceOn: str(q.inForceOn) || undefined,
    page: int(q.page) ?? 1,
  };
}

function queryString(f: LibraryFilter): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f))
    if (v !== undefined && v !== '' && k !== 'page' && k !== 'pageSize') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

function yearOptions(now: Date) {
  const last = Number(shanghaiDate(now).slice(0, 4));
  const years = [];
  for (let y = last; y >= 2015; y--) years.push({ value: y, label: `${y} 年` });
  return years;
}

function FilterForm({
  action,
  filter,
  orgs,
  now,
  allStatuses,
}: {
  action: string;
  filter: LibraryFilter;
  orgs: Org[];
  now: Date;
  allStatuses: boolean;
}) {
  return (
    <form method="get" action={action} class="gfx-filters" role="search" aria-label="文件检索">
      <Field
        label="关键词或文号"
        name="q"
        value={filter.q}
        hint={`可输入标题或正文中的词语，或文号（括号写法不限，如 ${DOC_NUMBER_EXAMPLE}）`}
        maxLength={100}
      />
      <Select
        label="制发机关"
        name="orgId"
        value={filter.orgId ?? ''}
        options={[
          { value: '', label: '全部机关' },
          ...treeOrder(orgs).map(({ org, depth }) => ({
            value: org.id,
            label: `${'　'.repeat(depth)}${org.name}`,
          })),
        ]}
      />
      <Select
        label="年份（文号年份）"
        name="year"
        value={filter.year ?? ''}
        options={[{ value: '', label: '全部年份' }, ...yearOptions(now)]}
      />
      <Select
        label="效力状态"
        name="status"
        value={filter.status ?? ''}
        options={[
          { value: '', label: '全部状态' },
          ...Object.entries(STATUSES)
            .filter(([k]) => allStatuses || k !== 'pending')
            .map(([value, label]) => ({ value, label })),
        ]}
      />
      <Select
        label="主题分类"
        name="subject"
        value={filter.subject ?? ''}
        options={[{ value: '', label: '全部主题' }, ...SUBJECTS.map((s) => ({ value: s, label: s }))]}
      />
      {filter.inForceOn && <input type="hidden" name="inForceOn" value={filter.inForceOn} />}
      <div class="actions">
        <button type="submit">查询</button>
        <a href={action}>清除条件</a>
      </div>
    </form>
  );
}

function PointInTimeForm({ action, value }: { action: string; value?: string }) {
  return (
    <form method="get" action={action} class="gfx-pit" aria-labelledby="pit-title">
      <h2 id="pit-title">查询某日现行有效文件</h2>
      <Field
        label="日期"
        name="inForceOn"
        type="date"
        value={value}
        hint="列出该日（北京时间）现行有效的文件，以及各文件在该日的效力状态"
      />
      <div class="actions">
        <button type="submit">查询该日现行有效文件</button>
      </div>
    </form>
  );
}

const fieldsWithPrefix = (e: AppError | undefined, map: Record<string, string>) =>
  e ? Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [map[k] ?? k, v])) : {};

async function leadOrgOptions(req: FastifyRequest, orgs: Org[]) {
  const scope = await orgScope(req.server.ctx.db, req.actor);
  return treeOrder(orgs)
    .filter(({ org }) => inScope(scope, org.id))
    .map(({ org, depth }) => ({ value: org.id, label: `${'　'.repeat(depth)}${org.name}` }));
}

/** On a document page shown as of another day (`?on=`): says so, and links today's view. */
function AsOf({ doc, today, href }: { doc: DocumentDetail; today: string; href: string }) {
  if (doc.statusDate === today) return null;
  return (
    <Notice kind="info">
      以下效力状态和提示为 {doc.statusDate} 当日的状态。<a href={href}>查看今日状态</a>
    </Notice>
  );
}

function feedEscape(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

// ---------------------------------------------------------------------------------------------

export const normativeRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;

  // ---- Open data API --------------------------------------------------------------------------

  app.get(
    '/api/v1/normative-documents',
    {
      schema: {
        operationId: 'normative.documents.list',
        tags: ['规范性文件库'],
        summary: '规范性文件列表（公开数据；分页、筛选、某日现行有效）',
        description:
          '`inForceOn=YYYY-MM-DD` 只列出该日现行有效（现行有效或已修改）的文件，status 为该日状态。无需登录；登录的工作人员还能看到本单位未入库的文件。',
        security: [],
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(DocumentSchema),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            date: Type.String({ description: '状态所对应的日期' }),
          }),
          ...errors(400),
        },
      },
    },
    async (req) => listDocuments(ctx, req.actor, req.query as LibraryFilter),
  );

  app.get(
    '/api/v1/normative-documents/export',
    {
      schema: {
        operationId: 'normative.documents.export',
        tags: ['规范性文件库'],
        summary: '导出文件库（与市级文件库交换；JSON 或 XLSX，可增量）',
        security: [],
        querystring: StrictObject({
          format: Type.Optional(
            Type.Union([Type.Literal('json'), Type.Literal('xlsx')], { default: 'json' }),
          ),
          since: Type.Optional(DateString('只导出该日以来有变化的文件')),
        }),
        response: {
          200: {
            description: '文件库记录（format=json）或 Excel 文件（format=xlsx）',
            content: {
              'application/json': { schema: Type.Unknown() },
              ...fileResponse('', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
                .content,
            },
          },
          ...errors(400),
        },
      },
    },
    async (req, reply) => {
      const q = req.query as { format?: 'json' | 'xlsx'; since?: string };
      if (q.format === 'xlsx') {
        const buf = await exportXlsx(ctx, req.actor, { since: q.since });
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename="normative-documents${q.since ? '-since-' + q.since : ''}.xlsx"`,
          )
          .send(buf);
      }
      return exportRecords(ctx, req.actor, { since: q.since });
    },
  );

  app.get(
    '/api/v1/normative-documents/interpretation-rate',
    {
      schema: {
        operationId: 'normative.interpretationRate.get',
        tags: ['规范性文件库'],
        summary: '政策解读率（按年度、按机关；目标 90%）',
        querystring: StrictObject({
          year: Type.Integer({ minimum: 1949, maximum: 2100 }),
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        ...{ response: { 200: Type.Unknown(), ...errors(400, 401, 403) } },
      },
    },
    async (req) => {
      const q = req.query as { year: number; orgId?: number };
      return interpretationReport(ctx, req.actor, q.year, q.orgId);
    },
  );

  app.get(
    '/api/v1/normative-documents/:id',
    {
      schema: {
        operationId: 'normative.documents.get',
        tags: ['规范性文件库'],
        summary: '规范性文件详情（含效力历史、关联文件、解读）',
        security: [],
        params: IdParams,
        querystring: StrictObject({ on: Type.Optional(DateString('按该日计算效力状态')) }),
        response: { 200: DetailSchema, ...errors(400, 404) },
      },
    },
    async (req) => {
      const { on } = req.query as { on?: string };
      const { canEdit: _c, ...d } = await getDocumentDetail(
        ctx,
        req.actor,
        (req.params as { id: number }).id,
        on,
      );
      return d;
    },
  );

  app.post(
    '/api/v1/normative-documents',
    {
      schema: {
        operationId: 'normative.documents.create',
        tags: ['规范性文件库'],
        summary: '登记规范性文件（同时建立发布稿件草稿；经审核、保密审查发布后入库）',
        body: RegisterBody,
        response: { 201: RegisteredSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await registerDocument(ctx, req.actor, req.body as EnterDocumentInput)),
  );
  app.post(
    '/api/v1/normative-documents/:id/resubmissions',
    {
      schema: {
        operationId: 'normative.documents.resubmit',
        tags: ['规范性文件库'],
        summary: '发布稿件撤回后重新报送（新建发布稿件草稿）',
        params: IdParams,
        response: { 201: RegisteredSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await resubmitDocument(ctx, req.actor, (req.params as { id: number }).id)),
  );
  app.put(
    '/api/v1/normative-documents/:id',
    {
      schema: {
        operationId: 'normative.documents.update',
        tags: ['规范性文件库'],
        summary: '更正规范性文件信息（施行日期和有效期只能通过状态变化或延续调整）',
        params: IdParams,
        body: UpdateBody,
        response: { 200: DocumentSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => updateDocument(ctx, req.actor, (req.params as { id: number }).id, req.body as any),
  );
  app.post(
    '/api/v1/normative-documents/:id/status-changes',
    {
      schema: {
        operationId: 'normative.documents.changeStatus',
        tags: ['规范性文件库'],
        summary: '记录修改或废止（新增一条历史记录）',
        params: IdParams,
        body: StatusBody,
        response: { 201: DocumentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await changeStatus(ctx, req.actor, (req.params as { id: number }).id, req.body as any)),
  );
  app.post(
    '/api/v1/normative-documents/:id/renewals',
    {
      schema: {
        operationId: 'normative.documents.renew',
        tags: ['规范性文件库'],
        summary: '评估后延续有效期（新增一条历史记录）',
        params: IdParams,
        body: RenewBody,
        response: { 201: DocumentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await renewDocument(ctx, req.actor, (req.params as { id: number }).id, req.body as any)),
  );
  app.post(
    '/api/v1/normative-documents/:id/interpretations',
    {
      schema: {
        operationId: 'normative.documents.addInterpretation',
        tags: ['规范性文件库'],
        summary: '登记政策解读（含吹风会）',
        params: IdParams,
        body: InterpretationBody,
        response: { 201: Type.Object({ id: Type.Integer() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const id = await addInterpretation(ctx, req.actor, {
        ...(req.body as any),
        documentId: (req.params as { id: number }).id,
      });
      return reply.code(201).send({ id });
    },
  );

  // ---- Portal -----------------------------------------------------------------------------------

  app.get('/gfxwj', async (req, reply) => {
    const filter = filterFromQuery(req.query as Record<string, unknown>);
    const result = await listDocuments(ctx, { kind: 'public', ip: req.ip }, { ...filter, pageSize: 20 });
    const orgs = await listPublicOrgs(ctx.db);
    const now = ctx.clock.now();
    const base = `/gfxwj${queryString(filter)}`;
    return renderPortal(
      req,
      reply,
      {
        title: '行政规范性文件库',
        description: (site) =>
          `${site.name}行政规范性文件库：集中公开现行有效的行政规范性文件，可按日期查询当时有效的文件`,
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/gfxwj', label: '规范性文件' },
        ],
      },
      (page) => (
        <>
          <h1>行政规范性文件库</h1>
          {/* One line before the list, so a phone's first screen reaches the first document; the rest under it. */}
          <p class="gfx-lede">集中公开现行有效的行政规范性文件及其效力变化，动态更新。</p>
          {/* On phones the search and the point-in-time query fold behind one control, so the list comes first. */}
          <details class="fold-narrow">
            <summary>查询文件（关键词、文号、机关、状态、日期）</summary>
            <div class="gfx-search">
              <FilterForm action="/gfxwj" filter={filter} orgs={orgs} now={now} allStatuses={false} />
              <PointInTimeForm action="/gfxwj" value={filter.inForceOn} />
            </div>
          </details>
          {filter.inForceOn && (
            <Notice kind="info">
              正在查看 {filter.inForceOn} 现行有效的文件，状态为该日状态。<a href="/gfxwj">查看全部文件</a>
            </Notice>
          )}
          {filter.q && (
            // The list keeps the library's order and filters; the site search ranks the same matches by relevance.
            <p>
              上面列出标题、文号或全文含有这些词的文件。按相关度排序并显示摘要，请使用
              <a
                href={`/search?type=normative&q=${encodeURIComponent(filter.q)}`}
              >{`全站检索（规范性文件）：“${filter.q}”`}</a>
              。
            </p>
          )}
          {result.items.length === 0 ? (
            <p>没有找到符合条件的文件。</p>
          ) : (
            <DocumentTable
              items={result.items}
              href={filter.inForceOn ? (id) => `${docHref(id)}?on=${filter.inForceOn}` : docHref}
              dateLabel={filter.inForceOn ? `${filter.inForceOn} 状态` : '效力状态'}
              caption={
                filter.inForceOn
                  ? `${filter.inForceOn} 现行有效的文件（共 ${result.total} 件）`
                  : `规范性文件（共 ${result.total} 件）`
              }
            />
          )}
          <Pagination page={result.page} pageSize={result.pageSize} total={result.total} baseUrl={base} />
          {result.items.some((d) => d.isSample) && (
            <Notice kind="info">标注“演示数据”的文件为系统演示用的样例，不是真实文件。</Notice>
          )}
          <h2>关于本库</h2>
          <p>
            本库集中公开{page.site.name}
            及其部门制发的行政规范性文件，标明每件文件的效力状态（现行有效、已修改、已废止、已失效）及其变化历史，并动态更新。
          </p>
          <h2>开放数据</h2>
          <ul>
            <li>
              <a href="/gfxwj/feed.xml">文件库变化订阅（Atom）</a>
            </li>
            <li>
              <a href="/api/v1/normative-documents/export?format=json">导出全部文件（JSON）</a>
            </li>
            <li>
              <a href="/api/v1/normative-documents/export?format=xlsx">导出全部文件（Excel）</a>
            </li>
            <li>
              <a href="/api/docs">接口说明</a>
            </li>
          </ul>
        </>
      ),
    );
  });

  app.get('/gfxwj/feed.xml', async (_req, reply) => {
    const changes = await recentChanges(ctx, 50);
    const site = await getSiteInfo(ctx.db);
    const base = ctx.config.publicUrl.replace(/\/$/, '');
    const updated = changes[0]?.recordedAt ?? ctx.clock.now().toISOString();
    const entries = changes
      .map(
        (c) => `  <entry>
    <id>${feedEscape(`${base}/gfxwj/${c.documentId}#change-${c.id}`)}</id>
    <title>${feedEscape(`${c.label}：${c.title}（${c.docNumber}）${c.isSample ? '（演示数据）' : ''}`)}</title>
    <link href="${feedEscape(`${base}/gfxwj/${c.documentId}`)}"/>
    <updated>${c.recordedAt}</updated>
    <summary>${feedEscape(`${c.effectiveOn} 起${c.label}${c.byDocNumber ? `，依据 ${c.byDocNumber}` : ''}${c.articles ? `，修改条款：${c.articles}` : ''}`)}</summary>
  </entry>`,
      )
      .join('\n');
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>${feedEscape(`${base}/gfxwj/feed.xml`)}</id>
  <title>${feedEscape(`${site.name}行政规范性文件库变化`)}</title>
  <link rel="self" href="${feedEscape(`${base}/gfxwj/feed.xml`)}"/>
  <link href="${feedEscape(`${base}/gfxwj`)}"/>
  <updated>${updated}</updated>
  <author><name>${feedEscape(site.name)}</name></author>
${entries}
</feed>
`;
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });

  app.get(
    '/gfxwj/:id',
    {
      schema: {
        params: IdParams,
        hide: true,
        querystring: Type.Object({ on: Type.Optional(DateString('')) }),
      },
    },
    async (req, reply) => {
      const { on } = req.query as { on?: string };
      const doc = await getDocumentDetail(
        ctx,
        { kind: 'public', ip: req.ip },
        (req.params as { id: number }).id,
        on,
      );
      return renderPortal(
        req,
        reply,
        {
          title: doc.title,
          crumbs: [
            { href: '/', label: '首页' },
            { href: '/gfxwj', label: '规范性文件' },
            { href: docHref(doc.id), label: doc.title },
          ],
        },
        () => (
          <article class="gfx-doc">
            <h1>
              {doc.title}
              <SampleMark sample={doc.isSample} />
            </h1>
            {doc.isSample && <Notice kind="info">本文件为系统演示数据，不是真实文件。</Notice>}
            <AsOf doc={doc} today={shanghaiDate(ctx.clock.now())} href={docHref(doc.id)} />
            <StatusBanner doc={doc} href={docHref} />
            <DocumentFacts doc={doc} fileHref={`/gfxwj/${doc.id}/file`} />
            <section aria-labelledby="sec-body">
              <h2 id="sec-body">正文</h2>
              <BodyText text={doc.body} />
            </section>
            <section aria-labelledby="sec-interp">
              <h2 id="sec-interp">政策解读</h2>
              <Interpretations doc={doc} />
            </section>
            <section aria-labelledby="sec-rel">
              <h2 id="sec-rel">关联文件</h2>
              <Relations doc={doc} href={docHref} />
            </section>
            <section aria-labelledby="sec-hist">
              <h2 id="sec-hist">效力变化历史</h2>
              <History doc={doc} href={docHref} />
            </section>
          </article>
        ),
      );
    },
  );

  app.get('/gfxwj/:id/file', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const f = await documentFile(ctx, { kind: 'public', ip: req.ip }, (req.params as { id: number }).id);
    return sendDownload(reply, { name: f.name, mime: f.type, body: createReadStream(f.path) });
  });

  // ---- Back office ------------------------------------------------------------------------------

  app.get('/admin/gfxwj', async (req, reply) => {
    requirePermission(req.actor, 'normative.read');
    const filter = filterFromQuery(req.query as Record<string, unknown>);
    const result = await listDocuments(ctx, req.actor, { ...filter, pageSize: 30 });
    const orgs = await listPublicOrgs(ctx.db);
    const base = `/admin/gfxwj${queryString(filter)}`;
    return renderAdmin(req, reply, { title: '规范性文件库' }, () => (
      <>
        <h1>规范性文件库</h1>
        <p class="actions">
          {can(req.actor, 'normative.manage') && (
            <a class="button" href="/admin/gfxwj/new">
              登记规范性文件
            </a>
          )}
          <a href="/admin/gfxwj/rate">政策解读率</a>
          {can(req.actor, 'normative.exchange') && (
            <>
              <a href="/admin/gfxwj/import">导入登记台账</a>
              <a href="/api/v1/normative-documents/export?format=xlsx">导出（Excel）</a>
              <a href="/admin/gfxwj/settings">索引号设置</a>
            </>
          )}
        </p>
        <div class="gfx-search">
          <FilterForm action="/admin/gfxwj" filter={filter} orgs={orgs} now={ctx.clock.now()} allStatuses />
          <PointInTimeForm action="/admin/gfxwj" value={filter.inForceOn} />
        </div>
        <DocumentTable
          items={result.items}
          href={filter.inForceOn ? (id) => `${adminHref(id)}?on=${filter.inForceOn}` : adminHref}
          dateLabel={filter.inForceOn ? `${filter.inForceOn} 状态` : '今日状态'}
          caption={
            filter.inForceOn
              ? `${filter.inForceOn} 现行有效的文件（共 ${result.total} 件）`
              : `文件（共 ${result.total} 件，含本单位未入库文件）`
          }
        />
        <Pagination page={result.page} pageSize={result.pageSize} total={result.total} baseUrl={base} />
      </>
    ));
  });

  // Registration and correction form.
  interface FormValues extends Partial<EnterDocumentInput> {
    leadOrgId?: number | null;
    jointOrgIds?: number[];
    publishedOn?: string | null;
  }
  const formValues = (body: unknown): FormValues => {
    const b = (body ?? {}) as Record<string, unknown>;
    const lead = int(b.leadOrgId);
    const joint = list(b.jointOrgIds)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0 && n !== lead);
    const years = str(b.validityYears);
    return {
      docNumber: str(b.docNumber),
      title: str(b.title),
      leadOrgId: lead,
      jointOrgIds: joint,
      orgIds: lead ? [lead, ...joint] : [],
      writtenOn: str(b.writtenOn),
      publishedOn: str(b.publishedOn) || null,
      effectiveOn: str(b.effectiveOn),
      validityYears: years === '' ? null : /^\d{1,2}$/.test(years) ? Number(years) : -1,
      registrationNumber: str(b.registrationNumber) || null,
      subject: str(b.subject),
      body: typeof b.body === 'string' ? b.body : '',
      isNormative: str(b.docKind) !== 'policy',
    };
  };

  type FormMode =
    | { kind: 'new' }
    | { kind: 'edit'; id: number; effectiveOn: string; endsOn: string | null; inLibrary: boolean };
  const renderDocForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    mode: FormMode,
    values: FormValues,
    error?: AppError,
  ) => {
    const orgs = await listPublicOrgs(ctx.db);
    const leads = await leadOrgOptions(req, orgs);
    const title = mode.kind === 'new' ? '登记规范性文件' : '更正文件信息';
    const action = mode.kind === 'new' ? '/admin/gfxwj/new' : `/admin/gfxwj/${mode.id}/edit`;
    const errs = fieldsWithPrefix(error, { orgIds: 'leadOrgId' });
    return renderAdmin(
      req,
      reply,
      {
        title,
        status: error ? error.status : 200,
        crumbs: [
          { href: '/admin/gfxwj', label: '规范性文件库' },
          { href: action, label: title },
        ],
      },
      (page: PageContext) => (
        <>
          <h1>{title}</h1>
          <form method="post" action={action} novalidate>
            <CsrfField page={page} />
            <ErrorSummary message={error?.userMessage} fields={errs} />
            {mode.kind === 'new' && (
              <>
                <p>
                  登记后同时建立一篇“政策文件”发布稿件草稿（标题、全文、文号取自本表）。稿件经报送、审核、保密审查并发布后，文件才进入门户文件库；发布前的个人信息和错敏词检查同样适用。
                </p>
                <Select
                  label="文件类型"
                  name="docKind"
                  value={values.isNormative === false ? 'policy' : 'normative'}
                  options={[
                    { value: 'normative', label: '行政规范性文件（入文件库，记录有效期和效力状态）' },
                    {
                      value: 'policy',
                      label: '其他涉及群众或企业权益的政策文件（需要解读，只计入解读率，不入文件库）',
                    },
                  ]}
                />
              </>
            )}
            <Field
              label="文号"
              name="docNumber"
              value={values.docNumber}
              required
              error={errs.docNumber}
              hint={`格式：机关代字〔年份〕序号号，如 ${DOC_NUMBER_EXAMPLE}；括号可用 〔〕、[]、()、【】，保存时统一为〔〕`}
              maxLength={60}
            />
            <Field
              label="标题"
              name="title"
              value={values.title}
              required
              error={errs.title}
              maxLength={200}
              hint="标题含“试行”或“暂行”的，有效期默认 2 年"
            />
            <Select
              label="主办机关"
              name="leadOrgId"
              value={values.leadOrgId ?? ''}
              required
              error={errs.leadOrgId}
              options={[{ value: '', label: '请选择' }, ...leads]}
            />
            <div class="field">
              <label for="f-jointOrgIds">联合发文机关（可多选，没有则不选）</label>
              <select id="f-jointOrgIds" name="jointOrgIds" multiple size={6}>
                {treeOrder(orgs).map(({ org, depth }) => (
                  <option
                    value={org.id}
                    selected={values.jointOrgIds?.includes(org.id)}
                  >{`${'　'.repeat(depth)}${org.name}`}</option>
                ))}
              </select>
            </div>
            <Field
              label="成文日期"
              name="writtenOn"
              type="date"
              value={values.writtenOn}
              required
              error={errs.writtenOn}
            />
            {mode.kind === 'edit' && mode.inLibrary && (
              <Field
                label="发布日期"
                name="publishedOn"
                type="date"
                value={values.publishedOn}
                required
                error={errs.publishedOn}
              />
            )}
            {mode.kind === 'new' ? (
              <>
                <Field
                  label="施行日期"
                  name="effectiveOn"
                  type="date"
                  value={values.effectiveOn}
                  required
                  error={errs.effectiveOn}
                />
                <Field
                  label="有效期（年）"
                  name="validityYears"
                  type="number"
                  value={values.validityYears ?? ''}
                  error={errs.validityYears}
                  hint="不填按默认：5 年，标题含试行、暂行的 2 年；0 表示不设有效期。有效期最后一日 = 施行日期 + N 年 − 1 天，到期日 24 时（北京时间）后失效"
                />
              </>
            ) : (
              <p>
                施行日期 {mode.effectiveOn}，有效期至 {mode.endsOn ?? '不设有效期'}
                。施行日期和有效期属于效力历史，只能通过“修改或废止”“延续有效期”记录变化。
              </p>
            )}
            <Field
              label="登记号"
              name="registrationNumber"
              value={values.registrationNumber}
              error={errs.registrationNumber}
              hint="省级备案登记号，没有可不填"
              maxLength={64}
            />
            <Select
              label="主题分类"
              name="subject"
              value={values.subject ?? ''}
              required
              error={errs.subject}
              options={[{ value: '', label: '请选择' }, ...SUBJECTS.map((s) => ({ value: s, label: s }))]}
            />
            <TextArea
              label="全文"
              name="body"
              value={values.body}
              error={errs.body}
              rows={12}
              hint={
                mode.kind === 'edit' && !mode.inLibrary
                  ? '发布时文件库取发布稿件中经过检查和审核的标题和全文'
                  : undefined
              }
            />
            <div class="actions">
              <button type="submit">保存</button>
              <a href={mode.kind === 'new' ? '/admin/gfxwj' : adminHref(mode.id)}>取消</a>
            </div>
          </form>
        </>
      ),
    );
  };

  app.get('/admin/gfxwj/new', async (req, reply) => {
    requirePermission(req.actor, 'normative.manage');
    return renderDocForm(
      req,
      reply,
      { kind: 'new' },
      { leadOrgId: req.actor.kind === 'user' ? req.actor.orgId : null },
    );
  });
  app.post('/admin/gfxwj/new', async (req, reply) => {
    const values = formValues(req.body);
    return formPost(
      async () => {
        const doc = await registerDocument(ctx, req.actor, values as EnterDocumentInput);
        return seeOther(reply, `${adminHref(doc.id)}?saved=1`);
      },
      (e) => renderDocForm(req, reply, { kind: 'new' }, values, e),
    );
  });

  app.get('/admin/gfxwj/:id/edit', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const doc = await getDocumentDetail(ctx, req.actor, (req.params as { id: number }).id);
    if (!doc.canEdit) throw new AppError('forbidden', '该文件由其他单位制发，您无权修改');
    return renderDocForm(
      req,
      reply,
      {
        kind: 'edit',
        id: doc.id,
        effectiveOn: doc.effectiveOn,
        endsOn: doc.endsOn,
        inLibrary: doc.inLibrary,
      },
      {
        ...doc,
        leadOrgId: doc.orgs[0]?.id,
        jointOrgIds: doc.orgs.slice(1).map((o) => o.id),
      },
    );
  });
  app.post('/admin/gfxwj/:id/edit', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    const values = formValues(req.body);
    return formPost(
      async () => {
        await updateDocument(ctx, req.actor, id, values as any);
        return seeOther(reply, `${adminHref(id)}?saved=1`);
      },
      async (e) => {
        const doc = await getDocumentDetail(ctx, req.actor, id);
        return renderDocForm(
          req,
          reply,
          { kind: 'edit', id, effectiveOn: doc.effectiveOn, endsOn: doc.endsOn, inLibrary: doc.inLibrary },
          values,
          e,
        );
      },
    );
  });

  type Section = 'status' | 'renew' | 'supersede' | 'interp' | 'file' | 'resubmit';
  const renderDetail = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    failed?: { section: Section; error: AppError; values: Record<string, unknown> },
  ) => {
    // ?on=YYYY-MM-DD: the status (and banner) as of that day, as on the portal page.
    const on = failed ? undefined : str((req.query as Record<string, unknown>).on) || undefined;
    if (on && !isIsoDate(on))
      throw new AppError('bad_request', '日期无效，格式应为 YYYY-MM-DD，如 2022-03-01', { on: '日期无效' });
    const doc: DocumentDetail = await getDocumentDetail(ctx, req.actor, id, on);
    const saved = (req.query as Record<string, string>).saved;
    const v = (name: string) => (failed ? str(failed.values[name]) : '');
    const err = (section: Section, map: Record<string, string> = {}) =>
      failed?.section === section ? fieldsWithPrefix(failed.error, map) : {};
    const es = err('status');
    const er = err('renew', { years: 'renewYears', effectiveOn: 'renewFrom' });
    const eu = err('supersede');
    const ei = err('interp', {
      title: 'interpTitle',
      url: 'interpUrl',
      form: 'interpForm',
      publishedOn: 'interpPublishedOn',
    });
    const ef = err('file');
    const summary = (section: Section, fields: Record<string, string>) =>
      failed?.section === section && <ErrorSummary message={failed.error.userMessage} fields={fields} />;
    const checkedPoints = failed?.section === 'interp' ? list(failed.values.keyPoints) : [];
    return renderAdmin(
      req,
      reply,
      {
        title: doc.title,
        status: failed ? failed.error.status : 200,
        crumbs: [
          { href: '/admin/gfxwj', label: '规范性文件库' },
          { href: adminHref(id), label: doc.docNumber },
        ],
      },
      (page) => (
        <>
          <h1>
            {doc.title}
            <SampleMark sample={doc.isSample} />
          </h1>
          {saved && <Notice kind="success">已保存。</Notice>}
          <AsOf doc={doc} today={shanghaiDate(ctx.clock.now())} href={adminHref(id)} />
          <StatusBanner doc={doc} href={adminHref} />
          <p class="actions">
            {doc.canEdit && <a href={`/admin/gfxwj/${id}/edit`}>更正文件信息</a>}
            {doc.inLibrary ? (
              <a href={docHref(id)}>在门户查看</a>
            ) : (
              <span class="meta">未入库（门户不可见）</span>
            )}
            {doc.itemId && <a href={`/admin/content/${doc.itemId}`}>发布稿件</a>}
          </p>
          <Publication doc={doc} />
          {doc.canEdit && doc.withdrawnAt && (
            <form method="post" action={`/admin/gfxwj/${id}/resubmit`} class="gfx-form">
              <CsrfField page={page} />
              {summary('resubmit', err('resubmit'))}
              <button type="submit">重新报送（新建发布稿件草稿）</button>
            </form>
          )}
          <DocumentFacts doc={doc} fileHref={`/admin/gfxwj/${id}/file`} />
          <section aria-labelledby="a-hist">
            <h2 id="a-hist">效力变化历史</h2>
            <History doc={doc} href={adminHref} />
          </section>
          <section aria-labelledby="a-rel">
            <h2 id="a-rel">关联文件</h2>
            <Relations doc={doc} href={adminHref} />
          </section>
          <section aria-labelledby="a-interp">
            <h2 id="a-interp">政策解读</h2>
            <Interpretations doc={doc} />
          </section>
          {doc.canEdit && (
            <>
              {doc.isNormative && (
                <section aria-labelledby="a-status" class="gfx-form">
                  <h2 id="a-status">记录修改或废止</h2>
                  <form method="post" action={`/admin/gfxwj/${id}/status`} novalidate>
                    <CsrfField page={page} />
                    {summary('status', es)}
                    <Select
                      label="变化"
                      name="kind"
                      value={v('kind') || 'amended'}
                      error={es.kind}
                      options={[
                        { value: 'amended', label: '修改（修改后继续有效）' },
                        { value: 'repealed', label: '废止' },
                      ]}
                    />
                    <Field
                      label="生效日期"
                      name="effectiveOn"
                      type="date"
                      value={v('effectiveOn')}
                      required
                      error={es.effectiveOn}
                    />
                    <Field
                      label="修改或废止本文件的文件文号"
                      name="byDocNumber"
                      value={v('byDocNumber')}
                      required
                      error={es.byDocNumber}
                      hint={`如 ${DOC_NUMBER_EXAMPLE}`}
                      maxLength={60}
                    />
                    <Field
                      label="修改的条款"
                      name="articles"
                      value={v('articles')}
                      error={es.articles}
                      hint="修改时填写，如“第三条、第五条”"
                      maxLength={500}
                    />
                    <Field label="说明" name="note" value={v('note')} maxLength={500} />
                    <button type="submit">记录变化</button>
                  </form>
                </section>
              )}
              {doc.isNormative && doc.endsOn && (
                <section aria-labelledby="a-renew" class="gfx-form">
                  <h2 id="a-renew">评估后延续有效期</h2>
                  <p>
                    当前有效期至 {doc.endsOn}。评估后需要继续执行的，重新登记新的有效期（新增一条历史记录）。
                  </p>
                  <form method="post" action={`/admin/gfxwj/${id}/renew`} novalidate>
                    <CsrfField page={page} />
                    {summary('renew', er)}
                    <Field
                      label="新有效期（年）"
                      name="renewYears"
                      type="number"
                      value={v('renewYears')}
                      error={er.renewYears}
                      hint="不填按默认（5 年，试行、暂行 2 年）"
                    />
                    <Field
                      label="新有效期第一日"
                      name="renewFrom"
                      type="date"
                      value={v('renewFrom')}
                      error={er.renewFrom}
                      hint="不填为当前有效期届满的次日"
                    />
                    <Field label="评估说明" name="renewNote" value={v('renewNote')} maxLength={500} />
                    <button type="submit">延续有效期</button>
                  </form>
                </section>
              )}
              <section aria-labelledby="a-sup" class="gfx-form">
                <h2 id="a-sup">登记被本文件替代的文件</h2>
                <form method="post" action={`/admin/gfxwj/${id}/supersede`} novalidate>
                  <CsrfField page={page} />
                  {summary('supersede', eu)}
                  <Field
                    label="被替代文件的文号"
                    name="otherDocNumber"
                    value={v('otherDocNumber')}
                    required
                    error={eu.otherDocNumber}
                    maxLength={60}
                  />
                  <button type="submit">登记替代关系</button>
                </form>
              </section>
              <section aria-labelledby="a-newinterp" class="gfx-form">
                <h2 id="a-newinterp">登记政策解读</h2>
                <form method="post" action={`/admin/gfxwj/${id}/interpretations`} novalidate>
                  <CsrfField page={page} />
                  {summary('interp', ei)}
                  <Field
                    label="解读标题"
                    name="interpTitle"
                    value={v('interpTitle')}
                    required
                    error={ei.interpTitle}
                    maxLength={200}
                  />
                  <Select
                    label="解读形式"
                    name="interpForm"
                    value={v('interpForm') || 'text'}
                    error={ei.interpForm}
                    options={Object.entries(INTERPRETATION_FORMS).map(([value, label]) => ({ value, label }))}
                  />
                  <Field
                    label="发布日期"
                    name="interpPublishedOn"
                    type="date"
                    value={v('interpPublishedOn')}
                    required
                    error={ei.interpPublishedOn}
                    hint="与文件同日发布为同步解读；晚于文件发布的标记为非同步"
                  />
                  <Field
                    label="解读链接"
                    name="interpUrl"
                    value={v('interpUrl')}
                    error={ei.interpUrl}
                    hint="以 http://、https:// 或 / 开头"
                    maxLength={500}
                  />
                  <fieldset>
                    <legend>覆盖的解读要点（七要素）</legend>
                    {KEY_POINT_KEYS.map((k) => (
                      <div class="checkbox">
                        <input
                          type="checkbox"
                          id={`f-kp-${k}`}
                          name="keyPoints"
                          value={k}
                          checked={checkedPoints.includes(k)}
                        />
                        <label for={`f-kp-${k}`}>{KEY_POINTS[k]}</label>
                      </div>
                    ))}
                  </fieldset>
                  <fieldset>
                    <legend>新闻发布会/吹风会（解读形式为吹风会时填写）</legend>
                    <Field
                      label="吹风会日期"
                      name="briefingDate"
                      type="date"
                      value={v('briefingDate')}
                      error={ei.briefingDate}
                    />
                    <Field
                      label="主题"
                      name="briefingTopic"
                      value={v('briefingTopic')}
                      error={ei.briefingTopic}
                      maxLength={200}
                    />
                    <Field
                      label="发布人（解读人）"
                      name="briefingSpeakers"
                      value={v('briefingSpeakers')}
                      error={ei.briefingSpeakers}
                      maxLength={200}
                    />
                    <Field
                      label="视频或文字实录链接"
                      name="briefingLink"
                      value={v('briefingLink')}
                      error={ei.briefingLink}
                      maxLength={500}
                    />
                  </fieldset>
                  <button type="submit">登记解读</button>
                </form>
              </section>
              <section aria-labelledby="a-file" class="gfx-form">
                <h2 id="a-file">上传原件</h2>
                <UploadForm
                  page={page}
                  action={`/admin/gfxwj/${id}/file`}
                  label="原件文件（PDF、OFD、Word、WPS，最大 10 MB）"
                  accept=".pdf,.ofd,.doc,.docx,.wps"
                  error={ef.file}
                  submit="上传"
                >
                  {summary('file', ef)}
                </UploadForm>
              </section>
            </>
          )}
          <section aria-labelledby="a-body">
            <h2 id="a-body">正文</h2>
            <BodyText text={doc.body} />
          </section>
        </>
      ),
    );
  };

  app.get('/admin/gfxwj/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    requirePermission(req.actor, 'normative.read');
    return renderDetail(req, reply, (req.params as { id: number }).id);
  });
  app.get('/admin/gfxwj/:id/file', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const f = await documentFile(ctx, req.actor, (req.params as { id: number }).id);
    return sendDownload(reply, { name: f.name, mime: f.type, body: createReadStream(f.path) });
  });

  const formAction =
    (
      section: Section,
      run: (req: FastifyRequest, id: number, b: Record<string, unknown>) => Promise<unknown>,
    ) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const id = (req.params as { id: number }).id;
      const b = (req.body ?? {}) as Record<string, unknown>;
      return formPost(
        async () => {
          await run(req, id, b);
          return seeOther(reply, `${adminHref(id)}?saved=1`);
        },
        (e) => renderDetail(req, reply, id, { section, error: e, values: b }),
        STATE_REFUSALS,
      );
    };
  const opt = (v: unknown) => str(v) || null;
  const hidden = { schema: { params: IdParams, hide: true } };

  app.post(
    '/admin/gfxwj/:id/status',
    hidden,
    formAction('status', (req, id, b) =>
      changeStatus(ctx, req.actor, id, {
        kind: str(b.kind) as 'amended' | 'repealed',
        effectiveOn: str(b.effectiveOn),
        byDocNumber: str(b.byDocNumber),
        articles: opt(b.articles),
        note: opt(b.note),
      }),
    ),
  );
  app.post(
    '/admin/gfxwj/:id/renew',
    hidden,
    formAction('renew', (req, id, b) => {
      const y = str(b.renewYears);
      return renewDocument(ctx, req.actor, id, {
        years: y === '' ? null : /^\d{1,2}$/.test(y) ? Number(y) : -1,
        effectiveOn: opt(b.renewFrom),
        note: opt(b.renewNote),
      });
    }),
  );
  app.post(
    '/admin/gfxwj/:id/resubmit',
    hidden,
    formAction('resubmit', (req, id) => resubmitDocument(ctx, req.actor, id)),
  );
  app.post(
    '/admin/gfxwj/:id/supersede',
    hidden,
    formAction('supersede', (req, id, b) => addSupersedes(ctx, req.actor, id, str(b.otherDocNumber))),
  );
  app.post(
    '/admin/gfxwj/:id/interpretations',
    hidden,
    formAction('interp', (req, id, b) =>
      addInterpretation(ctx, req.actor, {
        documentId: id,
        title: str(b.interpTitle),
        url: opt(b.interpUrl),
        form: str(b.interpForm) as InterpretationForm,
        publishedOn: str(b.interpPublishedOn),
        keyPoints: list(b.keyPoints) as KeyPoint[],
        briefing:
          str(b.interpForm) === 'briefing'
            ? {
                date: opt(b.briefingDate),
                topic: opt(b.briefingTopic),
                speakers: opt(b.briefingSpeakers),
                link: opt(b.briefingLink),
              }
            : null,
      }),
    ),
  );
  app.post(
    '/admin/gfxwj/:id/file',
    hidden,
    formAction('file', async (req, id) => {
      const file = await readUpload(req, { maxBytes: FILE_MAX_BYTES });
      return attachFile(ctx, req.actor, id, { filename: file.name, mimetype: file.mime, data: file.data });
    }),
  );

  // Interpretation rate (rules.md §5) per org and year.
  app.get('/admin/gfxwj/rate', async (req, reply) => {
    const now = ctx.clock.now();
    const year = int((req.query as Record<string, unknown>).year) ?? Number(shanghaiDate(now).slice(0, 4));
    const r = await interpretationReport(ctx, req.actor, year);
    return renderAdmin(
      req,
      reply,
      {
        title: '政策解读率',
        crumbs: [
          { href: '/admin/gfxwj', label: '规范性文件库' },
          { href: '/admin/gfxwj/rate', label: '政策解读率' },
        ],
      },
      () => (
        <>
          <h1>{year} 年政策解读率</h1>
          <form method="get" action="/admin/gfxwj/rate" class="actions">
            <Select label="年度" name="year" value={year} options={yearOptions(now)} />
            <button type="submit">查看</button>
          </form>
          <p>
            口径：当年发布的需要解读的文件——行政规范性文件，以及登记为“其他涉及群众或企业权益的政策文件”的——中，已发布至少一篇解读的文件数
            ÷ 文件总数；与文件同日或之前发布的解读为同步解读，晚于文件发布的标记为非同步。目标：不低于{' '}
            {formatRate(INTERPRETATION_TARGET)}。
            {r.district.policies > 0 && `其中其他政策文件 ${r.district.policies} 件。`}
          </p>
          <p
            class={
              r.district.rate != null && r.district.rate < INTERPRETATION_TARGET ? 'status-bad' : 'status-ok'
            }
          >
            {r.district.rate == null
              ? '本年度尚无文件。'
              : `解读率 ${formatRate(r.district.rate)}（${r.district.interpreted}/${r.district.total}），${r.district.rate >= INTERPRETATION_TARGET ? '达到' : '未达到'} ${formatRate(INTERPRETATION_TARGET)} 目标；非同步解读 ${r.district.late} 件。`}
          </p>
          <div class="table-wrap">
            <table>
              <caption>各单位解读率</caption>
              <thead>
                <tr>
                  <th scope="col">单位</th>
                  <th scope="col" class="num">
                    文件数
                  </th>
                  <th scope="col" class="num">
                    已解读
                  </th>
                  <th scope="col" class="num">
                    解读率
                  </th>
                  <th scope="col" class="num">
                    非同步解读
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.byOrg.map((o) => (
                  <tr>
                    <td>{o.orgName}</td>
                    <td class="num">{o.total}</td>
                    <td class="num">{o.interpreted}</td>
                    <td class={`num ${o.rate != null && o.rate < INTERPRETATION_TARGET ? 'status-bad' : ''}`}>
                      {formatRate(o.rate)}
                    </td>
                    <td class="num">{o.late}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>尚无解读的文件（{r.missing.length} 件）</h2>
          {r.missing.length === 0 ? (
            <p>无。</p>
          ) : (
            <ul class="link-list">
              {r.missing.map((d) => (
                <li>
                  <a href={adminHref(d.id)}>{`${d.title}（${d.docNumber}）`}</a>
                  <span class="meta">
                    {d.orgNames.join('、')} · {d.publishedOn} 发布{d.isNormative ? '' : ' · 其他政策文件'}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h2>非同步解读的文件（{r.late.length} 件）</h2>
          {r.late.length === 0 ? (
            <p>无。</p>
          ) : (
            <ul class="link-list">
              {r.late.map((d) => (
                <li>
                  <a href={adminHref(d.id)}>{`${d.title}（${d.docNumber}）`}</a>
                  <span class="meta">
                    文件 {d.publishedOn} 发布，首篇解读 {d.firstInterpretationOn}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      ),
    );
  });

  // 索引号 template.
  const renderSettings = async (
    req: FastifyRequest,
    reply: FastifyReply,
    value?: string,
    error?: AppError,
    saved?: boolean,
  ) => {
    requirePermission(req.actor, 'normative.exchange');
    const template = value ?? (await getIndexTemplate(ctx.db));
    return renderAdmin(
      req,
      reply,
      {
        title: '索引号设置',
        status: error ? error.status : 200,
        crumbs: [
          { href: '/admin/gfxwj', label: '规范性文件库' },
          { href: '/admin/gfxwj/settings', label: '索引号设置' },
        ],
      },
      (page) => (
        <>
          <h1>索引号设置</h1>
          {saved && <Notice kind="success">已保存。</Notice>}
          <p>
            国家未规定索引号格式。登记文件时按下面的模板生成索引号，已生成的不变。可用：{'{orgCode}'}{' '}
            主办机关代码，{'{year}'} 发布年份，{'{seq}'} 或 {'{seq:N}'} 顺序号（补零到 N 位）。模板含{' '}
            {'{orgCode}'} 时顺序号按机关分别编排，含 {'{year}'} 时每年从 1
            起；生成时跳过已被使用的索引号，保证唯一。
          </p>
          <form method="post" action="/admin/gfxwj/settings" novalidate>
            <CsrfField page={page} />
            <ErrorSummary message={error?.userMessage} fields={error?.fields} />
            <Field
              label="索引号模板"
              name="template"
              value={template}
              required
              error={error?.fields.template}
              hint="默认 {orgCode}/{year}-{seq:5}，如 11360100MB1234567X/2022-00012"
              maxLength={100}
            />
            <button type="submit">保存</button>
          </form>
        </>
      ),
    );
  };
  app.get('/admin/gfxwj/settings', async (req, reply) =>
    renderSettings(req, reply, undefined, undefined, !!(req.query as Record<string, string>).saved),
  );
  app.post('/admin/gfxwj/settings', async (req, reply) => {
    const template = str((req.body as Record<string, unknown>)?.template);
    return formPost(
      async () => {
        await setIndexTemplate(ctx, req.actor, template);
        return seeOther(reply, '/admin/gfxwj/settings?saved=1');
      },
      (e) => renderSettings(req, reply, template, e),
    );
  });

  // Import of an existing register. Errors are keyed by row; the file's own error is the summary.
  const rowErrors = (error: AppError) => Object.entries(error.fields).filter(([key]) => key !== 'file');
  const renderImport = async (
    req: FastifyRequest,
    reply: FastifyReply,
    result?: { imported: number },
    error?: AppError,
  ) => {
    requirePermission(req.actor, 'normative.exchange');
    return renderAdmin(
      req,
      reply,
      {
        title: '导入登记台账',
        status: error ? error.status : 200,
        crumbs: [
          { href: '/admin/gfxwj', label: '规范性文件库' },
          { href: '/admin/gfxwj/import', label: '导入登记台账' },
        ],
      },
      (page) => (
        <>
          <h1>导入登记台账</h1>
          {result && <Notice kind="success">已导入 {result.imported} 件文件。</Notice>}
          {error && (
            <div class="error-summary" role="alert" tabindex={-1}>
              <h2>{error.userMessage}</h2>
              {rowErrors(error).length > 0 && (
                <ul>
                  {rowErrors(error).map(([row, msg]) => (
                    <li>
                      {row}：{msg}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <p>
            上传 .xlsx 文件，第一行为列名：{Object.values(IMPORT_COLUMNS).join('、')}
            。文号、标题、制发机关、成文日期、施行日期、主题分类必填；任何一行有错误时不导入任何文件。
          </p>
          <UploadForm
            page={page}
            action="/admin/gfxwj/import"
            label="台账文件（.xlsx）"
            accept=".xlsx"
            submit="导入"
          />
        </>
      ),
    );
  };
  app.get('/admin/gfxwj/import', async (req, reply) => renderImport(req, reply));
  app.post('/admin/gfxwj/import', async (req, reply) => {
    requirePermission(req.actor, 'normative.exchange');
    return formPost(
      async () => {
        const file = await readUpload(req, {
          maxBytes: FILE_MAX_BYTES,
          kinds: ['xlsx'],
          missing: '请选择要导入的文件',
        });
        const result = await importXlsx(ctx, req.actor, file.data);
        return renderImport(req, reply, result);
      },
      (e) => renderImport(req, reply, undefined, e),
    );
  });
};
