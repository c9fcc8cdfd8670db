import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { residentIdCheckChar } from '../../lib/identifiers.ts';
import { bearer, buildTestApp, loginAs, Session, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../context.ts';
import { loadCalendar } from '../calendar/service.ts';
import { getOrg, updateOrg } from '../org/service.ts';

const idNumber = () => {
  const first = '36011219800110321';
  return first + residentIdCheckChar(first);
};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('依申请公开 tracking for the citizen: 补正 online, outcome, letters, receipt', () => {
  let t: TestApp;
  let gkb: Record<string, string>;
  before(async () => {
    t = await buildTestApp();
    gkb = await bearer(t, 'gkb');
  });
  after(() => t.close());

  /** Applies online as a citizen and confirms receipt on 2022-03-01; returns the number, code and id. */
  const applyAndConfirm = async (s: Session, over: Record<string, string> = {}) => {
    const page = await s.get('/ysqgk/apply');
    const token = /name="formToken" value="([^"]+)"/.exec(page.body)![1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const orgId = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '区发改委')
        .executeTakeFirstOrThrow()
    ).id;
    const res = await s.post(
      '/ysqgk/apply',
      {
        formToken: token,
        applicantType: 'natural',
        applicantName: '赵六',
        idNumber: idNumber(),
        phone: '13807915678',
        orgId: String(orgId),
        description: '某年度预算文件',
        ...over,
      },
      { csrf },
    );
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    const number = /id="receipt-number">([^<]+)</.exec(res.body)![1];
    const code = /id="receipt-code"[^>]*>([^<]+)</.exec(res.body)![1].trim();
    const id = (
      await t.ctx.db
        .selectFrom('foi_applications')
        .select('id')
        .where('number', '=', number)
        .executeTakeFirstOrThrow()
    ).id;
    const c = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/applications/${id}/confirm`,
      headers: gkb,
      payload: { on: '2022-03-01' },
    });
    assert.ok(c.statusCode < 300, c.body);
    return { number, code, id, receipt: res };
  };
  const event = async (id: number, body: Record<string, unknown>) => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/applications/${id}/events`,
      headers: gkb,
      payload: body,
    });
    assert.equal(r.statusCode, 201, r.body);
  };
  const track = (s: Session, number: string, code: string) =>
    s.post('/ysqgk/track', { number, code }, { from: '/ysqgk/track' });
  const correct = async (
    s: Session,
    number: string,
    code: string,
    text: string,
    files: { name: string; data: Buffer }[] = [],
  ) => {
    const page = await track(s, number, code);
    const action = /action="(\/ysqgk\/track\/correction\?_csrf=[^"]+)"/
      .exec(page.body)?.[1]
      ?.replaceAll('&amp;', '&');
    const url = action ?? `/ysqgk/track/correction?_csrf=${encodeURIComponent(await s.csrf('/ysqgk/track'))}`;
    const b = '----gongkaitrack';
    const field = (name: string, value: string) =>
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    const payload = Buffer.concat([
      field('number', number),
      field('code', code),
      field('text', text),
      ...files.flatMap((f) => [
        Buffer.from(
          `--${b}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        f.data,
        Buffer.from('\r\n'),
      ]),
      Buffer.from(`--${b}--\r\n`),
    ]);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: s.cookies,
      remoteAddress: s.remoteAddress,
      headers: { 'content-type': `multipart/form-data; boundary=${b}` },
      payload,
    });
  };
  const eventsOf = async (id: number) =>
    (
      await t.ctx.db
        .selectFrom('foi_events')
        .select(['type', 'on_date'])
        .where('application_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((e) => e.type);

  it('shows a pending 补正 with what to supply and its deadline as a date, takes it online and restarts the clock', async () => {
    t.clock.set('2022-03-01T02:00:00Z');
    const s = new Session(t.app);
    const { number, code, id } = await applyAndConfirm(s);
    await event(id, {
      type: 'correction_requested',
      on: '2022-03-01',
      periodDays: 10,
      reason: '未写明所需文件的年份',
    });
    const page = await track(s, number, code);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.match(page.body, /需要您补正申请/);
    assert.match(page.body, /未写明所需文件的年份/);
    assert.match(page.body, /请于 2022年3月15日 前/);
    assert.match(page.body, /提交补正/);

    // Bad input first: nothing is written.
    const before = await eventsOf(id);
    const empty = await correct(s, number, code, '');
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写补正内容或上传补正材料/);
    const disguised = await correct(s, number, code, '补正', [
      { name: '补正.pdf', data: Buffer.from('MZ\x90\x00 not a pdf at all') },
    ]);
    assert.equal(disguised.statusCode, 400);
    assert.match(disguised.body, /只能上传/);
    const big = await correct(s, number, code, '补正', [
      { name: '大.pdf', data: Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024 + 1)]) },
    ]);
    assert.equal(big.statusCode, 413);
    assert.match(big.body, /20 MB/);
    assert.deepEqual(await eventsOf(id), before);

    t.clock.set('2022-03-03T02:00:00Z');
    const ok = await correct(s, number, code, '所需文件为2021年度的预算执行报告', [
      { name: '补正说明.pdf', data: PDF },
    ]);
    assert.equal(ok.statusCode, 200, ok.body.slice(0, 400));
    const due = (await loadCalendar(t.ctx.db)).addWorkingDays('2022-03-03', 20);
    assert.match(ok.body, new RegExp(`补正已提交。收到补正之日为 2022-03-03.*新的答复期限为 ${due}`));
    const row = await t.ctx.db
      .selectFrom('foi_applications')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'processing');
    assert.equal(row.due_date, due, 'rules.md §1: reply due = 20th working day after the 补正 arrived');
    const ev = await t.ctx.db
      .selectFrom('foi_events')
      .selectAll()
      .where('application_id', '=', id)
      .where('type', '=', 'correction_received')
      .executeTakeFirstOrThrow();
    assert.equal(ev.on_date, '2022-03-03');
    assert.match(ev.data, /2021年度的预算执行报告/);
    const files = await t.ctx.db
      .selectFrom('foi_attachments')
      .selectAll()
      .where('application_id', '=', id)
      .execute();
    assert.deepEqual(
      files.map((f) => f.filename),
      ['补正说明.pdf'],
    );
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('object_id', '=', String(id))
      .where('action', '=', 'foi.event.correction_received')
      .execute();
    assert.equal(audit.length, 1);
    const notes = await t.ctx.db
      .selectFrom('notifications')
      .select(['title'])
      .where('title', 'like', `%${number}%已在网上补正%`)
      .execute();
    assert.ok(notes.length >= 1, 'the org’s handlers are told');

    // A second 补正 is refused with the reason.
    const again = await correct(s, number, code, '再补一次');
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /没有待补正的事项/);
  });

  it('refuses a 补正 after its deadline and on a closed case, with the reason', async () => {
    t.clock.set('2022-03-01T02:00:00Z');
    const s = new Session(t.app);
    const late = await applyAndConfirm(s);
    await event(late.id, { type: 'correction_requested', on: '2022-03-01', periodDays: 3 });
    t.clock.set('2022-03-10T02:00:00Z');
    const page = await track(s, late.number, late.code);
    assert.match(page.body, /补正期限已届满/);
    const r = await correct(s, late.number, late.code, '迟到的补正');
    assert.equal(r.statusCode, 409);
    assert.match(r.body, /补正期限已于 2022-03-04 届满/);

    t.clock.set('2022-03-01T02:00:00Z');
    const closed = await applyAndConfirm(s);
    await event(closed.id, { type: 'correction_requested', on: '2022-03-01' });
    await event(closed.id, {
      type: 'closed',
      on: '2022-03-01',
      outcome: 'other.other',
      reason: '申请人撤回',
    });
    const c = await correct(s, closed.number, closed.code, '补正');
    assert.equal(c.statusCode, 409);
    assert.match(c.body, /已于 2022-03-01 办结，不能再补正/);
  });

  it('after closing shows the outcome in words, the remedy with dates, and the letters to download with the query code only', async () => {
    t.clock.set('2022-03-01T02:00:00Z');
    const s = new Session(t.app);
    const { number, code, id } = await applyAndConfirm(s);
    await event(id, {
      type: 'consultation_started',
      on: '2022-03-01',
      party: 'third_party',
      partyName: '某公司',
    });
    await event(id, { type: 'consultation_ended', on: '2022-03-01' });
    await event(id, {
      type: 'closed',
      on: '2022-03-01',
      outcome: 'withheld.process_info',
      reason: '属于内部讨论稿',
    });
    const page = await track(s, number, code);
    assert.match(page.body, /不予公开：属于四类过程性信息/);
    assert.match(
      page.body,
      /六十日内向<strong>南昌市红谷滩区人民政府或上一级主管部门<\/strong>申请行政复议/,
      'a 2022 department decision keeps the pre-2024 wording',
    );
    assert.match(page.body, /申请行政复议最迟为 2022年4月30日，提起行政诉讼最迟为 2022年9月1日/);
    assert.ok(!page.body.includes('征求意见函'), 'the consultation letter goes to the third party only');
    const ref = /name="ref" value="(\d+)"/.exec(page.body)![1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const docx = await s.post('/ysqgk/track/letter', { number, code, ref, format: 'docx' }, { csrf });
    assert.equal(docx.statusCode, 200);
    const xml = strFromU8(unzipSync(new Uint8Array(docx.rawPayload))['word/document.xml']);
    assert.match(xml, /属于内部讨论稿/);
    const html = await s.post('/ysqgk/track/letter', { number, code, ref, format: 'html' }, { csrf });
    assert.match(html.body, /政府信息公开申请答复书/);

    // A wrong query code reads exactly like an unknown number.
    const wrong = await s.post(
      '/ysqgk/track/letter',
      { number, code: 'ABCDEFGHJKLM', ref, format: 'docx' },
      { csrf },
    );
    const unknown = await s.post(
      '/ysqgk/track/letter',
      { number: '2022-HGT-99999', code, ref, format: 'docx' },
      { csrf },
    );
    assert.equal(wrong.statusCode, 404);
    assert.equal(unknown.statusCode, 404);
    const msg = (b: string) => /申请编号或查询码不正确[^<]*/.exec(b)?.[0];
    assert.ok(msg(wrong.body), 'generic message');
    assert.equal(msg(wrong.body), msg(unknown.body));
    // The consultation letter's id is refused the same way as any letter not for the applicant.
    const consultation = await t.ctx.db
      .selectFrom('foi_letters')
      .select('id')
      .where('application_id', '=', id)
      .where('kind', '=', 'consultation')
      .executeTakeFirstOrThrow();
    const hidden = await s.post(
      '/ysqgk/track/letter',
      { number, code, ref: String(consultation.id), format: 'html' },
      { csrf },
    );
    assert.equal(hidden.statusCode, 404);
  });

  it('gives the applicant the documents released with the reply, only with the query code; a release can be taken back', async () => {
    t.clock.set('2022-03-01T02:00:00Z');
    const citizen = new Session(t.app);
    const { number, code, id } = await applyAndConfirm(citizen);
    const other = await applyAndConfirm(new Session(t.app));
    const handler = await loginAs(t.app, 'handler');
    const upload = async (caseId: number, filename: string, data: Buffer, released: boolean) => {
      const csrf = await handler.csrf(`/admin/foi/${caseId}`);
      const b = '----gongkairelease';
      const payload = Buffer.concat([
        ...(released
          ? [Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="released"\r\n\r\n1\r\n`)]
          : []),
        Buffer.from(
          `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        data,
        Buffer.from(`\r\n--${b}--\r\n`),
      ]);
      const res = await t.app.inject({
        method: 'POST',
        url: `/admin/foi/${caseId}/attachments?_csrf=${encodeURIComponent(csrf)}`,
        cookies: handler.cookies,
        remoteAddress: handler.remoteAddress,
        headers: { 'content-type': `multipart/form-data; boundary=${b}` },
        payload,
      });
      return res;
    };
    const released = Buffer.from('%PDF-1.4\n% 2022 年度部门预算\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    assert.equal((await upload(id, '2022年度部门预算.pdf', released, true)).statusCode, 303);
    assert.equal((await upload(id, '信封扫描件.pdf', PDF, false)).statusCode, 303);
    assert.equal((await upload(other.id, '他人的文件.pdf', PDF, true)).statusCode, 303);
    const none = await upload(id, '', Buffer.alloc(0), true);
    assert.equal(none.statusCode, 400, 'no file chosen');
    assert.match(none.body, /请选择要上传的文件/);
    await event(id, { type: 'closed', on: '2022-03-01', outcome: 'disclosed' });

    const files = await t.ctx.db
      .selectFrom('foi_attachments')
      .select(['id', 'filename', 'released_at', 'application_id'])
      .execute();
    const mine = files.find((f) => f.filename === '2022年度部门预算.pdf')!;
    const scan = files.find((f) => f.filename === '信封扫描件.pdf')!;
    const theirs = files.find((f) => f.filename === '他人的文件.pdf')!;
    assert.ok(mine.released_at && !scan.released_at, 'only the file marked is released');
    const api = (await t.app.inject({ url: `/api/v1/foi/applications/${id}`, headers: gkb })).json();
    assert.deepEqual(
      api.attachments.map((a: { releasedAt: string | null }) => !!a.releasedAt),
      [true, false],
      'the API says which files were released',
    );

    const page = await track(citizen, number, code);
    assert.match(page.body, /提供给您的政府信息/);
    assert.match(page.body, /2022年度部门预算\.pdf/);
    assert.ok(!page.body.includes('信封扫描件'), 'a staff-only scan is not listed');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const download = (proof: { number: string; code: string }, fileId: number) =>
      citizen.post('/ysqgk/track/file', { ...proof, id: String(fileId) }, { csrf });
    const got = await download({ number, code }, mine.id);
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.rawPayload, released);
    assert.match(
      String(got.headers['content-disposition']),
      /filename\*=UTF-8''2022%E5%B9%B4/,
      'under its own name',
    );
    assert.equal(got.headers['referrer-policy'], 'no-referrer');

    // A wrong code reads as an unknown number; a staff-only file or another applicant's file is refused naming nothing.
    const msg = (b: string) => /申请编号或查询码不正确[^<]*/.exec(b)?.[0];
    const unknown = await download({ number: '2022-HGT-99999', code }, mine.id);
    const wrong = await download({ number, code: 'ABCDEFGHJKLM' }, mine.id);
    assert.deepEqual([unknown.statusCode, wrong.statusCode], [404, 404]);
    assert.ok(msg(wrong.body), 'the generic message');
    assert.equal(msg(wrong.body), msg(unknown.body));
    for (const [label, res] of [
      ['staff-only scan', await download({ number, code }, scan.id)],
      ['another case’s file', await download({ number, code }, theirs.id)],
    ] as const) {
      assert.equal(res.statusCode, 404, label);
      assert.match(res.body, /该文件不存在或未提供给您/, label);
      assert.ok(
        !res.body.includes('信封扫描件') && !res.body.includes('他人的文件'),
        `${label}: no file name`,
      );
    }

    // Taken back (released by mistake): gone from the page and refused, with a history line.
    const back = await handler.post(
      `/admin/foi/attachments/${mine.id}/release`,
      { released: '0' },
      { from: `/admin/foi/${id}` },
    );
    assert.equal(back.statusCode, 303);
    assert.ok(!(await track(citizen, number, code)).body.includes('2022年度部门预算'), 'no longer listed');
    assert.equal((await download({ number, code }, mine.id)).statusCode, 404);
    const history = await t.ctx.db
      .selectFrom('foi_history')
      .select('text')
      .where('application_id', '=', id)
      .execute();
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'foi.attachment.release')
      .execute();
    assert.equal(audited.length, 1, 'the take-back is audited');
    assert.ok(
      history.some((h) => /撤回提供给申请人的“2022年度部门预算\.pdf”/.test(h.text)),
      'history names the take-back',
    );
    assert.ok(
      history.some((h) => /上传提供给申请人的政府信息/.test(h.text)),
      'history names the release',
    );
    // Another org's staff cannot release a file of this case.
    const outsider = await loginAs(t.app, 'sj_editor');
    const refused = await outsider.post(
      `/admin/foi/attachments/${mine.id}/release`,
      { released: '1' },
      { from: '/admin' },
    );
    assert.equal(refused.statusCode, 403);
  });

  it('gives a receipt worth keeping: the code emphasised, a bookmarkable link with the code in the fragment only, no Referer', async () => {
    t.clock.set('2022-03-01T02:00:00Z');
    const s = new Session(t.app);
    const { number, code, receipt } = await applyAndConfirm(s);
    assert.equal(receipt.headers['referrer-policy'], 'no-referrer');
    assert.match(receipt.body, /<strong class="foi-code" id="receipt-code">[A-Z0-9]{12}<\/strong>/);
    const link = /id="track-link" href="([^"]+)"/.exec(receipt.body)![1].replaceAll('&amp;', '&');
    assert.equal(link, `/ysqgk/track?number=${number}#code=${code}`);
    const [path] = link.split('#');
    assert.ok(!path.includes(code), 'the code never reaches the server');
    const form = await s.get(path);
    assert.equal(form.headers['referrer-policy'], 'no-referrer');
    assert.match(
      form.body,
      new RegExp(`name="number"[^>]*value="${number}"|value="${number}"[^>]*name="number"`),
    );
  });

  it('guides to each org’s FOI desk (address, postcode, phone, fax, hours) with a privacy notice for the ID number', async () => {
    const orgId = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '区发改委')
        .executeTakeFirstOrThrow()
    ).id;
    const o = await getOrg(t.ctx.db, orgId);
    await updateOrg(t.ctx, systemActor('test'), orgId, {
      ...o,
      foiDesk: {
        address: '某路 1 号政务服务中心 2 楼',
        postcode: '330000',
        phone: '0791-12345678',
        fax: '0791-12345679',
        hours: '工作日 9:00—17:00',
      },
    });
    const page = await new Session(t.app).get('/ysqgk');
    assert.equal(page.statusCode, 200);
    for (const want of [
      o.name,
      '某路 1 号政务服务中心 2 楼',
      '330000',
      '0791-12345678',
      '0791-12345679',
      '工作日 9:00—17:00',
      '个人信息保护',
      '如何选择受理机关',
    ])
      assert.ok(page.body.includes(want), `the guide lacks ${want}`);
  });
});
