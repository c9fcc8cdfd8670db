import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { residentIdCheckChar } from '../../src/lib/identifiers.ts';
import {
  axe,
  describeViolations,
  loginInBrowser,
  setElderMode,
  startBrowserEnv,
  type BrowserEnv,
} from './harness.ts';

const first = '36011219800115456';
const ID = first + residentIdCheckChar(first);

/** Screenshots for looking at the pages (FOI_DESK_SHOTS=dir). */
const shot = async (page: Page, name: string) => {
  if (process.env.FOI_DESK_SHOTS)
    await page.screenshot({ path: `${process.env.FOI_DESK_SHOTS}/${name}.png`, fullPage: true });
};

describe('依申请公开: the handler’s desk in Chromium', () => {
  let env: BrowserEnv;
  before(async () => {
    env = await startBrowserEnv();
  });
  after(() => env?.close());

  for (const [width, elder] of [
    [375, false],
    [320, true],
  ] as const)
    it(`takes a department handler at ${width} px${elder ? ' in elder mode' : ''} through the queue, the case and an event with its confirm page, axe clean, no sideways scroll`, async () => {
      const { submitOnlineApplication, newFormToken } = await import('../../src/modules/foi/service.ts');
      const { publicActor } = await import('../../src/context.ts');
      const ctx = env.app.ctx;
      const orgId = (
        await ctx.db
          .selectFrom('orgs')
          .select('id')
          .where('short_name', '=', '区发改委')
          .executeTakeFirstOrThrow()
      ).id;
      const r = await submitOnlineApplication(ctx, publicActor(), {
        formToken: newFormToken(),
        orgId,
        applicantType: 'natural',
        applicantName: '孙八',
        idNumber: ID,
        phone: '13807915555',
        address: '',
        email: '',
        description: '2021年区级重大项目投资计划及其调整情况',
        docNumber: '',
        docTitle: '',
        preferredForm: '',
        delivery: '',
      });
      const number = r.application.number;
      const context = await env.browser.newContext({ viewport: { width, height: 740 }, bypassCSP: true });
      const page = await context.newPage();
      const check = async (what: string) => {
        const v = await axe(page);
        assert.equal(v.length, 0, `${what}: ${describeViolations(v)}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${what}: the page scrolls sideways by ${overflow}px at ${width} px`);
        await shot(page, `${width}${elder ? '-elder' : ''}-${what}`);
      };
      await loginInBrowser(page, env.base, 'handler');
      await setElderMode(page, env.base, elder);
      await page.goto(`${env.base}/admin/foi`);
      // The check must wait for the queue page: injecting axe while the click's navigation swaps the
      // document fails (seen with three files at a time).
      await Promise.all([page.waitForNavigation(), page.click('a[href="/admin/foi/queue"]')]);
      await check('queue');
      await Promise.all([page.waitForNavigation(), page.click(`a:text("${number}")`)]);
      assert.match(
        (await page.textContent('.foi-next')) ?? '',
        /核对申请后确认收到/,
        'the next step comes first',
      );
      await check('case');
      await Promise.all([
        page.waitForNavigation(),
        page.click('form[action$="/confirm"] button[type=submit]'),
      ]);
      assert.match((await page.textContent('h1')) ?? '', /请确认：确认收到申请/, 'a confirm page');
      await check('confirm-receipt');
      await Promise.all([page.waitForNavigation(), page.click('.foi-confirm button[type=submit]')]);
      assert.match((await page.textContent('.notice-success')) ?? '', /已完成：确认收到申请/);
      assert.match((await page.textContent('.foi-next')) ?? '', /前答复申请人/, 'now the reply is next');
      await check('case-confirmed');
      await page.click('summary:text("发出补正通知")');
      await page.fill('#correction_requested-reason', '请写明项目名称');
      await Promise.all([page.waitForNavigation(), page.click('details[open] button[type=submit]')]);
      assert.match((await page.textContent('h1')) ?? '', /请确认：发出补正通知/);
      assert.match(await page.content(), /补正申请通知书/, 'names the letter it will issue');
      await check('confirm-event');
      await Promise.all([page.waitForNavigation(), page.click('.foi-confirm button[type=submit]')]);
      assert.match((await page.textContent('.notice-success')) ?? '', /已完成：发出补正通知/);
      assert.match((await page.textContent('.foi-next')) ?? '', /等待申请人补正/);
      await check('case-after-event');
      await context.close();
    });
});
