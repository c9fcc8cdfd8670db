import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../lib/time.ts';
import { createServer } from 'node:http';
import { crawl, FetchFailure, httpFetcher, type FetchedPage } from './crawl.ts';
import { findMarkings } from './markings.ts';
import {
  columnVerdicts,
  extractLinks,
  FAQ_PUBLICATION,
  homeIsStale,
  internalPath,
  publicationDateProblems,
  rollUpColumns,
  tally,
  thresholdStatus,
  type ColumnFact,
  type PublicationFacts,
} from './model.ts';

const col = (over: Partial<ColumnFact>): ColumnFact => ({
  id: 1,
  name: '栏目',
  slug: 'c',
  kind: 'news',
  orgId: null,
  published: 1,
  lastDate: '2022-03-01',
  ...over,
});

describe('column freshness (rules.md §8)', () => {
  it('gives news columns 2 weeks and notice/policy columns 6 months', () => {
    const today = '2022-06-30';
    const v = columnVerdicts(
      [
        col({ id: 1, kind: 'news', lastDate: '2022-06-16' }),
        col({ id: 2, kind: 'news', lastDate: '2022-06-15' }),
        col({ id: 3, kind: 'notice', lastDate: '2021-12-30' }),
        col({ id: 4, kind: 'policy', lastDate: '2021-12-29' }),
        col({ id: 5, kind: 'guide', lastDate: '2020-01-01' }),
        col({ id: 6, kind: 'data', published: 0, lastDate: null }),
        col({ id: 7, kind: 'interaction', published: 0, lastDate: null }),
        col({ id: 8, kind: 'report', lastDate: '2021-04-01' }),
        col({ id: 9, kind: 'report', lastDate: '2021-03-29' }),
      ],
      today,
    );
    assert.deepEqual(
      v.stale.map((c) => c.id),
      [2, 4],
    );
    assert.deepEqual(
      v.longStale.map((c) => c.id),
      [5, 9],
    );
    assert.deepEqual(
      v.empty.map((c) => c.id),
      [6],
      'interaction columns are not counted',
    );
  });

  it('flags a news column exactly when its last update lies more than 14 days back (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 60 }), (offset, age) => {
        const today = addDays('2019-01-01', offset);
        const v = columnVerdicts([col({ kind: 'news', lastDate: addDays(today, -age) })], today);
        assert.equal(v.stale.length === 1, age > 14);
        assert.equal(homeIsStale(addDays(today, -age), today), age > 14);
      }),
    );
  });

  it('rolls items of child columns up to their parents', () => {
    const cols = [
      { id: 1, parentId: null },
      { id: 2, parentId: 1 },
      { id: 3, parentId: 2 },
      { id: 4, parentId: null },
    ];
    const r = rollUpColumns(
      cols,
      new Map([
        [3, { published: 2, last: '2022-01-02T00:00:00Z' }],
        [2, { published: 1, last: '2021-01-01T00:00:00Z' }],
      ]),
    );
    assert.deepEqual(r.get(1), { published: 3, last: '2022-01-02T00:00:00Z' });
    assert.deepEqual(r.get(2), { published: 3, last: '2022-01-02T00:00:00Z' });
    assert.equal(r.get(4), undefined);
  });

  it('fails a count at the veto line, warns below it and tallies single-veto failures', () => {
    assert.equal(thresholdStatus(0, 5), 'pass');
    assert.equal(thresholdStatus(4, 5), 'warn');
    assert.equal(thresholdStatus(5, 5), 'fail');
    assert.deepEqual(
      tally([
        { key: 'columns_empty', status: 'fail' },
        { key: 'broken_links', status: 'fail' },
        { key: 'interpretation', status: 'warn' },
      ]),
      { vetoFailed: 1, failed: 2, warned: 1 },
    );
  });
});

