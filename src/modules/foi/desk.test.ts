import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../context.ts';
import { residentIdCheckChar } from '../../lib/identifiers.ts';
import { bearer, buildTestApp, freePort, loginAs, Session, type TestApp } from '../../../test/helpers.ts';
import { createUser } from '../auth/service.ts';
import { emailJob } from '../notifications/service.ts';

/** A valid resident ID number ending in the check character X (so case matters when typed). */
function idWithX(): string {
  for (let n = 100; ; n++) {
    const first = `360112198502${String(10 + (n % 18)).padStart(2, '0')}${String(n).padStart(3, '0')}`;
    if (residentIdCheckChar(first) === 'X') return first + 'X';
  }
}
const idFor = (n: number) => {
  const first = `360112199001${10 + (n % 18)}${String(n).padStart(3, '0')}`;
  return first + residentIdCheckChar(first);
};

/** A real SMTP listener on localhost that keeps what it is sent. */
function smtpListener(): { server: Server; messages: string[] } {
  const messages: string[] = [];
  const server = createServer((sock: Socket) => {
    let data = false;
    let buf = '';
    sock.write('220 localhost test SMTP\r\n');
    sock.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      for (;;) {
        if (data) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buf.slice(0, end));
          buf = buf.slice(end + 5);
          data = false;
          sock.write('250 OK queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl).toUpperCase();
        buf = buf.slice(nl + 2);
        if (line.startsWith('EHLO') || line.startsWith('HELO')) sock.write('250 localhost\r\n');
        else if (line.startsWith('DATA')) {
          data = true;
          sock.write('354 go ahead\r\n');
        } else if (line.startsWith('QUIT')) {
          sock.end('221 bye\r\n');
          return;
        } else sock.write('250 OK\r\n');
      }
    });
  });
  return { server, messages };
}

