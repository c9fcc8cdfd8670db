/**
 * Go live in Chromium (#18 part 5): an empty instance → the setup link → site, 三员 and the org tree
 * uploaded as XLSX → staff accounts → a first item through the review workflow to the portal → a
 * citizen applies to one of the new county's bodies → that body's handler sees the application.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/context.ts';
import { createUser } from '../../src/modules/auth/service.ts';
import { createItem, submitItem } from '../../src/modules/content/service.ts';
import { issueSetupLink } from '../../src/modules/setup/service.ts';
import { COUNTY_ROWS, COUNTY_SITE, orgXlsx } from '../golive-fixtures.ts';
import { residentIdCheckChar } from '../../src/lib/identifiers.ts';
import {
  axe,
  describeViolations,
  loginInBrowser,
  loginThroughForm,
  setElderMode,
  startBrowserEnv,
  type BrowserEnv,
} from './harness.ts';

const PASSWORD = 'Qingshan#2026x';
const ID17 = '36090219900101123';
const ID = ID17 + residentIdCheckChar(ID17);

describe('go live in the browser: from an empty instance to a citizen application', () => {
  let env: BrowserEnv;
  before(async () => {
    env = await startBrowserEnv({ seedDemo: false });
  });
  after(() => env?.close());

  it('walks the whole path', async () => {
    const link = await issueSetupLink(env.app.ctx);
    // The setup page is accessible (axe, in normal and elder mode) …
    for (const elder of [false, true]) {
      const checking = await env.browser.newContext({
        bypassCSP: true,
        viewport: { width: 320, height: 900 },
      });
      const p = await checking.newPage();
      await setElderMode(p, env.base, elder);
      await p.goto(`${env.base}/setup?token=${link.token}`);
      const violations = await axe(p);
      assert.equal(violations.length, 0, describeViolations(violations));
      await checking.close();
    }
    // … and works without JavaScript.
    const context = await env.browser.newContext({ bypassCSP: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${env.base}/setup?token=${link.token}`);
    assert.equal(await page.textContent('h1'), '初始设置');
    for (const [k, v] of Object.entries(COUNTY_SITE)) {
      if (k === 'level') await page.selectOption('#f-level', v);
      else await page.fill(`#f-${k}`, v);
    }
    for (const [role, username] of [
      ['sysadmin', 'qsadmin'],
      ['security_admin', 'qssec'],
      ['audit_admin', 'qsaudit'],
    ]) {
      await page.fill(`[id="f-${role}.username"]`, username);
      await page.fill(`[id="f-${role}.displayName"]`, `${username} 管理员`);
      await page.fill(`[id="f-${role}.password"]`, PASSWORD);
    }
    await page.setInputFiles('#f-orgFile', {
      name: '机关表.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await orgXlsx(COUNTY_ROWS),
    });
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("完成初始设置")')]);
    assert.equal(await page.textContent('h1'), '初始设置已完成', await page.content());
    assert.ok(await page.isVisible('text=6 个机关'), 'six orgs reported');
    await page.goto(`${env.base}/setup?token=${link.token}`);
    assert.equal(await page.textContent('h1'), '本站已完成初始设置');

    // The system administrator signs in to the new county's back office.
    await loginThroughForm(page, env.base, 'qsadmin', PASSWORD);
    assert.ok((await page.content()).includes('青山县人民政府'), 'the back office names the county');
    await page.goto(`${env.base}/admin/orgs`);
    assert.ok(await page.isVisible('text=青山县发展和改革委员会'), 'the imported tree is there');

    // Staff of the 发改委 (the security administrator's job; created here through the same use case).
    const ctx = env.app.ctx;
    const orgs = await ctx.db.selectFrom('orgs').select(['id', 'name']).execute();
    const fgw = orgs.find((o) => o.name === '青山县发展和改革委员会')!.id;
    const sys = systemActor('test');
    for (const [username, role] of [
      ['qs_editor', 'editor'],
      ['qs_reviewer', 'reviewer'],
      ['qs_secrecy', 'confidentiality_reviewer'],
      ['qs_handler', 'handler'],
    ] as const) {
      await createUser(ctx, sys, {
        username,
        displayName: `${username}（发改委）`,
        orgId: fgw,
        roles: [role],
        password: PASSWORD,
      });
    }

    // The first item, written and submitted by the editor, reviewed, cleared and published in the browser.
    const column = await ctx.db
      .selectFrom('content_columns')
      .select('id')
      .where('slug', '=', 'fdzdgk-ghxx')
      .executeTakeFirstOrThrow();
    const item = await createItem(ctx, sys, {
      kind: 'policy',
      title: '青山县国民经济和社会发展第十五个五年规划纲要',
      body: '<p>规划纲要全文。</p>',
      orgId: fgw,
      source: 'original',
      columnIds: [column.id],
    });
    await submitItem(ctx, sys, item.id);
    // 发布 is a step of its own: the item once more, then 确认发布.
    for (const [user, button, step] of [
      ['qs_reviewer', '审核通过', ''],
      ['qs_secrecy', '保密审查通过', ''],
      ['qs_reviewer', '确认发布', '/publish'],
    ]) {
      await context.clearCookies();
      await loginInBrowser(page, env.base, user, PASSWORD);
      await page.goto(`${env.base}/admin/content/${item.id}${step}`);
      await Promise.all([page.waitForNavigation(), page.click(`button:text-is("${button}")`)]);
    }
    await context.clearCookies();
    const published = await ctx.db
      .selectFrom('content_items')
      .select('status')
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    assert.equal(published.status, 'published');
    await page.goto(`${env.base}/items/${item.id}`);
    assert.match((await page.textContent('main')) ?? '', /青山县国民经济和社会发展第十五个五年规划纲要/);
    await page.goto(`${env.base}/columns/fdzdgk-ghxx`);
    assert.ok(
      await page.isVisible('text=青山县国民经济和社会发展第十五个五年规划纲要'),
      'listed in its 法定主动公开 column',
    );

    // A citizen applies to the 发改委 …
    await page.goto(`${env.base}/ysqgk/apply`);
    await page.selectOption('#f-applicantType', 'natural');
    await page.fill('#f-applicantName', '李四');
    await page.fill('#f-idNumber', ID);
    await page.fill('#f-phone', '138 0790 1234');
    await page.selectOption('#f-orgId', { label: '青山县发展和改革委员会' });
    await page.fill('#f-description', '青山县2026年政府投资项目计划');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    const check = await page.content();
    assert.match(check, /请核对申请信息/);
    assert.doesNotMatch(check, /红谷滩|南昌/);
    await Promise.all([page.waitForNavigation(), page.click('button[value=submit]')]);
    const receipt = await page.content();
    assert.match(receipt, /id="receipt-number"/, 'the receipt after 确认提交');
    assert.doesNotMatch(receipt, /红谷滩|南昌/);

    // … and the 发改委's handler sees it.
    await loginInBrowser(page, env.base, 'qs_handler', PASSWORD);
    await page.goto(`${env.base}/admin/foi?status=awaiting_confirmation`);
    const list = await page.content();
    const apps = await ctx.db.selectFrom('foi_applications').select(['id', 'org_id', 'status']).execute();
    assert.equal(apps.length, 1, receipt.slice(0, 2000));
    assert.equal(apps[0].org_id, fgw);
    assert.ok(
      list.includes(`/admin/foi/${apps[0].id}`),
      `the handler sees the application: ${JSON.stringify(apps)} ${list
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 1500)}`,
    );
    assert.doesNotMatch(list, /红谷滩|南昌/);
    await context.close();
  });
});
