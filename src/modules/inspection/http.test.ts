import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import {
  bearer,
  copySeedTemplate,
  freePort,
  restoreSequences,
  testConfig,
  type TestDb,
} from '../../../test/helpers.ts';
import { buildApp } from '../../app.ts';
import { systemActor } from '../../context.ts';
import { ManualClock } from '../../lib/time.ts';
import {
  clearItem,
  createColumn,
  createItem,
  publishItem,
  reviewItem,
  submitItem,
} from '../content/service.ts';
import { listPublicOrgs } from '../org/service.ts';
import { CRAWLER_HEADER, crawlerKey } from './crawl.ts';
import { CRAWL_LIMITS, runInspection, type RunDetail } from './service.ts';

const sys = systemActor('test');

/**
 * Reachability over real HTTP (rules.md §8: ≥ 5% of the requests failing to open within 15 s fails
 * the site): the app listening on 127.0.0.1, PUBLIC_URL pointing at it, two test routes — one that
 * answers only after the (shortened, 3 s) timeout, one that errs — linked from an item, and a second
 * server standing for another site that must never be requested.
 */
describe('reachability over HTTP at PUBLIC_URL', () => {
  let app: FastifyInstance;
  let db: TestDb;
  let other: Server;
  let otherHits = 0;
  let ndrc: number;
  let base: string;
  const START = '2023-03-01T02:00:00Z';
  const clock = new ManualClock(START);
  const finding = (run: RunDetail, key: string) => run.findings.find((f) => f.key === key)!;

  before(async () => {
    const copy = await copySeedTemplate(START);
    db = copy.db;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    other = createServer((_req, res) => {
      otherHits++;
      res.end('other site');
    });
    await new Promise<void>((ok) => other.listen(0, '127.0.0.1', ok));
    const otherUrl = `http://127.0.0.1:${(other.address() as { port: number }).port}/page`;
    app = await buildApp({ config: testConfig(db, { publicUrl: base }), clock, logger: false });
    await restoreSequences(app, copy.sequences);
    app.get('/insp-slow', async () => {
      await sleep(4500);
      return 'late';
    });
    app.get('/insp-error', async (_req, reply) => reply.code(500).send('error'));
    await app.ready();
    await app.listen({ port, host: '127.0.0.1' });
    ndrc = (await listPublicOrgs(app.ctx.db)).find((o) => o.shortName === '区发改委')!.id;
    const column = await createColumn(app.ctx, sys, {
      name: '自查网络检查',
      slug: 'insp-http',
      kind: 'news',
      parentId: null,
      orgId: ndrc,
    });
    const item = await createItem(app.ctx, sys, {
      kind: 'article',
      title: '自查网络检查稿件',
      body: `<p><a href="/insp-slow">很慢的页面</a>、<a href="/insp-error">出错的页面</a>、<a href="${otherUrl}">其他网站</a>、<a href="//127.0.0.1:9/x">协议相对地址</a>。</p>`,
      orgId: ndrc,
      source: 'original',
      columnIds: [column.id],
    });
    await submitItem(app.ctx, sys, item.id);
    await reviewItem(app.ctx, sys, item.id);
    await clearItem(app.ctx, sys, item.id);
    await publishItem(app.ctx, sys, item.id);
    CRAWL_LIMITS.unit = { maxPages: 100, maxLinks: 1500 };
    // Long enough for every real page even on a loaded machine; the slow route answers only after it.
    CRAWL_LIMITS.timeoutMs = 3000;
  });
  after(async () => {
    CRAWL_LIMITS.timeoutMs = 15_000;
    await app.close();
    other.closeAllConnections();
    await new Promise((ok) => other.close(ok));
    await db.drop();
  });

  it('fetches the site’s own pages over the network while listening, with the timeout per request, and never another site', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/inspection/runs',
      headers: await bearer({ app, ctx: app.ctx, clock, db, close: async () => undefined }, 'gkb'),
      payload: { org: ndrc },
    });
    assert.equal(res.statusCode, 201, res.body.slice(0, 300));
    const run = res.json() as RunDetail;
    const reach = finding(run, 'reachability');
    assert.deepEqual(reach.evidence.map((e) => [e.url, e.detail]).sort(), [
      ['/insp-error', '出错（HTTP 500）'],
      ['/insp-slow', '3 秒内未打开'],
    ]);
    // The share is known: 2 of the addresses requested.
    const share = 2 / run.linksChecked;
    assert.ok(run.linksChecked > 2, 'run.linksChecked > 2');
    assert.equal(reach.count, 2);
    assert.match(
      reach.summary,
      new RegExp(
        `^经网络访问 ${base.replace(/\./g, '\\.')}，请求 ${run.linksChecked} 个站内地址，2 个出错、无应答或超过 3 秒未打开（${(share * 100).toFixed(1)}%）$`,
      ),
    );
    assert.equal(reach.status, share >= 0.05 ? 'fail' : 'warn');
    assert.equal(otherHits, 0, 'the other site was never requested');
    // The erring page is also a broken link; the slow one is a reachability failure only.
    assert.deepEqual(
      finding(run, 'broken_links').evidence.map((e) => e.title),
      ['/insp-error'],
    );
  });

  it('fails the site when not one page answers at its public address, and checks links in-process, saying so', async () => {
    const configured = app.ctx.config.publicUrl;
    app.ctx.config.publicUrl = `http://127.0.0.1:${await freePort()}`;
    try {
      const run = await runInspection(app.ctx, sys, ndrc);
      const reach = finding(run, 'reachability');
      assert.equal(reach.status, 'fail');
      assert.equal(reach.count, 3, 'gives up after 3 requests in a row without an answer');
      assert.match(
        reach.summary,
        /^经网络访问本站网址 http:\/\/127\.0\.0\.1:\d+：请求 3 个站内地址均无应答（无法连接（ECONNREFUSED））/,
      );
      assert.match(finding(run, 'broken_links').summary, /^在进程内（经网络无法访问本站）抓取/);
      assert.deepEqual(
        finding(run, 'broken_links').evidence.map((e) => e.title),
        ['/insp-error'],
      );
    } finally {
      app.ctx.config.publicUrl = configured;
    }
  });

  it('labels the in-process check when asked for it (the CLI’s default)', async () => {
    const run = await runInspection(app.ctx, sys, ndrc, 'cli', { over: 'process' });
    const reach = finding(run, 'reachability');
    assert.match(reach.summary, /^在进程内（未经过网络和反向代理）请求 \d+ 个站内地址/);
    assert.equal(otherHits, 0);
  });

  it('finds more broken links than the 404 rate limit lets a stranger see, over the network and in-process', async () => {
    // A stranger walking missing paths is slowed down after 60 a minute …
    const statuses = [];
    for (let i = 0; i < 62; i++) statuses.push((await app.inject(`/insp-walk-${i}`)).statusCode);
    assert.deepEqual(
      [statuses[0], statuses[59], statuses[61]],
      [404, 404, 429],
      'the limit holds for others',
    );
    const forged = await app.inject({
      url: '/insp-walk-x',
      headers: { [CRAWLER_HEADER]: crawlerKey('another secret') },
    });
    assert.equal(forged.statusCode, 429, 'a key made with another secret is not the crawler’s');
    // … while the site's own crawler sees every one of 70 broken links as what it is.
    const column = await createColumn(app.ctx, sys, {
      name: '自查错链检查',
      slug: 'insp-many',
      kind: 'news',
      parentId: null,
      orgId: ndrc,
    });
    const links = Array.from({ length: 70 }, (_, i) => `<a href="/insp-gone-${i}">失效链接 ${i}</a>`).join(
      '、',
    );
    const item = await createItem(app.ctx, sys, {
      kind: 'article',
      title: '自查错链较多的稿件',
      body: `<p>${links}</p>`,
      orgId: ndrc,
      source: 'original',
      columnIds: [column.id],
    });
    await submitItem(app.ctx, sys, item.id);
    await reviewItem(app.ctx, sys, item.id);
    await clearItem(app.ctx, sys, item.id);
    await publishItem(app.ctx, sys, item.id);
    const gone = async (over: 'http' | 'process') =>
      finding(await runInspection(app.ctx, sys, ndrc, 'manual', { over }), 'broken_links').evidence.filter(
        (e) => e.title.startsWith('/insp-gone-'),
      );
    for (const over of ['http', 'process'] as const) {
      const broken = await gone(over);
      assert.equal(broken.length, 70, `${over}: all 70 found`);
      assert.ok(
        broken.every((e) => /404/.test(e.detail)),
        `${over}: each as a missing page: ${broken.map((e) => e.detail).join(' ')}`,
      );
    }
  });
});
