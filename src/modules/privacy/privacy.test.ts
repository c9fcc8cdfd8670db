import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  bearer,
  appProcessArgs,
  buildTestApp,
  ENGINE,
  loginAs,
  Session,
  TEST_ENV,
  type TestApp,
} from '../../../test/helpers.ts';
import { systemActor } from '../../context.ts';
import { AppError } from '../../errors.ts';
import * as g from './corpus/generate.ts';
import { extractText } from './extract.ts';
import { createExpressionRule, runGate, scanText, updateExpressionRule } from './service.ts';
import { sampleDocx } from './test-fixtures.ts';

describe(`privacy gate service and routes (${ENGINE})`, () => {
  let t: TestApp;
  const id = g.residentId18(g.rng(2022));
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('runGate checks title, body and attachments, loads the seeded list, and blocks on personal information', async () => {
    const docx = await sampleDocx(id);
    const attachmentText = await extractText(docx, '名单.docx');
    const r = await runGate(t.ctx.db, {
      title: '关于国家工商总局文件的转发通知',
      body: '联系人手机13912345678。',
      attachments: [{ name: '名单.docx', text: attachmentText }],
    });
    assert.equal(r.blocking, true);
    assert.deepEqual(
      r.personal.map((f) => [f.kind, f.where]),
      [
        ['mobile', '正文'],
        ['name_with_pi', '附件：名单.docx'],
        ['resident_id', '附件：名单.docx'],
      ],
    );
    assert.ok(
      r.personal.some((f) => f.kind === 'resident_id' && f.text === id && f.where === '附件：名单.docx'),
      "r.personal.some((f) => f.kind === 'resident_id' && f.text === id && f.where === '附件：名单.do…",
    );
    assert.deepEqual(
      r.expressions.map((f) => [f.term, f.where, f.suggestion]),
      [['国家工商总局', '标题', '国家市场监督管理总局']],
    );
  });

  it('a clean item does not block; a warning alone does not block; a serious expression does', async () => {
    assert.equal(
      (await runGate(t.ctx.db, { title: '2022年政务公开工作要点', body: '咨询电话12345。' })).blocking,
      false,
    );
    const warn = await runGate(t.ctx.db, { title: '通知', body: '原文由区工商局起草。' });
    assert.equal(warn.blocking, false);
    assert.equal(warn.expressions.length, 1);
    assert.equal((await runGate(t.ctx.db, { title: '通知', body: '台湾总统' })).blocking, true);
  });

  it('POST /api/v1/privacy/scan returns kind, position and masked form to every staff role', async () => {
    for (const user of ['admin', 'gkb', 'leader', 'editor', 'reviewer', 'secrecy', 'handler']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/scan',
        headers: await bearer(t, user),
        payload: { text: `身份证号码${id}，国家质检总局` },
      });
      assert.equal(res.statusCode, 200, user);
      const body = res.json();
      assert.deepEqual(body.personal, [
        {
          kind: 'resident_id',
          label: '身份证号码',
          start: 5,
          end: 23,
          text: id,
          masked: `${id.slice(0, 4)}**********${id.slice(14)}`,
        },
      ]);
      assert.equal(body.expressions[0].term, '国家质检总局');
      assert.equal(body.expressions[0].start, 24);
      assert.equal(body.blocking, true);
    }
  });

  it('refuses the public (401), and bad input in Chinese: missing text 400, unknown field 400, over-long 413', async () => {
    const anon = await t.app.inject({ method: 'POST', url: '/api/v1/privacy/scan', payload: { text: 'x' } });
    assert.ok([401, 403].includes(anon.statusCode), 'no session, no token: refused');
    assert.match(anon.json().error.message, /[\u4e00-\u9fa5]/);
    const h = await bearer(t, 'editor');
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/privacy/scan',
      headers: h,
      payload: {},
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().error.message, /[\u4e00-\u9fa5]/);
    const empty = await t.app.inject({
      method: 'POST',
      url: '/api/v1/privacy/scan',
      headers: h,
      payload: { text: '   ' },
    });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.json().error.message, /请提供要检查的文字/);
    const extra = await t.app.inject({
      method: 'POST',
      url: '/api/v1/privacy/scan',
      headers: h,
      payload: { text: 'a', evil: 1 },
    });
    assert.equal(extra.statusCode, 400);
    const long = await t.app.inject({
      method: 'POST',
      url: '/api/v1/privacy/scan',
      headers: h,
      payload: { text: '字'.repeat(500_001) },
    });
    assert.equal(long.statusCode, 413);
    assert.match(long.json().error.message, /过长/);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/privacy/scan',
      headers: { ...h, 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'a'.repeat(5 * 1024 * 1024) }),
    });
    assert.equal(huge.statusCode, 413);
    assert.match(huge.json().error.message, /过大/);
  });

  it('rate-limits the scan per member of staff (429 in Chinese)', async () => {
    const h = await bearer(t, 'handler');
    let last = 0;
    for (let i = 0; i < 61; i++)
      last = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/privacy/scan',
          headers: h,
          payload: { text: '测试' },
        })
      ).statusCode;
    assert.equal(last, 429);
  });

  it('scanText from a service caller: permission first', async () => {
    await assert.rejects(
      scanText(t.ctx, { kind: 'public', ip: null }, 'x'),
      (e: AppError) => e.code === 'unauthenticated',
    );
  });

  it('the back-office check page shows findings and the masked text (no JavaScript needed)', async () => {
    const s = await loginAs(t.app, 'editor');
    assert.equal((await s.get('/admin/privacy/scan')).statusCode, 200);
    const res = await s.post(
      '/admin/privacy/scan',
      { text: `张三，手机13912345678` },
      { from: '/admin/privacy/scan' },
    );
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /139\*\*\*\*5678/);
    assert.match(res.body, /张\*，手机139\*\*\*\*5678/);
    const bad = await s.post('/admin/privacy/scan', { text: '' }, { from: '/admin/privacy/scan' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写要检查的文字/);
  });

  it('only the openness office and system administrators maintain the expression list', async () => {
    for (const user of ['editor', 'reviewer', 'secrecy', 'handler', 'leader']) {
      const s = await loginAs(t.app, user);
      assert.equal((await s.get('/admin/privacy/expressions')).statusCode, 403, user);
      const post = await s.post(
        '/admin/privacy/expressions/new',
        { term: '测试词', suggestion: '建议', kind: 'wrong', severity: 'warning', active: '1' },
        { from: '/admin' },
      );
      assert.equal(post.statusCode, 403, user);
    }
    assert.equal(
      await t.ctx.db
        .selectFrom('expression_rules')
        .select('id')
        .where('term', '=', '测试词')
        .executeTakeFirst(),
      undefined,
    );
    for (const user of ['gkb', 'admin']) {
      const s = await loginAs(t.app, user);
      const list = await s.get('/admin/privacy/expressions');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /国家工商总局/);
    }
  });

  it('adds and edits a rule through the back office, audited, and the gate uses it at once', async () => {
    const s = await loginAs(t.app, 'gkb');
    const created = await s.post(
      '/admin/privacy/expressions/new',
      {
        term: '区城管局',
        suggestion: '区城市管理局',
        kind: 'outdated',
        severity: 'warning',
        note: '样例规则',
        exceptions: '',
        active: '1',
      },
      { from: '/admin/privacy/expressions/new' },
    );
    assert.equal(created.statusCode, 303);
    const row = await t.ctx.db
      .selectFrom('expression_rules')
      .selectAll()
      .where('term', '=', '区城管局')
      .executeTakeFirstOrThrow();
    assert.equal(
      (await runGate(t.ctx.db, { title: '', body: '区城管局通知' })).expressions[0].suggestion,
      '区城市管理局',
    );
    const edited = await s.post(
      `/admin/privacy/expressions/${row.id}`,
      {
        term: '区城管局',
        suggestion: '区城市管理局',
        kind: 'outdated',
        severity: 'serious',
        note: '样例规则',
        exceptions: '',
      },
      { from: `/admin/privacy/expressions/${row.id}` },
    );
    assert.equal(edited.statusCode, 303);
    assert.equal(
      (await runGate(t.ctx.db, { title: '', body: '区城管局通知' })).expressions.length,
      0,
      'unchecked 启用 deactivates the rule',
    );
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('object_type', '=', 'expression_rule')
      .where('object_id', '=', String(row.id))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['privacy.rule.create', 'privacy.rule.update'],
    );
    assert.match(audit[0].actor_name, /gkb/);
  });

  it('refuses a bad rule in Chinese and writes nothing', async () => {
    const s = await loginAs(t.app, 'gkb');
    const before = await t.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await s.post(
      '/admin/privacy/expressions/new',
      { term: '', suggestion: '', kind: 'x', severity: 'y' },
      { from: '/admin/privacy/expressions/new' },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /请填写要检查的词语/);
    const dup = await s.post(
      '/admin/privacy/expressions/new',
      { term: '国家工商总局', suggestion: 'x', kind: 'outdated', severity: 'warning', active: '1' },
      { from: '/admin/privacy/expressions/new' },
    );
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /已有规则/);
    await assert.rejects(
      createExpressionRule(t.ctx, systemActor('test'), {
        term: '十九大会',
        suggestion: 'x',
        kind: 'wrong',
        severity: 'warning',
        exceptions: ['党的二十大'],
      }),
      (e: AppError) => e.status === 400 && /必须包含/.test(e.fields.exceptions),
    );
    await assert.rejects(
      updateExpressionRule(t.ctx, systemActor('test'), 999999, {
        term: 'a',
        suggestion: 'b',
        kind: 'wrong',
        severity: 'warning',
      }),
      (e: AppError) => e.status === 404,
    );
    const afterCount = await t.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
    const anon = await new Session(t.app).get('/admin/privacy/expressions');
    assert.equal(anon.statusCode, 302);
  });

  it('npx gongkai scan FILE prints line, position and masked form, exit 1 when blocking, 0 when clean', () => {
    const dir = t.db.dataDir;
    const dirty = join(dir, 'dirty.txt');
    const clean = join(dir, 'clean.txt');
    writeFileSync(dirty, `第一行\n申请人手机：13912345678\n国家工商总局`);
    writeFileSync(clean, '咨询电话12345，邮编330038。');
    const env = {
      ...process.env,
      ...TEST_ENV,
      DATABASE_URL: t.db.url,
      DATABASE_SCHEMA: t.db.schema ?? '',
      DATA_DIR: dir,
    };
    const run = (file: string) =>
      spawnSync(process.execPath, appProcessArgs('cli', 'scan', file), { env, encoding: 'utf8' });
    const r1 = run(dirty);
    assert.equal(r1.status, 1, r1.stderr);
    assert.match(r1.stdout, /dirty\.txt:2:7\t个人信息\t手机号码\t139\*\*\*\*5678/);
    assert.match(r1.stdout, /dirty\.txt:3:1\t表述提示\t国家工商总局 → 国家市场监督管理总局/);
    assert.ok(!r1.stdout.includes('13912345678'), 'the report never repeats the number');
    const r2 = run(clean);
    assert.equal(r2.status, 0, r2.stderr);
    assert.match(r2.stdout, /未发现阻止发布的问题/);
    const r3 = run(join(dir, 'missing.docx'));
    assert.equal(r3.status, 2, 'an unreadable file is an error, not a finding');
    assert.match(r3.stderr, /文件不存在/);
  });
});
