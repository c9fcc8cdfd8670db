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

describe('working-day calendar back office in Chromium', () => {
  let env: BrowserEnv;
  before(async () => {
    env = await startBrowserEnv();
  });
  after(() => env?.close());

  for (const elder of [false, true]) {
    it(`has zero axe violations (${elder ? 'elder' : 'normal'} mode), including the error state`, async () => {
      const context = await env.browser.newContext({
        viewport: { width: 1280, height: 900 },
        bypassCSP: true,
      });
      const page = await context.newPage();
      await loginInBrowser(page, env.base, 'gkb');
      await setElderMode(page, env.base, elder);
      for (const path of [
        '/admin/calendar?year=2022',
        '/admin/calendar?year=2027',
        '/admin/calendar?year=2022&from=2022-01-20&n=20',
        '/admin/calendar?from=bad&n=x',
      ]) {
        await page.goto(env.base + path);
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
      }
      await page.goto(`${env.base}/admin/calendar?year=2031`);
      await page.fill('#f-daysOff', '2031-01-01\n2031-02-30');
      await page.fill('#f-source', '测试（非真实）');
      await page.click('text=保存并重新计算期限');
      assert.match((await page.textContent('.error-summary')) ?? '', /2031-02-30/);
      const violations = await axe(page);
      assert.equal(violations.length, 0, `error state: ${describeViolations(violations)}`);
      await context.close();
    });
  }

  it('enters a notice without JavaScript', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await loginInBrowser(page, env.base, 'admin');
    await page.goto(`${env.base}/admin/calendar?year=2032`);
    await page.fill('#f-daysOff', '2032-01-01, 2032-02-10');
    await page.fill('#f-workingWeekends', '2032-02-07');
    await page.fill('#f-source', '测试用通知（非真实）');
    await page.click('text=保存并重新计算期限');
    assert.match(page.url(), /year=2032&saved=1/);
    assert.match((await page.textContent('main')) ?? '', /管理员录入的放假通知：测试用通知（非真实）/);
    await context.close();
  });
});
