/**
 * The rebuilt 养老服务 and 义务教育 templates against the reference copies (templates/reference/*.csv),
 * the 待核对 marks through to the exports, the upgrade of an older installation's templates, and
 * replacing a template from a province's XLSX. Both engines (TEST_DATABASE_URL).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { bearer, buildTestApp, createTestDb, loginAs, type TestApp } from '../../../test/helpers.ts';
import { migrateToLatest, migrator } from '../../db/migrate.ts';
import { systemActor } from '../../context.ts';
import { listOrgs } from '../org/service.ts';
import { needsCheck, parseTimeLimit, TO_CHECK, type Confidence } from './model.ts';
import { createCatalogue, getCatalogue, listTemplateChanges, listTemplates } from './service.ts';
import { COMPULSORY_EDUCATION } from './templates/compulsory-education.ts';
import { ELDERLY_CARE } from './templates/elderly-care.ts';
import { TEMPLATE_SETS } from './templates/index.ts';
import type { TemplateSet } from './templates/row.ts';
import { upgradeShippedTemplates } from './upgrade.ts';
import { exportCatalogueXlsx, exportTemplateXlsx, readCatalogueWorkbook } from './xlsx.ts';

const system = systemActor('test');

/** RFC 4180 rows (quoted cells may hold commas). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(cell), (cell = ''));
    else if (ch === '\n') (row.push(cell), rows.push(row), (row = []), (cell = ''));
    else if (ch !== '\r') cell += ch;
  }
  if (cell || row.length) (row.push(cell), rows.push(row));
  return rows;
}

interface RefRow {
  item1: string;
  item2: string;
  content: string;
  basis: string;
  limit: string;
  channels: string;
  confidence: string;
}

/** The reference rows that are 二级事项 (a “the rest was not found” line is not a row). */
function reference(file: string): RefRow[] {
  const [head, ...rows] = parseCsv(
    readFileSync(new URL(`./templates/reference/${file}`, import.meta.url), 'utf8'),
  );
  const col = (name: string) => head.indexOf(name);
  return rows
    .filter((r) => r.length > 2 && !/其余/.test(r[col('二级事项')]) && !/其余/.test(r[col('一级事项')]))
    .map((r) => ({
      item1: r[col('一级事项')],
      item2: r[col('二级事项')],
      content: r[col('公开内容（要素）')],
      basis: r[col('公开依据')],
      limit: r[col('公开时限')],
      channels: r[col('公开渠道和载体（■项）')],
      confidence: r[col('可信度')],
    }));
}

/** “（养老服务行业管理信息？）” → the name; “（未找到）”, “（与一级事项合并单元格）” → empty. */
const name = (cell: string) => {
  const m = /^（(.+?)？?）$/.exec(cell);
  if (!m) return cell;
  return /未找到|合并/.test(m[1]) ? '' : m[1];
};
/** A cell the copies give as such (not a note about copies, not a guess): compared as is. */
const plain = (cell: string) => cell !== '' && !/^（|未见|\?|？|镜像|副本|：/.test(cell);

function checkAgainstReference(set: TemplateSet, file: string) {
  const ref = reference(file);
  assert.equal(set.entries.length, ref.length, `${set.domain}: one template row per reference row`);
  ref.forEach((r, i) => {
    const e = set.entries[i];
    const at = `${set.domain} 第 ${i + 1} 行`;
    assert.equal(e.item1, name(r.item1), `${at} 一级事项`);
    assert.equal(e.item2, name(r.item2), `${at} 二级事项`);
    if (plain(r.content) && !r.content.includes('…')) assert.equal(e.content, r.content, `${at} 公开内容`);
    if (plain(r.basis)) assert.equal(e.basis, r.basis, `${at} 公开依据`);
    if (plain(r.limit)) assert.equal(e.timeLimit, r.limit, `${at} 公开时限`);
    if (/^(■[^\s（]+\s*)+$/.test(r.channels))
      assert.deepEqual(
        e.channels,
        r.channels
          .split('■')
          .map((c) => c.trim())
          .filter(Boolean),
        `${at} 渠道`,
      );
    assert.equal(e.confidenceNote, r.confidence, `${at} 可信度 as the reference words it`);
    assert.ok(e.witnesses?.length, `${at} names the copies supporting it`);
    // 待核对: low (中低, 低), only the 一级事项 known, or no government copy.
    const low = /^(低|中低|仅一级事项名)/.test(r.confidence);
    const toCheck = needsCheck(e.confidence ?? '', e.witnesses ?? []);
    assert.equal(toCheck, low || !e.witnesses!.some((w) => w.government), `${at} 待核对`);
    if (low) assert.ok(toCheck, `${at} a low-confidence row is 待核对`);
    const limit = parseTimeLimit(e.timeLimit);
    assert.ok(limit.ok, `${at} 公开时限“${e.timeLimit}”parses`);
  });
  // 一级事项 in the reference's order.
  const order = (xs: string[]) => xs.filter((x, i) => x !== xs[i - 1]);
  assert.deepEqual(order(set.entries.map((e) => e.item1)), order(ref.map((r) => name(r.item1))));
}

