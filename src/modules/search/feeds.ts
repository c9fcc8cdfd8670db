/**
 * Feed and sitemap documents: RSS 2.0 and Atom, and the XML escaping they share (pure text; the
 * routes in routes/portal.tsx read the items).
 */

/** Text escaped for an XML element or attribute. */
export const xml = (s: string) =>
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