describe('link extraction', () => {
  it('finds href and src values in any quoting, decoding entities', () => {
    const html = `<a href="/items/1?a=1&amp;b=2">x</a><img alt="" src='/static/a.png'><link rel="stylesheet" href=/static/s.css><p data-href="/no">`;
    assert.deepEqual(extractLinks(html), ['/items/1?a=1&b=2', '/static/a.png', '/static/s.css']);
  });
  it('keeps same-site paths and drops other hosts, schemes, fragments and the back office', () => {
    assert.equal(internalPath('/items/1#top', '/'), '/items/1');
    assert.equal(internalPath('2', '/columns/a/'), '/columns/a/2');
    assert.equal(internalPath('https://www.gov.cn/', '/'), null);
    assert.equal(internalPath('http://localhost:3000/items/2', '/', ['http://localhost:3000']), '/items/2');
    assert.equal(internalPath('mailto:a@b.cn', '/'), null);
    assert.equal(internalPath('#main', '/'), null);
    assert.equal(internalPath('/admin/content', '/'), null);
    assert.equal(internalPath('/search?q=x', '/'), null);
    assert.equal(internalPath('/elder?on=1&back=/', '/'), null);
  });
});

describe('the crawler', () => {
  const site: Record<string, FetchedPage> = {
    '/': {
      status: 200,
      contentType: 'text/html',
      body: '<a href="/a">a</a><a href="/b">b</a><a href="/old">old</a><img src="/files/x.pdf"><a href="https://example.com/">外链</a>',
    },
    '/a': {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<a href="/">home</a><a href="/missing">missing</a><a href="/c">c</a>',
    },
    '/b': { status: 500, contentType: 'text/html', body: '' },
    '/c': { status: 200, contentType: 'text/html', body: '<a href="/d">d</a>' },
    '/d': { status: 200, contentType: 'text/html', body: '' },
    '/old': { status: 301, contentType: '', body: '', location: '/a' },
  };
  const fetcher = async (p: string) =>
    site[p] ?? { status: 404, contentType: 'text/html', body: 'not found' };

  it('reports broken links with their page, follows redirects and never leaves the site', async () => {
    const requested: string[] = [];
    const r = await crawl(
      async (p) => {
        requested.push(p);
        return fetcher(p);
      },
      { seeds: ['/'], follow: true, maxPages: 50, maxLinks: 500 },
    );
    assert.deepEqual(r.broken.map((b) => `${b.source} → ${b.target} ${b.status}`).sort(), [
      '/ → /b 500',
      '/ → /files/x.pdf 404',
      '/a → /missing 404',
    ]);
    assert.deepEqual(
      r.failures.map((f) => f.url),
      ['/b'],
    );
    assert.ok(
      requested.every((p) => p.startsWith('/')),
      "requested.every((p) => p.startsWith('/'))",
    );
    assert.equal(
      new Set(requested).size,
      requested.length - 1,
      'each address once (a redirect re-requests its target)',
    );
    assert.equal(r.pages, 4);
    assert.equal(r.truncated, false);
  });

  it('stops at the page budget, and only checks links when not following', async () => {
    const small = await crawl(fetcher, { seeds: ['/'], follow: true, maxPages: 2, maxLinks: 500 });
    assert.equal(small.pages, 2);
    assert.equal(small.truncated, true);
    const flat = await crawl(fetcher, { seeds: ['/a'], follow: false, maxPages: 10, maxLinks: 500 });
    assert.equal(flat.pages, 1);
    assert.deepEqual(
      flat.broken.map((b) => b.target),
      ['/missing'],
    );
  });

  it('counts a page slower than the limit as failing to load', async () => {
    let clock = 0;
    const r = await crawl(
      async (p) => {
        clock += p === '/c' ? 16_000 : 10;
        return fetcher(p);
      },
      { seeds: ['/a'], follow: false, maxPages: 10, maxLinks: 500, now: () => clock },
    );
    assert.deepEqual(
      r.failures.map((f) => f.url),
      ['/c'],
    );
  });
});

