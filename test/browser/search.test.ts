import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { selectAllOrgs } from '../../src/modules/org/store.ts';
import { corpusDocuments } from '../../src/modules/search/corpus-documents.ts';
import { indexDocument } from '../../src/modules/search/service.ts';
import { axe, describeViolations, setElderMode, startBrowserEnv, type BrowserEnv } from './harness.ts';

describe('search page in Chromium', () => {
  let env: BrowserEnv;
  before(async () => {
    env = await startBrowserEnv();
    const db = env.app.ctx.db;
    // The demo corpus under its own kind, beside whatever the content demo published.
    for (const doc of corpusDocuments(await selectAllOrgs(db)))
      await indexDocument(db, { ...doc, kind: 'sample' });
  });
  after(() => env?.close());

  const pages = [
    '/search',
    `/search?q=${encodeURIComponent('营商环境 政策')}`,
    `/search?q=${encodeURIComponent('宅基地 空气质量')}`,
    `/search?q=${encodeURIComponent('红谷滩')}&sort=date&page=2`,
    '/search?q=a&year=abc',
  ];

  for (const elder of [false, true]) {
    for (const width of [320, 1280]) {
      it(`has zero axe violations on search pages (${elder ? 'elder' : 'normal'} mode, ${width}px)`, async () => {
        const context = await env.browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
        const page = await context.newPage();
        await setElderMode(page, env.base, elder);
        for (const path of pages) {
          await page.goto(env.base + path);
          const violations = await axe(page);
          assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
        }
        if (width === 320) {
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert.ok(overflow <= 1, `no horizontal scrolling at 320px (${overflow}px)`);
        }
        await context.close();
      });
    }
  }

  it('searches without JavaScript: type, submit, filter, follow a suggestion', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${env.base}/`);
    await page.click('.site-nav >> text=站内搜索');
    await page.fill('#f-q', '洪府办发[2022]66号');
    await Promise.all([page.waitForNavigation(), page.click('form[role=search] button[type=submit]')]);
    assert.match((await page.textContent('.search-results li:first-child'))!, /文号精确匹配/);
    await page.fill('#f-q', '宅基地 空气质量');
    await Promise.all([page.waitForNavigation(), page.click('form[role=search] button[type=submit]')]);
    assert.match(
      (await page.textContent('main'))!,
      /没有同时包含全部搜索词的信息。以下 \d+ 条只包含部分搜索词/,
    );
    await Promise.all([page.waitForNavigation(), page.click('text=只搜“宅基地”')]);
    assert.match((await page.textContent('#results-heading + p'))!, /共找到 \d+ 条结果/);
    await page.selectOption('#f-type', 'interpretation');
    await Promise.all([page.waitForNavigation(), page.click('form[role=search] button[type=submit]')]);
    assert.match(page.url(), /type=interpretation/);
    const metas = await page.$$eval('.search-meta', (els) => els.map((e) => e.textContent ?? ''));
    assert.ok(
      metas.length > 0 && metas.every((m) => m.includes('政策解读')),
      "metas.length > 0 && metas.every((m) => m.includes('政策解读'))",
    );
    await context.close();
  });

  it('reaches the search box and results by keyboard', async () => {
    const page = await env.browser.newPage({ bypassCSP: true });
    await page.goto(`${env.base}/search`);
    await page.focus('#f-q');
    await page.keyboard.type('乡村振兴');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(page.url(), /q=%E4%B9%A1%E6%9D%91%E6%8C%AF%E5%85%B4/);
    assert.ok((await page.$$('.search-hit')).length > 0, "(await page.$$('.search-hit')).length > 0");
    await page.close();
  });
});
