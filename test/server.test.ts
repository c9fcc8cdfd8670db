import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/app.ts';
import { createTestDb, testConfig, buildTestApp, type TestApp } from './helpers.ts';

describe('server', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('listens dual-stack: an IPv6 request to [::1] and an IPv4 one are both served', async () => {
    const db = await createTestDb();
    const app = await buildApp({ config: testConfig(db, { seedDemo: false }), logger: false });
    try {
      await app.listen({ port: 0, host: '::', ipv6Only: false });
      const { port } = app.server.address() as { port: number };
      const v6 = await fetch(`http://[::1]:${port}/healthz`);
      assert.equal(v6.status, 200);
      assert.deepEqual(await v6.json(), { status: 'ok' });
      const v4 = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(v4.status, 200);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('documents every /api/v1 route in OpenAPI at /api/docs, and nothing else', async () => {
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(ui.statusCode, 200);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const paths = Object.keys(doc.paths);
    assert.ok(paths.length > 5, 'paths.length > 5');
    assert.ok(
      paths.every((p) => p.startsWith('/api/v1')),
      paths.join(','),
    );
    for (const p of [
      '/api/v1/orgs',
      '/api/v1/orgs/{id}',
      '/api/v1/users',
      '/api/v1/me',
      '/api/v1/audit',
      '/api/v1/audit/verify',
      '/api/v1/jobs',
    ]) {
      assert.ok(paths.includes(p), `${p} documented`);
    }
  });

  it('prints the demo logins: one user per role exists in the demo district', async () => {
    const roles = await t.ctx.db.selectFrom('user_roles').select('role').distinct().execute();
    assert.deepEqual(roles.map((r) => r.role).sort(), [
      'audit_admin',
      'confidentiality_reviewer',
      'editor',
      'handler',
      'leader',
      'openness_admin',
      'reviewer',
      'security_admin',
      'sysadmin',
    ]);
    const orgs = await t.ctx.db.selectFrom('orgs').select(['short_name', 'is_sample']).execute();
    for (const name of [
      '区政府办公室',
      '区政数局',
      '区发改委',
      '区科工局',
      '区商务局',
      '区金融办',
      '区财政局',
      '区税务局',
      '区市场监管局',
      '区卫健委',
      '区中小企业局',
      '区人社局',
      '区农业农村局(区乡村振兴局)',
      '区资规分局',
      '区生态环境局',
      '区应急管理局',
      '区住建局',
      '沙井街办',
    ]) {
      assert.ok(
        orgs.some((o) => o.short_name === name),
        name,
      );
    }
    assert.ok(orgs.filter((o) => o.is_sample === 1).length >= 3, 'sample street offices are marked');
  });

  it('seeds the demo once: a restart on the same database adds nothing', async () => {
    const before = (await t.ctx.db.selectFrom('orgs').select('id').execute()).length;
    const again = await buildApp({ config: testConfig(t.db), logger: false, clock: t.clock });
    try {
      assert.equal((await again.ctx.db.selectFrom('orgs').select('id').execute()).length, before);
    } finally {
      await again.close();
    }
  });
});