describe('the crawler without answers', () => {
  it('records a request without an answer as a reachability failure with its reason, not as a broken link', async () => {
    const r = await crawl(
      async (p) => {
        if (p === '/b') throw new FetchFailure('timeout', '15 秒内未打开');
        return {
          status: 200,
          contentType: 'text/html',
          body: p === '/' ? '<a href="/a">a</a><a href="/b">b</a>' : '',
        };
      },
      { seeds: ['/'], follow: true, maxPages: 10, maxLinks: 100 },
    );
    assert.deepEqual(r.failures, [{ url: '/b', status: 0, ms: r.failures[0].ms, error: '15 秒内未打开' }]);
    assert.deepEqual(r.broken, []);
    assert.equal(r.answered, 2);
    assert.equal(r.stopped, false);
  });

  it('gives up after the given number of requests in a row without an answer', async () => {
    let calls = 0;
    const r = await crawl(
      async () => {
        calls++;
        throw new FetchFailure('network', '无法连接（ECONNREFUSED）');
      },
      { seeds: ['/', '/a', '/b', '/c', '/d'], follow: true, maxPages: 10, maxLinks: 100, maxUnanswered: 3 },
    );
    assert.equal(calls, 3);
    assert.equal(r.answered, 0);
    assert.equal(r.stopped, true);
    assert.equal(r.truncated, true);
  });
});

describe('the HTTP fetcher', () => {
  it('requests only its own origin, returns redirects unfollowed and gives up after the timeout', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(String(req.url));
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 3000);
      if (req.url === '/moved') return void res.writeHead(301, { location: '/page' }).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<a href="/x">x</a>');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    try {
      const get = httpFetcher(`http://127.0.0.1:${port}/some/base/`, 2000);
      const page = await get('/page?q=1');
      assert.equal(page.status, 200);
      assert.match(page.body, /href="\/x"/);
      assert.deepEqual(await get('/moved'), { status: 301, contentType: '', body: '', location: '/page' });
      await assert.rejects(get('/slow'), (e: unknown) => e instanceof FetchFailure && e.reason === 'timeout');
      // A protocol-relative path stays on our origin: it is a path here, never another host.
      assert.equal((await get('//example.com/x')).status, 200);
      assert.deepEqual(seen, ['/page?q=1', '/moved', '/slow', '//example.com/x']);
      const closed = httpFetcher('http://127.0.0.1:1/', 1000);
      await assert.rejects(
        closed('/'),
        (e: unknown) => e instanceof FetchFailure && e.reason === 'network' && /无法连接/.test(e.message),
      );
    } finally {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  });
});

