/**
 * Browser tests: the real app on a real port (SQLite or PostgreSQL per TEST_DATABASE_URL), driven by
 * Debian's Chromium through playwright-core, with axe-core injected for accessibility checks.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { ELDER_COOKIE, SESSION_COOKIE } from '../../src/web/plugin.ts';
import { keepCookies } from '../cookies.ts';
import { copySeedTemplate, createTestDb, restoreSequences, testConfig, type TestDb } from '../helpers.ts';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

/**
 * axe-core served from a URL of its own, cacheable: Chromium then keeps the script and its compiled
 * code between pages instead of parsing half a megabyte of inline script on every check (about a
 * third of an axe check on a short page). One server per test process, not keeping it alive.
 */
const axeUrl: Promise<string> = (async () => {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'));
  const server = createServer((_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'public, max-age=86400' })
      .end(source),
  );
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  server.unref();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/axe.min.js`;
})();

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export interface BrowserEnv {
  app: FastifyInstance;
  base: string;
  browser: Browser;
  db: TestDb;
  close(): Promise<void>;
}

/**
 * The app with the demo district, or (`seedDemo: false`) an empty instance waiting for its setup, on
 * the real clock. The demo is a copy of the day's template seeded on the real clock (helpers.ts), as
 * the unit tests' apps are copies of theirs; `GONGKAI_TEST_SEED=fresh` seeds each file's app anew.
 * The browser is shared by the files of one test worker (`browserForFile`).
 */
export async function startBrowserEnv(opts: { seedDemo?: boolean } = {}): Promise<BrowserEnv> {
  const seeded = opts.seedDemo !== false;
  const fromTemplate = seeded && process.env.GONGKAI_TEST_SEED !== 'fresh';
  const { db, sequences } = fromTemplate
    ? await copySeedTemplate('now')
    : { db: await createTestDb(), sequences: [] };
  const app = await buildApp({ config: testConfig(db, seeded ? {} : { seedDemo: false }), logger: false });
  await restoreSequences(app, sequences);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const { browser, release } = await browserForFile();
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    browser,
    db,
    async close() {
      await release();
      await app.close();
      await db.drop();
    },
  };
}

const launchChromium = () =>
  chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

/** Chromium for a worker's files (scripts/run-tests.mjs), launched with the first, with its pool. */
let workerChromium: Promise<{ browser: Browser; pool: ContextPool }> | undefined;

/**
 * The Chromium a test file drives (its contexts and pages from a `ContextPool`), and what its
 * environment's `close()` does with it. In a test worker (a channel to the runner) the files share
 * one browser and one pool, and the browser closes when the worker's channel does, after its last
 * file: a launch was about a second of CPU per file. A file run alone launches its own and closes it.
 */
async function browserForFile(): Promise<{ browser: Browser; release(): Promise<void> }> {
  if (!process.connected) {
    const browser = await launchChromium();
    return { browser: new ContextPool(browser).browser, release: () => browser.close() };
  }
  workerChromium ??= launchChromium().then((browser) => {
    process.once('disconnect', () => void browser.close());
    return { browser, pool: new ContextPool(browser) };
  });
  const { pool } = await workerChromium;
  return { browser: pool.browser, release: () => pool.releaseAll() };
}

type ContextOptions = NonNullable<Parameters<Browser['newContext']>[0]>;
type Listener = (...args: any[]) => unknown;

/** A context kept for reuse, with the page it keeps open (and so its renderer process). */
interface Kept {
  key: string;
  context: BrowserContext;
  page: Page;
  /** The listeners a test added to `page`, taken off when the page goes back. */
  listeners: [string, Listener][];
  pageLent: boolean;
}

/**
 * Browser contexts and their first page, handed to one test after another instead of made anew:
 * a new context with its page was about 0.45 s of Chromium's CPU (a renderer process started),
 * against 0.15 s for a page load, and the suite opened about a hundred. What a test gets is what a
 * new one would be: a context closed by the test is reset before it is lent again — its other pages
 * closed, the page back on about:blank with the test's listeners taken off, its cookies (the only
 * state the app keeps in a browser: no web storage) cleared, the viewport the options ask for. A
 * context whose reset fails is closed for real. `browser` is the Browser the tests see: newContext
 * and newPage come from here, everything else is Chromium's.
 */
class ContextPool {
  private readonly idle: Kept[] = [];
  private readonly lent = new Set<Kept>();
  readonly browser: Browser;

  constructor(private readonly real: Browser) {
    this.browser = overlay(real, {
      newContext: (options?: ContextOptions) => this.context(options),
      newPage: async (options?: ContextOptions) => {
        const context = await this.context(options);
        const page = await context.newPage();
        return overlay(page, { close: () => context.close() });
      },
    });
  }

  /** A context with these options: a kept one (the viewport set on its page) or a new one. */
  private async context(options: ContextOptions = {}): Promise<BrowserContext> {
    const { viewport, ...rest } = options;
    const key = JSON.stringify(rest);
    const at = this.idle.findIndex((k) => k.key === key);
    let kept: Kept;
    if (at >= 0) {
      kept = this.idle.splice(at, 1)[0];
      await kept.page.setViewportSize(viewport ?? DEFAULT_VIEWPORT);
    } else {
      const context = await this.real.newContext({ ...rest, viewport: viewport ?? DEFAULT_VIEWPORT });
      kept = { key, context, page: await context.newPage(), listeners: [], pageLent: false };
    }
    this.lent.add(kept);
    return overlay(kept.context, {
      newPage: async () => {
        if (kept.pageLent) return kept.context.newPage();
        kept.pageLent = true;
        return this.lendPage(kept);
      },
      close: () => this.giveBack(kept),
    });
  }

  /** The kept page, recording the listeners the test adds; its close() only hands it back. */
  private lendPage(kept: Kept): Page {
    const record = (method: 'on' | 'once' | 'addListener') => (event: string, listener: Listener) => {
      kept.listeners.push([event, listener]);
      (kept.page[method] as (e: string, l: Listener) => Page).call(kept.page, event, listener);
      return lent;
    };
    const lent: Page = overlay(kept.page, {
      on: record('on'),
      once: record('once'),
      addListener: record('addListener'),
      close: async () => {
        await this.resetPage(kept);
        kept.pageLent = false;
      },
    });
    return lent;
  }

  private async resetPage(kept: Kept): Promise<void> {
    for (const [event, listener] of kept.listeners.splice(0)) kept.page.off(event as 'close', listener);
    if (kept.page.url() !== 'about:blank') await kept.page.goto('about:blank');
  }

  /** A context a test closed: reset and kept, or closed for real when it cannot be reset. */
  private async giveBack(kept: Kept): Promise<void> {
    if (!this.lent.delete(kept)) return;
    try {
      await Promise.all(
        kept.context
          .pages()
          .filter((p) => p !== kept.page)
          .map((p) => p.close()),
      );
      await this.resetPage(kept);
      await kept.context.clearCookies();
      kept.pageLent = false;
      this.idle.push(kept);
    } catch {
      await kept.context.close().catch(() => {});
    }
  }

  /** Gives back the contexts a file left open (its environment's close()). */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.lent].map((kept) => this.giveBack(kept)));
  }
}

/** Playwright's viewport when the options name none. */
const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

/** `target` with some of its methods replaced; the others still called on `target` itself. */
function overlay<T extends object>(target: T, methods: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(t, name) {
      if (Object.hasOwn(methods, name)) return methods[name as keyof T];
      const value = Reflect.get(t, name, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page; returns the violations. The page's
 * context must be created with `bypassCSP: true`: our CSP rightly forbids the injected script.
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ url: await axeUrl });
  const violations: AxeViolation[] = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      // Only the violations are read: axe then keeps one node per passing or inapplicable rule instead
      // of every one, which is most of its time on a long page (the violations found are the same).
      resultTypes: ['violations'],
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target })),
    }));
  });
  // WCAG 2.1 1.4.10 Reflow (AA), which axe cannot see: at 320 CSS px nothing may need sideways
  // scrolling (tables scroll inside their own .table-wrap, which the criterion allows).
  const reflow = await page.evaluate(() => {
    const doc = document.documentElement;
    const px = doc.scrollWidth - doc.clientWidth;
    if (doc.clientWidth > 400 || px <= 1) return null;
    const wide = [...document.querySelectorAll('body *')].find(
      (el) => el.getBoundingClientRect().right > doc.clientWidth + 1 && !el.closest('.table-wrap'),
    );
    return {
      px,
      width: doc.clientWidth,
      at: wide
        ? `${wide.tagName.toLowerCase()}${wide.className ? `.${String(wide.className).split(' ').join('.')}` : ''}`
        : 'body',
    };
  });
  if (reflow)
    violations.push({
      id: 'reflow',
      impact: 'serious',
      help: `页面在 ${reflow.width}px 宽时需要横向滚动 ${reflow.px}px（WCAG 1.4.10）`,
      nodes: [{ target: [reflow.at] }],
    });
  return violations;
}

export function describeViolations(v: AxeViolation[]): string {
  return v
    .map((x) => `${x.id} (${x.impact}): ${x.help} @ ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n');
}

