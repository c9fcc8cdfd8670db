import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';

describe('smoke', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());
  it('renders pages', async () => {
    for (const url of ['/hdjl/xmt', '/zones', '/hdjl/zxzx', '/hdjl/zxzx/track', '/hdjl/zxzx/faq', '/hdjl/yjzj', '/hdjl/yjzj/1', '/hdjl/yjzj/2', '/hdjl/zxzx/faq/1']) {
      const r = await t.app.inject({ url });
      assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 3000)}`);
    }
    const s = await loginAs(t.app, 'gkb');
    for (const url of ['/admin', '/admin/media', '/admin/media/1', '/admin/media/filings', '/admin/media/filings/1', '/admin/media/new', '/admin/media/filings/new', '/admin/media/import', '/admin/zones', '/admin/zones/1', '/admin/zones/new', '/admin/inquiries', '/admin/inquiries/1', '/admin/inquiries/3', '/admin/inquiries/new', '/admin/consultations', '/admin/consultations/1', '/admin/consultations/2', '/admin/consultations/new']) {
      const r = await s.get(url);
      assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 3000)}`);
    }
  });
});