describe('rebuilt templates (养老服务, 义务教育) against the reference copies', () => {
  it('follows the 养老服务 copies row by row: 10-working-day limits, 一级事项 order, confidence', () => {
    checkAgainstReference(ELDERLY_CARE, 'elderly-care_养老服务_reconstructed.csv');
    assert.deepEqual(
      [...new Set(ELDERLY_CARE.entries.map((e) => e.item1))],
      [
        '养老服务通用政策',
        '养老服务扶持政策措施清单',
        '养老机构投资指南',
        '养老服务业务办理',
        '养老服务行业管理信息',
      ],
    );
    for (const e of ELDERLY_CARE.entries.filter((x) => x.confidence !== 'low'))
      assert.match(e.timeLimit, /^制定或获取.+之日起10个工作日内$/, e.item2 || e.item1);
    assert.deepEqual(
      ELDERLY_CARE.entries.filter((e) => needsCheck(e.confidence!, e.witnesses!)).map((e) => e.item2),
      ['养老机构备案信息', '养老机构评估信息'],
    );
  });

  it('follows the 义务教育 copies: the ten 一级事项 in order, the 20-working-day limit, name-only rows 待核对', () => {
    checkAgainstReference(COMPULSORY_EDUCATION, 'compulsory-education_义务教育_reconstructed.csv');
    assert.deepEqual(
      [...new Set(COMPULSORY_EDUCATION.entries.map((e) => e.item1))],
      [
        '政策文件',
        '教育概况',
        '民办学校信息',
        '财务信息',
        '招生管理',
        '学生管理',
        '教师管理',
        '重要政策执行情况',
        '教育督导公开',
        '校园安全',
      ],
    );
    for (const e of COMPULSORY_EDUCATION.entries)
      assert.equal(e.timeLimit, '信息形成或者变更之日起20个工作日内');
    for (const item1 of ['教师管理', '重要政策执行情况', '教育督导公开', '校园安全']) {
      const e = COMPULSORY_EDUCATION.entries.find((x) => x.item1 === item1)!;
      assert.equal(e.confidence, 'name_only');
      assert.ok(needsCheck(e.confidence!, e.witnesses!), item1);
    }
  });

  it('names 民办函〔2019〕52号 under 国办发〔2017〕42号 as the issuing document, never 国办发〔2019〕54号', () => {
    for (const s of TEMPLATE_SETS) assert.doesNotMatch(s.source, /54号/, s.domain);
    for (const s of TEMPLATE_SETS.filter((x) => ['社会救助', '养老服务'].includes(x.domain))) {
      assert.match(s.source, /民办函〔2019〕52号/);
      assert.match(s.source, /2019年4月30日/);
      assert.match(s.source, /国办发〔2017〕42号/);
    }
    assert.match(COMPULSORY_EDUCATION.source, /国办发〔2017〕42号/);
  });

  it('marks a row 待核对 exactly when it is weak or no government copy supports it (property)', () => {
    const conf = fc.constantFrom<Confidence | ''>(
      '',
      'high',
      'medium_high',
      'medium',
      'medium_low',
      'low',
      'name_only',
    );
    const w = fc.record({ name: fc.string(), url: fc.string(), government: fc.boolean() });
    fc.assert(
      fc.property(conf, fc.array(w, { maxLength: 4 }), (c, ws) => {
        const weak = c === 'medium_low' || c === 'low' || c === 'name_only';
        assert.equal(needsCheck(c, ws), weak || (c !== '' && !ws.some((x) => x.government)));
      }),
    );
  });
});

/** The 核对情况 column of each data row of a sheet, by 一级·二级事项. */
async function checkColumn(data: Buffer): Promise<Map<string, string>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const out = new Map<string, string>();
  for (const ws of wb.worksheets) {
    assert.equal(ws.getRow(2).getCell(15).value, '核对情况');
    for (let r = 4; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      out.set(
        `${ws.name}/${row.getCell(2).value}/${row.getCell(3).value ?? ''}`,
        String(row.getCell(15).value ?? ''),
      );
    }
  }
  return out;
}

