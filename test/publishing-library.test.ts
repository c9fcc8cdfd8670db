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
    const doc = await t.ctx.db.selectFrom('normative_documents').select(['id', 'doc_number']).where('in_library', '=', 1).orderBy('id').executeTakeFirstOrThrow();
    const cols = (await api('editor', '/api/v1/content/columns')) as { id: number; slug: string }[];
    const column = cols.find((c) => c.slug === 'zwdt')!.id;
    // The 文号 typed with other brackets still finds the document.
    const typed = doc.doc_number.replace('〔', '[').replace('〕', ']');
    const policy = await publish({ kind: 'policy', title: '关于某事项的通知（测试）', body: '正文。', source: 'original', formationDate: '2022-02-25', columnIds: [column], docNumber: typed });
    const after1 = await t.ctx.db.selectFrom('normative_documents').select(['item_id']).where('id', '=', doc.id).executeTakeFirstOrThrow();
    assert.equal(after1.item_id, policy);

    const before = await t.ctx.db.selectFrom('normative_interpretations').select('id').where('document_id', '=', doc.id).execute();
    const interp = await publish({ kind: 'interpretation', title: '《关于某事项的通知》政策解读（测试）', body: '解读正文。', source: 'original', formationDate: '2022-02-26', columnIds: [column], interprets: [policy], interpForm: 'text' });
    const rows = await t.ctx.db.selectFrom('normative_interpretations').select(['item_id', 'url']).where('document_id', '=', doc.id).execute();
    assert.equal(rows.length, before.length + 1);
    assert.ok(rows.some((r) => r.item_id === interp && r.url === `/items/${interp}`), 'rows.some((r) => r.item_id === interp && r.url === `/items/${interp}`)');
  });
});
