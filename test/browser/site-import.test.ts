/**
 * The 迁移旧网站内容 pages in Chromium: the upload and crawl forms, a run's report with rows in
 * error, and the review queue — zero axe violations at 1280 and 320 px, in normal and elder mode.
 * Screenshots go to SCREENSHOT_DIR when it is set.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import type { UserActor } from '../../src/context.ts';
import { residentIdCheckChar } from '../../src/lib/identifiers.ts';
import { importPackage } from '../../src/modules/content/import/service.ts';
import {
  axe,
  describeViolations,
  loginInBrowser,
  setElderMode,
  startBrowserEnv,
  type BrowserEnv,
} from './harness.ts';

const ID = '36010219800101123' + residentIdCheckChar('36010219800101123');

describe('site import pages in Chromium', () => {
  let env: BrowserEnv;
  let runId: number;
  before(async () => {
    env = await startBrowserEnv();
    const ctx = env.app.ctx;
    const u = await ctx.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'org_id'])
      .where('username', '=', 'gkb')
      .executeTakeFirstOrThrow();
    const gkb: UserActor = {
      kind: 'user',
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      orgId: u.org_id,
      roles: ['openness_admin'],
      ip: null,
    };
    const csv = [
      '原网址,栏目,标题,发布日期,正文文件,附件',
      'http://old.gov.cn/a/1.html,通知公告,关于做好春季防火工作的通知,2019-03-05,1.html,',
      'http://old.gov.cn/a/2.html,政务动态,困难群众临时救助名单公示,2020-01-08,2.html,',
      'http://old.gov.cn/a/3.html,不存在的栏目,栏目写错的一条,2020-13-01,missing.html,',
    ].join('\r\n');
    const data = Buffer.from(
      zipSync({
        'manifest.csv': strToU8('\ufeff' + csv),
        '1.html': strToU8('<p>请做好防火工作。</p>'),
        '2.html': strToU8(`<p>救助对象王五，身份证号 ${ID}。</p>`),
      }),
    );
    const run = await importPackage(ctx, gkb, { filename: '旧网站.zip', data }, { skipErrors: true });
    runId = run.id!;
    assert.deepEqual([run.counts.published, run.counts.review, run.counts.skipped], [1, 1, 1]);
  });
  after(() => env?.close());

  for (const elder of [false, true]) {
    for (const width of [1280, 375, 320]) {
      it(`has zero axe violations on the import pages at ${width} px (${elder ? 'elder' : 'normal'} mode)`, async () => {
        const context = await env.browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
        const page = await context.newPage();
        await loginInBrowser(page, env.base, 'gkb');
        await setElderMode(page, env.base, elder);
        for (const [name, path] of [
          ['home', '/admin/content/import'],
          ['run', `/admin/content/import/runs/${runId}`],
          ['review', '/admin/content/import/review'],
        ]) {
          const res = await page.goto(`${env.base}${path}`);
          assert.equal(res?.status(), 200, path);
          const v = await axe(page);
          assert.equal(v.length, 0, `${path}: ${describeViolations(v)}`);
          if (process.env.SCREENSHOT_DIR)
            await page.screenshot({
              path: join(process.env.SCREENSHOT_DIR, `import-${name}-${width}${elder ? '-elder' : ''}.png`),
              fullPage: true,
            });
        }
        await context.close();
      });
    }
  }
});
