/**
 * The portal side of search: the /search page (a GET form that works without JavaScript), feeds
 * (RSS 2.0 and Atom per column and per topic), sitemap.xml and robots.txt. Feeds and the sitemap
 * read published items through the content module's public list functions.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../../db/types.ts';
import { AppError } from '../../../errors.ts';
import { renderPortal } from '../../../web/respond.tsx';
import {
  getColumnBySlug,
  getTopicBySlug,
  listColumns,
  listPublicItems,
  listTopics,
} from '../../content/service.ts';
import { allOrgs } from '../../org/service.ts';
import { atom, rss, xml, type Feed, type FeedEntry } from '../feeds.ts';
import { hasCriteria, parseSearchQuery, type SearchQuery } from '../model.ts';
import { search, searchFacets } from '../service.ts';
import { SearchPage } from '../views/search.tsx';
import { SearchQuerystring } from './schemas.ts';

const FEED_SIZE = 20;
/** The sitemaps protocol allows 50 000 URLs per file. */
const SITEMAP_LIMIT = 50_000;

async function entries(db: Kysely<DB>, f: { columnId?: number; topicId?: number }): Promise<FeedEntry[]> {
  const page = await listPublicItems(db, { ...f, page: 1, pageSize: FEED_SIZE });
  return page.items
    .filter((i) => i.publishedAt)
    .map((i) => ({ id: i.id, title: i.title, publishedAt: i.publishedAt!, docNumber: i.docNumber }));
}

const SlugParams = Type.Object({
  slug: Type.String({ maxLength: 64 }),
  format: Type.Union([Type.Literal('rss.xml'), Type.Literal('atom.xml')]),
});

/** Feeds and crawler files, then the search page. */
export const searchPortalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const base = ctx.config.publicUrl;

  const send = (format: string, feed: Feed, reply: FastifyReply) =>
    format === 'rss.xml'
      ? reply.type('application/rss+xml; charset=utf-8').send(rss(feed, base))
      : reply.type('application/atom+xml; charset=utf-8').send(atom(feed, base));

  app.get(
    '/feeds/columns/:slug/:format',
    { schema: { hide: true, params: SlugParams } },
    async (req, reply) => {
      const { slug, format } = req.params;
      const column = await getColumnBySlug(ctx.db, slug);
      const feed: Feed = {
        title: `${column.name} - 订阅`,
        pageUrl: `${base}/columns/${column.slug}`,
        selfUrl: `${base}/feeds/columns/${column.slug}/${format}`,
        description: column.description || `${column.name}栏目最新信息`,
        entries: await entries(ctx.db, { columnId: column.id }),
      };
      return send(format, feed, reply);
    },
  );

  app.get(
    '/feeds/topics/:slug/:format',
    { schema: { hide: true, params: SlugParams } },
    async (req, reply) => {
      const { slug, format } = req.params;
      const topic = await getTopicBySlug(ctx.db, slug);
      const feed: Feed = {
        title: `${topic.name} - 订阅`,
        pageUrl: `${base}/topics/${topic.slug}`,
        selfUrl: `${base}/feeds/topics/${topic.slug}/${format}`,
        description: topic.summary || `${topic.name}专题最新信息`,
        entries: await entries(ctx.db, { topicId: topic.id }),
      };
      return send(format, feed, reply);
    },
  );

  app.get('/sitemap.xml', { schema: { hide: true } }, async (_req, reply) => {
    const urls: { loc: string; lastmod?: string }[] = [
      { loc: `${base}/` },
      { loc: `${base}/search` },
      { loc: `${base}/sitemap` },
      { loc: `${base}/topics` },
    ];
    for (const c of await listColumns(ctx.db)) urls.push({ loc: `${base}/columns/${c.slug}` });
    for (const t of await listTopics(ctx.db)) urls.push({ loc: `${base}/topics/${t.slug}` });
    for (let page = 1; urls.length < SITEMAP_LIMIT; page++) {
      const res = await listPublicItems(ctx.db, { page, pageSize: 100 });
      for (const i of res.items)
        urls.push({ loc: `${base}/items/${i.id}`, lastmod: (i.publishedAt ?? i.updatedAt).slice(0, 10) });
      if (res.items.length < 100) break;
    }
    const body = urls
      .slice(0, SITEMAP_LIMIT)
      .map((u) => `<url><loc>${xml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`)
      .join('');
    return reply
      .type('application/xml; charset=utf-8')
      .send(
        `<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${body}</urlset>`,
      );
  });

  app.get('/robots.txt', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .send(
        [
          'User-agent: *',
          'Allow: /',
          'Disallow: /admin',
          'Disallow: /api/',
          'Disallow: /login',
          'Disallow: /files/',
          `Sitemap: ${base}/sitemap.xml`,
          '',
        ].join('\n'),
      ),
  );

  app.get('/search', { schema: { hide: true, querystring: SearchQuerystring } }, async (req, reply) => {
    const raw = req.query;
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
    const shown: SearchQuery = query ?? {
      q: String(raw.q ?? '').slice(0, 100),
      sort: 'relevance',
      page: 1,
      pageSize: 10,
    };
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
      <SearchPage shown={shown} result={result} error={error} facets={facets} orgs={orgs} />,
    );
  });
};
