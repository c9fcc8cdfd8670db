import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, ENGINE, type TestApp } from '../../../test/helpers.ts';
import { listColumns, listPublicItems, listTopics } from '../content/service.ts';
import { columnHref, emptyColumn } from '../content/views/public.tsx';

/** The portal's own page links in a page's HTML (no files, feeds, off-site or back-office links). */
function pageLinks(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<a [^>]*href="([^"#]*)(?:#[^"]*)?"/g)) {
    const href = m[1]!.replace(/&amp;/g, '&');
    if (!href.startsWith('/') || href.startsWith('//')) continue;
    if (/^\/(admin|api|files|static|elder|jiucuo|logout)(\/|\?|$)/.test(href)) continue;
    if (/\.(xml|docx|xlsx|pdf|csv|json|txt)(\?|$)/.test(href) || /\/file$/.test(href)) continue;
    out.add(href);
  }
  return [...out];
}

/** The page's main region, without tags. */
const mainOf = (html: string) => /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? '';

describe(`no dead ends on the portal (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t?.close());

  it('every link from home, the site map and the catalogue leads to a page with content or an action', async () => {
    const seen = new Map<string, number>();
    const queue: string[] = ['/', '/sitemap', '/catalogue', '/menu'];
    const from = new Map<string, string>();
    // Two levels: the start pages' links and those pages' own links (columns → items, topics → sections).
    for (let depth = 0; depth < 2; depth++) {
      const next: string[] = [];
      for (const url of queue) {
        if (seen.has(url)) continue;
        const res = await t.app.inject({ url });
        seen.set(url, res.statusCode);
        assert.ok(
          res.statusCode < 400,
          `${url} (linked from ${from.get(url) ?? 'start'}) answers ${res.statusCode}`,
        );
        if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
        const main = mainOf(res.body);
        assert.match(main, /<h1[\s>]/, `${url} has a heading`);
        const text = main.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
        const actions = (main.match(/<a |<form /g) ?? []).length;
        assert.ok(text.length > 20 || actions > 0, `${url} is not an empty page: it has text or an action`);
        for (const href of pageLinks(res.body)) {
          if (!seen.has(href) && !from.has(href)) {
            from.set(href, url);
            next.push(href);
          }
        }
      }
      queue.splice(0, queue.length, ...next);
    }
    assert.ok(seen.size > 40, `walked ${seen.size} pages`);
  });

  it('lists every column and topic on the site map', async () => {
    const html = (await t.app.inject({ url: '/sitemap' })).body;
    const topics = await listTopics(t.app.ctx.db);
    assert.ok(topics.length > 0, 'the demo has topics');
    for (const tp of topics) assert.match(html, new RegExp(`href="/topics/${tp.slug}"`), `topic ${tp.slug}`);
    const cols = await listColumns(t.app.ctx.db);
    assert.ok(cols.length > 20, 'the standard column tree is there');
    for (const c of cols)
      assert.ok(html.includes(`href="${columnHref(c)}"`), `column ${c.slug} on the site map`);
    assert.ok(
      html.includes('href="/ysqgk"'),
      'the 依申请公开 column is listed as the guide page it leads to',
    );
  });

  it('tells what an empty column will hold and links the related action; the empty 依申请公开 column leads to its guide', async () => {
    const ysqgk = await t.app.inject({ url: '/columns/xxgk-ysqgk' });
    assert.equal(ysqgk.statusCode, 302, 'the demo publishes nothing in this column');
    assert.equal(ysqgk.headers.location, '/ysqgk');
    // Every other empty column says what it will hold and offers an action.
    const cols = await listColumns(t.app.ctx.db);
    let empties = 0;
    for (const c of cols.filter((x) => x.slug !== 'xxgk' && x.slug !== 'xxgk-ysqgk')) {
      if ((await listPublicItems(t.app.ctx.db, { columnId: c.id, page: 1, pageSize: 1 })).total > 0) continue;
      if (cols.some((x) => x.parentId === c.id)) continue; // a parent lists its children instead
      const res = await t.app.inject({ url: `/columns/${c.slug}` });
      assert.equal(res.statusCode, 200, c.slug);
      const main = mainOf(res.body);
      const { text, action } = emptyColumn(c) as { text: string; action: { href: string } };
      assert.ok(main.includes(text.slice(0, 12)), `${c.slug}: says what it will hold`);
      assert.ok(
        main.includes(`href="${action.href.replace(/&/g, '&amp;')}"`),
        `${c.slug}: links ${action.href}`,
      );
      assert.doesNotMatch(main, /本栏目暂无内容/);
      empties++;
    }
    assert.ok(empties > 0, 'the demo has empty columns to check');
  });

  it('offers a search box and the site map on the 404 page', async () => {
    const res = await t.app.inject({ url: '/no-such-page' });
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /<form method="get" action="\/search" role="search"/, 'a search form');
    assert.match(res.body, /href="\/sitemap"/, 'a link to the site map');
  });
});
