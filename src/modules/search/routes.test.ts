import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, ENGINE, type TestApp } from '../../../test/helpers.ts';
import { seedOrgsAndUsers } from '../../seed/district.ts';
import { CORPUS } from '../../seed/corpus.ts';
import { selectAllOrgs } from '../org/store.ts';
import type { GongkaiModule } from '../registry.ts';
import { corpusDocuments } from './corpus-documents.ts';
import type { SearchDocumentInput } from './model.ts';
import { indexDocument, loadSearchDictionary, reindexAll } from './service.ts';
import { countSearchRows } from './store.ts';

describe(`search API, page and reindex (${ENGINE})`, () => {
  let t: TestApp;
  let docs: SearchDocumentInput[];
  before(async () => {
    t = await buildTestApp({ seedDemo: false });
    await seedOrgsAndUsers(t.ctx);
    await loadSearchDictionary(t.ctx.db);
    docs = corpusDocuments(await selectAllOrgs(t.ctx.db));
    for (const d of docs) await indexDocument(t.ctx.db, d);
  });
  after(() => t?.close());

  it('GET /api/v1/search returns ranked, highlighted hits', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/search?q=${encodeURIComponent('营商环境 政策')}&pageSize=5`,
    });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.ok(body.total >= 2, 'body.total >= 2');
    assert.equal(body.hits.length, 5);
    assert.match(body.hits[0].titleHtml, /<mark>/);
    assert.deepEqual(Object.keys(body.hits[0]).sort(), [
      'columnKeys',
      'docNumber',
      'exact',
      'itemType',
      'kind',
      'orgId',
      'publishedOn',
      'refId',
      'snippetHtml',
      'title',
      'titleHtml',
      'topicKeys',
      'url',
      'validity',
    ]);
  });

  it('GET /api/v1/search finds a 文号 written with other brackets first', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/search?q=${encodeURIComponent('赣府厅字(2022)45号')}`,
    });
    const body = res.json();
    assert.equal(body.docNumber, '赣府厅字〔2022〕45号');
    assert.equal(body.hits[0].exact, true);
    assert.equal(body.hits[0].docNumber, '赣府厅字〔2022〕45号');
  });

  it('rejects bad parameters with a Chinese 400 and unknown ones too', async () => {
    for (const url of [
      '/api/v1/search?q=a&year=22',
      '/api/v1/search?page=0&q=a',
      '/api/v1/search?sort=x&q=a',
      '/api/v1/search?q=a&hack=1',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 400, url);
      assert.match(res.json().error.message, /[\u4e00-\u9fff]/, url);
    }
  });

  it('serves the /search page as a plain GET form with results, snippets and filters', async () => {
    const empty = await t.app.inject({ method: 'GET', url: '/search' });
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /<form[^>]*method="get"[^>]*action="\/search"/);
    assert.doesNotMatch(empty.body, /搜索结果/);
    const res = await t.app.inject({
      method: 'GET',
      url: `/search?q=${encodeURIComponent('乡村振兴')}&sort=date&year=2022`,
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /共找到 \d+ 条结果/);
    assert.match(res.body, /<mark>乡村振兴<\/mark>/);
    assert.match(res.body, /<option value="2022" selected/);
    assert.match(res.body, /改为按相关度排序/);
  });

  it('escapes the query on the page (no HTML injection)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/search?q=${encodeURIComponent('<script>alert(1)</script>营商')}`,
    });
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /<script>alert/);
  });

  it('shows suggestions when nothing is found and a Chinese error for bad filters', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/search?q=${encodeURIComponent('宅基地 空气质量')}`,
    });
    assert.match(res.body, /没有找到符合条件的信息/);
    assert.match(res.body, /只搜“宅基地”/);
    const bad = await t.app.inject({ method: 'GET', url: '/search?q=a&year=abc' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /年份应为四位数字/);
  });

  it('pages with links that keep the query', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('红谷滩')}` });
    assert.match(res.body, /href="\/search\?q=%E7%BA%A2%E8%B0%B7%E6%BB%A9&amp;page=2"/);
    const p2 = await t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('红谷滩')}&page=2` });
    assert.match(p2.body, /<ol class="search-results" start="11"/);
  });

  it('reindex rebuilds the index from every module’s searchSources', async () => {
    const fake: GongkaiModule = {
      name: 'fake',
      async *searchSources(ctx) {
        // Sources may read the database while the rebuild runs (same transaction).
        const orgs = await selectAllOrgs(ctx.db);
        assert.ok(orgs.length > 0, 'orgs.length > 0');
        for (const d of docs.slice(0, 10)) yield d;
      },
    };
    const n = await reindexAll(t.ctx, [{ name: 'none' }, fake]);
    assert.equal(n, 10);
    assert.equal(await countSearchRows(t.ctx.db), 10);
    const all: GongkaiModule = {
      name: 'all',
      async *searchSources() {
        yield* docs;
      },
    };
    assert.equal(await reindexAll(t.ctx, [all]), CORPUS.length);
    assert.equal(await countSearchRows(t.ctx.db), CORPUS.length);
  });
});
