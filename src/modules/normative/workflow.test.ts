import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../context.ts';
import { KEY_POINTS } from '../../lib/interpretation.ts';
import { INTERP_POINTS } from '../content/model.ts';
import { runDueJobs } from '../jobs/service.ts';
import { listPublicOrgs } from '../org/service.ts';
import {
  expiryJob,
  getDocumentDetail,
  interpretationReport,
  registerExistingDocument,
  updateDocument,
} from './service.ts';

const sys = systemActor('test');

describe('规范性文件经发布流程入库 (issue 6)', () => {
  let t: TestApp;
  let org: (short: string) => number;
  const H: Record<string, Record<string, string>> = {};
  const call = (user: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user ? H[user] : {}, ...(payload ? { payload } : {}) });
  const ok = async (user: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await call(user, method, url, payload);
    assert.ok(
      res.statusCode < 300,
      `${method} ${url} as ${user}: ${res.statusCode} ${res.body.slice(0, 300)}`,
    );
    return res.json();
  };
  const entry = (docNumber: string, extra: Record<string, unknown> = {}) => ({
    docNumber,
    title: '流程测试管理办法',
    orgIds: [org('区发改委')],
    writtenOn: '2022-02-10',
    effectiveOn: '2022-02-20',
    subject: '综合政务',
    body: '第一条　为规范流程测试，制定本办法。',
    ...extra,
  });
  /** submit (editor) → review (reviewer) → 保密审查 (secrecy) → publish (reviewer). */
  const publishItem = async (itemId: number) => {
    await ok('editor', 'POST', `/api/v1/content/items/${itemId}/submit`, {});
    await ok('reviewer', 'POST', `/api/v1/content/items/${itemId}/review`, {});
    await ok('secrecy', 'POST', `/api/v1/content/items/${itemId}/confidentiality-review`, {});
    await ok('reviewer', 'POST', `/api/v1/content/items/${itemId}/publish`, {});
  };
  const inForce = async (id: number, date: string, orgId?: number) => {
    const res = await ok(
      null,
      'GET',
      `/api/v1/normative-documents?inForceOn=${date}&pageSize=200${orgId ? `&orgId=${orgId}` : ''}&q=${encodeURIComponent('流程测试')}`,
    );
    return (res.items as { id: number }[]).some((x) => x.id === id);
  };
  const searchHit = async (docNumber: string) => {
    const res = await ok(null, 'GET', `/api/v1/search?q=${encodeURIComponent(docNumber)}`);
    return (res.hits as { kind: string; docNumber: string | null; validity: string | null }[]).find(
      (h) => h.kind === 'normative' && h.docNumber === docNumber,
    );
  };
  const audits = async (id: number) =>
    (
      await t.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name'])
        .where('object_type', '=', 'normative_document')
        .where('object_id', '=', String(id))
        .orderBy('id')
        .execute()
    ).map((a) => a.action);

  before(async () => {
    t = await buildTestApp();
    const orgs = await listPublicOrgs(t.ctx.db);
    org = (short) => orgs.find((o) => o.shortName === short)!.id;
    for (const u of ['editor', 'reviewer', 'secrecy', 'gkb', 'sj_editor', 'leader', 'handler'])
      H[u] = await bearer(t, u);
  });
  after(() => t.close());

  it('per role: the editor registers (a draft item + a pending record); it enters the library only when reviewed, cleared and published', async () => {
    const items = async () => (await t.ctx.db.selectFrom('content_items').select('id').execute()).length;
    const itemsBefore = await items();
    // Refused before anything is written: a bad 文号 (the parser's reason), another org, roles without the right, the public.
    const bad = await call('editor', 'POST', '/api/v1/normative-documents', entry('流测发2022年1号'));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.fields.docNumber, /括起来的年份/);
    assert.equal(
      (await call('sj_editor', 'POST', '/api/v1/normative-documents', entry('流测发〔2022〕1号'))).statusCode,
      403,
    );
    for (const user of ['reviewer', 'secrecy', 'leader', 'handler'])
      assert.equal(
        (await call(user, 'POST', '/api/v1/normative-documents', entry('流测发〔2022〕1号'))).statusCode,
        403,
        user,
      );
    assert.ok(
      [401, 403].includes(
        (await call(null, 'POST', '/api/v1/normative-documents', entry('流测发〔2022〕1号'))).statusCode,
      ),
      "[401, 403].includes((await call(null, 'POST', '/api/v1/normative-documents', entry('流测发〔2…",
    );
    // The old direct path is gone: a client cannot put a document in the library itself.
    assert.equal(
      (
        await call('gkb', 'POST', '/api/v1/normative-documents', {
          ...entry('流测发〔2022〕1号'),
          inLibrary: true,
          publishedOn: '2022-02-11',
        })
      ).statusCode,
      400,
    );
    assert.equal(await items(), itemsBefore, 'no item was created by a refused registration');

    const doc = await ok(
      'editor',
      'POST',
      '/api/v1/normative-documents',
      entry('流测发［２０２２］００１号'),
    );
    assert.equal(doc.docNumber, '流测发〔2022〕1号', 'the 文号 is stored normalised');
    assert.equal(doc.inLibrary, false);
    assert.equal(doc.publishedOn, null);
    assert.equal(doc.endsOn, '2027-02-19');
    const item = await ok('editor', 'GET', `/api/v1/content/items/${doc.itemId}`);
    assert.deepEqual(
      [item.kind, item.status, item.docNumber, item.title],
      ['policy', 'draft', '流测发〔2022〕1号', '流程测试管理办法'],
    );
    assert.deepEqual(await audits(doc.id), ['normative.register']);
    const itemAudit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'content_item')
      .where('object_id', '=', String(doc.itemId))
      .execute();
    assert.deepEqual(
      itemAudit.map((a) => a.action),
      ['content.item.create'],
    );

    // Pending: staff of the org see it; the public, the point-in-time answer and search do not.
    assert.equal((await call(null, 'GET', `/api/v1/normative-documents/${doc.id}`)).statusCode, 404);
    assert.equal((await t.app.inject(`/gfxwj/${doc.id}`)).statusCode, 404);
    assert.equal((await call('editor', 'GET', `/api/v1/normative-documents/${doc.id}`)).statusCode, 200);
    assert.equal(await inForce(doc.id, '2022-03-01'), false);
    assert.equal(await searchHit('流测发〔2022〕1号'), undefined);

    // The text is edited in the item (a new revision); what the reviewers pass is what the library shows.
    await ok('editor', 'PUT', `/api/v1/content/items/${doc.itemId}`, {
      kind: 'policy',
      title: item.title,
      body: '第一条　为规范流程测试（修订稿），制定本办法。',
      source: 'original',
      formationDate: '2022-02-10',
      docNumber: item.docNumber,
      columnIds: item.columnIds,
    });
    // The workflow's own rules hold: the author cannot review; 保密审查 is the secrecy reviewer's.
    await ok('editor', 'POST', `/api/v1/content/items/${doc.itemId}/submit`, {});
    assert.equal(
      (await call('editor', 'POST', `/api/v1/content/items/${doc.itemId}/review`, {})).statusCode,
      403,
    );
    await ok('reviewer', 'POST', `/api/v1/content/items/${doc.itemId}/review`, {});
    assert.equal(
      (await call('editor', 'POST', `/api/v1/content/items/${doc.itemId}/confidentiality-review`, {}))
        .statusCode,
      403,
    );
    await ok('secrecy', 'POST', `/api/v1/content/items/${doc.itemId}/confidentiality-review`, {});
    assert.equal(
      (await call(null, 'GET', `/api/v1/normative-documents/${doc.id}`)).statusCode,
      404,
      'still pending until published',
    );
    await ok('reviewer', 'POST', `/api/v1/content/items/${doc.itemId}/publish`, {});

    const pub = await ok(null, 'GET', `/api/v1/normative-documents/${doc.id}`);
    assert.deepEqual([pub.inLibrary, pub.publishedOn, pub.status], [true, '2022-03-01', 'in_force']);
    assert.match(pub.body, /为规范流程测试（修订稿）/, 'the reviewed text');
    assert.equal((await t.app.inject(`/gfxwj/${doc.id}`)).statusCode, 200);
    assert.equal(await inForce(doc.id, '2022-03-01'), true);
    assert.equal(await inForce(doc.id, '2022-03-01', org('区发改委')), true, 'the org-filtered answer too');
    assert.equal((await searchHit('流测发〔2022〕1号'))?.validity, 'in_force');
    const rate = await interpretationReport(t.ctx, sys, 2022);
    assert.ok(
      rate.missing.some((m) => m.id === doc.id && m.isNormative),
      'it now counts toward the 2022 解读率 (not yet interpreted)',
    );
    const publishAudit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('object_type', '=', 'normative_document')
      .where('object_id', '=', String(doc.id))
      .where('action', '=', 'normative.publish')
      .executeTakeFirstOrThrow();
    assert.match(publishAudit.actor_name, /reviewer/, 'audited as the publishing reviewer');
  });

  it('the gate applies: a document whose text carries an ID number is not published, and stays out of the library', async () => {
    const doc = await ok(
      'editor',
      'POST',
      '/api/v1/normative-documents',
      entry('流测发〔2022〕2号', { title: '流程测试门禁办法', body: '联系人身份证号 110101199003074258。' }),
    );
    // 报送 itself stops on personal data unless a reason is given (content, issue 20); publication still blocks.
    await ok('editor', 'POST', `/api/v1/content/items/${doc.itemId}/submit`, {
      justification: '测试：由审核人决定',
    });
    await ok('reviewer', 'POST', `/api/v1/content/items/${doc.itemId}/review`, {});
    await ok('secrecy', 'POST', `/api/v1/content/items/${doc.itemId}/confidentiality-review`, {});
    const refused = await call('reviewer', 'POST', `/api/v1/content/items/${doc.itemId}/publish`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().error.message, /个人信息/);
    assert.equal((await call(null, 'GET', `/api/v1/normative-documents/${doc.id}`)).statusCode, 404);
    assert.ok(
      !(await audits(doc.id)).includes('normative.publish'),
      "!(await audits(doc.id)).includes('normative.publish')",
    );
  });

  it('withdrawal takes it out of the public library (all dates), keeps its history, and it returns through a new item', async () => {
    const doc = await ok(
      'editor',
      'POST',
      '/api/v1/normative-documents',
      entry('流测发〔2022〕3号', { title: '流程测试撤稿办法' }),
    );
    await publishItem(doc.itemId);
    assert.equal(await inForce(doc.id, '2022-03-01'), true);
    assert.equal(
      (
        await call('editor', 'POST', `/api/v1/content/items/${doc.itemId}/withdraw`, {
          mode: 'notice',
          reason: '误发',
        })
      ).statusCode,
      403,
      'editors cannot withdraw',
    );
    await ok('reviewer', 'POST', `/api/v1/content/items/${doc.itemId}/withdraw`, {
      mode: 'notice',
      reason: '附件有误，撤回',
    });
    assert.equal((await call(null, 'GET', `/api/v1/normative-documents/${doc.id}`)).statusCode, 404);
    assert.equal(await inForce(doc.id, '2022-03-01'), false);
    assert.equal(
      await searchHit('流测发〔2022〕3号'),
      undefined,
      'removed from search in the same transaction',
    );
    const staff = await getDocumentDetail(t.ctx, sys, doc.id);
    assert.ok(staff.withdrawnAt, 'staff.withdrawnAt');
    assert.deepEqual(
      staff.history.map((h) => h.kind),
      ['registered'],
      'no history row: a withdrawal is not a change of legal force',
    );
    assert.ok(
      !(await interpretationReport(t.ctx, sys, 2022)).missing.some((m) => m.id === doc.id),
      'out of the 解读率 too',
    );
    // Back through the workflow.
    assert.equal(
      (await call('sj_editor', 'POST', `/api/v1/normative-documents/${doc.id}/resubmissions`)).statusCode,
      404,
      'another org’s unpublished document stays hidden',
    );
    const again = await ok('editor', 'POST', `/api/v1/normative-documents/${doc.id}/resubmissions`);
    assert.notEqual(again.itemId, doc.itemId);
    assert.equal(
      (await call(null, 'GET', `/api/v1/normative-documents/${doc.id}`)).statusCode,
      404,
      'not before the new item is published',
    );
    await publishItem(again.itemId);
    const back = await ok(null, 'GET', `/api/v1/normative-documents/${doc.id}`);
    assert.equal(back.inLibrary, true);
    assert.equal(back.withdrawnAt, null);
    assert.deepEqual(await audits(doc.id), [
      'normative.register',
      'normative.publish',
      'normative.withdraw',
      'normative.resubmit',
      'normative.publish',
    ]);
  });

  it('status changes are audited library actions and reindex the document in search at once (incl. the expiry job)', async () => {
    const doc = await ok(
      'editor',
      'POST',
      '/api/v1/normative-documents',
      entry('流测发〔2022〕4号', {
        title: '流程测试检索暂行办法',
        effectiveOn: '2020-01-01',
        writtenOn: '2019-12-01',
      }),
    );
    await publishItem(doc.itemId);
    assert.equal(doc.endsOn, '2021-12-31', '暂行: 2 years');
    // Published after its period ended: expired already (the answer does not wait for the job) …
    assert.equal((await searchHit('流测发〔2022〕4号'))?.validity, 'expired');
    // … and the job writes its history row, audited, and the index keeps the same answer.
    await t.ctx.db
      .updateTable('jobs')
      .set({ run_at: '2000-01-01T00:00:00.000Z' })
      .where('name', '=', 'normative.expiry')
      .execute();
    const res = await runDueJobs(t.ctx, [expiryJob]);
    assert.equal(res[0]?.ok, true, JSON.stringify(res));
    assert.ok(
      (await audits(doc.id)).includes('normative.expire'),
      "(await audits(doc.id)).includes('normative.expire')",
    );
    assert.equal((await searchHit('流测发〔2022〕4号'))?.validity, 'expired');

    const live = await ok(
      'editor',
      'POST',
      '/api/v1/normative-documents',
      entry('流测发〔2022〕5号', { title: '流程测试检索办法' }),
    );
    await publishItem(live.itemId);
    assert.equal((await searchHit('流测发〔2022〕5号'))?.validity, 'in_force');
    await ok('editor', 'POST', `/api/v1/normative-documents/${live.id}/status-changes`, {
      kind: 'amended',
      effectiveOn: '2022-02-25',
      byDocNumber: '流测发〔2022〕6号',
      articles: '第一条',
    });
    assert.equal((await searchHit('流测发〔2022〕5号'))?.validity, 'amended');
    await ok('editor', 'POST', `/api/v1/normative-documents/${live.id}/status-changes`, {
      kind: 'repealed',
      effectiveOn: '2022-02-28',
      byDocNumber: '流测发〔2022〕7号',
    });
    assert.equal((await searchHit('流测发〔2022〕5号'))?.validity, 'repealed');
    assert.deepEqual(await audits(live.id), [
      'normative.register',
      'normative.publish',
      'normative.amend',
      'normative.repeal',
    ]);

    // A repeal from a later date changes the index when that day comes (the hourly job refreshes it).
    const later = await ok(
      'editor',
      'POST',
      '/api/v1/normative-documents',
      entry('流测发〔2022〕8号', { title: '流程测试将废止办法' }),
    );
    await publishItem(later.itemId);
    await ok('editor', 'POST', `/api/v1/normative-documents/${later.id}/status-changes`, {
      kind: 'repealed',
      effectiveOn: '2022-03-03',
      byDocNumber: '流测发〔2022〕9号',
    });
    assert.equal((await searchHit('流测发〔2022〕8号'))?.validity, 'in_force');
    const saved = t.clock.now();
    try {
      t.clock.set('2022-03-03T01:00:00Z');
      await t.ctx.db
        .updateTable('jobs')
        .set({ run_at: '2000-01-01T00:00:00.000Z' })
        .where('name', '=', 'normative.expiry')
        .execute();
      await runDueJobs(t.ctx, [expiryJob]);
      assert.equal((await searchHit('流测发〔2022〕8号'))?.validity, 'repealed');
    } finally {
      t.clock.set(saved);
    }
  });

  it('other policy documents needing interpretation (rules.md §5) count in the 解读率 but never enter the library', async () => {
    const before = await interpretationReport(t.ctx, sys, 2022);
    const doc = await ok(
      'editor',
      'POST',
      '/api/v1/normative-documents',
      entry('流测办字〔2022〕1号', { title: '流程测试惠企政策措施', isNormative: false }),
    );
    assert.equal(doc.isNormative, false);
    assert.equal(doc.endsOn, null, 'no validity period');
    await publishItem(doc.itemId);
    assert.equal(
      (await call(null, 'GET', `/api/v1/normative-documents/${doc.id}`)).statusCode,
      404,
      'not a library document',
    );
    assert.equal(await inForce(doc.id, '2022-03-01'), false);
    assert.equal(
      (
        await call('editor', 'POST', `/api/v1/normative-documents/${doc.id}/status-changes`, {
          kind: 'repealed',
          effectiveOn: '2022-03-01',
          byDocNumber: '流测办字〔2022〕2号',
        })
      ).statusCode,
      409,
    );
    const mid = await interpretationReport(t.ctx, sys, 2022);
    assert.equal(mid.district.total, before.district.total + 1);
    assert.equal(mid.district.policies, before.district.policies + 1);
    assert.ok(
      mid.missing.some((m) => m.id === doc.id && !m.isNormative),
      'mid.missing.some((m) => m.id === doc.id && !m.isNormative)',
    );
    // Its interpretation, published through the workflow, counts; the seven points pass through with their keys.
    const cols = (await ok('editor', 'GET', '/api/v1/content/columns')) as { id: number; slug: string }[];
    const interp = await ok('editor', 'POST', '/api/v1/content/items', {
      kind: 'interpretation',
      title: '《流程测试惠企政策措施》解读',
      body: '解读正文。',
      source: 'original',
      formationDate: '2022-03-01',
      columnIds: [cols.find((c) => c.slug === 'zcjd')!.id],
      interprets: [doc.itemId],
      interpForm: 'text',
      interpPoints: { background: '背景。', differences: '新旧差异。' },
    });
    await publishItem(interp.id);
    const after = await interpretationReport(t.ctx, sys, 2022);
    assert.equal(after.district.interpreted, mid.district.interpreted + 1);
    assert.ok(!after.missing.some((m) => m.id === doc.id), '!after.missing.some((m) => m.id === doc.id)');
    const rec = await t.ctx.db
      .selectFrom('normative_interpretations')
      .select('key_points')
      .where('document_id', '=', doc.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(rec.key_points), ['background', 'differences']);
  });

  it('one list of the seven points: publishing and the library use the same keys and labels', async () => {
    assert.equal(INTERP_POINTS, KEY_POINTS);
    assert.deepEqual(Object.values(KEY_POINTS), [
      '政策背景',
      '出台目的',
      '重要举措',
      '新旧政策差异',
      '影响范围',
      '管理执行标准及注意事项',
      '惠企利民举措及享受条件',
    ]);
    // The library's API takes the shared keys.
    const doc = await registerExistingDocument(t.ctx, sys, {
      ...entry('流测发〔2021〕1号'),
      writtenOn: '2021-02-01',
      effectiveOn: '2021-03-01',
      publishedOn: '2021-03-01',
      inLibrary: true,
    });
    const res = await call('gkb', 'POST', `/api/v1/normative-documents/${doc.id}/interpretations`, {
      title: '解读',
      url: '/x',
      form: 'text',
      publishedOn: '2021-03-01',
      keyPoints: ['differences'],
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual((await getDocumentDetail(t.ctx, sys, doc.id)).interpretations[0].keyPoints, [
      'differences',
    ]);
  });

  it('the org-filtered point in time follows joint issuers and corrections of the issuing orgs', async () => {
    const doc = await registerExistingDocument(t.ctx, sys, {
      ...entry('流测发〔2021〕2号'),
      orgIds: [org('区发改委'), org('区财政局')],
      writtenOn: '2021-02-01',
      effectiveOn: '2021-03-01',
      publishedOn: '2021-03-01',
      inLibrary: true,
    });
    assert.equal(await inForce(doc.id, '2022-03-01', org('区财政局')), true, 'a joint issuer finds it');
    assert.equal(await inForce(doc.id, '2022-03-01', org('区商务局')), false);
    await updateDocument(t.ctx, sys, doc.id, {
      docNumber: doc.docNumber,
      title: doc.title,
      orgIds: [org('区商务局')],
      writtenOn: doc.writtenOn,
      publishedOn: doc.publishedOn,
      subject: doc.subject,
    });
    assert.equal(await inForce(doc.id, '2022-03-01', org('区财政局')), false);
    assert.equal(await inForce(doc.id, '2022-03-01', org('区商务局')), true);
  });
});
