/** The portal's /search page: the GET form (works without JavaScript), its filters and the results. */
import type { AppError } from '../../../errors.ts';
import { ErrorSummary, Field, Notice, Pagination, Select } from '../../../web/components.tsx';
import type { Org } from '../../org/model.ts';
import {
  ITEM_TYPE_LABELS,
  MAX_QUERY_LENGTH,
  queryParams,
  toQueryString,
  VALIDITY_LABELS,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from '../model.ts';

/** The filter selects' values: what the index holds (the facet table). */
export interface SearchFacets {
  years: number[];
  types: string[];
  columns: string[];
  topics: string[];
  orgIds: number[];
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

/** The search page's content: the form as asked (`shown`), its errors, and the results when there are criteria. */
export function SearchPage({
  shown,
  result,
  error,
  facets,
  orgs,
}: {
  shown: SearchQuery;
  result: SearchResult | null;
  error: AppError | undefined;
  facets: SearchFacets;
  orgs: Org[];
}) {
  const orgName = (id: number | null) => orgs.find((o) => o.id === id)?.name;
  const any = (label: string) => ({ value: '', label });
  const activeFilters =
    [shown.column, shown.topic, shown.org, shown.year, shown.type, shown.validity].filter(
      (v) => v !== undefined && v !== null && v !== '',
    ).length + (shown.sort !== 'relevance' ? 1 : 0);
  const filterError = !!error && Object.keys(error.fields ?? {}).some((k) => k !== 'q');
  const base = `/search${toQueryString(queryParams(shown, { page: undefined }))}`;
  return (
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
            <Select label="排序" name="sort" value={shown.sort} options={SORTS} error={error?.fields.sort} />
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
                  <a href={`/search${toQueryString(queryParams(shown, { sort: 'date', page: undefined }))}`}>
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
    </>
  );
}
