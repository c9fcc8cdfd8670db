/**
 * The two shells: the public portal (citizens, many elderly: large targets, elder mode, read-aloud)
 * and the back office. Both are plain server-rendered HTML that works without JavaScript; the one
 * script only adds the read-aloud button.
 */
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PageContext, SiteInfo } from './page.ts';
import { ROLES } from '../modules/auth/permissions.ts';

export interface NavItem {
  href: string;
  label: string;
}

export const PORTAL_NAV: NavItem[] = [
  { href: '/', label: '首页' },
  { href: '/xxgk', label: '政府信息公开' },
  { href: '/gfxwj', label: '规范性文件' },
  { href: '/zcjd', label: '政策解读' },
  { href: '/ysqgk', label: '依申请公开' },
  { href: '/hdjl', label: '互动交流' },
  { href: '/search', label: '站内搜索' },
];

function elderToggle(page: PageContext) {
  const back = encodeURIComponent(page.path);
  return page.elder ? (
    <a class="elder-toggle" href={`/elder?on=0&back=${back}`}>
      退出长辈模式
    </a>
  ) : (
    <a class="elder-toggle" href={`/elder?on=1&back=${back}`}>
      长辈模式（大字）
    </a>
  );
}

function Head({ title, page, description }: { title: string; page: PageContext; description?: string }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} - ${page.site.name}`}</title>
      {description && <meta name="description" content={description} />}
      <meta property="og:title" content={title} />
      <meta property="og:site_name" content={page.site.name} />
      {/* For signed-in staff's scripts; an anonymous page without forms carries no token (web/cache.ts). */}
      {page.user && <meta name="csrf-token" content={page.csrfToken} />}
      <link rel="stylesheet" href="/static/site.css" />
      <script src="/static/enhance.js" defer />
    </head>
  );
}

/** Footer items a Chinese government site must carry (rules.md §9). */
export function SiteFooter({ page }: { page: PageContext }) {
  return (
    <footer class="site-footer">
      <div class="wrap" dangerouslySetInnerHTML={{ __html: footerHtml(page.site) }} />
    </footer>
  );
}

function FooterFacts({ site: s }: { site: SiteInfo }) {
  return (
    <>
      <ul class="footer-links">
        <li>
          <a href="/sitemap">网站地图</a>
        </li>
        <li>
          <a href="/jiucuo">我为政府网站找错</a>
        </li>
        <li>
          <a href="/about/accessibility">无障碍说明</a>
        </li>
      </ul>
      <dl class="footer-facts">
        <div>
          <dt>主办单位</dt>
          <dd>{s.sponsor}</dd>
        </div>
        <div>
          <dt>联系方式</dt>
          <dd>{s.contact}</dd>
        </div>
        <div>
          <dt>网站标识码</dt>
          <dd>{s.siteCode || '尚未设置'}</dd>
        </div>
        <div>
          <dt>ICP备案号</dt>
          <dd>{s.icp || '尚未设置'}</dd>
        </div>
        <div>
          <dt>公安机关备案号</dt>
          <dd>{s.psb || '尚未设置'}</dd>
        </div>
      </dl>
      <div class="dzjg" aria-label="党政机关网站标识">
        党政机关网站标识
      </div>
      {s.sample && <p class="sample-note">以上备案信息为演示数据。</p>}
    </>
  );
}

/**
 * The parts of the portal shell that many pages share, rendered once (issue 24 part 6: every
 * uncached page rendered them again): the footer per site identity, the main menu per current entry.
 * Keys are the values they are rendered from, so a kept part is never stale; a process serving many
 * sites (src/platform) keeps at most SHELL_PARTS of them.
 */
const shellParts = new Map<string, string>();
const SHELL_PARTS = 1000;

function shellPart(key: string, render: () => string): string {
  let html = shellParts.get(key);
  if (html === undefined) {
    if (shellParts.size >= SHELL_PARTS) shellParts.clear();
    shellParts.set(key, (html = render()));
  }
  return html;
}

const footerHtml = (s: SiteInfo) =>
  shellPart(`footer\0${s.sponsor}\0${s.contact}\0${s.siteCode}\0${s.icp}\0${s.psb}\0${s.sample}`, () =>
    renderToString(<FooterFacts site={s} />),
  );

/** The main menu's list, with the entry for `path` (if any) marked as the current page. */
const navHtml = (path: string) => {
  const current = PORTAL_NAV.find((n) => n.href === path)?.href ?? '';
  return shellPart(`nav\0${current}`, () =>
    renderToString(
      <>
        {PORTAL_NAV.map((n) => (
          <li>
            <a href={n.href} aria-current={n.href === current ? 'page' : undefined}>
              {n.label}
            </a>
          </li>
        ))}
      </>,
    ),
  );
};

export interface LayoutProps {
  title: string;
  page: PageContext;
  children: ComponentChildren;
  description?: string;
  /** Breadcrumb trail above the title, last item is the current page. */
  crumbs?: NavItem[];
}

export function PortalLayout({ title, page, children, description, crumbs }: LayoutProps) {
  return (
    <html lang="zh-CN" class={page.elder ? 'elder' : undefined}>
      <Head title={title} page={page} description={description} />
      <body>
        <a class="skip-link" href="#main">
          跳到正文
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="site-name" href="/">
              {page.site.name}
            </a>
            <div class="header-tools">
              {elderToggle(page)}
              <a class="menu-link" href="/menu" aria-current={page.path === '/menu' ? 'page' : undefined}>
                菜单
              </a>
              <button type="button" class="read-aloud" hidden data-read-aloud>
                朗读本页
              </button>
            </div>
          </div>
          <nav class="site-nav" aria-label="主导航">
            <ul class="wrap" dangerouslySetInnerHTML={{ __html: navHtml(page.path) }} />
          </nav>
        </header>
        <main id="main" class="wrap" tabindex={-1}>
          {crumbs && crumbs.length > 0 && <Breadcrumbs crumbs={crumbs} />}
          {children}
        </main>
        <SiteFooter page={page} />
      </body>
    </html>
  );
}

export function Breadcrumbs({ crumbs }: { crumbs: NavItem[] }) {
  return (
    <nav class="breadcrumbs" aria-label="当前位置">
      <ol>
        {crumbs.map((c, i) => (
          <li>
            {i === crumbs.length - 1 ? (
              <span aria-current="page">{c.label}</span>
            ) : (
              <a href={c.href}>{c.label}</a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Back-office menu; each entry is shown to staff who hold its permission (filtered in web/plugin.ts). */
export interface AdminNavItem extends NavItem {
  section?: string;
}

export function AdminLayout({ title, page, children, nav, crumbs }: LayoutProps & { nav: AdminNavItem[] }) {
  const user = page.user;
  return (
    <html lang="zh-CN" class={page.elder ? 'elder admin' : 'admin'}>
      <Head title={`${title}（管理后台）`} page={page} />
      <body>
        <a class="skip-link" href="#main">
          跳到正文
        </a>
        <header class="site-header admin-header">
          <div class="wrap header-row">
            <a class="site-name" href="/admin">
              {page.site.name} · 政务公开管理后台
            </a>
            <div class="header-tools">
              {elderToggle(page)}
              {user && (
                <a class="menu-link" href="#admin-menu">
                  菜单
                </a>
              )}
              {user && (
                <>
                  <a href="/admin/inbox">站内提醒{page.unread > 0 ? `（${page.unread} 条未读）` : ''}</a>
                  <span class="who">
                    {user.displayName}（{user.roles.map((r) => ROLES[r]).join('、')}）
                  </span>
                  <a href="/admin/account" aria-current={page.path === '/admin/account' ? 'page' : undefined}>
                    我的账号
                  </a>
                  <form method="post" action="/logout" class="inline">
                    <input type="hidden" name="_csrf" value={page.csrfToken} />
                    <button type="submit" class="link-button">
                      退出登录
                    </button>
                  </form>
                </>
              )}
            </div>
          </div>
        </header>
        <div class="wrap admin-body">
          {user && (
            <nav class="admin-nav" id="admin-menu" aria-label="后台菜单">
              <ul>
                {nav.map((n) => (
                  <li>
                    <a href={n.href} aria-current={page.path === n.href ? 'page' : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
              {/* On phones the header keeps only the elder switch and 菜单; the rest is here. */}
              <ul class="admin-nav-extra">
                <li>
                  <a href="/admin/inbox">站内提醒{page.unread > 0 ? `（${page.unread} 条未读）` : ''}</a>
                </li>
                <li>
                  <a href="/admin/account">我的账号（{user.displayName}）</a>
                </li>
                <li>
                  <form method="post" action="/logout">
                    <input type="hidden" name="_csrf" value={page.csrfToken} />
                    <button type="submit" class="link-button">
                      退出登录
                    </button>
                  </form>
                </li>
              </ul>
            </nav>
          )}
          <main id="main" tabindex={-1}>
            {crumbs && crumbs.length > 0 && <Breadcrumbs crumbs={crumbs} />}
            {children}
          </main>
        </div>
        <SiteFooter page={page} />
      </body>
    </html>
  );
}
