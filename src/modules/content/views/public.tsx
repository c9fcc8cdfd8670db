/** Portal pages of the content module: column lists, item pages, topics, the withdrawal notice. */
import { Notice, Pagination } from '../../../web/components.tsx';
import type { NavItem } from '../../../web/layout.tsx';
import { EmptyNote, type EmptyState } from '../../../web/table.tsx';
import {
  COLUMN_KINDS,
  INTERP_FORMS,
  INTERP_POINTS,
  bodyForPage,
  ITEM_KINDS,
  SOURCES,
  VALIDITIES,
  type InterpPoint,
} from '../model.ts';
import type { AttachmentListing, Column, Item, ItemSummary, Topic } from '../model.ts';
import type { RelatedLink } from '../integrations.ts';
import { bytes, Dl, when } from './parts.tsx';

/** Breadcrumbs from the root column down to `column`. */
export function columnCrumbs(columns: Column[], column: Column | undefined): NavItem[] {
  const trail: NavItem[] = [];
  let c = column;
  const seen = new Set<number>();
  while (c && !seen.has(c.id)) {
    seen.add(c.id);
    trail.unshift({ href: columnHref(c), label: c.name });
    c = columns.find((x) => x.id === c!.parentId);
  }
  return [{ href: '/', label: '首页' }, ...trail];
}

/** The standard 依申请公开 column (standard.ts): its tile leads to the guide page with the form, not to an item list. */
export const YSQGK_COLUMN_SLUG = 'xxgk-ysqgk';

export const columnHref = (c: Pick<Column, 'slug'>) =>
  c.slug === 'xxgk' ? '/xxgk' : c.slug === YSQGK_COLUMN_SLUG ? '/ysqgk' : `/columns/${c.slug}`;

/**
 * The action a citizen can take on a subject while its column or section has nothing yet: the
 * 依申请公开 form, the 政策咨询 form, the drafts open for comment, else a site search on its name.
 */
export function relatedAction(name: string): { href: string; label: string } {
  if (/依申请|申请公开/.test(name)) return { href: '/ysqgk', label: '依申请公开：申请获取政府信息' };
  if (/咨询|问答/.test(name)) return { href: '/hdjl/zxzx', label: '我要咨询：提出政策咨询' };
  if (/征集|征求意见/.test(name)) return { href: '/hdjl/yjzj', label: '意见征集：查看正在征求意见的草案' };
  if (/解读/.test(name)) return { href: '/gfxwj', label: '查看规范性文件库' };
  return { href: `/search?q=${encodeURIComponent(name)}`, label: `在站内搜索“${name}”` };
}

/** What an empty column says: what it will hold (its description, else its kind) and what to do now. */
export function emptyColumn(column: Pick<Column, 'name' | 'description' | 'kind'>): EmptyState {
  const holds = column.description
    ? column.description.replace(/[。.]$/, '')
    : `本栏目发布“${column.name}”方面的${COLUMN_KINDS[column.kind] ?? ''}信息`;
  return { text: `${holds}。目前暂无已发布的信息，发布后将在这里列出。`, action: relatedAction(column.name) };
}

