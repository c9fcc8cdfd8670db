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

describe('privacy gate back-office pages in Chromium', () => {
  let env: BrowserEnv;
  before(async () => {
    env = await startBrowserEnv();
  });
  after(() => env?.close());

  for (const elder of [false, true]) {
    it(`has zero axe violations on the check page (with results), the list and the rule form (${elder ? 'elder' : 'normal'} mode)`, async () => {
      const context = await env.browser.newContext({
        viewport: { width: 1280, height: 900 },
        bypassCSP: true,
      });
      const page = await context.newPage();
      await loginInBrowser(page, env.base, 'gkb');
      await setElderMode(page, env.base, elder);
      for (const path of [
        '/admin/privacy/scan',
        '/admin/privacy/expressions',
        '/admin/privacy/expressions/new',
        '/admin/privacy/expressions/1',
      ]) {
        await page.goto(env.base + path);
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
      }
      // The check page after a scan (findings tables and the masked text), submitted without a script.
      await page.goto(`${env.base}/admin/privacy/scan`);
      await page.fill('#f-text', '张三，手机13912345678，经国家工商总局批准。');
      await page.click('form[action="/admin/privacy/scan"] button[type=submit]');
      assert.match(await page.content(), /139\*\*\*\*5678/);
      const violations = await axe(page);
      assert.equal(violations.length, 0, `scan results: ${describeViolations(violations)}`);
      // A refused form shows its errors accessibly.
      await page.goto(`${env.base}/admin/privacy/expressions/new`);
      await page.fill('#f-term', '');
      await page.click('form[action="/admin/privacy/expressions/new"] button[type=submit]');
      assert.match(await page.content(), /请填写要检查的词语/);
      assert.equal((await axe(page)).length, 0);
      await context.close();
    });
  }
});
