import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor, type Actor } from '../../src/context.ts';
import { createApiToken, resolveApiToken } from '../../src/modules/auth/service.ts';
import { clearItem, publishItem, reviewItem } from '../../src/modules/content/service.ts';
import { submitReportForPublication } from '../../src/modules/report/publish.ts';
import { workbook2019 } from '../../src/modules/report/test-fixtures.ts';
import {
  axe,
  describeViolations,
  loginInBrowser,
  setElderMode,
  startBrowserEnv,
  type BrowserEnv,
} from './harness.ts';

describe('the annual report in Chromium: published page, 公开年报 column and back-office page', () => {
  let env: BrowserEnv;
  let itemId: number;
  let fgw: number;
  before(async () => {
    env = await startBrowserEnv();
    const ctx = env.app.ctx;
    // Through the workflow as the demo roles: 信息员 submits, 审核人 reviews, 保密审查员 clears, 审核人 publishes.
    const user = async (username: string): Promise<Actor> =>
      (await resolveApiToken(ctx, await createApiToken(ctx, systemActor('test'), username, 'test'), null))!;
    fgw = (
      await ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '区发改委')
        .executeTakeFirstOrThrow()
    ).id;
    itemId = (
      await submitReportForPublication(
        ctx,
        await user('editor'),
        { orgId: fgw, year: 2022 },
        { acknowledgeEmpty: true },
      )
    ).itemId;
    await reviewItem(ctx, await user('reviewer'), itemId);
    await clearItem(ctx, await user('secrecy'), itemId);
    const item = await publishItem(ctx, await user('reviewer'), itemId);
    assert.equal(item.status, 'published', 'published through the workflow');
  });
  after(() => env?.close());

  for (const elder of [false, true]) {
    for (const width of [320, 1280]) {
      it(`has zero axe violations on the published report and 公开年报 at ${width} px (${elder ? 'elder' : 'normal'} mode)`, async () => {
        const context = await env.browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
        const page = await context.newPage();
        await setElderMode(page, env.base, elder);
        for (const path of [`/items/${itemId}`, '/columns/xxgk-gknb']) {
          const res = await page.goto(`${env.base}${path}`);
          assert.equal(res?.status(), 200, path);
          if (path.startsWith('/items/'))
            assert.match((await page.textContent('main')) ?? '', /三、收到和处理政府信息公开申请情况/);
          else assert.match((await page.textContent('main')) ?? '', /2022年政府信息公开工作年度报告/);
          const violations = await axe(page);
          assert.deepEqual(violations, [], `${path}: ${describeViolations(violations)}`);
        }
        await context.close();
      });
    }
  }

  for (const elder of [false, true]) {
    it(`has zero axe violations on the back-office report page (${elder ? 'elder' : 'normal'} mode)`, async () => {
      const context = await env.browser.newContext({
        viewport: { width: 1280, height: 900 },
        bypassCSP: true,
      });
      const page = await context.newPage();
      await setElderMode(page, env.base, elder);
      await loginInBrowser(page, env.base, 'gkb');
      const report = `/admin/reports/annual?org=${fgw}&year=2022&scope=own`;
      for (const path of [
        report,
        `${report}&tab=edit`,
        `${report}&tab=import`,
        `/admin/reports/annual/cases?org=${fgw}&year=2022&scope=own&row=received&col=total`,
      ]) {
        const res = await page.goto(env.base + path);
        assert.equal(res?.status(), 200, path);
        if (path.endsWith('tab=import'))
          assert.equal(
            await page.locator('form[enctype="multipart/form-data"] #f-file').count(),
            1,
            'the 导入往年报告 form is on the page axe checks',
          );
        if (path.endsWith('tab=edit'))
          assert.equal(await page.locator('#f-problems').count(), 1, 'the editing form is on its tab');
        if (path === report)
          assert.equal(
            await page.locator('#f-file, #f-problems').count(),
            0,
            'the report tab holds neither form',
          );
        const violations = await axe(page);
        assert.deepEqual(violations, [], `${path}: ${describeViolations(violations)}`);
      }
      await context.close();
    });
  }

  it('imports a past report through the form (a real file chosen in Chromium), shows its 同比, and lists refusals; zero axe violations', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await loginInBrowser(page, env.base, 'gkb');
    const submit = 'form[action^="/admin/reports/annual/import"] button[type=submit]';
    const fill = async (year: string, file: { name: string; mimeType: string; buffer: Buffer }) => {
      await page.goto(`${env.base}/admin/reports/annual?org=${fgw}&year=2022&scope=own&tab=import`);
      await page.selectOption('#f-importOrg', String(fgw));
      await page.fill('#f-importYear', year);
      await page.selectOption('#f-importFormat', '');
      await page.setInputFiles('#f-file', file);
      await Promise.all([page.waitForNavigation(), page.click(submit)]);
    };
    // A refusal first: a text file. The page comes back (400) with the reason above the report.
    await fill('2021', { name: '年报.txt', mimeType: 'text/plain', buffer: Buffer.from('不是报告') });
    assert.match(page.url(), /\/admin\/reports\/annual\/import\?/, 'the form shown again at the post');
    assert.match(
      (await page.textContent('.error-summary')) ?? '',
      /导入失败：只能导入 \.xlsx、\.json、\.docx 或 \.html 文件/,
    );
    assert.equal(await page.inputValue('#f-importYear'), '2021', 'the year as entered');
    let violations = await axe(page);
    assert.deepEqual(violations, [], `refused import: ${describeViolations(violations)}`);
    // The 2019-format workbook: to the 2022 report, whose 同比 now reads the import.
    await fill('2021', {
      name: '2021年度报告.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await workbook2019(),
    });
    assert.match(
      page.url(),
      new RegExp(`/admin/reports/annual\\?org=${fgw}&year=2022&scope=own&imported=2021$`),
      page.url(),
    );
    assert.match((await page.textContent('.notice-success')) ?? '', /已导入.*2021年度报告的数字（2019 年版/);
    const yoy = (await page.textContent('#yoy')) ?? '';
    assert.match(yoy, /2021年数据来源：导入的2021年度报告（2019 年版/);
    assert.match(yoy, /本年新收申请12/, `the imported 12 beside 2022: ${yoy.slice(0, 300)}`);
    violations = await axe(page);
    assert.deepEqual(violations, [], `after the import: ${describeViolations(violations)}`);
    await context.close();
  });
});
