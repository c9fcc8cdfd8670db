/** How a 自查 run reaches the site's pages, its crawl budgets, and what a run targets. */
import { type AppContext } from '../../../context.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import type { PageFetcher } from '../crawl.ts';
import { SLOW_PAGE_MS } from '../model.ts';

// ---------------------------------------------------------------- reaching the site's pages

/**
 * How a running app's pages can be fetched: in-process always (`app.inject`), and over HTTP at
 * PUBLIC_URL while the app is listening (routes.tsx registers both; jobs find them by context).
 */
export interface SiteAccess {
  inProcess: PageFetcher;
  listening: () => boolean;
}
/** Each running app's ways to its pages (set by routes/index.ts, read by the runs). */
export const access = new WeakMap<AppContext, SiteAccess>();
export const registerSiteAccess = (ctx: AppContext, a: SiteAccess) => access.set(ctx, a);

/**
 * How the link check reaches the pages: `http` over the network at PUBLIC_URL, `process` in-process
 * (no network: says nothing about the proxy or the network, and is labelled so), `auto` over HTTP
 * when the app is listening (the server and its jobs), else in-process (the CLI, tests' inject).
 */
export type CrawlOver = 'auto' | 'http' | 'process';

/**
 * Crawl budgets: enough for the newest items and every column page of a district site; and the
 * per-request limit (rules.md §8: a page that does not open within 15 s fails; tests shorten it).
 */
export const CRAWL_LIMITS = {
  site: { maxPages: 300, maxLinks: 3000 },
  unit: { maxPages: 100, maxLinks: 1500 },
  timeoutMs: SLOW_PAGE_MS,
};

/** Requests in a row without any answer after which an HTTP crawl gives up (the site is down). */
export const MAX_UNANSWERED = 3;

/** The most published items one run reads for the content checks (a district site has a few thousand). */
export const LIVE_ITEMS_LIMIT = 20_000;

// ---------------------------------------------------------------- computing a run

export interface Target {
  orgId: number | null;
  /** Org ids in scope (the unit and below); undefined for the whole site. */
  orgIds?: number[];
}

export const date = (iso: string | null) => (iso ? shanghaiDate(new Date(iso)) : null);
