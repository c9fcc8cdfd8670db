import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, loginAs, runCliOn, Session, type TestApp } from '../../../test/helpers.ts';
import { listPublicOrgs } from '../org/service.ts';
import { inquiryRemindersJob } from './service.ts';

const receipt = (body: string) => {
  const number = /查询编号：<strong>([^<]+)</.exec(body)?.[1];
  const code = /查询码：<strong>([^<]+)</.exec(body)?.[1];
  return { number: number!, code: code! };
};

describe('policy inquiries', () => {
  let t: TestApp;
  let orgId: (short: string) => number;
  const count = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('inquiries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const ask = (over: Record<string, string> = {}) => ({
    askerKind: 'person',
    askerName: '测试市民',
    contact: 'test@example.com',
    title: '测试咨询',
    question: '请问政策如何申请？',
    orgId: String(orgId('区发改委')),
    ...over,
  });
  const idOf = async (number: string) =>
    (
      await t.ctx.db
        .selectFrom('inquiries')
        .select('id')
        .where('number', '=', number)
        .executeTakeFirstOrThrow()
    ).id;
  const inbox = async (username: string, needle: string) => {
    const u = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return (
      await t.ctx.db.selectFrom('notifications').select('title').where('user_id', '=', u.id).execute()
    ).filter((n) => n.title.includes(needle));
  };

  before(async () => {
    t = await buildTestApp({ start: '2022-01-28T02:00:00Z' }); // Friday before the 2022 Spring Festival
    const orgs = await listPublicOrgs(t.ctx.db);
    orgId = (s) => orgs.find((o) => o.shortName === s)!.id;
  });
  after(() => t.close());

  it('takes a question through the portal form without JavaScript and gives a number, a code and a working-day deadline', async () => {
    const citizen = new Session(t.app);
    const res = await citizen.post('/hdjl/zxzx', ask({ title: '春节前的咨询' }), { from: '/hdjl/zxzx' });
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    const { number, code } = receipt(res.body);
    assert.match(number, /^ZX2022-\d{5}$/);
    assert.match(code, /^[A-Z2-9]{10}$/);
    assert.match(res.body, /答复期限：2022-02-09/);
    // Only the hash is stored.
    const row = await t.ctx.db
      .selectFrom('inquiries')
      .selectAll()
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    assert.notEqual(row.code_hash, code);
    assert.ok(!JSON.stringify(row).includes(code), '!JSON.stringify(row).includes(code)');

    const tracked = await citizen.post(
      '/hdjl/zxzx/track',
      { number, code: code.toLowerCase() },
      { from: '/hdjl/zxzx/track' },
    );
    assert.equal(tracked.statusCode, 200);
    assert.match(tracked.body, /春节前的咨询/);
    assert.match(tracked.body, /待答复/);
    const wrong = await citizen.post(
      '/hdjl/zxzx/track',
      { number, code: 'AAAAAAAAAA' },
      { from: '/hdjl/zxzx/track' },
    );
    assert.equal(wrong.statusCode, 404);
    assert.match(wrong.body, /查询编号或查询码不正确/);
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inquiries/track',
      headers: await bearer(t, 'gkb'),
      payload: { number, code },
    });
    assert.equal(api.json().dueDate, '2022-02-09');
  });

  it('refuses bad input in Chinese and without CSRF, writing nothing', async () => {
    const citizen = new Session(t.app);
    const before = await count();
    const empty = await citizen.post(
      '/hdjl/zxzx',
      { askerKind: 'person', askerName: '', contact: '', title: '', question: '', orgId: '' },
      { from: '/hdjl/zxzx' },
    );
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写咨询内容/);
    assert.match(empty.body, /请选择咨询的单位/);
    const badOrg = await citizen.post('/hdjl/zxzx', ask({ orgId: '99999' }), { from: '/hdjl/zxzx' });
    assert.equal(badOrg.statusCode, 400);
    const noCsrf = await citizen.post('/hdjl/zxzx', ask(), { csrf: false });
    assert.equal(noCsrf.statusCode, 403);
    const apiBad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inquiries',
      headers: await bearer(t, 'gkb'),
      payload: { askerKind: 'robot' },
    });
    assert.equal(apiBad.statusCode, 400);
    assert.match(apiBad.json().error.message, /[\u4e00-\u9fff]/);
    assert.equal(await count(), before);
  });

  it('rate-limits public submissions per address', async () => {
    const citizen = new Session(t.app);
    const token = await citizen.csrf('/hdjl/zxzx');
    let last = 0;
    for (let i = 0; i < 11; i++)
      last = (await citizen.post('/hdjl/zxzx', ask({ title: `批量${i}` }), { csrf: token })).statusCode;
    assert.equal(last, 429);
  });

  it('lets only the responsible org (and the openness office) answer, and follows a re-route', async () => {
    const citizen = new Session(t.app);
    const { number } = receipt(
      (await citizen.post('/hdjl/zxzx', ask({ title: '转办测试' }), { from: '/hdjl/zxzx' })).body,
    );
    const id = await idOf(number);
    const sj = await bearer(t, 'sj_editor');
    const handler = await bearer(t, 'handler');
    assert.equal((await t.app.inject({ url: `/api/v1/inquiries/${id}`, headers: sj })).statusCode, 403);
    const sjAnswer = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inquiries/${id}/answer`,
      headers: sj,
      payload: { answer: '越权答复' },
    });
    assert.equal(sjAnswer.statusCode, 403);
    // A unit cannot route; the openness office can.
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/inquiries/${id}/route`,
          headers: handler,
          payload: { orgId: orgId('沙井街办') },
        })
      ).statusCode,
      403,
    );
    const routed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inquiries/${id}/route`,
      headers: await bearer(t, 'gkb'),
      payload: { orgId: orgId('沙井街办'), reason: '属街道事项' },
    });
    assert.equal(routed.statusCode, 200);
    assert.equal(routed.json().dueDate, '2022-02-09', 'a re-route keeps the deadline');
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/inquiries/${id}/answer`,
          headers: handler,
          payload: { answer: '原单位答复' },
        })
      ).statusCode,
      403,
    );
    const empty = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inquiries/${id}/answer`,
      headers: sj,
      payload: { answer: '  ' },
    });
    assert.equal(empty.statusCode, 400);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inquiries/${id}/answer`,
      headers: sj,
      payload: { answer: '您好，已答复。' },
    });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().status, 'answered');
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/inquiries/${id}/answer`,
          headers: sj,
          payload: { answer: '再答' },
        })
      ).statusCode,
      409,
    );
    const events = (await t.app.inject({ url: `/admin/inquiries/${id}`, headers: sj })).body;
    assert.match(events, /转至红谷滩区沙井街道办事处：属街道事项/);
  });

  it('publishes an FAQ only after an explicit step, refusing personal information and pending questions', async () => {
    const staff = await loginAs(t.app, 'gkb');
    const res = await staff.post(
      '/admin/inquiries/new',
      ask({ channel: 'phone', zoneId: '', title: 'FAQ 测试' }),
      { from: '/admin/inquiries/new' },
    );
    assert.equal(res.statusCode, 200);
    const number = /查询编号 <strong>([^<]+)</.exec(res.body)![1];
    const id = await idOf(number);
    const api = await bearer(t, 'gkb');
    const faq = {
      question: '政策如何申请？',
      answer: '请到窗口申请。',
      links: [{ title: '某某通知', url: '/gfxwj/1' }],
    };
    assert.equal(
      (await t.app.inject({ method: 'POST', url: `/api/v1/inquiries/${id}/faq`, headers: api, payload: faq }))
        .statusCode,
      409,
    );
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/inquiries/${id}/answer`,
      headers: api,
      payload: { answer: '请到窗口申请，联系人电话 13912345678。' },
    });
    // Not public until published.
    assert.equal((await t.app.inject({ url: `/hdjl/zxzx/faq/${id}` })).statusCode, 404);
    const leaking = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inquiries/${id}/faq`,
      headers: api,
      payload: { ...faq, answer: '请到窗口申请，联系人电话 139 1234 5678。' },
    });
    assert.equal(leaking.statusCode, 400);
    assert.match(leaking.json().error.message, /手机号码/);
    assert.equal((await t.app.inject({ url: `/hdjl/zxzx/faq/${id}` })).statusCode, 404);
    // A handler may answer but not publish.
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/inquiries/${id}/faq`,
          headers: await bearer(t, 'handler'),
          payload: faq,
        })
      ).statusCode,
      403,
    );
    // The full publishing gate: a personal e-mail address and a serious 错敏词 block too, not only ID and mobile numbers.
    const mail = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inquiries/${id}/faq`,
      headers: api,
      payload: { ...faq, answer: '请发邮件至 zhangsan1980@163.com 咨询。' },
    });
    assert.equal(mail.statusCode, 400);
    assert.match(mail.json().error.message, /个人电子邮箱/);
    const wrong = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inquiries/${id}/faq`,
      headers: api,
      payload: { ...faq, answer: '依据中华人民共合国有关规定办理。' },
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.json().error.message, /严重错误或敏感表述（“中华人民共合国”应为“中华人民共和国”）/);
    const badLink = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inquiries/${id}/faq`,
      headers: api,
      payload: { ...faq, links: [{ title: 'x', url: 'javascript:alert(1)' }] },
    });
    assert.equal(badLink.statusCode, 400);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inquiries/${id}/faq`,
      headers: api,
      payload: faq,
    });
    assert.equal(ok.statusCode, 200);
    const page = await t.app.inject({ url: `/hdjl/zxzx/faq/${id}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /某某通知/);
    assert.doesNotMatch(page.body, /13912345678|测试市民|test@example.com/);
    const list = (await t.app.inject({ url: '/api/v1/faqs?q=政策如何' })).json();
    assert.equal(list.length, 1);
    // Site search finds the FAQ once published, and no longer once withdrawn.
    const found = async () =>
      (
        (await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent('窗口申请')}` })).json() as {
          hits: { url: string }[];
        }
      ).hits.some((h) => h.url === `/hdjl/zxzx/faq/${id}`);
    assert.equal(await found(), true);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/inquiries/${id}/faq`, headers: api });
    assert.equal((await t.app.inject({ url: `/hdjl/zxzx/faq/${id}` })).statusCode, 404);
    assert.equal(await found(), false);
    const { faqSearchSources } = await import('./service.ts');
    const sources: number[] = [];
    for await (const d of faqSearchSources(t.ctx)) sources.push(d.refId);
    assert.ok(sources.length > 0 && !sources.includes(id), 'reindexing reads published FAQs only');
  });

  it('reminds the unit on the due day and when overdue, warns the openness office from 30 and 60 days, once each', async () => {
    t.clock.set('2022-03-01T02:00:00Z');
    const citizen = new Session(t.app);
    const { number } = receipt(
      (await citizen.post('/hdjl/zxzx', ask({ title: '期限提醒测试' }), { from: '/hdjl/zxzx' })).body,
    );
    const id = await idOf(number);
    const row = await t.ctx.db
      .selectFrom('inquiries')
      .select('due_date')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.due_date, '2022-03-08');
    const run = () => inquiryRemindersJob.run(t.ctx, t.clock.now());
    await run();
    assert.equal((await inbox('handler', '期限提醒测试')).length, 0);
    t.clock.set('2022-03-08T02:00:00Z');
    await run();
    await run();
    assert.equal((await inbox('handler', '期限提醒测试”今日到期')).length, 1);
    t.clock.set('2022-03-09T02:00:00Z');
    await run();
    assert.equal((await inbox('handler', '期限提醒测试”已超过答复期限')).length, 1);
    assert.equal((await inbox('gkb', '期限提醒测试')).length, 0);
    assert.equal((await inbox('sj_editor', '期限提醒测试')).length, 0);
    t.clock.set('2022-04-01T02:00:00Z');
    await run();
    assert.equal(
      (await inbox('gkb', '超过 30 天')).filter((n) => n.title.includes('期限提醒测试')).length,
      1,
    );
    t.clock.set('2022-05-01T02:00:00Z');
    await run();
    await run();
    assert.equal(
      (await inbox('gkb', '临近 3 个月')).filter((n) => n.title.includes('期限提醒测试')).length,
      1,
    );
    // The openness office's dashboard counts unanswered questions by age, long before the veto line.
    const dash = await (await loginAs(t.app, 'gkb')).get('/admin');
    assert.match(dash.body, /政策咨询：未答复 \d+ 件/);
    assert.match(dash.body, /超过 60 天未答复，临近 3 个月单项否决：1 件/);
    t.clock.set('2022-06-02T02:00:00Z');
    assert.match(
      (await (await loginAs(t.app, 'gkb')).get('/admin')).body,
      /超过 3 个月未答复（单项否决）：\d+ 件/,
    );
    // An invalid message leaves the unanswered list.
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/inquiries/${id}/invalid`,
      headers: await bearer(t, 'handler'),
      payload: { reason: '重复提交' },
    });
    const pending = (
      await t.app.inject({ url: '/api/v1/inquiries?status=pending', headers: await bearer(t, 'gkb') })
    ).json() as { id: number }[];
    assert.ok(!pending.some((q) => q.id === id), '!pending.some((q) => q.id === id)');
  });

  it('uses the configured answer limit for new questions; only the openness office may change it', async () => {
    t.clock.set('2022-03-01T02:00:00Z');
    const editor = await loginAs(t.app, 'editor');
    assert.equal(
      (await editor.post('/admin/inquiries/settings', { answerWorkdays: '3' }, { from: '/admin' }))
        .statusCode,
      403,
    );
    const gkb = await loginAs(t.app, 'gkb');
    assert.equal(
      (await gkb.post('/admin/inquiries/settings', { answerWorkdays: '0' }, { from: '/admin' })).statusCode,
      400,
    );
    assert.equal(
      (await gkb.post('/admin/inquiries/settings', { answerWorkdays: '3' }, { from: '/admin' })).statusCode,
      303,
    );
    const res = await new Session(t.app).post('/hdjl/zxzx', ask({ title: '三日时限' }), {
      from: '/hdjl/zxzx',
    });
    assert.match(res.body, /答复期限：2022-03-04/);
  });

  it('counts the answer deadline on the calendar module, admin-entered notices included', async () => {
    t.clock.set('2022-03-01T02:00:00Z');
    const { loadCalendar, saveCalendarNotice } = await import('../calendar/service.ts');
    const { systemActor } = await import('../../context.ts');
    const official = (await loadCalendar(t.ctx.db)).noticeFor(2022).notice;
    // A (fictitious) extra day off on 2022-03-02 moves a 3-working-day limit from 03-04 to 03-07.
    await saveCalendarNotice(t.ctx, systemActor('test'), {
      year: 2022,
      daysOff: [...official.daysOff, '2022-03-02'],
      workingWeekends: official.workingWeekends,
      source: '测试（非真实）',
    });
    const res = await new Session(t.app).post('/hdjl/zxzx', ask({ title: '日历测试' }), {
      from: '/hdjl/zxzx',
    });
    assert.match(res.body, /答复期限：2022-03-07/);
  });

  it('numbers simultaneous submissions uniquely and loses none', async () => {
    const { submitInquiry } = await import('./service.ts');
    const { publicActor } = await import('../../context.ts');
    const before = await count();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        submitInquiry(t.ctx, publicActor(), {
          askerKind: 'person',
          askerName: '并发',
          contact: 'x',
          title: `并发${i}`,
          question: '问',
          orgId: orgId('区发改委'),
        }),
      ),
    );
    assert.equal(new Set(results.map((r) => r.inquiry.number)).size, 8);
    assert.equal(await count(), before + 8);
  });

  it('shows staff only their own org’s inquiries and renders the back-office screens', async () => {
    const sj = (
      await t.app.inject({ url: '/api/v1/inquiries', headers: await bearer(t, 'sj_editor') })
    ).json() as { orgId: number }[];
    assert.ok(
      sj.every((q) => q.orgId === orgId('沙井街办')),
      "sj.every((q) => q.orgId === orgId('沙井街办'))",
    );
    const s = await loginAs(t.app, 'gkb');
    for (const url of [
      '/admin/inquiries',
      '/admin/inquiries?status=pending',
      '/admin/inquiries/new',
      '/admin/inquiries/1',
      '/hdjl/zxzx/faq',
      '/hdjl/zxzx/faq/1',
    ]) {
      assert.equal((await s.get(url)).statusCode, 200, url);
    }
  });
});

describe('inquiry CLI', () => {
  it('sets the answer limit and lists unanswered inquiries', async () => {
    const t = await buildTestApp();
    const out: string[] = [];
    try {
      for (const [args, code] of [
        [['inquiry', 'set-limit', '7'], 0],
        [['inquiry', 'set-limit', '0'], 2],
        [['inquiry', 'unanswered'], 0],
        [['media', 'stale'], 0],
      ] as const) {
        const r = await runCliOn(t.db, [...args]);
        assert.equal(r.code, code, `${args.join(' ')}: ${r.text}`);
        out.push(r.text);
      }
    } finally {
      await t.close();
    }
    const text = out.join('\n');
    assert.match(text, /答复时限已设为 7 个工作日/);
    assert.match(text, /1–60/);
    assert.match(text, /共 \d+ 件未答复/);
    assert.match(text, /红谷滩政数/); // the demo's stale account
  });
});