describe('confidentiality markings', () => {
  const texts = (s: string) => findMarkings(s).map((m) => `${m.label}:${m.text}`);
  it('finds secret levels with the star or as a field, and handling markings standing alone or in brackets', () => {
    assert.deepEqual(texts('秘密★1年\n关于某事的通知'), ['密级标志:秘密★1年']);
    assert.deepEqual(texts('机密 ★ 10年'), ['密级标志:机密 ★ 10年']);
    assert.deepEqual(texts('绝密★启用前\n2022年考试试卷'), ['密级标志:绝密★启用前']);
    assert.deepEqual(texts('密级：机密　保密期限：10年'), ['密级标志:密级：机密']);
    assert.deepEqual(texts('本文件密级为秘密'), ['密级标志:密级为秘密']);
    assert.deepEqual(texts('【内部资料】2022年工作会议纪要'), ['保密标志:【内部资料】']);
    assert.deepEqual(texts('内部资料\n注意保密\n正文第一段。'), ['保密标志:内部资料', '保密标志:注意保密']);
    assert.deepEqual(texts('各乡镇（街道）：\n（内部文件　请勿外传）'), [
      '保密标志:内部文件',
      '保密标志:请勿外传',
    ]);
  });

  it('leaves the same words in sentences, quoted mentions and the legal terms alone', () => {
    for (const s of [
      '涉及国家秘密的政府信息不予公开。',
      '请各单位注意保密，严格落实保密制度。',
      '在文件首页标注“秘密★”字样的，不得在网站发布。',
      '对标注“内部资料”的文件一律不得公开。',
      '依法保护商业秘密和个人隐私。',
      '本单位将内部文件清理工作纳入年度考核。',
      '密级：非密',
    ])
      assert.deepEqual(findMarkings(s), [], s);
  });

  // Ordinary prose: Chinese text with punctuation and line breaks, but no star, no 密级 field, no handling words.
  const prose = fc
    .array(
      fc.constantFrom(
        '关于',
        '做好',
        '政务公开',
        '工作',
        '的',
        '通知',
        '各单位',
        '要',
        '按照',
        '规定',
        '，',
        '。',
        '\n',
        '2022年',
        '第',
        '1',
        '条',
        '秘',
        '密',
        '内部',
        '资料',
      ),
      { maxLength: 40 },
    )
    .map((w) => w.join(''))
    .filter((s) => !/[★☆]|密[ \t　]*级|保密等级|内部资料|内部文件|内部参阅|注意保密|请勿外传/.test(s));

  it('finds a marking placed on its own line anywhere in any prose, at its position (property)', () => {
    const marking = fc.constantFrom(
      '秘密★',
      '机密★10年',
      '绝密★启用前',
      '内部资料',
      '【注意保密】',
      '密级：机密',
    );
    fc.assert(
      fc.property(prose, marking, prose, (before, mark, after) => {
        const text = `${before}\n${mark}\n${after}`;
        const found = findMarkings(text);
        assert.ok(found.length >= 1, text);
        const at = before.length + 1;
        assert.ok(
          found.some(
            (f) => f.start >= at && f.end <= at + mark.length && text.slice(f.start, f.end) === f.text,
          ),
          text,
        );
      }),
    );
  });

  it('finds nothing in prose without a star, a 密级 field or a handling word (property)', () => {
    fc.assert(fc.property(prose, (text) => assert.deepEqual(findMarkings(text), [], text)));
  });
});