describe('依申请公开: the handler’s desk', () => {
  let t: TestApp;
  let gkb: Record<string, string>;
  let handler: Record<string, string>;
  let orgOf: (short: string) => Promise<number>;
  before(async () => {
    t = await buildTestApp();
    gkb = await bearer(t, 'gkb');
    handler = await bearer(t, 'handler');
    orgOf = async (short) =>
      (
        await t.ctx.db
          .selectFrom('orgs')
          .select('id')
          .where('short_name', '=', short)
          .executeTakeFirstOrThrow()
      ).id;
    // A handler of another department (区财政局).
    await createUser(
      t.ctx,
      systemActor('test'),
      {
        username: 'czj_handler',
        displayName: '财政局承办人',
        orgId: await orgOf('区财政局'),
        roles: ['handler'],
        password: 'Gongkai@2022',
      },
      { demoSeed: true },
    );
  });
  after(() => t.close());

  const apply = async (over: Record<string, string> = {}) => {
    const s = new Session(t.app);
    const page = await s.get('/ysqgk/apply');
    const token = /name="formToken" value="([^"]+)"/.exec(page.body)![1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const res = await s.post(
      '/ysqgk/apply',
      {
        formToken: token,
        applicantType: 'natural',
        applicantName: '赵六',
        idNumber: idFor(7),
        phone: '13607911111',
        orgId: String(await orgOf('区发改委')),
        description: '2021年区级重大项目投资计划',
        ...over,
      },
      { csrf },
    );
    assert.equal(res.statusCode, 200, 'the application is taken');
    const number = /id="receipt-number">([^<]+)</.exec(res.body)![1];
    return await t.ctx.db
      .selectFrom('foi_applications')
      .select(['id', 'number'])
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
  };
  const register = async (over: Record<string, unknown> = {}) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/foi/applications',
      headers: gkb,
      payload: {
        channel: 'in_person',
        receivedOn: '2022-03-01',
        orgId: await orgOf('区发改委'),
        applicantType: 'natural',
        applicantName: '钱七',
        idNumber: idFor(8),
        phone: '13707912222',
        description: '某道路改造工程的立项批复',
        ...over,
      },
    });
    assert.equal(res.statusCode, 201, `registered: ${res.body}`);
    return res.json().application as { id: number; number: string };
  };
  const eventsOf = async (id: number) =>
    (await t.ctx.db.selectFrom('foi_events').select('type').where('application_id', '=', id).execute()).map(
      (e) => e.type,
    );

  it('shows an online application in the addressed org’s queue to its handlers before 公开办 confirms; not to another department', async () => {
    const a = await apply();
    const own = await loginAs(t.app, 'handler');
    const queue = await own.get('/admin/foi/queue');
    assert.equal(queue.statusCode, 200, 'the department handler may open the queue');
    assert.ok(queue.body.includes(a.number), 'the addressed org’s handler sees it');
    const list = await own.get('/admin/foi');
    assert.match(list.body, /待确认队列（\d+ 件）/, 'the dashboard links the queue with its count');
    const other = await loginAs(t.app, 'czj_handler');
    const theirs = await other.get('/admin/foi/queue');
    assert.equal(theirs.statusCode, 200, 'the other handler has a queue too');
    assert.ok(!theirs.body.includes(a.number), 'another department’s handler does not see it');
    assert.equal((await other.get(`/admin/foi/${a.id}`)).statusCode, 403, 'nor open it');
    const office = await loginAs(t.app, 'gkb');
    assert.ok((await office.get('/admin/foi/queue')).body.includes(a.number), '公开办 still sees all');
  });

  it('lets the department handler confirm it, after a confirm page; the org’s other handlers are told', async () => {
    const a = await apply({ idNumber: idFor(9) });
    const s = await loginAs(t.app, 'handler');
    const page = await s.get(`/admin/foi/${a.id}`);
    assert.match(page.body, /下一步[\s\S]*核对申请后确认收到/, 'the next step is to confirm');
    const ask = await s.post(
      `/admin/foi/${a.id}/confirm`,
      { on: '2022-03-01' },
      { from: `/admin/foi/${a.id}` },
    );
    assert.equal(ask.statusCode, 200, 'a confirm page, not a write');
    assert.match(ask.body, /请确认：确认收到申请/);
    assert.match(ask.body, /2022年3月29日/, 'says the due date it will give');
    const row0 = await t.ctx.db
      .selectFrom('foi_applications')
      .select('received_on')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    assert.equal(row0.received_on, null, 'nothing written without confirm');
    const done = await s.post(
      `/admin/foi/${a.id}/confirm`,
      { on: '2022-03-01', confirm: '1' },
      { from: `/admin/foi/${a.id}` },
    );
    assert.equal(done.statusCode, 303);
    const after = await s.get(String(done.headers.location));
    assert.match(after.body, /已完成：确认收到申请/, 'reports what it did');
    const row = await t.ctx.db
      .selectFrom('foi_applications')
      .select(['received_on', 'due_date'])
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { received_on: '2022-03-01', due_date: '2022-03-29' });
    // The demo 发改委 has one handler (the actor): a second one is told.
    await createUser(
      t.ctx,
      systemActor('test'),
      {
        username: 'fgw_handler2',
        displayName: '发改委承办人二',
        orgId: await orgOf('区发改委'),
        roles: ['handler'],
        password: 'Gongkai@2022',
      },
      { demoSeed: true },
    );
    const b = await apply({ idNumber: idFor(10) });
    const office = await loginAs(t.app, 'gkb');
    assert.equal(
      (await office.post(`/admin/foi/${b.id}/confirm`, { confirm: '1' }, { from: `/admin/foi/${b.id}` }))
        .statusCode,
      303,
    );
    const notes = await t.ctx.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.username', 'notifications.title'])
      .where('notifications.title', 'like', `%${b.number}%`)
      .execute();
    assert.deepEqual(
      notes.map((n) => n.username).sort(),
      ['fgw_handler2', 'handler'],
      'the org’s handlers are told',
    );
    assert.match(notes[0].title, /已确认收到，请办理/);
  });

  it('sends a notice on assignment, and its e-mail copy through a real SMTP listener', async () => {
    const a = await register({ idNumber: idFor(11) });
    const handlerId = (
      await t.ctx.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'handler')
        .executeTakeFirstOrThrow()
    ).id;
    await t.ctx.db
      .updateTable('users')
      .set({ email: 'handler@example.cn' })
      .where('id', '=', handlerId)
      .execute();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/applications/${a.id}/events`,
      headers: gkb,
      payload: { type: 'assigned', orgId: await orgOf('区发改委'), handlerId },
    });
    assert.equal(res.statusCode, 201, res.body);
    const note = await t.ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', handlerId)
      .where('title', 'like', `%${a.number}%已分办给您%`)
      .executeTakeFirst();
    assert.ok(note, 'an in-app notice to the assigned handler');
    assert.equal(note.link, `/admin/foi/${a.id}`, 'linking the case');
    assert.match(note.body, /答复期限 2022-03-29/, 'with the due date');
    const { server, messages } = smtpListener();
    const port = await freePort();
    await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
    try {
      const ctx = {
        ...t.ctx,
        config: { ...t.ctx.config, smtp: { host: '127.0.0.1', port, from: 'gongkai@example.cn' } },
      };
      await emailJob.run(ctx, t.clock.now());
      const mail = messages.find((m) => m.includes('handler@example.cn'));
      assert.ok(mail, 'the e-mail copy reached the SMTP listener');
      const sent = await t.ctx.db
        .selectFrom('notifications')
        .select('emailed_at')
        .where('id', '=', note.id)
        .executeTakeFirstOrThrow();
      assert.ok(sent.emailed_at, 'the notice is marked e-mailed');
    } finally {
      server.close();
    }
  });

  it('confirms every action first: a POST without confirm writes nothing and shows the confirm page', async () => {
    const a = await register({ idNumber: idFor(12) });
    const s = await loginAs(t.app, 'handler');
    const form = { type: 'correction_requested', periodDays: '15', reason: '请说明项目名称' };
    const ask = await s.post(`/admin/foi/${a.id}/events`, form, { from: `/admin/foi/${a.id}` });
    assert.equal(ask.statusCode, 200);
    assert.match(ask.body, /请确认：发出补正通知/, 'the confirm page names the action');
    assert.match(ask.body, /补正申请通知书/, 'and the letter it will issue');
    assert.match(ask.body, /name="confirm" value="1"/, 'posts back with the confirm flag');
    assert.match(ask.body, /返回，不办理/, 'with a way back');
    assert.deepEqual(await eventsOf(a.id), [], 'nothing recorded');
    const done = await s.post(
      `/admin/foi/${a.id}/events`,
      { ...form, confirm: '1' },
      { from: `/admin/foi/${a.id}` },
    );
    assert.equal(done.statusCode, 303);
    assert.deepEqual(await eventsOf(a.id), ['correction_requested'], 'recorded once confirmed');
    const page = await s.get(String(done.headers.location));
    assert.match(page.body, /已完成：[^<]*补正/, 'reports what it did');
    assert.match(page.body, /下一步[\s\S]*等待申请人补正，补正期限到 2022年3月22日/, 'and the new next step');
    // A refused action is refused at once, never through a confirm page.
    const bad = await s.post(
      `/admin/foi/${a.id}/events`,
      { type: 'fee_paid' },
      { from: `/admin/foi/${a.id}` },
    );
    assert.equal(bad.statusCode, 409);
  });

  it('shows the next step for a case on a moved clock: due date, then overdue', async () => {
    const a = await register({ idNumber: idFor(13) });
    const s = await loginAs(t.app, 'handler');
    assert.match(
      (await s.get(`/admin/foi/${a.id}`)).body,
      /在 2022年3月29日（星期二） 前答复申请人（还有 20 个工作日）/,
    );
    t.clock.set(new Date('2022-03-31T02:00:00Z'));
    try {
      const later = await loginAs(t.app, 'handler');
      assert.match(
        (await later.get(`/admin/foi/${a.id}`)).body,
        /已超过答复期限 2022年3月29日（星期二）（已过期 2 个工作日）/,
      );
    } finally {
      t.clock.set(new Date('2022-03-01T02:00:00Z'));
    }
  });

  it('finds the applicant’s earlier applications by the sealed ID typed differently, and by phone', async () => {
    const id = idWithX();
    const first = await register({
      idNumber: id.toLowerCase(),
      phone: '13807913333',
      description: '2021年区级财政预算执行情况',
    });
    const row = await t.ctx.db
      .selectFrom('foi_applications')
      .select(['applicant_id_number', 'id_key', 'phone_key'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    assert.ok(row.applicant_id_number.startsWith('enc1.'), 'the ID number is sealed at rest');
    assert.ok(row.id_key?.startsWith('h.') && !row.id_key.includes(id), 'the lookup key is a keyed hash');
    t.clock.set(new Date('2022-03-01T03:00:00Z'));
    const wide = [...id].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
    const second = await register({
      idNumber: wide,
      phone: '13900000000',
      description: '请提供2021年区级财政预算执行情况的报告',
    });
    t.clock.set(new Date('2022-03-01T04:00:00Z'));
    const third = await register({
      idNumber: idFor(14),
      phone: '+86 138-0791-3333',
      description: '某学校扩建规划',
    });
    t.clock.set(new Date('2022-03-01T02:00:00Z'));
    const earlier = (
      await t.app.inject({ url: `/api/v1/foi/applications/${second.id}/earlier`, headers: handler })
    ).json();
    assert.equal(earlier.length, 1, 'one earlier application');
    assert.equal(earlier[0].number, first.number, 'the first, by the same ID in another form');
    assert.deepEqual(earlier[0].matchedBy, ['id']);
    assert.ok(earlier[0].similarity.similar, 'the requested content is similar');
    assert.match(earlier[0].explanation, /财政预算/, 'explained by the shared words');
    const byPhone = (
      await t.app.inject({ url: `/api/v1/foi/applications/${third.id}/earlier`, headers: handler })
    ).json();
    assert.deepEqual(
      byPhone.map((e: { number: string }) => e.number),
      [first.number],
      'the phone in another format matches, the later one is not listed',
    );
    assert.deepEqual(byPhone[0].matchedBy, ['phone']);
    assert.ok(!byPhone[0].similarity.similar, 'different content is not similar');
    const other = await bearer(t, 'czj_handler');
    assert.equal(
      (await t.app.inject({ url: `/api/v1/foi/applications/${second.id}/earlier`, headers: other }))
        .statusCode,
      403,
      'another department cannot look',
    );
    const page = await (await loginAs(t.app, 'handler')).get(`/admin/foi/${second.id}`);
    assert.match(page.body, /申请人此前的申请[\s\S]*相似/, 'the case page lists it as similar');
  });

  it('closes as rejected.duplicate only naming an earlier answered case; the link is stored both ways and named in the letter', async () => {
    const id = idFor(15);
    const first = await register({ idNumber: id, description: '某小区规划许可证及附图' });
    t.clock.set(new Date('2022-03-01T03:00:00Z'));
    const second = await register({ idNumber: id, description: '某小区规划许可证及附图' });
    t.clock.set(new Date('2022-03-01T02:00:00Z'));
    const close = (over: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/foi/applications/${second.id}/events`,
        headers: handler,
        payload: { type: 'closed', outcome: 'rejected.duplicate', ...over },
      });
    const none = await close({});
    assert.equal(none.statusCode, 400, 'refused without an earlier case');
    assert.match(none.json().error.message, /重复申请.*须选择申请人此前已获答复的相同申请/);
    const open = await close({ earlierId: first.id });
    assert.equal(open.statusCode, 400, 'refused while the earlier case is unanswered');
    assert.match(open.json().error.message, /尚未答复/);
    const s = await loginAs(t.app, 'handler');
    const form = await s.post(
      `/admin/foi/${second.id}/events`,
      { type: 'closed', outcome: 'rejected.duplicate', confirm: '1' },
      { from: `/admin/foi/${second.id}` },
    );
    assert.equal(form.statusCode, 400, 'the form is refused too');
    assert.match(form.body, /须选择申请人此前已获答复的相同申请/);
    assert.deepEqual(await eventsOf(second.id), [], 'nothing written');
    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/applications/${first.id}/events`,
      headers: handler,
      payload: { type: 'closed', outcome: 'disclosed' },
    });
    assert.equal(answered.statusCode, 201);
    const ok = await close({ earlierId: first.id });
    assert.equal(ok.statusCode, 201, ok.body);
    const row = await t.ctx.db
      .selectFrom('foi_applications')
      .select(['duplicate_of', 'outcome'])
      .where('id', '=', second.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { duplicate_of: first.id, outcome: 'rejected.duplicate' });
    const letter = await t.ctx.db
      .selectFrom('foi_letters')
      .select('content')
      .where('application_id', '=', second.id)
      .executeTakeFirstOrThrow();
    assert.ok(letter.content.includes(first.number), 'the reply letter names the earlier application');
    const earlierPage = await s.get(`/admin/foi/${first.id}`);
    assert.match(
      earlierPage.body,
      new RegExp(`以“重复申请”办结，前次申请为本申请[\\s\\S]*${second.number}`),
      'the earlier case links its repeat',
    );
    const laterPage = await s.get(`/admin/foi/${second.id}`);
    assert.match(
      laterPage.body,
      new RegExp(`重复申请，前次申请 ${first.number}`),
      'the history names the earlier case',
    );
  });
});
