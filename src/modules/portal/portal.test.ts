import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, ENGINE, loginAs, type TestApp } from '../../../test/helpers.ts';

describe(`portal pages: HTTP caching and compression (${ENGINE})`, () => {
  let t: TestApp;
  let itemUrl: string;
  before(async () => {
    t = await buildTestApp();
    const list = await t.app.inject({ url: '/api/v1/content/public/items?column=zcwj' });
    itemUrl = `/items/${list.json().items[0].id}`;
  });
  after(() => t?.close());

  const pages = () => [
    '/',
    '/columns/zcwj',
    itemUrl,
    '/topics',
    `/search?q=${encodeURIComponent('营商环境')}`,
    '/search',
    '/sitemap',
    '/about/accessibility',
  ];

  it('gives every anonymous page an ETag and answers a repeat with 304 and no body', async () => {
    for (const url of pages()) {
      const first = await t.app.inject({ url });
      assert.equal(first.statusCode, 200, url);
      const etag = first.headers.etag as string;
      assert.match(etag, /^W\/"[\w-]+"$/, url);
      assert.equal(first.headers['cache-control'], 'no-cache', url);
      assert.equal(first.headers['set-cookie'], undefined, `${url} sets no cookie`);
      assert.doesNotMatch(first.body, /csrf/i, `${url} carries no CSRF token`);
      const again = await t.app.inject({ url, headers: { 'if-none-match': etag } });
      assert.equal(again.statusCode, 304, url);
      assert.equal(again.body, '', url);
      assert.equal(again.headers.etag, etag, url);
      const other = await t.app.inject({ url, headers: { 'if-none-match': 'W/"stale", W/"older"' } });
      assert.equal(other.statusCode, 200, `${url}: a stale copy gets the page`);
    }
  });

  it('changes the ETag when the page changes (elder mode, a withdrawn item)', async () => {
    const normal = await t.app.inject({ url: '/' });
    const elder = await t.app.inject({ url: '/', cookies: { elder: '1' } });
    assert.notEqual(normal.headers.etag, elder.headers.etag);
    const stale = await t.app.inject({
      url: '/',
      cookies: { elder: '1' },
      headers: { 'if-none-match': normal.headers.etag as string },
    });
    assert.equal(stale.statusCode, 200);
    // Withdrawing the home page's newest item changes the home page, so the old copy is not reused.
    const editor = await loginAs(t.app, 'gkb');
    const newest = /href="\/items\/(\d+)"/.exec(normal.body)![1];
    const res = await editor.json('POST', `/api/v1/content/items/${newest}/withdraw`, {
      mode: 'notice',
      reason: '测试撤稿',
    });
    assert.equal(res.statusCode, 200, res.body);
    const after = await t.app.inject({
      url: '/',
      headers: { 'if-none-match': normal.headers.etag as string },
    });
    assert.equal(after.statusCode, 200);
    assert.notEqual(after.headers.etag, normal.headers.etag);
  });

  it('sends Last-Modified on item pages and honours If-Modified-Since when no ETag is sent', async () => {
    const first = await t.app.inject({ url: itemUrl });
    const lastModified = first.headers['last-modified'] as string;
    assert.ok(
      lastModified && !Number.isNaN(Date.parse(lastModified)),
      'lastModified && !Number.isNaN(Date.parse(lastModified))',
    );
    const again = await t.app.inject({ url: itemUrl, headers: { 'if-modified-since': lastModified } });
    assert.equal(again.statusCode, 304);
    const older = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    assert.equal(
      (await t.app.inject({ url: itemUrl, headers: { 'if-modified-since': older } })).statusCode,
      200,
    );
    // An ETag that does not match wins over a current date.
    const both = await t.app.inject({
      url: itemUrl,
      headers: { 'if-modified-since': lastModified, 'if-none-match': 'W/"x"' },
    });
    assert.equal(both.statusCode, 200);
  });

  it('never caches a page with a form token or a signed-in user', async () => {
    const login = await t.app.inject({ url: '/login' });
    assert.equal(login.statusCode, 200);
    assert.equal(login.headers.etag, undefined);
    assert.equal(login.headers['cache-control'], 'private, no-store');
    assert.match(login.body, /name="_csrf"/);
    const staff = await loginAs(t.app, 'gkb');
    for (const url of ['/', itemUrl]) {
      const res = await staff.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers.etag, undefined, url);
      assert.equal(res.headers['cache-control'], 'private, no-store', url);
    }
    const missing = await t.app.inject({ url: '/columns/no-such-column' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.headers.etag, undefined);
  });

  it('compresses pages and loads no render-blocking script', async () => {
    for (const url of pages()) {
      const gz = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip', url);
      const br = await t.app.inject({ url, headers: { 'accept-encoding': 'br' } });
      assert.equal(br.headers['content-encoding'], 'br', url);
      const html = (await t.app.inject({ url })).body;
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      assert.ok(scripts.length > 0, url);
      for (const s of scripts) assert.match(s, /\b(defer|async)\b|type="module"/, `${url}: ${s}`);
    }
  });
});
