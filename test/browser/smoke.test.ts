import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  axe,
  describeViolations,
  loginInBrowser,
  loginThroughForm,
  startBrowserEnv,
  type BrowserEnv,
} from './harness.ts';

describe('home page and login in Chromium', () => {
  let env: BrowserEnv;
  before(async () => {
    env = await startBrowserEnv();
  });
  after(() => env?.close());

  for (const elder of [false, true]) {
    for (const width of [320, 1280]) {
      it(`has zero axe violations on the home and login pages (${elder ? 'elder' : 'normal'} mode, ${width}px)`, async () => {
        const context = await env.browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
        const page = await context.newPage();
        await page.goto(`${env.base}/elder?on=${elder ? 1 : 0}&back=/`);
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), elder);
        for (const path of ['/', '/login', '/about/accessibility', '/sitemap', '/no-such-page']) {
          await page.goto(env.base + path);
          const violations = await axe(page);
          assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
        }
        await context.close();
      });
    }
  }

  it('gives elder mode ≥ 18px text, line height ≥ 1.3 and 60px targets, and remembers it', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${env.base}/`);
    await page.click('text=长辈模式（大字）');
    const m = await page.evaluate(() => {
      const main = document.querySelector('main')!;
      const cs = getComputedStyle(main);
      const link = document.querySelector('.site-nav a')!.getBoundingClientRect();
      return {
        font: parseFloat(cs.fontSize),
        line: parseFloat(cs.lineHeight) / parseFloat(cs.fontSize),
        h: link.height,
        w: link.width,
      };
    });
    assert.ok(m.font >= 18, `font ${m.font}`);
    assert.ok(m.line >= 1.3, `line height ${m.line}`);
    assert.ok(m.h >= 60 && m.w >= 60, `target ${m.w}×${m.h}`);
    await page.goto(`${env.base}/sitemap`);
    assert.ok(
      await page.evaluate(() => document.documentElement.classList.contains('elder')),
      'remembered across pages',
    );
    await context.close();
  });

  it('reaches the main content by keyboard through the skip link', async () => {
    const page = await env.browser.newPage({ bypassCSP: true });
    await page.goto(`${env.base}/`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '跳到正文');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => location.hash), '#main');
    await page.close();
  });

  it('signs in through the form and shows the back office without axe violations', async () => {
    const page = await env.browser.newPage({ bypassCSP: true });
    await loginThroughForm(page, env.base, 'admin');
    assert.match(page.url(), /\/admin$/);
    for (const path of [
      '/admin',
      '/admin/orgs',
      '/admin/users',
      '/admin/audit',
      '/admin/jobs',
      '/admin/inbox',
      '/admin/users/new',
    ]) {
      await page.goto(env.base + path);
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
    }
    await page.close();
  });

  it('works without JavaScript: the login form posts and the elder link switches', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await loginThroughForm(page, env.base, 'gkb');
    assert.match(page.url(), /\/admin$/);
    await page.click('text=长辈模式（大字）');
    assert.ok(
      await page.evaluate(() => document.documentElement.classList.contains('elder')),
      "await page.evaluate(() => document.documentElement.classList.contains('elder'))",
    );
    await context.close();
  });

  it('hands the next test a context as new: signed out, normal mode, its own viewport, no listener of the last', async () => {
    const options = { viewport: { width: 1280, height: 900 }, bypassCSP: true };
    const first = await env.browser.newContext(options);
    const page = await first.newPage();
    let seen = 0;
    page.on('request', () => void seen++);
    await loginInBrowser(page, env.base, 'admin');
    await page.goto(`${env.base}/elder?on=1&back=/admin`);
    assert.ok(
      await page.evaluate(() => document.documentElement.classList.contains('elder')),
      'elder mode on',
    );
    await first.close();

    const next = await env.browser.newContext({ ...options, viewport: { width: 375, height: 700 } });
    const again = await next.newPage();
    const before = seen;
    await again.goto(`${env.base}/admin`);
    assert.match(again.url(), /\/login/, 'the last test’s session is gone');
    assert.equal(await again.evaluate(() => document.documentElement.classList.contains('elder')), false);
    assert.equal(await again.evaluate(() => window.innerWidth), 375);
    assert.equal(seen, before, 'the last test’s listener is off');
    await next.close();
  });
});