export function ItemList({
  items,
  orgName,
  empty = '本栏目暂无内容。',
}: {
  items: ItemSummary[];
  orgName: (id: number) => string;
  empty?: string | EmptyState;
}) {
  if (items.length === 0) return typeof empty === 'string' ? <p>{empty}</p> : <EmptyNote empty={empty} />;
  return (
    <ul class="link-list">
      {items.map((i) => (
        <li>
          <a href={`/items/${i.id}`}>{i.title}</a>
          <span class="meta">
            {orgName(i.orgId)}{' '}
            <time class="date-text" dateTime={i.publishedAt ?? undefined}>
              {when(i.publishedAt).slice(0, 10)}
            </time>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ColumnPage(props: {
  column: Column;
  children: Column[];
  items: ItemSummary[];
  total: number;
  page: number;
  pageSize: number;
  orgName: (id: number) => string;
}) {
  const { column, children } = props;
  return (
    <>
      <h1>{column.name}</h1>
      {column.description && <p>{column.description}</p>}
      {children.length > 0 && (
        <nav aria-label={`${column.name}的子栏目`}>
          <ul class="cards link-cards">
            {children.map((c) => (
              <li class="card">
                <a href={columnHref(c)}>{c.name}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {(props.total > 0 || children.length === 0) && (
        <section aria-labelledby="col-items">
          <h2 id="col-items">信息列表</h2>
          <ItemList items={props.items} orgName={props.orgName} empty={emptyColumn(column)} />
          <Pagination
            page={props.page}
            pageSize={props.pageSize}
            total={props.total}
            baseUrl={columnHref(column)}
          />
        </section>
      )}
    </>
  );
}

export function ItemPage(props: {
  item: Item;
  orgName: string;
  columns: Column[];
  attachments: AttachmentListing[];
  interprets: RelatedLink[];
  interpretedBy: RelatedLink[];
}) {
  const { item } = props;
  return (
    <article class="item-page">
      <h1>{item.title}</h1>
      {item.isSample && <p class="sample-note">（演示数据，非真实发文）</p>}
      <Dl
        rows={[
          ...(item.policy
            ? ([
                ['索引号', item.policy.indexNumber || '—'],
                ['主题分类', item.policy.subject || '—'],
                ['发布机构', item.policy.issuingAgency || props.orgName],
                ['成文日期', item.policy.writtenDate ?? '—'],
                ['有效性', VALIDITIES[item.policy.validity]],
              ] as [string, string][])
            : ([['发布机构', props.orgName]] as [string, string][])),
          ...(item.docNumber ? ([['发文字号', item.docNumber]] as [string, string][]) : []),
          ['信息类别', ITEM_KINDS[item.kind]],
          ['发布日期', <time dateTime={item.publishedAt ?? undefined}>{when(item.publishedAt)}</time>],
          ...(item.modifiedAt
            ? ([['修改日期', <time dateTime={item.modifiedAt}>{when(item.modifiedAt)}</time>]] as [
                string,
                any,
              ][])
            : []),
          ['来源', item.source === 'reposted' ? `转载（${item.origin ?? ''}）` : SOURCES.original],
          ...(item.kind === 'interpretation' && item.interpForm
            ? ([['解读形式', INTERP_FORMS[item.interpForm]]] as [string, string][])
            : []),
        ]}
      />
      {props.interprets.length > 0 && (
        <section aria-labelledby="rel-docs" class="related">
          <h2 id="rel-docs">解读的文件</h2>
          <ul>
            {props.interprets.map((d) => (
              <li>
                <a href={d.href}>{d.title}</a>
                {d.docNumber && <span class="meta">（{d.docNumber}）</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ItemContent item={item} attachments={props.attachments} />
      {props.interpretedBy.length > 0 && (
        <section aria-labelledby="rel-interp" class="related">
          <h2 id="rel-interp">相关解读</h2>
          <ul>
            {props.interpretedBy.map((d) => (
              <li>
                <a href={d.href}>{d.title}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p class="no-print meta">
        打印本页：使用浏览器的“打印”功能（Ctrl+P），页面会自动去掉导航，只保留正文。
      </p>
    </article>
  );
}

/**
 * What a reader sees of an item below its facts: the body, the 解读 points, the data table and the
 * attachments. The portal page and the back office's review screens (审核, 保密审查, 发布) show the
 * same thing, so a reviewer approves exactly what will appear.
 */
export function ItemContent({
  item,
  attachments,
  level = 2,
  idPrefix = '',
}: {
  item: Item;
  attachments: AttachmentListing[];
  level?: 2 | 3;
  idPrefix?: string;
}) {
  const points = Object.entries(item.interpPoints).filter(([, v]) => v) as [InterpPoint, string][];
  const H = level === 2 ? 'h2' : 'h3';
  const Sub = level === 2 ? 'h3' : 'h4';
  return (
    <>
      <div class="item-body" dangerouslySetInnerHTML={{ __html: bodyForPage(item.body) }} />
      {points.length > 0 && (
        <section aria-labelledby={`${idPrefix}interp-points`}>
          <H id={`${idPrefix}interp-points`}>解读要点</H>
          {points.map(([k, v]) => (
            <section>
              <Sub>{INTERP_POINTS[k]}</Sub>
              {v.split(/\n+/).map((p) => (
                <p>{p}</p>
              ))}
            </section>
          ))}
        </section>
      )}
      {item.dataTable && (
        <section aria-labelledby={`${idPrefix}data-table`}>
          <H id={`${idPrefix}data-table`}>数据表</H>
          {item.status === 'published' && (
            <p class="actions">
              <a href={`/items/${item.id}/table.xlsx`}>下载 Excel 表格</a>
              <a href={`/items/${item.id}/table.csv`}>下载 CSV 文件</a>
            </p>
          )}
          {/* Focusable so that keyboard users can scroll a wide table on a narrow screen. */}
          <div
            class="table-wrap"
            tabindex={0}
            role="region"
            aria-label={`数据表：${item.title}（可左右滚动）`}
          >
            <table>
              <caption>{item.title}</caption>
              <thead>
                <tr>
                  {item.dataTable.columns.map((c) => (
                    <th scope="col">{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {item.dataTable.rows.map((r) => (
                  <tr>
                    {r.map((c) => (
                      <td>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {attachments.length > 0 && (
        <section aria-labelledby={`${idPrefix}atts`}>
          <H id={`${idPrefix}atts`}>附件</H>
          <ul>
            {attachments.map((a) => (
              <li>
                <a href={`/files/content/${a.id}/${encodeURIComponent(a.name)}`}>{a.name}</a>{' '}
                <span class="meta">（{bytes(a.size)}）</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export function WithdrawnPage({ item, orgName }: { item: Item; orgName: string }) {
  return (
    <>
      <h1>{item.title}</h1>
      <Notice kind="warning">
        <p>
          <strong>本信息已于 {when(item.withdrawnAt).slice(0, 10)} 撤回。</strong>
        </p>
        <p>撤回原因：{item.withdrawalReason}</p>
        <p>发布机构：{orgName}</p>
      </Notice>
      <p>
        <a href="/">返回首页</a>
      </p>
    </>
  );
}

export function TopicsIndex({ topics }: { topics: Topic[] }) {
  return (
    <>
      <h1>专题专栏</h1>
      <ul class="cards link-cards">
        {topics.map((t) => (
          <li class="card">
            <a href={`/topics/${t.slug}`}>{t.name}</a>
            {t.summary && <p class="meta">{t.summary}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}

export function TopicPage({
  topic,
  sections,
  orgName,
}: {
  topic: Topic;
  sections: { id: number | null; name: string; items: ItemSummary[] }[];
  orgName: (id: number) => string;
}) {
  return (
    <>
      <h1>{topic.name}</h1>
      {topic.summary && <p>{topic.summary}</p>}
      {sections.map((s, i) => (
        <section aria-labelledby={`sec-${i}`}>
          <h2 id={`sec-${i}`}>{s.name}</h2>
          <ItemList
            items={s.items}
            orgName={orgName}
            empty={{
              text: `本板块将发布“${topic.name}”专题中“${s.name}”方面的信息，目前暂无内容。`,
              action: relatedAction(topic.name),
            }}
          />
        </section>
      ))}
    </>
  );
}
