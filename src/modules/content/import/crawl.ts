/**
 * The crawl of the old site: from its column pages (following the pager) to its article pages, read
 * with CSS selectors (css-select over htmlparser2's DOM). Polite: one request at a time with a delay
 * between them, robots.txt honoured (robots-parser), only the host of the start pages ever asked,
 * each answer cut off at a size and a time limit. Pages that cannot be read are listed, not fatal.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import { selectAll, selectOne } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import { createRequire } from 'node:module';
import { findDate, selectorsOf, type CrawlSettings, type Selectors, type SourceRow } from './model.ts';

/** robots-parser is CommonJS (`module.exports = fn`); its types declare a default export that ESM does not see the same way. */
const robotsParser = createRequire(import.meta.url)('robots-parser') as (
  url: string,
  robotstxt: string,
) => { isAllowed(url: string, ua?: string): boolean | undefined };

export const USER_AGENT = 'Gongkai-SiteImport/1 (moving an old government site into Gongkai)';

export interface Fetched {
  status: number;
  contentType: string;
  body: Buffer;
  /** The URL that answered (after same-host redirects). */
  url: string;
}

/** A page or file that could not be read, with the reason in Chinese. */
export interface CrawlFailure {
  url: string;
  reason: string;
}

export class FetchRefused extends Error {}

/**
 * A polite fetcher for one host: requests are queued (never two at once), `delayMs` apart; only
 * http(s) URLs on `host` are asked (redirects too: one to another host is refused); robots.txt is read
 * once and its Disallow rules for our user agent honoured; a body stops at `maxBytes`, an answer at
 * `timeoutMs`. `sleep` is injectable so tests need not wait.
 */
