/**
 * The link checker: crawls the site's OWN pages — over HTTP at the site's public address
 * (`httpFetcher`), or in-process (a `PageFetcher` over `app.inject`, no network) — parses every href
 * and src, requests each same-site target once, and reports broken links and attachments and pages
 * that fail to load. Bounded by a page and a link budget; never requests another site.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { extractLinks, internalPath, isAsset, isBrokenStatus, SLOW_PAGE_MS } from './model.ts';

export interface FetchedPage {
  status: number;
  contentType: string;
  body: string;
  /** Location header of a redirect. */
  location?: string;
}

/** Requests a same-site path (GET, as the public sees it). Throws a `FetchFailure` when no answer comes. */
export type PageFetcher = (path: string) => Promise<FetchedPage>;

/** No HTTP answer: the request timed out, or the connection failed (refused, name not found, reset). */
export class FetchFailure extends Error {
  constructor(
    readonly reason: 'timeout' | 'network',
    message: string,
  ) {
    super(message);
  }
}

/** Milliseconds as seconds for people: 15, or 0.3 for a test's short limit. */
export const seconds = (ms: number) => String(Number((ms / 1000).toFixed(1)));

/**
 * The header by which the site knows its own crawler, so that the 404 rate limit (errors.tsx) does
 * not turn the broken links it is looking for into 429s. Its value is keyed by the session secret:
 * a stranger cannot borrow it to walk paths unslowed.
 */
export const CRAWLER_HEADER = 'x-gongkai-crawler';
/** The crawler's key for this site: an HMAC of a fixed label under the session secret. */
export const crawlerKey = (secret: string) =>
  createHmac('sha256', secret).update('self-inspection crawler').digest('base64url');

/** Whether a request comes from the site's own crawler (its `CRAWLER_HEADER` holds the key). */
export function isOwnCrawler(
  secret: string,
): (req: { headers: Record<string, string | string[] | undefined> }) => boolean {
  const key = Buffer.from(crawlerKey(secret));
  return (req) => {
    const given = req.headers[CRAWLER_HEADER];
    const bytes = typeof given === 'string' ? Buffer.from(given) : null;
    return bytes !== null && bytes.length === key.length && timingSafeEqual(bytes, key);
  };
}

/**
 * Fetches the site's own pages over HTTP at `publicUrl`'s origin, each request given up after
 * `timeoutMs` (rules.md §8: a page that does not open within 15 s fails). Only that origin is ever
 * requested: a path that would resolve elsewhere (`//other.host/…`) is refused. Redirects are
 * returned, not followed (the crawler follows same-site ones); bodies other than HTML pages are not
 * downloaded. With `key` (`crawlerKey`) the requests identify themselves as the site's own crawler.
 */
export function httpFetcher(publicUrl: string, timeoutMs: number, key?: string): PageFetcher {
  const origin = new URL(publicUrl).origin;
  const headers = {
    'user-agent': 'Gongkai-Inspection/1 (self-inspection)',
    accept: 'text/html,*/*',
    ...(key ? { [CRAWLER_HEADER]: key } : {}),
  };
  return async (path) => {
    const url = new URL(origin + (path.startsWith('/') ? path : `/${path}`));
    if (url.origin !== origin) throw new FetchFailure('network', `不是本站地址：${path}`);
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await fetch(url, { redirect: 'manual', signal, headers });
      const contentType = res.headers.get('content-type') ?? '';
      let body = '';
      if (res.status === 200 && /text\/html/.test(contentType)) body = await res.text();
      else await res.body?.cancel();
      return { status: res.status, contentType, body, location: res.headers.get('location') ?? undefined };
    } catch (err) {
      if (signal.aborted) throw new FetchFailure('timeout', `${seconds(timeoutMs)} 秒内未打开`);
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new FetchFailure(
        'network',
        `无法连接（${cause?.code ?? cause?.message ?? (err as Error).message}）`,
      );
    }
  };
}

export interface CrawlOptions {
  /** Where to start: the home page and the pages to be sure to check (newest items). */
  seeds: string[];
  /** Follow links found on pages to further pages (site run), or only check them (a unit's run). */
  follow: boolean;
  maxPages: number;
  maxLinks: number;
  /** Origins that also count as this site (absolute links to ourselves). */
  siteOrigins?: string[];
  /** Milliseconds after which a page counts as failing to load. */
  slowMs?: number;
  /** Milliseconds since some origin (injected so tests control time; defaults to performance.now). */
  now?: () => number;
  /** Stop after this many requests in a row got no answer at all (the site is down: do not wait out every link). */
  maxUnanswered?: number;
}

