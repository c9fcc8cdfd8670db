/**
 * A form by type (issue 20, part 3): a 政策文件's fields, its 索引号 by the site's rule, one 文号
 * across content and the library; the editor shows each type's sections only (both engines).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';

describe('policy items: 索引号, 成文日期, 发布机构, 主题分类, 文号, 有效性 (both engines)', () => {
  let t: TestApp;
  const H: Record<string, Record<string, string>> = {};
  let zcwj: number;
  const api = async (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await t.app.inject({ method, url, headers: H[user], payload: payload as object });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
  };
  const policy = (over: Record<string, unknown> = {}) => ({
    kind: 'policy',
    title: '关于印发某区优化营商环境若干措施的通知',
    body: '<p>各有关单位：现将措施印发给你们。</p>',
    source: 'original',
    formationDate: '2022-02-20',
    columnIds: [zcwj],
    ...over,
  });

  before(async () => {
    t = await buildTestApp();
    for (const u of ['editor', 'reviewer', 'gkb']) H[u] = await bearer(t, u);
    const cols = (await api('editor', 'GET', '/api/v1/content/columns')).body as {
      id: number;
      kind: string;
    }[];
    zcwj = cols.find((c) => c.kind === 'policy')!.id;
  });
  after(() => t?.close());

  it('gives a policy the next 索引号 by the library template when left empty, keeps an edited one, and fills 成文日期 and 发布机构', async () => {
    const a = await api(
      'editor',
      'POST',
      '/api/v1/content/items',
      policy({ docNumber: '红发改字〔2022〕7号', policy: { subject: '综合政务' } }),
    );
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.match(
      a.body.policy.indexNumber,
      /\/2022-\d{5}$/,
      'the library default {orgCode}/{year}-{seq:5}, year of 成文日期',
    );
    assert.equal(a.body.policy.writtenDate, '2022-02-20', 'defaults to the formation date');
    assert.ok(a.body.policy.issuingAgency.length > 0, 'a.body.policy.issuingAgency.length > 0');
    assert.equal(a.body.policy.validity, 'valid');
    const b = await api(
      'editor',
      'POST',
      '/api/v1/content/items',
      policy({ title: '另一份文件', policy: { subject: '综合政务' } }),
    );
    assert.notEqual(b.body.policy.indexNumber, a.body.policy.indexNumber, 'one counter, unique numbers');
    const edited = await api(
      'editor',
      'PUT',
      `/api/v1/content/items/${a.body.id}`,
      policy({
        docNumber: '红发改字〔2022〕7号',
        policy: {
          indexNumber: 'HGT-2022-手工-1',
          writtenDate: '2022-02-18',
          issuingAgency: '某区发展和改革委员会',
          subject: '国民经济管理、国有资产监管',
          validity: 'repealed',
        },
      }),
    );
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.deepEqual(edited.body.policy, {
      indexNumber: 'HGT-2022-手工-1',
      writtenDate: '2022-02-18',
      issuingAgency: '某区发展和改革委员会',
      subject: '国民经济管理、国有资产监管',
      validity: 'repealed',
    });
    const taken = await api(
      'editor',
      'PUT',
      `/api/v1/content/items/${b.body.id}`,
      policy({ title: '另一份文件', policy: { indexNumber: 'HGT-2022-手工-1' } }),
    );
    assert.equal(taken.status, 400);
    assert.match(taken.body.error.fields.indexNumber, /已由稿件/);
    const bad = await api(
      'editor',
      'POST',
      '/api/v1/content/items',
      policy({ policy: { writtenDate: '2022-02-30', subject: '不存在的分类' } }),
    );
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.fields.writtenDate, /成文日期/);
    assert.match(bad.body.error.fields.subject, /主题分类/);
    const article = await api('editor', 'POST', '/api/v1/content/items', {
      ...policy({ kind: 'article', title: '一则动态' }),
      policy: { indexNumber: 'X' },
    });
    assert.equal(article.body.policy, null, 'only a policy carries policy fields');
  });

  it('refuses a 文号 another item carries or the library holds for another document, in Chinese, writing nothing', async () => {
    const first = await api(
      'editor',
      'POST',
      '/api/v1/content/items',
      policy({ title: '文号唯一性甲', docNumber: '红发改字〔2022〕9号' }),
    );
    assert.equal(first.status, 201);
    const n = async () => (await t.ctx.db.selectFrom('content_items').select('id').execute()).length;
    const before = await n();
    for (const written of ['红发改字〔2022〕9号', '红发改字[2022]9号', '红发改字（2022）09号']) {
      const dup = await api(
        'editor',
        'POST',
        '/api/v1/content/items',
        policy({ title: '文号唯一性乙', docNumber: written }),
      );
      assert.equal(dup.status, 400, written);
      assert.match(dup.body.error.fields.docNumber, /已由稿件“文号唯一性甲”使用/);
    }
    assert.equal(await n(), before, 'nothing written');
    // The library holds a document linked to another item: refused. An unlinked library document is
    // the one a 政策文件 with its 文号 publishes: allowed for a policy, refused for a news item.
    const doc = await t.ctx.db
      .selectFrom('normative_documents')
      .select(['doc_number', 'item_id'])
      .where('item_id', 'is', null)
      .executeTakeFirst();
    assert.ok(doc, 'the demo library has unlinked documents');
    assert.equal(
      (
        await api(
          'editor',
          'POST',
          '/api/v1/content/items',
          policy({ title: '发布库中文件', docNumber: doc!.doc_number }),
        )
      ).status,
      201,
    );
    const news = await api(
      'editor',
      'POST',
      '/api/v1/content/items',
      policy({ kind: 'article', title: '借用文号的动态', docNumber: doc!.doc_number }),
    );
    assert.equal(news.status, 400);
    assert.match(news.body.error.fields.docNumber, /文号“.+”已由稿件|规范性文件库/);
    const linked = await t.ctx.db
      .selectFrom('normative_documents')
      .select('doc_number')
      .where('item_id', 'is not', null)
      .executeTakeFirst();
    if (linked) {
      const r = await api(
        'editor',
        'POST',
        '/api/v1/content/items',
        policy({ title: '占用库中文号', docNumber: linked.doc_number }),
      );
      assert.equal(r.status, 400);
    }
  });

  it('shows each type its own sections in the no-JS editor: policy fields for a 政策文件, the seven points only for a 解读, the table only for a 数据表格', async () => {
    const s = await loginAs(t.app, 'editor');
    const chooser = await s.get('/admin/content/new');
    assert.match(chooser.body, /下一步：填写内容/);
    const forms: Record<string, string> = {};
    for (const kind of ['article', 'policy', 'interpretation', 'data'])
      forms[kind] = (await s.get(`/admin/content/new?kind=${kind}`)).body;
    assert.match(forms.policy, /name="indexNumber"/);
    assert.match(forms.policy, /name="writtenDate"/);
    assert.match(forms.policy, /name="issuingAgency"/);
    assert.match(forms.policy, /name="subject"/);
    assert.match(forms.policy, /name="validity"/);
    assert.match(forms.policy, /按本站规则生成，如 [^；]+\/\d{4}-00001/);
    for (const k of ['article', 'policy', 'data']) assert.doesNotMatch(forms[k], /name="point_/, k);
    assert.match(forms.interpretation, /name="point_/);
    for (const k of ['article', 'policy', 'interpretation'])
      assert.doesNotMatch(forms[k], /name="dataTable"/, k);
    assert.match(forms.data, /name="dataTable"/);
    assert.doesNotMatch(forms.article, /name="indexNumber"/);
    // Saved through the form: the policy fields arrive, and the portal page shows them.
    const cols = String(zcwj);
    const ok = await s.post(
      '/admin/content/new',
      {
        kind: 'policy',
        title: '表单提交的政策文件',
        body: '正文',
        source: 'original',
        formationDate: '2022-02-21',
        columnIds: [cols],
        docNumber: '红发改字〔2022〕21号',
        indexNumber: '',
        writtenDate: '2022-02-19',
        issuingAgency: '',
        subject: '综合政务',
        validity: 'valid',
      },
      { from: '/admin/content/new?kind=policy' },
    );
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const id = Number(/\/admin\/content\/(\d+)/.exec(ok.headers.location as string)![1]);
    const detail = await s.get(`/admin/content/${id}`);
    assert.match(detail.body, /<dt>成文日期<\/dt><dd>2022-02-19<\/dd>/);
    assert.match(detail.body, /<dt>主题分类<\/dt><dd>综合政务<\/dd>/);
  });
});
