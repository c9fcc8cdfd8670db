import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, type TestApp } from './helpers.ts';

describe('bad input gets a Chinese 4xx and changes nothing', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let district: number;
  before(async () => {
    t = await buildTestApp();
    headers = await bearer(t, 'admin');
    district = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '红谷滩区')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => t.close());

  const count = async () => (await t.ctx.db.selectFrom('orgs').select('id').execute()).length;
  const good = () => ({
    name: '测试局',
    shortName: '测试局',
    code: 'TEST01',
    kind: 'department',
    parentId: district,
  });

  const cases: [string, () => { payload: string | object; contentType?: string }, RegExp][] = [
    [
      'malformed JSON',
      () => ({ payload: '{"name": "测试', contentType: 'application/json' }),
      /不是有效的 JSON/,
    ],
    ['an unknown field', () => ({ payload: { ...good(), secret: 1 } }), /不允许的字段“secret”/],
    ['an over-long string', () => ({ payload: { ...good(), name: '长'.repeat(101) } }), /name/],
    ['a wrong type', () => ({ payload: { ...good(), parentId: 'abc' } }), /parentId/],
    ['a missing field', () => ({ payload: { name: '测试局' } }), /shortName|code|kind/],
    ['an invalid enum', () => ({ payload: { ...good(), kind: 'ministry' } }), /kind/],
    ['a domain rule (bad code)', () => ({ payload: { ...good(), code: 'bad code!' } }), /机关代码/],
    ['a parent that does not exist', () => ({ payload: { ...good(), parentId: 999999 } }), /上级机关不存在/],
  ];
  for (const [name, make, message] of cases) {
    it(`refuses ${name}`, async () => {
      const before = await count();
      const { payload, contentType } = make();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: { ...headers, 'content-type': contentType ?? 'application/json' },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `status ${res.statusCode}`);
      const body = res.json();
      assert.match(body.error.message, /[\u4e00-\u9fff]/, 'message is in Chinese');
      assert.match(JSON.stringify(body.error), message);
      assert.equal(await count(), before, 'nothing written');
    });
  }

  it('accepts the good request (the cases above differ from it by one thing)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/orgs', headers, payload: good() });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().name, '测试局');
  });

  it('refuses a body that is too large', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...good(), name: 'x'.repeat(3 * 1024 * 1024) }),
    });
    assert.equal(res.statusCode, 413);
    assert.match(res.json().error.message, /过大/);
  });

  it('answers unknown pages with a Chinese 404 page, and unknown API paths with JSON', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    assert.equal(page.statusCode, 404);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /页面不存在/);
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing' });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error.code, 'not_found');
  });

  it('rate-limits 404s', async () => {
    let limited = false;
    for (let i = 0; i < 70 && !limited; i++) {
      const res = await t.app.inject({ method: 'GET', url: `/probe-${i}`, remoteAddress: '10.9.9.9' });
      limited = res.statusCode === 429;
    }
    assert.ok(limited, 'limited');
  });

  it('hides internals on a 500', async () => {
    const { buildApp } = await import('../src/app.ts');
    const { createTestDb, testConfig } = await import('./helpers.ts');
    const db = await createTestDb();
    const app = await buildApp({ config: testConfig(db, { seedDemo: false }), logger: false });
    app.get('/api/v1/boom', async () => {
      throw new Error('SELECT secret FROM internals failed at /srv/app.ts:42');
    });
    app.get('/boom', async () => {
      throw new Error('SELECT secret FROM internals failed');
    });
    try {
      const api = await app.inject({ method: 'GET', url: '/api/v1/boom' });
      assert.equal(api.statusCode, 500);
      assert.doesNotMatch(api.body, /secret|internals|srv/);
      assert.match(api.json().error.message, /系统暂时无法处理/);
      assert.ok(api.json().error.reference, 'api.json().error.reference');
      const page = await app.inject({ method: 'GET', url: '/boom' });
      assert.equal(page.statusCode, 500);
      assert.doesNotMatch(page.body, /secret|internals/);
      assert.match(page.body, /错误编号/);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('sends security headers with a strict CSP on pages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(res.headers['x-frame-options'] as string, /SAMEORIGIN|DENY/);
  });
});
