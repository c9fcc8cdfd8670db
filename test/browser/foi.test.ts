import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { residentIdCheckChar } from '../../src/lib/identifiers.ts';
import { axe, describeViolations, loginInBrowser, startBrowserEnv, type BrowserEnv } from './harness.ts';

const first = '36011219800115123';
const ID = first + residentIdCheckChar(first);

async function fillApplication(page: Page) {
  await page.selectOption('#f-applicantType', 'natural');
  await page.fill('#f-applicantName', '张三');
  await page.fill('#f-idNumber', ID);
  await page.fill('#f-phone', '138 0791 1234');
  await page.selectOption('#f-orgId', { label: '红谷滩区财政局' });
  await page.fill('#f-description', '2021年区级财政预算执行情况的报告');
}

describe('依申请公开 public pages in Chromium', () => {
  let env: BrowserEnv;
  before(async () => {
    env = await startBrowserEnv();
  });
  after(() => env?.close());

  for (const elder of [false, true]) {
    it(`has zero axe violations on the form, its errors, the receipt and tracking (${elder ? 'elder' : 'normal'} mode)`, async () => {
      const context = await env.browser.newContext({
        viewport: { width: 1280, height: 900 },
        bypassCSP: true,
      });
      const page = await context.newPage();
      await page.goto(`${env.base}/elder?on=${elder ? 1 : 0}&back=/ysqgk`);
      const check = async (what: string) => {
        const v = await axe(page);
        assert.equal(v.length, 0, `${what}: ${describeViolations(v)}`);
      };
      await check('/ysqgk');
      await page.goto(`${env.base}/ysqgk/apply`);
      await check('apply form');
      await page.click('button[type=submit]');
      assert.match((await page.textContent('.error-summary')) ?? '', /申请信息有误/);
      await check('apply form with errors');
      await fillApplication(page);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      assert.match((await page.textContent('h1')) ?? '', /请核对申请信息/);
      await check('check-your-answers page');
      await Promise.all([page.waitForNavigation(), page.click('button[value=submit]')]);
      const number = (await page.textContent('#receipt-number'))!.trim();
      const code = (await page.textContent('#receipt-code'))!.trim();
      assert.match(number, /^\d{4}-HGT-\d{5}$/);
      await check('receipt');
      await page.goto(`${env.base}/ysqgk/track`);
      await check('track form');
      await page.fill('#f-number', number);
      await page.fill('#f-code', 'WRONGWRONG12');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      assert.match(await page.content(), /申请编号或查询码不正确/);
      await check('track error');
      await page.fill('#f-number', number);
      await page.fill('#f-code', code);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      assert.match(await page.content(), /待确认收到/);
      await check('track result');
      await context.close();
    });
  }

  it('works without JavaScript: apply, receipt, then track', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${env.base}/ysqgk/apply`);
    await fillApplication(page);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    // 返回修改 keeps the answers; then 确认提交.
    await Promise.all([page.waitForNavigation(), page.click('button[value=edit]')]);
    assert.ok(((await page.inputValue('#f-applicantName')) ?? '').length > 0, 'the name is kept');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await Promise.all([page.waitForNavigation(), page.click('button[value=submit]')]);
    const number = (await page.textContent('#receipt-number'))!.trim();
    const code = (await page.textContent('#receipt-code'))!.trim();
    await page.goto(`${env.base}/ysqgk/track`);
    await page.fill('#f-number', number);
    await page.fill('#f-code', code);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    const html = await page.content();
    assert.match(html, new RegExp(`申请 ${number}`));
    assert.match(html, /待确认收到/);
    await context.close();
  });

  it('takes a citizen on a 375 px phone through apply → receipt → 补正 online → outcome downloaded, axe clean', async () => {
    const { recordEvent, confirmReceipt } = await import('../../src/modules/foi/service.ts');
    const { systemActor } = await import('../../src/context.ts');
    const ctx = env.app.ctx;
    const staff = systemActor('browser test');
    const context = await env.browser.newContext({
      viewport: { width: 375, height: 740 },
      bypassCSP: true,
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const check = async (what: string) => {
      const v = await axe(page);
      assert.equal(v.length, 0, `${what}: ${describeViolations(v)}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${what}: the page scrolls sideways by ${overflow}px at 375 px`);
    };
    await page.goto(`${env.base}/ysqgk/apply`);
    await check('apply form');
    await fillApplication(page);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await check('check-your-answers page');
    // 返回修改 keeps the answers; then 确认提交.
    await Promise.all([page.waitForNavigation(), page.click('button[value=edit]')]);
    assert.ok(((await page.inputValue('#f-applicantName')) ?? '').length > 0, 'the name is kept');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await Promise.all([page.waitForNavigation(), page.click('button[value=submit]')]);
    const number = (await page.textContent('#receipt-number'))!.trim();
    const code = (await page.textContent('#receipt-code'))!.trim();
    await check('receipt');
    const { id } = await ctx.db
      .selectFrom('foi_applications')
      .select('id')
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    await confirmReceipt(ctx, staff, id);
    await recordEvent(ctx, staff, id, {
      type: 'correction_requested',
      periodDays: 15,
      reason: '未写明所需报告的年度',
    });
    // The receipt's bookmarkable link: the script fills the query code from the fragment.
    await Promise.all([page.waitForNavigation(), page.click('#track-link')]);
    assert.equal(await page.inputValue('#f-number'), number);
    assert.match(await page.inputValue('#f-code'), /^[A-Z0-9]{12}$/);
    await Promise.all([page.waitForNavigation(), page.click('form[data-track] button[type=submit]')]);
    assert.match(await page.content(), /未写明所需报告的年度/);
    await check('track with a pending 补正');
    await page.fill('#f-text', '所需为2021年度的报告');
    await Promise.all([page.waitForNavigation(), page.click('.foi-correction button[type=submit]')]);
    assert.match(await page.content(), /补正已提交/);
    await check('补正 received');
    await recordEvent(ctx, staff, id, { type: 'closed', outcome: 'disclosed', reason: '已按申请提供' });
    // Later, from the bookmark: the outcome, the remedy and the answer to download.
    await page.goto(`${env.base}/ysqgk/track?number=${number}#code=${code}`);
    await Promise.all([page.waitForNavigation(), page.click('form[data-track] button[type=submit]')]);
    const html = await page.content();
    assert.match(html, /予以公开/);
    assert.match(html, /申请行政复议最迟为/);
    await check('closed case');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.foi-letters li', { hasText: '答复书' }).locator('button[value=docx]').click(),
    ]);
    const file = readFileSync((await download.path())!);
    const xml = strFromU8(unzipSync(new Uint8Array(file))['word/document.xml']);
    assert.match(xml, /已按申请提供/);
    await context.close();
  });

  it('shows the back-office FOI pages without axe violations', async () => {
    const page = await env.browser.newPage({ bypassCSP: true });
    await loginInBrowser(page, env.base, 'gkb');
    const { id } = await env.app.ctx.db
      .selectFrom('foi_applications')
      .select('id')
      // An open case in any state the demo has on the day the suite runs.
      .where('status', 'in', ['consultation', 'correction_pending', 'fee_pending', 'processing'])
      .executeTakeFirstOrThrow();
    const closed = await env.app.ctx.db
      .selectFrom('foi_applications')
      .select('id')
      .where('status', '=', 'closed')
      .executeTakeFirstOrThrow();
    for (const path of [
      '/admin/foi',
      '/admin/foi?status=open&overdue=1',
      '/admin/foi/new',
      '/admin/foi/queue',
      '/admin/foi/templates',
      `/admin/foi/${id}`,
      `/admin/foi/${closed.id}`,
      `/admin/foi/${closed.id}/letters/reply.html`,
      '/admin',
    ]) {
      await page.goto(env.base + path);
      const v = await axe(page);
      assert.equal(v.length, 0, `${path}: ${describeViolations(v)}`);
    }
    await page.close();
  });
});
