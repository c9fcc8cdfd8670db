import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { listAttachments } from '../content/service.ts';
import { emptySections } from './document.ts';

describe('提交发布: the annual report through the publishing workflow, per role (both engines)', () => {
  let t: TestApp;
  let fgw: number;
  let itemId: number;
  const H: Record<string, Record<string, string>> = {};
  const call = (user: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user ? H[user] : {}, ...(payload ? { payload } : {}) });
  const submit = (user: string) =>
    call(user, 'POST', `/api/v1/reports/annual/submit?org=${fgw}&year=2022&acknowledgeEmpty=true`);
  const step = async (user: string, action: string, payload?: object) => {
    const res = await call(user, 'POST', `/api/v1/content/items/${itemId}/${action}`, payload);
    assert.equal(res.statusCode, 200, `${user} ${action}: ${res.body}`);
    return res.json();
  };
  /** A case of 区发改委 received on `on`, closed on `closed` as `outcome`. */
  const kase = async (on: string, closed: string, outcome: string, applicantType = 'natural') => {
    const res = await call('gkb', 'POST', '/api/v1/foi/applications', {
      channel: 'in_person',
      receivedOn: on,
      orgId: fgw,
      applicantType,
      applicantName: '王某',
      idNumber: applicantType === 'natural' ? '11010519491231002X' : '91350100M000100Y43',
      ...(applicantType === 'natural' ? {} : { legalRepresentative: '李某' }),
      phone: '13912345678',
      description: '申请公开某项目的批复文件',
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id ?? res.json().application?.id;
    const ev = await call('gkb', 'POST', `/api/v1/foi/applications/${id}/events`, {
      type: 'closed',
      on: closed,
      outcome,
    });
    assert.ok(ev.statusCode < 300, ev.body);
  };

  before(async () => {
    t = await buildTestApp({ start: '2023-03-01T02:00:00Z' });
    for (const u of ['gkb', 'editor', 'reviewer', 'secrecy', 'leader', 'handler', 'sj_editor'])
      H[u] = await bearer(t, u);
    fgw = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '区发改委')
        .executeTakeFirstOrThrow()
    ).id;
    await kase('2022-03-01', '2022-03-15', 'disclosed');
    await kase('2022-04-01', '2022-04-20', 'partial', 'commercial');
  });
  after(() => t.close());

  it('refuses roles without report.edit and content.edit, and departments outside the org', async () => {
    for (const u of ['leader', 'handler', 'reviewer', 'secrecy', 'sj_editor'])
      assert.equal((await submit(u)).statusCode, 403, u);
    const anon = await call(null, 'POST', `/api/v1/reports/annual/submit?org=${fgw}&year=2022`);
    assert.ok([401, 403].includes(anon.statusCode), anon.body); // no session: refused (CSRF or login)
  });

  it('asks to acknowledge empty written sections (五、六) before submitting, and creates nothing until then', async () => {
    const items = async () =>
      (
        await t.ctx.db
          .selectFrom('content_items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = Number(await items());
    const res = await call('editor', 'POST', `/api/v1/reports/annual/submit?org=${fgw}&year=2022`);
    assert.equal(res.statusCode, 409, res.body);
    assert.match(res.json().error.message, /尚无文字：五、存在的主要问题及改进情况、六、其他需要报告的事项/);
    assert.equal(
      res.json().error.fields.acknowledgeEmpty,
      '五、存在的主要问题及改进情况、六、其他需要报告的事项',
    );
    assert.equal(Number(await items()), before, 'nothing created');
    // The report page warns, and its 提交发布 form leads to a page asking for the acknowledgement.
    const s = await loginAs(t.app, 'editor');
    const page = await s.get(`/admin/reports/annual?org=${fgw}&year=2022&scope=own`);
    assert.match(page.body, /以下部分尚无文字：五、存在的主要问题及改进情况、六、其他需要报告的事项/);
    const form = await s.post(`/admin/reports/annual/submit?org=${fgw}&year=2022&scope=own`, {});
    assert.equal(form.statusCode, 409, form.body.slice(0, 300));
    assert.match(form.body, /<h1>确认提交发布<\/h1>/);
    assert.match(form.body, /name="acknowledgeEmpty" value="1" required/);
    assert.match(
      form.body,
      /href="\/admin\/reports\/annual\?org=\d+&amp;year=2022&amp;scope=own&amp;tab=edit">返回补写/,
    );
    const unticked = await s.post(`/admin/reports/annual/submit?org=${fgw}&year=2022&scope=own`, {
      confirmPage: '1',
    });
    assert.equal(unticked.statusCode, 409);
    assert.match(unticked.body, /请勾选确认，或返回补写这些部分/);
    assert.equal(Number(await items()), before, 'still nothing created');
    // Once 五 and 六 are written (here for 2021), the page no longer warns.
    const saved = await s.post(`/admin/reports/annual?org=${fgw}&year=2021&scope=own`, {
      overview: '概况。',
      problems: '存在问题。',
      other: '无。',
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    assert.doesNotMatch(
      (await s.get(`/admin/reports/annual?org=${fgw}&year=2021&scope=own`)).body,
      /尚无文字/,
    );
  });

  it('emptySections: the written sections with no text, whitespace and full-width spaces counting as none', () => {
    assert.deepEqual(emptySections({ narrative: { overview: 'x', problems: '', other: '' } }), [
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]);
    assert.deepEqual(
      emptySections({ narrative: { overview: ' \n\u3000', problems: '问题', other: '无。' } }),
      ['一、总体情况'],
    );
    assert.deepEqual(emptySections({ narrative: { overview: 'a', problems: 'b', other: 'c' } }), []);
  });

  it('creates one item in 公开年报 with the report as body and DOCX/XLSX attached, and 报送 it', async () => {
    const res = await submit('editor');
    assert.equal(res.statusCode, 200, res.body);
    const p = res.json();
    assert.equal(p.status, 'submitted');
    itemId = p.itemId;
    const item = (await call('editor', 'GET', `/api/v1/content/items/${itemId}`)).json();
    assert.equal(item.title, '红谷滩区发展和改革委员会2022年政府信息公开工作年度报告');
    const gknb = (
      await t.ctx.db
        .selectFrom('content_columns')
        .select('id')
        .where('slug', '=', 'xxgk-gknb')
        .executeTakeFirstOrThrow()
    ).id;
    assert.deepEqual(item.columnIds, [gknb]);
    assert.match(item.body, /<table>/);
    assert.match(item.body, /三、收到和处理政府信息公开申请情况/);
    const names = (await listAttachments(t.ctx.db, itemId)).map((a) => a.name).sort();
    assert.deepEqual(names, [
      '红谷滩区发展和改革委员会2022年政府信息公开工作年度报告.docx',
      '红谷滩区发展和改革委员会2022年政府信息公开工作年度报告.xlsx',
    ]);
    // The report page shows where it went.
    const page = await (
      await loginAs(t.app, 'editor')
    ).get(`/admin/reports/annual?org=${fgw}&year=2022&scope=own`);
    assert.match(page.body, new RegExp(`/admin/content/${itemId}`));
    assert.match(page.body, /已报送，待审核/);
  });

  it('will not submit again while the item is under review; after a send-back it revises the same item', async () => {
    assert.equal((await submit('editor')).statusCode, 409);
    await step('reviewer', 'reject', { comment: '请补充第五部分存在的问题' });
    const res = await submit('editor');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().itemId, itemId);
    assert.equal(res.json().revision, 2);
    assert.equal((await listAttachments(t.ctx.db, itemId)).length, 2, 'attachments replaced, not added');
    const items = await t.ctx.db
      .selectFrom('content_items')
      .select('id')
      .where('title', 'like', '%2022年政府信息公开工作年度报告%')
      .execute();
    assert.equal(items.length, 1);
  });

  it('goes through 审核 → 保密审查 → 发布 by the other roles, and then shows on the portal in 公开年报', async () => {
    assert.equal(
      (await call('editor', 'POST', `/api/v1/content/items/${itemId}/review`)).statusCode,
      403,
      'an editor cannot review',
    );
    await step('reviewer', 'review');
    assert.equal(
      (await call('reviewer', 'POST', `/api/v1/content/items/${itemId}/confidentiality-review`)).statusCode,
      403,
    );
    await step('secrecy', 'confidentiality-review');
    assert.equal((await step('reviewer', 'publish', {})).status, 'published');
    const column = await call(null, 'GET', '/columns/xxgk-gknb');
    assert.equal(column.statusCode, 200);
    assert.match(column.body, new RegExp(`/items/${itemId}`));
    const pub = await call(null, 'GET', `/items/${itemId}`);
    assert.equal(pub.statusCode, 200);
    assert.match(pub.body, /红谷滩区发展和改革委员会2022年政府信息公开工作年度报告/);
    assert.match(pub.body, /四、政府信息公开行政复议、行政诉讼情况/);
    assert.match(pub.body, /\.docx/);
    assert.match(pub.body, /\.xlsx/);
  });

  it('re-submitting after publication makes a new version that goes through review while the published one stays public, then replaces it', async () => {
    const received = async () =>
      (await call('gkb', 'GET', `/api/v1/reports/annual?org=${fgw}&year=2022`)).json().table3.received
        .total as number;
    const before = await received();
    const publicBody = async (id: number) =>
      (await call(null, 'GET', `/api/v1/content/public/items/${id}`)).json().body as string;
    const oldBody = await publicBody(itemId);
    await kase('2022-06-01', '2022-06-10', 'withheld.state_secret', 'research');
    assert.equal(await received(), before + 1);
    // Roles that may not submit, still refused; a 信息员 of the org may (it is reviewed again).
    for (const u of ['leader', 'handler', 'reviewer', 'secrecy', 'sj_editor'])
      assert.equal((await submit(u)).statusCode, 403, u);
    const res = await submit('editor');
    assert.equal(res.statusCode, 200, res.body);
    const next = res.json();
    assert.notEqual(next.itemId, itemId, 'a new version, not an in-place edit');
    assert.equal(next.status, 'submitted');
    assert.equal(next.replaces, itemId);
    const nextId = next.itemId as number;
    // The published report is untouched and still the one the public sees; the new one is not public.
    const old = (await call('gkb', 'GET', `/api/v1/content/items/${itemId}`)).json();
    assert.equal(old.status, 'published');
    assert.equal(old.revision, 2);
    assert.equal(await publicBody(itemId), oldBody);
    assert.doesNotMatch(oldBody, new RegExp(`新收政府信息公开申请 ${before + 1} 件`));
    assert.equal((await call(null, 'GET', `/items/${nextId}`)).statusCode, 404);
    assert.doesNotMatch(
      (await call(null, 'GET', '/columns/xxgk-gknb')).body,
      new RegExp(`/items/${nextId}"`),
    );
    assert.equal((await listAttachments(t.ctx.db, itemId)).length, 2, 'the published attachments stay');
    assert.equal((await listAttachments(t.ctx.db, nextId)).length, 2);
    const page = await (
      await loginAs(t.app, 'editor')
    ).get(`/admin/reports/annual?org=${fgw}&year=2022&scope=own`);
    assert.match(page.body, new RegExp(`新版本已提交为<a href="/admin/content/${nextId}"`));
    assert.match(page.body, new RegExp(`门户上仍是<a href="/items/${itemId}">已发布的版本</a>`));
    // While it is under review, no further submission; a send-back lets the editor revise the same new version.
    assert.equal((await submit('gkb')).statusCode, 409);
    itemId = nextId;
    await step('reviewer', 'reject', { comment: '请核对表三' });
    const again = await submit('editor');
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().itemId, nextId);
    assert.equal(again.json().revision, 2);
    // The workflow's roles: an editor cannot review or publish; reviewer, 保密审查员, then publication.
    assert.equal((await call('editor', 'POST', `/api/v1/content/items/${nextId}/review`)).statusCode, 403);
    await step('reviewer', 'review');
    assert.equal(
      (await call('editor', 'POST', `/api/v1/content/items/${nextId}/confidentiality-review`)).statusCode,
      403,
    );
    await step('secrecy', 'confidentiality-review');
    assert.equal(
      (await call('editor', 'POST', `/api/v1/content/items/${nextId}/publish`, {})).statusCode,
      403,
    );
    assert.equal(
      (await call(null, 'GET', `/items/${old.id}`)).statusCode,
      200,
      'still public until the new version is published',
    );
    assert.equal((await step('reviewer', 'publish', {})).status, 'published');
    // Now the new version is public and the old address sends visitors to it.
    assert.match(await publicBody(nextId), new RegExp(`新收政府信息公开申请 ${before + 1} 件`));
    const moved = await call(null, 'GET', `/items/${old.id}`);
    assert.equal(moved.statusCode, 301);
    assert.equal(moved.headers.location, `/items/${nextId}`);
    const column = (await call(null, 'GET', '/columns/xxgk-gknb')).body;
    assert.match(column, new RegExp(`/items/${nextId}"`));
    assert.doesNotMatch(column, new RegExp(`/items/${old.id}"`), 'one report per org and year in 公开年报');
    const withdrawn = await t.ctx.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'content.item.withdraw')
      .where('object_id', '=', String(old.id))
      .execute();
    assert.equal(withdrawn.length, 1);
    assert.equal(JSON.parse(withdrawn[0].after_json!).supersededBy, nextId);
    const submits = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'report.submit')
      .execute();
    assert.equal(submits.length, 4);
    // A later submission starts the next version from the new published item.
    const third = await submit('gkb');
    assert.equal(third.statusCode, 200, third.body);
    assert.equal(third.json().replaces, nextId);
    itemId = third.json().itemId;
    await step('reviewer', 'reject', { comment: '暂不更新' });
  });

  it('refuses to publish a report whose table does not balance', async () => {
    // A closed case with no outcome breaks 一 + 二 = 三(七) + 四.
    const res = await call('gkb', 'POST', '/api/v1/foi/applications', {
      channel: 'in_person',
      receivedOn: '2022-07-01',
      orgId: fgw,
      applicantType: 'natural',
      applicantName: '李某',
      idNumber: '11010519491231002X',
      phone: '13912345679',
      description: '申请公开某文件',
    });
    const id = res.json().id ?? res.json().application?.id;
    await t.ctx.db
      .updateTable('foi_applications')
      .set({ status: 'closed', closed_on: '2022-07-05', outcome: null })
      .where('id', '=', id)
      .execute();
    const bad = await submit('gkb');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /发布前检查未通过/);
  });
});
