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

const PUBLIC_PAGES = [
  '/hdjl',
  '/hdjl/xmt',
  '/hdjl/xmt?q=红谷滩',
  '/hdjl/xmt?q=gh_fake',
  '/zones',
  '/hdjl/zxzx',
  '/hdjl/zxzx/track',
  '/hdjl/zxzx/faq',
  '/hdjl/zxzx/faq/1',
  '/hdjl/yjzj',
  '/hdjl/yjzj/1',
  '/hdjl/yjzj/2',
];
const ADMIN_PAGES = [
  '/admin',
  '/admin/media',
  '/admin/media/1',
  '/admin/media/new',
  '/admin/media/filings',
  '/admin/media/filings/1',
  '/admin/media/filings/new',
  '/admin/media/import',
  '/admin/zones',
  '/admin/zones/1',
  '/admin/zones/new',
  '/admin/inquiries',
  '/admin/inquiries/1',
  '/admin/inquiries/3',
  '/admin/inquiries/new',
  '/admin/consultations',
  '/admin/consultations/1',
  '/admin/consultations/2',
  '/admin/consultations/new',
];

describe('channels pages in Chromium', () => {
  let env: BrowserEnv;
  before(async () => {
    env = await startBrowserEnv();
  });
  after(() => env?.close());

  for (const elder of [false, true]) {
    it(`has zero axe violations on every public channels page, and on form errors (${elder ? 'elder' : 'normal'} mode)`, async () => {
      const context = await env.browser.newContext({
        viewport: { width: 1280, height: 900 },
        bypassCSP: true,
      });
      const page = await context.newPage();
      await setElderMode(page, env.base, elder);
      for (const path of PUBLIC_PAGES) {
        const res = await page.goto(env.base + encodeURI(path));
        assert.equal(res?.status(), 200, path);
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
      }
      // The inquiry form with errors, then the receipt page.
      await page.goto(`${env.base}/hdjl/zxzx`);
      await page.click('button:has-text("提交咨询")');
      assert.match((await page.textContent('.error-summary')) ?? '', /咨询信息有误/);
      assert.equal((await axe(page)).length, 0, 'inquiry form with errors');
      await page.fill('#f-askerName', '浏览器测试');
      await page.fill('#f-contact', 'a@example.com');
      await page.selectOption('#f-orgId', { label: '红谷滩区发展和改革委员会' });
      await page.fill('#f-title', '浏览器咨询');
      await page.fill('#f-question', '请问如何申请？');
      await page.click('button:has-text("提交咨询")');
      assert.match((await page.textContent('h1')) ?? '', /咨询已提交/);
      assert.equal((await axe(page)).length, 0, 'receipt');
      // The comment form with an error.
      await page.goto(`${env.base}/hdjl/yjzj/2`);
      await page.fill('#f-authorName', '测试');
      await page.fill('#f-body', '联系我 13812345678');
      await page.click('button:has-text("提交意见")');
      assert.match((await page.textContent('.error-summary')) ?? '', /意见信息有误/);
      const v = await axe(page);
      assert.equal(v.length, 0, `comment form with errors: ${describeViolations(v)}`);
      await context.close();
    });
  }

  it('submits and tracks an inquiry without JavaScript', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${env.base}/hdjl/zxzx`);
    await page.fill('#f-askerName', '无脚本市民');
    await page.fill('#f-contact', 'b@example.com');
    await page.selectOption('#f-orgId', { label: '红谷滩区发展和改革委员会' });
    await page.fill('#f-title', '无脚本咨询');
    await page.fill('#f-question', '请问如何申请？');
    await page.click('button:has-text("提交咨询")');
    const strong = await page.$$eval('.notice strong', (els) => els.map((e) => e.textContent ?? ''));
    const [number, code] = strong;
    assert.match(number, /^ZX\d{4}-\d{5}$/);
    await page.goto(`${env.base}/hdjl/zxzx/track`);
    await page.fill('#f-number', number);
    await page.fill('#f-code', code);
    await page.click('button:has-text("查询")');
    assert.match((await page.textContent('main')) ?? '', /无脚本咨询/);
    await context.close();
  });

  it('shows the back-office channels screens without axe violations', async () => {
    const page = await env.browser.newPage({ bypassCSP: true });
    await loginInBrowser(page, env.base, 'gkb');
    for (const path of ADMIN_PAGES) {
      const res = await page.goto(env.base + path);
      assert.equal(res?.status(), 200, path);
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
    }
    await page.close();
  });
});
