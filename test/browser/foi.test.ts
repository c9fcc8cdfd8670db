import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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

  it('shows the back-office FOI pages without axe violations', async () => {
    const page = await env.browser.newPage({ bypassCSP: true });
    await loginInBrowser(page, env.base, 'gkb');
    const { id } = await env.app.ctx.db
      .selectFrom('foi_applications')
      .select('id')
      .where('status', '=', 'consultation')
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
