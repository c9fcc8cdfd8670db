/**
 * Feeds and crawler files: RSS 2.0 and Atom per column and per topic, sitemap.xml, robots.txt.
 * They read published items through the content module's public list functions.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  getColumnBySlug,
  getTopicBySlug,
  listColumns,
  listPublicItems,
  listTopics,
} from '../content/service.ts';

const FEED_SIZE = 20;
/** The sitemaps protocol allows 50 000 URLs per file. */
const SITEMAP_LIMIT = 50_000;

const xml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

export interface FeedEntry {
  id: number;
  title: string;
  publishedAt: string;
  docNumber: string | null;
}

export interface Feed {
  title: string;
  /** Absolute URL of the page the feed mirrors. */
  pageUrl: string;
  /** Absolute URL of the feed itself. */
  selfUrl: string;
  description: string;
  entries: FeedEntry[];
}

/** RSS 2.0 document. */
export function rss(feed: Feed, base: string): string {
  const items = feed.entries
    .map((e) => {
      const link = `${base}/items/${e.id}`;
      return `<item><title>${xml(e.title)}</title><link>${xml(link)}</link><guid isPermaLink="true">${xml(link)}</guid><pubDate>${new Date(e.publishedAt).toUTCString()}</pubDate>${e.docNumber ? `<description>${xml(`文号：${e.docNumber}`)}</description>` : ''}</item>`;
    })
    .join('');
  const updated = feed.entries[0]?.publishedAt ?? new Date(0).toISOString();
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>${xml(feed.title)}</title><link>${xml(feed.pageUrl)}</link><atom:link href="${xml(feed.selfUrl)}" rel="self" type="application/rss+xml"/><description>${xml(feed.description)}</description><language>zh-CN</language><lastBuildDate>${new Date(updated).toUTCString()}</lastBuildDate>${items}</channel></rss>`;
}

/** Atom 1.0 document. */
export function atom(feed: Feed, base: string): string {
  const updated = feed.entries[0]?.publishedAt ?? new Date(0).toISOString();
  const entries = feed.entries
    .map((e) => {
      const link = `${base}/items/${e.id}`;
      return `<entry><title>${xml(e.title)}</title><link href="${xml(link)}"/><id>${xml(link)}</id><updated>${e.publishedAt}</updated><published>${e.publishedAt}</published>${e.docNumber ? `<summary>${xml(`文号：${e.docNumber}`)}</summary>` : ''}</entry>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN"><title>${xml(feed.title)}</title><subtitle>${xml(feed.description)}</subtitle><link href="${xml(feed.pageUrl)}"/><link rel="self" href="${xml(feed.selfUrl)}"/><id>${xml(feed.pageUrl)}</id><updated>${updated}</updated><author><name>${xml(feed.title)}</name></author>${entries}</feed>`;
}

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

export const feedRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;
  const base = ctx.config.publicUrl;

  const send = (format: string, feed: Feed, reply: import('fastify').FastifyReply) =>
    format === 'rss.xml'
      ? reply.type('application/rss+xml; charset=utf-8').send(rss(feed, base))
      : reply.type('application/atom+xml; charset=utf-8').send(atom(feed, base));

  app.get(
    '/feeds/columns/:slug/:format',
    { schema: { hide: true, params: SlugParams } },
    async (req, reply) => {
      const { slug, format } = req.params as { slug: string; format: string };
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
      const { slug, format } = req.params as { slug: string; format: string };
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
};
