/** Portal basics: home, elder-mode switch, accessibility statement, 找错 link, site map. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ELDER_COOKIE } from '../../../web/plugin.ts';
import { safeBack } from '../../../web/render.ts';
import { renderPortal } from '../../../web/respond.tsx';
import { getSiteInfo } from '../service.ts';
import { HomePage } from '../views/home.tsx';
import { AccessibilityPage, MenuPage, SitemapPage } from '../views/pages.tsx';
import { latestPublicByColumn, publicColumns, publicTopics } from '../../content/service.ts';
import { columnHref } from '../../content/views/public.tsx';

/** Columns whose latest items the home page shows (content module slugs), in order. */
const HOME_COLUMNS = ['zwdt', 'tzgg', 'zcwj', 'zcjd'];

export const portalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Home: search box, quick links, the latest items of the main columns, the topics.
  app.get('/', async (req, reply) => {
    // Columns and topics kept until a write to their tables; the four lists are one statement.
    const columns = await publicColumns(app.readCache);
    const topics = await publicTopics(app.readCache);
    const shown = HOME_COLUMNS.flatMap((slug) => columns.find((c) => c.slug === slug) ?? []);
    const newest = await latestPublicByColumn(
      app.ctx.db,
      shown.map((c) => c.id),
      6,
    );
    const latest = shown.map((column) => ({ column, items: newest.get(column.id) ?? [] }));
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
      <AccessibilityPage />,
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
      (page) => <MenuPage page={page} />,
    ),
  );

  // Every column (as its tree) and every topic, besides the main sections and services.
  app.get('/sitemap', async (req, reply) => {
    const [columns, topics] = await Promise.all([publicColumns(app.readCache), publicTopics(app.readCache)]);
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
      <SitemapPage
        columns={columns.map((c) => ({ id: c.id, parentId: c.parentId, name: c.name, href: columnHref(c) }))}
        topics={topics}
      />,
    );
  });
};
