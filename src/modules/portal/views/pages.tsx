/** The portal's fixed pages: accessibility statement, the phone menu, the site map. */
import { PORTAL_NAV } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page.ts';

/** Services beyond the top navigation, listed on the menu page and the site map. */
export const MORE_LINKS = [
  { href: '/ysqgk/apply', label: '在线申请政府信息公开' },
  { href: '/ysqgk/track', label: '查询申请办理进度' },
  { href: '/hdjl/zxzx', label: '政策咨询' },
  { href: '/hdjl/zxzx/faq', label: '常见问题' },
  { href: '/hdjl/yjzj', label: '意见征集' },
  { href: '/hdjl/xmt', label: '政务新媒体' },
  { href: '/topics', label: '专题专栏' },
  { href: '/catalogue', label: '基层政务公开标准目录' },
  { href: '/zones', label: '政务公开专区' },
];

/** 无障碍说明 (GB/T 37668-2019). */
export function AccessibilityPage() {
  return (
    <>
      <h1>无障碍与长辈模式说明</h1>
      <p>本网站按照 GB/T 37668-2019 和 WCAG 2.1 AA 级要求建设，并提供适老化“长辈模式”。</p>
      <ul>
        <li>点击页面顶部“长辈模式（大字）”可放大文字、加大按钮、提高对比度，设置会被记住。</li>
        <li>所有功能均可只用键盘操作；按 Tab 键时第一个链接是“跳到正文”。</li>
        <li>支持朗读的浏览器会显示“朗读本页”按钮。</li>
        <li>页面不弹窗、无广告；关闭浏览器脚本后仍可正常使用。</li>
      </ul>
    </>
  );
}

/** The menu on phones: search, every section and service, the site map, elder mode. */
export function MenuPage({ page }: { page: PageContext }) {
  return (
    <div class="menu-page">
      <h1>菜单</h1>
      <form method="get" action="/search" role="search" class="home-search">
        <label for="menu-q">站内搜索</label>
        <input id="menu-q" name="q" type="search" maxLength={100} />
        <button type="submit">搜索</button>
      </form>
      <nav aria-label="全站栏目">
        <ul class="link-list">
          {[...PORTAL_NAV, ...MORE_LINKS].map((n) => (
            <li>
              <a href={n.href}>{n.label}</a>
            </li>
          ))}
          <li>
            <a href="/sitemap">网站地图（全部栏目和专题）</a>
          </li>
          <li>
            <a href={`/elder?on=${page.elder ? 0 : 1}&back=%2Fmenu`}>
              {page.elder ? '退出长辈模式' : '长辈模式（大字）'}
            </a>
          </li>
        </ul>
      </nav>
    </div>
  );
}

/** A column as the site map lists it. */
export interface SitemapColumn {
  id: number;
  parentId: number | null;
  name: string;
  href: string;
}

/** Every column (as its tree) and every topic, besides the main sections and services. */
export function SitemapPage({
  columns,
  topics,
}: {
  columns: SitemapColumn[];
  topics: { slug: string; name: string }[];
}) {
  const tree = (parentId: number | null): preact.JSX.Element | null => {
    const kids = columns.filter((c) => c.parentId === parentId);
    if (kids.length === 0) return null;
    return (
      <ul>
        {kids.map((c) => (
          <li>
            <a href={c.href}>{c.name}</a>
            {tree(c.id)}
          </li>
        ))}
      </ul>
    );
  };
  return (
    <>
      <h1>网站地图</h1>
      <section aria-labelledby="sm-main">
        <h2 id="sm-main">主要栏目与服务</h2>
        <ul>
          {[...PORTAL_NAV, ...MORE_LINKS].map((n) => (
            <li>
              <a href={n.href}>{n.label}</a>
            </li>
          ))}
          <li>
            <a href="/about/accessibility">无障碍说明</a>
          </li>
          <li>
            <a href="/login">工作人员登录</a>
          </li>
        </ul>
      </section>
      {columns.length > 0 && (
        <section aria-labelledby="sm-columns">
          <h2 id="sm-columns">全部栏目</h2>
          {tree(null)}
        </section>
      )}
      {topics.length > 0 && (
        <section aria-labelledby="sm-topics">
          <h2 id="sm-topics">专题专栏</h2>
          <ul>
            {topics.map((t) => (
              <li>
                <a href={`/topics/${t.slug}`}>{t.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
