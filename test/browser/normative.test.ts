import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/context.ts';
import {
  clearItem,
  publishItem,
  reviewItem,
  submitItem,
  withdrawItem,
} from '../../src/modules/content/service.ts';
import { registerDocument } from '../../src/modules/normative/service/workflow.ts';
import {
  axe,
  describeViolations,
  loginInBrowser,
  setElderMode,
  startBrowserEnv,
  type BrowserEnv,
} from './harness.ts';

describe('行政规范性文件库 pages in Chromium', () => {
  let env: BrowserEnv;
  let ids: Record<string, number>;
  let pending: number;
  let withdrawn: number;
  before(async () => {
    env = await startBrowserEnv();
    const rows = await env.app.ctx.db
      .selectFrom('normative_documents')
      .select(['id', 'doc_number'])
      .execute();
    ids = Object.fromEntries(rows.map((r) => [r.doc_number, r.id]));
    // One document waiting for publication, one whose item was published and then withdrawn.
    const ctx = env.app.ctx;
    const sys = systemActor('browser-test');
    const entry = {
      title: '浏览器测试办法',
      orgIds: [(await ctx.db.selectFrom('orgs').select('id').orderBy('id').executeTakeFirstOrThrow()).id],
      writtenOn: '2022-02-01',
      effectiveOn: '2022-02-10',
      subject: '综合政务',
      body: '第一条　测试。',
    };
    pending = (await registerDocument(ctx, sys, { ...entry, docNumber: '浏测发〔2022〕1号' })).id;
    const w = await registerDocument(ctx, sys, { ...entry, docNumber: '浏测发〔2022〕2号' });
    for (const step of [submitItem, reviewItem, clearItem, publishItem]) await step(ctx, sys, w.itemId);
    await withdrawItem(ctx, sys, w.itemId, { mode: 'notice', reason: '测试撤回' });
    withdrawn = w.id;
  });
  after(() => env?.close());

  const portalPaths = () => [
    '/gfxwj',
    '/gfxwj?inForceOn=2020-01-01',
    '/gfxwj?q=%E7%BA%A2%E5%BA%9C%E5%8F%91%5B2021%5D8%E5%8F%B7',
    `/gfxwj/${ids['红府发〔2018〕12号']}?on=2022-01-01`, // amended (as of 2022: the browser app runs on the real clock, and it has expired since)
    `/gfxwj/${ids['红府发〔2018〕27号']}`, // amended, then repealed
    `/gfxwj/${ids['红市监字〔2019〕21号']}`, // expired, superseded
    `/gfxwj/${ids['红府发〔2021〕8号']}`, // briefing, joint issuance
  ];

  for (const elder of [false, true]) {
    it(`has zero axe violations on the library pages (${elder ? 'elder' : 'normal'} mode)`, async () => {
      const context = await env.browser.newContext({
        viewport: { width: 1280, height: 900 },
        bypassCSP: true,
      });
      const page = await context.newPage();
      await setElderMode(page, env.base, elder);
      for (const path of portalPaths()) {
        const res = await page.goto(env.base + path);
        assert.equal(res?.status(), 200, path);
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
      }
      await context.close();
    });

    it(`has zero axe violations on the back-office library screens (${elder ? 'elder' : 'normal'} mode)`, async () => {
      const context = await env.browser.newContext({
        viewport: { width: 1280, height: 900 },
        bypassCSP: true,
      });
      const page = await context.newPage();
      await loginInBrowser(page, env.base, 'gkb');
      await setElderMode(page, env.base, elder);
      const id = ids['红府发〔2021〕8号'];
      for (const path of [
        '/admin',
        '/admin/gfxwj',
        '/admin/gfxwj?inForceOn=2021-01-01',
        `/admin/gfxwj/${id}`,
        `/admin/gfxwj/${ids['红府发〔2018〕27号']}?on=2021-01-01`,
        `/admin/gfxwj/${id}/edit`,
        `/admin/gfxwj/${pending}`,
        `/admin/gfxwj/${pending}/edit`,
        `/admin/gfxwj/${withdrawn}`,
        '/admin/gfxwj/new',
        '/admin/gfxwj/rate?year=2021',
        '/admin/gfxwj/settings',
        '/admin/gfxwj/import',
      ]) {
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
    assert.match((await page.textContent('caption')) ?? '', /2020-01-01 现行有效的文件/);
    await page.goto(`${env.base}/gfxwj/${ids['红府发〔2018〕27号']}`);
    assert.match((await page.textContent('.gfx-banner')) ?? '', /已废止/);
    await page.click('.gfx-banner a');
    assert.match((await page.textContent('h1')) ?? '', /红谷滩区城市管理办法/);
    // An expired document points to the one that replaced it; an amended one to the amending one.
    await page.goto(`${env.base}/gfxwj/${ids['红市监字〔2019〕21号']}`);
    assert.match((await page.textContent('.gfx-banner')) ?? '', /已失效/);
    await page.click('.gfx-banner a');
    assert.equal(
      new URL(page.url()).pathname,
      `/gfxwj/${ids['红市监字〔2021〕30号']}`,
      'the banner leads to the replacement',
    );
    await page.goto(`${env.base}/gfxwj/${ids['红府发〔2018〕12号']}?on=2022-01-01`); // the browser app runs on the real clock
    assert.match((await page.textContent('.gfx-banner')) ?? '', /已修改[\s\S]*红府发〔2021〕40号/);
    await context.close();
  });
});
