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

describe('ledger pages in Chromium', () => {
  let env: BrowserEnv;
  let planId: number;
  let taskIds: number[];
  let inspectionId: number;
  before(async () => {
    env = await startBrowserEnv();
    const db = env.app.ctx.db;
    planId = (await db.selectFrom('work_plans').select('id').executeTakeFirstOrThrow()).id;
    taskIds = (
      await db.selectFrom('ledger_tasks').select('id').where('plan_id', '=', planId).orderBy('seq').execute()
    ).map((r) => r.id);
    inspectionId = (await db.selectFrom('ledger_inspections').select('id').executeTakeFirstOrThrow()).id;
  });
  after(() => env?.close());

  for (const elder of [false, true]) {
    for (const [user, pages] of [
      [
        'gkb',
        () => [
          '/admin/ledger',
          `/admin/ledger/plans/${planId}`,
          `/admin/ledger/tasks/${taskIds[0]}`,
          '/admin/ledger/supervision',
          `/admin/ledger/inspections/${inspectionId}`,
        ],
      ],
      [
        'sj_editor',
        () => [
          '/admin/ledger',
          `/admin/ledger/plans/${planId}`,
          `/admin/ledger/tasks/${taskIds[12]}`,
          `/admin/ledger/inspections/${inspectionId}`,
        ],
      ],
    ] as const) {
      it(`has zero axe violations on the ledger pages for ${user} (${elder ? 'elder' : 'normal'} mode)`, async () => {
        const context = await env.browser.newContext({
          viewport: { width: 1280, height: 900 },
          bypassCSP: true,
        });
        const page = await context.newPage();
        await loginInBrowser(page, env.base, user);
        await setElderMode(page, env.base, elder);
        for (const path of pages()) {
          const res = await page.goto(env.base + path);
          assert.equal(res?.status(), 200, path);
          const violations = await axe(page);
          assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
        }
        await context.close();
      });
    }
  }

  it('reports progress through the form without JavaScript and shows the charts as SVG', async () => {
    const context = await env.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 320, height: 800 },
    });
    const page = await context.newPage();
    await loginInBrowser(page, env.base, 'sj_editor');
    await page.goto(`${env.base}/admin/ledger/tasks/${taskIds[13]}`);
    await page.fill('#f-text', '已参照“十县百乡”要求完成目录梳理');
    await page.fill('#f-percent', '40');
    await Promise.all([
      page.waitForNavigation(),
      page.click('form[enctype="multipart/form-data"] button[type=submit]'),
    ]);
    assert.match(page.url(), /saved=progress/);
    assert.match(await page.content(), /已参照“十县百乡”要求完成目录梳理/);
    await page.goto(`${env.base}/admin/ledger`);
    assert.ok(
      (await page.locator('svg[role="img"] > title').count()) >= 2,
      '(await page.locator(\'svg[role="img"] > title\').count()) >= 2',
    );
    await context.close();
  });
});