export interface BrokenLink {
  /** The page the link is on. */
  source: string;
  target: string;
  status: number;
}

export interface CrawlResult {
  pages: number;
  checked: number;
  broken: BrokenLink[];
  /** Pages that erred (5xx), took longer than the limit, or got no answer (status 0, with the reason). */
  failures: { url: string; status: number; ms: number; error?: string }[];
  /** Requests that got an HTTP answer. */
  answered: number;
  /** True when a budget ran out before everything was checked. */
  truncated: boolean;
  /** True when the crawl stopped because requests in a row got no answer. */
  stopped: boolean;
}

interface Outcome {
  status: number;
  html: string | null;
  ms: number;
  /** Where the redirects ended. */
  final: string;
}

export async function crawl(fetch: PageFetcher, opts: CrawlOptions): Promise<CrawlResult> {
  const now = opts.now ?? (() => performance.now());
  const slow = opts.slowMs ?? SLOW_PAGE_MS;
  const outcomes = new Map<string, Outcome>();
  const broken: BrokenLink[] = [];
  const failures: CrawlResult['failures'] = [];
  let truncated = false;
  let stopped = false;
  let requested = 0;
  let answered = 0;
  let unanswered = 0;

  /** Requests a path once, following same-site redirects (up to 5). */
  async function request(path: string): Promise<Outcome> {
    const known = outcomes.get(path);
    if (known) return known;
    requested++;
    const started = now();
    let current = path;
    let res: FetchedPage | null = null;
    let error: string | undefined;
    for (let hop = 0; hop < 6; hop++) {
      try {
        res = await fetch(current);
      } catch (err) {
        // No answer: status 0 — a reachability failure, not a broken link.
        error = err instanceof FetchFailure ? err.message : '无法打开';
        res = { status: 0, contentType: '', body: '' };
        break;
      }
      if (res.status < 300 || res.status >= 400 || !res.location) break;
      const next = internalPath(res.location, current, opts.siteOrigins);
      if (!next) break; // a redirect off the site (or to a mode switch) counts as answered
      current = next;
    }
    const ms = now() - started;
    const status = res!.status >= 300 && res!.status < 400 ? 200 : res!.status;
    const html = status === 200 && /text\/html/.test(res!.contentType) ? res!.body : null;
    const o = { status, html, ms, final: current };
    outcomes.set(path, o);
    if (!outcomes.has(current)) outcomes.set(current, o);
    if (status === 0 || status >= 500 || ms > slow)
      failures.push({ url: path, status, ms: Math.round(ms), ...(error ? { error } : {}) });
    if (status === 0) unanswered++;
    else {
      answered++;
      unanswered = 0;
    }
    if (unanswered >= (opts.maxUnanswered ?? Infinity)) stopped = truncated = true;
    return o;
  }

  const queue = [...new Set(opts.seeds)];
  const queued = new Set(queue);
  let pages = 0;
  while (queue.length && !stopped) {
    const page = queue.shift()!;
    if (pages >= opts.maxPages) {
      truncated = true;
      break;
    }
    const o = await request(page);
    if (o.html === null) continue;
    pages++;
    const links = [
      ...new Set(
        extractLinks(o.html)
          .map((l) => internalPath(l, page, opts.siteOrigins))
          .filter((p): p is string => !!p),
      ),
    ];
    for (const link of links) {
      if (stopped) break;
      if (!outcomes.has(link) && requested >= opts.maxLinks) {
        truncated = true;
        continue;
      }
      const target = await request(link);
      if (isBrokenStatus(target.status)) broken.push({ source: page, target: link, status: target.status });
      else if (opts.follow && target.html !== null && !isAsset(target.final) && !queued.has(target.final)) {
        queued.add(target.final);
        queue.push(target.final);
      }
      if (!queued.has(target.final)) target.html = null;
    }
    o.html = null; // keep memory bounded: a parsed page's body is no longer needed
  }
  return { pages, checked: requested, broken, failures, answered, truncated, stopped };
}