describe('publication dates (虚假发布时间)', () => {
  const now = new Date('2023-03-20T02:00:00Z');
  const facts = (over: Partial<PublicationFacts> = {}): PublicationFacts => ({
    publishedAt: '2023-03-01T02:00:00.050Z',
    modifiedAt: null,
    createdAt: '2023-03-01T01:00:00Z',
    trail: [
      { at: '2023-03-01T01:00:00Z', action: 'content.item.create', after: {} },
      { at: '2023-03-01T02:00:00.120Z', action: 'content.item.publish', after: {} },
    ],
    ...over,
  });
  const check = (f: PublicationFacts) => publicationDateProblems(f, now, 180);

  it('accepts a date set by the workflow: at the publish record, or at the scheduled time of a (late) release', () => {
    assert.deepEqual(check(facts()), []);
    const scheduled = facts({
      publishedAt: '2023-03-05T00:00:00Z',
      trail: [
        { at: '2023-03-01T01:00:00Z', action: 'content.item.create', after: {} },
        {
          at: '2023-03-01T03:00:00Z',
          action: 'content.item.schedule',
          after: { publishAt: '2023-03-05T00:00:00.000Z' },
        },
        {
          at: '2023-03-05T02:30:00Z',
          action: 'content.item.release',
          after: { ranAt: '2023-03-05T02:30:00Z' },
        },
      ],
    });
    assert.deepEqual(check(scheduled), [], 'a release that ran late keeps the scheduled time');
    assert.deepEqual(
      check(facts({ trail: [], createdAt: '2022-01-01T00:00:00Z', publishedAt: '2022-01-02T00:00:00Z' })),
      [],
      'records older than the retention may have been purged',
    );
  });

  it('flags a date after the inspection clock, before creation, or off the audit trail', () => {
    assert.match(
      check(
        facts({
          publishedAt: '2023-03-25T02:00:00Z',
          trail: [
            { at: '2023-03-01T01:00:00Z', action: 'content.item.create', after: {} },
            { at: '2023-03-25T02:00:00Z', action: 'content.item.publish', after: {} },
          ],
        }),
      ).join(),
      /发布时间 2023-03-25 10:00 晚于检查时间 2023-03-20 10:00/,
    );
    assert.match(
      check(facts({ modifiedAt: '2023-04-01T00:00:00Z' })).join(),
      /修改时间 2023-04-01 08:00 晚于检查时间/,
    );
    assert.deepEqual(check(facts({ publishedAt: '2023-02-20T02:00:00Z' })), [
      '发布时间 2023-02-20 10:00 早于稿件录入系统的时间 2023-03-01 09:00',
      '发布时间 2023-02-20 10:00 与发布操作的审计记录（2023-03-01 10:00）不符',
    ]);
    assert.deepEqual(
      check(facts({ publishedAt: '2023-03-19T02:00:00Z' })),
      ['发布时间 2023-03-19 10:00 与发布操作的审计记录（2023-03-01 10:00）不符'],
      'refreshed to look new',
    );
    assert.deepEqual(
      check(facts({ trail: [{ at: '2023-03-01T01:00:00Z', action: 'content.item.create', after: {} }] })),
      ['没有发布操作的审计记录'],
    );
    assert.deepEqual(check(facts({ trail: [] })), ['没有任何办理记录（审计日志），发布时间无从核实']);
    const moved = facts({
      publishedAt: '2023-03-06T00:00:00Z',
      trail: [
        {
          at: '2023-03-01T03:00:00Z',
          action: 'content.item.schedule',
          after: { publishAt: '2023-03-05T00:00:00.000Z' },
        },
        { at: '2023-03-05T00:01:00Z', action: 'content.item.release', after: {} },
      ],
    });
    assert.deepEqual(check(moved), [
      '发布时间 2023-03-06 08:00 与设定的定时发布时间 2023-03-05 08:00 不符',
      '发布时间 2023-03-06 08:00 晚于定时发布实际生效的时间 2023-03-05 08:01',
    ]);
  });

  it('allows the minutes between the clock readings of one publication, and not more', () => {
    assert.deepEqual(check(facts({ publishedAt: '2023-03-01T01:55:00Z' })), []);
    assert.equal(check(facts({ publishedAt: '2023-03-01T01:49:00Z' })).length, 1);
  });

  it('checks an FAQ against its own records: the answer, and the FAQ publication (an item’s record does not count)', () => {
    const faq = (trail: PublicationFacts['trail'], publishedAt = '2023-03-02T02:00:00Z') =>
      publicationDateProblems(
        { publishedAt, modifiedAt: null, createdAt: '2023-03-01T02:00:00Z', trail },
        now,
        180,
        FAQ_PUBLICATION,
      );
    const answered = { at: '2023-03-01T02:00:00Z', action: 'inquiry.answer', after: {} };
    assert.deepEqual(
      faq([answered, { at: '2023-03-02T02:00:00Z', action: 'inquiry.faq.publish', after: {} }]),
      [],
    );
    assert.deepEqual(
      faq([answered, { at: '2023-03-02T02:00:00Z', action: 'content.item.publish', after: {} }]),
      ['没有发布操作的审计记录'],
    );
    assert.deepEqual(
      faq(
        [answered, { at: '2023-03-02T02:00:00Z', action: 'inquiry.faq.publish', after: {} }],
        '2023-02-28T02:00:00Z',
      ),
      [
        '发布时间 2023-02-28 10:00 早于咨询答复的时间 2023-03-01 10:00',
        '发布时间 2023-02-28 10:00 与发布操作的审计记录（2023-03-02 10:00）不符',
      ],
    );
  });
});
