import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { bearer, buildTestApp, loginAs, runCliOn, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../context.ts';
import { OUTCOME_CODES } from '../foi/outcomes.ts';
import { importPastReport } from './service.ts';
import { addDepartments, edited2021, workbook2019, yoyCells } from './test-fixtures.ts';

describe('importing past reports (2019 and 2021 formats) for 同比 (both engines)', () => {
  let t: TestApp;
  let gkb: Record<string, string>;
  let orgA: number;
  let orgB: number;
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-report-import-'));
  const report = async (org: number, year: number) =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/annual?org=${org}&year=${year}`,
        headers: gkb,
      })
    ).json();
  const imports = () =>
    t.ctx.db
      .selectFrom('annual_report_imports')
      .select(['org_id', 'year', 'format', 'figures_json', 'imported_at'])
      .orderBy('id')
      .execute();
  const audits = async () =>
    (await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'report.import').execute())
      .length;
  /** `gongkai report import …` in this process, on the test database, with the test apps' keys. */
  const cli = async (args: string[]) => {
    const r = await runCliOn(t.db, args);
    return { code: r.code, out: r.text };
  };

  before(async () => {
    t = await buildTestApp({ start: '2023-03-01T02:00:00Z' });
    gkb = await bearer(t, 'gkb');
    [orgA, orgB] = await addDepartments(t, [
      ['红谷滩区导入测试甲局', '导入甲局', 'IMPTESTA'],
      ['红谷滩区导入测试乙局', '导入乙局', 'IMPTESTB'],
    ]);
    // 甲局: one case in 2021; two in 2022 (部分公开, 其他处理 3.其他). 乙局: one in 2022 (予以公开).
    for (const [org, on, closed, outcome] of [
      [orgA, '2021-11-02', '2021-11-20', 'disclosed'],
      [orgA, '2022-02-01', '2022-02-20', 'partial'],
      [orgA, '2022-03-01', '2022-03-09', 'other.other'],
      [orgB, '2022-05-01', '2022-05-10', 'disclosed'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/foi/applications',
        headers: gkb,
        payload: {
          channel: 'in_person',
          receivedOn: on,
          orgId: org,
          applicantType: 'natural',
          applicantName: '赵某',
          idNumber: '11010519491231002X',
          phone: '13912345678',
          description: '申请公开某文件',
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      // A failing assert.ok without a message makes node:assert parse this file to quote the
      // expression, from tsx's one-line positions: minutes of CPU before the failure shows.
      const close = await t.app.inject({
        method: 'POST',
        url: `/api/v1/foi/applications/${res.json().application.id}/events`,
        headers: gkb,
        payload: { type: 'closed', on: closed, outcome },
      });
      assert.equal(close.statusCode, 201, close.body);
    }
  });
  after(() => t.close());

  it('without an import, compares with the previous year computed from the records', async () => {
    const r = await report(orgA, 2022);
    assert.equal(r.previousYear.source, 'computed');
    assert.equal(r.previousYear.table3.received.total, 1);
    const received = r.yearOnYear.find((x: { key: string }) => x.key === 'received');
    assert.deepEqual([received.previous, received.current], [1, 2]);
    assert.equal((await report(orgB, 2022)).previousYear, null, 'nothing in 2021 for 乙局: no comparison');
  });

  it('imports a 2021-format XLSX (our export, cells edited by hand) through the CLI and shows it beside the next year', async () => {
    const xlsx = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/annual?org=${orgA}&year=2022&format=xlsx`,
      headers: gkb,
    });
    assert.equal(xlsx.statusCode, 200);
    const file = join(dir, 'jia-2022.xlsx');
    writeFileSync(file, await edited2021(xlsx.rawPayload));
    const res = await cli(['report', 'import', '--org', '导入乙局', '--year', '2021', file]);
    assert.equal(res.code, 0, res.out);
    assert.match(
      res.out,
      /已导入红谷滩区导入测试乙局2021年度报告的数字（2021 年版.*）：本年新收申请 2 件，办结 2 件/,
    );
    const exported = await report(orgA, 2022);
    const r = await report(orgB, 2022);
    assert.equal(r.previousYear.source, 'imported');
    assert.equal(r.previousYear.format, '2021');
    assert.deepEqual(r.previousYear.table3, exported.table3, 'every cell of 表三 read back');
    assert.deepEqual(r.previousYear.table3.received, {
      natural: 2,
      commercial: 0,
      research: 0,
      publicInterest: 0,
      legalServices: 0,
      otherOrg: 0,
      total: 2,
    });
    assert.equal(r.previousYear.table3.partial.total, 1);
    assert.equal(r.previousYear.table3['other.other'].total, 1);
    assert.deepEqual(r.previousYear.table4, exported.table4);
    assert.equal(r.previousYear.otherTotal.total, 1);
    assert.deepEqual(
      r.previousYear.table2.normativeDocuments,
      { issued: 3, repealed: null, inForce: 12 },
      '“—” is no figure',
    );
    assert.equal(r.previousYear.table2.licensing, 345);
    assert.equal(r.previousYear.table2.feesWanYuan, 1.5);
    const yoy = Object.fromEntries(
      r.yearOnYear.map((x: { key: string; previous: number | null; current: number | null }) => [
        x.key,
        [x.previous, x.current],
      ]),
    );
    assert.deepEqual(yoy.received, [2, 1]);
    assert.deepEqual(yoy.disclosed, [0, 1]);
    assert.deepEqual(yoy.partial, [1, 0]);
    assert.deepEqual(yoy.other, [1, 0]);
    assert.deepEqual(yoy.normativeIssued, [3, 0]);
    assert.deepEqual(yoy.licensing, [345, null], '乙局 has not filled in 2022’s 表二');
    const page = await (
      await loginAs(t.app, 'gkb')
    ).get(`/admin/reports/annual?org=${orgB}&year=2022&scope=own`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /与上年比较（2021年数据来源：导入的2021年度报告（2021 年版/);
    assert.deepEqual(yoyCells(page.body, '本年新收申请'), ['2', '1', '-1']);
    assert.deepEqual(yoyCells(page.body, '行政许可 本年处理决定数量'), ['345', '—', '—']);
  });

  it('imports a 2019-format XLSX (the documented layout, built cell by cell) and maps only like-for-like figures', async () => {
    const file = join(dir, 'jia-2019.xlsx');
    writeFileSync(file, await workbook2019());
    const res = await cli(['report', 'import', '--org', String(orgA), '--year', '2021', file]);
    assert.equal(res.code, 0, res.out);
    assert.match(res.out, /2019 年版/);
    const r = await report(orgA, 2022);
    assert.equal(r.previousYear.source, 'imported', 'an import wins over the computed year');
    assert.equal(r.previousYear.format, '2019');
    assert.deepEqual(r.previousYear.table3.received, {
      natural: 10,
      commercial: 2,
      research: 0,
      publicInterest: 0,
      legalServices: 0,
      otherOrg: 0,
      total: 12,
    });
    assert.equal(r.previousYear.table3.partial.total, 2);
    for (const code of OUTCOME_CODES.filter((c) => c.startsWith('other.')))
      assert.equal(r.previousYear.table3[code].total, null, `${code}: the 2019 format had no sub-rows`);
    assert.equal(r.previousYear.otherTotal.total, 1);
    assert.deepEqual(r.previousYear.table2.normativeDocuments, { issued: 5, repealed: null, inForce: null });
    assert.equal(r.previousYear.table2.licensing, 1200);
    assert.equal(r.previousYear.table2.penalties, 80);
    assert.equal(r.previousYear.table2.feesWanYuan, null);
    assert.equal(r.previousYear.extra['规范性文件/对外公开总数量'], 40);
    assert.equal(r.previousYear.extra['行政处罚/本年增/减'], -1);
    assert.equal(r.previousYear.extra['政府集中采购/采购总金额'], 120.5);
    assert.deepEqual(r.previousYear.table4.reconsideration, {
      upheld: 1,
      corrected: 0,
      other: 0,
      pending: 1,
      total: 2,
    });
    const yoy = Object.fromEntries(
      r.yearOnYear.map((x: { key: string; previous: number | null; current: number | null }) => [
        x.key,
        [x.previous, x.current],
      ]),
    );
    assert.deepEqual(yoy.received, [12, 2]);
    assert.deepEqual(yoy.partial, [2, 1]);
    assert.deepEqual(yoy.other, [1, 1]);
    assert.deepEqual(yoy.normativeIssued, [5, 0]);
    assert.deepEqual(yoy.feesWanYuan, [null, null]);
    const page = await (
      await loginAs(t.app, 'gkb')
    ).get(`/admin/reports/annual?org=${orgA}&year=2022&scope=own`);
    assert.match(page.body, /2021年数据来源：导入的2021年度报告（2019 年版/);
    assert.deepEqual(yoyCells(page.body, '本年新收申请'), ['12', '2', '-10']);
    assert.deepEqual(yoyCells(page.body, '行政复议 总计'), ['2', '0', '-2']);
  });

  it('rejects wrong and malformed files with the place of every error, and writes nothing', async () => {
    const [rows, audited] = [await imports(), await audits()];
    const bad = join(dir, 'bad-2019.xlsx');
    writeFileSync(bad, await workbook2019({ badCell: true, dropRow: true }));
    let res = await cli(['report', 'import', '--org', String(orgA), '--year', '2021', bad]);
    assert.equal(res.code, 2, res.out);
    assert.match(res.out, /导入失败：共 2 处错误，未导入任何数据/);
    assert.match(res.out, /工作表“三、依申请公开”第 6 行第 E 列：应为不小于 0 的整数，实际为“abc”/);
    assert.match(res.out, /工作表“三、依申请公开”缺少“三、本年度办理结果 ?（五）不予处理 ?2\.重复申请”行/);
    // A 2019 file read as 2021: the （六） sub-rows and 表二's 2021 rows are missing.
    const good = join(dir, 'jia-2019.xlsx');
    res = await cli(['report', 'import', '--org', String(orgA), '--year', '2021', '--format', '2021', good]);
    assert.equal(res.code, 2, res.out);
    assert.match(res.out, /缺少“三、本年度办理结果 ?（六）其他处理 ?1\./);
    assert.match(res.out, /工作表“二、主动公开”缺少“行政规范性文件”行/);
    // A workbook that is neither format, a file that is not a workbook, a missing file, a bad option.
    const other = new ExcelJS.Workbook();
    other.addWorksheet('二、主动公开').getCell('A1').value = '随便什么';
    const unknown = join(dir, 'unknown.xlsx');
    writeFileSync(unknown, Buffer.from(await other.xlsx.writeBuffer()));
    res = await cli(['report', 'import', '--org', String(orgA), '--year', '2021', unknown]);
    assert.equal(res.code, 2, res.out);
    assert.match(res.out, /无法识别格式/);
    const broken = join(dir, 'broken.xlsx');
    writeFileSync(broken, 'not a zip');
    res = await cli(['report', 'import', '--org', String(orgA), '--year', '2021', broken]);
    assert.match(res.out, /无法读取该 Excel 文件/);
    res = await cli([
      'report',
      'import',
      '--org',
      String(orgA),
      '--year',
      '2021',
      join(dir, 'no-such-file.xlsx'),
    ]);
    assert.equal(res.code, 2, res.out);
    assert.match(res.out, /错误：无法读取文件：.*no-such-file\.xlsx/);
    res = await cli(['report', 'import', '--org', String(orgA), '--year', '2021', '--format', '2018', good]);
    assert.match(res.out, /不支持的格式：2018（应为 2019 或 2021）/);
    res = await cli(['report', 'import', '--org', String(orgA), '--year', '二〇二一', good]);
    assert.match(res.out, /年份无效/);
    res = await cli(['report', 'import', '--org', '没有这个局', '--year', '2021', good]);
    assert.match(res.out, /找不到机关：没有这个局/);
    await assert.rejects(
      importPastReport(
        t.ctx,
        systemActor('test'),
        { orgId: orgA, year: 2020 },
        { name: 'x.csv', data: Buffer.from('a,b') },
      ),
      /只能导入 \.xlsx、\.json、已发布报告的 \.docx 或网页（\.html）文件/,
    );
    await assert.rejects(
      importPastReport(
        t.ctx,
        systemActor('test'),
        { orgId: orgA, year: 2020 },
        { name: 'x.json', data: Buffer.from('{"table3":') },
      ),
      /JSON 格式错误/,
    );
    await assert.rejects(
      importPastReport(
        t.ctx,
        systemActor('test'),
        { orgId: orgA, year: 2020 },
        { name: 'x.json', data: Buffer.from('{}') },
        'toString' as never,
      ),
      /不支持的格式：toString/,
      'an inherited property is no format',
    );
    assert.deepEqual(await imports(), rows, 'nothing imported');
    assert.equal(await audits(), audited, 'nothing audited');
    assert.equal((await report(orgA, 2022)).previousYear.format, '2019', 'the earlier import still stands');
  });

  it('imports JSON over HTTP (the API shape, or 2019 with one （六） row), names bad values by path; per role', async () => {
    const json = await report(orgA, 2022);
    const post = (year: number, payload: unknown, headers = gkb, query = '') =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/reports/annual/import?org=${orgB}&year=${year}${query}`,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
    let audited = await audits();
    const ok = await post(2019, json);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { format: '2021', received: 2 });
    assert.equal(await audits(), ++audited);
    assert.equal((await report(orgB, 2020)).previousYear.source, 'imported');
    // 2019 format: （六） as one row; recognised by `other`, or named by ?format=2019.
    const t3_2019 = Object.fromEntries(Object.entries(json.table3).filter(([k]) => !k.startsWith('other.')));
    const v2019 = {
      table3: {
        ...t3_2019,
        other: {
          natural: 1,
          commercial: 0,
          research: 0,
          publicInterest: 0,
          legalServices: 0,
          otherOrg: 0,
          total: 1,
        },
      },
      table4: json.table4,
    };
    const ok2019 = await post(2018, v2019);
    assert.deepEqual(ok2019.json(), { format: '2019', received: 2 });
    const r2019 = (await report(orgB, 2019)).previousYear;
    assert.equal(r2019.format, '2019');
    assert.equal(r2019.otherTotal.total, 1);
    assert.equal(r2019.table3['other.no_correction'].total, null);
    assert.equal(await audits(), ++audited);
    // And through the CLI.
    const file = join(dir, 'yi-2017.json');
    writeFileSync(file, JSON.stringify(v2019));
    const res = await cli(['report', 'import', '--org', String(orgB), '--year', '2017', file]);
    assert.equal(res.code, 0, res.out);
    assert.match(res.out, /2019 年版/);
    assert.equal(await audits(), ++audited);
    // Bad values, bad JSON, a 2021 body forced as 2019: 400 with the place; nothing written.
    const rows = await imports();
    const bad = await post(2016, {
      ...json,
      table3: {
        ...json.table3,
        partial: { ...json.table3.partial, natural: -1 },
        received: { ...json.table3.received, total: '2' },
      },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /导入失败：共 2 处错误，未导入任何数据/);
    assert.equal(bad.json().error.fields['table3.partial.natural'], '应为不小于 0 的整数，实际为 -1');
    assert.equal(bad.json().error.fields['table3.received.total'], '应为不小于 0 的整数，实际为 "2"');
    const forced = await post(2016, json, gkb, '&format=2019');
    assert.equal(forced.statusCode, 400);
    assert.equal(forced.json().error.fields['table3.other.total'], '缺少数字');
    for (const body of ['{"table3": ', '[1, 2]', '"text"']) {
      const r = await post(2016, body);
      assert.equal(r.statusCode, 400, `${body}: ${r.body}`);
      assert.match(
        r.json().error.message,
        /[\u4e00-\u9fff]/,
        `${body}: a Chinese message, got ${r.json().error.message}`,
      );
    }
    const wrongYear = await post(1999, json);
    assert.equal(wrongYear.statusCode, 400);
    assert.ok(wrongYear.json().error.fields.year, wrongYear.body);
    assert.deepEqual(await imports(), rows);
    assert.equal(await audits(), audited);
    // Roles: report.edit for the unit's own org, or district-wide (公开办); leaders and the public cannot.
    const editor = await bearer(t, 'editor');
    const leader = await bearer(t, 'leader');
    for (const h of [editor, leader]) assert.equal((await post(2016, json, h)).statusCode, 403);
    const anon = await post(2016, json, {});
    assert.equal(anon.statusCode, 403, 'the public: refused (no session, no CSRF token)');
    const editorOrg = await t.ctx.db
      .selectFrom('users')
      .select('org_id')
      .where('username', '=', 'editor')
      .executeTakeFirstOrThrow();
    const own = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/annual/import?org=${editorOrg.org_id}&year=2021`,
      headers: editor,
      payload: json,
    });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(await audits(), audited + 1);
  });
});
