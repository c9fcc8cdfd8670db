import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { buildTestApp, runCliOn, type TestApp } from '../../../test/helpers.ts';
import { shanghaiDate } from '../../lib/time.ts';

describe('gongkai documents CLI (exchange with the city library)', () => {
  let t: TestApp;
  let dir: string;
  before(async () => {
    t = await buildTestApp();
    dir = mkdtempSync(join(tmpdir(), 'normative-cli-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  const run = (args: string[]) => runCliOn(t.db, args);

  async function workbook(name: string, rows: (string | number)[][]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('登记台账');
    ws.addRow([
      '文号*',
      '标题*',
      '制发机关*',
      '成文日期*',
      '发布日期',
      '施行日期*',
      '有效期（年）',
      '登记号',
      '主题分类*',
      '状态',
      '状态日期',
      '修改或废止文件文号',
      '修改条款',
    ]);
    for (const r of rows) ws.addRow(r);
    const file = join(dir, name);
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    return file;
  }
  const countDocs = async () =>
    (await t.ctx.db.selectFrom('normative_documents').select('id').execute()).length;

  it('imports nothing when any row is wrong, and lists the errors by row with a non-zero exit code', async () => {
    const before = await countDocs();
    const file = await workbook('bad.xlsx', [
      [
        '命测发〔2016〕1号',
        '命令行导入测试办法一',
        '区发改委',
        '2016-01-01',
        '2016-01-05',
        '2016-02-01',
        '',
        '',
        '综合政务',
      ],
      [
        '命测发2016-2',
        '命令行导入测试办法二',
        '区发改委',
        '2016-01-01',
        '2016-01-05',
        '2016-02-01',
        '',
        '',
        '综合政务',
      ],
      ['命测发〔2016〕3号', '', '区发改委', '2016-13-01', '', '2016-02-01', '', '', '综合政务', '已废止'],
    ]);
    const r = await run(['documents', 'import', file]);
    assert.equal(r.code, 2, r.text);
    assert.match(r.text, /错误：导入失败：2 行有错误，未导入任何文件/);
    assert.match(r.text, /第 3 行：.*括起来的年份/);
    assert.match(r.text, /第 4 行：.*须填写状态日期.*请填写文件标题.*成文日期应为有效日期/);
    assert.doesNotMatch(r.text, /第 2 行/, 'the good row is not reported');
    assert.equal(await countDocs(), before, 'nothing imported, not even the good row');
  });

  it('refuses a file it cannot read, in Chinese', async () => {
    const r = await run(['documents', 'import', join(dir, 'no-such-file.xlsx')]);
    assert.equal(r.code, 2, r.text);
    assert.match(r.text, /错误：无法读取文件：.*no-such-file\.xlsx/);
    const notXlsx = join(dir, 'text.xlsx');
    writeFileSync(notXlsx, '这不是 Excel 文件');
    const r2 = await run(['documents', 'import', notXlsx]);
    assert.equal(r2.code, 2, r2.text);
    assert.match(r2.text, /无法读取该文件，请上传 \.xlsx 格式的 Excel 文件/);
  });

  it('imports a valid register (登记号, statuses, joint issuance) and exports it as JSON and XLSX since a date', async () => {
    const file = await workbook('good.xlsx', [
      [
        '命测发［2016］１号',
        '命令行导入测试办法一',
        '区发改委',
        '2016-01-01',
        '2016/1/5',
        '2016-02-01',
        '',
        '赣规备2016001',
        '综合政务',
        '已修改',
        '2017-03-01',
        '命测发(2017)2号',
        '第三条、第五条',
      ],
      [
        '命测发〔2017〕2号',
        '关于修改命令行导入测试办法一的决定',
        '区发改委、区财政局',
        '2017-02-01',
        '2017-02-10',
        '2017-03-01',
        3,
        '',
        '综合政务',
      ],
    ]);
    const r = await run(['documents', 'import', file]);
    assert.equal(r.code, 0, r.text);
    assert.match(r.text, /已导入 2 件规范性文件/);
    const one = await t.ctx.db
      .selectFrom('normative_documents')
      .selectAll()
      .where('doc_number', '=', '命测发〔2016〕1号')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [one.registration_number, one.in_library, one.published_on],
      ['赣规备2016001', 1, '2016-01-05'],
    );
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('action', '=', 'normative.import')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.match(audit.actor_name, /cli/);

    // The CLI runs on the system clock: "since today" holds what was just imported; "since tomorrow" nothing.
    const today = shanghaiDate(new Date());
    const json = join(dir, 'since.json');
    const e = await run(['documents', 'export', '--format', 'json', '--since', today, '--out', json]);
    assert.equal(e.code, 0, e.text);
    const data = JSON.parse(readFileSync(json, 'utf8'));
    assert.equal(data.since, today);
    const rec = data.documents.find((d: any) => d.docNumber === '命测发〔2016〕1号');
    assert.equal(rec.registrationNumber, '赣规备2016001');
    assert.deepEqual(
      rec.history.map((h: any) => [h.kind, h.effectiveOn, h.byDocNumber, h.articles]),
      [
        ['registered', '2016-02-01', null, null],
        ['amended', '2017-03-01', '命测发〔2017〕2号', '第三条、第五条'],
      ],
    );
    assert.ok(
      data.documents.some((d: any) => d.docNumber === '命测发〔2017〕2号'),
      "data.documents.some((d: any) => d.docNumber === '命测发〔2017〕2号')",
    );
    assert.ok(
      !data.documents.some((d: any) => d.sample),
      'the demo library, seeded earlier on the test clock, is not in the increment',
    );
    const xlsx = join(dir, 'since.xlsx');
    assert.equal(
      (await run(['documents', 'export', '--format', 'xlsx', '--since', today, '--out', xlsx])).code,
      0,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    assert.equal(wb.worksheets[0].rowCount, 1 + data.count);
    assert.equal(wb.worksheets[0].getRow(1).getCell(10).value, '登记号');
    const tomorrow = shanghaiDate(new Date(Date.now() + 86_400_000));
    const none = join(dir, 'none.json');
    assert.equal((await run(['documents', 'export', '--since', tomorrow, '--out', none])).code, 0);
    assert.equal(JSON.parse(readFileSync(none, 'utf8')).count, 0);
    const bad = await run(['documents', 'export', '--format', 'csv', '--out', none]);
    assert.equal(bad.code, 2);
    assert.match(bad.text, /--format 只能是 json 或 xlsx/);
    const badSince = await run(['documents', 'export', '--since', '2022-02-30', '--out', none]);
    assert.equal(badSince.code, 2, badSince.text);
    assert.match(badSince.text, /since 日期格式/);
  });
});
