/** Portal basics: home, elder-mode switch, accessibility statement, 找错 link, site map. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PORTAL_NAV } from '../../../web/layout.tsx';
import { ELDER_COOKIE } from '../../../web/plugin.ts';
import { safeBack } from '../../../web/render.ts';
import { renderPortal } from '../../../web/respond.tsx';
import { getSiteInfo } from '../service.ts';
import { HomePage } from '../views/home.tsx';
import { listColumns, listPublicItems, listTopics } from '../../content/service.ts';
import { columnHref } from '../../content/views/public.tsx';

/** Columns whose latest items the home page shows (content module slugs), in order. */
const HOME_COLUMNS = ['zwdt', 'tzgg', 'zcwj', 'zcjd'];

/** Services beyond the top navigation, listed on the menu page and the site map. */
const MORE_LINKS = [
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

export const portalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Home: search box, quick links, the latest items of the main columns, the topics.
  app.get('/', async (req, reply) => {
    const db = app.ctx.db;
    const columns = await listColumns(db);
    const latest: {
      column: (typeof columns)[number];
      items: Awaited<ReturnType<typeof listPublicItems>>['items'];
    }[] = [];
    for (const slug of HOME_COLUMNS) {
      const column = columns.find((c) => c.slug === slug);
      if (!column) continue;
      const page = await listPublicItems(db, { columnId: column.id, page: 1, pageSize: 6 });
      latest.push({ column, items: page.items });
    }
    const topics = await listTopics(db);
    return renderPortal(
      req,
      reply,
      {
        title: '首页',
        description: (site) => `${site.name}门户网站：政府信息公开、规范性文件、政策解读、依申请公开`,
      },
      (page) => <HomePage page={page} latest={latest} topics={topics} />,
    );
  });

  // Elder mode is a cookie a plain link sets, so it works without JavaScript on every page.
  app.get(
    '/elder',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          on: Type.Optional(Type.String({ maxLength: 1 })),
          back: Type.Optional(Type.String({ maxLength: 500 })),
        }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      if (q.on === '0') reply.clearCookie(ELDER_COOKIE, { path: '/' });
      else
        reply.setCookie(ELDER_COOKIE, '1', {
          path: '/',
          maxAge: 365 * 24 * 3600,
          sameSite: 'lax',
          httpOnly: true,
          secure: app.ctx.config.secureCookies,
        });
      return reply.redirect(safeBack(q.back, '/'), 303);
    },
  );

  // 我为政府网站找错: the national error-report platform, keyed by our 网站标识码.
  app.get('/jiucuo', { schema: { hide: true } }, async (req, reply) => {
    const site = await getSiteInfo(app.ctx.db);
    return reply.redirect(
      `https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=${encodeURIComponent(site.siteCode)}`,
      302,
    );
  });

  app.get('/about/accessibility', async (req, reply) =>
    renderPortal(
      req,
      reply,
      {
        title: '无障碍说明',
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/about/accessibility', label: '无障碍说明' },
        ],
      },
      <>
        <h1>无障碍与长辈模式说明</h1>
        <p>本网站按照 GB/T 37668-2019 和 WCAG 2.1 AA 级要求建设，并提供适老化“长辈模式”。</p>
        <ul>
          <li>点击页面顶部“长辈模式（大字）”可放大文字、加大按钮、提高对比度，设置会被记住。</li>
          <li>所有功能均可只用键盘操作；按 Tab 键时第一个链接是“跳到正文”。</li>
          <li>支持朗读的浏览器会显示“朗读本页”按钮。</li>
          <li>页面不弹窗、无广告；关闭浏览器脚本后仍可正常使用。</li>
        </ul>
      </>,
    ),
  );

  // The menu on phones: the header shows a 菜单 link here instead of the wrapped navigation.
  app.get('/menu', { schema: { hide: true } }, async (req, reply) =>
    renderPortal(
      req,
      reply,
      {
        title: '菜单',
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/menu', label: '菜单' },
        ],
      },
      (page) => (
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
      ),
    ),
  );

  // Every column (as its tree) and every topic, besides the main sections and services.
  app.get('/sitemap', async (req, reply) => {
    const [columns, topics] = await Promise.all([listColumns(app.ctx.db), listTopics(app.ctx.db)]);
    const tree = (parentId: number | null): preact.JSX.Element | null => {
      const kids = columns.filter((c) => c.parentId === parentId);
      if (kids.length === 0) return null;
      return (
        <ul>
          {kids.map((c) => (
            <li>
              <a href={columnHref(c)}>{c.name}</a>
              {tree(c.id)}
            </li>
          ))}
        </ul>
      );
    };
    return renderPortal(
      req,
      reply,
      {
        title: '网站地图',
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/sitemap', label: '网站地图' },
        ],
      },
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
      </>,
    );
  });
};
