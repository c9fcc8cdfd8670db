import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mammoth from 'mammoth';
import ExcelJS from 'exceljs';
import { residentIdCheckChar } from '../../lib/identifiers.ts';
import { systemActor } from '../../context.ts';
import { bearer, buildTestApp, loginAs, Session, type TestApp } from '../../../test/helpers.ts';
import { saveCalendarNotice } from '../calendar/service.ts';
import { importApplications, readRows } from './export.ts';
import { sendFoiReminders } from './jobs.ts';

const idFor = (n: number) => {
  const first = `360112198001${10 + (n % 18)}${String(n).padStart(3, '0')}`;
  return first + residentIdCheckChar(first);
};

describe('依申请公开 over HTTP', () => {
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
  });
  after(() => t.close());

  const count = async () => (await t.ctx.db.selectFrom('foi_applications').select('id').execute()).length;
  const applyForm = async (s: Session, over: Record<string, string> = {}) => {
    const page = await s.get('/ysqgk/apply');
    const token = /name="formToken" value="([^"]+)"/.exec(page.body)![1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const form = {
      formToken: token,
      applicantType: 'natural',
      applicantName: '张三',
      idNumber: idFor(1),
      phone: '13807911234',
      orgId: String(await orgOf('区财政局')),
      description: '2021年区级财政预算执行情况',
      ...over,
    };
    return { token, csrf, form, res: await s.post('/ysqgk/apply', form, { csrf }) };
  };
  const register = (headers: Record<string, string>, over: Record<string, unknown> = {}) =>
    orgOf('区发改委').then((orgId) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/foi/applications',
        headers,
        payload: {
          channel: 'in_person',
          receivedOn: '2022-03-01',
          orgId,
          applicantType: 'natural',
          applicantName: '李四',
          idNumber: idFor(2),
          phone: '13907911234',
          description: '某项目批复文件',
          ...over,
        },
      }),
    );
  const event = (headers: Record<string, string>, id: number, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/v1/foi/applications/${id}/events`, headers, payload: body });

  it('takes an online application: receipt with number and query code, waiting for confirmation', async () => {
    const s = new Session(t.app);
    const { res } = await applyForm(s);
    assert.equal(res.statusCode, 200);
    const number = /id="receipt-number">([^<]+)</.exec(res.body)![1];
    const code = /id="receipt-code">([^<]+)</.exec(res.body)![1];
    assert.match(number, /^2022-HGT-\d{5}$/);
    assert.match(code, /^[A-Z0-9]{12}$/);
    const row = await t.ctx.db
      .selectFrom('foi_applications')
      .selectAll()
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    assert.equal(row.received_on, null);
    assert.equal(row.status, 'awaiting_confirmation');
    assert.notEqual(row.query_code_hash, code, 'the code is stored hashed');
  });

  it('is idempotent: the same form token gives the same application and code', async () => {
    const s = new Session(t.app);
    const { form, csrf, res } = await applyForm(s);
    const before = await count();
    const again = await s.post('/ysqgk/apply', form, { csrf });
    assert.equal(
      /id="receipt-number">([^<]+)</.exec(again.body)![1],
      /id="receipt-number">([^<]+)</.exec(res.body)![1],
    );
    assert.equal(
      /id="receipt-code">([^<]+)</.exec(again.body)![1],
      /id="receipt-code">([^<]+)</.exec(res.body)![1],
    );
    assert.match(again.body, /已提交过这份申请/);
    assert.equal(await count(), before);
  });

  it('refuses a wrong ID check digit, a bad mobile and a missing org in Chinese, writing nothing', async () => {
    const before = await count();
    const bad = idFor(1).slice(0, 17) + (idFor(1).endsWith('1') ? '2' : '1');
    const { res } = await applyForm(new Session(t.app), { idNumber: bad, phone: '12345', orgId: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /身份证号码不正确/);
    assert.match(res.body, /联系电话不正确/);
    assert.match(res.body, /请选择受理机关/);
    assert.equal(await count(), before);
  });

  it('confirms from the queue: the confirmation date is the receipt date, due the 20th working day after', async () => {
    const { res } = await applyForm(new Session(t.app), { idNumber: idFor(3) });
    const number = /id="receipt-number">([^<]+)</.exec(res.body)![1];
    const { id } = await t.ctx.db
      .selectFrom('foi_applications')
      .select('id')
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    const s = await loginAs(t.app, 'gkb');
    const queue = await s.get('/admin/foi/queue');
    assert.match(queue.body, new RegExp(number));
    const c = await s.post(
      `/admin/foi/${id}/confirm`,
      { on: '2022-03-01', confirm: '1' },
      { from: `/admin/foi/${id}` },
    );
    assert.equal(c.statusCode, 303);
    const d = (await t.app.inject({ url: `/api/v1/foi/applications/${id}`, headers: gkb })).json();
    assert.equal(d.receivedOn, '2022-03-01');
    assert.equal(d.dueDate, '2022-03-29');
    assert.equal(d.provisional, false);
    assert.ok(
      d.clock.explanation.some((l: string) => l.includes('2022-03-29')),
      "d.clock.explanation.some((l: string) => l.includes('2022-03-29'))",
    );
  });

  it('shows the applicant status, due date and its working; a wrong code gets the generic message', async () => {
    const s = new Session(t.app);
    const { res } = await applyForm(s, { idNumber: idFor(4) });
    const number = /id="receipt-number">([^<]+)</.exec(res.body)![1];
    const code = /id="receipt-code">([^<]+)</.exec(res.body)![1];
    const { id } = await t.ctx.db
      .selectFrom('foi_applications')
      .select('id')
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/applications/${id}/confirm`,
      headers: gkb,
      payload: { on: '2022-03-01' },
    });
    const ok = await s.post('/ysqgk/track', { number, code }, { from: '/ysqgk/track' });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /办理中/);
    assert.match(ok.body, /2022年3月29日/);
    assert.match(ok.body, /计入和不计入的期间/);
    assert.doesNotMatch(ok.body, /张三|13807911234/, 'nothing personal shown');
    const wrong = await s.post('/ysqgk/track', { number, code: 'AAAAAAAAAAAA' }, { from: '/ysqgk/track' });
    const unknown = await s.post(
      '/ysqgk/track',
      { number: '2022-HGT-99999', code },
      { from: '/ysqgk/track' },
    );
    assert.equal(wrong.statusCode, 404);
    assert.match(wrong.body, /申请编号或查询码不正确/);
    assert.match(unknown.body, /申请编号或查询码不正确/);
  });

  it('rate-limits guessing query codes', async () => {
    const s = new Session(t.app);
    const csrf = await s.csrf('/ysqgk/track');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (
          await s.post(
            '/ysqgk/track',
            { number: '2022-HGT-00001', code: `AAAAAAAAAA${String(i).padStart(2, '0')}` },
            { csrf },
          )
        ).statusCode,
      );
    assert.ok(statuses.includes(429), `statuses ${statuses}`);
  });

  it('registers counter applications with the channel rule and refuses a missing sign date', async () => {
    const r = await register(gkb);
    assert.equal(r.statusCode, 201);
    assert.equal(r.json().application.receivedOn, '2022-03-01');
    assert.equal(r.json().application.dueDate, '2022-03-29');
    const before = await count();
    const bad = await register(gkb, { channel: 'registered_mail', receivedOn: null });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.fields.receivedOn, /签收之日/);
    const fax = await register(gkb, { channel: 'fax', receivedOn: null });
    assert.equal(fax.json().application.status, 'awaiting_confirmation');
    assert.equal(await count(), before + 1);
  });

  it('refuses bad API input with a Chinese 4xx and writes nothing', async () => {
    const before = await count();
    for (const over of [
      { secret: 1 },
      { applicantType: 'alien' },
      { idNumber: '123' },
      { orgId: 999999 },
      { receivedOn: '2022-13-01' },
      { receivedOn: '2099-01-01' },
    ]) {
      const r = await register(gkb, over);
      assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${JSON.stringify(over)} → ${r.statusCode}`);
      assert.match(r.json().error.message, /[\u4e00-\u9fff]/);
    }
    assert.equal(await count(), before);
  });

  it('runs a case through correction, extension, consultation and closing, refusing invalid steps', async () => {
    const id = (await register(gkb)).json().application.id;
    let r = await event(handler, id, { type: 'correction_requested', on: '2022-03-01', periodDays: 10 });
    assert.equal(r.statusCode, 201);
    assert.equal(r.json().status, 'correction_pending');
    assert.equal(r.json().dueDate, null);
    r = await event(handler, id, { type: 'correction_requested', on: '2022-03-01' });
    assert.equal(r.statusCode, 409);
    assert.match(r.json().error.message, /一次性告知/);
    t.clock.set('2022-03-10T02:00:00Z');
    r = await event(handler, id, { type: 'correction_received', on: '2022-03-08' });
    assert.equal(
      r.json().dueDate,
      '2022-04-06',
      'restarts: 20th working day after 3-08 (4-02 is a 调休 working Saturday, 4-03..4-05 清明 off)',
    );
    r = await event(handler, id, {
      type: 'extension',
      on: '2022-03-09',
      approvedBy: '公开办主任',
      reason: '需调取档案',
    });
    assert.equal(r.statusCode, 403, 'only the openness office extends');
    r = await event(gkb, id, {
      type: 'extension',
      on: '2022-03-09',
      approvedBy: '公开办主任',
      reason: '需调取档案',
    });
    assert.equal(r.statusCode, 201);
    const extended = r.json().dueDate;
    assert.ok(extended > '2022-04-07', "extended > '2022-04-07'");
    r = await event(gkb, id, {
      type: 'extension',
      on: '2022-03-09',
      approvedBy: '公开办主任',
      reason: '再次',
    });
    assert.equal(r.statusCode, 409);
    assert.match(r.json().error.message, /只能延长一次/);
    r = await event(handler, id, { type: 'consultation_ended', on: '2022-03-09' });
    assert.equal(r.statusCode, 409);
    r = await event(handler, id, { type: 'fee_paid', on: '2022-03-09' });
    assert.match(r.json().error.message, /尚未发出收费通知/);
    r = await event(handler, id, { type: 'consultation_started', on: '2022-03-09', party: 'third_party' });
    assert.equal(r.json().status, 'consultation');
    r = await event(handler, id, { type: 'consultation_ended', on: '2022-03-10' });
    assert.ok(r.json().dueDate > extended, 'the consultation day (3-10) is added to the extended due date');
    assert.ok(
      r
        .json()
        .clock.spans.some(
          (s: { kind: string; workingDays: number }) => s.kind === 'excluded' && s.workingDays === 1,
        ),
      "r .json() .clock.spans.some( (s: { kind: string; workingDays: number }) => s.kind === 'ex…",
    );
    r = await event(handler, id, {
      type: 'closed',
      on: '2022-03-10',
      outcome: 'partial',
      reason: '涉及第三方商业秘密的部分不予公开',
    });
    assert.equal(r.json().status, 'closed');
    assert.equal(r.json().outcome, 'partial');
    r = await event(handler, id, { type: 'closed', on: '2022-03-10', outcome: 'disclosed' });
    assert.equal(r.statusCode, 409);
    r = await event(handler, id, { type: 'correction_requested', on: '2022-03-10' });
    assert.match(r.json().error.message, /办结/);
    const d = (await t.app.inject({ url: `/api/v1/foi/applications/${id}`, headers: gkb })).json();
    assert.deepEqual(
      d.letters.map((l: { kind: string }) => l.kind),
      ['correction', 'extension', 'consultation', 'reply'],
    );
    assert.ok(
      d.history.some((h: { text: string }) => h.text.includes('答复期限')),
      "d.history.some((h: { text: string }) => h.text.includes('答复期限'))",
    );
    t.clock.set('2022-03-01T02:00:00Z');
  });

  it('refuses an unknown event type and an unknown outcome by schema', async () => {
    const id = (await register(gkb)).json().application.id;
    assert.equal((await event(handler, id, { type: 'teleport' })).statusCode, 400);
    assert.equal((await event(handler, id, { type: 'closed', outcome: 'maybe' })).statusCode, 400);
    assert.equal(
      (await event(handler, id, { type: 'closed', on: '2099-01-01', outcome: 'disclosed' })).statusCode,
      400,
    );
  });

  it('charges by count per applicant per month: the 11th application costs ¥100', async () => {
    let last = 0;
    for (let i = 0; i < 11; i++)
      last = (await register(gkb, { idNumber: idFor(77), applicantName: '频繁申请人' })).json().application
        .id;
    const r = await event(handler, last, { type: 'fee_notice', on: '2022-03-01', method: 'count' });
    assert.equal(r.statusCode, 201);
    const fee = r.json().events.find((e: { type: string }) => e.type === 'fee_notice');
    assert.equal(fee.data.fen, 10000);
    assert.equal(r.json().status, 'fee_pending');
    const vol = (await register(gkb)).json().application.id;
    const v = await event(handler, vol, {
      type: 'fee_notice',
      on: '2022-03-01',
      method: 'volume',
      pages: 120,
    });
    assert.equal(
      v.json().events.find((e: { type: string }) => e.type === 'fee_notice').data.fen,
      70000 + 40000,
    );
  });

  it('lets the openness office see every org, a department handler only its own', async () => {
    const sj = await orgOf('沙井街办');
    const sjCase = (await register(gkb, { orgId: sj })).json().application.id;
    const all = (await t.app.inject({ url: '/api/v1/foi/applications?pageSize=200', headers: gkb })).json();
    assert.ok(
      all.items.some((a: { orgId: number }) => a.orgId === sj),
      'all.items.some((a: { orgId: number }) => a.orgId === sj)',
    );
    const own = (
      await t.app.inject({ url: '/api/v1/foi/applications?pageSize=200', headers: handler })
    ).json();
    const fgw = await orgOf('区发改委');
    assert.ok(own.items.length > 0, 'own.items.length > 0');
    assert.ok(
      own.items.every((a: { orgId: number }) => a.orgId === fgw),
      'own.items.every((a: { orgId: number }) => a.orgId === fgw)',
    );
    assert.equal(
      (await t.app.inject({ url: `/api/v1/foi/applications/${sjCase}`, headers: handler })).statusCode,
      403,
    );
    assert.equal((await event(handler, sjCase, { type: 'note', text: 'x' })).statusCode, 403);
    const page = await (await loginAs(t.app, 'handler')).get(`/admin/foi/${sjCase}`);
    assert.equal(page.statusCode, 403);
  });

  it('refuses editors (own or other org) and the public', async () => {
    const id = (await register(gkb)).json().application.id;
    for (const user of ['sj_editor', 'editor']) {
      const h = await bearer(t, user);
      assert.equal(
        (await t.app.inject({ url: `/api/v1/foi/applications/${id}`, headers: h })).statusCode,
        403,
        user,
      );
      assert.equal(
        (await t.app.inject({ url: '/api/v1/foi/applications', headers: h })).statusCode,
        403,
        user,
      );
      const s = await loginAs(t.app, user);
      assert.equal((await s.get('/admin/foi')).statusCode, 403, user);
    }
    assert.equal((await t.app.inject({ url: `/api/v1/foi/applications/${id}` })).statusCode, 401);
    const anon = await new Session(t.app).get('/admin/foi');
    assert.equal(anon.statusCode, 302);
    assert.match(anon.headers.location as string, /^\/login/);
    assert.ok([401, 403].includes((await register({})).statusCode), 'no token: refused');
    assert.equal((await register(handler)).statusCode, 403, 'registration is the openness office’s');
  });

  it('renders the case page with the clock and the event forms, and takes a form event', async () => {
    const id = (await register(gkb)).json().application.id;
    const s = await loginAs(t.app, 'handler');
    const page = await s.get(`/admin/foi/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /答复期限的计算/);
    assert.match(page.body, /发出补正通知/);
    const bad = await s.post(`/admin/foi/${id}/events`, { type: 'fee_paid' }, { from: `/admin/foi/${id}` });
    assert.equal(bad.statusCode, 409);
    assert.match(bad.body, /尚未发出收费通知/);
    const ok = await s.post(
      `/admin/foi/${id}/events`,
      { type: 'closed', outcome: 'disclosed', on: '2022-03-01', confirm: '1' },
      { from: `/admin/foi/${id}` },
    );
    assert.equal(ok.statusCode, 303);
  });

  it('generates reply letters as DOCX and HTML naming applicant, number, receipt date, basis and remedy', async () => {
    const id = (await register(gkb, { applicantName: '王五' })).json().application.id;
    await event(handler, id, {
      type: 'closed',
      on: '2022-03-01',
      outcome: 'withheld.process_info',
      reason: '属于内部讨论稿',
    });
    const s = await loginAs(t.app, 'handler');
    const docx = await s.get(`/admin/foi/${id}/letters/reply.docx`);
    assert.equal(docx.statusCode, 200);
    const { value: text } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    const number = (
      await t.ctx.db
        .selectFrom('foi_applications')
        .select('number')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).number;
    for (const want of [
      '政府信息公开申请答复书',
      '王五',
      number,
      '2022年3月1日',
      '第十六条第二款',
      '属于内部讨论稿',
      '六十日内',
      '六个月内',
      '红谷滩区发展和改革委员会',
    ])
      assert.ok(text.includes(want), `DOCX lacks ${want}:\n${text}`);
    const html = await s.get(`/admin/foi/${id}/letters/reply.html`);
    assert.match(html.body, /六十日内/);
    const none = await s.get(`/admin/foi/${id}/letters/fee.docx`);
    assert.equal(none.statusCode, 409);
  });

  it('uses an org’s own template text when it has one', async () => {
    const s = await loginAs(t.app, 'handler');
    const saved = await s.post(
      '/admin/foi/templates',
      { key: 'reply.disclosed', block: 'closing', text: '此复。（发改委自定义结尾）' },
      { from: '/admin/foi/templates' },
    );
    assert.equal(saved.statusCode, 303);
    const id = (await register(gkb)).json().application.id;
    await event(handler, id, { type: 'closed', on: '2022-03-01', outcome: 'disclosed' });
    const { value } = await mammoth.extractRawText({
      buffer: (await s.get(`/admin/foi/${id}/letters/reply.docx`)).rawPayload,
    });
    assert.match(value, /发改委自定义结尾/);
  });

  it('generates the correction, extension, consultation and fee notices from the case’s events', async () => {
    const id = (await register(gkb, { applicantName: '孙七' })).json().application.id;
    await event(handler, id, {
      type: 'correction_requested',
      on: '2022-03-01',
      periodDays: 10,
      reason: '未写明所需文件的年份',
    });
    await event(handler, id, { type: 'correction_received', on: '2022-03-01' });
    await event(gkb, id, {
      type: 'extension',
      on: '2022-03-01',
      approvedBy: '公开办主任',
      reason: '需要调取历史档案',
    });
    await event(handler, id, {
      type: 'consultation_started',
      on: '2022-03-01',
      party: 'third_party',
      partyName: '某公司（示例）',
    });
    await event(handler, id, { type: 'consultation_ended', on: '2022-03-01' });
    await event(handler, id, { type: 'fee_notice', on: '2022-03-01', method: 'volume', pages: 40 });
    const s = await loginAs(t.app, 'handler');
    const text = async (kind: string) =>
      (
        await mammoth.extractRawText({
          buffer: (await s.get(`/admin/foi/${id}/letters/${kind}.docx`)).rawPayload,
        })
      ).value;
    const correction = await text('correction');
    assert.match(correction, /补正申请通知书/);
    assert.match(correction, /第三十条/);
    assert.match(correction, /10个工作日内/);
    assert.match(correction, /未写明所需文件的年份/);
    assert.match(
      await text('extension'),
      /延长二十个工作日[\s\S]*需要调取历史档案|需要调取历史档案[\s\S]*延长二十个工作日/,
    );
    const consultation = await text('consultation');
    assert.match(consultation, /某公司（示例）/);
    assert.match(consultation, /十五个工作日/);
    const fee = await text('fee');
    assert.match(fee, /国办函〔2020〕109号/);
    assert.match(fee, /¥100\.00/);
    assert.match(fee, /缴费方式/);
  });

  it('transfers a case to another department, keeping the history, and the old department loses access', async () => {
    const id = (await register(gkb)).json().application.id;
    const to = await orgOf('区财政局');
    const noReason = await event(gkb, id, { type: 'transferred', orgId: to });
    assert.equal(noReason.statusCode, 400);
    const r = await event(gkb, id, { type: 'transferred', orgId: to, reason: '所需信息由财政局掌握' });
    assert.equal(r.statusCode, 201);
    assert.equal(r.json().orgId, to);
    assert.ok(
      r
        .json()
        .history.some((h: { text: string }) =>
          /由 红谷滩区发展和改革委员会 转至 红谷滩区财政局/.test(h.text),
        ),
      'r .json() .history.some((h: { text: string }) => /由 红谷滩区发展和改革委员会 转至 红谷滩区财政局/.test(h.text)…',
    );
    assert.equal(
      (await t.app.inject({ url: `/api/v1/foi/applications/${id}`, headers: handler })).statusCode,
      403,
    );
  });

  it('attaches a scanned application (type sniffed from the bytes) and serves it only within scope', async () => {
    const id = (await register(gkb)).json().application.id;
    const s = await loginAs(t.app, 'handler');
    const csrf = await s.csrf(`/admin/foi/${id}`);
    const upload = (filename: string, data: Buffer) => {
      const b = '----gongkaitest';
      const payload = Buffer.concat([
        Buffer.from(
          `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        data,
        Buffer.from(`\r\n--${b}--\r\n`),
      ]);
      return t.app.inject({
        method: 'POST',
        url: `/admin/foi/${id}/attachments?_csrf=${encodeURIComponent(csrf)}`,
        cookies: s.cookies,
        remoteAddress: s.remoteAddress,
        headers: { 'content-type': `multipart/form-data; boundary=${b}` },
        payload,
      });
    };
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const bad = await upload('申请书.pdf', Buffer.from('just text, not a scan'));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /只能上传/);
    const ok = await upload('申请书扫描件.pdf', pdf);
    assert.equal(ok.statusCode, 303);
    const d = (await t.app.inject({ url: `/api/v1/foi/applications/${id}`, headers: gkb })).json();
    assert.equal(d.attachments.length, 1);
    assert.equal(d.attachments[0].contentType, 'application/pdf');
    const got = await s.get(`/admin/foi/attachments/${d.attachments[0].id}`);
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.rawPayload, pdf);
    const other = await loginAs(t.app, 'sj_editor');
    assert.equal((await other.get(`/admin/foi/attachments/${d.attachments[0].id}`)).statusCode, 403);
  });

  it('records reconsideration and litigation with results', async () => {
    const id = (await register(gkb)).json().application.id;
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/applications/${id}/reviews`,
      headers: handler,
      payload: { kind: 'reconsideration', filedOn: '2022-03-01', result: 'pending' },
    });
    assert.equal(r.statusCode, 201);
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/applications/${id}/reviews`,
      headers: handler,
      payload: { kind: 'litigation_direct', filedOn: '2022-03-01', result: 'upheld' },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.fields.resultOn, /结果日期/);
    const up = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/foi/reviews/${r.json().id}`,
      headers: handler,
      payload: { kind: 'reconsideration', filedOn: '2022-03-01', result: 'upheld', resultOn: '2022-03-01' },
    });
    assert.equal(up.json().result, 'upheld');
    const list = (await t.app.inject({ url: `/api/v1/foi/applications/${id}/reviews`, headers: gkb })).json();
    assert.equal(list.length, 1);
  });

  it('keeps every result with its date: a later result is added, a mistyped one corrected; bad input writes nothing', async (ctx) => {
    const id = (await register(gkb)).json().application.id;
    const start = t.clock.now();
    t.clock.set('2024-01-10T02:00:00Z'); // the results come over two years
    ctx.after(() => t.clock.set(start));
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/applications/${id}/reviews`,
      headers: handler,
      payload: { kind: 'litigation_direct', filedOn: '2022-03-01', result: 'upheld', resultOn: '2022-10-10' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const rid = created.json().id;
    assert.deepEqual(
      created.json().results.map((r: { result: string }) => r.result),
      ['upheld'],
    );
    const results = async () =>
      (
        await t.ctx.db
          .selectFrom('foi_review_results')
          .select(['id', 'result', 'result_on'])
          .where('review_id', '=', rid)
          .orderBy('id')
          .execute()
      ).map((r) => `${r.result}@${r.result_on}`);
    const audits = async () =>
      (
        await t.ctx.db
          .selectFrom('audit_log')
          .select('id')
          .where('object_type', 'in', ['foi_review', 'foi_review_result'])
          .execute()
      ).length;
    const put = (payload: object) =>
      t.app.inject({ method: 'PUT', url: `/api/v1/foi/reviews/${rid}`, headers: handler, payload });
    const before = await audits();
    // Refused, in Chinese, writing nothing: back to 尚未审结, a result dated before the latest (PUT), before filing, in the future, pending as a result, an unknown field.
    const refusals: [
      Promise<{ statusCode: number; body: string; json(): { error: { fields: Record<string, string> } } }>,
      string,
      RegExp,
    ][] = [
      [
        put({ kind: 'litigation_direct', filedOn: '2022-03-01', result: 'pending' }),
        'result',
        /不能改为“尚未审结”/,
      ],
      [
        put({
          kind: 'litigation_direct',
          filedOn: '2022-03-01',
          result: 'corrected',
          resultOn: '2022-09-01',
        }),
        'resultOn',
        /不能早于上一次结果的日期 2022-10-10/,
      ],
      [
        put({ kind: 'litigation_direct', filedOn: '2022-11-01', result: 'upheld', resultOn: '2022-10-10' }),
        'resultOn',
        /不能早于立案日期/,
      ],
      [
        t.app.inject({
          method: 'POST',
          url: `/api/v1/foi/reviews/${rid}/results`,
          headers: handler,
          payload: { result: 'corrected', resultOn: '2022-02-01' },
        }),
        'resultOn',
        /不能早于立案日期 2022-03-01/,
      ],
      [
        t.app.inject({
          method: 'POST',
          url: `/api/v1/foi/reviews/${rid}/results`,
          headers: handler,
          payload: { result: 'corrected', resultOn: '2099-01-01' },
        }),
        'resultOn',
        /不能晚于今天/,
      ],
      [
        t.app.inject({
          method: 'POST',
          url: `/api/v1/foi/reviews/${rid}/results`,
          headers: handler,
          payload: { result: 'upheld', resultOn: '2022-10-10' },
        }),
        'resultOn',
        /已在结果记录中/,
      ],
    ];
    for (const [res, field, msg] of refusals) {
      const r = await res;
      assert.equal(r.statusCode, 400, r.body);
      assert.match(r.json().error.fields[field], msg);
    }
    const pendingAsResult = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/reviews/${rid}/results`,
      headers: handler,
      payload: { result: 'pending', resultOn: '2022-12-01' },
    });
    assert.equal(pendingAsResult.statusCode, 400, 'pending is not a result');
    const unknown = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/reviews/${rid}/results`,
      headers: handler,
      payload: { result: 'other', resultOn: '2022-12-01', hack: 1 },
    });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(await results(), ['upheld@2022-10-10'], 'nothing written');
    assert.equal(await audits(), before, 'nothing audited');

    // The same latest result through PUT (a correction of the note only) adds nothing; a different one is added.
    const same = await put({
      kind: 'litigation_direct',
      filedOn: '2022-03-01',
      result: 'upheld',
      resultOn: '2022-10-10',
      note: '一审',
    });
    assert.equal(same.statusCode, 200, same.body);
    assert.deepEqual(await results(), ['upheld@2022-10-10']);
    const retrial = await put({
      kind: 'litigation_direct',
      filedOn: '2022-03-01',
      result: 'corrected',
      resultOn: '2023-06-15',
      note: '再审',
    });
    assert.equal(retrial.json().result, 'corrected');
    assert.deepEqual(
      await results(),
      ['upheld@2022-10-10', 'corrected@2023-06-15'],
      'added, never overwritten',
    );
    // A result entered late, dated between, through the new route.
    const late = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/reviews/${rid}/results`,
      headers: handler,
      payload: { result: 'other', resultOn: '2023-01-20', note: '二审' },
    });
    assert.equal(late.statusCode, 201, late.body);
    assert.deepEqual(
      late.json().results.map((r: { resultOn: string }) => r.resultOn),
      ['2022-10-10', '2023-01-20', '2023-06-15'],
      'by date',
    );
    assert.equal(late.json().result, 'corrected', 'the latest by date stays the latest');
    // Correcting a row: other review's result → 404; another org's handler → 403.
    const first = late.json().results[0].id;
    const other = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/applications/${id}/reviews`,
      headers: handler,
      payload: { kind: 'reconsideration', filedOn: '2022-03-01', result: 'pending' },
    });
    assert.equal(
      (
        await t.app.inject({
          method: 'PUT',
          url: `/api/v1/foi/reviews/${other.json().id}/results/${first}`,
          headers: handler,
          payload: { result: 'other', resultOn: '2022-10-10' },
        })
      ).statusCode,
      404,
    );
    assert.equal(
      (
        await t.app.inject({
          method: 'PUT',
          url: `/api/v1/foi/reviews/${rid}/results/${first}`,
          headers: await bearer(t, 'sj_editor'),
          payload: { result: 'other', resultOn: '2022-10-10' },
        })
      ).statusCode,
      403,
    );
    const fixed = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/foi/reviews/${rid}/results/${first}`,
      headers: handler,
      payload: { result: 'other', resultOn: '2022-10-11' },
    });
    assert.equal(fixed.statusCode, 200, fixed.body);
    assert.deepEqual(await results(), ['other@2022-10-11', 'corrected@2023-06-15', 'other@2023-01-20']);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'foi.review.result.correct')
      .where('object_id', '=', String(first))
      .executeTakeFirstOrThrow();
    assert.match(String(audit.before_json), /2022-10-10/);
    assert.match(String(audit.after_json), /2022-10-11/);
    // The case page shows the history and the forms.
    const page = await (await loginAs(t.app, 'handler')).get(`/admin/foi/${id}`);
    assert.equal(page.statusCode, 200);
    const table = page.body.slice(page.body.indexOf(`id="review-${rid}-results"`));
    assert.ok(
      table.indexOf('2022-10-11') < table.indexOf('2023-01-20') &&
        table.indexOf('2023-01-20') < table.indexOf('2023-06-15'),
      'the results in date order',
    );
    assert.match(page.body, new RegExp(`action="/admin/foi/reviews/${rid}/results"`));
    assert.match(page.body, /更正录入有误的结果/);
    // The form refuses in Chinese on the case page, writing nothing.
    const s = await loginAs(t.app, 'handler');
    const formBad = await s.post(`/admin/foi/reviews/${rid}/results`, { result: 'upheld', resultOn: '' });
    assert.equal(formBad.statusCode, 400);
    assert.match(formBad.body, /请填写结果日期/);
    const formOk = await s.post(`/admin/foi/reviews/${rid}/results`, {
      result: 'upheld',
      resultOn: '2023-09-01',
    });
    assert.equal(formOk.statusCode, 303);
    assert.equal((await results()).length, 4);
  });

  it('migrates each existing review: its result and date become its first result row (pending: none)', async () => {
    const id = (await register(gkb)).json().application.id;
    const mk = async (payload: object) =>
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/foi/applications/${id}/reviews`,
          headers: handler,
          payload,
        })
      ).json().id as number;
    const decided = await mk({
      kind: 'reconsideration',
      filedOn: '2022-01-05',
      result: 'corrected',
      resultOn: '2022-02-20',
    });
    const pending = await mk({ kind: 'litigation_after', filedOn: '2022-01-06', result: 'pending' });
    // Back to the schema before results had a history (foi_reviews.result/result_on only), then forward.
    const migration = await import('../../db/migrations/20261206120000_foi_review_results.ts');
    await migration.down(t.ctx.db);
    await migration.up(t.ctx.db);
    const rows = await t.ctx.db
      .selectFrom('foi_review_results')
      .select(['review_id', 'result', 'result_on'])
      .where('review_id', 'in', [decided, pending])
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.review_id, r.result, r.result_on]),
      [[decided, 'corrected', '2022-02-20']],
    );
    const list = (await t.app.inject({ url: `/api/v1/foi/applications/${id}/reviews`, headers: gkb })).json();
    assert.deepEqual(
      list.map((r: { result: string; results: unknown[] }) => [r.result, r.results.length]),
      [
        ['corrected', 1],
        ['pending', 0],
      ],
    );
  });

  it('reminds the handler before the due date and on overdue, once per key', async () => {
    const id = (await register(gkb)).json().application.id;
    const { id: userId } = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'handler')
      .executeTakeFirstOrThrow();
    await event(gkb, id, { type: 'assigned', orgId: await orgOf('区发改委'), handlerId: userId });
    const n = async () =>
      (
        await t.ctx.db
          .selectFrom('notifications')
          .select('title')
          .where('user_id', '=', userId)
          .where('link', '=', `/admin/foi/${id}`)
          .execute()
      ).map((x) => x.title);
    await sendFoiReminders(t.ctx, new Date('2022-03-24T02:00:00Z'));
    assert.ok(
      (await n()).some((x) => x.includes('将于 2022-03-29 到期')),
      "(await n()).some((x) => x.includes('将于 2022-03-29 到期'))",
    );
    await sendFoiReminders(t.ctx, new Date('2022-03-24T03:00:00Z'));
    assert.equal((await n()).filter((x) => x.includes('到期')).length, 1, 'deduped');
    await sendFoiReminders(t.ctx, new Date('2022-03-31T02:00:00Z'));
    assert.ok(
      (await n()).some((x) => x.includes('已超过答复期限')),
      "(await n()).some((x) => x.includes('已超过答复期限'))",
    );
  });

  it('closes a case whose correction period lapsed as 逾期不补正 and tells the handler', async () => {
    const id = (await register(gkb)).json().application.id;
    await event(handler, id, { type: 'correction_requested', on: '2022-03-01', periodDays: 5 });
    const users = (
      await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'handler').execute()
    ).map((u) => u.id);
    await sendFoiReminders(t.ctx, new Date('2022-03-10T02:00:00Z'));
    const titles = (
      await t.ctx.db
        .selectFrom('notifications')
        .select('title')
        .where('user_id', 'in', users)
        .where('link', '=', `/admin/foi/${id}`)
        .execute()
    ).map((x) => x.title);
    assert.ok(
      titles.some((x) => x.includes('补正期限（2022-03-08）已过')),
      titles.join('\n'),
    );
    // rules.md §1: the case closes as 其他处理-1 (逾期不补正), dated the first day after the period.
    const closed = (await t.app.inject({ url: `/api/v1/foi/applications/${id}`, headers: gkb })).json();
    assert.equal(closed.outcome, 'other.no_correction');
    assert.equal(closed.closedOn, '2022-03-09');
  });

  it('lists overdue cases with days left on the dashboard and exports the list to XLSX', async () => {
    const s = await loginAs(t.app, 'gkb');
    const overdue = (
      await t.app.inject({ url: '/api/v1/foi/applications?overdue=true&pageSize=200', headers: gkb })
    ).json();
    assert.ok(overdue.items.length >= 1, 'the seeded 沙井街办 case is overdue on 2022-03-01');
    assert.ok(
      overdue.items.every((a: { overdue: boolean }) => a.overdue),
      'overdue.items.every((a: { overdue: boolean }) => a.overdue)',
    );
    const dash = await s.get('/admin/foi?status=open&overdue=1');
    assert.match(dash.body, /已超期/);
    const x = await s.get('/admin/foi/export.xlsx?status=open');
    assert.equal(x.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    assert.equal(ws.getRow(1).getCell(1).text, '申请编号');
    assert.ok(ws.rowCount > 1, 'ws.rowCount > 1');
  });

  it('gives the annual report its rows, reviews and fees for a year', async () => {
    const { foiReportData } = await import('./service.ts');
    const r = await foiReportData(t.ctx.db, 2022);
    assert.ok(r.applications.length >= 10, 'r.applications.length >= 10');
    assert.ok(
      r.applications.some((a) => a.outcome === 'partial'),
      "r.applications.some((a) => a.outcome === 'partial')",
    );
    assert.ok(
      r.reviews.some((v) => v.kind === 'reconsideration' && v.results.length === 0),
      'a pending reconsideration (no result yet)',
    );
    assert.ok(r.fees.notices >= 1, 'r.fees.notices >= 1');
    assert.ok(r.fees.noticedFen >= 70000, 'the seeded 120-page notice');
  });

  it('documents its API in OpenAPI', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json();
    for (const path of [
      '/api/v1/foi/applications',
      '/api/v1/foi/applications/{id}',
      '/api/v1/foi/applications/{id}/events',
      '/api/v1/foi/applications/{id}/reviews',
    ])
      assert.ok(doc.paths[path], path);
    assert.ok(
      doc.paths['/api/v1/foi/applications/{id}'].get.responses['200'].content['application/json'].schema
        .properties.dueDate,
      "doc.paths['/api/v1/foi/applications/{id}'].get.responses['200'].content['application/json…",
    );
  });

  it('imports a historical register all or nothing, with row numbers', async () => {
    const csv = (rows: string[]) =>
      Buffer.from(
        ['申请编号,承办机关,申请人类型,收到方式,收到日期,办结日期,办理结果,申请人', ...rows].join('\n'),
      );
    const before = await count();
    const badRows = await readRows(
      'x.csv',
      csv([
        '2021-HGT-00001,区财政局,自然人,当面提交,2021-03-01,2021-03-20,予以公开,甲',
        '2021-HGT-00002,不存在的局,自然人,传真,2021/3/2,,,乙',
        '2021-HGT-00003,区财政局,外星人,当面提交,2021-03-05,,,丙',
      ]),
    );
    await assert.rejects(
      importApplications(t.ctx, systemActor('test'), badRows),
      (e: { fields: Record<string, string> }) => {
        const msgs = Object.values(e.fields).join('\n');
        assert.match(msgs, /第 3 行：找不到承办机关/);
        assert.match(msgs, /第 4 行：申请人类型/);
        return true;
      },
    );
    assert.equal(await count(), before);
    const ok = await readRows(
      'x.csv',
      csv([
        '2021-HGT-00001,区财政局,自然人,当面提交,2021-03-01,2021-03-20,予以公开,甲',
        '2021-HGT-00002,区财政局,商业企业,传真,2021/3/2,2021-03-30,部分公开,乙',
      ]),
    );
    assert.deepEqual(await importApplications(t.ctx, systemActor('test'), ok), { imported: 2 });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['申请编号', '承办机关', '申请人类型', '收到方式', '收到日期', '办结日期', '办理结果']);
    ws.addRow([
      '2021-HGT-00010',
      '区卫健委',
      '科研机构',
      '邮寄（需签收）',
      new Date('2021-05-06T00:00:00Z'),
      '2021年5月20日',
      '属于国家秘密',
    ]);
    const xrows = await readRows('x.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    assert.deepEqual(await importApplications(t.ctx, systemActor('test'), xrows), { imported: 1 });
    const x = await t.ctx.db
      .selectFrom('foi_applications')
      .selectAll()
      .where('number', '=', '2021-HGT-00010')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [x.received_on, x.closed_on, x.outcome, x.channel, x.applicant_type],
      ['2021-05-06', '2021-05-20', 'withheld.state_secret', 'registered_mail', 'research'],
    );
    const rows = await t.ctx.db
      .selectFrom('foi_applications')
      .select(['number', 'outcome', 'status'])
      .where('number', 'in', ['2021-HGT-00001', '2021-HGT-00002'])
      .orderBy('number')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.outcome),
      ['disclosed', 'partial'],
    );
    assert.ok(
      rows.every((r) => r.status === 'closed'),
      "rows.every((r) => r.status === 'closed')",
    );
  });
});

describe('recomputing due dates when the calendar changes', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ start: '2026-12-20T02:00:00Z' });
  });
  after(() => t.close());

  it('recomputes an open case that depends on an unpublished year and writes old → new into its history', async () => {
    const headers = await bearer(t, 'gkb');
    const orgId = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '区财政局')
        .executeTakeFirstOrThrow()
    ).id;
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/foi/applications',
      headers,
      payload: {
        channel: 'in_person',
        receivedOn: '2026-12-18',
        orgId,
        applicantType: 'natural',
        applicantName: '赵六',
        idNumber: idFor(9),
        phone: '13607911234',
        description: '2027年预算',
      },
    });
    const a = r.json().application;
    assert.equal(a.provisional, true, 'depends on 2027, which has no official notice');
    await saveCalendarNotice(t.ctx, systemActor('test'), {
      year: 2027,
      daysOff: ['2027-01-01', '2027-01-04', '2027-01-05'],
      workingWeekends: [],
      source: '测试通知',
    });
    const d = (await t.app.inject({ url: `/api/v1/foi/applications/${a.id}`, headers })).json();
    assert.equal(d.provisional, false);
    assert.notEqual(d.dueDate, a.dueDate);
    const line = d.history.find((h: { text: string }) => h.text.includes('工作日历变更'));
    assert.ok(line, JSON.stringify(d.history));
    assert.ok(
      line.text.includes(`${a.dueDate} → ${d.dueDate}`),
      'line.text.includes(`${a.dueDate} → ${d.dueDate}`)',
    );
  });
});
