import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { listPublicOrgs } from '../org/service.ts';

describe('offline service zones', () => {
  let t: TestApp;
  let orgId: (short: string) => number;
  const zone = (over: Record<string, unknown> = {}) => ({
    name: '测试专区',
    orgId: orgId('沙井街办'),
    address: '测试地址',
    hours: '工作日',
    phone: '0791-80000009',
    services: ['reading', 'policy_window'],
    active: true,
    ...over,
  });

  before(async () => {
    t = await buildTestApp();
    const orgs = await listPublicOrgs(t.ctx.db);
    orgId = (s) => orgs.find((o) => o.shortName === s)!.id;
  });
  after(() => t.close());

  it('lists the open zones on the portal as addresses, with the demo’s two zones', async () => {
    const page = await t.app.inject({ url: '/zones' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /区政务服务中心政务公开专区/);
    assert.match(page.body, /沙井街办便民服务中心政务公开专区/);
    assert.match(page.body, /依申请公开受理/);
  });

  it('lets only the openness office register zones, validating in Chinese', async () => {
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/zones',
          headers: await bearer(t, 'sj_editor'),
          payload: zone(),
        })
      ).statusCode,
      403,
    );
    const gkb = await bearer(t, 'gkb');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/zones',
      headers: gkb,
      payload: zone({ phone: 'call me' }),
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.fields.phone, /电话/);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/zones',
      headers: gkb,
      payload: zone({ active: false }),
    });
    assert.equal(created.statusCode, 201);
    assert.doesNotMatch(
      (await t.app.inject({ url: '/zones' })).body,
      /测试专区/,
      'an inactive zone is not public',
    );
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/zones/${created.json().id}`,
      headers: gkb,
      payload: zone(),
    });
    assert.match((await t.app.inject({ url: '/zones' })).body, /测试专区/);
    const s = await loginAs(t.app, 'gkb');
    assert.equal((await s.get(`/admin/zones/${created.json().id}/edit`)).statusCode, 200);
    const form = await s.post(
      '/admin/zones/new',
      { name: '', orgId: '', address: '', hours: '', phone: '' },
      { from: '/admin/zones/new' },
    );
    assert.equal(form.statusCode, 400);
    assert.match(form.body, /请至少选择一项服务/);
  });

  it('lets staff of the zone’s org log consultations, not another org’s', async () => {
    const zones = (await t.app.inject({ url: '/api/v1/zones' })).json() as { id: number; orgId: number }[];
    const sjZone = zones.find((z) => z.orgId === orgId('沙井街办'))!;
    const entry = { date: '2022-03-01', topic: '低保申请条件', channel: 'window', answered: true };
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/zones/${sjZone.id}/consultations`,
          headers: await bearer(t, 'editor'),
          payload: entry,
        })
      ).statusCode,
      403,
    );
    const sj = await bearer(t, 'sj_editor');
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/zones/${sjZone.id}/consultations`,
          headers: sj,
          payload: { ...entry, date: '2022-03-09' },
        })
      ).statusCode,
      400,
    );
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/zones/${sjZone.id}/consultations`,
      headers: sj,
      payload: entry,
    });
    assert.equal(ok.statusCode, 201);
    const log = (await t.app.inject({ url: `/api/v1/zones/${sjZone.id}/consultations`, headers: sj })).json();
    assert.equal(log[0].topic, '低保申请条件');
    const page = await (await loginAs(t.app, 'sj_editor')).get(`/admin/zones/${sjZone.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="\/admin\/foi\/register\?channel=in_person&amp;zone=\d+"/);
    assert.match(page.body, /低保申请条件/);
  });
});
