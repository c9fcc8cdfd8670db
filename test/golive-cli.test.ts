/**
 * Go live from a script (#18): `gongkai setup` on an empty database, then the operator's user, org
 * and site commands — each write audited as the command line, bad input refused with nothing written.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../src/db/index.ts';
import { COUNTY_ROWS, COUNTY_SITE, orgXlsx } from './golive-fixtures.ts';
import { createTestDb, runCliOn, type TestDb } from './helpers.ts';

const PASSWORDS = {
  GONGKAI_SYSADMIN_PASSWORD: 'Qingshan#2026x',
  GONGKAI_SECADMIN_PASSWORD: 'Qingshan#2026y',
  GONGKAI_AUDITOR_PASSWORD: 'Qingshan#2026z',
};
const SITE_FLAGS = [
  '--name',
  COUNTY_SITE.name,
  '--sponsor',
  COUNTY_SITE.sponsor,
  '--site-code',
  COUNTY_SITE.siteCode,
  '--level',
  'county',
  '--parent-government',
  COUNTY_SITE.parentGovernment,
  '--number-prefix',
  'qs',
];
const ADMINS = ['--sysadmin', 'qsadmin', '--secadmin', 'qssec', '--auditor', 'qsaudit'];

describe('gongkai setup, user, org and site commands', () => {
  let db: TestDb;
  let database: Database;
  let orgFile: string;
  const count = async (table: 'users' | 'orgs' | 'content_columns') =>
    (await database.db.selectFrom(table).select('id').execute()).length;

  before(async () => {
    db = await createTestDb();
    orgFile = join(db.dataDir, 'orgs.xlsx');
    await writeFile(orgFile, await orgXlsx(COUNTY_ROWS));
  });
  after(async () => {
    await database?.destroy();
    await db.drop();
  });

  it('refuses a weak password and a malformed org table, writing nothing', async () => {
    const weak = await runCliOn(db, ['setup', ...SITE_FLAGS, ...ADMINS, '--orgs', orgFile], {
      ...PASSWORDS,
      GONGKAI_AUDITOR_PASSWORD: 'abc',
    });
    assert.equal(weak.code, 2, weak.text);
    assert.match(weak.text, /审计管理员：/);
    const bad = join(db.dataDir, 'bad.xlsx');
    await writeFile(
      bad,
      await orgXlsx([
        ...COUNTY_ROWS,
        ['青山县某局', '', 'bad code', '工作部门', '青山县人民政府', '', '12', '', '', '', '依复{year}', ''],
      ]),
    );
    const malformed = await runCliOn(db, ['setup', ...SITE_FLAGS, ...ADMINS, '--orgs', bad], PASSWORDS);
    assert.equal(malformed.code, 2, malformed.text);
    assert.match(malformed.text, /第 8 行“机关代码”列/);
    assert.match(malformed.text, /第 8 行“邮政编码”列/);
    assert.match(malformed.text, /第 8 行“文号格式”列：文号格式须含 \{seq\}/);
    database = db.open();
    assert.equal(await count('users'), 0);
    assert.equal(await count('orgs'), 0);
    assert.equal(await count('content_columns'), 0);
  });

  it('sets the instance up once from flags and reports the calendar', async () => {
    const run = await runCliOn(db, ['setup', ...SITE_FLAGS, ...ADMINS, '--orgs', orgFile], PASSWORDS);
    assert.equal(run.code, 0, run.text);
    assert.match(run.stdout, /初始设置已完成：网站“青山县人民政府”，6 个机关，21 个政府信息公开栏目/);
    assert.match(run.stdout, /工作日历：\n {2}\d{4} 年：/);
    assert.equal(await count('users'), 3);
    const again = await runCliOn(db, ['setup', ...SITE_FLAGS, ...ADMINS, '--orgs', orgFile], PASSWORDS);
    assert.equal(again.code, 2);
    assert.match(again.text, /本站已完成初始设置/);
    assert.equal(await count('users'), 3);
    const link = await runCliOn(db, ['setup', '--link']);
    assert.equal(link.code, 2);
    assert.match(link.text, /已完成初始设置/);
  });

  it('creates, lists, disables, resets and re-roles users, audited as the command line', async () => {
    const created = await runCliOn(db, [
      'user',
      'create',
      '--user',
      'fgw_editor',
      '--name',
      '发改委信息员',
      '--org',
      '县发改委',
      '--role',
      'editor',
    ]);
    assert.equal(created.code, 0, created.text);
    const temp = /临时密码（只显示这一次）：(\S+)/.exec(created.stdout)?.[1];
    assert.ok(temp && temp.length === 16, created.stdout);
    const weak = await runCliOn(db, [
      'user',
      'create',
      '--user',
      'weakling',
      '--name',
      '某',
      '--org',
      '县发改委',
      '--role',
      'editor',
      '--password',
      'abc',
    ]);
    assert.equal(weak.code, 2);
    const three = await runCliOn(db, [
      'user',
      'set-role',
      '--user',
      'qsadmin',
      '--role',
      'sysadmin,audit_admin',
    ]);
    assert.equal(three.code, 2);
    assert.match(three.text, /须由不同账号担任/);
    const role = await runCliOn(db, [
      'user',
      'set-role',
      '--user',
      'fgw_editor',
      '--role',
      'editor,部门审核人',
    ]);
    assert.equal(role.code, 0, role.text);
    assert.match(role.stdout, /部门信息员、部门审核人/);
    const reset = await runCliOn(db, [
      'user',
      'reset-password',
      '--user',
      'fgw_editor',
      '--password',
      'Another#Pass2027',
    ]);
    assert.equal(reset.code, 0, reset.text);
    const disabled = await runCliOn(db, ['user', 'disable', '--user', 'fgw_editor']);
    assert.equal(disabled.code, 0, disabled.text);
    const list = await runCliOn(db, ['user', 'list']);
    assert.match(
      list.stdout,
      /fgw_editor\t发改委信息员\t青山县发展和改革委员会\t部门信息员、部门审核人\t停用/,
    );
    assert.match(list.stdout, /共 4 个账号/);
    const missing = await runCliOn(db, ['user', 'disable', '--user', 'nobody']);
    assert.equal(missing.code, 2);
    assert.match(missing.text, /用户“nobody”不存在/);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('action', 'in', ['user.create', 'user.update'])
      .execute();
    assert.ok(audit.filter((a) => a.actor_name === '系统：命令行').length >= 4, JSON.stringify(audit));
  });

  it('imports the org table again (updates by full name, adds new ones), and refuses a bad one whole', async () => {
    const file = join(db.dataDir, 'more.xlsx');
    const rows = COUNTY_ROWS.map((r) => [...r]);
    rows[2][5] = '青山县建设路 10 号';
    rows.push(['青山县教育体育局', '县教体局', '', '工作部门', '青山县人民政府', '', '', '', '', '', '', '']);
    await writeFile(file, await orgXlsx(rows));
    const ok = await runCliOn(db, ['org', 'import', file]);
    assert.equal(ok.code, 0, ok.text);
    assert.match(ok.stdout, /新建 1 个，更新 6 个/);
    const dev = await database.db
      .selectFrom('orgs')
      .select('foi_address')
      .where('name', '=', '青山县发展和改革委员会')
      .executeTakeFirstOrThrow();
    assert.equal(dev.foi_address, '青山县建设路 10 号');
    const before = await count('orgs');
    rows.push(
      ['青山县卫生健康委员会', '', '', '工作部门', '青山县教育体育局', '', '', '', '', '', '', ''],
      ['', '', '', '人民政府', '', '', '', '', '', '', '', ''],
    );
    await writeFile(file, await orgXlsx(rows));
    const bad = await runCliOn(db, ['org', 'import', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.text, /第 10 行“机关全称”列：请填写机关全称/);
    assert.equal(await count('orgs'), before);
  });

  it('shows and sets the site identity, refusing unknown fields and a malformed 网站标识码', async () => {
    const show = await runCliOn(db, ['site', 'show']);
    assert.match(show.stdout, /网站名称（本级人民政府名称）（name）：青山县人民政府/);
    const set = await runCliOn(db, ['site', 'set', 'contact=0790-7654321', 'icp=某ICP备87654321号']);
    assert.equal(set.code, 0, set.text);
    assert.match((await runCliOn(db, ['site', 'show'])).stdout, /联系方式（contact）：0790-7654321/);
    const unknown = await runCliOn(db, ['site', 'set', 'colour=red']);
    assert.equal(unknown.code, 2);
    const code = await runCliOn(db, ['site', 'set', 'siteCode=12']);
    assert.equal(code.code, 2);
    assert.match(code.text, /网站标识码为 10 位数字/);
    assert.match((await runCliOn(db, ['site', 'show'])).stdout, /网站标识码（siteCode）：3609000001/);
    // The FOI application-number code: set at setup (typed in lower case, kept in capitals), changed here, checked.
    assert.match((await runCliOn(db, ['site', 'show'])).stdout, /依申请公开申请编号代码（numberPrefix）：QS/);
    const prefix = await runCliOn(db, ['site', 'set', 'numberPrefix=qsx']);
    assert.equal(prefix.code, 0, prefix.text);
    assert.match(
      (await runCliOn(db, ['site', 'show'])).stdout,
      /依申请公开申请编号代码（numberPrefix）：QSX/,
    );
    const badPrefix = await runCliOn(db, ['site', 'set', 'numberPrefix=Q1']);
    assert.equal(badPrefix.code, 2);
    assert.match(badPrefix.text, /申请编号代码为 2 至 8 个大写英文字母/);
    const audited = await database.db
      .selectFrom('audit_log')
      .select('actor_name')
      .where('action', '=', 'site.update')
      .execute();
    assert.ok(
      audited.some((a) => a.actor_name === '系统：命令行'),
      JSON.stringify(audited),
    );
  });
});
