import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, ENGINE, loginAs, type TestApp } from '../../../test/helpers.ts';
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
      'missing',
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
    assert.match(res.body, /没有同时包含全部搜索词的信息/);
    assert.match(res.body, /部分匹配：不含“空气质量”/);
    assert.match(res.body, /只搜“宅基地”/);
    const none = await t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('萤火虫')}` });
    assert.match(none.body, /没有找到符合条件的信息/);
    const bad = await t.app.inject({ method: 'GET', url: '/search?q=a&year=abc' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /年份应为四位数字/);
  });

  it('shows the synonyms searched, the partial matches and a cut long query on the page', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('低保申请条件')}` });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /已同时搜索：最低生活保障/);
    assert.match(res.body, /其中 1 条包含全部搜索词；其后 \d+ 条只包含部分搜索词/);
    assert.match(res.body, /部分匹配：不含“低保”/);
    const api = (
      await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('低保申请条件')}` })
    ).json();
    assert.deepEqual(api.synonyms, ['最低生活保障']);
    assert.ok(
      api.partial >= 1 && api.hits[0].missing.length === 0 && api.hits[1].missing.length > 0,
      'api.partial >= 1 && api.hits[0].missing.length === 0 && api.hits[1].missing.length > 0',
    );
    for (const q of ['营商环境'.repeat(150), '！！！？？？', '的了和', '"营商环境', '营商环境”“"']) {
      const page = await t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(q)}` });
      assert.equal(page.statusCode, 200, q.slice(0, 10));
      const json = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}` });
      assert.equal(json.statusCode, 200, q.slice(0, 10));
    }
    const long = await t.app.inject({
      method: 'GET',
      url: `/search?q=${encodeURIComponent('营商环境'.repeat(150))}`,
    });
    assert.match(long.body, /搜索词超过 100 个字，只搜索了前 100 个字/);
    assert.equal(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/search?q=${encodeURIComponent('营商环境'.repeat(150))}`,
        })
      ).json().cut,
      true,
    );
  });

  it('the openness office keeps the synonym list in the back office and over the API, audited; bad entries are refused in Chinese', async () => {
    for (const user of ['editor', 'admin', 'leader']) {
      const s = await loginAs(t.app, user);
      assert.equal((await s.get('/admin/search/synonyms')).statusCode, 403, user);
    }
    const s = await loginAs(t.app, 'gkb');
    const list = await s.get('/admin/search/synonyms');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /<th scope="row"[^>]*>低保<\/th><td[^>]*>最低生活保障<\/td>/);
    const created = await s.post(
      '/admin/search/synonyms/new',
      { term: '宅基', synonyms: '宅基地\n农村宅基地' },
      { from: '/admin/search/synonyms/new' },
    );
    assert.equal(created.statusCode, 303);
    const found = (
      await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('宅基')}` })
    ).json();
    assert.deepEqual(found.synonyms, ['宅基地', '农村宅基地']);
    assert.ok(found.total > 0, 'found.total > 0');
    // Empty, looping (its own synonym) and chaining (a word of another group) entries: Chinese 4xx, nothing written.
    const before = await t.ctx.db.selectFrom('search_synonyms').select('id').execute();
    for (const [form, status, message] of [
      [{ term: '', synonyms: '最低生活保障' }, 400, /请填写词语/],
      [{ term: '医疗', synonyms: '' }, 400, /请至少填写一个同义词/],
      [{ term: '医疗', synonyms: '医疗' }, 400, /不能是它自己的同义词/],
      [{ term: '最低生活保障', synonyms: '低保' }, 409, /已在“低保”一组中/],
    ] as const) {
      const res = await s.post('/admin/search/synonyms/new', form, { from: '/admin/search/synonyms/new' });
      assert.equal(res.statusCode, status, JSON.stringify(form));
      assert.match(res.body, message);
    }
    assert.equal((await t.ctx.db.selectFrom('search_synonyms').select('id').execute()).length, before.length);
    // The API: list, create (409 on a loop), update, delete.
    const headers = await bearer(t, 'gkb');
    const groups = (await t.app.inject({ method: 'GET', url: '/api/v1/search/synonyms', headers })).json();
    const zj = groups.find((g: { term: string }) => g.term === '宅基');
    const loop = await t.app.inject({
      method: 'POST',
      url: '/api/v1/search/synonyms',
      headers,
      payload: { term: '农村宅基地', synonyms: ['宅基'] },
    });
    assert.equal(loop.statusCode, 409);
    assert.match(loop.json().error.message, /同一个词只能属于一组/);
    const empty = await t.app.inject({
      method: 'POST',
      url: '/api/v1/search/synonyms',
      headers,
      payload: { term: '空', synonyms: [] },
    });
    assert.equal(empty.statusCode, 400);
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/search/synonyms/${zj.id}`,
      headers,
      payload: { term: '宅基', synonyms: ['宅基地'] },
    });
    assert.deepEqual(put.json(), { id: zj.id, term: '宅基', synonyms: ['宅基地'] });
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/search/synonyms/${zj.id}`,
      headers,
    });
    assert.equal(deleted.statusCode, 204);
    assert.equal(deleted.body, '');
    assert.equal(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/search/synonyms/${zj.id}`, headers })).statusCode,
      404,
    );
    const editorApi = await t.app.inject({
      method: 'GET',
      url: '/api/v1/search/synonyms',
      headers: await bearer(t, 'editor'),
    });
    assert.equal(editorApi.statusCode, 403);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'search_synonym')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['search.synonyms.create', 'search.synonyms.update', 'search.synonyms.delete'],
    );
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
