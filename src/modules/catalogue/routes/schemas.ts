/** The catalogue API's schemas: templates, catalogues, entries, coverage, postings. */
import { Type } from 'typebox';
import { StrictObject } from '../../../web/schemas.ts';
import { AUDIENCES, LEVELS, MODES } from '../model.ts';
import { type CatalogueCoverage } from '../service.ts';
import { entryName } from '../views/parts.tsx';

/** The OpenAPI tag of every catalogue operation. */
export const TAG = ['基层政务公开标准目录'];

/** A union of the keys of a code → label map, typed as those keys. */
export const keys = <T extends object>(o: T) =>
  Type.Unsafe<keyof T & string>(Type.Union(Object.keys(o).map((k) => Type.Literal(k))));
export const EntryFieldsSchema = {
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
export const EntryBody = StrictObject(EntryFieldsSchema);
export const EntrySchema = Type.Object({
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
export const TemplateSchema = Type.Object({
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
export const TemplateReplaceSchema = Type.Object({
  domain: Type.String(),
  before: Type.Integer({ description: '替换前的事项数' }),
  entries: Type.Integer({ description: '替换后的事项数' }),
  toCheck: Type.Integer({ description: '文件中仍标“待核对”的事项数' }),
  warnings: Type.Array(Type.String(), { description: '未能识别的公开时限（按原文保存）' }),
});
export const CatalogueSchema = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  year: Type.Integer(),
  title: Type.String(),
  scope: Type.String({ description: 'township / village' }),
  notes: Type.String({ description: '建设成效与改进措施' }),
  isSample: Type.Boolean(),
});
export const CatalogueListSchema = Type.Array(
  Type.Object({ ...CatalogueSchema.properties, orgName: Type.String(), entries: Type.Integer() }),
);
export const CatalogueDetailSchema = Type.Object({
  ...CatalogueSchema.properties,
  entries: Type.Array(EntrySchema),
});
export const DomainCoverageSchema = Type.Object({
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
export const PeriodSchema = Type.Object({
  label: Type.String(),
  opens: Type.String(),
  due: Type.String(),
  state: Type.String({ description: 'on_time / late / missing / pending' }),
  publishedOn: Type.Union([Type.String(), Type.Null()]),
});
export const PublicationSchema = Type.Object({
  source: Type.String({ description: 'online 网上发布 / offline 线下张贴' }),
  title: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  formedOn: Type.Union([Type.String(), Type.Null()]),
  publishedOn: Type.String(),
  deadline: Type.Union([Type.String(), Type.Null()]),
  onTime: Type.Union([Type.Boolean(), Type.Null()]),
});
export const EntryCoverageSchema = Type.Object({
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
export const CoverageSchema = Type.Object({
  catalogueId: Type.Integer(),
  orgName: Type.String(),
  year: Type.Integer(),
  today: Type.String(),
  total: DomainCoverageSchema,
  domains: Type.Array(DomainCoverageSchema),
  entries: Type.Array(EntryCoverageSchema),
});
export const PostingSchema = Type.Object({
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

export const coverageJson = (c: CatalogueCoverage) => ({
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

/** The catalogue API under /api/v1/catalogue and /api/v1/catalogues. */
