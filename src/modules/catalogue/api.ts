/** 基层政务公开标准目录 JSON API (OpenAPI tag “基层政务公开标准目录”). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { shanghaiDate } from '../../lib/time.ts';
import { errors, fileResponse, IdParams, StrictObject } from '../../web/schemas.ts';
import { ITEM_KINDS } from '../content/model.ts';
import { AUDIENCES, LEVELS, MODES, SCOPES, type EntryFields } from './model.ts';
import { attachPilotReport } from './pilot.ts';
import {
  catalogueCoverage,
  coverageOverview,
  createCatalogue,
  createEntry,
  deleteEntry,
  getCatalogue,
  listCatalogues,
  listPostings,
  listTemplates,
  readPostingPhoto,
  recordPosting,
  setEntryMapping,
  updateCatalogueNotes,
  updateEntry,
  updateTemplateEntry,
  createTemplateEntry,
  deleteTemplateEntry,
  type TemplateEntryInput,
  type CatalogueCoverage,
} from './service.ts';
import { entryName } from './views.tsx';
import {
  exportCatalogueXlsx,
  exportTemplateXlsx,
  importCatalogueXlsx,
  replaceTemplateFromXlsx,
} from './xlsx.ts';
import { fileFrom, postingFrom, sendXlsx, uploadFrom } from './http.ts';

const TAG = ['基层政务公开标准目录'];
const keys = (o: object) => Type.Union(Object.keys(o).map((k) => Type.Literal(k)));
const EntryFieldsSchema = {
  domain: Type.String({ minLength: 1, maxLength: 40, description: '领域，如 社会救助' }),
  item1: Type.String({ minLength: 1, maxLength: 100, description: '一级事项' }),
  item2: Type.String({ maxLength: 100, description: '二级事项' }),
  content: Type.String({ minLength: 1, maxLength: 2000, description: '公开内容（要素）' }),
  basis: Type.String({ maxLength: 2000, description: '公开依据' }),
  timeLimit: Type.String({
    minLength: 1,
    maxLength: 200,
    description: '公开时限，如 信息形成或变更之日起20个工作日内',
  }),
  subject: Type.String({ minLength: 1, maxLength: 200, description: '公开主体' }),
  channels: Type.Array(Type.String({ minLength: 1, maxLength: 30 }), {
    minItems: 1,
    maxItems: 20,
    description: '公开渠道和载体',
  }),
  audience: Type.Array(keys(AUDIENCES), {
    minItems: 1,
    uniqueItems: true,
    description: 'all 全社会 / specific 特定群体',
  }),
  mode: Type.Array(keys(MODES), {
    minItems: 1,
    uniqueItems: true,
    description: 'proactive 主动 / on_request 依申请',
  }),
  level: Type.Array(keys(LEVELS), {
    minItems: 1,
    uniqueItems: true,
    description: 'county 县级 / township 乡级',
  }),
  toCheck: Type.Optional(
    Type.Boolean({ description: '待核对：未经政府网站副本确认，须对照本省版本核对（省略为 false）' }),
  ),
};
const EntryBody = StrictObject(EntryFieldsSchema);
const EntrySchema = Type.Object({
  id: Type.Integer(),
  catalogueId: Type.Integer(),
  seq: Type.Integer({ description: '序号' }),
  templateEntryId: Type.Union([Type.Integer(), Type.Null()], {
    description: '来源模板事项；本单位增补的为 null',
  }),
  itemKinds: Type.Array(Type.String(), { description: '对应的信息类型（空为不限）' }),
  columnIds: Type.Array(Type.Integer(), { description: '对应的栏目' }),
  ...EntryFieldsSchema,
});
const TemplateSchema = Type.Object({
  id: Type.Integer(),
  scope: Type.String({ description: 'township 乡镇目录 / village 村（居）务公开目录' }),
  seq: Type.Integer(),
  source: Type.String({ description: '来源文件及发文机关；演示数据为空' }),
  isSample: Type.Boolean(),
  ...EntryFieldsSchema,
  confidence: Type.String({
    description:
      '可信度：high 高 / medium_high 中高 / medium 中 / medium_low 中低 / low 低 / name_only 仅知一级事项名称；空为未分级（本办的事项）',
  }),
  confidenceNote: Type.String({ description: '可信度说明（哪些副本在哪些栏目一致）' }),
  witnesses: Type.Array(
    Type.Object({
      name: Type.String(),
      url: Type.String(),
      government: Type.Boolean({ description: '是否政府网站（.gov.cn）副本' }),
    }),
    { description: '见证副本' },
  ),
  note: Type.String({ description: '备注' }),
  shipped: Type.Boolean({ description: '随软件提供（未被本办替换）' }),
  edited: Type.Boolean({ description: '本办修改过（升级时保留）' }),
});
const TemplateReplaceSchema = Type.Object({
  domain: Type.String(),
  before: Type.Integer({ description: '替换前的事项数' }),
  entries: Type.Integer({ description: '替换后的事项数' }),
  toCheck: Type.Integer({ description: '文件中仍标“待核对”的事项数' }),
  warnings: Type.Array(Type.String(), { description: '未能识别的公开时限（按原文保存）' }),
});
const CatalogueSchema = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  year: Type.Integer(),
  title: Type.String(),
  scope: Type.String({ description: 'township / village' }),
  notes: Type.String({ description: '建设成效与改进措施' }),
  isSample: Type.Boolean(),
});
const CatalogueListSchema = Type.Array(
  Type.Object({ ...CatalogueSchema.properties, orgName: Type.String(), entries: Type.Integer() }),
);
const CatalogueDetailSchema = Type.Object({
  ...CatalogueSchema.properties,
  entries: Type.Array(EntrySchema),
});
const DomainCoverageSchema = Type.Object({
  domain: Type.String(),
  entries: Type.Integer(),
  due: Type.Integer({ description: '应公开（已到期）事项' }),
  fulfilled: Type.Integer(),
  late: Type.Integer(),
  missing: Type.Integer(),
  pending: Type.Integer(),
  rate: Type.Union([Type.Number(), Type.Null()], { description: '覆盖率 0–1（不含待核对事项）' }),
  toCheck: Type.Object(
    {
      entries: Type.Integer(),
      due: Type.Integer(),
      fulfilled: Type.Integer(),
      late: Type.Integer(),
      missing: Type.Integer(),
      pending: Type.Integer(),
      rate: Type.Union([Type.Number(), Type.Null()]),
    },
    { description: '待核对事项，单独计数（不计入上面的数字和覆盖率）' },
  ),
});
const PeriodSchema = Type.Object({
  label: Type.String(),
  opens: Type.String(),
  due: Type.String(),
  state: Type.String({ description: 'on_time / late / missing / pending' }),
  publishedOn: Type.Union([Type.String(), Type.Null()]),
});
const PublicationSchema = Type.Object({
  source: Type.String({ description: 'online 网上发布 / offline 线下张贴' }),
  title: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  formedOn: Type.Union([Type.String(), Type.Null()]),
  publishedOn: Type.String(),
  deadline: Type.Union([Type.String(), Type.Null()]),
  onTime: Type.Union([Type.Boolean(), Type.Null()]),
});
const EntryCoverageSchema = Type.Object({
  entryId: Type.Integer(),
  domain: Type.String(),
  item: Type.String(),
  timeLimit: Type.String(),
  timeLimitUnderstood: Type.Boolean({ description: '公开时限是否被识别；未识别的按原文保存，不判断时效' }),
  state: Type.String({
    description: 'fulfilled 已按时公开 / late 已公开但逾期 / missing 未公开 / pending 尚未到期',
  }),
  fulfilled: Type.Boolean(),
  timeliness: Type.String({ description: 'on_time / late / unknown / not_applicable' }),
  lastPublished: Type.Union([Type.String(), Type.Null()]),
  nextDue: Type.Union([Type.String(), Type.Null()]),
  dueText: Type.String(),
  periods: Type.Array(PeriodSchema),
  publications: Type.Array(PublicationSchema),
});
const CoverageSchema = Type.Object({
  catalogueId: Type.Integer(),
  orgName: Type.String(),
  year: Type.Integer(),
  today: Type.String(),
  total: DomainCoverageSchema,
  domains: Type.Array(DomainCoverageSchema),
  entries: Type.Array(EntryCoverageSchema),
});
const PostingSchema = Type.Object({
  id: Type.Integer(),
  entryId: Type.Integer(),
  channel: Type.String(),
  title: Type.String(),
  formedOn: Type.Union([Type.String(), Type.Null()]),
  postedOn: Type.String(),
  photoName: Type.String(),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
});

const coverageJson = (c: CatalogueCoverage) => ({
  catalogueId: c.catalogue.id,
  orgName: c.orgName,
  year: c.catalogue.year,
  today: c.today,
  total: c.total,
  domains: c.domains,
  entries: c.entries.map(({ entry, status }) => ({
    entryId: entry.id,
    domain: entry.domain,
    item: entryName(entry),
    timeLimit: entry.timeLimit,
    timeLimitUnderstood: status.rule.ok,
    state: status.state,
    fulfilled: status.fulfilled,
    timeliness: status.timeliness,
    lastPublished: status.lastPublished,
    nextDue: status.nextDue,
    dueText: status.dueText,
    periods: status.periods,
    publications: status.publications,
  })),
});

/** The catalogue's JSON routes. */
export function catalogueApi(app: FastifyInstance): void {
  const ctx = app.ctx;
  const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
  const today = () => shanghaiDate(ctx.clock.now());

  // ───────────── API ─────────────
  app.get(
    '/api/v1/catalogue/templates',
    {
      schema: {
        operationId: 'catalogue.templates.list',
        tags: TAG,
        summary: '领域模板（全区共用）',
        querystring: StrictObject({ scope: Type.Optional(keys(SCOPES)) }),
        response: { 200: Type.Array(TemplateSchema), ...errors(401, 403) },
      },
    },
    (req) => listTemplates(ctx, req.actor, (req.query as { scope?: 'township' | 'village' }).scope),
  );
  app.put(
    '/api/v1/catalogue/templates/:id',
    {
      schema: {
        operationId: 'catalogue.templates.update',
        tags: TAG,
        summary: '修改模板事项（公开办；已编制的目录不受影响）',
        params: IdParams,
        body: EntryBody,
        response: { 200: TemplateSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateTemplateEntry(ctx, req.actor, idOf(req), req.body as EntryFields),
  );
  app.post(
    '/api/v1/catalogue/templates',
    {
      schema: {
        operationId: 'catalogue.templates.create',
        tags: TAG,
        summary: '增加模板事项（公开办；加入已有领域或新建领域）',
        body: StrictObject({
          ...EntryFieldsSchema,
          scope: Type.Optional(keys(SCOPES)),
        }),
        response: { 201: TemplateSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createTemplateEntry(ctx, req.actor, req.body as TemplateEntryInput)),
  );
  app.delete(
    '/api/v1/catalogue/templates/:id',
    {
      schema: {
        operationId: 'catalogue.templates.delete',
        tags: TAG,
        summary: '删除模板事项（公开办；已编制的目录保留该事项）',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await deleteTemplateEntry(ctx, req.actor, idOf(req));
      return reply.code(204).send();
    },
  );
  app.get(
    '/api/v1/catalogue/templates/export.xlsx',
    {
      schema: {
        operationId: 'catalogue.templates.export',
        tags: TAG,
        summary: '导出一个领域的模板（.xlsx，目录表各栏加核对情况、可信度、见证副本、备注）',
        querystring: StrictObject({ domain: Type.String({ minLength: 1, maxLength: 40 }) }),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: {
          200: fileResponse(
            '一个领域的模板（.xlsx）',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req, reply) => {
      const { domain } = req.query as { domain: string };
      return sendXlsx(reply, await exportTemplateXlsx(ctx, req.actor, domain), `模板-${domain}`);
    },
  );
  app.post(
    '/api/v1/catalogue/templates/import',
    {
      schema: {
        operationId: 'catalogue.templates.replace',
        tags: TAG,
        summary:
          '用本省版本替换一个领域的模板（公开办；multipart，字段 file：与目录导出相同各栏的 .xlsx；任一行有误则不替换）',
        querystring: StrictObject({ domain: Type.String({ minLength: 1, maxLength: 40 }) }),
        consumes: ['multipart/form-data'],
        response: { 200: TemplateReplaceSchema, ...errors(400, 401, 403, 404, 413) },
      },
    },
    async (req) => {
      const { domain } = req.query as { domain: string };
      const file = await uploadFrom(req);
      return replaceTemplateFromXlsx(ctx, req.actor, domain, file.data, file.name);
    },
  );
  app.get(
    '/api/v1/catalogues',
    {
      schema: {
        operationId: 'catalogue.catalogues.list',
        tags: TAG,
        summary: '目录列表（本单位及下属村、社区；公开办为全区）',
        querystring: StrictObject({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
        response: { 200: CatalogueListSchema, ...errors(401, 403) },
      },
    },
    (req) => listCatalogues(ctx, req.actor, req.query as { year?: number }),
  );
  app.post(
    '/api/v1/catalogues',
    {
      schema: {
        operationId: 'catalogue.catalogues.create',
        tags: TAG,
        summary: '按领域模板编制年度目录',
        body: StrictObject({
          orgId: Type.Integer({ minimum: 1 }),
          year: Type.Integer({ minimum: 2019, maximum: 2100 }),
          domains: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 40 })),
          title: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 201: CatalogueSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await createCatalogue(
            ctx,
            req.actor,
            req.body as { orgId: number; year: number; domains?: string[] },
          ),
        ),
  );
  app.get(
    '/api/v1/catalogues/:id',
    {
      schema: {
        operationId: 'catalogue.catalogues.get',
        tags: TAG,
        summary: '目录及其公开事项',
        params: IdParams,
        response: { 200: CatalogueDetailSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getCatalogue(ctx, req.actor, idOf(req)),
  );
  app.put(
    '/api/v1/catalogues/:id',
    {
      schema: {
        operationId: 'catalogue.catalogues.update',
        tags: TAG,
        summary: '修改建设成效与改进措施',
        params: IdParams,
        body: StrictObject({ notes: Type.String({ maxLength: 5000 }) }),
        response: { 200: CatalogueSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateCatalogueNotes(ctx, req.actor, idOf(req), (req.body as { notes: string }).notes),
  );
  app.post(
    '/api/v1/catalogues/:id/entries',
    {
      schema: {
        operationId: 'catalogue.entries.create',
        tags: TAG,
        summary: '增补公开事项',
        params: IdParams,
        body: EntryBody,
        response: { 201: EntrySchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createEntry(ctx, req.actor, idOf(req), req.body as EntryFields)),
  );
  app.put(
    '/api/v1/catalogue/entries/:id',
    {
      schema: {
        operationId: 'catalogue.entries.update',
        tags: TAG,
        summary: '修改公开事项',
        params: IdParams,
        body: EntryBody,
        response: { 200: EntrySchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateEntry(ctx, req.actor, idOf(req), req.body as EntryFields),
  );
  app.delete(
    '/api/v1/catalogue/entries/:id',
    {
      schema: {
        operationId: 'catalogue.entries.delete',
        tags: TAG,
        summary: '删除公开事项（已有线下公开记录的不能删除）',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await deleteEntry(ctx, req.actor, idOf(req));
      return reply.code(204).send();
    },
  );
  app.put(
    '/api/v1/catalogue/entries/:id/mapping',
    {
      schema: {
        operationId: 'catalogue.entries.map',
        tags: TAG,
        summary: '设置事项对应的栏目和信息类型（在这些栏目发布的本单位信息计入该事项）',
        params: IdParams,
        body: StrictObject({
          columnIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20 }),
          itemKinds: Type.Array(keys(ITEM_KINDS), { maxItems: 5, description: '空为不限' }),
        }),
        response: { 200: EntrySchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) =>
      setEntryMapping(ctx, req.actor, idOf(req), req.body as { columnIds: number[]; itemKinds: string[] }),
  );
  app.post(
    '/api/v1/catalogue/entries/:id/postings',
    {
      schema: {
        operationId: 'catalogue.postings.create',
        tags: TAG,
        summary:
          '登记线下公开（multipart：channel 渠道, title 内容, postedOn 张贴日期, formedOn 信息形成日期（可选）, photo 照片 JPG/PNG ≤10MB）',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: PostingSchema, ...errors(400, 401, 403, 404, 413) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await recordPosting(ctx, req.actor, idOf(req), await postingFrom(req))),
  );
  app.get(
    '/api/v1/catalogues/:id/postings',
    {
      schema: {
        operationId: 'catalogue.postings.list',
        tags: TAG,
        summary: '线下公开记录',
        params: IdParams,
        response: { 200: Type.Array(PostingSchema), ...errors(401, 403, 404) },
      },
    },
    (req) => listPostings(ctx, req.actor, idOf(req)),
  );
  app.get(
    '/api/v1/catalogues/:id/coverage',
    {
      schema: {
        operationId: 'catalogue.catalogues.coverage',
        tags: TAG,
        summary: '目录覆盖率和时效（按事项、领域）',
        params: IdParams,
        response: { 200: CoverageSchema, ...errors(401, 403, 404) },
      },
    },
    async (req) => coverageJson(await catalogueCoverage(ctx, req.actor, idOf(req))),
  );
  app.get(
    '/api/v1/catalogue/coverage',
    {
      schema: {
        operationId: 'catalogue.coverage.summary',
        tags: TAG,
        summary: '各乡镇（村、社区）目录覆盖率',
        querystring: StrictObject({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        response: {
          200: Type.Array(
            Type.Object({
              catalogueId: Type.Integer(),
              orgName: Type.String(),
              total: DomainCoverageSchema,
              domains: Type.Array(DomainCoverageSchema),
              gaps: Type.Integer(),
              late: Type.Integer(),
            }),
          ),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) =>
      (await coverageOverview(ctx, req.actor, (req.query as { year: number }).year)).map((r) => ({
        catalogueId: r.catalogue.id,
        orgName: r.orgName,
        total: r.total,
        domains: r.domains,
        gaps: r.gaps,
        late: r.late,
      })),
  );
  app.get(
    '/api/v1/catalogues/:id/export.xlsx',
    {
      schema: {
        operationId: 'catalogue.catalogues.exportXlsx',
        tags: TAG,
        summary: '导出目录（Excel，标准目录表格式）',
        params: IdParams,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: {
          200: fileResponse(
            '标准目录表（.xlsx）',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ),
          ...errors(401, 403, 404),
        },
      },
    },
    async (req, reply) => sendXlsx(reply, await exportCatalogueXlsx(ctx, req.actor, idOf(req)), idOf(req)),
  );
  app.post(
    '/api/v1/catalogues/:id/import',
    {
      schema: {
        operationId: 'catalogue.catalogues.import',
        tags: TAG,
        summary: '导入目录（multipart，字段 file：标准目录表 .xlsx；任一行有误则不导入）',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: {
          200: Type.Object({
            created: Type.Integer(),
            updated: Type.Integer(),
            deleted: Type.Integer(),
            warnings: Type.Array(Type.String()),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => importCatalogueXlsx(ctx, req.actor, idOf(req), await fileFrom(req)),
  );
  app.post(
    '/api/v1/catalogues/:id/evidence',
    {
      schema: {
        operationId: 'catalogue.catalogues.addEvidence',
        tags: TAG,
        summary: '把建设情况报告作为佐证材料关联到任务台账（默认第 13 项）',
        params: IdParams,
        body: StrictObject({ taskNumber: Type.Optional(Type.String({ pattern: '^\\d{1,3}$' })) }),
        response: {
          201: Type.Object({
            id: Type.Integer(),
            taskId: Type.Integer(),
            url: Type.String(),
            title: Type.String(),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await attachPilotReport(
            ctx,
            req.actor,
            idOf(req),
            (req.body as { taskNumber?: string }).taskNumber,
          ),
        ),
  );
  app.get(
    '/api/v1/catalogue/postings/:id/photo',
    {
      schema: {
        operationId: 'catalogue.postings.photo',
        tags: TAG,
        summary: '线下公开照片（工作人员）',
        params: IdParams,
        response: { 200: fileResponse('照片', 'image/jpeg', 'image/png'), ...errors(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { posting, data } = await readPostingPhoto(ctx, req.actor, idOf(req));
      return reply
        .type(posting.photoMime)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(posting.photoName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(data);
    },
  );
}