/**
 * Elder mode on or off for `page`'s context: the cookie the 长辈模式 link sets (smoke.test.ts and
 * foi.test.ts follow the link itself), without drawing the page the link goes back to.
 */
export async function setElderMode(page: Page, base: string, on: boolean) {
  if (on)
    await page
      .context()
      .addCookies([{ name: ELDER_COOKIE, value: '1', url: base, httpOnly: true, sameSite: 'Lax' }]);
  else await page.context().clearCookies({ name: ELDER_COOKIE });
}

/** The demo's staff password. */
const DEMO_PASSWORD = 'Gongkai@2022';

/** Signs in through the real form, in Chromium: for the tests about signing in. */
export async function loginThroughForm(page: Page, base: string, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${base}/login`);
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

/**
 * Signs `username` in for `page`: the requests the login form makes, sent from here (the form for its
 * CSRF token, then the post), and the cookies they set given to the page's context. The page stays
 * where it was. Signing in through the form drew two pages in Chromium (the form, then the back
 * office's home) for each of the sixty-odd tests that only need to be signed in.
 */
export async function loginInBrowser(page: Page, base: string, username: string, password = DEMO_PASSWORD) {
  const jar = new Map<string, string>();
  const form = await fetch(`${base}/login`);
  const cookie = keepCookies(jar, form.headers.getSetCookie());
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const signedIn = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie },
    body: new URLSearchParams({ _csrf: csrf, username, password }),
  });
  keepCookies(jar, signedIn.headers.getSetCookie());
  if (signedIn.status !== 303 || !jar.has(SESSION_COOKIE))
    throw new Error(`${username} could not sign in (${signedIn.status})`);
  await page
    .context()
    .addCookies(
      [...jar].map(([name, value]) => ({ name, value, url: base, httpOnly: true, sameSite: 'Lax' })),
    );
}
