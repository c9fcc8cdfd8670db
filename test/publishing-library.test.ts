import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, type TestApp } from './helpers.ts';

describe('publishing feeds the normative library (cross-module)', () => {
  let t: TestApp;
  const H: Record<string, Record<string, string>> = {};
  const api = async (user: string, url: string, payload?: object) => {
    const res = await t.app.inject({ method: payload ? 'POST' : 'GET', url, headers: H[user], payload });
    assert.ok(res.statusCode < 300, `${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json();
  };
  const publish = async (draft: object) => {
    const id = (await api('editor', '/api/v1/content/items', draft)).id as number;
    await api('editor', `/api/v1/content/items/${id}/submit`, {});
    await api('reviewer', `/api/v1/content/items/${id}/review`, {});
    await api('secrecy', `/api/v1/content/items/${id}/confidentiality-review`, {});
    await api('reviewer', `/api/v1/content/items/${id}/publish`, {});
    return id;
  };

  before(async () => {
    t = await buildTestApp();
    for (const u of ['editor', 'reviewer', 'secrecy']) H[u] = await bearer(t, u);
  });
  after(() => t.close());

  it('links a published policy item to its library document by 文号, and counts its interpretation once', async () => {
    const doc = await t.ctx.db
      .selectFrom('normative_documents')
      .select(['id', 'doc_number'])
      .where('in_library', '=', 1)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const cols = (await api('editor', '/api/v1/content/columns')) as { id: number; slug: string }[];
    const column = cols.find((c) => c.slug === 'zwdt')!.id;
    // The 文号 typed with other brackets still finds the document.
    const typed = doc.doc_number.replace('〔', '[').replace('〕', ']');
    const policy = await publish({
      kind: 'policy',
      title: '关于某事项的通知（测试）',
      body: '正文。',
      source: 'original',
      formationDate: '2022-02-25',
      columnIds: [column],
      docNumber: typed,
    });
    const after1 = await t.ctx.db
      .selectFrom('normative_documents')
      .select(['item_id'])
      .where('id', '=', doc.id)
      .executeTakeFirstOrThrow();
    assert.equal(after1.item_id, policy);

    const before = await t.ctx.db
      .selectFrom('normative_interpretations')
      .select('id')
      .where('document_id', '=', doc.id)
      .execute();
    const interp = await publish({
      kind: 'interpretation',
      title: '《关于某事项的通知》政策解读（测试）',
      body: '解读正文。',
      source: 'original',
      formationDate: '2022-02-26',
      columnIds: [column],
      interprets: [policy],
      interpForm: 'text',
    });
    const rows = await t.ctx.db
      .selectFrom('normative_interpretations')
      .select(['item_id', 'url'])
      .where('document_id', '=', doc.id)
      .execute();
    assert.equal(rows.length, before.length + 1);
    assert.ok(
      rows.some((r) => r.item_id === interp && r.url === `/items/${interp}`),
      'rows.some((r) => r.item_id === interp && r.url === `/items/${interp}`)',
    );
  });

  it('shows interpretations entered by hand in the library on the portal pages of both the document and the interpretation', async () => {
    const editor = await t.ctx.db
      .selectFrom('users')
      .select('org_id')
      .where('username', '=', 'editor')
      .executeTakeFirstOrThrow();
    const doc = await t.ctx.db
      .selectFrom('normative_documents')
      .select(['id', 'doc_number'])
      .where('in_library', '=', 1)
      .where('item_id', 'is', null)
      .where('lead_org_id', '=', editor.org_id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const cols = (await api('editor', '/api/v1/content/columns')) as { id: number; slug: string }[];
    const column = cols.find((c) => c.slug === 'zwdt')!.id;
    const policy = await publish({
      kind: 'policy',
      title: '关于另一事项的通知（测试）',
      body: '正文。',
      source: 'original',
      formationDate: '2022-03-01',
      columnIds: [column],
      docNumber: doc.doc_number,
    });
    const linked = await publish({
      kind: 'interpretation',
      title: '《关于另一事项的通知》图文解读（测试）',
      body: '解读正文。',
      source: 'original',
      formationDate: '2022-03-02',
      columnIds: [column],
      interprets: [policy],
      interpForm: 'text',
    });
    // An interpretation published on its own, tied to the document by hand in the library afterwards.
    const other = await publish({
      kind: 'article',
      title: '区政府召开新闻发布会解读相关政策（测试）',
      body: '新闻正文。',
      source: 'original',
      formationDate: '2022-03-03',
      columnIds: [column],
    });
    const base = { form: 'text', publishedOn: '2022-03-03' };
    await api('editor', `/api/v1/normative-documents/${doc.id}/interpretations`, {
      ...base,
      title: '本站发布会解读（手工关联）',
      url: `/items/${other}`,
    });
    await api('editor', `/api/v1/normative-documents/${doc.id}/interpretations`, {
      ...base,
      title: '市政府网站上的解读',
      url: 'https://www.nc.gov.cn/jd/1.html',
    });
    const section = (body: string, heading: string) =>
      new RegExp(`<h2 id="[^"]+">${heading}</h2>[\\s\\S]*?</section>`).exec(body)?.[0] ?? '';
    const docSide = section((await t.app.inject(`/items/${policy}`)).body, '相关解读');
    assert.match(
      docSide,
      new RegExp(`href="/items/${other}">本站发布会解读`),
      'the document’s page lists the hand-entered link to this site',
    );
    assert.match(
      docSide,
      /href="https:\/\/www.nc.gov.cn\/jd\/1.html">市政府网站上的解读/,
      'and the one elsewhere',
    );
    assert.equal(
      docSide.split(`href="/items/${linked}"`).length,
      2,
      'the published interpretation is listed once',
    );
    const interpSide = section((await t.app.inject(`/items/${other}`)).body, '解读的文件');
    assert.match(
      interpSide,
      new RegExp(`href="/gfxwj/${doc.id}"`),
      'the interpretation’s page links the library document',
    );
    assert.equal(
      section((await t.app.inject(`/items/${linked}`)).body, '解读的文件').split('href=').length,
      2,
      'one link where the item relation already names the document',
    );
  });
});
