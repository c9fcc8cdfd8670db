/**
 * rules.md §4: a report of a past year never changes when later events are entered — review and
 * lawsuit results dated the next year (a retrial changing 维持 → 纠正), repeals taking effect the next
 * year, documents issued the next year, new applications. And 表二's normative rows follow the
 * rules (issue date, lead org only, 废止 apart from 失效, in force on 31 Dec). A correction of a
 * mistyped entry does change the year: the page then shows old → new against the published figures.
 * Runs on whichever engine TEST_DATABASE_URL names (both in CI).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../context.ts';
import { bearer, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { changeStatus, registerExistingDocument, type RegisterDocumentInput } from '../normative/service.ts';

const sys = systemActor('test');

describe('the annual report as of 31 December (both engines)', () => {
  let t: TestApp;
  let fgw: number;
  let czj: number;
  let itemId: number;
  const H: Record<string, Record<string, string>> = {};
  const call = (user: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user ? H[user] : {}, ...(payload ? { payload } : {}) });
  const ok = async (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await call(user, method, url, payload);
    assert.ok(
      res.statusCode >= 200 && res.statusCode < 300,
      `${method} ${url}: ${res.statusCode} ${res.body}`,
    );
    return res.json();
  };
  /** The year's tables as the API gives them. */
  const tables = async (org: number, year: number) => {
    const r = await ok('gkb', 'GET', `/api/v1/reports/annual?org=${org}&year=${year}`);
    return { table2: r.table2, table3: r.table3, table4: r.table4, fees: r.fees, published: r.published };
  };
  let seq = 0;
  const doc = (over: Partial<RegisterDocumentInput> & { writtenOn: string; effectiveOn: string }) =>
    registerExistingDocument(t.ctx, sys, {
      docNumber: `年报测发〔${over.writtenOn.slice(0, 4)}〕${++seq}号`,
      title: '年报口径测试管理办法',
      orgIds: [fgw],
      publishedOn: over.writtenOn,
      subject: '综合政务',
      inLibrary: true,
      validityYears: 0,
      ...over,
    });

  let base2022: Awaited<ReturnType<typeof tables>>;
  let baseCzj: Awaited<ReturnType<typeof tables>>;
  let app: number;
  const reviews: Record<string, number> = {};
  const docs: Record<string, { id: number; docNumber: string }> = {};

  before(async () => {
    t = await buildTestApp({ start: '2023-01-10T02:00:00Z' });
    for (const u of ['gkb', 'editor', 'reviewer', 'secrecy', 'handler']) H[u] = await bearer(t, u);
    const org = async (short: string) =>
      (
        await t.ctx.db
          .selectFrom('orgs')
          .select('id')
          .where('short_name', '=', short)
          .executeTakeFirstOrThrow()
      ).id;
    fgw = await org('区发改委');
    czj = await org('区财政局');
    base2022 = await tables(fgw, 2022);
    baseCzj = await tables(czj, 2022);

    // 2022 as the office entered it in January 2023.
    const a = await ok('gkb', 'POST', '/api/v1/foi/applications', {
      channel: 'in_person',
      receivedOn: '2022-02-01',
      orgId: fgw,
      applicantType: 'natural',
      applicantName: '王某',
      idNumber: '11010519491231002X',
      phone: '13912345678',
      description: '申请公开某项目的批复文件',
    });
    app = a.id ?? a.application?.id;
    await ok('gkb', 'POST', `/api/v1/foi/applications/${app}/events`, {
      type: 'closed',
      on: '2022-02-20',
      outcome: 'disclosed',
    });
    const review = async (key: string, payload: object) =>
      (reviews[key] = (await ok('gkb', 'POST', `/api/v1/foi/applications/${app}/reviews`, payload)).id);
    await review('lawsuit', {
      kind: 'litigation_direct',
      filedOn: '2022-03-01',
      result: 'upheld',
      resultOn: '2022-10-10',
    });
    await review('pending', { kind: 'reconsideration', filedOn: '2022-11-01', result: 'pending' });
    await review('after', {
      kind: 'litigation_after',
      filedOn: '2022-05-01',
      result: 'other',
      resultOn: '2022-06-01',
    });

    const put = async (key: string, over: Parameters<typeof doc>[0]) => (docs[key] = await doc(over));
    await put('issued', { writtenOn: '2022-03-01', publishedOn: '2022-03-05', effectiveOn: '2022-04-01' });
    await put('repealed', { writtenOn: '2020-01-10', effectiveOn: '2020-02-01' });
    await changeStatus(t.ctx, sys, docs.repealed.id, {
      kind: 'repealed',
      effectiveOn: '2022-06-01',
      byDocNumber: '年报测发〔2022〕900号',
    });
    await put('nextYearInForce', {
      writtenOn: '2022-12-20',
      publishedOn: '2022-12-25',
      effectiveOn: '2023-01-01',
    });
    await put('endsOn31Dec', {
      writtenOn: '2017-12-01',
      publishedOn: '2017-12-05',
      effectiveOn: '2018-01-01',
      validityYears: 5,
    });
    await put('expired', { writtenOn: '2020-06-01', effectiveOn: '2020-07-01', validityYears: 2 });
    await put('joint', { writtenOn: '2022-05-01', effectiveOn: '2022-05-01', orgIds: [czj, fgw] });
    await put('publishedIn2022', {
      writtenOn: '2021-12-30',
      publishedOn: '2022-01-05',
      effectiveOn: '2022-01-05',
    });
    await put('amended', { writtenOn: '2019-03-01', effectiveOn: '2019-03-01' });
    await changeStatus(t.ctx, sys, docs.amended.id, {
      kind: 'amended',
      effectiveOn: '2022-08-01',
      byDocNumber: '年报测发〔2022〕901号',
      articles: '第三条',
    });
  });
  after(() => t.close());

  it('counts 表二 by issue date for the lead org, 废止 apart from 失效, in force on 31 Dec; 表四 by the result as of 31 Dec', async () => {
    const now = await tables(fgw, 2022);
    const nd = (x: typeof now) => x.table2.normativeDocuments;
    // issued: 2022-03-01 and 2022-12-20 (written in 2022; the joint one is 区财政局's, the one published in 2022 was written in 2021).
    assert.equal(nd(now).issued - nd(base2022).issued, 2, 'issued');
    // repealed: the repeal effective 2022-06-01; the one whose validity ran out is 失效, not 废止.
    assert.equal(nd(now).repealed - nd(base2022).repealed, 1, 'repealed');
    // in force on 2022-12-31: issued, validity ending that day, published-in-2022, amended; not the one effective 2023-01-01.
    assert.equal(nd(now).inForce - nd(base2022).inForce, 4, 'in force');
    const czjNow = await tables(czj, 2022);
    assert.equal(nd(czjNow).issued - nd(baseCzj).issued, 1, 'the joint document counts for its lead org');
    assert.equal(nd(czjNow).inForce - nd(baseCzj).inForce, 1, 'and is in force there');
    const d4 = (x: typeof now, g: string, c: string) => x.table4[g][c] - base2022.table4[g][c];
    assert.equal(d4(now, 'litigation_direct', 'upheld'), 1);
    assert.equal(d4(now, 'reconsideration', 'pending'), 1);
    assert.equal(d4(now, 'litigation_after_reconsideration', 'other'), 1);
  });

  it('lists the documents behind each normative cell of 表二', async () => {
    const s = await loginAs(t.app, 'gkb');
    const cell = async (c: string) => {
      const res = await s.get(`/admin/reports/annual/documents?org=${fgw}&year=2022&scope=own&cell=${c}`);
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      return res.body;
    };
    const issued = await cell('issued');
    for (const k of ['issued', 'nextYearInForce']) assert.ok(issued.includes(docs[k].docNumber), k);
    for (const k of ['joint', 'publishedIn2022', 'repealed'])
      assert.ok(!issued.includes(docs[k].docNumber), k);
    const repealed = await cell('repealed');
    assert.ok(
      repealed.includes(docs.repealed.docNumber) && repealed.includes('2022-06-01'),
      'the repeal and its date',
    );
    assert.ok(!repealed.includes(docs.expired.docNumber), 'expiry is not 废止');
    const inForce = await cell('inForce');
    for (const k of ['issued', 'endsOn31Dec', 'publishedIn2022', 'amended'])
      assert.ok(inForce.includes(docs[k].docNumber), k);
    for (const k of ['nextYearInForce', 'expired', 'repealed', 'joint'])
      assert.ok(!inForce.includes(docs[k].docNumber), k);
    const page = await s.get(`/admin/reports/annual?org=${fgw}&year=2022&scope=own`);
    assert.match(
      page.body,
      /href="\/admin\/reports\/annual\/documents\?org=\d+&amp;year=2022&amp;scope=own&amp;cell=issued"/,
      'the cell links to its documents',
    );
    assert.equal(
      (await s.get(`/admin/reports/annual/documents?org=${fgw}&year=2022&scope=own&cell=bogus`)).statusCode,
      400,
    );
  });

  it('publishes the 2022 report with its figures', async () => {
    const p = await ok(
      'editor',
      'POST',
      `/api/v1/reports/annual/submit?org=${fgw}&year=2022&acknowledgeEmpty=true`,
    );
    itemId = p.itemId;
    assert.equal((await tables(fgw, 2022)).published, null, 'submitted is not published');
    await ok('reviewer', 'POST', `/api/v1/content/items/${itemId}/review`);
    await ok('secrecy', 'POST', `/api/v1/content/items/${itemId}/confidentiality-review`);
    assert.equal(
      (await ok('reviewer', 'POST', `/api/v1/content/items/${itemId}/publish`, {})).status,
      'published',
    );
    const published = (await tables(fgw, 2022)).published;
    assert.equal(published.itemId, itemId);
    assert.deepEqual(published.changes, []);
  });

  it('keeps the 2022 tables unchanged when later results, repeals and documents are entered', async () => {
    const before2022 = await tables(fgw, 2022);
    const beforeCzj = await tables(czj, 2022);
    t.clock.set('2024-03-01T02:00:00Z');
    // A retrial in June 2023 changes 维持 → 纠正, entered the old way (PUT): it is added, not overwritten.
    const retrial = await ok('gkb', 'PUT', `/api/v1/foi/reviews/${reviews.lawsuit}`, {
      kind: 'litigation_direct',
      filedOn: '2022-03-01',
      result: 'corrected',
      resultOn: '2023-06-15',
    });
    assert.deepEqual(
      retrial.results.map((r: { result: string; resultOn: string }) => [r.result, r.resultOn]),
      [
        ['upheld', '2022-10-10'],
        ['corrected', '2023-06-15'],
      ],
    );
    assert.equal(retrial.result, 'corrected', 'the latest result');
    // The pending reconsideration ends in 2023; the new route adds the result.
    const res = await call('gkb', 'POST', `/api/v1/foi/reviews/${reviews.pending}/results`, {
      result: 'upheld',
      resultOn: '2023-02-01',
    });
    assert.equal(res.statusCode, 201, res.body);
    // Repeals next year, a document issued next year, a joint one next year, a new application.
    await changeStatus(t.ctx, sys, docs.issued.id, {
      kind: 'repealed',
      effectiveOn: '2023-03-01',
      byDocNumber: '年报测发〔2023〕900号',
    });
    await changeStatus(t.ctx, sys, docs.publishedIn2022.id, {
      kind: 'repealed',
      effectiveOn: '2024-01-01',
      byDocNumber: '年报测发〔2023〕901号',
    });
    const next = await doc({ writtenOn: '2023-02-01', effectiveOn: '2023-02-01' });
    await doc({ writtenOn: '2023-04-01', effectiveOn: '2023-04-01', orgIds: [czj, fgw] });
    await ok('gkb', 'POST', '/api/v1/foi/applications', {
      channel: 'in_person',
      receivedOn: '2023-03-01',
      orgId: fgw,
      applicantType: 'natural',
      applicantName: '李某',
      idNumber: '11010519491231002X',
      phone: '13912345678',
      description: '申请公开另一项目的批复文件',
    });

    const after2022 = await tables(fgw, 2022);
    assert.deepEqual(after2022.table2, before2022.table2, '表二 of 2022');
    assert.deepEqual(after2022.table3, before2022.table3, '表三 of 2022');
    assert.deepEqual(
      after2022.table4,
      before2022.table4,
      '表四 of 2022: 维持 as of 31 Dec 2022, the reconsideration still 尚未审结',
    );
    assert.deepEqual(after2022.published.changes, [], 'nothing to correct');
    assert.deepEqual((await tables(czj, 2022)).table2, beforeCzj.table2);
    // The later year sees the later events.
    const y2023 = await ok('gkb', 'GET', `/api/v1/reports/annual?org=${fgw}&year=2023`);
    const s = await loginAs(t.app, 'gkb');
    const issued2023 = (
      await s.get(`/admin/reports/annual/documents?org=${fgw}&year=2023&scope=own&cell=issued`)
    ).body;
    assert.ok(issued2023.includes(next.docNumber), 'issued in 2023');
    const repealed2023 = (
      await s.get(`/admin/reports/annual/documents?org=${fgw}&year=2023&scope=own&cell=repealed`)
    ).body;
    assert.ok(
      repealed2023.includes(docs.issued.docNumber) && !repealed2023.includes(docs.publishedIn2022.docNumber),
      'repealed in 2023, not the one repealed from 2024',
    );
    const inForce2023 = (
      await s.get(`/admin/reports/annual/documents?org=${fgw}&year=2023&scope=own&cell=inForce`)
    ).body;
    for (const k of ['nextYearInForce', 'publishedIn2022'])
      assert.ok(inForce2023.includes(docs[k].docNumber), k);
    for (const k of ['issued', 'endsOn31Dec']) assert.ok(!inForce2023.includes(docs[k].docNumber), k);
    assert.ok(y2023.table2.normativeDocuments.issued >= 1, 'y2023 issued');
  });

  it('shows a corrected 2022 entry against the published figures, old → new, and keeps the published ones', async () => {
    const r = (await ok('gkb', 'GET', `/api/v1/foi/applications/${app}/reviews`)).find(
      (x: { id: number }) => x.id === reviews.after,
    );
    const row = r.results[0];
    const bad = await call('gkb', 'PUT', `/api/v1/foi/reviews/${reviews.after}/results/${row.id}`, {
      result: 'upheld',
      resultOn: '2022-04-01',
    });
    assert.equal(bad.statusCode, 400, 'a result before the filing date');
    assert.match(bad.json().error.fields.resultOn, /立案日期/);
    const fixed = await ok('gkb', 'PUT', `/api/v1/foi/reviews/${reviews.after}/results/${row.id}`, {
      result: 'upheld',
      resultOn: '2022-06-01',
      note: '原录入有误',
    });
    assert.equal(fixed.results.length, 1, 'a correction edits the row, it adds none');
    assert.ok(fixed.results[0].correctedAt, 'and marks it corrected');
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('action', '=', 'foi.review.result.correct')
      .execute();
    assert.equal(audit.length, 1, 'audited');

    const now = await tables(fgw, 2022);
    const changes = now.published.changes as { key: string; published: number; now: number }[];
    const byKey = Object.fromEntries(changes.map((c) => [c.key, [c.published, c.now]]));
    const other = base2022.table4.litigation_after_reconsideration.other + 1;
    const upheld = base2022.table4.litigation_after_reconsideration.upheld;
    assert.deepEqual(byKey['table4.litigation_after_reconsideration.other'], [other, other - 1]);
    assert.deepEqual(byKey['table4.litigation_after_reconsideration.upheld'], [upheld, upheld + 1]);
    assert.equal(changes.length, 2, JSON.stringify(changes));
    const page = await (
      await loginAs(t.app, 'gkb')
    ).get(`/admin/reports/annual?org=${fgw}&year=2022&scope=own`);
    assert.match(page.body, /已发布的报告（2023-01-10 提交）有 2 个数字与按现在的数据计算的不同/);
    assert.match(
      page.body,
      /表四 行政诉讼：复议后起诉 · 其他结果<\/th><td role="cell" class="num" data-label="已发布">\d+<\/td><td role="cell" class="num" data-label="按现在的数据">\d+<\/td>/,
    );
    // The published item itself is what was published.
    const item = await ok('gkb', 'GET', `/api/v1/content/items/${itemId}`);
    assert.equal(item.status, 'published');
  });
});
