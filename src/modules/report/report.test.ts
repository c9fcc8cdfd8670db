import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { bearer, buildTestApp, loginAs, runCliOn, type TestApp } from '../../../test/helpers.ts';

describe('annual report from the case records (HTTP, both engines)', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let gkb: Record<string, string>;
  let orgId: number;

  const register = async (receivedOn: string, applicantType: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/foi/applications',
      headers: gkb,
      payload: {
        channel: 'in_person',
        receivedOn,
        orgId,
        applicantType,
        applicantName: applicantType === 'natural' ? '王某' : '某某公司',
        idNumber: applicantType === 'natural' ? '11010519491231002X' : '91350100M000100Y43',
        ...(applicantType === 'natural' ? {} : { legalRepresentative: '李某' }),
        phone: '13912345678',
        description: '申请公开某项目的批复文件',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id ?? res.json().application?.id;
  };
  const event = async (id: number, payload: object) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/applications/${id}/events`,
      headers: gkb,
      payload,
    });
    assert.ok(res.statusCode < 300, res.body);
  };

  before(async () => {
    t = await buildTestApp({ start: '2023-03-01T02:00:00Z' });
    admin = await bearer(t, 'admin');
    gkb = await bearer(t, 'gkb');
    const district = await t.ctx.db
      .selectFrom('orgs')
      .select('id')
      .where('short_name', '=', '红谷滩区')
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: admin,
      payload: {
        name: '红谷滩区报告测试局',
        shortName: '区报告测试局',
        code: 'RPTTEST1',
        kind: 'department',
        parentId: district.id,
      },
    });
    orgId = res.json().id;
    // Carried over from 2021, closed in 2022 as disclosed.
    const a = await register('2021-12-20', 'natural');
    await event(a, { type: 'closed', on: '2022-01-10', outcome: 'disclosed' });
    // 2022: partial (commercial), withheld third party (research), one still open at year end.
    const b = await register('2022-03-01', 'commercial');
    await event(b, { type: 'closed', on: '2022-03-20', outcome: 'partial' });
    const c = await register('2022-05-05', 'research');
    await event(c, { type: 'closed', on: '2022-05-25', outcome: 'withheld.third_party' });
    await register('2022-12-28', 'natural');
    const rv = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/applications/${b}/reviews`,
      headers: gkb,
      payload: { kind: 'reconsideration', filedOn: '2022-06-01', result: 'pending' },
    });
    assert.ok(rv.statusCode < 300, rv.body);
  });
  after(() => t.close());

  it('computes table 三 and 四 and balances', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/annual?org=${orgId}&year=2022`,
      headers: gkb,
    });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.equal(r.table3.received.total, 3);
    assert.equal(r.table3.carriedOver.natural, 1);
    assert.equal(r.table3.disclosed.natural, 1);
    assert.equal(r.table3.partial.commercial, 1);
    assert.equal(r.table3['withheld.third_party'].research, 1);
    assert.equal(r.table3.closedTotal.total, 3);
    assert.equal(r.table3.carriedForward.total, 1);
    assert.equal(r.table4.reconsideration.pending, 1);
    assert.deepEqual(r.problems, []);
    assert.match(r.narrative.overview, /新收政府信息公开申请 3 件/);
  });

  it('rolls the district up across its departments and townships', async () => {
    const district = await t.ctx.db
      .selectFrom('orgs')
      .select('id')
      .where('short_name', '=', '红谷滩区')
      .executeTakeFirstOrThrow();
    const own = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/annual?org=${district.id}&year=2022`,
        headers: gkb,
      })
    ).json();
    const all = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/annual?org=${district.id}&year=2022&scope=rollup`,
        headers: gkb,
      })
    ).json();
    assert.ok(
      all.table3.received.total >= own.table3.received.total + 3,
      'all.table3.received.total >= own.table3.received.total + 3',
    );
    for (const col of [
      'natural',
      'commercial',
      'research',
      'publicInterest',
      'legalServices',
      'otherOrg',
      'total',
    ]) {
      assert.equal(
        all.table3.received[col] + all.table3.carriedOver[col],
        all.table3.closedTotal[col] + all.table3.carriedForward[col],
        col,
      );
    }
  });

  it('serves DOCX and XLSX that open back with the figures', async () => {
    const docx = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/annual?org=${orgId}&year=2022&format=docx`,
      headers: gkb,
    });
    assert.equal(docx.statusCode, 200);
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    assert.match(value, /红谷滩区报告测试局2022年政府信息公开工作年度报告/);
    const xlsx = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/annual?org=${orgId}&year=2022&format=xlsx`,
      headers: gkb,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.ok(wb.getWorksheet('三、依申请公开'), "wb.getWorksheet('三、依申请公开')");
  });

  it('drills down from a cell to its cases and saves the narrative and entered figures', async () => {
    const s = await loginAs(t.app, 'gkb');
    const page = await s.get(
      `/admin/reports/annual/cases?org=${orgId}&year=2022&scope=own&row=partial&col=commercial`,
    );
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /（1 件）/);
    const saved = await s.post(`/admin/reports/annual?org=${orgId}&year=2022&scope=own`, {
      overview: '本机关年度概况。',
      problems: '问题一。',
      other: '无。',
      licensing: '12',
      penalties: '3',
      enforcement: '0',
      feesYuan: '1234.5',
    });
    assert.equal(saved.statusCode, 303);
    const r = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/annual?org=${orgId}&year=2022`,
        headers: gkb,
      })
    ).json();
    assert.equal(r.narrative.overview, '本机关年度概况。');
    assert.equal(r.table2.licensing, 12);
    assert.equal(r.table2.feesWanYuan, 0.12345);
    const bad = await s.post(`/admin/reports/annual?org=${orgId}&year=2022&scope=own`, { feesYuan: '12,34' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /收费金额格式不正确/);
  });

  it('shows the editing and submitting forms only to those whose post would be taken', async () => {
    const url = `/admin/reports/annual?org=${orgId}&year=2022&scope=own`;
    const gkb = await loginAs(t.app, 'gkb');
    const editable = await gkb.get(url);
    assert.equal(editable.statusCode, 200, editable.body.slice(0, 300));
    assert.match(
      editable.body,
      /<a href="\/admin\/reports\/annual\?[^"]*&amp;tab=edit">编辑文字和数字<\/a>/,
      'the openness office has the editing tab',
    );
    assert.match(
      (await gkb.get(`${url}&tab=edit`)).body,
      /<h2 id="edit">编辑报告文字和填报数字<\/h2>/,
      'the openness office edits',
    );
    assert.match(
      editable.body,
      /<form method="post" action="\/admin\/reports\/annual\/submit\?/,
      'and submits',
    );
    // 区领导 reads every unit's report and may change none.
    const leader = await loginAs(t.app, 'leader');
    const page = await leader.get(url);
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    assert.doesNotMatch(
      page.body,
      /id="edit"|annual\/submit|name="overview"/,
      'report.read only: no form that would be refused',
    );
    assert.match(page.body, /你可以查看本报告和明细/, 'and the page says why');
    assert.equal(
      (await leader.post(url, { overview: '改写' })).statusCode,
      403,
      'the post is refused all the same',
    );
  });

  it('lets a department see its own report only; the public none', async () => {
    const editor = await bearer(t, 'editor');
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/annual?org=${orgId}&year=2022`,
      headers: editor,
    });
    assert.equal(other.statusCode, 403);
    const fgw = await t.ctx.db
      .selectFrom('orgs')
      .select('id')
      .where('short_name', '=', '区发改委')
      .executeTakeFirstOrThrow();
    assert.equal(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/reports/annual?org=${fgw.id}&year=2022`,
          headers: editor,
        })
      ).statusCode,
      200,
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/api/v1/reports/annual?org=${fgw.id}&year=2022` }))
        .statusCode,
      401,
    );
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/annual?org=${fgw.id}&year=1900`,
      headers: gkb,
    });
    assert.equal(bad.statusCode, 400);
  });

  it('prints the report from the CLI', async () => {
    const r = await runCliOn(t.db, [
      'report',
      'annual',
      '--org',
      '区报告测试局',
      '--year',
      '2022',
      '--format',
      'json',
    ]);
    assert.equal(r.code, 0, r.text);
    assert.equal(JSON.parse(r.stdout).table3.received.total, 3);
  });
});
