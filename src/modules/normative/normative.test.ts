import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { bearer, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../context.ts';
import { runDueJobs } from '../jobs/service.ts';
import { listPublicOrgs } from '../org/service.ts';
import { exportRecords, importXlsx } from './service.ts';
import { DEFAULT_INDEX_TEMPLATE } from './model.ts';
import { appendEvent } from './store.ts';
import {
  addInterpretation,
  addSupersedes,
  changeStatus,
  documentsDueForEvaluation,
  documentsInForceOn,
  expiryJob,
  getDocumentDetail,
  getIndexTemplate,
  interpretationReport,
  recordInterpretation,
  registerExistingDocument,
  renewDocument,
  searchSource,
  setIndexTemplate,
  type RegisterDocumentInput,
} from './service.ts';

const sys = systemActor('test');

describe('行政规范性文件库', () => {
  let t: TestApp;
  let org: (short: string) => number;
  before(async () => {
    t = await buildTestApp();
    const orgs = await listPublicOrgs(t.ctx.db);
    org = (short) => orgs.find((o) => o.shortName === short)!.id;
  });
  after(() => t.close());

  const reg = (over: Partial<RegisterDocumentInput> & { docNumber: string }) =>
    registerExistingDocument(t.ctx, sys, {
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
      const rows = await t.ctx.db
        .selectFrom('normative_documents')
        .select(['id', 'doc_year', 'lead_org_id', 'status'])
        .where('is_sample', '=', 1)
        .execute();
      assert.ok(rows.length >= 30, String(rows.length));
      assert.deepEqual([...new Set(rows.map((r) => r.doc_year))].sort(), [2018, 2019, 2020, 2021, 2022]);
      assert.ok(
        new Set(rows.map((r) => r.lead_org_id)).size >= 8,
        'new Set(rows.map((r) => r.lead_org_id)).size >= 8',
      );
      for (const s of ['amended', 'repealed', 'expired', 'in_force'])
        assert.ok(
          rows.some((r) => r.status === s),
          s,
        );
      const page = await t.app.inject('/gfxwj');
      assert.match(page.body, /演示数据/);
      const interps = await t.ctx.db
        .selectFrom('normative_interpretations')
        .select(['document_id', 'form', 'is_sample'])
        .where('is_sample', '=', 1)
        .execute();
      const interpreted = new Set(interps.map((i) => i.document_id));
      assert.ok(
        interpreted.size >= 20 && interpreted.size < rows.length,
        `most, not all, sample documents have interpretations (${interpreted.size}/${rows.length})`,
      );
      assert.ok(
        interps.some((i) => i.form === 'briefing'),
        'a 吹风会 among them',
      );
      const one = await t.app.inject(`/api/v1/normative-documents/${rows[0].id}`);
      assert.equal(one.json().isSample, true, 'marked as sample in the open data');
      assert.match((await t.app.inject(`/gfxwj/${rows[0].id}`)).body, /本文件为系统演示数据/);
    });
  });

  describe('point in time (hand-built history)', () => {
    let a: number, b: number, c: number, e: number;
    before(async () => {
      a = (await reg({ docNumber: '测发〔2019〕1号', title: '测试甲办法', effectiveOn: '2019-01-01' })).id;
      b = (
        await reg({
          docNumber: '测发［２０２０］２号',
          title: '关于修改测试甲办法的决定',
          writtenOn: '2020-05-01',
          publishedOn: '2020-05-20',
          effectiveOn: '2020-06-01',
        })
      ).id;
      c = (
        await reg({
          docNumber: '测发(2021)3号',
          title: '关于废止测试甲办法的决定',
          writtenOn: '2021-06-01',
          publishedOn: '2021-06-20',
          effectiveOn: '2021-07-01',
        })
      ).id;
      e = (
        await reg({
          docNumber: '测发【2020】4号',
          title: '测试乙暂行办法',
          writtenOn: '2020-02-01',
          publishedOn: '2020-02-20',
          effectiveOn: '2020-03-01',
        })
      ).id;
      await changeStatus(t.ctx, sys, a, {
        kind: 'amended',
        effectiveOn: '2020-06-01',
        byDocNumber: '测发〔2020〕2号',
        articles: '第三条',
      });
      await changeStatus(t.ctx, sys, a, {
        kind: 'repealed',
        effectiveOn: '2021-07-01',
        byDocNumber: '测发〔2021〕3号',
      });
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
      const on = async (d: string) =>
        new Map((await documentsInForceOn(t.ctx, sys, d)).map((x) => [x.id, x.status]));
      let m = await on('2018-12-31');
      assert.ok(!m.has(a), '!m.has(a)');
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
        const res = await t.app.inject(
          `/api/v1/normative-documents?inForceOn=${d}&q=${encodeURIComponent('测试甲')}`,
        );
        assert.equal(res.statusCode, 200);
        return res.json();
      };
      assert.deepEqual(
        (await get('2020-07-01')).items.map((x: any) => [x.id, x.status, x.statusDate]),
        [
          [b, 'in_force', '2020-07-01'],
          [a, 'amended', '2020-07-01'],
        ],
      );
      assert.deepEqual(
        (await get('2021-07-01')).items.map((x: any) => x.id),
        [c, b],
        'the repealed one is gone',
      );
      const byOrg = await t.app.inject(
        `/api/v1/normative-documents?inForceOn=2020-07-01&orgId=${org('区发改委')}&pageSize=200`,
      );
      const items = byOrg.json().items as any[];
      assert.ok(
        items.some((x) => x.id === a) && items.some((x) => x.id === b),
        'items.some((x) => x.id === a) && items.some((x) => x.id === b)',
      );
      assert.ok(
        items.every((x) => x.orgs.some((o: any) => o.id === org('区发改委'))),
        'only the issuing org’s documents',
      );
      const none = await t.app.inject(
        `/api/v1/normative-documents?inForceOn=2020-07-01&orgId=${org('区财政局')}&pageSize=200`,
      );
      assert.ok(
        !(none.json().items as any[]).some((x) => x.id === a),
        '!(none.json().items as any[]).some((x) => x.id === a)',
      );
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
      assert.deepEqual(
        detail.relations.map((r) => [r.label, r.otherId]),
        [
          ['被修改', b],
          ['被废止', c],
        ],
      );
      assert.deepEqual(
        detail.history.map((h) => h.kind),
        ['registered', 'amended', 'repealed'],
      );
      const amending = await getDocumentDetail(t.ctx, sys, b);
      assert.deepEqual(
        amending.relations.map((r) => [r.label, r.otherId, r.articles]),
        [['修改', a, '第三条']],
      );
      const amendedView = await t.app.inject(`/gfxwj/${a}?on=2020-12-01`);
      assert.match(amendedView.body, /已于 2020-06-01 起被修改/);
    });

    it('refuses to amend a document that is no longer in force, and writes nothing', async () => {
      const before = (await getDocumentDetail(t.ctx, sys, a)).history.length;
      await assert.rejects(
        changeStatus(t.ctx, sys, a, {
          kind: 'amended',
          effectiveOn: '2022-01-01',
          byDocNumber: '测发〔2022〕9号',
        }),
        /已废止/,
      );
      assert.equal((await getDocumentDetail(t.ctx, sys, a)).history.length, before);
    });

    it('finds a document by 文号 in any bracket style on the portal', async () => {
      for (const q of ['测发[2020]2号', '测发（２０２０）２号', '测发 【2020】 02号']) {
        const res = await t.app.inject(`/gfxwj?q=${encodeURIComponent(q)}`);
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /关于修改测试甲办法的决定/, q);
        assert.doesNotMatch(res.body, /关于废止测试甲办法的决定/);
        // The site search (the search issue's index) finds it by 文号 in the same spellings.
        const hits = (await t.app.inject(`/api/v1/search?q=${encodeURIComponent(q)}`)).json().hits as {
          kind: string;
          refId: number;
          validity: string | null;
        }[];
        assert.ok(
          hits.some((h) => h.kind === 'normative' && h.refId === b && h.validity === 'in_force'),
          `search: ${q}`,
        );
      }
    });

    it('finds documents by words of their full text on the library page and API, and links the ranked site search', async () => {
      // 应急管理局 is in the bodies (and issuing org) of one unit's sample documents, not in any title or 文号.
      const titled = await t.ctx.db
        .selectFrom('normative_documents')
        .select('id')
        .where('title', 'like', '%应急管理局%')
        .execute();
      assert.equal(titled.length, 0, 'the word must come from the body for this test to mean anything');
      const bodies = await t.ctx.db
        .selectFrom('normative_documents')
        .select('id')
        .where('in_library', '=', 1)
        .where('is_normative', '=', 1)
        .where('body', 'like', '%应急管理局%')
        .execute();
      assert.ok(
        bodies.length > 0 && bodies.length < 20,
        'a few library documents (one page) have the word in their body',
      );
      const listed = (
        await t.app.inject(`/api/v1/normative-documents?q=${encodeURIComponent('应急管理局')}&pageSize=200`)
      ).json() as { items: { id: number }[]; total: number };
      assert.deepEqual(
        listed.items.map((d) => d.id).sort((x, y) => x - y),
        bodies.map((d) => d.id).sort((x, y) => x - y),
        'the list holds exactly the library documents whose text has the word',
      );
      const page = await t.app.inject(`/gfxwj?q=${encodeURIComponent('应急管理局')}`);
      for (const d of bodies)
        assert.match(page.body, new RegExp(`href="/gfxwj/${d.id}"`), 'the library page lists them');
      assert.match(page.body, new RegExp(`共 ${bodies.length} 件`), 'and only them');
      assert.match(
        page.body,
        new RegExp(`href="/search\\?type=normative&amp;q=${encodeURIComponent('应急管理局')}"`),
      );
      const res = await t.app.inject(`/api/v1/search?type=normative&q=${encodeURIComponent('申请人')}`);
      assert.equal(res.statusCode, 200, res.body);
      const hits = res.json().hits as { kind: string }[];
      assert.ok(
        hits.length > 0 && hits.every((h) => h.kind === 'normative'),
        'the sample documents’ text is found through the index',
      );
      const html = await t.app.inject(`/search?type=normative&q=${encodeURIComponent('申请人')}`);
      assert.equal(html.statusCode, 200);
      assert.match(html.body, /gfxwj\/\d+/);
    });

    it('lists changes in the Atom feed and yields library documents to the search index', async () => {
      const feed = await t.app.inject('/gfxwj/feed.xml');
      assert.equal(feed.statusCode, 200);
      assert.match(feed.headers['content-type'] as string, /atom/);
      assert.match(feed.body, /废止：测试甲办法（测发〔2019〕1号）/);
      const seen = [];
      for await (const s of searchSource(t.ctx, '2020-07-01')) seen.push(s);
      const sa = seen.find((s) => s.refId === a)!;
      assert.deepEqual(
        { kind: sa.kind, url: sa.url, docNumber: sa.docNumber, year: sa.year, validity: sa.validity },
        {
          kind: 'normative',
          url: `/gfxwj/${a}`,
          docNumber: '测发〔2019〕1号',
          year: 2019,
          validity: 'amended',
        },
      );
    });
  });

  describe('banners and relations (both sides)', () => {
    it('points the banner of an amended document to the amending one, as of the date asked', async () => {
      const a = (await reg({ docNumber: '幅测发〔2019〕1号', title: '提示条测试甲办法', validityYears: 0 }))
        .id;
      const b = (
        await reg({
          docNumber: '幅测发〔2020〕2号',
          title: '关于修改提示条测试甲办法的决定',
          writtenOn: '2020-05-01',
          publishedOn: '2020-05-20',
          effectiveOn: '2020-06-01',
        })
      ).id;
      const c = (
        await reg({
          docNumber: '幅测发〔2021〕3号',
          title: '关于再次修改提示条测试甲办法的决定',
          writtenOn: '2021-05-01',
          publishedOn: '2021-05-20',
          effectiveOn: '2021-06-01',
        })
      ).id;
      await changeStatus(t.ctx, sys, a, {
        kind: 'amended',
        effectiveOn: '2020-06-01',
        byDocNumber: '幅测发〔2020〕2号',
        articles: '第三条',
      });
      await changeStatus(t.ctx, sys, a, {
        kind: 'amended',
        effectiveOn: '2021-06-01',
        byDocNumber: '幅测发〔2021〕3号',
        articles: '第五条',
      });
      assert.equal(
        (await getDocumentDetail(t.ctx, sys, a, '2020-05-31')).banner,
        null,
        'no banner before the amendment',
      );
      const links = async (on: string) =>
        (await getDocumentDetail(t.ctx, sys, a, on)).banner!.links.map((l) => l.id);
      assert.deepEqual(await links('2020-12-01'), [b], 'the later amendment is not shown on an earlier date');
      assert.deepEqual(await links('2021-06-01'), [b, c]);
      const page = await t.app.inject(`/gfxwj/${a}?on=2020-12-01`);
      const banner = /<div class="[^"]*gfx-banner[^"]*"[\s\S]*?<\/div>/.exec(page.body)?.[0] ?? '';
      assert.match(banner, /已修改/);
      assert.match(banner, new RegExp(`href="/gfxwj/${b}"`), 'the banner links the amending document');
      assert.doesNotMatch(banner, new RegExp(`href="/gfxwj/${c}"`));
      assert.match(page.body, /修改条款：第三条/, 'the history says which articles');
      // A change recorded after a later one is listed by its effective date, on the page and in the API.
      await changeStatus(t.ctx, sys, a, {
        kind: 'amended',
        effectiveOn: '2020-09-01',
        byDocNumber: '幅测发〔2020〕7号',
        articles: '第四条',
      });
      const dates = (await getDocumentDetail(t.ctx, sys, a)).history.map((h) => h.effectiveOn);
      assert.deepEqual(dates, [...dates].sort());
      assert.ok(dates.includes('2020-09-01'), "dates.includes('2020-09-01')");
      const table =
        /<caption>效力变化历史[\s\S]*?<\/table>/.exec((await t.app.inject(`/gfxwj/${a}`)).body)?.[0] ?? '';
      const shown = [
        ...table.matchAll(
          /<td[^>]*data-label="生效日期"[^>]*><span class="date-text">(\d{4}-\d{2}-\d{2})<\/span><\/td>/g,
        ),
      ].map((m) => m[1]);
      assert.deepEqual(shown, [...dates]);
      assert.ok(
        shown.indexOf('2020-09-01') < shown.indexOf('2021-06-01'),
        'by effective date, not as recorded',
      );
    });

    it('points the banner of an expired document to the one that superseded it', async () => {
      const old = (
        await reg({
          docNumber: '幅测发〔2019〕4号',
          title: '提示条测试乙暂行办法',
          writtenOn: '2019-02-01',
          publishedOn: '2019-02-10',
          effectiveOn: '2019-03-01',
        })
      ).id;
      const repl = (
        await reg({
          docNumber: '幅测发〔2021〕5号',
          title: '提示条测试乙办法',
          writtenOn: '2021-02-01',
          publishedOn: '2021-02-10',
          effectiveOn: '2021-03-01',
        })
      ).id;
      await addSupersedes(t.ctx, sys, repl, '幅测发[2019]4号');
      const d = await getDocumentDetail(t.ctx, sys, old, '2021-03-01');
      assert.equal(d.status, 'expired', '暂行: 2 years, last day 2021-02-28');
      assert.match(d.banner!.text, /2021-02-28 届满，自 2021-03-01 起失效/);
      assert.deepEqual(
        d.banner!.links.map((l) => [l.id, l.label]),
        [[repl, '被替代']],
      );
      const page = await t.app.inject(`/gfxwj/${old}?on=2021-03-01`);
      const banner = /<div class="[^"]*gfx-banner[^"]*"[\s\S]*?<\/div>/.exec(page.body)?.[0] ?? '';
      assert.match(banner, /已失效/);
      assert.match(banner, new RegExp(`替代文件：<a href="/gfxwj/${repl}"`));
      const other = await getDocumentDetail(t.ctx, sys, repl);
      assert.deepEqual(
        other.relations.map((r) => [r.label, r.otherId]),
        [['替代', old]],
        'shown on the other side too',
      );
    });

    it('links an amendment recorded before the amending document was registered, once it is', async () => {
      const a = (await reg({ docNumber: '幅测发〔2019〕6号', title: '提示条测试丙办法', validityYears: 0 }))
        .id;
      await changeStatus(t.ctx, sys, a, {
        kind: 'repealed',
        effectiveOn: '2020-01-01',
        byDocNumber: '幅测发〔2019〕7号',
      });
      let d = await getDocumentDetail(t.ctx, sys, a, '2020-01-01');
      assert.equal(d.banner!.links.length, 0, 'no link while the repealing document is unknown');
      assert.match(d.banner!.text, /废止文件：幅测发〔2019〕7号/);
      const by = (
        await reg({
          docNumber: '幅测发［2019］７号',
          title: '关于废止提示条测试丙办法的决定',
          writtenOn: '2019-12-01',
          publishedOn: '2019-12-10',
          effectiveOn: '2020-01-01',
        })
      ).id;
      d = await getDocumentDetail(t.ctx, sys, a, '2020-01-01');
      assert.deepEqual(
        d.banner!.links.map((l) => l.id),
        [by],
      );
      assert.equal(
        d.history.find((h) => h.kind === 'repealed')!.byDocumentId,
        by,
        'the history row links it',
      );
      assert.deepEqual(
        (await getDocumentDetail(t.ctx, sys, by)).relations.map((r) => [r.label, r.otherId]),
        [['废止', a]],
      );
      assert.equal(d.history.length, 2, 'no history row was rewritten or added');
    });
  });

  describe('索引号 and 登记号 (rules.md §6)', () => {
    it('lets only the openness office set the template (audited; an unusable one refused in Chinese), and keeps every number unique', async () => {
      try {
        const ed = await loginAs(t.app, 'editor');
        assert.equal((await ed.post('/admin/gfxwj/settings', { template: 'X-{seq}' })).statusCode, 403);
        const gkb = await loginAs(t.app, 'gkb');
        const bad = await gkb.post('/admin/gfxwj/settings', { template: '{orgCode}/{year}' });
        assert.equal(bad.statusCode, 400);
        assert.match(bad.body, /必须包含序号/);
        assert.equal(await getIndexTemplate(t.ctx.db), DEFAULT_INDEX_TEMPLATE, 'nothing saved');
        const ok = await gkb.post('/admin/gfxwj/settings', { template: 'N{year}-{seq:3}' });
        assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
        const audit = await t.ctx.db
          .selectFrom('audit_log')
          .select(['action', 'after_json'])
          .where('action', '=', 'normative.index_template')
          .execute();
        assert.equal(audit.length, 1);
        // No {orgCode} in the template: one counter for every org, so two orgs never share a number.
        const x = await reg({ docNumber: '索测发〔2019〕1号', orgIds: [org('区发改委')] });
        const y = await reg({ docNumber: '索测发〔2019〕2号', orgIds: [org('区财政局')] });
        const z = await reg({
          docNumber: '索测发〔2020〕3号',
          orgIds: [org('区财政局')],
          writtenOn: '2020-01-01',
          publishedOn: '2020-01-01',
          effectiveOn: '2020-01-01',
        });
        assert.deepEqual(
          [x.indexNumber, y.indexNumber, z.indexNumber],
          ['N2019-001', 'N2019-002', 'N2020-001'],
        );
        // A later template whose numbers take the same form skips those already used.
        await setIndexTemplate(t.ctx, sys, 'N2019-{seq:3}');
        const w = await reg({ docNumber: '索测发〔2019〕4号', orgIds: [org('区商务局')] });
        assert.equal(w.indexNumber, 'N2019-003');
        assert.equal(
          (await getDocumentDetail(t.ctx, sys, x.id)).indexNumber,
          'N2019-001',
          'numbers already given do not change',
        );
      } finally {
        await setIndexTemplate(t.ctx, sys, DEFAULT_INDEX_TEMPLATE);
      }
      const v = await reg({ docNumber: '索测发〔2019〕5号' });
      assert.match(v.indexNumber, /^DEMOHGT003\/2019-\d{5}$/, 'back to the default template');
    });

    it('records the province’s 登记号 and defaults 试行 to 2 years, shown on the portal, in the API and in the export', async () => {
      const gkb = await bearer(t, 'gkb');
      const body = {
        title: '登记号测试管理办法（试行）',
        orgIds: [org('区发改委')],
        writtenOn: '2022-01-10',
        effectiveOn: '2022-02-01',
        subject: '综合政务',
      };
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/normative-documents',
        headers: gkb,
        payload: { ...body, docNumber: '登测发〔2022〕1号', registrationNumber: '赣规备〔2022〕0012号' },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(
        [res.json().validityYears, res.json().endsOn, res.json().registrationNumber],
        [2, '2024-01-31', '赣规备〔2022〕0012号'],
      );
      const five = await t.app.inject({
        method: 'POST',
        url: '/api/v1/normative-documents',
        headers: gkb,
        payload: { ...body, docNumber: '登测发〔2022〕2号', validityYears: 5 },
      });
      assert.deepEqual(
        [five.json().validityYears, five.json().endsOn, five.json().registrationNumber],
        [5, '2027-01-31', null],
        'an explicit period wins; 登记号 is optional',
      );
      const long = await t.app.inject({
        method: 'POST',
        url: '/api/v1/normative-documents',
        headers: gkb,
        payload: { ...body, docNumber: '登测发〔2022〕3号', registrationNumber: 'x'.repeat(65) },
      });
      assert.equal(long.statusCode, 400);
      // In the library (the existing register path): the portal page, the API and the export carry it.
      const d = await reg({
        docNumber: '登测发〔2021〕4号',
        title: '登记号入库测试办法',
        registrationNumber: '赣规备〔2021〕0099号',
        writtenOn: '2021-01-01',
        publishedOn: '2021-01-05',
        effectiveOn: '2021-02-01',
      });
      const page = await t.app.inject(`/gfxwj/${d.id}`);
      assert.match(page.body, /<dt>登记号<\/dt>\s*<dd>赣规备〔2021〕0099号<\/dd>/);
      assert.equal(
        (await t.app.inject(`/api/v1/normative-documents/${d.id}`)).json().registrationNumber,
        '赣规备〔2021〕0099号',
      );
      const exp = await exportRecords(t.ctx, sys, {});
      assert.equal(
        exp.documents.find((x) => x.docNumber === '登测发〔2021〕4号')!.registrationNumber,
        '赣规备〔2021〕0099号',
      );
    });
  });

  describe('open-data list: paging and filters', () => {
    let s1: number, s2: number, s3: number;
    before(async () => {
      const fin = org('区财政局');
      s1 = (
        await reg({
          docNumber: '筛测发〔2018〕1号',
          title: '筛选测试一办法',
          writtenOn: '2018-01-01',
          publishedOn: '2018-01-02',
          effectiveOn: '2018-02-01',
          validityYears: 0,
        })
      ).id;
      s2 = (
        await reg({
          docNumber: '筛测发〔2019〕2号',
          title: '筛选测试二办法',
          orgIds: [fin],
          subject: '财政、金融、审计',
          writtenOn: '2019-01-01',
          publishedOn: '2019-01-02',
          effectiveOn: '2019-02-01',
          validityYears: 0,
        })
      ).id;
      s3 = (
        await reg({
          docNumber: '筛测发〔2019〕3号',
          title: '筛选测试三办法',
          orgIds: [fin],
          subject: '财政、金融、审计',
          writtenOn: '2019-03-01',
          publishedOn: '2019-03-02',
          effectiveOn: '2019-04-01',
          validityYears: 0,
        })
      ).id;
      await changeStatus(t.ctx, sys, s3, {
        kind: 'repealed',
        effectiveOn: '2020-01-01',
        byDocNumber: '筛测发〔2019〕9号',
      });
    });
    const ids = async (query: string) => {
      const res = await t.app.inject(
        `/api/v1/normative-documents?q=${encodeURIComponent('筛选测试')}&${query}`,
      );
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    it('pages newest first, with the total', async () => {
      const p1 = await ids('pageSize=2&page=1');
      const p2 = await ids('pageSize=2&page=2');
      assert.deepEqual([p1.total, p1.page, p1.pageSize], [3, 1, 2]);
      assert.deepEqual(
        [...p1.items, ...p2.items].map((x: any) => x.id),
        [s3, s2, s1],
      );
      assert.equal((await t.app.inject('/api/v1/normative-documents?pageSize=201')).statusCode, 400);
      const res = await t.app.inject('/api/v1/normative-documents?page=0');
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.message, /[\u4e00-\u9fff]/, 'a Chinese message');
    });

    it('filters by issuing org, 文号 year, status, subject and change date, alone and with inForceOn', async () => {
      const list = async (q: string) => (await ids(q)).items.map((x: any) => x.id);
      assert.deepEqual(await list(`orgId=${org('区财政局')}`), [s3, s2]);
      assert.deepEqual(await list('year=2018'), [s1]);
      assert.deepEqual(await list('status=repealed'), [s3]);
      assert.deepEqual(await list('status=in_force'), [s2, s1]);
      assert.deepEqual(await list(`subject=${encodeURIComponent('财政、金融、审计')}`), [s3, s2]);
      assert.deepEqual(await list(`inForceOn=2019-06-01&subject=${encodeURIComponent('财政、金融、审计')}`), [
        s3,
        s2,
      ]);
      assert.deepEqual(await list(`inForceOn=2020-06-01&orgId=${org('区财政局')}`), [s2], 'repealed by then');
      assert.deepEqual(await list('inForceOn=2018-01-31'), [], 'nothing in force before its effective date');
      assert.deepEqual(await list('inForceOn=2019-03-15&year=2019'), [s2]);
      const today = t.clock.now().toISOString().slice(0, 10);
      assert.equal((await ids(`since=${today}`)).total, 3);
      assert.equal((await ids('since=2999-01-01')).total, 0);
      const bad = await t.app.inject('/api/v1/normative-documents?status=void');
      assert.equal(bad.statusCode, 400);
    });

    it('offers the same filters on the portal and the point in time in the back office', async () => {
      const portal = await t.app.inject(
        `/gfxwj?q=${encodeURIComponent('筛选测试')}&orgId=${org('区财政局')}&year=2019&status=repealed&subject=${encodeURIComponent('财政、金融、审计')}`,
      );
      assert.equal(portal.statusCode, 200);
      assert.match(portal.body, /筛选测试三办法/);
      assert.doesNotMatch(portal.body, /筛选测试二办法|筛选测试一办法/);
      const leader = await loginAs(t.app, 'leader');
      const admin = await leader.get(`/admin/gfxwj?inForceOn=2020-06-01&q=${encodeURIComponent('筛选测试')}`);
      assert.equal(admin.statusCode, 200);
      assert.match(admin.body, /2020-06-01 现行有效的文件（共 2 件）/);
      assert.match(admin.body, /筛选测试一办法/);
      assert.doesNotMatch(admin.body, /筛选测试三办法/);
      const pastPortal = await t.app.inject(
        `/gfxwj?inForceOn=2019-06-01&q=${encodeURIComponent('筛选测试')}`,
      );
      assert.match(pastPortal.body, /2019-06-01 现行有效的文件（共 3 件）/);
      // Each document's status on D: the list links the document as of D, on both sides.
      assert.match(pastPortal.body, new RegExp(`href="/gfxwj/${s3}\\?on=2019-06-01"`));
      assert.match(admin.body, new RegExp(`href="/admin/gfxwj/${s1}\\?on=2020-06-01"`));
      const then = await leader.get(`/admin/gfxwj/${s3}?on=2019-06-01`);
      assert.equal(then.statusCode, 200);
      assert.match(then.body, /以下效力状态和提示为 2019-06-01 当日的状态/);
      assert.match(then.body, /现行有效<\/span>（2019-06-01）/);
      assert.doesNotMatch(then.body, /gfx-banner/, 'no repeal banner before the repeal');
      const now = await leader.get(`/admin/gfxwj/${s3}`);
      assert.match(now.body, /gfx-banner-repealed/);
      assert.doesNotMatch(now.body, /当日的状态/);
      assert.equal((await leader.get(`/admin/gfxwj/${s3}?on=2019-02-30`)).statusCode, 400);
      const portalThen = await t.app.inject(`/gfxwj/${s3}?on=2019-06-01`);
      assert.match(portalThen.body, /以下效力状态和提示为 2019-06-01 当日的状态/);
    });
  });

  describe('interpretation rate (rules.md §5)', () => {
    it('counts documents with ≥ 1 interpretation per org and year, lists missing ones and flags late ones', async () => {
      const mk = (n: number, orgIds: number[]) =>
        reg({
          docNumber: `率测发〔2023〕${n}号`,
          title: `解读率测试文件${n}`,
          orgIds,
          writtenOn: '2023-03-01',
          publishedOn: '2023-03-10',
          effectiveOn: '2023-04-01',
        });
      const d1 = await mk(1, [org('区财政局')]);
      const d2 = await mk(2, [org('区财政局')]);
      const d3 = await mk(3, [org('区财政局')]);
      const d4 = await mk(4, [org('区财政局'), org('区商务局')]);
      const base = {
        url: 'https://example.gov.cn/jd',
        form: 'text' as const,
        keyPoints: ['background' as const, 'purpose' as const],
      };
      await addInterpretation(t.ctx, sys, {
        ...base,
        documentId: d1.id,
        title: '同步解读',
        publishedOn: '2023-03-10',
      });
      await addInterpretation(t.ctx, sys, {
        ...base,
        documentId: d2.id,
        title: '迟到的解读',
        publishedOn: '2023-04-02',
      });
      // 吹风会 as an interpretation form, recorded through the publishing seam.
      await t.ctx.db.transaction().execute((trx) =>
        recordInterpretation(trx, {
          documentId: d4.id,
          title: '新闻吹风会',
          form: 'briefing',
          publishedOn: '2023-03-10',
          briefing: {
            date: '2023-03-10',
            topic: '政策吹风',
            speakers: '区财政局局长',
            link: 'https://example.gov.cn/video',
          },
          itemId: 77,
        }),
      );
      const r = await interpretationReport(t.ctx, sys, 2023);
      assert.deepEqual(r.district, { total: 4, interpreted: 3, rate: 0.75, late: 1, policies: 0 });
      assert.deepEqual(
        r.missing.map((m) => m.id),
        [d3.id],
      );
      assert.deepEqual(
        r.late.map((m) => [m.id, m.firstInterpretationOn]),
        [[d2.id, '2023-04-02']],
      );
      const fin = r.byOrg.find((o) => o.orgId === org('区财政局'))!;
      assert.deepEqual([fin.total, fin.interpreted, fin.late], [4, 3, 1]);
      const com = r.byOrg.find((o) => o.orgId === org('区商务局'))!;
      assert.deepEqual(
        [com.total, com.interpreted, com.rate],
        [1, 1, 1],
        'a joint document counts for each issuer',
      );
      const detail = await getDocumentDetail(t.ctx, sys, d4.id);
      assert.deepEqual(detail.interpretations[0].briefing, {
        date: '2023-03-10',
        topic: '政策吹风',
        speakers: '区财政局局长',
        link: 'https://example.gov.cn/video',
      });
      const late = await getDocumentDetail(t.ctx, sys, d2.id);
      assert.equal(late.interpretations[0].late, true);
      // The API and the page.
      const gkb = await bearer(t, 'gkb');
      const api = await t.app.inject({
        url: '/api/v1/normative-documents/interpretation-rate?year=2023',
        headers: gkb,
      });
      assert.equal(api.statusCode, 200);
      assert.equal(api.json().district.rate, 0.75);
      assert.equal(
        (await t.app.inject('/api/v1/normative-documents/interpretation-rate?year=2023')).statusCode,
        401,
      );
      const s = await loginAs(t.app, 'leader');
      const page = await s.get('/admin/gfxwj/rate?year=2023');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /解读率 75\.0%（3\/4），未达到 90\.0% 目标/);
      assert.match(page.body, /率测发〔2023〕3号/, 'lists the document lacking an interpretation');
      assert.match(
        page.body,
        /率测发〔2023〕2号[\s\S]*2023-04-02/,
        'lists the one interpreted late, with the date',
      );
      // The district dashboard: this year's rate against the 90% target.
      const home = await s.get('/admin');
      assert.match(home.body, /政策解读率：/);
      assert.match(home.body, /目标 90\.0%/);
      const saved = t.clock.now();
      try {
        t.clock.set('2023-06-01T10:00:00+08:00');
        const h23 = await (await loginAs(t.app, 'leader')).get('/admin');
        assert.match(
          h23.body,
          /2023 年政策解读率：[\s\S]*?<strong class="status-bad">\d+\.\d%<\/strong>/,
          'below target is marked',
        );
      } finally {
        t.clock.set(saved);
      }
    });

    it('records a 吹风会 through the back-office form and the API, and shows its date, topic, speakers and link on the portal', async () => {
      const d = await reg({
        docNumber: '吹测发〔2017〕1号',
        title: '吹风会测试办法',
        writtenOn: '2017-05-01',
        publishedOn: '2017-05-10',
        effectiveOn: '2017-06-01',
      });
      const ed = await loginAs(t.app, 'editor');
      const bad = await ed.post(`/admin/gfxwj/${d.id}/interpretations`, {
        interpTitle: '吹风会',
        interpForm: 'briefing',
        interpPublishedOn: '2017-05-10',
      });
      assert.equal(bad.statusCode, 400);
      for (const m of ['请填写吹风会日期', '请填写吹风会主题', '请填写发布人'])
        assert.match(bad.body, new RegExp(m));
      assert.equal((await getDocumentDetail(t.ctx, sys, d.id)).interpretations.length, 0, 'nothing written');
      const ok = await ed.post(`/admin/gfxwj/${d.id}/interpretations`, {
        interpTitle: '《吹风会测试办法》政策吹风会',
        interpForm: 'briefing',
        interpPublishedOn: '2017-05-10',
        briefingDate: '2017-05-10',
        briefingTopic: '吹风会测试办法出台背景',
        briefingSpeakers: '区发改委副主任',
        briefingLink: 'https://www.example.gov.cn/video/1',
        keyPoints: ['background', 'purpose'],
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      const api = await t.app.inject({
        method: 'POST',
        url: `/api/v1/normative-documents/${d.id}/interpretations`,
        headers: await bearer(t, 'editor'),
        payload: {
          title: '吹风会文字实录',
          form: 'briefing',
          publishedOn: '2017-05-12',
          briefing: { date: '2017-05-10', topic: '答记者问', speakers: '区发改委主任', link: '/gfxwj/1' },
        },
      });
      assert.equal(api.statusCode, 201, api.body);
      const detail = (await t.app.inject(`/api/v1/normative-documents/${d.id}`)).json();
      assert.deepEqual(
        detail.interpretations.map((i: any) => [
          i.form,
          i.briefing.date,
          i.briefing.topic,
          i.briefing.speakers,
          i.briefing.link,
          i.late,
        ]),
        [
          [
            'briefing',
            '2017-05-10',
            '吹风会测试办法出台背景',
            '区发改委副主任',
            'https://www.example.gov.cn/video/1',
            false,
          ],
          ['briefing', '2017-05-10', '答记者问', '区发改委主任', '/gfxwj/1', true],
        ],
      );
      const page = await t.app.inject(`/gfxwj/${d.id}`);
      assert.match(page.body, /吹风会：2017-05-10 · 主题：吹风会测试办法出台背景 · 发布人：区发改委副主任/);
      assert.match(page.body, /<a href="https:\/\/www\.example\.gov\.cn\/video\/1">视频或文字实录<\/a>/);
      assert.match(page.body, /新闻发布会\/吹风会|吹风会/);
    });

    it('refuses a briefing without its date, topic and speakers, in Chinese', async () => {
      const d = await reg({ docNumber: '率测发〔2023〕9号' });
      await assert.rejects(
        addInterpretation(t.ctx, sys, {
          documentId: d.id,
          title: '吹风会',
          form: 'briefing',
          publishedOn: '2023-01-01',
          briefing: { link: 'https://example.gov.cn/v' },
        }),
        (e: any) =>
          e.code === 'bad_request' &&
          /吹风会日期/.test(e.fields.briefingDate) &&
          /发布人/.test(e.fields.briefingSpeakers),
      );
    });
  });

  describe('expiry job (ManualClock)', () => {
    it('reminds the issuing org 6 months before, once, marks expired after the last day, and keeps renewed ones', async () => {
      const saved = t.clock.now();
      try {
        const d = await reg({
          docNumber: '期测发〔2024〕1号',
          title: '到期测试办法',
          writtenOn: '2024-01-01',
          publishedOn: '2024-01-01',
          effectiveOn: '2024-01-01',
          validityYears: 1,
        });
        const r = await reg({
          docNumber: '期测发〔2024〕2号',
          title: '延续测试办法',
          writtenOn: '2024-01-01',
          publishedOn: '2024-01-01',
          effectiveOn: '2024-01-01',
          validityYears: 1,
        });
        const joint = await reg({
          docNumber: '期测发〔2024〕3号',
          title: '联合发文到期测试办法',
          orgIds: [org('区发改委'), org('沙井街办')],
          writtenOn: '2024-01-01',
          publishedOn: '2024-01-01',
          effectiveOn: '2024-01-01',
          validityYears: 1,
        });
        assert.equal(d.endsOn, '2024-12-31');
        const reminders = () =>
          t.ctx.db
            .selectFrom('notifications')
            .select(['user_id', 'title'])
            .where('dedupe_key', '=', `normative.expiry-reminder:${d.id}:2024-12-31`)
            .execute();
        const run = async (at: string) => {
          t.clock.set(at);
          await t.ctx.db
            .updateTable('jobs')
            .set({ run_at: '2000-01-01T00:00:00.000Z' })
            .where('name', '=', 'normative.expiry')
            .execute();
          const res = await runDueJobs(t.ctx, [expiryJob]);
          assert.equal(res[0]?.ok, true, JSON.stringify(res));
        };
        const dueOnDashboard = async () =>
          Number(
            /6 个月内到期（待评估） (\d+) 件/.exec(
              (await (await loginAs(t.app, 'leader')).get('/admin')).body,
            )?.[1] ?? NaN,
          );
        await run('2024-06-29T12:00:00+08:00');
        assert.equal((await reminders()).length, 0, 'not before the reminder date');
        const dueBefore = await dueOnDashboard();
        await run('2024-06-30T09:00:00+08:00');
        // The dashboard counts what the job reminds about: the ones ending 2024-12-30/31 became due today.
        const newlyDue = (await documentsInForceOn(t.ctx, sys, '2024-06-30')).filter(
          (x) => x.endsOn === '2024-12-30' || x.endsOn === '2024-12-31',
        ).length;
        assert.ok(newlyDue >= 2, String(newlyDue));
        assert.equal(await dueOnDashboard(), dueBefore + newlyDue, 'dashboard: 6 个月内到期');
        const first = await reminders();
        const users = await t.ctx.db
          .selectFrom('users')
          .select(['id', 'username'])
          .where('username', 'in', ['editor', 'reviewer'])
          .execute();
        assert.deepEqual(
          first.map((n) => n.user_id).sort(),
          users.map((u) => u.id).sort(),
          'the issuing org’s editor and reviewer',
        );
        assert.match(first[0].title, /即将到期/);
        const jointUsers = await t.ctx.db
          .selectFrom('notifications')
          .select('user_id')
          .where('dedupe_key', '=', `normative.expiry-reminder:${joint.id}:2024-12-31`)
          .execute();
        const sj = await t.ctx.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'sj_editor')
          .executeTakeFirstOrThrow();
        assert.ok(
          jointUsers.some((u) => u.user_id === sj.id) && jointUsers.length === first.length + 1,
          'a joint document reminds every issuing org',
        );
        await run('2024-07-01T09:00:00+08:00');
        assert.equal((await reminders()).length, first.length, 'a second run does not remind again');
        await renewDocument(t.ctx, sys, r.id, { years: 2 });
        await run('2024-12-31T23:59:00+08:00');
        assert.equal(
          (await getDocumentDetail(t.ctx, sys, d.id)).history.length,
          1,
          'still in force on its last day',
        );
        await run('2025-01-01T00:00:00+08:00');
        const after = await getDocumentDetail(t.ctx, sys, d.id);
        assert.deepEqual(
          after.history.map((h) => [h.kind, h.effectiveOn]),
          [
            ['registered', '2024-01-01'],
            ['expired', '2025-01-01'],
          ],
        );
        assert.equal(after.status, 'expired');
        assert.match(after.banner!.text, /2024-12-31 届满/);
        const renewed = await getDocumentDetail(t.ctx, sys, r.id);
        assert.equal(renewed.status, 'in_force');
        assert.equal(renewed.endsOn, '2026-12-31');
        assert.deepEqual(
          renewed.history.map((h) => h.kind),
          ['registered', 'renewed'],
        );
        const renewAudit = await t.ctx.db
          .selectFrom('audit_log')
          .select('action')
          .where('object_type', '=', 'normative_document')
          .where('object_id', '=', String(r.id))
          .orderBy('id')
          .execute();
        assert.deepEqual(
          renewAudit.map((x) => x.action),
          ['normative.register', 'normative.expiry_reminder', 'normative.renew'],
          'reminded, renewed (audited), and not expired',
        );
        const audit = await t.ctx.db
          .selectFrom('audit_log')
          .select('action')
          .where('object_type', '=', 'normative_document')
          .where('object_id', '=', String(d.id))
          .orderBy('id')
          .execute();
        assert.deepEqual(
          audit.map((x) => x.action),
          ['normative.register', 'normative.expiry_reminder', 'normative.expire'],
        );
        await run('2025-01-02T00:00:00+08:00');
        assert.equal((await getDocumentDetail(t.ctx, sys, d.id)).history.length, 2, 'expired once');
      } finally {
        t.clock.set(saved);
      }
    });

    it('reminds about and expires a document whose repeal is recorded for a date after its last day', async () => {
      const saved = t.clock.now();
      try {
        t.clock.set('2025-03-01T09:00:00+08:00');
        const d = await reg({
          docNumber: '期测发〔2025〕7号',
          title: '后废止到期测试办法',
          writtenOn: '2025-03-01',
          publishedOn: '2025-03-01',
          effectiveOn: '2025-03-01',
          validityYears: 1,
        });
        assert.equal(d.endsOn, '2026-02-28');
        // The back office refuses a repeal from after the last day; an imported register (城市库) can carry one.
        await assert.rejects(
          changeStatus(t.ctx, sys, d.id, {
            kind: 'repealed',
            effectiveOn: '2026-06-01',
            byDocNumber: '期测发〔2025〕8号',
          }),
          /已失效/,
        );
        await t.ctx.db.transaction().execute((trx) =>
          appendEvent(trx, d.id, {
            kind: 'repealed',
            effectiveOn: '2026-06-01',
            byDocNumber: '期测发〔2025〕8号',
            note: '导入登记',
            recordedAt: t.clock.now().toISOString(),
            actorName: 'test',
          }),
        );
        const run = async (at: string) => {
          t.clock.set(at);
          await t.ctx.db
            .updateTable('jobs')
            .set({ run_at: '2000-01-01T00:00:00.000Z' })
            .where('name', '=', 'normative.expiry')
            .execute();
          const res = await runDueJobs(t.ctx, [expiryJob]);
          assert.equal(res[0]?.ok, true, JSON.stringify(res));
        };
        const remindersOf = () =>
          t.ctx.db
            .selectFrom('notifications')
            .select('user_id')
            .where('dedupe_key', '=', `normative.expiry-reminder:${d.id}:2026-02-28`)
            .execute();
        const due = () => documentsDueForEvaluation(t.ctx, sys);
        await run('2025-08-27T09:00:00+08:00');
        const dueBefore = await due();
        assert.equal((await remindersOf()).length, 0, 'not before 6 months before its last day');
        await run('2025-08-28T09:00:00+08:00');
        assert.ok(
          (await remindersOf()).length > 0,
          'the issuing org is reminded although a later repeal is recorded',
        );
        const endingThen = (await documentsInForceOn(t.ctx, sys, '2025-08-28')).filter(
          (x) => x.endsOn === '2026-02-28',
        );
        assert.ok(
          endingThen.some((x) => x.id === d.id),
          'in force, ending on 2026-02-28',
        );
        assert.equal(
          await due(),
          dueBefore + endingThen.length,
          'the dashboard counts it with the others ending that day',
        );
        await run('2026-03-01T00:00:00+08:00');
        const after = await getDocumentDetail(t.ctx, sys, d.id);
        assert.deepEqual(
          after.history.map((h) => [h.kind, h.effectiveOn]),
          [
            ['registered', '2025-03-01'],
            ['expired', '2026-03-01'],
            ['repealed', '2026-06-01'],
          ],
          'the expiry row is written the day after the last day (listed by effective date, before the repeal recorded earlier)',
        );
        const statusOn = async (day: string) =>
          (await documentsInForceOn(t.ctx, sys, day)).some((x) => x.id === d.id);
        assert.equal(await statusOn('2026-02-28'), true, 'in force on its last day');
        assert.equal(await statusOn('2026-03-01'), false, 'not in force the day after');
        await run('2026-03-02T00:00:00+08:00');
        assert.equal((await getDocumentDetail(t.ctx, sys, d.id)).history.length, 3, 'expired once');
        const audit = await t.ctx.db
          .selectFrom('audit_log')
          .select('action')
          .where('object_type', '=', 'normative_document')
          .where('object_id', '=', String(d.id))
          .orderBy('id')
          .execute();
        assert.deepEqual(
          audit.map((x) => x.action),
          ['normative.register', 'normative.expiry_reminder', 'normative.expire'],
        );
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
      effectiveOn: '2022-02-01',
      subject: '综合政务',
      ...extra,
    });

    it('lets the issuing org’s editor register, and refuses other orgs, read-only roles and the public', async () => {
      const editor = await bearer(t, 'editor');
      const ok = await t.app.inject({
        method: 'POST',
        url: '/api/v1/normative-documents',
        headers: editor,
        payload: body('角测发〔2022〕1号', org('区发改委')),
      });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json().docNumber, '角测发〔2022〕1号');
      const other = await t.app.inject({
        method: 'POST',
        url: '/api/v1/normative-documents',
        headers: editor,
        payload: body('角测发〔2022〕2号', org('区财政局')),
      });
      assert.equal(other.statusCode, 403);
      for (const user of ['reviewer', 'leader', 'handler']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/normative-documents',
          headers: await bearer(t, user),
          payload: body('角测发〔2022〕3号', org('区发改委')),
        });
        assert.equal(res.statusCode, 403, user);
      }
      const anon = await t.app.inject({
        method: 'POST',
        url: '/api/v1/normative-documents',
        payload: body('角测发〔2022〕4号', org('区发改委')),
      });
      assert.ok([401, 403].includes(anon.statusCode), '[401, 403].includes(anon.statusCode)');
      const gkb = await t.app.inject({
        method: 'POST',
        url: '/api/v1/normative-documents',
        headers: await bearer(t, 'gkb'),
        payload: body('角测发〔2022〕5号', org('区财政局')),
      });
      assert.equal(gkb.statusCode, 201, 'the openness office registers for any org');
    });

    it('lets only the issuing org (and the openness office) change a document', async () => {
      const doc = await reg({
        docNumber: '角测发〔2022〕10号',
        writtenOn: '2022-01-01',
        publishedOn: '2022-01-01',
        effectiveOn: '2022-01-01',
      });
      const change = {
        kind: 'amended',
        effectiveOn: '2022-06-01',
        byDocNumber: '角测发〔2022〕11号',
        articles: '第二条',
      };
      const sj = await t.app.inject({
        method: 'POST',
        url: `/api/v1/normative-documents/${doc.id}/status-changes`,
        headers: await bearer(t, 'sj_editor'),
        payload: change,
      });
      assert.equal(sj.statusCode, 403);
      assert.match(sj.json().error.message, /其他单位/);
      const interp = await t.app.inject({
        method: 'POST',
        url: `/api/v1/normative-documents/${doc.id}/interpretations`,
        headers: await bearer(t, 'sj_editor'),
        payload: { title: '解读', url: 'https://x.gov.cn/1', form: 'text', publishedOn: '2022-01-01' },
      });
      assert.equal(interp.statusCode, 403);
      const s = await loginAs(t.app, 'sj_editor');
      const page = await s.get(`/admin/gfxwj/${doc.id}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /记录修改或废止/, 'no change forms for other orgs');
      const form = await s.post(`/admin/gfxwj/${doc.id}/status`, {
        kind: 'repealed',
        effectiveOn: '2022-06-01',
        byDocNumber: '角测发〔2022〕12号',
      });
      assert.equal(form.statusCode, 403);
      const ed = await loginAs(t.app, 'editor');
      const ok = await ed.post(`/admin/gfxwj/${doc.id}/status`, { ...change });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
      assert.equal((await getDocumentDetail(t.ctx, sys, doc.id)).history.length, 2);
    });

    it('shows the public only documents in the library; staff of the org see their drafts', async () => {
      const draft = await reg({
        docNumber: '角测发〔2022〕20号',
        title: '尚未入库的草稿办法',
        inLibrary: false,
        publishedOn: null,
      });
      assert.equal((await t.app.inject(`/api/v1/normative-documents/${draft.id}`)).statusCode, 404);
      assert.equal((await t.app.inject(`/gfxwj/${draft.id}`)).statusCode, 404);
      assert.doesNotMatch(
        (await t.app.inject(`/gfxwj?q=${encodeURIComponent('尚未入库')}`)).body,
        /尚未入库的草稿办法/,
      );
      const list = await t.app.inject(`/api/v1/normative-documents?q=${encodeURIComponent('尚未入库')}`);
      assert.equal(list.json().total, 0);
      const ed = await t.app.inject({
        url: `/api/v1/normative-documents?q=${encodeURIComponent('尚未入库')}`,
        headers: await bearer(t, 'editor'),
      });
      assert.equal(ed.json().total, 1, 'own org’s draft');
      const sj = await t.app.inject({
        url: `/api/v1/normative-documents/${draft.id}`,
        headers: await bearer(t, 'sj_editor'),
      });
      assert.equal(sj.statusCode, 404, 'another org’s draft stays hidden');
      const exp = await exportRecords(t.ctx, sys, {});
      assert.ok(
        !exp.documents.some((d) => d.docNumber === '角测发〔2022〕20号'),
        'export is the public library only',
      );
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
        payload: {
          docNumber: '洪府办发2022年66号',
          title: '坏文号',
          orgIds: [org('区发改委')],
          writtenOn: '2022-01-01',
          effectiveOn: '2022-01-01',
          subject: '综合政务',
        },
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.fields.docNumber, /括起来的年份/);
      const s = await loginAs(t.app, 'editor');
      const form = await s.post('/admin/gfxwj/new', {
        docNumber: '〔2022〕66号',
        title: '坏文号',
        leadOrgId: String(org('区发改委')),
        writtenOn: '2022-01-01',
        effectiveOn: '2022-01-01',
        subject: '综合政务',
      });
      assert.equal(form.statusCode, 400);
      assert.match(form.body, /机关代字/);
      const bad = await s.post('/admin/gfxwj/new', {
        docNumber: '测发〔2022〕1号',
        title: '',
        leadOrgId: '',
        writtenOn: '2022-02-30',
        effectiveOn: '',
        subject: 'x',
        validityYears: 'abc',
      });
      assert.equal(bad.statusCode, 400);
      for (const msg of [
        '请填写文件标题',
        '请选择制发机关',
        '成文日期应为有效日期',
        '请填写施行日期',
        '请选择主题分类',
        '有效期应为',
      ])
        assert.match(bad.body, new RegExp(msg));
      const dup = await reg({ docNumber: '坏测发〔2022〕1号' });
      await assert.rejects(
        reg({ docNumber: '坏测发[2022]01号' }),
        (e: any) => e.code === 'bad_request' && /已登记/.test(e.fields.docNumber),
      );
      const after = await count();
      assert.deepEqual(after, { docs: before.docs + 1, audit: after.audit });
      assert.ok(dup.id > 0, 'dup.id > 0');
    });

    it('refuses an unknown field, and a status change with a bad 文号, writing nothing', async () => {
      const d = await reg({ docNumber: '坏测发〔2022〕2号' });
      const h = await bearer(t, 'gkb');
      const extra = await t.app.inject({
        method: 'POST',
        url: `/api/v1/normative-documents/${d.id}/status-changes`,
        headers: h,
        payload: { kind: 'repealed', effectiveOn: '2022-06-01', byDocNumber: '坏测发〔2022〕3号', hack: 1 },
      });
      assert.equal(extra.statusCode, 400);
      const badNo = await t.app.inject({
        method: 'POST',
        url: `/api/v1/normative-documents/${d.id}/status-changes`,
        headers: h,
        payload: { kind: 'repealed', effectiveOn: '2022-06-01', byDocNumber: '废止文件' },
      });
      assert.equal(badNo.statusCode, 400);
      assert.match(badNo.json().error.fields.byDocNumber, /文号/);
      const early = await t.app.inject({
        method: 'POST',
        url: `/api/v1/normative-documents/${d.id}/status-changes`,
        headers: h,
        payload: { kind: 'repealed', effectiveOn: '2018-06-01', byDocNumber: '坏测发〔2022〕3号' },
      });
      assert.equal(early.statusCode, 400);
      assert.equal((await getDocumentDetail(t.ctx, sys, d.id)).history.length, 1);
    });
  });

  describe('exchange with the city library', () => {
    async function workbook(rows: (string | number | Date)[][]) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('台账');
      ws.addRow([
        '文号',
        '标题',
        '制发机关',
        '成文日期',
        '发布日期',
        '施行日期',
        '有效期（年）',
        '主题分类',
        '状态',
        '状态日期',
        '修改或废止文件文号',
        '修改条款',
      ]);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    }

    it('imports nothing when a row is wrong, reporting errors by row', async () => {
      const before = (await t.ctx.db.selectFrom('normative_documents').select('id').execute()).length;
      const buf = await workbook([
        [
          '导测发〔2017〕1号',
          '导入测试办法一',
          '区发改委',
          '2017-01-01',
          '2017-01-05',
          '2017-02-01',
          '',
          '综合政务',
          '现行有效',
        ],
        [
          '导测发2017-2',
          '导入测试办法二',
          '不存在的局',
          '2017/1/1',
          '',
          '2017-02-01',
          '',
          '不存在的分类',
          '作废',
        ],
      ]);
      await assert.rejects(importXlsx(t.ctx, sys, buf), (e: any) => {
        assert.equal(e.code, 'bad_request');
        assert.deepEqual(Object.keys(e.fields), ['第 3 行']);
        for (const m of ['括起来的年份', '不存在的局', '主题分类', '状态“作废”无效'])
          assert.match(e.fields['第 3 行'], new RegExp(m));
        return true;
      });
      assert.equal((await t.ctx.db.selectFrom('normative_documents').select('id').execute()).length, before);
    });

    it('imports a valid register with statuses and exports it, incrementally since a date', async () => {
      const buf = await workbook([
        [
          '导测发〔2017〕1号',
          '导入测试办法一',
          '区发改委',
          new Date(Date.UTC(2017, 0, 1)),
          '2017年1月5日',
          '2017-02-01',
          '',
          '综合政务',
          '已修改',
          '2018-03-01',
          '导测发[2018]2号',
          '第四条',
        ],
        [
          '导测发〔2018〕2号',
          '关于修改导入测试办法一的决定',
          '区发改委、区财政局',
          '2018-02-01',
          '2018-02-10',
          '2018-03-01',
          3,
          '综合政务',
          '现行有效',
        ],
      ]);
      // Later than any date the other tests run the clock to, so the increment holds this import only.
      t.clock.set('2030-03-05T02:00:00Z');
      assert.deepEqual(await importXlsx(t.ctx, sys, buf), { imported: 2 });
      const data = await exportRecords(t.ctx, sys, { since: '2030-03-05' });
      const one = data.documents.find((d) => d.docNumber === '导测发〔2017〕1号')!;
      assert.equal(one.writtenOn, '2017-01-01');
      assert.equal(one.publishedOn, '2017-01-05');
      assert.deepEqual(
        one.history.map((h) => [h.kind, h.effectiveOn, h.byDocNumber]),
        [
          ['registered', '2017-02-01', null],
          ['amended', '2018-03-01', '导测发〔2018〕2号'],
        ],
      );
      const two = data.documents.find((d) => d.docNumber === '导测发〔2018〕2号')!;
      assert.deepEqual(two.issuingOrgs, ['红谷滩区发展和改革委员会', '红谷滩区财政局']);
      assert.equal(two.endsOn, '2021-02-28');
      assert.ok(
        !data.documents.some((d) => d.docNumber === '测发〔2020〕2号'),
        'older changes are not in the increment',
      );
      const xlsx = await t.app.inject('/api/v1/normative-documents/export?format=xlsx&since=2030-03-05');
      assert.equal(xlsx.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as any);
      const ws = wb.worksheets[0];
      assert.equal(ws.getRow(1).getCell(1).value, '文号');
      assert.equal(ws.rowCount, 1 + data.count);
      assert.deepEqual(
        (ws.getRow(1).values as unknown[]).slice(1),
        [
          '文号',
          '标题',
          '制发机关',
          '成文日期',
          '发布日期',
          '施行日期',
          '有效期（年）',
          '有效期至',
          '索引号',
          '登记号',
          '主题分类',
          '状态',
          '状态变化',
          '链接',
          '更新时间',
        ],
        'the documented columns',
      );
      const interp = wb.getWorksheet('政策解读')!;
      assert.deepEqual((interp.getRow(1).values as unknown[]).slice(1), [
        '文件文号',
        '解读标题',
        '解读形式',
        '发布日期',
        '链接',
      ]);
      const json = await t.app.inject('/api/v1/normative-documents/export?since=2030-03-05');
      assert.equal(json.json().count, data.count);
      assert.deepEqual(
        Object.keys(json.json().documents[0]).sort(),
        [
          'docNumber',
          'title',
          'issuingOrgs',
          'writtenOn',
          'publishedOn',
          'effectiveOn',
          'validityYears',
          'endsOn',
          'indexNumber',
          'registrationNumber',
          'subject',
          'status',
          'statusLabel',
          'history',
          'interpretations',
          'url',
          'updatedAt',
          'sample',
        ].sort(),
        'the documented JSON fields',
      );
      const badSince = await t.app.inject('/api/v1/normative-documents/export?since=2022-13-01');
      assert.equal(badSince.statusCode, 400);
    });
    it('imports a document’s whole history from several rows of the same 文号, in date order, all or nothing', async () => {
      const buf = await workbook([
        [
          '史测发〔2016〕1号',
          '历史测试办法',
          '区发改委',
          '2016-01-01',
          '2016-01-05',
          '2016-02-01',
          10,
          '综合政务',
          '现行有效',
        ],
        [
          '史测发〔2016〕1号',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '已修改',
          '2017-03-01',
          '史测发〔2017〕2号',
          '第二条',
        ],
        [
          '史测发〔2016〕1号',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '已修改',
          '2018-05-01',
          '史测发〔2018〕3号',
          '第五条',
        ],
        ['史测发〔2016〕1号', '', '', '', '', '', '', '', '已废止', '2020-07-01', '史测发〔2020〕4号'],
        [
          '史测发〔2015〕9号',
          '历史测试规定',
          '区财政局',
          '2015-01-01',
          '2015-01-10',
          '2015-02-01',
          2,
          '综合政务',
          '已失效',
          '2017-02-01',
        ],
      ]);
      assert.deepEqual(await importXlsx(t.ctx, sys, buf), { imported: 2 });
      const data = await exportRecords(t.ctx, sys);
      const one = data.documents.find((d) => d.docNumber === '史测发〔2016〕1号')!;
      assert.deepEqual(
        one.history.map((h) => [h.kind, h.effectiveOn, h.byDocNumber]),
        [
          ['registered', '2016-02-01', null],
          ['amended', '2017-03-01', '史测发〔2017〕2号'],
          ['amended', '2018-05-01', '史测发〔2018〕3号'],
          ['repealed', '2020-07-01', '史测发〔2020〕4号'],
        ],
      );
      assert.equal(one.status, 'repealed');
      const two = data.documents.find((d) => d.docNumber === '史测发〔2015〕9号')!;
      assert.deepEqual(two.history.map((h) => [h.kind, h.effectiveOn]).at(-1), ['expired', '2017-02-01']);
    });

    it('refuses a history out of date order, a change after a repeal, and a repeated 文号 that records no change', async () => {
      const before = (await t.ctx.db.selectFrom('normative_documents').select('id').execute()).length;
      const buf = await workbook([
        [
          '序测发〔2016〕1号',
          '顺序测试办法',
          '区发改委',
          '2016-01-01',
          '2016-01-05',
          '2016-02-01',
          '',
          '综合政务',
          '现行有效',
        ],
        ['序测发〔2016〕1号', '', '', '', '', '', '', '', '已修改', '2018-03-01', '序测发〔2018〕2号'],
        ['序测发〔2016〕1号', '', '', '', '', '', '', '', '已修改', '2017-03-01', '序测发〔2017〕3号'],
        [
          '序测发〔2016〕5号',
          '废止测试办法',
          '区发改委',
          '2016-01-01',
          '2016-01-05',
          '2016-02-01',
          '',
          '综合政务',
          '已废止',
          '2017-01-01',
          '序测发〔2017〕6号',
        ],
        ['序测发〔2016〕5号', '', '', '', '', '', '', '', '已修改', '2018-01-01', '序测发〔2018〕7号'],
        [
          '序测发〔2016〕8号',
          '重复测试办法',
          '区发改委',
          '2016-01-01',
          '2016-01-05',
          '2016-02-01',
          '',
          '综合政务',
          '现行有效',
        ],
        [
          '序测发〔2016〕8号',
          '重复测试办法',
          '区发改委',
          '2016-01-01',
          '2016-01-05',
          '2016-02-01',
          '',
          '综合政务',
          '现行有效',
        ],
      ]);
      await assert.rejects(importXlsx(t.ctx, sys, buf), (e: any) => {
        assert.match(e.fields['第 4 行'], /状态日期早于第 3 行的状态变化/);
        assert.match(e.fields['第 6 行'], /第 5 行已登记已废止，其后不能再有状态变化/);
        assert.match(e.fields['第 8 行'], /文号与第 7 行相同/);
        assert.deepEqual(Object.keys(e.fields).sort(), ['第 4 行', '第 6 行', '第 8 行']);
        return true;
      });
      assert.equal(
        (await t.ctx.db.selectFrom('normative_documents').select('id').execute()).length,
        before,
        'nothing imported',
      );
    });
  });

  describe('import through the back office', () => {
    it('shows the errors by row and imports nothing; a valid register is imported; only the openness office may', async () => {
      const post = async (user: string, name: string, data: Buffer) => {
        const s = await loginAs(t.app, user);
        const token = await s.csrf('/admin/gfxwj/import').catch(() => '');
        const boundary = '----gk' + Math.random().toString(16).slice(2);
        const payload = Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
          ),
          data,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        return t.app.inject({
          method: 'POST',
          url: `/admin/gfxwj/import?_csrf=${encodeURIComponent(token)}`,
          cookies: s.cookies,
          remoteAddress: s.remoteAddress,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload,
        });
      };
      const wb = async (rows: string[][]) => {
        const w = new ExcelJS.Workbook();
        const ws = w.addWorksheet('台账');
        ws.addRow(['文号', '标题', '制发机关', '成文日期', '发布日期', '施行日期', '主题分类']);
        for (const r of rows) ws.addRow(r);
        return Buffer.from(await w.xlsx.writeBuffer());
      };
      const count = async () =>
        (await t.ctx.db.selectFrom('normative_documents').select('id').execute()).length;
      const before = await count();
      const bad = await post(
        'gkb',
        'bad.xlsx',
        await wb([
          [
            '页导发〔2016〕1号',
            '页面导入测试办法一',
            '区发改委',
            '2016-01-01',
            '2016-01-05',
            '2016-02-01',
            '综合政务',
          ],
          [
            '页导发〔2016〕2号',
            '页面导入测试办法二',
            '区发改委',
            '2016-01-01',
            '2016-01-05',
            '2016-02-01',
            '没有这个分类',
          ],
          [
            '页导发〔2016〕1号',
            '页面导入测试办法三',
            '区发改委',
            '2016-01-01',
            '2016-01-05',
            '2016-02-01',
            '综合政务',
          ],
        ]),
      );
      assert.equal(bad.statusCode, 400, bad.body.slice(0, 300));
      assert.match(bad.body, /2 行有错误，未导入任何文件/);
      assert.match(bad.body, /第 3 行：请选择主题分类/);
      assert.match(bad.body, /第 4 行：文号与第 2 行相同：同一文件的后续行应登记状态变化/);
      assert.equal(await count(), before, 'nothing imported');
      const editor = await post(
        'editor',
        'ok.xlsx',
        await wb([
          [
            '页导发〔2016〕1号',
            '页面导入测试办法一',
            '区发改委',
            '2016-01-01',
            '2016-01-05',
            '2016-02-01',
            '综合政务',
          ],
        ]),
      );
      assert.equal(editor.statusCode, 403);
      const ok = await post(
        'gkb',
        'ok.xlsx',
        await wb([
          [
            '页导发〔2016〕1号',
            '页面导入测试办法一',
            '区发改委',
            '2016-01-01',
            '2016-01-05',
            '2016-02-01',
            '综合政务',
          ],
        ]),
      );
      assert.equal(ok.statusCode, 200, ok.body.slice(0, 300));
      assert.match(ok.body, /已导入 1 件文件/);
      assert.equal(await count(), before + 1);
      assert.match(
        (await t.app.inject(`/gfxwj?q=${encodeURIComponent('页导发[2016]1号')}`)).body,
        /页面导入测试办法一/,
        'in the public library',
      );
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
        return t.app.inject({
          method: 'POST',
          url: `/admin/gfxwj/${d.id}/file?_csrf=${encodeURIComponent(token)}`,
          cookies: s.cookies,
          remoteAddress: s.remoteAddress,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload,
        });
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
