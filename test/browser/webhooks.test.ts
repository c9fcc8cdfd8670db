import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  axe,
  describeViolations,
  loginInBrowser,
  setElderMode,
  startBrowserEnv,
  type BrowserEnv,
} from './harness.ts';

describe('webhook pages in Chromium', () => {
  let env: BrowserEnv;
  before(async () => {
    env = await startBrowserEnv();
    // The subscriber points at this test's own server on 127.0.0.1 (nothing is sent in this test).
    env.app.ctx.config.webhookAllowPrivate = true;
  });
  after(() => env?.close());

  for (const [elder, width] of [
    [false, 1280],
    [true, 320],
  ] as const) {
    it(`adds a subscriber through the form and shows its secret once, with zero axe violations (${elder ? 'elder mode, 320 px' : 'normal'})`, async () => {
      const context = await env.browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
      const page = await context.newPage();
      await loginInBrowser(page, env.base, 'admin');
      await setElderMode(page, env.base, elder);
      const check = async (what: string) => {
        const v = await axe(page);
        assert.equal(v.length, 0, `${what}: ${describeViolations(v)}`);
      };
      await page.goto(`${env.base}/admin/webhooks`);
      await check('list');
      await page.goto(`${env.base}/admin/webhooks/new`);
      await check('form');
      await page.fill('#f-url', 'ftp://127.0.0.1/hook');
      await page.click('button:has-text("保存")');
      assert.match((await page.textContent('.error-summary')) ?? '', /订阅信息有误/);
      assert.match((await page.textContent('main')) ?? '', /只能使用 http 或 https 地址/);
      await check('form with errors');
      await page.fill('#f-name', elder ? '12345 热线' : '市级平台');
      await page.fill('#f-url', `${env.base}/hook`);
      await page.check('input[value="foi.application.registered"]');
      await page.click('button:has-text("保存")');
      const secret = await page.inputValue('#webhook-secret');
      assert.match(secret, /^[0-9a-f]{64}$/);
      await check('secret shown once');
      await page.click('a:has-text("查看订阅和投递记录")');
      assert.match((await page.textContent('main')) ?? '', /投递记录（共 0 条/);
      assert.ok(!(await page.content()).includes(secret), 'the secret is not shown again');
      await check('subscriber and delivery log');
      await context.close();
    });
  }
});