const multipart = (data: Buffer, filename = '本省养老服务目录.xlsx') => {
  const boundary = `----gongkai${Math.random().toString(16).slice(2)}`;
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
};

describe('templates in an installation: 待核对 in exports, upgrade, replace from a province XLSX', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('carries the 待核对 marks into the template and catalogue exports and back through an import', async () => {
    const tpl = await exportTemplateXlsx(t.ctx, system, '义务教育');
    const marks = await checkColumn(tpl);
    for (const e of COMPULSORY_EDUCATION.entries)
      assert.equal(
        marks.get(`义务教育/${e.item1}/${e.item2}`),
        needsCheck(e.confidence!, e.witnesses!) ? TO_CHECK : '',
        `${e.item1}·${e.item2}`,
      );
    const back = await readCatalogueWorkbook(tpl);
    assert.deepEqual(back.errors, []);
    assert.equal(
      back.rows.filter((r) => r.toCheck).length,
      7,
      '招生计划, 学校介绍, 学生资助 and the four 一级事项 known by name only',
    );
    // A township's catalogue copies the mark with the row (学校介绍 is 乡级 and 待核对).
    const orgs = await listOrgs(t.ctx, system);
    const sj = orgs.find((o) => o.shortName === '沙井街办')!;
    const c = await createCatalogue(t.ctx, system, {
      orgId: sj.id,
      year: 2023,
      domains: ['义务教育', '养老服务'],
    });
    const full = await getCatalogue(t.ctx, system, c.id);
    assert.deepEqual(
      full.entries.filter((e) => e.toCheck).map((e) => e.item2),
      ['学校介绍'],
    );
    const cat = await checkColumn(await exportCatalogueXlsx(t.ctx, system, c.id));
    assert.equal(cat.get('义务教育/招生管理/学校介绍'), TO_CHECK);
    assert.equal(cat.get('义务教育/财务信息/财务信息'), '');
    // Coverage counts the 待核对 entry apart from the confirmed ones.
    const gkb = await bearer(t, 'gkb');
    const cov = (await t.app.inject({ url: `/api/v1/catalogues/${c.id}/coverage`, headers: gkb })).json();
    const edu = cov.domains.find((d: { domain: string }) => d.domain === '义务教育');
    assert.equal(edu.entries, 1);
    assert.equal(edu.toCheck.entries, 1);
    assert.equal(cov.total.toCheck.entries, 1);
    // The back office shows the mark.
    const s = await loginAs(t.app, 'gkb');
    assert.match((await s.get(`/admin/catalogues/${c.id}`)).body, /学校介绍[\s\S]{0,200}【待核对】/);
    assert.match((await s.get('/admin/catalogue/templates')).body, /校园安全[\s\S]{0,200}【待核对】/);
  });

  it('upgrades an older installation: unedited rows replaced, edited rows kept, compiled catalogues unchanged, the office told', async () => {
    const db = t.ctx.db;
    const now = t.clock.now().toISOString();
    // An installation loaded with revision 1: 养老服务 as typed from memory, the old 社会救助 source.
    await db.updateTable('catalogue_entries').set({ template_entry_id: null }).execute();
    await db.deleteFrom('catalogue_template_entries').where('domain', '=', '养老服务').execute();
    const oldRow = (item1: string, item2: string, seq: number, over: Record<string, unknown> = {}) => ({
      domain: '养老服务',
      seq,
      item1,
      item2,
      content: `${item2}（旧）`,
      basis: '《中华人民共和国老年人权益保障法》',
      time_limit: '信息形成或变更之日起20个工作日内',
      subject: '县级民政部门、乡镇人民政府（街道办事处）',
      channels: '["政府网站"]',
      audience: '["all"]',
      mode: '["proactive"]',
      level: '["county","township"]',
      scope: 'township',
      source:
        '据民政部2019年印发之《养老服务领域基层政务公开标准指引》整理（国办发〔2019〕54号部署），未找到原文，未逐条核对',
      is_sample: 0,
      revision: 1,
      origin: 'shipped',
      edited: 0,
      created_at: now,
      updated_at: now,
      ...over,
    });
    await db
      .insertInto('catalogue_template_entries')
      .values([
        oldRow('政策法规', '政策文件', 1),
        oldRow('老年人福利', '补贴发放对象', 2, { edited: 1, content: '本区修改过的内容' }),
        oldRow('养老服务业务办理', '老年人补贴', 3),
        oldRow('本区增补', '助餐点名录', 4, { origin: 'office' }),
      ])
      .execute();
    await db
      .updateTable('catalogue_template_entries')
      .set({
        revision: 1,
        source: '民政部《社会救助领域基层政务公开标准指引》所附标准目录（国办发〔2019〕54号部署）',
      })
      .where('domain', '=', '社会救助')
      .execute();
    const socialIds = (await listTemplates(t.ctx, system, 'township'))
      .filter((x) => x.domain === '社会救助')
      .map((x) => x.id);
    const orgs = await listOrgs(t.ctx, system);
    const wd = orgs.find((o) => o.shortName === '卫东街办')!;
    const compiled = await createCatalogue(t.ctx, system, {
      orgId: wd.id,
      year: 2024,
      domains: ['养老服务', '社会救助'],
    });
    const strip = (es: { id: number; templateEntryId: number | null }[]) =>
      es.map(({ templateEntryId, ...rest }) => rest);
    const entriesBefore = (await getCatalogue(t.ctx, system, compiled.id)).entries;

    const changes = await upgradeShippedTemplates(db, TEMPLATE_SETS, t.clock.now());

    const rows = (await listTemplates(t.ctx, system)).filter((x) => x.domain === '养老服务');
    assert.deepEqual(
      rows.map((x) => x.item2 || x.item1),
      [
        ...ELDERLY_CARE.entries.map((e) => e.item2 || e.item1),
        '补贴发放对象', // edited by the office: kept, after the new rows
        '助餐点名录', // the office's own row: kept
      ],
    );
    assert.equal(rows.find((x) => x.item2 === '补贴发放对象')!.content, '本区修改过的内容');
    assert.equal(
      rows.some((x) => x.item1 === '政策法规'),
      false,
      'the unedited old row is gone',
    );
    const allowance = rows.find((x) => x.item2 === '老年人补贴')!;
    assert.equal(allowance.timeLimit, '制定或获取补贴政策之日起10个工作日内', 'replaced in place');
    for (const x of rows.filter((r) => r.shipped)) assert.match(x.source, /民办函〔2019〕52号/);
    const social = (await listTemplates(t.ctx, system)).filter((x) => x.domain === '社会救助');
    assert.deepEqual(
      social.map((x) => x.id),
      socialIds,
      '社会救助 rows keep their ids',
    );
    assert.ok(
      social.every((x) => /民办函〔2019〕52号/.test(x.source)),
      'every 社会救助 row has the corrected source',
    );
    // The compiled catalogue is as it was.
    const entriesAfter = (await getCatalogue(t.ctx, system, compiled.id)).entries;
    assert.deepEqual(strip(entriesAfter), strip(entriesBefore));
    // What changed is listed, audited, and shown to the 公开办 until read.
    const kinds = (d: string, k: string) =>
      changes.filter((c) => c.domain === d && c.kind === k).map((c) => c.item);
    assert.deepEqual(kinds('养老服务', 'removed'), ['政策法规·政策文件']);
    assert.deepEqual(kinds('养老服务', 'kept'), ['老年人福利·补贴发放对象']);
    assert.deepEqual(kinds('养老服务', 'replaced'), ['养老服务业务办理·老年人补贴']);
    assert.equal(kinds('养老服务', 'added').length, ELDERLY_CARE.entries.length - 1);
    assert.deepEqual(kinds('社会救助', 'source'), ['']);
    assert.deepEqual(kinds('社会救助', 'replaced'), [], '社会救助 rows are unchanged apart from the source');
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'catalogue.template.upgrade')
      .execute();
    assert.equal(audit.length, 1);
    const s = await loginAs(t.app, 'gkb');
    const home = (await s.get('/admin')).body;
    assert.match(home, /领域模板已更新/);
    assert.match(home, /删除「政策法规·政策文件」/);
    assert.match(home, /保留本办修改「老年人福利·补贴发放对象」/);
    assert.doesNotMatch((await (await loginAs(t.app, 'sj_editor')).get('/admin')).body, /领域模板已更新/);
    // A second run changes nothing; marking read removes the notice (audited).
    assert.deepEqual(await upgradeShippedTemplates(db, TEMPLATE_SETS, t.clock.now()), []);
    const read = await s.post(
      '/admin/catalogue/template-changes/read',
      {},
      { from: '/admin/catalogue/templates' },
    );
    assert.equal(read.statusCode, 303);
    assert.deepEqual(await listTemplateChanges(t.ctx, system, { unread: true }), []);
    assert.doesNotMatch((await s.get('/admin')).body, /领域模板已更新/);
  });

  it('replaces a whole template from a province XLSX, all or nothing, with row errors named, audited', async () => {
    const gkb = await bearer(t, 'gkb');
    const url = `/api/v1/catalogue/templates/import?domain=${encodeURIComponent('养老服务')}`;
    const before = (await listTemplates(t.ctx, system)).filter((x) => x.domain === '养老服务');
    // A province's file: the export's columns without 核对情况, one sheet named otherwise.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportTemplateXlsx(t.ctx, system, '养老服务')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    ws.name = 'Sheet1';
    for (let r = 1; r <= ws.rowCount; r++)
      for (const c of [15, 16, 17, 18]) ws.getRow(r).getCell(c).value = null;
    ws.getRow(4).getCell(6).value = '制定或获取文件之日起5个工作日内';
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    ws.getRow(5).getCell(6).value = '';
    ws.getRow(6).getCell(9).value = '';
    const bad = Buffer.from(await wb.xlsx.writeBuffer());

    const badUpload = multipart(bad);
    const refused = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...gkb, ...badUpload.headers },
      payload: badUpload.payload,
    });
    assert.equal(refused.statusCode, 400, refused.body);
    const msg = refused.json().error.message as string;
    assert.match(msg, /未写入任何内容/);
    assert.match(msg, /第 5 行“公开时限”列：请填写公开时限/);
    assert.match(msg, /第 6 行“公开对象”列：请选择公开对象/);
    assert.deepEqual(
      (await listTemplates(t.ctx, system)).filter((x) => x.domain === '养老服务'),
      before,
      'nothing written',
    );
    for (const [payload, status, re] of [[Buffer.from('not a workbook'), 400, /不是有效的 Excel/]] as const) {
      const m = multipart(payload);
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...gkb, ...m.headers },
        payload: m.payload,
      });
      assert.equal(res.statusCode, status);
      assert.match(res.json().error.message, re);
    }
    const unknown = multipart(good);
    const nf = await t.app.inject({
      method: 'POST',
      url: `/api/v1/catalogue/templates/import?domain=${encodeURIComponent('不存在')}`,
      headers: { ...gkb, ...unknown.headers },
      payload: unknown.payload,
    });
    assert.equal(nf.statusCode, 404);
    assert.match(nf.json().error.message, /不存在/);
    const notMultipart = await t.app.inject({ method: 'POST', url, headers: gkb, payload: { x: 1 } });
    assert.equal(notMultipart.statusCode, 400);
    assert.match(notMultipart.json().error.message, /[\u4e00-\u9fff]/);
    const broken = multipart(good);
    const mismatched = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...gkb, 'content-type': 'multipart/form-data; boundary=not-the-one-used' },
      payload: broken.payload,
    });
    assert.equal(mismatched.statusCode, 400, 'a body whose boundary does not match is refused, not a 500');
    assert.match(mismatched.json().error.message, /无法解析|上传的内容不完整或格式不正确/);
    const editor = multipart(good);
    const forbidden = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...(await bearer(t, 'sj_editor')), ...editor.headers },
      payload: editor.payload,
    });
    assert.equal(forbidden.statusCode, 403);

    const m = multipart(good);
    const ok = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...gkb, ...m.headers },
      payload: m.payload,
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(
      { before: ok.json().before, entries: ok.json().entries, toCheck: ok.json().toCheck },
      { before: before.length, entries: before.length, toCheck: 0 },
    );
    const after = (await listTemplates(t.ctx, system)).filter((x) => x.domain === '养老服务');
    assert.equal(after[0].timeLimit, '制定或获取文件之日起5个工作日内');
    assert.ok(
      after.every((x) => !x.shipped && !x.toCheck && /本省版本.*本省养老服务目录\.xlsx/.test(x.source)),
      'the office’s own rows, checked, citing the file',
    );
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'catalogue.template.replace')
      .execute();
    assert.equal(audit.length, 1);
    // Later upgrades leave a replaced domain alone.
    const changes = await upgradeShippedTemplates(
      t.ctx.db,
      TEMPLATE_SETS.map((s) => ({ ...s, revision: s.revision + 1 })),
      t.clock.now(),
    );
    assert.equal(
      changes.some((c) => c.domain === '养老服务'),
      false,
    );

    // The back-office form: shown to the 公开办, errors re-shown in Chinese with 400.
    const s = await loginAs(t.app, 'gkb');
    const formUrl = `/admin/catalogue/templates/replace?domain=${encodeURIComponent('义务教育')}`;
    assert.equal((await s.get(formUrl)).statusCode, 200);
    const token = await s.csrf(formUrl);
    const fm = multipart(bad);
    const page = await t.app.inject({
      method: 'POST',
      url: formUrl,
      cookies: s.cookies,
      headers: { ...fm.headers, 'x-csrf-token': token },
      payload: fm.payload,
    });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /模板未替换/);
    assert.equal((await (await loginAs(t.app, 'sj_editor')).get(formUrl)).statusCode, 403);
  });
});

