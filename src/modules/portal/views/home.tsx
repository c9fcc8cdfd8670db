/** The portal's home page: search box, quick links, the latest items of the main columns, the topics. */
import { shanghaiDate } from '../../../lib/time.ts';
import type { PageContext } from '../../../web/page.ts';

/** The home page's quick links (seed (三)9 and the portal's main sections). */
export const QUICK_LINKS = [
  { href: '/xxgk', label: '政府信息公开' },
  { href: '/gfxwj', label: '规范性文件' },
  { href: '/ysqgk', label: '依申请公开' },
  { href: '/zcjd', label: '政策解读' },
  { href: '/hdjl', label: '我要咨询' },
  { href: '/search', label: '站内搜索' },
];

/** One column with its latest public items. */
export interface HomeColumn {
  column: { slug: string; name: string };
  items: { id: number; title: string; publishedAt: string | null }[];
}

/** The home page. */
export function HomePage({
  page,
  latest,
  topics,
}: {
  page: PageContext;
  latest: HomeColumn[];
  topics: { slug: string; name: string }[];
}) {
  return (
    <>
      <h1 class="visually-plain">{page.site.name}</h1>
      <form method="get" action="/search" role="search" class="home-search">
        <label for="home-q">站内搜索</label>
        <input id="home-q" name="q" type="search" maxLength={100} />
        <button type="submit">搜索</button>
      </form>
      <section aria-labelledby="quick">
        <h2 id="quick">快速入口</h2>
        <ul class="cards link-cards">
          {QUICK_LINKS.map((n) => (
            <li class="card">
              <a href={n.href}>{n.label}</a>
            </li>
          ))}
        </ul>
      </section>
      {latest.length > 0 && (
        <div class="cards home-columns">
          {latest.map(({ column, items }) => (
            <section class="card" aria-labelledby={`col-${column.slug}`}>
              <h2 id={`col-${column.slug}`}>{column.name}</h2>
              {items.length ? (
                <ul class="home-list">
                  {items.map((i) => (
                    <li>
                      <a href={`/items/${i.id}`}>{i.title}</a>{' '}
                      <span class="meta">{i.publishedAt ? shanghaiDate(i.publishedAt) : ''}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>暂无信息。</p>
              )}
              <p>
                <a href={`/columns/${column.slug}`} aria-label={`${column.name}：更多`}>
                  更多
                </a>
              </p>
            </section>
          ))}
        </div>
      )}
      {topics.length > 0 && (
        <section aria-labelledby="topics">
          <h2 id="topics">专题专栏</h2>
          <ul class="cards link-cards">
            {topics.map((t) => (
              <li class="card">
                <a href={`/topics/${t.slug}`}>{t.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
