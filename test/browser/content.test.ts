import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/context.ts';
import { createItem, listColumns, submitItem, listPublicItems } from '../../src/modules/content/service.ts';
import { axe, describeViolations, loginInBrowser, startBrowserEnv, type BrowserEnv } from './harness.ts';

describe('publishing pages in Chromium', () => {
  let env: BrowserEnv;
  let submittedId: number;
  let policyId: number;
  let interpretationId: number;
  let dataId: number;
  before(async () => {
    env = await startBrowserEnv();
    const ctx = env.app.ctx;
    const fgw = (await ctx.db.selectFrom('orgs').select('id').where('short_name', '=', '区发改委').executeTakeFirstOrThrow()).id;
    const zwdt = (await listColumns(ctx.db)).find((c) => c.slug === 'zwdt')!.id;
    const item = await createItem(ctx, systemActor('test'), {
      kind: 'article',
      title: '区发改委召开重大项目调度会',
      body: '会议听取了各项目推进情况。联系人手机 13800138000。',
      orgId: fgw,
      source: 'original',
      formationDate: '2022-02-25',
      columnIds: [zwdt],
    });
    await submitItem(ctx, systemActor('test'), item.id);
    submittedId = item.id;
    const items = (await listPublicItems(ctx.db, { pageSize: 100 })).items;
    policyId = items.find((i) => i.kind === 'policy')!.id;
    interpretationId = items.find((i) => i.kind === 'interpretation')!.id;
    dataId = items.find((i) => i.kind === 'data')!.id;
  });
  after(() => env?.close());

  for (const elder of [false, true]) {
    it(`has zero axe violations on the editor, review and public pages (${elder ? 'elder' : 'normal'} mode)`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${env.base}/elder?on=${elder ? 1 : 0}&back=/`);
      await loginInBrowser(page, env.base, 'gkb');
      for (const path of [
        '/admin/content',
        '/admin/content/new',
        `/admin/content/${submittedId}`,
        `/admin/content/${submittedId}/edit`,
        `/admin/content/${submittedId}/revisions`,
        '/admin/content/review',
        '/admin/content/columns',
        '/admin/content/topics',
        '/admin/content/stats',
        '/admin',
        `/items/${policyId}`,
        `/items/${interpretationId}`,
        `/items/${dataId}`,
        '/xxgk',
        '/columns/zwdt',
        '/topics',
        '/topics/yshj',
      ]) {
        const res = await page.goto(env.base + path);
        assert.equal(res?.status(), 200, path);
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
      }
      await context.close();
    });
  }

  for (const elder of [false, true]) {
    it(`has zero axe violations on the public pages at 320px (${elder ? 'elder' : 'normal'} mode)`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 320, height: 800 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${env.base}/elder?on=${elder ? 1 : 0}&back=/`);
      for (const path of [`/items/${policyId}`, `/items/${interpretationId}`, `/items/${dataId}`, '/xxgk', '/columns/zwdt', '/topics/yshj']) {
        const res = await page.goto(env.base + path);
        assert.equal(res?.status(), 200, path);
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
      }
      await context.close();
    });
  }

  it('reviews an item through the real forms without JavaScript and shows the gate finding with a mask button', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await loginInBrowser(page, env.base, 'reviewer');
    await page.goto(`${env.base}/admin/content/${submittedId}`);
    assert.ok(await page.isVisible('text=一键脱敏（保存为新版本）'), 'await page.isVisible(\'text=一键脱敏（保存为新版本）\')');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("一键脱敏")')]);
    assert.ok(await page.isVisible('text=已脱敏并保存为新版本'), 'await page.isVisible(\'text=已脱敏并保存为新版本\')');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("审核通过")')]);
    assert.ok(await page.isVisible('text=已审核通过，等待保密审查'), 'await page.isVisible(\'text=已审核通过，等待保密审查\')');
    await context.close();
  });
});
