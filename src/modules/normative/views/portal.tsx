/** The portal's library pages (/gfxwj): the list with its search, and a document. */
import { Notice, Pagination } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { Org } from '../../org/model.ts';
import type { DocumentDetail, LibraryFilter, NormativeDocumentView } from '../service.ts';
import { AsOf, FilterForm, PointInTimeForm } from './filters.tsx';
import {
  BodyText,
  DocumentFacts,
  DocumentTable,
  History,
  Interpretations,
  Relations,
  SampleMark,
  StatusBanner,
} from './parts.tsx';

const docHref = (id: number) => `/gfxwj/${id}`;

/** The public library: search, point in time, the list and the open-data links. */
export function LibraryPage({
  page,
  filter,
  result,
  orgs,
  now,
  base,
}: {
  page: PageContext;
  filter: LibraryFilter;
  result: { items: NormativeDocumentView[]; total: number; page: number; pageSize: number };
  orgs: Org[];
  now: Date;
  base: string;
}) {
  return (
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
  );
}

/** A document of the library, with its status (as of `?on=`), text, interpretations, relations and history. */
export function DocumentPage({ doc, today }: { doc: DocumentDetail; today: string }) {
  return (
    <article class="gfx-doc">
      <h1>
        {doc.title}
        <SampleMark sample={doc.isSample} />
      </h1>
      {doc.isSample && <Notice kind="info">本文件为系统演示数据，不是真实文件。</Notice>}
      <AsOf doc={doc} today={today} href={docHref(doc.id)} />
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
  );
}
