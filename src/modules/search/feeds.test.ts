import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, ENGINE, type TestApp } from '../../../test/helpers.ts';
import { listColumns, listPublicItems, listTopics } from '../content/service.ts';
import { parseSearchQuery } from './model.ts';
import { search } from './service.ts';

describe(`feeds, sitemap.xml and robots.txt over the demo site (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t?.close());

  it('serves RSS and Atom for a column with its latest published items', async () => {
    const columns = await listColumns(t.ctx.db);
    let withItems: { slug: string; id: number } | undefined;
    for (const c of columns) {
      if ((await listPublicItems(t.ctx.db, { columnId: c.id, pageSize: 1 })).total > 0) {
        withItems = c;
        break;
      }
    }
    assert.ok(withItems, 'the demo has a column with published items');
    const rss = await t.app.inject({ method: 'GET', url: `/feeds/columns/${withItems.slug}/rss.xml` });
    assert.equal(rss.statusCode, 200);
    assert.match(rss.headers['content-type'] as string, /application\/rss\+xml/);
    assert.match(rss.body, /^<\?xml version="1.0" encoding="utf-8"\?><rss version="2.0"/);
    assert.match(rss.body, /<item><title>[^<]+<\/title><link>http[^<]+\/items\/\d+<\/link>/);
    const atom = await t.app.inject({ method: 'GET', url: `/feeds/columns/${withItems.slug}/atom.xml` });
    assert.equal(atom.statusCode, 200);
    assert.match(atom.body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="zh-CN">/);
    assert.match(atom.body, /<entry>/);
  });

  it('serves a topic feed and 404s for unknown slugs or formats', async () => {
    const topic = (await listTopics(t.ctx.db))[0]!;
    const res = await t.app.inject({ method: 'GET', url: `/feeds/topics/${topic.slug}/atom.xml` });
    assert.equal(res.statusCode, 200);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/feeds/columns/no-such-column/rss.xml' })).statusCode,
      404,
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/feeds/topics/${topic.slug}/feed.json` })).statusCode,
      400,
    );
  });

  it('lists columns, topics and published items in sitemap.xml, and robots.txt points to it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sitemap.xml' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    const published = await listPublicItems(t.ctx.db, { pageSize: 1 });
    assert.equal((res.body.match(/\/items\/\d+<\/loc>/g) ?? []).length, published.total);
    const robots = await t.app.inject({ method: 'GET', url: '/robots.txt' });
    assert.match(robots.body, /Disallow: \/admin/);
    assert.match(robots.body, /Sitemap: http.*\/sitemap.xml/);
  });

  it('shows the latest items of the main columns, the topics and a search box on the home page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<form method="get" action="\/search" role="search"/);
    assert.match(res.body, /<h2 id="col-zwdt">政务动态<\/h2>/);
    assert.match(res.body, /href="\/items\/\d+"/);
    assert.match(res.body, /专题专栏/);
    for (const label of ['政府信息公开', '规范性文件', '依申请公开', '政策解读', '我要咨询'])
      assert.ok(res.body.includes(`>${label}</a>`), label);
  });

  it('finds the demo site’s published items through search (content publishes into the index)', async () => {
    const published = await listPublicItems(t.ctx.db, { pageSize: 1 });
    const r = await search(t.ctx.db, parseSearchQuery({ q: '营商环境' }));
    assert.ok(published.total === 0 || r.total > 0, 'published.total === 0 || r.total > 0');
  });
});