export function politeFetcher(opts: {
  host: string;
  delayMs: number;
  timeoutMs: number;
  maxBytes: number;
  sleep?: (ms: number) => Promise<void>;
}) {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let queue: Promise<unknown> = Promise.resolve();
  let last = 0;
  let robots: { isAllowed(url: string, ua?: string): boolean | undefined } | null = null;
  let requests = 0;

  async function raw(url: URL): Promise<Fetched> {
    const wait = last + opts.delayMs - Date.now();
    if (requests > 0 && wait > 0) await sleep(wait);
    requests++;
    const signal = AbortSignal.timeout(opts.timeoutMs);
    try {
      const res = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml,*/*' },
      });
      const chunks: Buffer[] = [];
      let size = 0;
      if (res.body) {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          size += chunk.length;
          if (size > opts.maxBytes) {
            await (res.body as ReadableStream).cancel().catch(() => {});
            throw new FetchRefused(`超过 ${Math.round(opts.maxBytes / 1024 / 1024)} MB，未读取`);
          }
          chunks.push(Buffer.from(chunk));
        }
      }
      return {
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        body: Buffer.concat(chunks),
        url: res.headers.get('location') ? new URL(res.headers.get('location')!, url).href : url.href,
      };
    } catch (err) {
      if (err instanceof FetchRefused) throw err;
      if (signal.aborted) throw new FetchRefused(`${opts.timeoutMs / 1000} 秒内未响应`);
      const cause = (err as { cause?: { code?: string } }).cause;
      throw new FetchRefused(`无法连接（${cause?.code ?? (err as Error).message}）`);
    } finally {
      last = Date.now();
    }
  }

  async function get(href: string): Promise<Fetched> {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      throw new FetchRefused('不是有效的网址');
    }
    for (let hop = 0; hop < 6; hop++) {
      if (!/^https?:$/.test(url.protocol) || url.host !== opts.host)
        throw new FetchRefused(`不在旧网站（${opts.host}）上，未访问`);
      if (!robots) {
        const r = await raw(new URL('/robots.txt', url)).catch(() => null);
        robots = robotsParser(
          new URL('/robots.txt', url).href,
          r && r.status === 200 ? r.body.toString('utf8') : '',
        );
      }
      if (robots!.isAllowed(url.href, USER_AGENT) === false)
        throw new FetchRefused('robots.txt 不允许访问，未抓取');
      const res = await raw(url);
      if (res.status >= 300 && res.status < 400 && res.url !== url.href) {
        url = new URL(res.url);
        continue;
      }
      return { ...res, url: url.href };
    }
    throw new FetchRefused('跳转次数过多');
  }

  return {
    /** Fetches one URL on the host, after the ones queued before it. */
    get(href: string): Promise<Fetched> {
      const p = queue.then(() => get(href));
      queue = p.catch(() => {});
      return p;
    },
    get requests() {
      return requests;
    },
  };
}
export type PoliteFetcher = ReturnType<typeof politeFetcher>;

/** A page's text: the charset from the Content-Type, else a `<meta charset>`, else UTF-8 (GBK pages are common on old sites). */
export function decodePage(body: Buffer, contentType: string): string {
  const fromHeader = /charset=["']?([\w-]+)/i.exec(contentType)?.[1];
  const head = body.subarray(0, 2048).toString('latin1');
  const fromMeta = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1];
  const label = (fromHeader ?? fromMeta ?? 'utf-8').toLowerCase();
  try {
    return new TextDecoder(/^(gb2312|gbk|gb18030|x-gbk)$/.test(label) ? 'gb18030' : label).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

const text = (n: AnyNode | null) => (n ? DomUtils.textContent(n).replace(/\s+/g, ' ').trim() : '');
const metaOrText = (n: Element | null) =>
  n ? (n.name === 'meta' ? (n.attribs.content ?? '').trim() : text(n)) : '';

/** The first element any of a comma-separated list of selectors finds, trying them in order. */
function first(selector: string, dom: AnyNode[]): Element | null {
  for (const s of selector.split(/,(?![^(]*\))/)) {
    try {
      const el = selectOne(s.trim(), dom) as Element | null;
      if (el) return el;
    } catch {
      /* a selector this engine does not know: try the next */
    }
  }
  return null;
}

function all(selector: string, dom: AnyNode[]): Element[] {
  try {
    return selectAll(selector, dom) as Element[];
  } catch {
    return [];
  }
}

/** Links of a column page: article URLs (absolute, same host, in page order) and the next page. */
export function readListPage(
  html: string,
  pageUrl: string,
  sel: Selectors,
): { links: string[]; next: string | null } {
  const dom = parseDocument(html).children;
  const host = new URL(pageUrl).host;
  const abs = (href: string | undefined) => {
    if (!href || /^(javascript|mailto):/i.test(href.trim())) return null;
    try {
      const u = new URL(href.trim(), pageUrl);
      u.hash = '';
      return u.host === host && /^https?:$/.test(u.protocol) ? u.href : null;
    } catch {
      return null;
    }
  };
  const links = [
    ...new Set(
      all(sel.list, dom)
        .map((a) => abs(a.attribs.href))
        .filter((x): x is string => !!x),
    ),
  ];
  const nextEl = first(sel.next, dom);
  const next = abs(nextEl?.attribs.href);
  return { links, next: next && next !== pageUrl ? next : null };
}

/** What an article page holds, or why it cannot be read. */
export function readArticlePage(
  html: string,
  pageUrl: string,
  sel: Selectors,
):
  | {
      title: string;
      date: string;
      html: string;
      attachments: { name: string; ref: string }[];
      docNumber: string;
    }
  | { error: string } {
  const dom = parseDocument(html).children;
  const title = metaOrText(first(sel.title, dom)) || text(selectOne('title', dom));
  const bodyEl = first(sel.body, dom);
  if (!title) return { error: '页面无法识别：找不到标题' };
  if (!bodyEl) return { error: '页面无法识别：找不到正文' };
  // Links and images in the body point at the old site: made absolute, so they still resolve.
  for (const el of all('a[href], img[src]', [bodyEl])) {
    const attr = el.name === 'a' ? 'href' : 'src';
    try {
      el.attribs[attr] = new URL(el.attribs[attr], pageUrl).href;
    } catch {
      delete el.attribs[attr];
    }
  }
  const dateSource = metaOrText(first(sel.date, dom));
  const date = findDate(dateSource) ? dateSource : metaOrText(selectOne('meta[name=PubDate]', dom));
  const host = new URL(pageUrl).host;
  const seen = new Set<string>();
  const attachments: { name: string; ref: string }[] = [];
  for (const a of all(sel.attachments, dom)) {
    try {
      const u = new URL(a.attribs.href, pageUrl);
      if (u.host !== host || seen.has(u.href)) continue;
      seen.add(u.href);
      const file = decodeURIComponent(u.pathname.split('/').pop() ?? '');
      const label = text(a);
      const ext = file.includes('.') ? file.slice(file.lastIndexOf('.')) : '';
      attachments.push({
        name: label && !label.toLowerCase().endsWith(ext.toLowerCase()) ? `${label}${ext}` : label || file,
        ref: u.href,
      });
    } catch {
      /* a broken link is not an attachment */
    }
  }
  const docNumber =
    /[\u4e00-\u9fa5]{1,12}[〔［\[（(]\d{4}[〕］\]）)]\s*\d{1,4}\s*号/.exec(text(bodyEl).slice(0, 500))?.[0] ??
    '';
  return { title: title.slice(0, 300), date, html: DomUtils.getInnerHTML(bodyEl), attachments, docNumber };
}

export interface CrawlResult {
  rows: SourceRow[];
  failures: CrawlFailure[];
  /** Column pages read. */
  listPages: number;
}

/**
 * Crawls: for each start, its column pages (following "next" up to `maxListPages`), then every
 * article linked, once. Each article becomes a row for the import; an unreachable, refused or
 * unreadable page goes to `failures` with its reason. Stops at `maxItems` articles.
 */
export async function crawlSite(settings: CrawlSettings, fetcher: PoliteFetcher): Promise<CrawlResult> {
  const sel = selectorsOf(settings);
  const failures: CrawlFailure[] = [];
  const rows: SourceRow[] = [];
  const seenArticles = new Set<string>();
  let listPages = 0;
  const fetchHtml = async (url: string): Promise<{ html: string; url: string } | null> => {
    try {
      const res = await fetcher.get(url);
      if (res.status !== 200) {
        failures.push({ url, reason: `无法打开（HTTP ${res.status}）` });
        return null;
      }
      if (!/html/i.test(res.contentType) && res.contentType) {
        failures.push({ url, reason: `不是网页（${res.contentType.split(';')[0]}）` });
        return null;
      }
      return { html: decodePage(res.body, res.contentType), url: res.url };
    } catch (err) {
      failures.push({ url, reason: err instanceof FetchRefused ? err.message : '无法读取' });
      return null;
    }
  };
  for (const start of settings.starts) {
    const articles: string[] = [];
    const seenLists = new Set<string>();
    let next: string | null = start.url;
    while (next && !seenLists.has(next) && seenLists.size < settings.maxListPages) {
      seenLists.add(next);
      const page = await fetchHtml(next);
      if (!page) break;
      listPages++;
      const read = readListPage(page.html, page.url, sel);
      if (read.links.length === 0)
        failures.push({ url: next, reason: '栏目页上没有找到文章链接（请检查列表选择器）' });
      for (const l of read.links) if (!seenArticles.has(l)) (seenArticles.add(l), articles.push(l));
      next = read.next;
    }
    for (const url of articles) {
      if (rows.length >= settings.maxItems) break;
      const page = await fetchHtml(url);
      if (!page) continue;
      const art = readArticlePage(page.html, page.url, sel);
      if ('error' in art) {
        failures.push({ url, reason: art.error });
        continue;
      }
      rows.push({
        rowNo: rows.length + 1,
        oldUrl: url,
        column: start.column,
        title: art.title,
        date: art.date,
        docNumber: art.docNumber,
        indexNumber: '',
        agency: '',
        bodyFile: null,
        html: art.html,
        attachments: art.attachments,
      });
    }
  }
  return { rows, failures, listPages };
}
