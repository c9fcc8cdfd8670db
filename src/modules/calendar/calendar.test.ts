import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, loginAs, runCliOn, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../context.ts';
import { MODULES } from '../index.ts';
import type { GongkaiModule } from '../registry.ts';
import { loadCalendar, saveCalendarNotice } from './service.ts';

const NOTICE_2027 = {
  daysOff: [
    '2027-01-01',
    '2027-01-02',
    '2027-01-03',
    '2027-02-05',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
  ],
  workingWeekends: ['2027-02-13', '2027-02-20'],
  source: '测试用 2027 年放假通知（非真实）',
};

describe('calendar: API, back office, CLI', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let gkb: Record<string, string>;
  let editor: Record<string, string>;
  const rows = async () => (await t.ctx.db.selectFrom('calendar_notices').selectAll().execute()).length;
  const audits = async () =>
    (
      await t.ctx.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'calendar.notice.save')
        .execute()
    ).length;

  before(async () => {
    t = await buildTestApp({ start: '2026-11-26T02:00:00Z' });
    admin = await bearer(t, 'admin');
    gkb = await bearer(t, 'gkb');
    editor = await bearer(t, 'editor');
  });
  after(() => t.close());

  it('reads a year with official data, publicly', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/calendar/2022' });
    assert.equal(res.statusCode, 200);
    const y = res.json();
    assert.equal(y.source, 'official');
    assert.equal(y.provisional, false);
    assert.ok(y.daysOff.includes('2022-02-01'), "y.daysOff.includes('2022-02-01')");
    assert.deepEqual(y.workingWeekends, [
      '2022-01-29',
      '2022-01-30',
      '2022-04-02',
      '2022-04-24',
      '2022-05-07',
      '2022-10-08',
      '2022-10-09',
    ]);
  });

  it('documents its API in OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    assert.ok(
      doc.paths['/api/v1/calendar/{year}']?.get && doc.paths['/api/v1/calendar/{year}']?.put,
      "doc.paths['/api/v1/calendar/{year}']?.get && doc.paths['/api/v1/calendar/{year}']?.put",
    );
    assert.ok(
      doc.paths['/api/v1/calendar/working-days']?.get,
      "doc.paths['/api/v1/calendar/working-days']?.get",
    );
  });

  it('reads a year without a notice as provisional statutory holidays', async () => {
    const y = (await t.app.inject({ method: 'GET', url: '/api/v1/calendar/2027' })).json();
    assert.equal(y.source, 'statutory');
    assert.equal(y.provisional, true);
    assert.ok(y.daysOff.includes('2027-02-05'), '除夕');
  });

  it('computes working days with an explanation', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/calendar/working-days?from=2022-01-20&n=20',
    });
    assert.equal(res.statusCode, 200);
    const r = res.json();
    assert.equal(r.date, '2022-02-22');
    assert.equal(r.provisional, false);
    assert.ok(
      r.explanation.some((l: string) => /2022-01-29 春节调休上班，计入/.test(l)),
      'r.explanation.some((l: string) => /2022-01-29 春节调休上班，计入/.test(l))',
    );
    assert.ok(
      r.explanation.some((l: string) => /2022-02-01 春节放假，不计入/.test(l)),
      'r.explanation.some((l: string) => /2022-02-01 春节放假，不计入/.test(l))',
    );
    const p = (
      await t.app.inject({ method: 'GET', url: '/api/v1/calendar/working-days?from=2026-12-20&n=20' })
    ).json();
    assert.equal(p.provisional, true);
  });

  it('refuses bad computation input with a Chinese 400', async () => {
    for (const url of [
      '/api/v1/calendar/working-days?from=2022-02-30&n=3',
      '/api/v1/calendar/working-days?from=2022-02-01&n=-1',
      '/api/v1/calendar/working-days?from=abc&n=1',
      '/api/v1/calendar/1900',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 400, url);
      assert.match(res.json().error.message, /[\u4e00-\u9fff]/, url);
    }
  });

  it("reminds the openness office on the dashboard that next year's notice is missing", async () => {
    const mgr = await loginAs(t.app, 'gkb');
    assert.match((await mgr.get('/admin')).body, /放假通知待录入.*2027 年尚无国务院放假通知数据/s);
    const ed = await loginAs(t.app, 'editor');
    assert.doesNotMatch((await ed.get('/admin')).body, /放假通知待录入/);
  });

  it('an editor may not enter a notice; nothing is saved', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/2027',
      headers: editor,
      payload: NOTICE_2027,
    });
    assert.equal(res.statusCode, 403);
    assert.match(res.json().error.message, /没有权限/);
    const anon = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/2027', payload: NOTICE_2027 });
    assert.ok(anon.statusCode === 401 || anon.statusCode === 403, String(anon.statusCode));
    assert.equal(await rows(), 0);
  });

  const bad: [string, object, RegExp][] = [
    ['a date of another year', { ...NOTICE_2027, daysOff: ['2026-10-01'] }, /不属于 2027 年/],
    ['an impossible date', { ...NOTICE_2027, daysOff: ['2027-02-29'] }, /无效日期/],
    [
      'a working "weekend" on a weekday',
      { ...NOTICE_2027, workingWeekends: ['2027-02-15'] },
      /星期六或星期日/,
    ],
    ['a day both off and working', { ...NOTICE_2027, workingWeekends: ['2027-02-06'] }, /既放假又上班/],
    ['no source', { ...NOTICE_2027, source: '  ' }, /来源/],
    ['an unknown field', { ...NOTICE_2027, extra: 1 }, /extra/],
    ['a wrong type', { ...NOTICE_2027, daysOff: { a: 1 } }, /daysOff/],
  ];
  for (const [name, payload, message] of bad) {
    it(`refuses ${name} with a Chinese 400 and saves nothing`, async () => {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/calendar/2027',
        headers: admin,
        payload,
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.message, /[\u4e00-\u9fff]/);
      assert.match(JSON.stringify(res.json().error), message);
      assert.equal(await rows(), 0);
      assert.equal(await audits(), 0);
    });
  }

  it('the system administrator enters a notice: audited, other modules told, calendar changed', async () => {
    const calls: { years: number[]; reason: string }[] = [];
    const probe: GongkaiModule = {
      name: 'probe',
      onCalendarChanged: async (_ctx, change) => void calls.push(change),
    };
    MODULES.push(probe);
    try {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/calendar/2027',
        headers: admin,
        payload: NOTICE_2027,
      });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.calendar.source, 'admin');
      assert.equal(body.calendar.provisional, false);
      assert.deepEqual(body.warnings, []);
    } finally {
      MODULES.splice(MODULES.indexOf(probe), 1);
    }
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].years, [2027]);
    assert.match(calls[0].reason, /2027 年放假安排更新/);
    assert.equal(await audits(), 1);
    const cal = await loadCalendar(t.ctx.db);
    assert.equal(cal.isWorkingDay('2027-02-11'), false);
    assert.equal(cal.isWorkingDay('2027-02-20'), true);
    assert.equal(cal.isWorkingDay('2027-10-01'), true, 'the notice replaces the estimate entirely');
    assert.equal(cal.isProvisional('2027-06-01'), false);
    const mgr = await loginAs(t.app, 'gkb');
    assert.doesNotMatch(
      (await mgr.get('/admin')).body,
      /放假通知待录入/,
      'the reminder goes once the notice is in',
    );
  });

  it('the openness office may enter a notice too; the previous one is kept as history', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/2027',
      headers: gkb,
      payload: { ...NOTICE_2027, source: '测试用更正通知（非真实）' },
    });
    assert.equal(res.statusCode, 200);
    const all = await t.ctx.db
      .selectFrom('calendar_notices')
      .selectAll()
      .where('year', '=', 2027)
      .orderBy('id')
      .execute();
    assert.equal(all.length, 2);
    assert.notEqual(all[0].superseded_at, null);
    assert.equal(all[1].superseded_at, null);
    assert.match(all[1].entered_by, /gkb/);
    const y = (await t.app.inject({ method: 'GET', url: '/api/v1/calendar/2027' })).json();
    assert.equal(y.sourceText, '测试用更正通知（非真实）');
  });

  it('a failing hook is reported, the notice stays saved', async () => {
    const broken: GongkaiModule = {
      name: 'broken',
      onCalendarChanged: async () => {
        throw new Error('boom');
      },
    };
    MODULES.push(broken);
    try {
      const r = await saveCalendarNotice(t.ctx, systemActor('test'), {
        year: 2028,
        daysOff: ['2028-01-01'],
        workingWeekends: [],
        source: '测试（非真实）',
      });
      assert.equal(r.saved.length, 1);
      assert.equal(r.warnings.length, 1);
      assert.match(r.warnings[0], /broken/);
    } finally {
      MODULES.splice(MODULES.indexOf(broken), 1);
    }
  });

  it('back office: every staff member sees the year; only managers get the form', async () => {
    const ed = await loginAs(t.app, 'editor');
    const page = await ed.get('/admin/calendar?year=2022');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /2022-01-29/);
    assert.doesNotMatch(page.body, /录入 2022 年放假通知/);
    const post = await ed.post(
      '/admin/calendar/2029',
      { daysOff: '2029-01-01', workingWeekends: '', source: 'x' },
      { from: '/admin/calendar' },
    );
    assert.equal(post.statusCode, 403);

    const mgr = await loginAs(t.app, 'gkb');
    const form = await mgr.get('/admin/calendar?year=2029');
    assert.match(form.body, /录入 2029 年放假通知/);
    assert.match(form.body, /预估/);
    const before = await rows();
    const badPost = await mgr.post(
      '/admin/calendar/2029',
      { daysOff: '2029-01-01\n2029-13-01', workingWeekends: '', source: '测试' },
      { from: '/admin/calendar' },
    );
    assert.equal(badPost.statusCode, 400);
    assert.match(badPost.body, /无效日期：2029-13-01/);
    assert.equal(await rows(), before);
    const ok = await mgr.post(
      '/admin/calendar/2029',
      {
        daysOff: '2029-01-01, 2029-02-12、2029-02-13',
        workingWeekends: '2029-02-17',
        source: '测试用 2029 年通知（非真实）',
      },
      { from: '/admin/calendar' },
    );
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/admin/calendar?year=2029&saved=1');
    const after = await mgr.get('/admin/calendar?year=2029&saved=1&from=2029-02-09&n=3');
    assert.match(after.body, /已保存 2029 年放假安排/);
    assert.match(after.body, /管理员录入的放假通知/);
    assert.match(after.body, /结果：2029-02-16/);
    assert.match(after.body, /放假通知录入历史/);
  });

  it('CLI: import validates everything first, then saves all; show prints a year', async () => {
    const good = { year: 2030, daysOff: ['2030-01-01'], workingWeekends: [], source: '测试（非真实）' };
    const badFile = join(t.db.dataDir, 'bad.json');
    writeFileSync(
      badFile,
      JSON.stringify([
        good,
        { year: 2031, daysOff: ['2031-02-30'], workingWeekends: ['2031-01-06'], source: '测试' },
      ]),
    );
    const before = await rows();
    const bad = await runCliOn(t.db, ['calendar', 'import', badFile]);
    assert.equal(bad.code, 2, bad.text);
    assert.match(bad.stderr, /未导入任何内容/);
    assert.match(bad.stderr, /第 2 项（2031 年）/);
    assert.equal(await rows(), before, 'nothing saved on error');

    const goodFile = join(t.db.dataDir, 'good.json');
    writeFileSync(
      goodFile,
      JSON.stringify([
        good,
        { year: 2031, daysOff: ['2031-01-01'], workingWeekends: [], source: '测试（非真实）' },
      ]),
    );
    const ok = await runCliOn(t.db, ['calendar', 'import', goodFile]);
    assert.equal(ok.code, 0, ok.text);
    assert.match(ok.stdout, /已导入 2030 年/);
    assert.equal(await rows(), before + 2);

    writeFileSync(badFile, '{"year": 2032,');
    const broken = await runCliOn(t.db, ['calendar', 'import', badFile]);
    assert.equal(broken.code, 2, broken.text);
    assert.match(broken.stderr, /不是有效的 JSON/);

    const show = await runCliOn(t.db, ['calendar', 'show', '2022']);
    assert.equal(show.code, 0, show.text);
    assert.match(show.stdout, /2022-01-29 星期六 春节调休上班/);
  });
});
