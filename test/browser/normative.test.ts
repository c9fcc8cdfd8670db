import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axe, describeViolations, loginInBrowser, startBrowserEnv, type BrowserEnv } from './harness.ts';

describe('行政规范性文件库 pages in Chromium', () => {
  let env: BrowserEnv;
  let ids: Record<string, number>;
  before(async () => {
    env = await startBrowserEnv();
    const rows = await env.app.ctx.db.selectFrom('normative_documents').select(['id', 'doc_number']).execute();
    ids = Object.fromEntries(rows.map((r) => [r.doc_number, r.id]));
  });
  after(() => env?.close());

  const portalPaths = () => [
    '/gfxwj',
    '/gfxwj?inForceOn=2020-01-01',
    '/gfxwj?q=%E7%BA%A2%E5%BA%9C%E5%8F%91%5B2021%5D8%E5%8F%B7',
    `/gfxwj/${ids['红府发〔2018〕12号']}`, // amended
    `/gfxwj/${ids['红府发〔2018〕27号']}`, // amended, then repealed
    `/gfxwj/${ids['红市监字〔2019〕21号']}`, // expired, superseded
    `/gfxwj/${ids['红府发〔2021〕8号']}`, // briefing, joint issuance
  ];

  for (const elder of [false, true]) {
    it(`has zero axe violations on the library pages (${elder ? 'elder' : 'normal'} mode)`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${env.base}/elder?on=${elder ? 1 : 0}&back=/`);
      for (const path of portalPaths()) {
        const res = await page.goto(env.base + path);
        assert.equal(res?.status(), 200, path);
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
      }
      await context.close();
    });

    it(`has zero axe violations on the back-office library screens (${elder ? 'elder' : 'normal'} mode)`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const page = await context.newPage();
      await loginInBrowser(page, env.base, 'gkb');
      await page.goto(`${env.base}/elder?on=${elder ? 1 : 0}&back=/admin`);
      const id = ids['红府发〔2021〕8号'];
      for (const path of ['/admin', '/admin/gfxwj', '/admin/gfxwj?inForceOn=2021-01-01', `/admin/gfxwj/${id}`, `/admin/gfxwj/${id}/edit`, '/admin/gfxwj/new', '/admin/gfxwj/rate?year=2021', '/admin/gfxwj/settings', '/admin/gfxwj/import']) {
        const res = await page.goto(env.base + path);
        assert.equal(res?.status(), 200, path);
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
      }
      // A form with errors is accessible too.
      await page.goto(`${env.base}/admin/gfxwj/new`);
      await page.fill('#f-docNumber', '洪府办发2022年66号');
      await page.click('button:has-text("保存")');
      assert.match(await page.content(), /括起来的年份/);
      const violations = await axe(page);
      assert.equal(violations.length, 0, describeViolations(violations));
      await context.close();
    });
  }

  it('answers the point-in-time form without JavaScript and shows the status banner', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${env.base}/gfxwj`);
    await page.fill('#f-inForceOn', '2020-01-01');
    await page.click('button:has-text("查询该日现行有效文件")');
    assert.match(page.url(), /inForceOn=2020-01-01/);
    assert.match(await page.textContent('caption') ?? '', /2020-01-01 现行有效的文件/);
    await page.goto(`${env.base}/gfxwj/${ids['红府发〔2018〕27号']}`);
    assert.match((await page.textContent('.gfx-banner')) ?? '', /已废止/);
    await page.click('.gfx-banner a');
    assert.match(await page.textContent('h1') ?? '', /红谷滩区城市管理办法/);
    await context.close();
  });
});
