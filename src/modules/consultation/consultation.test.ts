import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, loginAs, Session, type TestApp } from '../../../test/helpers.ts';
import { residentIdCheckChar } from '../../lib/identifiers.ts';
import { listPublicOrgs } from '../org/service.ts';

describe('public consultation on drafts', () => {
  let t: TestApp;
  let orgId: (short: string) => number;
  let id: number;
  const comments = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('consultation_comments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const draft = (over: Record<string, unknown> = {}) => ({
    orgId: orgId('区发改委'),
    title: '测试征求意见稿',
    draftText: '第一条 测试。',
    explanation: '起草说明。',
    startDate: '2022-03-02',
    ...over,
  });

  before(async () => {
    t = await buildTestApp();
    const orgs = await listPublicOrgs(t.ctx.db);
    orgId = (s) => orgs.find((o) => o.shortName === s)!.id;
  });
  after(() => t.close());

  it('lets a unit draft and publish for its own org only, with a 30-day default period', async () => {
    const editor = await bearer(t, 'editor');
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: editor,
      payload: draft({ orgId: orgId('沙井街办') }),
    });
    assert.equal(foreign.statusCode, 403);
    const handler = await t.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: await bearer(t, 'handler'),
      payload: draft(),
    });
    assert.equal(handler.statusCode, 403);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: editor,
      payload: draft({ startDate: '2022-02-30', title: '' }),
    });
    assert.equal(bad.statusCode, 400);
    assert.match(JSON.stringify(bad.json().error.fields), /开始日期/);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: editor,
      payload: draft(),
    });
    assert.equal(res.statusCode, 201, res.body);
    id = res.json().id;
    assert.equal(res.json().endDate, '2022-03-31');
    // A draft is not public.
    assert.equal((await t.app.inject({ url: `/hdjl/yjzj/${id}` })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/api/v1/consultations/${id}` })).statusCode, 404);
    const pub = await t.app.inject({
      method: 'POST',
      url: `/api/v1/consultations/${id}/publish`,
      headers: editor,
    });
    assert.equal(pub.statusCode, 200);
    // Published but not yet started: still not listed.
    assert.equal((await t.app.inject({ url: `/hdjl/yjzj/${id}` })).statusCode, 404);
    const locked = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/consultations/${id}`,
      headers: editor,
      payload: draft({ title: '改' }),
    });
    assert.equal(locked.statusCode, 409);
  });

  it('takes comments during the period, holds them for moderation and refuses personal information', async () => {
    t.clock.set('2022-03-05T02:00:00Z');
    const citizen = new Session(t.app);
    const page = await citizen.get(`/hdjl/yjzj/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /征集中/);
    const before = await comments();
    const id18 = '36010219800101123' + residentIdCheckChar('36010219800101123');
    const leaking = await citizen.post(
      `/hdjl/yjzj/${id}/comments`,
      { authorName: '张三', contact: '', body: `我的身份证 ${id18}，建议如下` },
      { from: `/hdjl/yjzj/${id}` },
    );
    assert.equal(leaking.statusCode, 400);
    assert.match(leaking.body, /身份证号码/);
    // The full publishing gate, not only ID and mobile numbers: a personal e-mail address, a serious 错敏词.
    const mail = await citizen.post(
      `/hdjl/yjzj/${id}/comments`,
      { authorName: '张三', contact: '', body: '请回复到 zhangsan1980@163.com' },
      { from: `/hdjl/yjzj/${id}` },
    );
    assert.equal(mail.statusCode, 400);
    assert.match(mail.body, /个人电子邮箱/);
    const wrong = await citizen.post(
      `/hdjl/yjzj/${id}/comments`,
      { authorName: '张三', contact: '', body: '建议依照中华人民共合国相关法律' },
      { from: `/hdjl/yjzj/${id}` },
    );
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /严重错误或敏感表述/);
    const empty = await citizen.post(
      `/hdjl/yjzj/${id}/comments`,
      { authorName: '', contact: '', body: '' },
      { from: `/hdjl/yjzj/${id}` },
    );
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写意见内容/);
    assert.equal(await comments(), before);
    const ok = await citizen.post(
      `/hdjl/yjzj/${id}/comments`,
      { authorName: '张三', contact: '13812345678', body: '建议增加申报指引。' },
      { from: `/hdjl/yjzj/${id}` },
    );
    assert.equal(ok.statusCode, 303);
    const ok2 = await citizen.post(
      `/hdjl/yjzj/${id}/comments`,
      { authorName: '李四', contact: '', body: '这条不宜公开。' },
      { from: `/hdjl/yjzj/${id}` },
    );
    assert.equal(ok2.statusCode, 303);
    assert.equal(await comments(), before + 2);
    const pub = await t.app.inject({ url: `/hdjl/yjzj/${id}` });
    assert.doesNotMatch(pub.body, /建议增加申报指引/, 'pending comments are not public');

    const staff = (
      await t.app.inject({ url: `/api/v1/consultations/manage/${id}`, headers: await bearer(t, 'reviewer') })
    ).json();
    const [c1, c2] = staff.comments;
    // Another unit cannot moderate; an editor lacks the moderation role.
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/consultation-comments/${c1.id}/moderation`,
          headers: await bearer(t, 'sj_editor'),
          payload: { approve: true },
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/consultation-comments/${c1.id}/moderation`,
          headers: await bearer(t, 'editor'),
          payload: { approve: true },
        })
      ).statusCode,
      403,
    );
    const reviewer = await bearer(t, 'reviewer');
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/consultation-comments/${c2.id}/moderation`,
          headers: reviewer,
          payload: { approve: false },
        })
      ).statusCode,
      400,
    );
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/consultation-comments/${c1.id}/moderation`,
          headers: reviewer,
          payload: { approve: true },
        })
      ).statusCode,
      200,
    );
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/consultation-comments/${c2.id}/moderation`,
          headers: reviewer,
          payload: { approve: false, reason: '与草案无关' },
        })
      ).statusCode,
      200,
    );
    const after = await t.app.inject({ url: `/hdjl/yjzj/${id}` });
    assert.match(after.body, /建议增加申报指引/);
    assert.doesNotMatch(after.body, /这条不宜公开|张三|13812345678/);
  });

  it('refuses comments after the period and feedback before it ends', async () => {
    const editor = await bearer(t, 'editor');
    const early = await t.app.inject({
      method: 'POST',
      url: `/api/v1/consultations/${id}/feedback`,
      headers: editor,
      payload: { summary: '太早', adoptions: [] },
    });
    assert.equal(early.statusCode, 409);
    assert.match(early.json().error.message, /征集期结束后/);
    t.clock.set('2022-04-01T02:00:00Z');
    const citizen = new Session(t.app);
    const late = await citizen.post(
      `/hdjl/yjzj/${id}/comments`,
      { authorName: '王五', contact: '', body: '迟到的意见' },
      { from: `/hdjl/yjzj/${id}` },
    );
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /不在征集期内/);
  });

  it('publishes the feedback per comment and links the final document; the public sees both', async () => {
    const editor = await bearer(t, 'editor');
    const staff = (await t.app.inject({ url: `/api/v1/consultations/manage/${id}`, headers: editor })).json();
    const approved = staff.comments.find((c: { status: string }) => c.status === 'approved');
    const rejected = staff.comments.find((c: { status: string }) => c.status === 'rejected');
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/v1/consultations/${id}/feedback`,
      headers: editor,
      payload: {
        summary: '共收到 2 条。',
        adoptions: [{ commentId: approved.id, adoption: 'not_adopted', reason: '' }],
      },
    });
    assert.equal(noReason.statusCode, 400);
    const onRejected = await t.app.inject({
      method: 'POST',
      url: `/api/v1/consultations/${id}/feedback`,
      headers: editor,
      payload: {
        summary: '共收到 2 条。',
        adoptions: [{ commentId: rejected.id, adoption: 'adopted', reason: '' }],
      },
    });
    assert.equal(onRejected.statusCode, 400);
    const other = await t.app.inject({
      method: 'POST',
      url: `/api/v1/consultations/${id}/feedback`,
      headers: await bearer(t, 'sj_editor'),
      payload: { summary: 'x', adoptions: [] },
    });
    assert.equal(other.statusCode, 403);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/consultations/${id}/feedback`,
      headers: editor,
      payload: {
        summary: '共收到意见 2 条，采纳 1 条。',
        adoptions: [{ commentId: approved.id, adoption: 'adopted', reason: '' }],
      },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const badUrl = await t.app.inject({
      method: 'POST',
      url: `/api/v1/consultations/${id}/final-document`,
      headers: editor,
      payload: { title: '正式文件', url: 'javascript:x' },
    });
    assert.equal(badUrl.statusCode, 400);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/consultations/${id}/final-document`,
      headers: editor,
      payload: { title: '区发改委关于测试的通知', url: '/gfxwj/9' },
    });
    const page = await t.app.inject({ url: `/hdjl/yjzj/${id}` });
    assert.match(page.body, /意见采纳情况/);
    assert.match(page.body, /共收到意见 2 条，公开 1 条/);
    assert.match(page.body, /；采纳/);
    assert.match(page.body, /href="\/gfxwj\/9"/);
    const list = await t.app.inject({ url: '/hdjl/yjzj' });
    assert.match(list.body, /测试征求意见稿/);
    const api = (await t.app.inject({ url: `/api/v1/consultations/${id}` })).json();
    assert.equal(api.commentCount, 1);
    assert.ok(
      api.comments.every((c: Record<string, unknown>) => !('authorName' in c) && !('contact' in c)),
      "api.comments.every((c: Record<string, unknown>) => !('authorName' in c) && !('contact' in…",
    );
  });

  it('renders the portal and back-office pages, with the demo’s open and closed consultations', async () => {
    t.clock.set('2022-03-01T02:00:00Z');
    const list = await t.app.inject({ url: '/hdjl/yjzj' });
    assert.match(list.body, /正在征集/);
    assert.match(list.body, /数字经济/);
    assert.match(list.body, /停车管理/);
    const s = await loginAs(t.app, 'gkb');
    for (const url of [
      '/admin/consultations',
      '/admin/consultations/new',
      '/admin/consultations/1',
      '/admin/consultations/2',
      `/admin/consultations/${id}`,
      '/admin/consultations/1/edit',
    ])
      assert.equal((await s.get(url)).statusCode, 200, url);
    const form = await s.post(
      '/admin/consultations/new',
      { orgId: '', title: '', draftText: '', explanation: '', startDate: 'x' },
      { from: '/admin/consultations/new' },
    );
    assert.equal(form.statusCode, 400);
    assert.match(form.body, /请填写草案标题/);
  });
});
