import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, loginAs, type Session, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../context.ts';
import { annualReportHtml } from './views/html.tsx';
import { describePastErrors } from './past.ts';
import { buildAnnualReport } from './service.ts';
import { addDepartments, edited2021, workbook2019, yoyCells } from './test-fixtures.ts';

/** A multipart body as a browser sends the import form: the fields in page order, then the file. */
function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }) {
  const boundary = '----gongkaiReportImport';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('importing a past report from the back-office form (multipart, both engines)', () => {
  let t: TestApp;
  let gkb: Record<string, string>;
  let orgA: number;
  let orgB: number;
  let sessions: Record<string, Session>;
  const imports = () =>
    t.ctx.db
      .selectFrom('annual_report_imports')
      .select(['org_id', 'year', 'format', 'figures_json', 'imported_at'])
      .orderBy('id')
      .execute();
  const audits = async () =>
    (await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'report.import').execute())
      .length;
  const pageUrl = (org: number, year: number) =>
    `/admin/reports/annual?org=${org}&year=${year}&scope=own&tab=import`;
  /** Posts the import form as `who`, from the page of orgB's 2022 report, with the page's CSRF token unless `csrf: false`. */
  const postForm = async (
    who: string,
    fields: Record<string, string>,
    file?: { name: string; data: Buffer; type?: string },
    opts: { csrf?: boolean } = {},
  ) => {
    const s = sessions[who];
    const token = opts.csrf === false ? null : await s.csrf(pageUrl(orgB, 2022));
    const body = multipart(fields, file);
    const url = `/admin/reports/annual/import?org=${orgB}&year=2022&scope=own${token ? `&_csrf=${encodeURIComponent(token)}` : ''}`;
    return t.app.inject({
      method: 'POST',
      url,
      cookies: s.cookies,
      remoteAddress: s.remoteAddress,
      headers: body.headers,
      payload: body.payload,
    });
  };
  const form = (year: number, format = '', org = orgB) => ({
    importOrg: String(org),
    importYear: String(year),
    importFormat: format,
  });

  before(async () => {
    t = await buildTestApp({ start: '2023-03-01T02:00:00Z' });
    gkb = await bearer(t, 'gkb');
    [orgA, orgB] = await addDepartments(t, [
      ['红谷滩区表单导入甲局', '表单甲局', 'FORMIMPA'],
      ['红谷滩区表单导入乙局', '表单乙局', 'FORMIMPB'],
    ]);
    // 甲局 in 2021: two cases (予以公开, 部分公开) — its export is the 2021-format file imported for 乙局, which has no cases.
    for (const [on, closed, outcome] of [
      ['2021-03-02', '2021-03-20', 'disclosed'],
      ['2021-06-01', '2021-06-15', 'partial'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/foi/applications',
        headers: gkb,
        payload: {
          channel: 'in_person',
          receivedOn: on,
          orgId: orgA,
          applicantType: 'natural',
          applicantName: '赵某',
          idNumber: '11010519491231002X',
          phone: '13912345678',
          description: '申请公开某文件',
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const close = await t.app.inject({
        method: 'POST',
        url: `/api/v1/foi/applications/${res.json().application.id}/events`,
        headers: gkb,
        payload: { type: 'closed', on: closed, outcome },
      });
      assert.equal(close.statusCode, 201, close.body);
    }
    sessions = Object.fromEntries(
      await Promise.all(
        ['gkb', 'leader', 'reviewer', 'editor'].map(async (u) => [u, await loginAs(t.app, u)] as const),
      ),
    );
  });
  after(() => t.close());

  it('shows the import form to report editors only, with the CSRF token in its action', async () => {
    const page = await sessions.gkb.get(pageUrl(orgB, 2022));
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    assert.match(page.body, /<h2 id="import">导入往年报告<\/h2>/);
    assert.match(
      page.body,
      /<form method="post" action="\/admin\/reports\/annual\/import\?org=\d+&amp;year=2022&amp;scope=own&amp;_csrf=[^"]+" enctype="multipart\/form-data" novalidate>/,
    );
    assert.match(
      page.body,
      /<input id="f-importYear" name="importYear" type="number" value="2021"/,
      'the year before the page’s, by default',
    );
    assert.match(page.body, /<option value(="")?( selected)?>自动识别<\/option>/);
    assert.match(page.body, /<option value="2019">2019 年版/);
    assert.match(
      page.body,
      /<input id="f-file" name="file" type="file" accept=".xlsx,.json,.docx,.html,.htm" required/,
    );
    assert.doesNotMatch(page.body, /id="yoy"|与上年比较（/, '乙局 has nothing for 2021 yet: no comparison');
    for (const who of ['leader', 'reviewer']) {
      const other = await sessions[who].get(who === 'leader' ? pageUrl(orgB, 2022) : '/admin/reports/annual');
      assert.equal(other.statusCode, 200, `${who}: ${other.body.slice(0, 300)}`);
      assert.doesNotMatch(other.body, /导入往年报告/, `${who} (no report.edit) sees no import form`);
    }
    // 部门信息员: the form, with the orgs of the unit's own scope only.
    const editor = await sessions.editor.get('/admin/reports/annual?tab=import');
    assert.match(editor.body, /导入往年报告/);
    const select = /<select id="f-importOrg"[^>]*>(.*?)<\/select>/s.exec(editor.body);
    assert.ok(select, 'an org select in the import form');
    assert.match(select[1], /区发展和改革委员会|区发改委/);
    assert.doesNotMatch(select[1], /表单导入乙局/, 'another unit’s org is not offered');
  });

  it('imports a 2021-format XLSX (our export, edited) and opens the next year’s report at its 同比', async () => {
    const exported = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/annual?org=${orgA}&year=2021&format=xlsx`,
      headers: gkb,
    });
    assert.equal(exported.statusCode, 200);
    const audited = await audits();
    const res = await postForm('gkb', form(2021), {
      name: '甲局2021年度报告.xlsx',
      data: await edited2021(exported.rawPayload),
      type: XLSX_TYPE,
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    assert.equal(res.headers.location, `/admin/reports/annual?org=${orgB}&year=2022&scope=own&imported=2021`);
    const rows = (await imports()).filter((r) => r.org_id === orgB && r.year === 2021);
    assert.equal(rows.length, 1, 'one import stored for 乙局 2021');
    assert.equal(rows[0].format, '2021');
    assert.equal(await audits(), audited + 1, 'audited');
    const page = await sessions.gkb.get(res.headers.location as string);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /已导入红谷滩区表单导入乙局2021年度报告的数字（2021 年版/);
    assert.match(page.body, /<div class="table-wrap" id="yoy"[^>]*>/);
    assert.match(page.body, /与上年比较（2021年数据来源：导入的2021年度报告（2021 年版/);
    assert.deepEqual(yoyCells(page.body, '本年新收申请'), ['2', '0', '-2']);
    assert.deepEqual(yoyCells(page.body, '办理结果（一）予以公开'), ['1', '0', '-1']);
    assert.deepEqual(yoyCells(page.body, '办理结果（二）部分公开'), ['1', '0', '-1']);
    assert.deepEqual(yoyCells(page.body, '行政规范性文件 本年制发件数'), ['3', '0', '-3']);
    assert.deepEqual(yoyCells(page.body, '行政许可 本年处理决定数量'), ['345', '—', '—']);
    const plain = await sessions.gkb.get(pageUrl(orgB, 2022));
    assert.doesNotMatch(plain.body, /已导入红谷滩区/, 'the notice only right after the import');
  });

  it('imports a 2019-format XLSX built cell by cell, with the format chosen', async () => {
    const res = await postForm('gkb', form(2020, '2019'), {
      name: '2020年报.xlsx',
      data: await workbook2019(),
      type: XLSX_TYPE,
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    assert.equal(res.headers.location, `/admin/reports/annual?org=${orgB}&year=2021&scope=own&imported=2020`);
    const page = await sessions.gkb.get(res.headers.location as string);
    assert.match(page.body, /已导入红谷滩区表单导入乙局2020年度报告的数字（2019 年版/);
    assert.match(page.body, /2020年数据来源：导入的2020年度报告（2019 年版/);
    assert.deepEqual(yoyCells(page.body, '本年新收申请'), ['12', '0', '-12']);
    assert.deepEqual(yoyCells(page.body, '办理结果（六）其他处理'), ['1', '0', '-1']);
    assert.deepEqual(yoyCells(page.body, '行政处罚 本年处理决定数量'), ['80', '—', '—']);
    assert.deepEqual(yoyCells(page.body, '行政复议 总计'), ['2', '0', '-2']);
    assert.deepEqual(
      yoyCells(page.body, '行政事业性收费 本年收费金额（万元）'),
      ['—', '—', '—'],
      'no amount in the 2019 format',
    );
  });

  it('refuses bad files with a Chinese 400 on the page, the form kept, and stores nothing', async () => {
    const [rows, audited] = [await imports(), await audits()];
    const refused = async (
      fields: Record<string, string>,
      file: { name: string; data: Buffer; type?: string } | undefined,
      status: number,
      ...messages: RegExp[]
    ) => {
      const res = await postForm('gkb', fields, file);
      const what = file ? `${file.name} (${file.data.length} bytes)` : 'no file';
      assert.equal(res.statusCode, status, `${what}: ${res.body.slice(0, 300)}`);
      assert.match(res.headers['content-type'] as string, /text\/html/, `${what}: a page`);
      assert.match(
        res.body,
        /<div class="error-summary" role="alert"[^>]*>\s*<h2>导入失败：/,
        `${what}: the refusal above the report`,
      );
      for (const m of messages) assert.match(res.body, m, `${what}: ${m}`);
      assert.match(res.body, /<h2 id="import">导入往年报告<\/h2>/, `${what}: the form shown again`);
      assert.match(
        res.body,
        /<input id="f-importYear" name="importYear" type="number" value="2019"/,
        `${what}: the year as entered`,
      );
      return res;
    };
    await refused(
      form(2019),
      { name: '年报.xlsx', data: Buffer.from('这不是 Excel 文件，只是几个字'), type: XLSX_TYPE },
      400,
      /文件内容与扩展名不符/,
    );
    await refused(
      form(2019),
      {
        name: '年报.xlsx',
        data: Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]),
        type: XLSX_TYPE,
      },
      400,
      /(文件内容与扩展名不符|压缩文件结构损坏|无法读取该 Excel 文件)/,
    );
    await refused(
      form(2019),
      { name: '年报.txt', data: Buffer.from('一、本年新收 12 件'), type: 'text/plain' },
      400,
      /只能导入 \.xlsx、\.json、\.docx 或 \.html 文件/,
      /“年报\.txt”不是 \.xlsx、\.json、\.docx 或 \.html 文件/,
    );
    await refused(
      form(2019),
      { name: '年报.xlsx', data: Buffer.alloc(0), type: XLSX_TYPE },
      400,
      /上传的文件是空的/,
    );
    await refused(
      form(2019),
      { name: '', data: Buffer.alloc(0) },
      400,
      /请选择要导入的文件/,
      /<a href="#f-file">请选择 \.xlsx、\.json、\.docx 或 \.html 文件<\/a>/,
    );
    await refused(form(2019), undefined, 400, /请选择要导入的文件/);
    // A 2019 workbook with a word in a number cell and a row missing: every place listed.
    const bad = await refused(
      form(2019),
      { name: '2019年报.xlsx', data: await workbook2019({ badCell: true, dropRow: true }), type: XLSX_TYPE },
      400,
      /<h2>导入失败：共 2 处错误，未导入任何数据<\/h2>/,
    );
    assert.match(
      bad.body,
      /<li>工作表“三、依申请公开”第 6 行第 E 列：应为不小于 0 的整数，实际为“abc”<\/li>/,
    );
    assert.match(
      bad.body,
      /<li>工作表“三、依申请公开”缺少“三、本年度办理结果 ?（五）不予处理 ?2\.重复申请”行（第 A 列）<\/li>/,
    );
    // JSON: paths named by the report's rows and columns.
    const json = (
      await t.app.inject({ method: 'GET', url: `/api/v1/reports/annual?org=${orgA}&year=2021`, headers: gkb })
    ).json();
    const badJson = {
      ...json,
      table3: { ...json.table3, partial: { ...json.table3.partial, natural: -1 } },
      table4: { ...json.table4, reconsideration: { ...json.table4.reconsideration, total: 'x' } },
    };
    const j = await refused(
      form(2019),
      { name: '2019.json', data: Buffer.from(JSON.stringify(badJson)), type: 'application/json' },
      400,
      /导入失败：共 2 处错误/,
    );
    assert.match(
      j.body,
      /<li>表三“三、本年度办理结果 ?（二）部分公开[^”]*”行“自然人”列：应为不小于 0 的整数，实际为 -1<\/li>/,
    );
    assert.match(j.body, /<li>表四“行政复议”的“总计”：应为不小于 0 的整数，实际为 &quot;x&quot;<\/li>/);
    await refused(
      form(2019),
      { name: '2019.json', data: Buffer.from('{"table3": '), type: 'application/json' },
      400,
      /JSON 格式错误/,
    );
    // Over 5 MB: 413 (as every upload in the back office), the page shown again.
    await refused(
      form(2019),
      { name: '大文件.json', data: Buffer.alloc(5 * 1024 * 1024 + 1, 0x20), type: 'application/json' },
      413,
      /文件“大文件.json”不能超过 5 MB/,
    );
    // Form fields: a year out of range, a format that is not offered.
    for (const format of ['2018', 'constructor'])
      await refused(
        form(2019, format),
        { name: '2019年报.xlsx', data: await workbook2019(), type: XLSX_TYPE },
        400,
        /格式无效/,
      );
    const year = await postForm('gkb', form(1999), {
      name: '1999年报.xlsx',
      data: await workbook2019(),
      type: XLSX_TYPE,
    });
    assert.equal(year.statusCode, 400, year.body.slice(0, 300));
    assert.match(year.body, /<a href="#f-importYear">年份应为 2008 年（条例施行）以后的四位数字<\/a>/);
    assert.deepEqual(await imports(), rows, 'nothing stored');
    assert.equal(await audits(), audited, 'nothing audited');
  });

  it('reads a report as published (Word, web page), shows its figures for confirmation, and imports them only when confirmed', async () => {
    const [rows, audited] = [await imports(), await audits()];
    const docx = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/annual?org=${orgA}&year=2021&format=docx`,
      headers: gkb,
    });
    assert.equal(docx.statusCode, 200);
    const preview = await postForm('gkb', form(2017), {
      name: '甲局2021年度报告.docx',
      data: docx.rawPayload,
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    assert.equal(preview.statusCode, 200, preview.body.slice(0, 500));
    assert.match(preview.body, /<h1>确认导入 2017 年度报告的数字<\/h1>/);
    assert.match(preview.body, /读自“甲局2021年度报告\.docx”（2021 年版/);
    assert.match(
      preview.body,
      /<th scope="row"[^>]*>（一）予以公开<\/th>\s*<td class="num">1<\/td>/,
      'the figures as read',
    );
    assert.deepEqual(await imports(), rows, 'nothing stored before confirmation');
    const figures = /name="figures" value="([^"]*)"/
      .exec(preview.body)![1]
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    const token = /action="\/admin\/reports\/annual\/import\/confirm\?_csrf=([^"]+)"/.exec(preview.body)![1];
    const s = sessions.gkb;
    const confirm = await t.app.inject({
      method: 'POST',
      url: `/admin/reports/annual/import/confirm?_csrf=${token}`,
      cookies: s.cookies,
      remoteAddress: s.remoteAddress,
      payload: { org: String(orgB), year: '2017', format: '2021', figures },
    });
    assert.equal(confirm.statusCode, 303, confirm.body.slice(0, 500));
    const stored = (await imports()).filter((r) => r.org_id === orgB && r.year === 2017);
    assert.equal(stored.length, 1);
    assert.equal(JSON.parse(stored[0].figures_json).table3.disclosed.natural, 1);
    assert.equal(await audits(), audited + 1, 'audited once, at confirmation');
    // A saved page whose 表四 is missing: the table is named, nothing stored.
    const html = annualReportHtml(
      await buildAnnualReport(t.ctx, systemActor('test'), { orgId: orgA, year: 2021, scope: 'own' }),
    );
    const cut = html.slice(0, html.lastIndexOf('<table')) + '</body></html>';
    const refused = await postForm('gkb', form(2016), {
      name: '年报.html',
      data: Buffer.from(cut),
      type: 'text/html',
    });
    assert.equal(refused.statusCode, 400, refused.body.slice(0, 300));
    assert.match(refused.body, /表四：未找到“政府信息公开行政复议、行政诉讼情况”表/);
    const corrupt = await postForm('gkb', form(2016), {
      name: '年报.docx',
      data: Buffer.from('不是 Word 文件'),
      type: 'application/octet-stream',
    });
    assert.equal(corrupt.statusCode, 400, corrupt.body.slice(0, 300));
    assert.equal((await imports()).filter((r) => r.year === 2016).length, 0, 'nothing stored');
  });

  it('refuses staff without report.edit (403), another unit’s org (403) and a post without the CSRF token', async () => {
    const [rows, audited] = [await imports(), await audits()];
    const file = async () => ({ name: '2019年报.xlsx', data: await workbook2019(), type: XLSX_TYPE });
    for (const who of ['leader', 'reviewer']) {
      const res = await postForm(who, form(2018), await file());
      assert.equal(res.statusCode, 403, `${who}: ${res.body.slice(0, 300)}`);
      assert.match(res.body, /您没有权限进行此操作/, `${who}: a Chinese page`);
    }
    const editor = await postForm('editor', form(2018), await file());
    assert.equal(editor.statusCode, 403, editor.body.slice(0, 300));
    assert.match(editor.body, /该事项属于其他单位/);
    const noCsrf = await postForm('gkb', form(2018), await file(), { csrf: false });
    assert.equal(noCsrf.statusCode, 403, noCsrf.body.slice(0, 300));
    assert.match(noCsrf.body, /页面已过期/);
    const anon = await t.app.inject({
      method: 'POST',
      url: `/admin/reports/annual/import?org=${orgB}&year=2022`,
      ...multipart(form(2018), await file()),
    });
    assert.notEqual(anon.statusCode, 303, 'the public cannot import');
    assert.deepEqual(await imports(), rows, 'nothing stored');
    assert.equal(await audits(), audited, 'nothing audited');
    // The unit's own org: allowed.
    const fgw = await t.ctx.db
      .selectFrom('users')
      .select('org_id')
      .where('username', '=', 'editor')
      .executeTakeFirstOrThrow();
    const own = await postForm('editor', form(2018, '', fgw.org_id), await file());
    assert.equal(own.statusCode, 303, own.body.slice(0, 300));
  });

  it('names JSON paths in the report’s words and leaves sheet places as read', () => {
    assert.deepEqual(
      describePastErrors({
        'table3.received.total': '缺少数字',
        'table3.other.commercial': '缺少数字',
        'table2.rules.inForce': '应为不小于 0 的整数，实际为 -2',
        'table2.feesWanYuan': '应为不小于 0 的数字（万元）',
        'table4.litigation_direct.pending': '缺少数字',
        '三、依申请公开!E6': '工作表“三、依申请公开”第 6 行第 E 列：应为不小于 0 的整数，实际为“abc”',
        '四、复议诉讼': '缺少工作表“四、复议诉讼”',
        'table9.x': '缺少数字',
      }),
      [
        '表三“一、本年新收政府信息公开申请数量”行“总计”列：缺少数字',
        '表三“三、本年度办理结果（六）其他处理”行“商业企业”列：缺少数字',
        '表二“规章 现行有效件数”：应为不小于 0 的整数，实际为 -2',
        '表二“行政事业性收费 本年收费金额（万元）”：应为不小于 0 的数字（万元）',
        '表四“行政诉讼：未经复议直接起诉”的“尚未审结”：缺少数字',
        '工作表“三、依申请公开”第 6 行第 E 列：应为不小于 0 的整数，实际为“abc”',
        '缺少工作表“四、复议诉讼”',
        'table9.x：缺少数字',
      ],
    );
  });
});
