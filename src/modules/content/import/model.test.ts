/** The import's pure rules: dates as old sites print them, old URLs as redirect keys, ZIP names, the manifest's header, the crawl's page reading. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  checkCrawlSettings,
  CRAWL_DEFAULTS,
  findDate,
  isSafeEntryName,
  mapHeader,
  oldPathOf,
  PRESETS,
  selectorsOf,
} from './model.ts';
import { readArticlePage, readListPage } from './crawl.ts';

const realDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('findDate', () => {
  it('reads a real date in every form old sites print it, with or without a time', () => {
    fc.assert(
      fc.property(
        realDate,
        fc.integer({ min: 0, max: 3 }),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))),
        (date, form, time) => {
          const [y, m, d] = date.split('-');
          const strip = (s: string) => String(Number(s));
          const text =
            [
              `${y}-${m}-${d}`,
              `${y}/${strip(m)}/${strip(d)}`,
              `${y}.${m}.${d}`,
              `${y}年${strip(m)}月${strip(d)}日`,
            ][form] + (time ? ` ${time[0]}:${String(time[1]).padStart(2, '0')}` : '');
          const found = findDate(`发布时间：${text} 来源：区政府办`);
          assert.ok(found, 'found');
          assert.equal(found.date, date);
          assert.equal(
            found.time,
            time ? `${String(time[0]).padStart(2, '0')}:${String(time[1]).padStart(2, '0')}:00` : '09:00:00',
          );
        },
      ),
    );
  });

  it('never throws, and what it finds is always a real date', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const found = findDate(s);
        assert.ok(found === null || /^\d{4}-\d{2}-\d{2}$/.test(found.date), 'a date or nothing');
      }),
    );
    assert.equal(findDate('2021-02-30'), null, 'no 30 February');
    assert.equal(findDate('2021-13-01'), null);
    assert.equal(findDate('2021-01-01 25:00'), null, 'no hour 25');
  });
});

describe('oldPathOf', () => {
  it('keys an old URL by its path and query, whatever the host, the same as the request a browser sends', () => {
    assert.equal(oldPathOf('http://www.hgt.gov.cn/art/2021/1/8/art_1_2.html'), '/art/2021/1/8/art_1_2.html');
    assert.equal(oldPathOf('https://other.host/col/x.html?id=3#top'), '/col/x.html?id=3');
    assert.equal(oldPathOf('/col/x.html?id=3'), '/col/x.html?id=3');
    assert.equal(
      oldPathOf('http://h/政策/文件.html'),
      '/%E6%94%BF%E7%AD%96/%E6%96%87%E4%BB%B6.html',
      'percent-encoded as browsers send it',
    );
    for (const bad of ['', 'ftp://x/y', 'javascript:alert(1)', 'relative/path'])
      assert.equal(oldPathOf(bad), null, bad);
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true }), (url) => {
        const p = oldPathOf(url);
        assert.ok(
          p === null || (p.startsWith('/') && oldPathOf(p) === p),
          'a key is its own key (the request path finds it)',
        );
      }),
      { numRuns: 50 },
    );
  });
});

describe('isSafeEntryName', () => {
  it('refuses names that climb out, are absolute or use backslashes', () => {
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\b', 'a/\u0000b', ''])
      assert.equal(isSafeEntryName(bad), false, bad);
    for (const good of ['manifest.csv', 'bodies/1.html', '附件/防火须知.pdf', 'a..b/c'])
      assert.equal(isSafeEntryName(good), true, good);
  });
});

describe('mapHeader', () => {
  it('knows the Chinese and English names, and names an unknown or missing column', () => {
    const ok = mapHeader(['原网址', 'Column', '标题', '发布日期', '正文文件', '附件']);
    assert.deepEqual(ok.errors, []);
    assert.equal(ok.index.column, 1);
    const bad = mapHeader(['原网址', '标题', '备注']);
    assert.ok(
      bad.errors.some((e) => e.includes('不认识的列“备注”')),
      'unknown column named',
    );
    assert.ok(
      bad.errors.some((e) => e.includes('缺少必填的列“栏目”')),
      'missing column named',
    );
  });
});

describe('crawl settings and page reading', () => {
  it('checks the settings: one host, http(s), a known preset', () => {
    const base = { preset: 'generic', ...CRAWL_DEFAULTS };
    assert.deepEqual(
      checkCrawlSettings({ ...base, starts: [{ url: 'http://a.gov.cn/c/1.html', column: 'tzgg' }] }),
      {},
    );
    assert.ok(
      checkCrawlSettings({
        ...base,
        starts: [
          { url: 'http://a.gov.cn/1', column: 'x' },
          { url: 'http://b.gov.cn/1', column: 'x' },
        ],
      }).starts,
      'two hosts refused',
    );
    assert.ok(
      checkCrawlSettings({ ...base, starts: [{ url: 'file:///etc/passwd', column: 'x' }] }).starts,
      'file: refused',
    );
    assert.ok(
      checkCrawlSettings({ ...base, preset: 'nope', starts: [{ url: 'http://a/1', column: 'x' }] }).preset,
      'unknown preset refused',
    );
  });

  it('reads a TRS-style article: title and date from the meta tags, body from .TRS_Editor, attachments', () => {
    const html = `<html><head><meta name="ArticleTitle" content="关于印发某办法的通知"><meta name="PubDate" content="2020-11-03 16:20"></head><body>
      <div class="TRS_Editor"><p>正文</p><a href="./P020201103.pdf">某办法</a></div></body></html>`;
    const r = readArticlePage(
      html,
      'http://www.x.gov.cn/art/2020/11/3/art_1.html',
      selectorsOf({ preset: 'trs' }),
    );
    assert.ok(!('error' in r), 'the page is read');
    assert.equal(r.title, '关于印发某办法的通知');
    assert.deepEqual(findDate(r.date), { date: '2020-11-03', time: '16:20:00' });
    assert.deepEqual(r.attachments, [
      { name: '某办法.pdf', ref: 'http://www.x.gov.cn/art/2020/11/3/P020201103.pdf' },
    ]);
  });

  it('reads a Hanweb-style list: links and the next page, only on the same host', () => {
    const html = `<div class="default_pgContainer"><li><a href="/art/1.html">一</a></li><li><a href="http://evil.example/2.html">外</a></li><li><a href="javascript:void(0)">空</a></li></div><a class="default_pgNext" href="?uid=1&pageNum=2">下页</a>`;
    const r = readListPage(
      html,
      'http://www.x.gov.cn/col/col9/index.html',
      selectorsOf({ preset: 'hanweb' }),
    );
    assert.deepEqual(r.links, ['http://www.x.gov.cn/art/1.html']);
    assert.equal(r.next, 'http://www.x.gov.cn/col/col9/index.html?uid=1&pageNum=2');
    assert.ok(Object.keys(PRESETS).length >= 3, 'generic, TRS and Hanweb presets');
  });
});