describe('migration 20261206130000 on an installation that loaded the old templates', () => {
  it('replaces the unedited shipped rows, keeps edited and office rows, corrects the source, lists the changes', async () => {
    const testDb = await createTestDb();
    const database = testDb.open();
    try {
      const m = await migrator(database.db, database.schema).migrateTo('20261126170000_totp_replay');
      assert.equal(m.error, undefined);
      const t0 = '2025-01-01T00:00:00.000Z';
      const row = (
        domain: string,
        item1: string,
        item2: string,
        seq: number,
        over: Record<string, unknown> = {},
      ) => ({
        domain,
        seq,
        item1,
        item2,
        content: '旧内容',
        basis: '',
        time_limit: '信息形成或变更之日起20个工作日内',
        subject: '县级民政部门',
        channels: '["政府网站"]',
        audience: '["all"]',
        mode: '["proactive"]',
        level: '["county","township"]',
        scope: 'township',
        source: '据民政部2019年印发之《养老服务领域基层政务公开标准指引》整理（国办发〔2019〕54号部署）',
        is_sample: 0,
        created_at: t0,
        updated_at: t0,
        ...over,
      });
      await (database.db as any)
        .insertInto('catalogue_template_entries')
        .values([
          row('养老服务', '政策法规', '政策文件', 1),
          row('养老服务', '养老机构', '监督检查结果', 2, {
            updated_at: '2025-02-01T00:00:00.000Z',
            content: '本区改过',
          }),
          row('养老服务', '本区增补', '助餐点', 3, {
            created_at: '2025-03-01T00:00:00.000Z',
            updated_at: '2025-03-01T00:00:00.000Z',
          }),
          row('社会救助', '综合业务', '政策法规文件', 1, {
            source: '民政部《社会救助领域基层政务公开标准指引》所附标准目录（国办发〔2019〕54号部署）',
          }),
        ])
        .execute();
      await migrateToLatest(database.db, database.schema);
      const rows = await (database.db as any)
        .selectFrom('catalogue_template_entries')
        .selectAll()
        .orderBy('domain')
        .orderBy('seq')
        .execute();
      const elderly = rows.filter((r: { domain: string }) => r.domain === '养老服务');
      assert.deepEqual(
        elderly.map((r: { item1: string; item2: string }) => r.item2 || r.item1),
        [...ELDERLY_CARE.entries.map((e) => e.item2 || e.item1), '监督检查结果', '助餐点'],
      );
      const kept = elderly.find((r: { item2: string }) => r.item2 === '监督检查结果');
      assert.equal(kept.content, '本区改过');
      assert.equal(kept.edited, 1);
      assert.equal(elderly.find((r: { item2: string }) => r.item2 === '助餐点').origin, 'office');
      assert.equal(elderly.filter((r: { to_check: number }) => r.to_check === 1).length, 2);
      const social = rows.find((r: { domain: string }) => r.domain === '社会救助');
      assert.match(social.source, /民办函〔2019〕52号/);
      assert.equal(
        social.content,
        '《社会救助暂行办法》、各地配套政策法规文件',
        'an unedited row with the same 事项 is replaced in place',
      );
      const changes = await (database.db as any)
        .selectFrom('catalogue_template_changes')
        .selectAll()
        .execute();
      assert.ok(
        changes.some(
          (c: { kind: string; item: string }) => c.kind === 'removed' && c.item === '政策法规·政策文件',
        ),
        'the unedited old row is listed as removed',
      );
      assert.ok(
        changes.some(
          (c: { kind: string; item: string }) => c.kind === 'kept' && c.item === '养老机构·监督检查结果',
        ),
        'the edited row is listed as kept',
      );
      const audit = await (database.db as any)
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'catalogue.template.upgrade')
        .execute();
      assert.equal(audit.length, 1);
    } finally {
      await database.destroy();
      await testDb.drop();
    }
  });
});
