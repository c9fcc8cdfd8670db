import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { bearer, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { listPublicOrgs } from '../org/service.ts';
import { isGrassroots } from '../org/model.ts';
import {
  checkEvidence,
  importWorkPlan,
  ledgerSummary,
  listTasks,
  reportProgress,
  sendReminders,
  type TaskView,
} from './service.ts';
import { exportLedgerXlsx, importLedgerXlsx, readLedgerWorkbook } from './xlsx.ts';

const sys = systemActor('test');

describe('ledger (demo import, unit ledgers, status, reminders, supervision)', () => {
  let t: TestApp;
  let planId: number;
  let tasks: TaskView[];
  const org = async (short: string) => (await listPublicOrgs(t.ctx.db)).find((o) => o.shortName === short)!;
  const task = (n: number) => tasks.find((x) => x.number === String(n))!;
  const count = async (
    table: 'ledger_progress' | 'ledger_evidence' | 'work_plans' | 'ledger_tasks' | 'notifications',
  ) =>
    Number(
      (
        await t.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await buildTestApp();
    const plans = await t.ctx.db.selectFrom('work_plans').selectAll().execute();
    assert.equal(plans.length, 1, 'the demo seeds the 2022 plan');
    planId = plans[0].id;
    tasks = await listTasks(t.ctx, sys, planId);
  });
  after(() => t?.close());

  it('imports the seed as exactly 23 tasks with their units resolved to the org tree', async () => {
    assert.equal(tasks.length, 23);
    const orgs = await listPublicOrgs(t.ctx.db);
    const depts = orgs.filter((o) => o.kind === 'department').map((o) => o.id);
    const towns = orgs.filter((o) => isGrassroots(o.kind)).map((o) => o.id);
    const ids = (...shorts: string[]) => shorts.map((s) => orgs.find((o) => o.shortName === s)!.id);
    const unitIds = (n: number) =>
      task(n)
        .units.map((u) => u.orgId)
        .sort((a, b) => a - b);
    const sorted = (a: number[]) => [...new Set(a)].sort((x, y) => x - y);
    assert.deepEqual(unitIds(1), sorted(ids('区政府办公室', '区政数局')));
    assert.deepEqual(unitIds(2), sorted([...ids('区发改委', '区政数局', '区科工局', '区商务局'), ...towns]));
    assert.deepEqual(
      unitIds(4),
      sorted([
        ...ids('区发改委', '区政数局', '区金融办', '区商务局', '区财政局', '区税务局', '区市场监管局'),
        ...towns,
      ]),
    );
    assert.deepEqual(unitIds(9), sorted([...ids('区农业农村局(区乡村振兴局)', '区资规分局'), ...towns]));
    assert.deepEqual(unitIds(12), sorted([...depts, ...towns]));
    assert.deepEqual(unitIds(13), ids('沙井街办'));
    assert.deepEqual(unitIds(14), sorted(towns));
    assert.deepEqual(unitIds(23), sorted([...ids('区政数局'), ...towns]));
    assert.deepEqual(task(23).unitNotes, ['其他具备条件的区政府有关部门']);
    assert.deepEqual(task(2).unitNotes, ['区商务局等数字经济工作领导小组成员单位']);
    assert.deepEqual(task(13).deadline, { kind: 'by', date: '2022-10-10' });
    assert.deepEqual(task(2).deadline, { kind: 'byThenOngoing', date: '2022-07-31' });
    assert.deepEqual(task(3).deadline, { kind: 'ongoing' });
    assert.equal(task(20).group, '优化政务公开平台建设');
  });

  it('reports unknown unit names instead of dropping them', async () => {
    const text =
      '2023年红谷滩区政务公开工作要点\n一、总体要求 略。 红谷滩区2023年政务公开工作要点任务台账 序号 目标任务 任务内容 责任单位 工作时限 (一)测试分组 1 测试 发布测试信息。 区发改委、区不存在局 2023年3月底前完成';
    const r = await importWorkPlan(t.ctx, sys, text);
    assert.deepEqual(r.unresolved, [{ number: '1', names: ['区不存在局'] }]);
    assert.equal(r.tasks[0].orgIds.length, 1);
    const stored = await listTasks(t.ctx, sys, r.plan.id);
    assert.deepEqual(stored[0].unitNotes, ['未识别的单位：区不存在局']);
    await t.ctx.db.deleteFrom('work_plans').where('id', '=', r.plan.id).execute();
  });

  it('refuses an unreadable plan and writes nothing', async () => {
    const before = [await count('work_plans'), await count('ledger_tasks')];
    const bad =
      '2022年某区政务公开工作要点\n一、总体要求 略。 任务台账 序号 目标任务 任务内容 责任单位 工作时限 (一)分组 1 目标 内容。 区发改委 尽快完成';
    await assert.rejects(
      importWorkPlan(t.ctx, sys, bad),
      (e: unknown) =>
        e instanceof AppError && e.status === 400 && /工作时限“尽快完成”无法识别/.test(e.userMessage),
    );
    assert.deepEqual([await count('work_plans'), await count('ledger_tasks')], before);
  });

  it('shows each unit only its own tasks; the openness office and leaders see all', async () => {
    const get = async (user: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/work-plans/${planId}/tasks`,
        headers: await bearer(t, user),
      });
      assert.equal(res.statusCode, 200, res.body);
      return (res.json() as { number: string }[]).map((x) => Number(x.number));
    };
    assert.deepEqual(await get('editor'), [2, 3, 4, 7, 12, 16, 17, 18, 19, 22], '区发改委');
    assert.deepEqual(
      await get('sj_editor'),
      [2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 22, 23],
      '沙井街办',
    );
    assert.equal((await get('gkb')).length, 23);
    assert.equal((await get('leader')).length, 23);
    const one = await t.app.inject({
      method: 'GET',
      url: `/api/v1/work-plans/${planId}/tasks`,
      headers: await bearer(t, 'gkb'),
    });
    const t1 = (one.json() as any[])[0];
    assert.deepEqual(t1.deadline, { kind: 'by', date: '2022-07-31' });
    assert.deepEqual(
      t1.responsibleUnits.map((u: any) => u.name),
      ['区政府办公室', '区政数局'],
    );
    const denied = await t.app.inject({
      method: 'GET',
      url: `/api/v1/ledger-tasks/${task(1).id}`,
      headers: await bearer(t, 'editor'),
    });
    assert.equal(denied.statusCode, 403);
    const anon = await t.app.inject({ method: 'GET', url: `/api/v1/work-plans` });
    assert.equal(anon.statusCode, 401);
  });

  it('lets a unit report only for itself; leaders are read-only', async () => {
    const fgw = await org('区发改委');
    const zsj = await org('区政数局');
    const office = await org('区政府办公室');
    const post = async (user: string, n: number, body: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/ledger-tasks/${task(n).id}/progress`,
        headers: await bearer(t, user),
        payload: body,
      });
    const before = await count('ledger_progress');
    assert.equal(
      (await post('editor', 1, { orgId: office.id, text: '越权', percent: 10 })).statusCode,
      403,
      'another unit’s task',
    );
    assert.equal(
      (await post('editor', 3, { orgId: zsj.id, text: '代报', percent: 10 })).statusCode,
      403,
      'a fellow unit of the task',
    );
    const notUnit = await post('editor', 3, { orgId: office.id, text: '代报', percent: 10 });
    assert.equal(notUnit.statusCode, 400);
    assert.match(notUnit.json().error.message, /不是此任务的责任单位/);
    assert.equal(
      (await post('leader', 3, { orgId: fgw.id, text: '领导', percent: 10 })).statusCode,
      403,
      'leader read-only',
    );
    assert.equal((await post('editor', 3, { orgId: fgw.id, text: '过头', percent: 150 })).statusCode, 400);
    assert.equal(
      (await post('editor', 3, { orgId: fgw.id, text: '多字段', percent: 10, extra: 1 })).statusCode,
      400,
    );
    assert.equal(await count('ledger_progress'), before, 'nothing written by refused reports');
    const ok = await post('editor', 3, { orgId: fgw.id, text: '已发布营商环境改革经验 3 篇。', percent: 40 });
    assert.equal(ok.statusCode, 201, ok.body);
    const gkb = await post('gkb', 3, { orgId: zsj.id, text: '公开办代为登记', percent: 20 });
    assert.equal(gkb.statusCode, 201, 'the openness office may report for any unit');
  });

  it('validates evidence links and records them', async () => {
    const office = await org('区政府办公室');
    const ev = async (body: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/ledger-tasks/${task(20).id}/evidence`,
        headers: await bearer(t, 'gkb'),
        payload: body,
      });
    const before = await count('ledger_evidence');
    const r1 = await ev({ orgId: office.id, kind: 'topic', url: 'https://example.com/x', title: '专题' });
    assert.equal(r1.statusCode, 400);
    assert.match(r1.json().error.fields.url, /站内路径/);
    assert.equal(
      (await ev({ orgId: office.id, kind: 'url', url: 'javascript:alert(1)', title: '坏链接' })).statusCode,
      400,
    );
    assert.equal((await ev({ orgId: office.id, kind: 'item', url: '/x', title: '  ' })).statusCode, 400);
    assert.equal(await count('ledger_evidence'), before);
    const ok = await ev({
      orgId: office.id,
      kind: 'item',
      url: '/articles/ipv6-upgrade',
      title: '政府网站 IPv6 改造完成',
    });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  it('derives status from deadline, reports and evidence as the clock moves', async () => {
    const at = async (iso: string) => {
      t.clock.set(iso);
      tasks = await listTasks(t.ctx, sys, planId);
    };
    await at('2022-03-01T02:00:00Z');
    const officeStatus = (n: number) => task(n).units.find((u) => u.orgName === '区政府办公室')!.status;
    assert.equal(officeStatus(1), 'done', 'demo: 100% with a topic page as evidence');
    assert.equal(task(1).status, 'in_progress', '区政数局 has not reported yet');
    assert.equal(task(15).status, 'in_progress', 'demo: 60%');
    assert.equal(task(3).units.find((u) => u.orgName === '区发改委')!.status, 'ongoing');
    assert.equal(task(20).status, 'not_started');
    await at('2022-07-01T02:00:00Z');
    assert.equal(task(15).status, 'overdue', 'after 2022-06-30 unfinished');
    // 100% without evidence is not done.
    const office = await org('区政府办公室');
    await reportProgress(t.ctx, sys, task(15).id, { orgId: office.id, text: '规程已印发', percent: 100 });
    await at('2022-07-01T02:00:00Z');
    assert.equal(task(15).status, 'overdue');
    // The evidence check finds task 1's topic page gone: no longer done.
    const seen: string[] = [];
    const r = await checkEvidence(t.ctx, t.clock.now(), async (url) => {
      seen.push(url);
      return !url.endsWith('/topics/szjj');
    });
    assert.ok(r.checked >= 2 && r.broken === 1, JSON.stringify(r));
    assert.ok(
      seen.every((u) => u.startsWith(t.ctx.config.publicUrl)),
      'seen.every((u) => u.startsWith(t.ctx.config.publicUrl))',
    );
    await at('2022-08-01T02:00:00Z');
    assert.equal(officeStatus(1), 'overdue', 'evidence broken, deadline passed');
    await checkEvidence(t.ctx, t.clock.now(), async () => true);
    await at('2022-08-01T02:00:00Z');
    assert.equal(officeStatus(1), 'done');
    assert.equal(task(2).status, 'overdue', 'byThenOngoing unfinished after its date');
  });

  it('reminds units 10 and 3 days before a deadline and once when overdue, without duplicates', async () => {
    const plan = await importWorkPlan(
      t.ctx,
      sys,
      '2024年红谷滩区政务公开工作要点\n一、总体要求 略。 红谷滩区2024年政务公开工作要点任务台账 序号 目标任务 任务内容 责任单位 工作时限 (一)测试分组 1 测试 发布测试信息。 区政府办公室、区发改委 2024年3月底前完成 2 测试 持续发布。 区发改委 持续推进',
    );
    const fgw = await org('区发改委');
    const inbox = async (username: string) =>
      t.ctx.db
        .selectFrom('notifications')
        .innerJoin('users', 'users.id', 'notifications.user_id')
        .select(['notifications.title', 'notifications.dedupe_key'])
        .where('users.username', '=', username)
        .where('notifications.dedupe_key', 'like', `ledger:%:${plan.tasks[0].id}:%`)
        .execute();
    t.clock.set('2024-03-20T01:00:00Z'); // 11 days before
    await sendReminders(t.ctx, t.clock.now());
    assert.equal((await inbox('editor')).length, 0);
    t.clock.set('2024-03-21T01:00:00Z'); // 10 days before
    await sendReminders(t.ctx, t.clock.now());
    await sendReminders(t.ctx, t.clock.now());
    assert.deepEqual(
      (await inbox('editor')).map((n) => n.title),
      ['台账任务还有 10 天到期：第 1 项（测试）'],
    );
    assert.equal((await inbox('gkb')).length, 1, '区政府办公室’s openness_admin');
    assert.equal((await inbox('reviewer')).length, 0, 'reviewers are not reminded');
    // 区发改委 finishes with evidence; 区政府办公室 does not.
    await reportProgress(t.ctx, sys, plan.tasks[0].id, { orgId: fgw.id, text: '完成', percent: 100 });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/ledger-tasks/${plan.tasks[0].id}/evidence`,
      headers: await bearer(t, 'editor'),
      payload: { orgId: fgw.id, kind: 'item', url: '/articles/1', title: '测试信息' },
    });
    t.clock.set('2024-03-29T01:00:00Z'); // 2 days before: the 3-day reminder
    await sendReminders(t.ctx, t.clock.now());
    t.clock.set('2024-04-02T01:00:00Z');
    await sendReminders(t.ctx, t.clock.now());
    await sendReminders(t.ctx, t.clock.now());
    assert.equal((await inbox('editor')).length, 1, 'the finished unit gets no more reminders');
    assert.deepEqual(
      (await inbox('gkb')).map((n) => n.title),
      [
        '台账任务还有 10 天到期：第 1 项（测试）',
        '台账任务还有 2 天到期：第 1 项（测试）',
        '台账任务已逾期：第 1 项（测试）',
      ],
    );
    const overdue = await t.ctx.db
      .selectFrom('notifications')
      .select('dedupe_key')
      .where('dedupe_key', 'like', `ledger:%:${plan.tasks[1].id}:%`)
      .execute();
    assert.equal(overdue.length, 0, 'ongoing tasks have no deadline reminders');
    await t.ctx.db.deleteFrom('work_plans').where('id', '=', plan.plan.id).execute();
    t.clock.set('2022-03-01T02:00:00Z');
  });

  it('lets a unit split its own task into sub-tasks with an owner and a date', async () => {
    const sj = await org('沙井街办');
    const api = async (user: string, body: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/ledger-tasks/${task(13).id}/subtasks`,
        headers: await bearer(t, user),
        payload: body,
      });
    const late = await api('sj_editor', {
      orgId: sj.id,
      content: '梳理标准目录',
      ownerName: '张三',
      dueDate: '2022-11-01',
    });
    assert.equal(late.statusCode, 400);
    assert.match(late.json().error.message, /不能晚于/);
    assert.equal(
      (await api('editor', { orgId: sj.id, content: '越权', ownerName: '李四', dueDate: '2022-09-01' }))
        .statusCode,
      403,
    );
    const ok = await api('sj_editor', {
      orgId: sj.id,
      content: '梳理标准目录',
      ownerName: '张三',
      dueDate: '2022-09-01',
    });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().number, '13-1');
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/work-plans/${planId}/tasks`,
      headers: await bearer(t, 'sj_editor'),
    });
    const t13 = (list.json() as any[]).find((x) => x.number === '13');
    assert.deepEqual(
      t13.subtasks.map((s: any) => [s.number, s.ownerName, s.deadline.date]),
      [['13-1', '张三', '2022-09-01']],
    );
  });

  it('runs supervision: inspection, findings, rectification answered by the unit, closure, escalation', async () => {
    const sj = await org('沙井街办');
    const call = async (user: string, url: string, payload?: object) =>
      t.app.inject({ method: 'POST', url, headers: await bearer(t, user), payload: payload ?? {} });
    assert.equal(
      (
        await call('leader', '/api/v1/inspections', {
          planId,
          orgId: sj.id,
          title: '督导',
          scheduledDate: '2022-10-08',
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (
        await call('gkb', '/api/v1/inspections', {
          planId,
          orgId: sj.id,
          title: '督导',
          scheduledDate: '2022-13-08',
        })
      ).statusCode,
      400,
    );
    const ins = await call('gkb', '/api/v1/inspections', {
      planId,
      orgId: sj.id,
      title: '“十县百乡”建设督导',
      scheduledDate: '2022-10-08',
    });
    assert.equal(ins.statusCode, 201, ins.body);
    const id = ins.json().id;
    t.clock.set('2022-10-09T02:00:00Z');
    assert.equal(
      (
        await call('gkb', `/api/v1/inspections/${id}/findings`, {
          doneDate: '2022-10-20',
          findings: '未来日期',
        })
      ).statusCode,
      400,
    );
    assert.equal(
      (
        await call('gkb', `/api/v1/inspections/${id}/findings`, {
          doneDate: '2022-10-08',
          findings: '标准目录未覆盖社区层级。',
        })
      ).statusCode,
      200,
    );
    const rect = await call('gkb', `/api/v1/inspections/${id}/rectifications`, {
      item: '补充社区层级标准目录',
      deadline: '2022-11-30',
    });
    assert.equal(rect.statusCode, 201);
    const rid = rect.json().id;
    assert.equal(
      (await call('gkb', `/api/v1/rectifications/${rid}/close`)).statusCode,
      400,
      'not answered yet',
    );
    assert.equal(
      (await call('editor', `/api/v1/rectifications/${rid}/answer`, { answer: '越权' })).statusCode,
      403,
    );
    assert.equal(
      (
        await call('sj_editor', `/api/v1/rectifications/${rid}/answer`, {
          answer: '已补充 12 个社区的标准目录。',
        })
      ).statusCode,
      200,
    );
    assert.equal((await call('sj_editor', `/api/v1/rectifications/${rid}/close`)).statusCode, 403);
    const closed = await call('gkb', `/api/v1/rectifications/${rid}/close`);
    assert.equal(closed.json().closed, true);
    assert.equal(
      (
        await call('gkb', '/api/v1/escalations', {
          planId,
          orgId: sj.id,
          kind: 'warning',
          date: '2022-12-30',
          documentRef: 'x',
        })
      ).statusCode,
      400,
    );
    const esc = await call('gkb', '/api/v1/escalations', {
      planId,
      orgId: sj.id,
      kind: 'admonition',
      date: '2022-12-30',
      documentRef: '红府办字〔2022〕1号（示例）',
    });
    assert.equal(esc.statusCode, 201, esc.body);
    const seenBy = async (user: string) =>
      (
        await t.app.inject({ method: 'GET', url: '/api/v1/inspections', headers: await bearer(t, user) })
      ).json();
    assert.equal((await seenBy('editor')).inspections.length, 0, '区发改委 sees none of 沙井街办’s');
    assert.ok(
      (await seenBy('sj_editor')).inspections.some((i: any) => i.id === id && i.rectifications.length === 1),
      "(await seenBy('sj_editor')).inspections.some((i: any) => i.id === id && i.rectifications.…",
    );
    assert.equal((await seenBy('sj_editor')).escalations.length, 1);
    t.clock.set('2022-03-01T02:00:00Z');
  });

  it('summarises the year for the annual report', async () => {
    const district = await org('红谷滩区');
    const s = await ledgerSummary(t.ctx.db, district.id, 2022);
    assert.equal(s.counts.total, 23);
    assert.equal(s.asOf, '2022-12-31');
    assert.equal(
      Object.values(s.counts.byStatus).reduce((a, b) => a + b, 0),
      23,
    );
    assert.ok(s.counts.byStatus.ongoing >= 1, JSON.stringify(s.counts));
    assert.ok(s.counts.completionPercent > 0 && s.counts.completionPercent < 100, JSON.stringify(s.counts));
    const unit = await ledgerSummary(t.ctx.db, (await org('区发改委')).id, 2022);
    assert.equal(unit.counts.total, 10, '区发改委’s share of the tasks');
  });

  it('exports the ledger as XLSX in the 台账 layout and imports it back', async () => {
    const buf = await exportLedgerXlsx(t.ctx, sys, planId);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    assert.equal(ws.getRow(1).getCell(1).value, '红谷滩区2022年政务公开工作要点任务台账');
    assert.deepEqual((ws.getRow(2).values as unknown[]).slice(1), [
      '序号',
      '目标任务',
      '任务内容',
      '责任单位',
      '工作时限',
      '进展情况',
      '完成情况',
    ]);
    assert.equal(ws.getRow(3).getCell(1).value, '（一）强化重点领域信息公开');
    const r = await importLedgerXlsx(t.ctx, sys, buf);
    assert.equal(r.tasks.length, 23);
    const again = await listTasks(t.ctx, sys, r.plan.id);
    const orig = await listTasks(t.ctx, sys, planId);
    for (let i = 0; i < 23; i++) {
      assert.deepEqual(again[i].deadline, orig[i].deadline);
      assert.equal(again[i].target, orig[i].target);
      assert.deepEqual(
        again[i].units.map((u) => u.orgId),
        orig[i].units.map((u) => u.orgId),
      );
    }
    await t.ctx.db.deleteFrom('work_plans').where('id', '=', r.plan.id).execute();
  });

  it('refuses an XLSX with bad rows, naming the row numbers, and imports nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['某区2022年政务公开工作要点任务台账']);
    ws.addRow(['序号', '目标任务', '任务内容', '责任单位', '工作时限']);
    ws.addRow(['（一）测试分组']);
    ws.addRow([1, '目标', '内容', '区发改委', '2022年7月底前完成']);
    ws.addRow([2, '', '', '区发改委', '2022年2月30日前']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const { errors } = await readLedgerWorkbook(buf);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^第 5 行：任务内容为空；工作时限“2022年2月30日前”无法识别/);
    const before = await count('work_plans');
    await assert.rejects(
      importLedgerXlsx(t.ctx, sys, buf),
      (e: unknown) => e instanceof AppError && e.status === 400 && /第 5 行/.test(e.userMessage),
    );
    await assert.rejects(
      importLedgerXlsx(t.ctx, sys, Buffer.from('not a zip')),
      (e: unknown) => e instanceof AppError && /不是有效的 Excel/.test(e.userMessage),
    );
    assert.equal(await count('work_plans'), before);
    const csrfless = await t.app.inject({ method: 'POST', url: '/admin/ledger/import' });
    assert.ok([401, 403].includes(csrfless.statusCode), '[401, 403].includes(csrfless.statusCode)');
  });

  it('uploads progress attachments through the back-office form and guards their download', async () => {
    const sj = await loginAs(t.app, 'sj_editor');
    const taskId = task(14).id;
    const page = await sj.get(`/admin/ledger/tasks/${taskId}`);
    assert.equal(page.statusCode, 200);
    const token = /\/progress\?_csrf=([^"]+)"/.exec(page.body)![1];
    const sjOrg = await org('沙井街办');
    const boundary = '----gongkai';
    const body = (file: { name: string; content: string } | null, percent = '30') =>
      [
        `--${boundary}\r\nContent-Disposition: form-data; name="orgId"\r\n\r\n${sjOrg.id}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n已完成标准目录初稿\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="percent"\r\n\r\n${percent}\r\n`,
        file
          ? `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n${file.content}\r\n`
          : '',
        `--${boundary}--\r\n`,
      ].join('');
    const send = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url: `/admin/ledger/tasks/${taskId}/progress?_csrf=${decodeURIComponent(token)}`,
        cookies: sj.cookies,
        remoteAddress: sj.remoteAddress,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    const before = await count('ledger_progress');
    const bad = await send(body({ name: 'virus.exe', content: 'MZ' }));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /类型不支持/);
    const badPercent = await send(body(null, '3x'));
    assert.equal(badPercent.statusCode, 400);
    assert.equal(await count('ledger_progress'), before);
    const ok = await send(body({ name: '标准目录.pdf', content: '%PDF-1.4 sample' }));
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const report = await t.ctx.db
      .selectFrom('ledger_progress')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const dl = await sj.get(`/admin/ledger/attachments/${report.id}/0`);
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.body, '%PDF-1.4 sample');
    const other = await loginAs(t.app, 'editor');
    assert.equal((await other.get(`/admin/ledger/attachments/${report.id}/0`)).statusCode, 403);
    assert.equal((await other.get(`/admin/ledger/tasks/${task(13).id}`)).statusCode, 403);
  });

  it('renders the back-office pages with SVG charts labelled for screen readers', async () => {
    const gkb = await loginAs(t.app, 'gkb');
    const dash = await gkb.get(`/admin/ledger?plan=${planId}`);
    assert.equal(dash.statusCode, 200);
    assert.match(dash.body, /<svg role="img" aria-labelledby="chart-[0-9a-f]+"/);
    assert.match(dash.body, /<title id="chart-[0-9a-f]+">各分组任务状态/);
    assert.doesNotMatch(dash.body, /style="/, 'no inline styles (CSP)');
    assert.match(dash.body, /<caption>各责任单位任务状态数据<\/caption>/);
    for (const url of [
      `/admin/ledger/plans/${planId}`,
      `/admin/ledger/plans/${planId}?org=1&status=overdue`,
      `/admin/ledger/tasks/${task(1).id}`,
      '/admin/ledger/supervision',
      '/admin',
    ]) {
      const res = await gkb.get(url);
      assert.equal(res.statusCode, 200, url);
    }
    const xlsx = await gkb.get(`/admin/ledger/plans/${planId}/export.xlsx`);
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    const leader = await loginAs(t.app, 'leader');
    const lt = await leader.get(`/admin/ledger/tasks/${task(1).id}`);
    assert.equal(lt.statusCode, 200);
    assert.doesNotMatch(lt.body, /报送进展/, 'leader sees no report form');
    const bad = await gkb.post(
      `/admin/ledger/tasks/${task(20).id}/evidence`,
      { orgId: String((await org('区政府办公室')).id), kind: 'topic', url: 'nope', title: '' },
      { from: `/admin/ledger/tasks/${task(20).id}` },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写佐证材料名称/);
  });
});
