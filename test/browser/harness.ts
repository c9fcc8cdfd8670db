/**
 * Browser tests: the real app on a real port (SQLite or PostgreSQL per TEST_DATABASE_URL), driven by
 * Debian's Chromium through playwright-core, with axe-core injected for accessibility checks.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
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

/** Chromium for a worker's files (scripts/run-tests.mjs), launched with the first. */
let workerChromium: Promise<Browser> | undefined;

/**
 * The Chromium a test file drives, and what its environment's `close()` does with it. In a test
 * worker (a channel to the runner) the files share one, each closing the contexts it opened, and it
 * closes when the worker's channel does, after its last file: a launch was about a second of CPU
 * per file. A file run alone launches its own and closes it.
 */
async function browserForFile(): Promise<{ browser: Browser; release(): Promise<void> }> {
  if (!process.connected) {
    const browser = await launchChromium();
    return { browser, release: () => browser.close() };
  }
  workerChromium ??= launchChromium().then((browser) => {
    process.once('disconnect', () => void browser.close());
    return browser;
  });
  const browser = await workerChromium;
  return {
    browser,
    release: async () => {
      await Promise.all(browser.contexts().map((c) => c.close()));
    },
  };
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

/** Logs in through the real form. */
export async function loginInBrowser(page: Page, base: string, username: string, password = 'Gongkai@2022') {
  await page.goto(`${base}/login`);
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}
