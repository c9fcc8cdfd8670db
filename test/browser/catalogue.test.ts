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

describe('standard catalogue pages in Chromium', () => {
  let env: BrowserEnv;
  let sj: number;
  let village: number;
  let entry: number;
  before(async () => {
    env = await startBrowserEnv();
    const db = env.app.ctx.db;
    const byOrg = async (short: string) =>
      (
        await db
          .selectFrom('catalogues as c')
          .innerJoin('orgs as o', 'o.id', 'c.org_id')
          .select('c.id')
          .where('o.short_name', '=', short)
          .executeTakeFirstOrThrow()
      ).id;
    sj = await byOrg('沙井街办');
    village = await byOrg('沙井演示村');
    entry = (
      await db
        .selectFrom('catalogue_entries')
        .select('id')
        .where('catalogue_id', '=', sj)
        .orderBy('seq')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => env?.close());

  const publicPages = () => ['/catalogue', `/catalogue/${sj}`, `/catalogue/${village}`];
  const adminPages = () => [
    '/admin/catalogues',
    `/admin/catalogues/${sj}`,
    `/admin/catalogues/${sj}/coverage`,
    `/admin/catalogues/${sj}/import`,
    `/admin/catalogues/${sj}/entries/new`,
    `/admin/catalogue/entries/${entry}`,
    `/admin/catalogues/${village}`,
    '/admin/catalogue/templates',
  ];

  for (const elder of [false, true]) {
    for (const width of [320, 1280]) {
      it(`has zero axe violations on the portal catalogue pages (${elder ? 'elder' : 'normal'} mode, ${width}px)`, async () => {
        const context = await env.browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
        const page = await context.newPage();
        await setElderMode(page, env.base, elder);
        for (const path of publicPages()) {
          const res = await page.goto(env.base + path);
          assert.equal(res?.status(), 200, path);
          const violations = await axe(page);
          assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
          if (width === 320) {
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
            );
            assert.ok(overflow <= 1, `${path}: no horizontal scrolling at 320px (${overflow}px)`);
          }
        }
        await context.close();
      });

      it(`has zero axe violations on the back-office catalogue pages and their form errors (${elder ? 'elder' : 'normal'} mode, ${width}px)`, async () => {
        const context = await env.browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
        const page = await context.newPage();
        await setElderMode(page, env.base, elder);
        await loginInBrowser(page, env.base, 'sj_editor');
        for (const path of adminPages()) {
          const res = await page.goto(env.base + path);
          assert.equal(res?.status(), 200, path);
          const violations = await axe(page);
          assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
        }
        await page.goto(`${env.base}/admin/catalogues/${sj}/entries/new`);
        await page.click('button:has-text("保存")');
        assert.match((await page.textContent('.error-summary')) ?? '', /公开事项信息有误/);
        const v = await axe(page);
        assert.equal(v.length, 0, `entry form with errors: ${describeViolations(v)}`);
        await context.close();
      });

      it(`has zero axe violations on the openness office's template pages and their form errors (${elder ? 'elder' : 'normal'} mode, ${width}px)`, async () => {
        const context = await env.browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
        const page = await context.newPage();
        await setElderMode(page, env.base, elder);
        await loginInBrowser(page, env.base, 'gkb');
        const template = (
          await env.app.ctx.db.selectFrom('catalogue_template_entries').select('id').executeTakeFirstOrThrow()
        ).id;
        const toCheck = (
          await env.app.ctx.db
            .selectFrom('catalogue_template_entries')
            .select('id')
            .where('to_check', '=', 1)
            .executeTakeFirstOrThrow()
        ).id;
        for (const path of [
          '/admin/catalogue/templates',
          '/admin/catalogue/templates/new',
          `/admin/catalogue/templates/${template}`,
          `/admin/catalogue/templates/${toCheck}`,
          `/admin/catalogue/templates/replace?domain=${encodeURIComponent('养老服务')}`,
        ]) {
          const res = await page.goto(env.base + path);
          assert.equal(res?.status(), 200, path);
          const violations = await axe(page);
          assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
          if (width === 320) {
            const overflow = await page.evaluate(() => {
              const doc = document.documentElement;
              const wide = [...document.querySelectorAll('body *')].find(
                (e) => e.getBoundingClientRect().right > doc.clientWidth + 1,
              );
              return {
                px: doc.scrollWidth - doc.clientWidth,
                at: wide ? `${wide.tagName}.${wide.className}: ${wide.textContent?.slice(0, 30)}` : '',
              };
            });
            assert.ok(
              overflow.px <= 1,
              `${path}: no horizontal scrolling at 320px (${overflow.px}px, ${overflow.at})`,
            );
          }
        }
        await page.goto(`${env.base}/admin/catalogue/templates/new`);
        await page.click('form[action="/admin/catalogue/templates/new"] button[type="submit"]');
        assert.match((await page.textContent('.error-summary')) ?? '', /公开事项信息有误/);
        const v = await axe(page);
        assert.equal(v.length, 0, `template form with errors: ${describeViolations(v)}`);
        await context.close();
      });
    }
  }

  it('works without JavaScript: from the catalogue list to an entry’s published item', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${env.base}/catalogue`);
    await Promise.all([page.waitForNavigation(), page.click('text=沙井街办')]);
    assert.match((await page.textContent('h1')) ?? '', /沙井街办\d{4}年基层政务公开标准目录/);
    await Promise.all([page.waitForNavigation(), page.click('text=沙井街道最低生活保障办事指南（演示）')]);
    assert.match((await page.textContent('h1')) ?? '', /沙井街道最低生活保障办事指南/);
    await context.close();
  });
});
