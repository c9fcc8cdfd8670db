/** Search: the public JSON API and the portal's /search page (a GET form that works without JavaScript). */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { ErrorSummary, Field, Notice, Pagination, Select } from '../../web/components.tsx';
import { renderPortal } from '../../web/respond.tsx';
import { errors, StrictObject } from '../../web/schemas.ts';
import { allOrgs } from '../org/service.ts';
import {
  hasCriteria,
  ITEM_TYPE_LABELS,
  MAX_QUERY_LENGTH,
  parseSearchQuery,
  queryParams,
  toQueryString,
  VALIDITY_LABELS,
  type RawSearchParams,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from './model.ts';
import { loadSearchDictionary, search, searchFacets } from './service.ts';
import { feedRoutes } from './feeds.ts';
import { synonymRoutes } from './synonym-routes.tsx';

const SearchQuerystring = StrictObject({
  q: Type.Optional(
    Type.String({
      description: '搜索词；可以是文号（任意括号样式），如 洪府办发[2022]66号；超过 100 字时只搜索前 100 字',
    }),
  ),
  column: Type.Optional(Type.String({ maxLength: 100, description: '栏目' })),
  topic: Type.Optional(Type.String({ maxLength: 100, description: '专题' })),
  org: Type.Optional(Type.String({ maxLength: 10, description: '发布机关编号' })),
  year: Type.Optional(Type.String({ maxLength: 10, description: '发布年份，如 2022' })),
  type: Type.Optional(
    Type.String({
      maxLength: 50,
      description: '信息类型：article / notice / policy / interpretation / data …',
    }),
  ),
  validity: Type.Optional(
    Type.String({ maxLength: 30, description: '规范性文件效力：in_force / amended / repealed / expired' }),
  ),
  sort: Type.Optional(
    Type.String({ maxLength: 20, description: 'relevance（相关度，默认）或 date（时间）' }),
  ),
  page: Type.Optional(Type.String({ maxLength: 10, description: '页码，从 1 开始' })),
  pageSize: Type.Optional(Type.String({ maxLength: 10, description: '每页条数，1–50，默认 10' })),
});

const HitSchema = Type.Object({
  kind: Type.String({ description: '来源：item（信息）/ normative（规范性文件）/ …' }),
  refId: Type.Integer({ description: '来源记录编号' }),
  url: Type.String({ description: '页面地址' }),
  title: Type.String(),
  titleHtml: Type.String({ description: '标题，已转义，命中词以 <mark> 标出' }),
  snippetHtml: Type.String({ description: '正文摘要，已转义，命中词以 <mark> 标出' }),
  orgId: Type.Union([Type.Integer(), Type.Null()], { description: '发布机关' }),
  docNumber: Type.Union([Type.String(), Type.Null()], { description: '文号（规范化）' }),
  publishedOn: Type.String({ description: '发布日期 YYYY-MM-DD' }),
  itemType: Type.Union([Type.String(), Type.Null()]),
  validity: Type.Union([Type.String(), Type.Null()]),
  columnKeys: Type.Array(Type.String()),
  topicKeys: Type.Array(Type.String()),
  exact: Type.Boolean({ description: '是否为文号精确匹配' }),
  missing: Type.Array(Type.String(), {
    description:
      '该条不包含的搜索词：完全匹配时为空；全部词都匹配的结果太少时，排在后面的“部分匹配”结果列出缺少的词',
  }),
});

const ResultSchema = Type.Object({
  total: Type.Integer({ description: '结果总数；totalExact 为 false 时表示“至少这么多”' }),
  totalExact: Type.Boolean({ description: '结果总数是否精确（极常见的词在大站点上只统计到 2000 条）' }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  terms: Type.Array(Type.String(), { description: '分词后的搜索词' }),
  docNumber: Type.Union([Type.String(), Type.Null()], { description: '搜索词中识别出的文号' }),
  hits: Type.Array(HitSchema),
  suggestions: Type.Array(
    Type.Object({ label: Type.String(), params: Type.Record(Type.String(), Type.String()) }),
    { description: '无结果时的建议' },
  ),
  pinyin: Type.Union([Type.String(), Type.Null()], {
    description:
      '搜索词按拼音识别成的中文（如 yingshang huanjing → 营商环境），结果即该中文的结果；否则为 null',
  }),
  synonyms: Type.Array(Type.String(), { description: '同时搜索的同义词或全称（如 低保 → 最低生活保障）' }),
  partial: Type.Integer({ description: '结果中只包含部分搜索词的条数（排在完全匹配之后）' }),
  cut: Type.Boolean({ description: '搜索词超过 100 字时为 true：只搜索了前 100 字' }),
});

function apiResult(r: SearchResult) {
  return {
    total: r.total,
    totalExact: r.totalExact,
    page: r.query.page,
    pageSize: r.query.pageSize,
    terms: r.terms,
    docNumber: r.docNumber,
    hits: r.hits,
    suggestions: r.suggestions,
    pinyin: r.pinyin,
    synonyms: r.synonyms,
    partial: r.partial,
    cut: r.query.cut === true,
  };
}

const SORTS = [
  { value: 'relevance', label: '按相关度' },
  { value: 'date', label: '按发布时间' },
];

function Hit({ hit, orgName }: { hit: SearchHit; orgName: string | undefined }) {
  return (
    <li class="search-hit">
      <h3>
        <a href={hit.url} dangerouslySetInnerHTML={{ __html: hit.titleHtml }} />
      </h3>
      <p class="search-meta">
        {hit.exact && <strong class="search-exact">文号精确匹配</strong>}
        {hit.missing.length > 0 && (
          <strong class="search-partial">部分匹配：不含“{hit.missing.join('”“')}”</strong>
        )}
        <span>发布日期：{hit.publishedOn}</span>
        {orgName && <span>发布机关：{orgName}</span>}
        {hit.docNumber && <span>文号：{hit.docNumber}</span>}
        {hit.itemType && <span>类型：{ITEM_TYPE_LABELS[hit.itemType] ?? hit.itemType}</span>}
        {hit.validity && <span>效力：{VALIDITY_LABELS[hit.validity] ?? hit.validity}</span>}
      </p>
      <p class="search-snippet" dangerouslySetInnerHTML={{ __html: hit.snippetHtml }} />
    </li>
  );
}

export const searchRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;
  await app.register(feedRoutes);
  await app.register(synonymRoutes);
  // Org names into the segmentation dictionary once the demo seed (if any) has created them.
  app.addHook('onReady', async () => {
    await loadSearchDictionary(ctx.db);
  });

  app.get(
    '/api/v1/search',
    {
      schema: {
        operationId: 'search.documents.search',
        tags: ['搜索'],
        summary: '站内全文搜索（中文分词、文号精确匹配、筛选、排序、高亮摘要）',
        querystring: SearchQuerystring,
        response: { 200: ResultSchema, ...errors(400) },
      },
    },
    async (req) => apiResult(await search(ctx.db, parseSearchQuery(req.query as RawSearchParams))),
  );

  app.get('/search', { schema: { hide: true, querystring: SearchQuerystring } }, async (req, reply) => {
    const raw = req.query as RawSearchParams;
    let query: SearchQuery | null = null;
    let error: AppError | undefined;
    try {
      query = parseSearchQuery(raw);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e;
    }
    const result = query && hasCriteria(query) ? await search(ctx.db, query) : null;
    const facets = await searchFacets(ctx.db);
    const orgs = await allOrgs(ctx.db);
    const orgName = (id: number | null) => orgs.find((o) => o.id === id)?.name;
    const shown: SearchQuery = query ?? {
      q: String(raw.q ?? '').slice(0, 100),
      sort: 'relevance',
      page: 1,
      pageSize: 10,
    };
    const any = (label: string) => ({ value: '', label });
    const activeFilters =
      [shown.column, shown.topic, shown.org, shown.year, shown.type, shown.validity].filter(
        (v) => v !== undefined && v !== null && v !== '',
      ).length + (shown.sort !== 'relevance' ? 1 : 0);
    const filterError = !!error && Object.keys(error.fields ?? {}).some((k) => k !== 'q');
    const base = `/search${toQueryString(queryParams(shown, { page: undefined }))}`;
    const title = result ? `“${shown.q || '筛选'}”的搜索结果` : '站内搜索';
    return renderPortal(
      req,
      reply,
      {
        title,
        status: error ? 400 : 200,
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/search', label: '站内搜索' },
        ],
        description: (site) => `搜索${site.name}门户网站的政府信息、政策文件和解读`,
      },
      <>
        <h1>站内搜索</h1>
        <form method="get" action="/search" role="search" class="search-form" novalidate>
          <ErrorSummary message={error?.userMessage} fields={error?.fields} />
          <Field
            label="搜索词"
            name="q"
            type="search"
            value={shown.q}
            maxLength={100}
            hint="可输入关键词或文号，如：营商环境、洪府办发〔2022〕66号"
            error={error?.fields.q}
          />
          {/* On phones the seven filters fold behind one control, so the results come first. */}
          <details class="search-more" open={filterError}>
            <summary>
              筛选条件{activeFilters > 0 ? `（已选 ${activeFilters} 项）` : '（栏目、机关、年份等）'}
            </summary>
            <div class="search-filters">
              <Select
                label="栏目"
                name="column"
                value={shown.column}
                options={[any('全部栏目'), ...facets.columns.map((c) => ({ value: c, label: c }))]}
              />
              <Select
                label="专题"
                name="topic"
                value={shown.topic}
                options={[any('全部专题'), ...facets.topics.map((c) => ({ value: c, label: c }))]}
              />
              <Select
                label="发布机关"
                name="org"
                value={shown.org}
                options={[
                  any('全部机关'),
                  ...orgs
                    .filter((o) => facets.orgIds.includes(o.id))
                    .map((o) => ({ value: o.id, label: o.name })),
                ]}
                error={error?.fields.org}
              />
              <Select
                label="年份"
                name="year"
                value={shown.year}
                options={[any('全部年份'), ...facets.years.map((y) => ({ value: y, label: `${y}年` }))]}
                error={error?.fields.year}
              />
              <Select
                label="类型"
                name="type"
                value={shown.type}
                options={[
                  any('全部类型'),
                  ...facets.types.map((t) => ({ value: t, label: ITEM_TYPE_LABELS[t] ?? t })),
                ]}
              />
              <Select
                label="效力状态（规范性文件）"
                name="validity"
                value={shown.validity}
                options={[
                  any('不限'),
                  ...Object.entries(VALIDITY_LABELS).map(([value, label]) => ({ value, label })),
                ]}
                error={error?.fields.validity}
              />
              <Select
                label="排序"
                name="sort"
                value={shown.sort}
                options={SORTS}
                error={error?.fields.sort}
              />
            </div>
          </details>
          <div class="actions">
            <button type="submit">搜索</button>
            {result && <a href="/search">清空条件</a>}
          </div>
        </form>
        {result && (
          <section aria-labelledby="results-heading">
            <h2 id="results-heading">搜索结果</h2>
            {shown.cut && (
              <Notice>
                搜索词超过 {MAX_QUERY_LENGTH} 个字，只搜索了前 {MAX_QUERY_LENGTH} 个字。
              </Notice>
            )}
            {result.total > 0 ? (
              <>
                {result.pinyin && (
                  <p class="search-pinyin">
                    已按拼音“{shown.q}”搜索“{result.pinyin}”。
                  </p>
                )}
                {result.synonyms.length > 0 && (
                  <p class="search-synonyms">已同时搜索：{result.synonyms.join('、')}</p>
                )}
                {result.partial > 0 &&
                  (result.partial === result.total ? (
                    <>
                      <Notice>
                        没有同时包含全部搜索词的信息。以下 {result.partial}{' '}
                        条只包含部分搜索词，每条注明缺少的词。
                      </Notice>
                      {result.suggestions.length > 0 && (
                        <ul class="search-suggestions">
                          {result.suggestions.map((s) => (
                            <li>
                              <a href={`/search${toQueryString(s.params)}`}>{s.label}</a>
                            </li>
                          ))}
                        </ul>
                      )}
                    </>
                  ) : (
                    <p class="search-partial-note">
                      其中 {result.total - result.partial} 条包含全部搜索词；其后 {result.partial}{' '}
                      条只包含部分搜索词，每条注明缺少的词。
                    </p>
                  ))}
                <p>
                  共找到 {result.total}
                  {result.totalExact ? '' : ' 多'} 条结果
                  {result.terms.length > 0 && <>（搜索词：{result.terms.join('、')}）</>}。
                  {shown.sort === 'relevance' ? (
                    <a
                      href={`/search${toQueryString(queryParams(shown, { sort: 'date', page: undefined }))}`}
                    >
                      改为按发布时间排序
                    </a>
                  ) : (
                    <a
                      href={`/search${toQueryString(queryParams(shown, { sort: 'relevance', page: undefined }))}`}
                    >
                      改为按相关度排序
                    </a>
                  )}
                </p>
                <ol class="search-results" start={(shown.page - 1) * shown.pageSize + 1}>
                  {result.hits.map((h) => (
                    <Hit hit={h} orgName={orgName(h.orgId)} />
                  ))}
                </ol>
                <Pagination
                  page={shown.page}
                  pageSize={shown.pageSize}
                  total={Math.min(result.total, 1000 * shown.pageSize)}
                  baseUrl={base}
                />
              </>
            ) : (
              <>
                <Notice>
                  {result.docNumber
                    ? `没有找到文号为“${result.docNumber}”的文件，也没有找到包含这些词的信息。`
                    : '没有找到符合条件的信息。'}
                </Notice>
                <h3>您可以试试：</h3>
                <ul>
                  {result.suggestions.map((s) => (
                    <li>
                      <a href={`/search${toQueryString(s.params)}`}>{s.label}</a>
                    </li>
                  ))}
                  <li>检查是否有错别字，或换用更常见的说法（如“核酸检测”而不是“做核酸”）。</li>
                  <li>
                    查找政策文件可到<a href="/gfxwj">规范性文件</a>栏目；没有公开的信息可以
                    <a href="/ysqgk">申请政府信息公开</a>。
                  </li>
                </ul>
              </>
            )}
          </section>
        )}
      </>,
    );
  });
};
