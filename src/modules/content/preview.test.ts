/**
 * The desk's editor and preview on the server side (issue 20): the editor's modules served from
 * node_modules, the body box that works without JavaScript, and the preview in three widths, for
 * staff who may see the item only (both engines).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, loginAs, type Session, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../context.ts';
import { VENDOR_PACKAGES } from '../../web/vendor.ts';
import { cleanPastedWord } from './model.ts';
import { createItem, listColumns } from './service.ts';

describe('the item editor and preview (both engines)', () => {
  let t: TestApp;
  let itemId: number;
  let editor: Session;

  before(async () => {
    t = await buildTestApp({ start: '2026-12-20T02:00:00Z' });
    const fgw = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '区发改委')
        .executeTakeFirstOrThrow()
    ).id;
    const zwdt = (await listColumns(t.ctx.db)).find((c) => c.slug === 'zwdt')!.id;
    itemId = (
      await createItem(t.ctx, systemActor('test'), {
        kind: 'article',
        title: '预览测试稿件',
        body: '<p>预览的正文</p>',
        orgId: fgw,
        source: 'original',
        formationDate: '2026-12-01',
        columnIds: [zwdt],
      })
    ).id;
    editor = await loginAs(t.app, 'editor');
  });
  after(() => t.close());

  it('serves each editor module with its imports pointed at sibling URLs, and nothing else', async () => {
    for (const name of VENDOR_PACKAGES) {
      const res = await t.app.inject({ url: `/static/vendor/${name}.js` });
      assert.equal(res.statusCode, 200, name);
      assert.match(String(res.headers['content-type']), /^text\/javascript/);
      for (const m of res.body.matchAll(/\bfrom\s*['"]([^'"]+)['"]/g))
        assert.match(m[1], /^\/static\/vendor\/[\w-]+\.js$/, `${name} imports ${m[1]}`);
      const again = await t.app.inject({
        url: `/static/vendor/${name}.js`,
        headers: { 'if-none-match': String(res.headers.etag) },
      });
      assert.equal(again.statusCode, 304, `${name} revalidates`);
    }
    for (const bad of ['sanitize-html', '..%2Fpackage', 'prosemirror-view.css', 'fastify'])
      assert.equal((await t.app.inject({ url: `/static/vendor/${bad}.js` })).statusCode, 404, bad);
  });

  it('serves the server’s own Word-paste cleaner to the editor', async () => {
    const res = await t.app.inject({ url: '/static/vendor/clean-paste.js' });
    assert.equal(res.statusCode, 200);
    const mod = await import(`data:text/javascript,${encodeURIComponent(res.body)}`);
    const word =
      '<p class=MsoNormal><![if !supportLists]>1.<![endif]>第一条<o:p></o:p></p><style>p{}</style>';
    assert.equal(mod.cleanPastedWord(word), cleanPastedWord(word));
    assert.equal(mod.cleanPastedWord(word), '<p class=MsoNormal>第一条</p>');
  });

  it('the item form keeps the plain HTML box, marked for the editor, and loads the editor as a module', async () => {
    const page = await editor.get('/admin/content/new?kind=article');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<textarea id="f-body" name="body" rows="\d+"[^>]* data-rich-text(="")?[ >]/);
    assert.match(page.body, /<script type="module" src="\/static\/editor.js"><\/script>/);
    const editorJs = await t.app.inject({ url: '/static/editor.js' });
    assert.equal(editorJs.statusCode, 200);
    for (const m of editorJs.body.matchAll(/\bfrom\s*['"]([^'"]+)['"]/g))
      assert.equal((await t.app.inject({ url: m[1] })).statusCode, 200, `${m[1]} is served`);
  });

  it('预览: three widths by links, the frame framable by this site only and in elder mode when asked', async () => {
    const page = await editor.get(`/admin/content/${itemId}/preview`);
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    assert.match(
      page.body,
      /<iframe src="\/admin\/content\/\d+\/preview\/frame" title="门户页面预览：电脑（1280 像素）" width="1280"/,
    );
    for (const [view, src, width] of [
      ['elder', 'frame?elder=1', 1280],
      ['phone', 'frame', 375],
    ] as const) {
      const p = await editor.get(`/admin/content/${itemId}/preview?view=${view}`);
      assert.match(
        p.body,
        new RegExp(
          `<iframe src="/admin/content/${itemId}/preview/${src.replace('?', '\\?')}" [^>]*width="${width}"`,
        ),
        view,
      );
      assert.match(
        p.body,
        new RegExp(`href="/admin/content/${itemId}/preview\\?view=${view}" aria-current="page"`),
        `${view} is the current tab`,
      );
    }
    assert.equal(
      (await editor.get(`/admin/content/${itemId}/preview?view=tablet`)).statusCode,
      400,
      'an unknown width is refused',
    );

    const frame = await editor.get(`/admin/content/${itemId}/preview/frame`);
    assert.equal(frame.statusCode, 200);
    assert.match(String(frame.headers['content-security-policy']), /frame-ancestors 'self'/);
    assert.equal(frame.headers['x-frame-options'], 'SAMEORIGIN');
    assert.match(frame.body, /<h1[^>]*>预览测试稿件<\/h1>/);
    assert.match(frame.body, /预览的正文/);
    assert.match(frame.body, /尚未公开/);
    assert.doesNotMatch(frame.body, /<html lang="zh-CN" class="elder"/);
    assert.match(
      (await editor.get(`/admin/content/${itemId}/preview/frame?elder=1`)).body,
      /<html lang="zh-CN" class="elder"/,
    );
    // Other pages keep refusing to be framed.
    assert.match(
      String((await editor.get(`/admin/content/${itemId}`)).headers['content-security-policy']),
      /frame-ancestors 'none'/,
    );
  });

  it('the preview is for staff who may see the item: the public and another unit are refused', async () => {
    const anon = await t.app.inject({ url: `/admin/content/${itemId}/preview/frame` });
    assert.notEqual(anon.statusCode, 200, 'the public');
    assert.doesNotMatch(anon.body, /预览的正文/);
    const other = await loginAs(t.app, 'sj_editor');
    const res = await other.get(`/admin/content/${itemId}/preview/frame`);
    assert.ok([403, 404].includes(res.statusCode), `another unit's editor: ${res.statusCode}`);
    assert.doesNotMatch(res.body, /预览的正文/);
  });
});
