/**
 * The publishing desk in Chromium (issue 20): the rich-text editor over the body box (with the page's
 * real CSP), the plain box without JavaScript, a news item's form on one laptop screen, publishing
 * only after the confirmation page, and the preview in three widths.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/context.ts';
import {
  clearItem,
  createItem,
  getItem,
  listColumns,
  reviewItem,
  submitItem,
} from '../../src/modules/content/service.ts';
import { axe, describeViolations, loginInBrowser, startBrowserEnv, type BrowserEnv } from './harness.ts';

/** Clipboard HTML as Word puts it there: Office namespaces, conditional comments, styles. */
const WORD_CLIPBOARD = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style><!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]--></head><body>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span>&nbsp;&nbsp;</span></span><![endif]>粘贴的第一条<o:p></o:p></p>
<p class=MsoNormal><b><span style='font-family:黑体'>加粗的要求</span></b><o:p></o:p></p></body></html>`;

describe('the publishing desk in Chromium', () => {
  let env: BrowserEnv;
  let fgw: number;
  let zwdt: number;
  before(async () => {
    env = await startBrowserEnv();
    const ctx = env.app.ctx;
    fgw = (
      await ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '区发改委')
        .executeTakeFirstOrThrow()
    ).id;
    zwdt = (await listColumns(ctx.db)).find((c) => c.slug === 'zwdt')!.id;
  });
  after(() => env?.close());

  const newestItem = async () =>
    await env.app.ctx.db
      .selectFrom('content_items')
      .select(['id', 'title'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();

  it('a plain 新闻 form fits one 1280×800 screen, with and without JavaScript, showing no type-specific fields', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const context = await env.browser.newContext({
        viewport: { width: 1280, height: 800 },
        javaScriptEnabled,
      });
      const page = await context.newPage();
      await loginInBrowser(page, env.base, 'editor');
      await page.goto(`${env.base}/admin/content/new?kind=article`);
      if (javaScriptEnabled) await page.waitForSelector('.rte-toolbar');
      const button = await page.locator('form.item-form button[type=submit]').boundingBox();
      assert.ok(button, 'a submit button');
      assert.ok(
        button.y + button.height <= 800,
        `保存 ends at ${button.y + button.height} px, inside the first 800 px (JS ${javaScriptEnabled})`,
      );
      assert.equal(
        await page
          .locator('[name^="point_"], [name="dataTable"], [name="indexNumber"], [name="interprets"]')
          .count(),
        0,
        'no 解读, data-table or policy fields on a news item',
      );
      await context.close();
    }
  });

  it('the editor: labelled toolbar, keyboard formatting, Word paste cleaned, and the saved body through the sanitizer (real CSP)', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await loginInBrowser(page, env.base, 'editor');
    await page.goto(`${env.base}/admin/content/new?kind=article`);
    await page.waitForSelector('.rte-content[contenteditable="true"]');
    assert.deepEqual(errors, [], 'the modules load under script-src self');
    assert.equal(await page.locator('#f-body').isHidden(), true, 'the HTML box gives way to the editor');
    const labels = await page.locator('.rte-toolbar button').allTextContents();
    assert.ok(
      labels.length >= 10 && labels.every((l) => l.trim().length > 0),
      `every toolbar button has a visible label: ${labels.join('、')}`,
    );
    assert.equal(await page.getAttribute('.rte-toolbar', 'role'), 'toolbar');
    assert.equal(await page.getAttribute('.rte-content', 'aria-label'), '正文');

    await page.fill('#f-title', '编辑器写的新闻');
    // Keyboard only: Tab from the title reaches the toolbar, then the text; Ctrl+B makes bold.
    await page.focus('#f-title');
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.closest('.rte-toolbar') != null),
      true,
      'Tab from the title reaches the toolbar',
    );
    await page.focus('.rte-content');
    await page.keyboard.type('会议要求：');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('按时完成');
    await page.keyboard.press('Control+b');
    await page.keyboard.press('Enter');
    await page.keyboard.type('第二段');
    await page.click('.rte-toolbar button:text-is("二级标题")');
    assert.equal(
      await page.getAttribute('.rte-toolbar button:text-is("二级标题")', 'aria-pressed'),
      'true',
      'the button says which block is current',
    );
    // Paste Word's clipboard HTML at the end.
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', '粘贴的第一条 加粗的要求');
      document
        .querySelector('.rte-content')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, WORD_CLIPBOARD);
    const html = await page.inputValue('#f-body');
    assert.match(html, /<p>会议要求：<strong>按时完成<\/strong><\/p>/);
    assert.match(html, /<h2>第二段<\/h2>/);
    assert.match(html, /加粗的要求/);
    assert.doesNotMatch(html, /o:p|mso-|supportLists|MsoNormal|style=|<span/, `Word markup cleaned: ${html}`);

    await page.click('details:has(input[name="columnIds"]) > summary'); // folded until chosen
    await page.check(`input[name="columnIds"][value="${zwdt}"]`);
    await Promise.all([page.waitForNavigation(), page.click('form.item-form button[type=submit]')]);
    const saved = await newestItem();
    assert.equal(saved.title, '编辑器写的新闻');
    const item = await getItem(env.app.ctx, systemActor('test'), saved.id);
    assert.match(item.body, /<p>会议要求：<strong>按时完成<\/strong><\/p>/);
    assert.match(item.body, /<h2>第二段<\/h2>/);
    assert.doesNotMatch(item.body, /o:p|mso-|<span|style=/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the editor keeps a body it cannot hold (a table caption) in the plain HTML box, and says so', async () => {
    const item = await createItem(env.app.ctx, systemActor('test'), {
      kind: 'article',
      title: '带表题的稿件',
      body: '<table><caption>表1 项目清单</caption><tbody><tr><td>甲</td></tr></tbody></table>',
      orgId: fgw,
      source: 'original',
      formationDate: '2022-02-25',
      columnIds: [zwdt],
    });
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await loginInBrowser(page, env.base, 'editor');
    await page.goto(`${env.base}/admin/content/${item.id}/edit`);
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('.rte').count(), 0, 'no editor');
    assert.equal(await page.locator('#f-body').isVisible(), true, 'the HTML box stays');
    assert.match((await page.textContent('form.item-form')) ?? '', /格式编辑器不能保留的内容/);
    await context.close();
  });

  it('预览 shows the draft as its portal page at 1280 px, in elder mode and at 375 px, switched by links (no JavaScript)', async () => {
    const item = await createItem(env.app.ctx, systemActor('test'), {
      kind: 'article',
      title: '预览中的稿件',
      body: '<h2>一、要求</h2><p>预览正文。</p>',
      orgId: fgw,
      source: 'original',
      formationDate: '2022-02-25',
      columnIds: [zwdt],
    });
    const context = await env.browser.newContext({
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await loginInBrowser(page, env.base, 'editor');
    await page.goto(`${env.base}/admin/content/${item.id}`);
    await Promise.all([page.waitForNavigation(), page.click(`a[href="/admin/content/${item.id}/preview"]`)]);
    for (const [view, width, elder] of [
      ['desktop', 1280, false],
      ['elder', 1280, true],
      ['phone', 375, false],
    ] as const) {
      if (view !== 'desktop')
        await Promise.all([page.waitForNavigation(), page.click(`nav.tabs a[href$="?view=${view}"]`)]);
      assert.equal(
        await page.getAttribute('nav.tabs a[aria-current="page"]', 'href'),
        `/admin/content/${item.id}/preview${view === 'desktop' ? '' : `?view=${view}`}`,
      );
      const frame = page.frameLocator('.preview-viewport iframe');
      await frame.locator('h1').waitFor();
      assert.equal(
        await frame.locator('h1').textContent(),
        '预览中的稿件',
        `${view}: the item's page in the frame`,
      );
      assert.match((await frame.locator('main').textContent()) ?? '', /预览正文。/);
      assert.equal(await page.getAttribute('.preview-viewport iframe', 'width'), String(width));
      assert.equal(await frame.locator('html.elder').count(), elder ? 1 : 0, `${view}: elder mode ${elder}`);
    }
    // axe needs JavaScript: the same three pages, checked in a context that runs it.
    const checked = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const cp = await checked.newPage();
    await loginInBrowser(cp, env.base, 'editor');
    for (const view of ['', '?view=elder', '?view=phone']) {
      await cp.goto(`${env.base}/admin/content/${item.id}/preview${view}`);
      await cp.frameLocator('.preview-viewport iframe').locator('h1').waitFor();
      const violations = await axe(cp);
      assert.deepEqual(violations, [], `preview${view}: ${describeViolations(violations)}`);
    }
    await checked.close();
    // The frame's page is for staff only.
    const anon = await (await env.browser.newContext()).newPage();
    await anon.goto(`${env.base}/admin/content/${item.id}/preview/frame`);
    assert.match(anon.url(), /\/login/, 'the public is sent to log in');
    assert.doesNotMatch(await anon.content(), /预览正文。/, 'and sees nothing of the draft');
    await context.close();
  });

  it('without JavaScript: the HTML box saves, and 发布 publishes only after the confirmation page', async () => {
    const context = await env.browser.newContext({
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await loginInBrowser(page, env.base, 'editor');
    await page.goto(`${env.base}/admin/content/new?kind=article`);
    assert.equal(await page.locator('#f-body').isVisible(), true, 'the plain box');
    await page.fill('#f-title', '无脚本写的新闻');
    await page.fill('#f-body', '<p>第一段<b>重点</b></p><script>alert(1)</script>');
    await page.click('details:has(input[name="columnIds"]) > summary'); // folded until chosen
    await page.check(`input[name="columnIds"][value="${zwdt}"]`);
    await Promise.all([page.waitForNavigation(), page.click('form.item-form button[type=submit]')]);
    const { id } = await newestItem();
    const sys = systemActor('test');
    assert.equal(
      (await getItem(env.app.ctx, sys, id)).body,
      '<p>第一段<b>重点</b></p>',
      'sanitized the same way',
    );
    await submitItem(env.app.ctx, sys, id);
    await reviewItem(env.app.ctx, sys, id);
    await clearItem(env.app.ctx, sys, id);
    await context.close();

    const reviewer = await env.browser.newContext({
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    const rp = await reviewer.newPage();
    await loginInBrowser(rp, env.base, 'reviewer');
    await rp.goto(`${env.base}/admin/content/${id}`);
    await Promise.all([rp.waitForNavigation(), rp.click(`a[href="/admin/content/${id}/publish"]`)]);
    assert.match(
      rp.url(),
      new RegExp(`/admin/content/${id}/publish`),
      'a confirmation page, not a publication',
    );
    assert.match((await rp.textContent('h1')) ?? '', /确认发布/);
    assert.equal((await getItem(env.app.ctx, sys, id)).status, 'cleared', 'not published yet');
    await Promise.all([rp.waitForNavigation(), rp.click('form[action$="/publish"] button[type=submit]')]);
    assert.equal((await getItem(env.app.ctx, sys, id)).status, 'published', 'published after confirming');
    await reviewer.close();
  });
});
