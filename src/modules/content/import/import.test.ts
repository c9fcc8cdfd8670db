/**
 * Moving the old site in (issue #23 part 4), on both engines: a package (ZIP + manifest) and a crawl
 * of a local copy of a typical 政府网站 served on 127.0.0.1 by this test (column pages with a pager,
 * article pages, attachments, broken pages, robots.txt) — never an outside address.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { buildTestApp, loginAs, runCliOn, type TestApp } from '../../../../test/helpers.ts';
import type { UserActor } from '../../../context.ts';
import { residentIdCheckChar } from '../../../lib/identifiers.ts';
import { minimalPdf } from '../../privacy/test-fixtures.ts';
import { sampleWordDocx } from '../test-fixtures.ts';
import {
  continueRun,
  crawlSettings,
  getRun,
  importCrawl,
  importPackage,
  importReviewQueue,
} from './service.ts';

const ID17 = '36010219800101123';
const VALID_ID = ID17 + residentIdCheckChar(ID17);
const OLD = 'http://www.hgt.gov.cn';

const csv = (rows: string[][]) =>
  '\ufeff' +
  rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');
const HEADER = ['原网址', '栏目', '标题', '发布日期', '文号', '索引号', '发布机构', '正文文件', '附件'];
const zip = (files: Record<string, string | Buffer>) =>
  Buffer.from(
    zipSync(
      Object.fromEntries(
        Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : new Uint8Array(v)]),
      ),
    ),
  );

describe('site import: package and crawl (both engines)', () => {
  let t: TestApp;
  let gkb: UserActor;
  const sleep = async () => {};
  const count = async (table: 'content_items' | 'content_import_runs' | 'content_redirects' | 'audit_log') =>
    Number(
      (
        await t.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await buildTestApp();
    const u = await t.ctx.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'org_id'])
      .where('username', '=', 'gkb')
      .executeTakeFirstOrThrow();
    gkb = {
      kind: 'user',
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      orgId: u.org_id,
      roles: ['openness_admin'],
      ip: null,
    };
  });
  after(() => t?.close());

  async function goodPackage(prefix: string) {
    return zip({
      'manifest.csv': csv([
        HEADER,
        [
          `${OLD}/art/2019/3/5/${prefix}_1.html`,
          '通知公告',
          `关于${prefix}春季防火的通知`,
          '2019年3月5日',
          '',
          '',
          '',
          'bodies/1.html',
          'files/防火须知.pdf',
        ],
        [
          `${OLD}/art/2020/7/1/${prefix}_2.html`,
          'zwdt',
          `${prefix}区召开防汛工作会议`,
          '2020/7/1 10:30',
          '',
          '',
          '',
          'bodies/2.docx',
          '',
        ],
        [
          `${OLD}/art/2021/1/8/${prefix}_3.html`,
          '政务动态',
          `${prefix}困难群众临时救助名单`,
          '2021-01-08',
          '',
          '',
          '',
          'bodies/3.txt',
          '',
        ],
        [
          `/col/zcwj/${prefix}_4.html?id=9`,
          '政策文件',
          `${prefix}区优化营商环境若干措施`,
          '2021.06.30',
          `红府发〔2021〕${prefix.charCodeAt(0)}号`,
          '',
          '红谷滩区人民政府',
          'bodies/4.html',
          '',
        ],
      ]),
      'bodies/1.html':
        '<html><head><title>x</title><script>alert(1)</script></head><body><p>各单位：春季是火灾多发季节，请做好防火工作。</p></body></html>',
      'bodies/2.docx': await sampleWordDocx(),
      'bodies/3.txt': `救助对象张三，身份证号 ${VALID_ID}，救助金额 800 元。`,
      'bodies/4.html': '<p>为持续优化营商环境，制定如下措施。</p>',
      'files/防火须知.pdf': minimalPdf(['Fire safety notes']),
    });
  }

  it('imports a package: original dates kept, marked as imported and audited, attachments kept, old URLs answer 301, a blocked item waits in the review queue', async () => {
    const run = await importPackage(t.ctx, gkb, { filename: 'old-site.zip', data: await goodPackage('a') });
    assert.equal(run.status, 'done');
    assert.deepEqual([run.counts.published, run.counts.review, run.counts.error], [3, 1, 0]);
    const items = await t.ctx.db
      .selectFrom('content_items')
      .select([
        'id',
        'title',
        'status',
        'published_at',
        'imported_from',
        'kind',
        'doc_number',
        'issuing_agency',
        'body',
      ])
      .where('imported_from', 'like', `${OLD}%`)
      .orderBy('id')
      .execute();
    const notice = items.find((i) => i.title.includes('防火'))!;
    assert.equal(notice.status, 'published');
    assert.equal(notice.kind, 'notice', 'a 通知公告 column makes a notice');
    assert.equal(
      notice.published_at,
      '2019-03-05T01:00:00.000Z',
      'published on its old date (09:00 Beijing when no time was given)',
    );
    assert.ok(!notice.body.includes('script'), 'the body is sanitised');
    assert.equal(
      items.find((i) => i.title.includes('防汛'))!.published_at,
      '2020-07-01T02:30:00.000Z',
      'the time given is kept',
    );
    const blocked = items.find((i) => i.title.includes('救助'))!;
    assert.equal(blocked.status, 'draft', 'personal information: a draft, not published');
    const policy = await t.ctx.db
      .selectFrom('content_items')
      .select(['kind', 'doc_number', 'issuing_agency', 'index_number', 'status'])
      .where('imported_from', '=', '/col/zcwj/a_4.html?id=9')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [policy.kind, policy.doc_number, policy.issuing_agency, policy.status],
      ['policy', '红府发〔2021〕97号', '红谷滩区人民政府', 'published'],
    );
    assert.ok(policy.index_number, 'a 政策文件 without 索引号 gets one by the site rule');

    const att = await t.ctx.db
      .selectFrom('content_attachments')
      .select(['name', 'mime', 'text'])
      .where('item_id', '=', notice.id)
      .execute();
    assert.deepEqual(
      att.map((a) => [a.name, a.mime]),
      [['防火须知.pdf', 'application/pdf']],
    );
    assert.match(att[0].text, /Fire safety/);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'content.item.import')
      .where('object_id', '=', String(notice.id))
      .executeTakeFirstOrThrow();
    assert.match(
      audit.after_json!,
      /"importedFrom":"http:\/\/www\.hgt\.gov\.cn\/art\/2019\/3\/5\/a_1\.html"/,
    );

    // Old URLs: 301 to the new page (the path with its query; any host — the new site answers on the old domain).
    const r1 = await t.app.inject({ method: 'GET', url: '/art/2019/3/5/a_1.html' });
    assert.equal(r1.statusCode, 301);
    assert.equal(r1.headers.location, `/items/${notice.id}`);
    const r2 = await t.app.inject({ method: 'GET', url: '/col/zcwj/a_4.html?id=9' });
    assert.equal(r2.statusCode, 301, 'a query-string URL too');
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/col/zcwj/a_4.html?id=10' })).statusCode,
      404,
      'another query is another page',
    );
    const page = await t.app.inject({ method: 'GET', url: `/items/${notice.id}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /2019-03-05/, 'the public page shows the original date');
    const search = await t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('春季防火')}` });
    assert.ok(search.body.includes(`href="/items/${notice.id}"`), 'published items are in the search index');

    // The review queue: the back office lists the held item; it goes through the normal workflow and keeps its date.
    const queue = await importReviewQueue(t.ctx, gkb);
    assert.ok(
      queue.some((q) => q.id === blocked.id && q.blocking > 0),
      'the blocked item is in the queue',
    );
    const s = await loginAs(t.app, 'gkb');
    const qp = await s.get('/admin/content/import/review');
    assert.equal(qp.statusCode, 200);
    assert.match(qp.body, /a困难群众临时救助名单/);
    assert.ok(!qp.body.includes(VALID_ID), 'the queue shows no personal data');
    assert.equal((await s.get(`/admin/content/import/runs/${run.id}`)).statusCode, 200);
  });

  it('imports the same package again as duplicates, not twice', async () => {
    const before = await count('content_items');
    const run = await importPackage(t.ctx, gkb, { filename: 'old-site.zip', data: await goodPackage('a') });
    assert.equal(run.counts.duplicate, 4);
    assert.equal(await count('content_items'), before);
  });

  it('a dry run reports the outcomes and writes nothing', async () => {
    const before = await Promise.all([
      count('content_items'),
      count('content_import_runs'),
      count('content_redirects'),
      count('audit_log'),
    ]);
    const run = await importPackage(
      t.ctx,
      gkb,
      { filename: 'old-site.zip', data: await goodPackage('d') },
      { dryRun: true },
    );
    assert.equal(run.id, null);
    assert.deepEqual([run.counts.published, run.counts.review, run.counts.error], [3, 1, 0]);
    assert.deepEqual(
      await Promise.all([
        count('content_items'),
        count('content_import_runs'),
        count('content_redirects'),
        count('audit_log'),
      ]),
      before,
      'no item, run, redirect or audit record',
    );
  });

  it('reports every row with an error by its number and publishes nothing, unless the office skips those rows', async () => {
    const data = zip({
      'export/manifest.csv': csv([
        HEADER,
        [`${OLD}/e/1.html`, '通知公告', '正常的通知', '2021-05-06', '', '', '', 'b/1.html', ''],
        [`${OLD}/e/2.html`, '不存在的栏目', '栏目不对', '2021-05-06', '', '', '', 'b/1.html', ''],
        [`${OLD}/e/3.html`, '通知公告', '日期不对', '2021-02-30', '', '', '', 'b/1.html', ''],
        [`${OLD}/e/4.html`, '通知公告', '文件缺失', '2021-05-06', '', '', '', 'b/missing.html', 'b/none.pdf'],
        [`${OLD}/e/5.html`, '通知公告', '另一条正常的', '2021-05-07', '', '', '', 'b/1.html', ''],
      ]),
      'export/b/1.html': '<p>正文。</p>',
    });
    const before = await count('content_items');
    const run = await importPackage(t.ctx, gkb, { filename: 'bad.zip', data });
    assert.equal(run.status, 'blocked');
    assert.equal(await count('content_items'), before, 'nothing published');
    const errors = run.rows.flatMap((r) => r.errors).join('\n');
    assert.match(errors, /第 3 行：栏目“不存在的栏目”不存在/);
    assert.match(errors, /第 4 行：发布日期“2021-02-30”无法识别/);
    assert.match(errors, /第 5 行：正文文件“b\/missing\.html”在导入包中不存在/);
    assert.match(errors, /第 5 行：附件“b\/none\.pdf”在导入包中不存在/);
    await assert.rejects(continueRun(t.ctx, gkb, run.id!), /有错误/);
    const s = await loginAs(t.app, 'gkb');
    const runPage = await s.get(`/admin/content/import/runs/${run.id}`);
    assert.match(runPage.body, /跳过有错误的行，导入其余各行/);
    const res = await s.post(
      `/admin/content/import/runs/${run.id}/continue`,
      { skipErrors: '1' },
      { from: `/admin/content/import/runs/${run.id}` },
    );
    assert.equal(res.statusCode, 303);
    for (let i = 0; i < 50 && (await getRun(t.ctx, gkb, run.id!)).status !== 'done'; i++)
      await new Promise((r) => setTimeout(r, 100));
    const done = await getRun(t.ctx, gkb, run.id!);
    assert.deepEqual([done.status, done.counts.published, done.counts.skipped], ['done', 2, 3]);
  });

  it('refuses a manifest with an unknown column, a zip-slip name and a zip bomb, in Chinese, writing nothing', async () => {
    const before = await count('content_import_runs');
    await assert.rejects(
      importPackage(t.ctx, gkb, {
        filename: 'x.zip',
        data: zip({ 'manifest.csv': csv([[...HEADER, '备注'], ['a']]) }),
      }),
      /不认识的列“备注”/,
    );
    await assert.rejects(
      importPackage(t.ctx, gkb, {
        filename: 'x.zip',
        data: zip({ 'manifest.csv': csv([HEADER]), '../evil.html': 'x' }),
      }),
      /非法路径/,
    );
    await assert.rejects(
      importPackage(t.ctx, gkb, {
        filename: 'x.zip',
        data: zip({ 'manifest.csv': csv([HEADER]), 'big.html': Buffer.alloc(20 * 1024 * 1024) }),
      }),
      /压缩炸弹/,
    );
    await assert.rejects(
      importPackage(t.ctx, gkb, { filename: 'x.zip', data: Buffer.from('not a zip at all, just text') }),
      /ZIP/,
    );
    assert.equal(await count('content_import_runs'), before);
    const s = await loginAs(t.app, 'gkb');
    const boundary = '----gk';
    const form = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = Buffer.concat([
      Buffer.from(
        form('orgId', String(gkb.orgId)) +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.zip"\r\nContent-Type: application/zip\r\n\r\n`,
      ),
      Buffer.from('garbage'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const csrf = await s.csrf('/admin/content/import');
    const res = await t.app.inject({
      method: 'POST',
      url: `/admin/content/import/package?_csrf=${encodeURIComponent(csrf)}`,
      cookies: s.cookies,
      remoteAddress: s.remoteAddress,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /导入包须为 ZIP 压缩文件/);
    const editor = await loginAs(t.app, 'editor');
    assert.equal(
      (await editor.get('/admin/content/import')).statusCode,
      403,
      'only the openness office imports',
    );
  });

  it('resumes a run stopped after N rows without duplicates', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => [
      `${OLD}/r/${i + 1}.html`,
      '政务动态',
      `续传测试第${i + 1}条`,
      `2021-03-${String(i + 1).padStart(2, '0')}`,
      '',
      '',
      '',
      'b.html',
      '',
    ]);
    const data = zip({ 'manifest.csv': csv([HEADER, ...rows]), 'b.html': '<p>续传测试正文。</p>' });
    await assert.rejects(
      importPackage(t.ctx, gkb, { filename: 'resume.zip', data }, {}, { stopAfter: 3 }),
      /中断/,
    );
    const runId = (
      await t.ctx.db
        .selectFrom('content_import_runs')
        .select('id')
        .where('label', '=', 'resume.zip')
        .executeTakeFirstOrThrow()
    ).id;
    const mid = await getRun(t.ctx, gkb, runId);
    assert.deepEqual([mid.status, mid.counts.published, mid.counts.pending], ['running', 3, 4]);
    const resumed = await continueRun(t.ctx, gkb, runId);
    assert.deepEqual([resumed.status, resumed.counts.published, resumed.counts.pending], ['done', 7, 0]);
    const n = await t.ctx.db
      .selectFrom('content_items')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('imported_from', 'like', `${OLD}/r/%`)
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 7, 'each row once');
    const cli = await runCliOn(t.db, ['content', 'import-site', '--resume', String(runId)]);
    assert.equal(cli.code, 0, cli.text);
    assert.match(cli.text, /已发布 7 条/);
  });

  it('the CLI dry-runs a package and reports its rows', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'gk-import-')), 'site.zip');
    writeFileSync(
      file,
      zip({
        'manifest.csv': csv([
          HEADER,
          [`${OLD}/cli/1.html`, '政务动态', '命令行', 'bad date', '', '', '', 'b.html', ''],
        ]),
        'b.html': '<p>x</p>',
      }),
    );
    const before = await count('content_items');
    const cli = await runCliOn(t.db, ['content', 'import-site', '--package', file, '--dry-run']);
    assert.match(cli.text, /试运行（未写入任何内容）/);
    assert.match(cli.text, /第 2 行：发布日期“bad date”无法识别/);
    assert.equal(await count('content_items'), before);
  });

  describe('crawl of a local 政府网站', () => {
    let server: Server;
    let base: string;
    const requests: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const article = (title: string, date: string, body: string) =>
      `<!doctype html><html><head><meta charset="utf-8"><title>${title}_红谷滩区</title></head><body><div class="header">导航</div><h1>${title}</h1><div class="info">发布时间：${date} 来源：区政府办</div><div class="article">${body}</div></body></html>`;
    const list = (links: [string, string][], next?: string) =>
      `<!doctype html><html><body><ul class="list">${links.map(([h, t]) => `<li><a href="${h}">${t}</a></li>`).join('')}</ul>${next ? `<a href="${next}">下一页</a>` : ''}</body></html>`;
    const pages: Record<string, [number, string, string | Buffer]> = {
      '/robots.txt': [200, 'text/plain', 'User-agent: *\nDisallow: /private/\n'],
      '/col/col1/index.html': [
        200,
        'text/html; charset=utf-8',
        list(
          [
            ['/art/1.html', '一'],
            ['../../art/2.html', '二'],
            ['/private/3.html', '内部'],
            ['/art/missing.html', '丢失'],
            ['http://other.example/x.html', '外站'],
          ],
          'index_1.html',
        ),
      ],
      '/col/col1/index_1.html': [
        200,
        'text/html',
        list([
          ['/art/4.html', '四'],
          ['/art/500.html', '坏'],
          ['/art/bad.html', '乱'],
        ]),
      ],
      '/art/1.html': [
        200,
        'text/html',
        article(
          '关于开展2021年度政务公开工作考核的通知',
          '2021-04-02 09:15',
          '<p>各街道、各部门：现将考核办法印发给你们。</p><p><a href="/files/kh.pdf">考核办法</a></p><img src="/img/a.png" alt="图">',
        ),
      ],
      '/art/2.html': [
        200,
        'text/html',
        article('区政务服务中心延长周末服务时间', '2021年5月8日', '<p>自即日起周末照常办理。</p>'),
      ],
      '/art/4.html': [
        200,
        'text/html',
        article('低保对象公示', '2021/06/01', `<p>低保对象李四，身份证号 ${VALID_ID}。</p>`),
      ],
      '/art/500.html': [500, 'text/html', 'oops'],
      '/art/bad.html': [200, 'text/html', '<html><body><p>没有标题也没有正文容器的页面</p></body></html>'],
      '/files/kh.pdf': [200, 'application/pdf', minimalPdf(['Assessment rules'])],
      '/private/3.html': [200, 'text/html', article('内部', '2021-01-01', '<p>不应抓取</p>')],
    };

    before(async () => {
      server = createServer((req: IncomingMessage, res) => {
        requests.push(req.url!);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => {
          inFlight--;
          const p = pages[req.url!];
          if (!p) {
            res.writeHead(404, { 'content-type': 'text/html' }).end('not found');
            return;
          }
          res.writeHead(p[0], { 'content-type': p[1] }).end(p[2]);
        }, 5);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    it('crawls column pages and articles politely, imports them, and lists the pages it could not read', async () => {
      const settings = crawlSettings({
        starts: [{ url: `${base}/col/col1/index.html`, column: 'tzgg' }],
        delayMs: 20,
      });
      const dry = await importCrawl(t.ctx, gkb, settings, { dryRun: true }, { sleep });
      assert.equal(dry.id, null, JSON.stringify(dry.failures));
      assert.deepEqual(
        [dry.counts.published, dry.counts.review],
        [2, 1],
        JSON.stringify([dry.failures, dry.rows]),
      );
      requests.length = 0;
      const run = await importCrawl(t.ctx, gkb, settings, {}, { sleep });
      assert.equal(run.status, 'done');
      assert.deepEqual([run.counts.published, run.counts.review, run.counts.error], [2, 1, 0]);
      const reasons = Object.fromEntries(run.failures.map((f) => [new URL(f.url).pathname, f.reason]));
      assert.match(reasons['/private/3.html'], /robots\.txt/);
      assert.match(reasons['/art/missing.html'], /404/);
      assert.match(reasons['/art/500.html'], /500/);
      assert.match(reasons['/art/bad.html'], /无法识别/);
      assert.ok(
        !requests.some((r) => r.startsWith('/private/')),
        'robots.txt honoured: no request for a disallowed path',
      );
      assert.equal(maxInFlight, 1, 'one request at a time');
      assert.ok(
        !run.failures.some((f) => f.url.includes('other.example')),
        'links to other hosts are not followed at all',
      );

      const item = await t.ctx.db
        .selectFrom('content_items')
        .select(['id', 'published_at', 'body', 'status', 'kind'])
        .where('imported_from', '=', `${base}/art/1.html`)
        .executeTakeFirstOrThrow();
      assert.equal(item.published_at, '2021-04-02T01:15:00.000Z');
      assert.equal(item.kind, 'notice');
      assert.ok(item.body.includes(`${base}/img/a.png`), 'relative links in the body made absolute');
      const att = await t.ctx.db
        .selectFrom('content_attachments')
        .select(['name', 'text'])
        .where('item_id', '=', item.id)
        .execute();
      assert.deepEqual(
        att.map((a) => a.name),
        ['考核办法.pdf'],
      );
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/art/1.html' })).headers.location,
        `/items/${item.id}`,
      );
      const held = await t.ctx.db
        .selectFrom('content_items')
        .select('status')
        .where('imported_from', '=', `${base}/art/4.html`)
        .executeTakeFirstOrThrow();
      assert.equal(held.status, 'draft');
    });

    it('refuses a crawl across two hosts and an unknown column, asking nothing of any server', async () => {
      requests.length = 0;
      await assert.rejects(
        importCrawl(
          t.ctx,
          gkb,
          crawlSettings({
            starts: [
              { url: `${base}/col/col1/index.html`, column: 'tzgg' },
              { url: 'http://127.0.0.2:1/x', column: 'tzgg' },
            ],
          }),
          {},
          { sleep },
        ),
        /同一个网站/,
      );
      await assert.rejects(
        importCrawl(
          t.ctx,
          gkb,
          crawlSettings({ starts: [{ url: `${base}/col/col1/index.html`, column: '没有的栏目' }] }),
          {},
          { sleep },
        ),
        /栏目“没有的栏目”不存在/,
      );
      assert.equal(requests.length, 0);
      const s = await loginAs(t.app, 'gkb');
      const res = await s.post(
        '/admin/content/import/crawl',
        {
          orgId: String(gkb.orgId),
          starts: 'ftp://x/y 通知公告',
          preset: 'generic',
          delayMs: '1000',
          maxItems: '10',
        },
        { from: '/admin/content/import' },
      );
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /不是有效的 http\(s\) 网址/);
    });
  });
});
