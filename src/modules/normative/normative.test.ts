import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { bearer, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../context.ts';
import { runDueJobs } from '../jobs/service.ts';
import { selectAllOrgs } from '../org/store.ts';
import { exportRecords, importXlsx } from './export.ts';
import {
  addInterpretation,
  changeStatus,
  documentsInForceOn,
  expiryJob,
  getDocumentDetail,
  interpretationReport,
  recordInterpretation,
  registerDocument,
  renewDocument,
  searchSource,
  type RegisterDocumentInput,
} from './service.ts';

const sys = systemActor('test');

describe('行政规范性文件库', () => {
  let t: TestApp;
  let org: (short: string) => number;
  before(async () => {
    t = await buildTestApp();
    const orgs = await selectAllOrgs(t.ctx.db);
    org = (short) => orgs.find((o) => o.shortName === short)!.id;
  });
  after(() => t.close());

  const reg = (over: Partial<RegisterDocumentInput> & { docNumber: string }) =>
    registerDocument(t.ctx, sys, {
      title: '测试文件管理办法',
      orgIds: [org('区发改委')],
      writtenOn: '2019-01-01',
      publishedOn: '2019-01-01',
      effectiveOn: '2019-01-01',
      subject: '综合政务',
      inLibrary: true,
      ...over,
    });

  describe('demo data', () => {
    it('seeds ≥ 30 sample documents across orgs and years, some amended, repealed, expired, with interpretations', async () => {
      const rows = await t.ctx.db.selectFrom('normative_documents').select(['id', 'doc_year', 'lead_org_id', 'status']).where('is_sample', '=', 1).execute();
      assert.ok(rows.length >= 30, String(rows.length));
      assert.deepEqual([...new Set(rows.map((r) => r.doc_year))].sort(), [2018, 2019, 2020, 2021, 2022]);
      assert.ok(new Set(rows.map((r) => r.lead_org_id)).size >= 8);
      for (const s of ['amended', 'repealed', 'expired', 'in_force']) assert.ok(rows.some((r) => r.status === s), s);
      const page = await t.app.inject('/gfxwj');
      assert.match(page.body, /演示数据/);
    });
  });

  describe('point in time (hand-built history)', () => {
    let a: number, b: number, c: number, e: number;
    before(async () => {
      a = (await reg({ docNumber: '测发〔2019〕1号', title: '测试甲办法', effectiveOn: '2019-01-01' })).id;
      b = (await reg({ docNumber: '测发［２０２０］２号', title: '关于修改测试甲办法的决定', writtenOn: '2020-05-01', publishedOn: '2020-05-20', effectiveOn: '2020-06-01' })).id;
      c = (await reg({ docNumber: '测发(2021)3号', title: '关于废止测试甲办法的决定', writtenOn: '2021-06-01', publishedOn: '2021-06-20', effectiveOn: '2021-07-01' })).id;
      e = (await reg({ docNumber: '测发【2020】4号', title: '测试乙暂行办法', writtenOn: '2020-02-01', publishedOn: '2020-02-20', effectiveOn: '2020-03-01' })).id;
      await changeStatus(t.ctx, sys, a, { kind: 'amended', effectiveOn: '2020-06-01', byDocNumber: '测发〔2020〕2号', articles: '第三条' });
      await changeStatus(t.ctx, sys, a, { kind: 'repealed', effectiveOn: '2021-07-01', byDocNumber: '测发〔2021〕3号' });
    });

    it('stores the normalised 文号 and the default validity (5 years; 暂行 2 years, ending the day before)', async () => {
      const eb = await getDocumentDetail(t.ctx, sys, b);
      assert.equal(eb.docNumber, '测发〔2020〕2号');
      assert.equal(eb.endsOn, '2025-05-31');
      const ee = await getDocumentDetail(t.ctx, sys, e);
      assert.equal(ee.validityYears, 2);
      assert.equal(ee.endsOn, '2022-02-28');
      assert.match(ee.indexNumber, /^DEMOHGT003\/2020-\d{5}$/);
    });

    it('answers which documents were in force on a date, and each one’s status then', async () => {
      const on = async (d: string) => new Map((await documentsInForceOn(t.ctx, sys, d)).map((x) => [x.id, x.status]));
      let m = await on('2018-12-31');
      assert.ok(!m.has(a));
      m = await on('2019-01-01');
      assert.equal(m.get(a), 'in_force');
      m = await on('2020-06-01');
      assert.equal(m.get(a), 'amended', 'an amendment keeps it in force');
      assert.equal(m.get(b), 'in_force');
      m = await on('2021-06-30');
      assert.equal(m.get(a), 'amended');
      m = await on('2021-07-01');
      assert.ok(!m.has(a), 'repealed from the repeal date');
      assert.equal(m.get(c), 'in_force');
      assert.equal(m.get(e), 'in_force');
      m = await on('2022-02-28');
      assert.equal(m.get(e), 'in_force', 'in force on its last day');
      m = await on('2022-03-01');
      assert.ok(!m.has(e), 'expired the day after');
    });

    it('serves the same answer through GET /api/v1/normative-documents?inForceOn=', async () => {
      const get = async (d: string) => {
        const res = await t.app.inject(`/api/v1/normative-documents?inForceOn=${d}&q=${encodeURIComponent('测试甲')}`);
        assert.equal(res.statusCode, 200);
        return res.json();
      };
      assert.deepEqual((await get('2020-07-01')).items.map((x: any) => [x.id, x.status, x.statusDate]), [
        [b, 'in_force', '2020-07-01'],
        [a, 'amended', '2020-07-01'],
      ]);
      assert.deepEqual((await get('2021-07-01')).items.map((x: any) => x.id), [c, b], 'the repealed one is gone');
      const byOrg = await t.app.inject(`/api/v1/normative-documents?inForceOn=2020-07-01&orgId=${org('区发改委')}&pageSize=200`);
      const items = byOrg.json().items as any[];
      assert.ok(items.some((x) => x.id === a) && items.some((x) => x.id === b));
      assert.ok(items.every((x) => x.orgs.some((o: any) => o.id === org('区发改委'))), 'only the issuing org’s documents');
      const none = await t.app.inject(`/api/v1/normative-documents?inForceOn=2020-07-01&orgId=${org('区财政局')}&pageSize=200`);
      assert.ok(!(none.json().items as any[]).some((x) => x.id === a));
      const bad = await t.app.inject('/api/v1/normative-documents?inForceOn=2022-02-30');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.message, /日期/);
    });

    it('expires at the end of the last day, Beijing time: 23:59 in force, 00:00 expired', async () => {
      const status = async () => (await t.app.inject(`/api/v1/normative-documents/${e}`)).json().status;
      const saved = t.clock.now();
      try {
        t.clock.set('2022-02-28T23:59:00+08:00');
        assert.equal(await status(), 'in_force');
        t.clock.set('2022-03-01T00:00:00+08:00');
        assert.equal(await status(), 'expired');
      } finally {
        t.clock.set(saved);
      }
    });

    it('shows relations on both sides and a banner pointing to what replaced it', async () => {
      const page = await t.app.inject(`/gfxwj/${a}?on=2021-08-01`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /已废止/);
      assert.match(page.body, new RegExp(`href="/gfxwj/${c}"`));
      const detail = await getDocumentDetail(t.ctx, sys, a);
      assert.deepEqual(detail.relations.map((r) => [r.label, r.otherId]), [
        ['被修改', b],
        ['被废止', c],
      ]);
      assert.deepEqual(detail.history.map((h) => h.kind), ['registered', 'amended', 'repealed']);
      const amending = await getDocumentDetail(t.ctx, sys, b);
      assert.deepEqual(amending.relations.map((r) => [r.label, r.otherId, r.articles]), [['修改', a, '第三条']]);
      const amendedView = await t.app.inject(`/gfxwj/${a}?on=2020-12-01`);
      assert.match(amendedView.body, /已于 2020-06-01 起被修改/);
    });

    it('refuses to amend a document that is no longer in force, and writes nothing', async () => {
      const before = (await getDocumentDetail(t.ctx, sys, a)).history.length;
      await assert.rejects(changeStatus(t.ctx, sys, a, { kind: 'amended', effectiveOn: '2022-01-01', byDocNumber: '测发〔2022〕9号' }), /已废止/);
      assert.equal((await getDocumentDetail(t.ctx, sys, a)).history.length, before);
    });

    it('finds a document by 文号 in any bracket style on the portal', async () => {
      for (const q of ['测发[2020]2号', '测发（２０２０）２号', '测发 【2020】 02号']) {
        const res = await t.app.inject(`/gfxwj?q=${encodeURIComponent(q)}`);
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /关于修改测试甲办法的决定/, q);
        assert.doesNotMatch(res.body, /关于废止测试甲办法的决定/);
      }
    });

    it('lists changes in the Atom feed and yields library documents to the search index', async () => {
      const feed = await t.app.inject('/gfxwj/feed.xml');
      assert.equal(feed.statusCode, 200);
      assert.match(feed.headers['content-type'] as string, /atom/);
      assert.match(feed.body, /废止：测试甲办法（测发〔2019〕1号）/);
      const seen = [];
      for await (const s of searchSource(t.ctx, '2020-07-01')) seen.push(s);
      const sa = seen.find((s) => s.refId === a)!;
      assert.deepEqual({ kind: sa.kind, url: sa.url, docNumber: sa.docNumber, year: sa.year, validity: sa.validity }, { kind: 'normative', url: `/gfxwj/${a}`, docNumber: '测发〔2019〕1号', year: 2019, validity: 'amended' });
    });
  });

  describe('interpretation rate (rules.md §5)', () => {
    it('counts documents with ≥ 1 interpretation per org and year, lists missing ones and flags late ones', async () => {
      const mk = (n: number, orgIds: number[]) => reg({ docNumber: `率测发〔2023〕${n}号`, title: `解读率测试文件${n}`, orgIds, writtenOn: '2023-03-01', publishedOn: '2023-03-10', effectiveOn: '2023-04-01' });
      const d1 = await mk(1, [org('区财政局')]);
      const d2 = await mk(2, [org('区财政局')]);
      const d3 = await mk(3, [org('区财政局')]);
      const d4 = await mk(4, [org('区财政局'), org('区商务局')]);
      const base = { url: 'https://example.gov.cn/jd', form: 'text' as const, keyPoints: ['background' as const, 'purpose' as const] };
      await addInterpretation(t.ctx, sys, { ...base, documentId: d1.id, title: '同步解读', publishedOn: '2023-03-10' });
      await addInterpretation(t.ctx, sys, { ...base, documentId: d2.id, title: '迟到的解读', publishedOn: '2023-04-02' });
      // 吹风会 as an interpretation form, recorded through the publishing seam.
      await t.ctx.db.transaction().execute((trx) =>
        recordInterpretation(trx, { documentId: d4.id, title: '新闻吹风会', form: 'briefing', publishedOn: '2023-03-10', briefing: { date: '2023-03-10', topic: '政策吹风', speakers: '区财政局局长', link: 'https://example.gov.cn/video' }, itemId: 77 }),
      );
      const r = await interpretationReport(t.ctx, sys, 2023);
      assert.deepEqual(r.district, { total: 4, interpreted: 3, rate: 0.75, late: 1 });
      assert.deepEqual(r.missing.map((m) => m.id), [d3.id]);
      assert.deepEqual(r.late.map((m) => [m.id, m.firstInterpretationOn]), [[d2.id, '2023-04-02']]);
      const fin = r.byOrg.find((o) => o.orgId === org('区财政局'))!;
      assert.deepEqual([fin.total, fin.interpreted, fin.late], [4, 3, 1]);
      const com = r.byOrg.find((o) => o.orgId === org('区商务局'))!;
      assert.deepEqual([com.total, com.interpreted, com.rate], [1, 1, 1], 'a joint document counts for each issuer');
      const detail = await getDocumentDetail(t.ctx, sys, d4.id);
      assert.deepEqual(detail.interpretations[0].briefing, { date: '2023-03-10', topic: '政策吹风', speakers: '区财政局局长', link: 'https://example.gov.cn/video' });
      const late = await getDocumentDetail(t.ctx, sys, d2.id);
      assert.equal(late.interpretations[0].late, true);
      // The API and the page.
      const gkb = await bearer(t, 'gkb');
      const api = await t.app.inject({ url: '/api/v1/normative-documents/interpretation-rate?year=2023', headers: gkb });
      assert.equal(api.statusCode, 200);
      assert.equal(api.json().district.rate, 0.75);
      assert.equal((await t.app.inject('/api/v1/normative-documents/interpretation-rate?year=2023')).statusCode, 401);
      const s = await loginAs(t.app, 'leader');
      const page = await s.get('/admin/gfxwj/rate?year=2023');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /解读率 75\.0%（3\/4），未达到 90\.0% 目标/);
      const home = await s.get('/admin');
      assert.match(home.body, /政策解读率/);
    });

    it('refuses a briefing without its date, topic and speakers, in Chinese', async () => {
      const d = await reg({ docNumber: '率测发〔2023〕9号' });
      await assert.rejects(
        addInterpretation(t.ctx, sys, { documentId: d.id, title: '吹风会', form: 'briefing', publishedOn: '2023-01-01', briefing: { link: 'https://example.gov.cn/v' } }),
        (e: any) => e.code === 'bad_request' && /吹风会日期/.test(e.fields.briefingDate) && /发布人/.test(e.fields.briefingSpeakers),
      );
    });
  });

  describe('expiry job (ManualClock)', () => {
    it('reminds the issuing org 6 months before, once, marks expired after the last day, and keeps renewed ones', async () => {
      const saved = t.clock.now();
      try {
        const d = await reg({ docNumber: '期测发〔2024〕1号', title: '到期测试办法', writtenOn: '2024-01-01', publishedOn: '2024-01-01', effectiveOn: '2024-01-01', validityYears: 1 });
        const r = await reg({ docNumber: '期测发〔2024〕2号', title: '延续测试办法', writtenOn: '2024-01-01', publishedOn: '2024-01-01', effectiveOn: '2024-01-01', validityYears: 1 });
        assert.equal(d.endsOn, '2024-12-31');
        const reminders = () =>
          t.ctx.db.selectFrom('notifications').select(['user_id', 'title']).where('dedupe_key', '=', `normative.expiry-reminder:${d.id}:2024-12-31`).execute();
        const run = async (at: string) => {
          t.clock.set(at);
          await t.ctx.db.updateTable('jobs').set({ run_at: '2000-01-01T00:00:00.000Z' }).where('name', '=', 'normative.expiry').execute();
          const res = await runDueJobs(t.ctx, [expiryJob]);
          assert.equal(res[0]?.ok, true, JSON.stringify(res));
        };
        await run('2024-06-29T12:00:00+08:00');
        assert.equal((await reminders()).length, 0, 'not before the reminder date');
        await run('2024-06-30T09:00:00+08:00');
        const first = await reminders();
        const users = await t.ctx.db.selectFrom('users').select(['id', 'username']).where('username', 'in', ['editor', 'reviewer']).execute();
        assert.deepEqual(first.map((n) => n.user_id).sort(), users.map((u) => u.id).sort(), 'the issuing org’s editor and reviewer');
        assert.match(first[0].title, /即将到期/);
        await run('2024-07-01T09:00:00+08:00');
        assert.equal((await reminders()).length, first.length, 'a second run does not remind again');
        await renewDocument(t.ctx, sys, r.id, { years: 2 });
        await run('2024-12-31T23:59:00+08:00');
        assert.equal((await getDocumentDetail(t.ctx, sys, d.id)).history.length, 1, 'still in force on its last day');
        await run('2025-01-01T00:00:00+08:00');
        const after = await getDocumentDetail(t.ctx, sys, d.id);
        assert.deepEqual(after.history.map((h) => [h.kind, h.effectiveOn]), [
          ['registered', '2024-01-01'],
          ['expired', '2025-01-01'],
        ]);
        assert.equal(after.status, 'expired');
        assert.match(after.banner!.text, /2024-12-31 届满/);
        const renewed = await getDocumentDetail(t.ctx, sys, r.id);
        assert.equal(renewed.status, 'in_force');
        assert.equal(renewed.endsOn, '2026-12-31');
        assert.deepEqual(renewed.history.map((h) => h.kind), ['registered', 'renewed']);
        const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('object_type', '=', 'normative_document').where('object_id', '=', String(d.id)).orderBy('id').execute();
        assert.deepEqual(audit.map((x) => x.action), ['normative.register', 'normative.expiry_reminder', 'normative.expire']);
        await run('2025-01-02T00:00:00+08:00');
        assert.equal((await getDocumentDetail(t.ctx, sys, d.id)).history.length, 2, 'expired once');
      } finally {
        t.clock.set(saved);
      }
    });
  });

  describe('per role', () => {
    const body = (docNumber: string, orgId: number, extra: Record<string, unknown> = {}) => ({
      docNumber,
      title: '角色测试办法',
      orgIds: [orgId],
      writtenOn: '2022-01-01',
      publishedOn: '2022-01-05',
      effectiveOn: '2022-02-01',
      subject: '综合政务',
      inLibrary: true,
      ...extra,
    });

    it('lets the issuing org’s editor register, and refuses other orgs, read-only roles and the public', async () => {
      const editor = await bearer(t, 'editor');
      const ok = await t.app.inject({ method: 'POST', url: '/api/v1/normative-documents', headers: editor, payload: body('角测发〔2022〕1号', org('区发改委')) });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json().docNumber, '角测发〔2022〕1号');
      const other = await t.app.inject({ method: 'POST', url: '/api/v1/normative-documents', headers: editor, payload: body('角测发〔2022〕2号', org('区财政局')) });
      assert.equal(other.statusCode, 403);
      for (const user of ['reviewer', 'leader', 'handler']) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/normative-documents', headers: await bearer(t, user), payload: body('角测发〔2022〕3号', org('区发改委')) });
        assert.equal(res.statusCode, 403, user);
      }
      const anon = await t.app.inject({ method: 'POST', url: '/api/v1/normative-documents', payload: body('角测发〔2022〕4号', org('区发改委')) });
      assert.ok([401, 403].includes(anon.statusCode));
      const gkb = await t.app.inject({ method: 'POST', url: '/api/v1/normative-documents', headers: await bearer(t, 'gkb'), payload: body('角测发〔2022〕5号', org('区财政局')) });
      assert.equal(gkb.statusCode, 201, 'the openness office registers for any org');
    });

    it('lets only the issuing org (and the openness office) change a document', async () => {
      const doc = await reg({ docNumber: '角测发〔2022〕10号', writtenOn: '2022-01-01', publishedOn: '2022-01-01', effectiveOn: '2022-01-01' });
      const change = { kind: 'amended', effectiveOn: '2022-06-01', byDocNumber: '角测发〔2022〕11号', articles: '第二条' };
      const sj = await t.app.inject({ method: 'POST', url: `/api/v1/normative-documents/${doc.id}/status-changes`, headers: await bearer(t, 'sj_editor'), payload: change });
      assert.equal(sj.statusCode, 403);
      assert.match(sj.json().error.message, /其他单位/);
      const interp = await t.app.inject({ method: 'POST', url: `/api/v1/normative-documents/${doc.id}/interpretations`, headers: await bearer(t, 'sj_editor'), payload: { title: '解读', url: 'https://x.gov.cn/1', form: 'text', publishedOn: '2022-01-01' } });
      assert.equal(interp.statusCode, 403);
      const s = await loginAs(t.app, 'sj_editor');
      const page = await s.get(`/admin/gfxwj/${doc.id}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /记录修改或废止/, 'no change forms for other orgs');
      const form = await s.post(`/admin/gfxwj/${doc.id}/status`, { kind: 'repealed', effectiveOn: '2022-06-01', byDocNumber: '角测发〔2022〕12号' });
      assert.equal(form.statusCode, 403);
      const ed = await loginAs(t.app, 'editor');
      const ok = await ed.post(`/admin/gfxwj/${doc.id}/status`, { ...change });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
      assert.equal((await getDocumentDetail(t.ctx, sys, doc.id)).history.length, 2);
    });

    it('shows the public only documents in the library; staff of the org see their drafts', async () => {
      const draft = await reg({ docNumber: '角测发〔2022〕20号', title: '尚未入库的草稿办法', inLibrary: false, publishedOn: null });
      assert.equal((await t.app.inject(`/api/v1/normative-documents/${draft.id}`)).statusCode, 404);
      assert.equal((await t.app.inject(`/gfxwj/${draft.id}`)).statusCode, 404);
      assert.doesNotMatch((await t.app.inject(`/gfxwj?q=${encodeURIComponent('尚未入库')}`)).body, /尚未入库的草稿办法/);
      const list = await t.app.inject(`/api/v1/normative-documents?q=${encodeURIComponent('尚未入库')}`);
      assert.equal(list.json().total, 0);
      const ed = await t.app.inject({ url: `/api/v1/normative-documents?q=${encodeURIComponent('尚未入库')}`, headers: await bearer(t, 'editor') });
      assert.equal(ed.json().total, 1, 'own org’s draft');
      const sj = await t.app.inject({ url: `/api/v1/normative-documents/${draft.id}`, headers: await bearer(t, 'sj_editor') });
      assert.equal(sj.statusCode, 404, 'another org’s draft stays hidden');
      const exp = await exportRecords(t.ctx, sys, {});
      assert.ok(!exp.documents.some((d) => d.docNumber === '角测发〔2022〕20号'), 'export is the public library only');
    });
  });

  describe('bad input', () => {
    const count = async () => ({
      docs: (await t.ctx.db.selectFrom('normative_documents').select('id').execute()).length,
      audit: (await t.ctx.db.selectFrom('audit_log').select('id').execute()).length,
    });

    it('refuses an invalid 文号 with a Chinese 400 and writes nothing (API and form)', async () => {
      const before = await count();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/normative-documents',
        headers: await bearer(t, 'gkb'),
        payload: { docNumber: '洪府办发2022年66号', title: '坏文号', orgIds: [org('区发改委')], writtenOn: '2022-01-01', effectiveOn: '2022-01-01', subject: '综合政务' },
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.fields.docNumber, /括起来的年份/);
      const s = await loginAs(t.app, 'editor');
      const form = await s.post('/admin/gfxwj/new', { docNumber: '〔2022〕66号', title: '坏文号', leadOrgId: String(org('区发改委')), writtenOn: '2022-01-01', effectiveOn: '2022-01-01', subject: '综合政务' });
      assert.equal(form.statusCode, 400);
      assert.match(form.body, /机关代字/);
      const bad = await s.post('/admin/gfxwj/new', { docNumber: '测发〔2022〕1号', title: '', leadOrgId: '', writtenOn: '2022-02-30', effectiveOn: '', subject: 'x', validityYears: 'abc' });
      assert.equal(bad.statusCode, 400);
      for (const msg of ['请填写文件标题', '请选择制发机关', '成文日期应为有效日期', '请填写施行日期', '请选择主题分类', '有效期应为']) assert.match(bad.body, new RegExp(msg));
      const dup = await reg({ docNumber: '坏测发〔2022〕1号' });
      await assert.rejects(reg({ docNumber: '坏测发[2022]01号' }), (e: any) => e.code === 'bad_request' && /已登记/.test(e.fields.docNumber));
      const after = await count();
      assert.deepEqual(after, { docs: before.docs + 1, audit: after.audit });
      assert.ok(dup.id > 0);
    });

    it('refuses an unknown field, and a status change with a bad 文号, writing nothing', async () => {
      const d = await reg({ docNumber: '坏测发〔2022〕2号' });
      const h = await bearer(t, 'gkb');
      const extra = await t.app.inject({ method: 'POST', url: `/api/v1/normative-documents/${d.id}/status-changes`, headers: h, payload: { kind: 'repealed', effectiveOn: '2022-06-01', byDocNumber: '坏测发〔2022〕3号', hack: 1 } });
      assert.equal(extra.statusCode, 400);
      const badNo = await t.app.inject({ method: 'POST', url: `/api/v1/normative-documents/${d.id}/status-changes`, headers: h, payload: { kind: 'repealed', effectiveOn: '2022-06-01', byDocNumber: '废止文件' } });
      assert.equal(badNo.statusCode, 400);
      assert.match(badNo.json().error.fields.byDocNumber, /文号/);
      const early = await t.app.inject({ method: 'POST', url: `/api/v1/normative-documents/${d.id}/status-changes`, headers: h, payload: { kind: 'repealed', effectiveOn: '2018-06-01', byDocNumber: '坏测发〔2022〕3号' } });
      assert.equal(early.statusCode, 400);
      assert.equal((await getDocumentDetail(t.ctx, sys, d.id)).history.length, 1);
    });
  });

  describe('exchange with the city library', () => {
    async function workbook(rows: (string | number | Date)[][]) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('台账');
      ws.addRow(['文号', '标题', '制发机关', '成文日期', '发布日期', '施行日期', '有效期（年）', '主题分类', '状态', '状态日期', '修改或废止文件文号', '修改条款']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    }

    it('imports nothing when a row is wrong, reporting errors by row', async () => {
      const before = (await t.ctx.db.selectFrom('normative_documents').select('id').execute()).length;
      const buf = await workbook([
        ['导测发〔2017〕1号', '导入测试办法一', '区发改委', '2017-01-01', '2017-01-05', '2017-02-01', '', '综合政务', '现行有效'],
        ['导测发2017-2', '导入测试办法二', '不存在的局', '2017/1/1', '', '2017-02-01', '', '不存在的分类', '作废'],
      ]);
      await assert.rejects(importXlsx(t.ctx, sys, buf), (e: any) => {
        assert.equal(e.code, 'bad_request');
        assert.deepEqual(Object.keys(e.fields), ['第 3 行']);
        for (const m of ['括起来的年份', '不存在的局', '主题分类', '状态“作废”无效']) assert.match(e.fields['第 3 行'], new RegExp(m));
        return true;
      });
      assert.equal((await t.ctx.db.selectFrom('normative_documents').select('id').execute()).length, before);
    });

    it('imports a valid register with statuses and exports it, incrementally since a date', async () => {
      const buf = await workbook([
        ['导测发〔2017〕1号', '导入测试办法一', '区发改委', new Date(Date.UTC(2017, 0, 1)), '2017年1月5日', '2017-02-01', '', '综合政务', '已修改', '2018-03-01', '导测发[2018]2号', '第四条'],
        ['导测发〔2018〕2号', '关于修改导入测试办法一的决定', '区发改委、区财政局', '2018-02-01', '2018-02-10', '2018-03-01', 3, '综合政务', '现行有效'],
      ]);
      t.clock.set('2022-03-05T02:00:00Z');
      assert.deepEqual(await importXlsx(t.ctx, sys, buf), { imported: 2 });
      const data = await exportRecords(t.ctx, sys, { since: '2022-03-05' });
      const one = data.documents.find((d) => d.docNumber === '导测发〔2017〕1号')!;
      assert.equal(one.writtenOn, '2017-01-01');
      assert.equal(one.publishedOn, '2017-01-05');
      assert.deepEqual(one.history.map((h) => [h.kind, h.effectiveOn, h.byDocNumber]), [
        ['registered', '2017-02-01', null],
        ['amended', '2018-03-01', '导测发〔2018〕2号'],
      ]);
      const two = data.documents.find((d) => d.docNumber === '导测发〔2018〕2号')!;
      assert.deepEqual(two.issuingOrgs, ['红谷滩区发展和改革委员会', '红谷滩区财政局']);
      assert.equal(two.endsOn, '2021-02-28');
      assert.ok(!data.documents.some((d) => d.docNumber === '测发〔2020〕2号'), 'older changes are not in the increment');
      const xlsx = await t.app.inject('/api/v1/normative-documents/export?format=xlsx&since=2022-03-05');
      assert.equal(xlsx.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as any);
      const ws = wb.worksheets[0];
      assert.equal(ws.getRow(1).getCell(1).value, '文号');
      assert.equal(ws.rowCount, 1 + data.count);
      const json = await t.app.inject('/api/v1/normative-documents/export?since=2022-03-05');
      assert.equal(json.json().count, data.count);
    });
  });

  describe('original file upload', () => {
    it('stores an uploaded PDF under DATA_DIR/uploads/normative and serves it; refuses other types', async () => {
      const d = await reg({ docNumber: '传测发〔2022〕1号' });
      const s = await loginAs(t.app, 'editor');
      const token = await s.csrf(`/admin/gfxwj/${d.id}`);
      const send = (name: string, content: string) => {
        const boundary = '----gk' + Math.random().toString(16).slice(2);
        const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n--${boundary}--\r\n`;
        return t.app.inject({ method: 'POST', url: `/admin/gfxwj/${d.id}/file?_csrf=${encodeURIComponent(token)}`, cookies: s.cookies, remoteAddress: s.remoteAddress, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
      };
      const bad = await send('virus.exe', 'MZ');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /只接受/);
      const ok = await send('original.pdf', '%PDF-1.4 test');
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      const file = await t.app.inject(`/gfxwj/${d.id}/file`);
      assert.equal(file.statusCode, 200);
      assert.equal(file.body, '%PDF-1.4 test');
    });
  });
});
