import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CRAWL_LIMITS } from '../../src/modules/inspection/service.ts';
import { axe, describeViolations, loginInBrowser, startBrowserEnv, type BrowserEnv } from './harness.ts';

describe('self-inspection pages in Chromium', () => {
  let env: BrowserEnv;
  before(async () => {
    env = await startBrowserEnv();
    CRAWL_LIMITS.site = { maxPages: 10, maxLinks: 100 };
  });
  after(() => env?.close());

  it('has zero axe violations on the health page, after a run with its findings and history, and on a unit’s page', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await loginInBrowser(page, env.base, 'gkb');
    const empty = await page.goto(`${env.base}/admin/inspection`);
    assert.equal(empty?.status(), 200);
    let v = await axe(page);
    assert.equal(v.length, 0, `before any run: ${describeViolations(v)}`);
    // Run twice (the history then has a trend), landing on the run's page.
    for (let i = 0; i < 2; i++) {
      await page.goto(`${env.base}/admin/inspection`);
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("立即自查")')]);
    }
    assert.match(page.url(), /\/admin\/inspection\/runs\/\d+$/);
    v = await axe(page);
    assert.equal(v.length, 0, `run page: ${describeViolations(v)}`);
    await page.goto(`${env.base}/admin/inspection`);
    assert.match((await page.textContent('h1')) ?? '', /政府门户网站/);
    assert.ok(
      await page.isVisible('text=历次自查（整改进展）'),
      "await page.isVisible('text=历次自查（整改进展）')",
    );
    v = await axe(page);
    assert.equal(v.length, 0, `health page with history: ${describeViolations(v)}`);
    await page.selectOption('#f-org', { label: '红谷滩区发展和改革委员会' });
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("查看")')]);
    v = await axe(page);
    assert.equal(v.length, 0, `a unit's page: ${describeViolations(v)}`);
    await context.close();
  });
});
