import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, loginAs, runCliOn, type TestApp } from '../../../test/helpers.ts';
import { verifyAuditChain } from './service.ts';

describe('audit log', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('records every seeded write in an intact chain', async () => {
    const v = await verifyAuditChain(t.ctx.db);
    assert.equal(v.ok, true);
    const { n } = await t.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(v.count, Number(n));
    assert.ok(v.count > 20, 'orgs and users of the demo are audited');
  });

  it('records actor, before/after and IP of a write made through the back office', async () => {
    const s = await loginAs(t.app, 'admin');
    const org = await t.ctx.db
      .selectFrom('orgs')
      .selectAll()
      .where('short_name', '=', '区商务局')
      .executeTakeFirstOrThrow();
    const res = await s.post(`/admin/orgs/${org.id}`, {
      name: org.name,
      shortName: '区商务局',
      code: org.code,
      kind: 'department',
      parentId: String(org.parent_id),
      aliases: '区商务',
      sortOrder: '5',
    });
    assert.equal(res.statusCode, 303);
    const rec = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'org.update')
      .where('object_id', '=', String(org.id))
      .executeTakeFirstOrThrow();
    assert.match(rec.actor_name, /admin/);
    assert.deepEqual(JSON.parse(rec.before_json!).aliases, []);
    assert.deepEqual(JSON.parse(rec.after_json!).aliases, ['区商务']);
    assert.ok(rec.ip, 'rec.ip');
  });

  it('detects a tampered record and names where the chain breaks, in the API and the CLI', async () => {
    const victim = await t.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .orderBy('id')
      .offset(5)
      .limit(1)
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('audit_log')
      .set({ actor_name: 'someone else' })
      .where('id', '=', victim.id)
      .execute();
    const v = await verifyAuditChain(t.ctx.db);
    assert.equal(v.ok, false);
    assert.equal(v.ok === false && v.brokenAt, victim.id);

    const s = await loginAs(t.app, 'gkb');
    const api = await s.get('/api/v1/audit/verify');
    assert.equal(api.json().ok, false);
    assert.equal(api.json().brokenAt, victim.id);

    const cli = await runCliOn(t.db, ['audit', 'verify']);
    assert.equal(cli.code, 1, cli.text);
    assert.match(cli.stderr, new RegExp(`第 ${victim.id} 号记录`));
  });

  it('detects a deleted record', async () => {
    const t2 = await buildTestApp();
    try {
      const victim = await t2.ctx.db
        .selectFrom('audit_log')
        .select('id')
        .orderBy('id')
        .offset(3)
        .limit(1)
        .executeTakeFirstOrThrow();
      await sql`delete from audit_log where id = ${victim.id}`.execute(t2.ctx.db);
      const v = await verifyAuditChain(t2.ctx.db);
      assert.equal(v.ok, false);
      assert.equal(v.ok === false && v.brokenAt, victim.id + 1);
    } finally {
      await t2.close();
    }
  });

  it('is readable by the audit administrator and the openness office, not by the sysadmin or a department editor', async () => {
    assert.equal((await (await loginAs(t.app, 'auditor')).get('/admin/audit')).statusCode, 200);
    assert.equal((await (await loginAs(t.app, 'gkb')).get('/admin/audit')).statusCode, 200);
    assert.equal((await (await loginAs(t.app, 'admin')).get('/admin/audit')).statusCode, 403);
    assert.equal((await (await loginAs(t.app, 'secadmin')).get('/admin/audit')).statusCode, 403);
    assert.equal((await (await loginAs(t.app, 'editor')).get('/admin/audit')).statusCode, 403);
    assert.equal((await (await loginAs(t.app, 'editor')).get('/api/v1/audit')).statusCode, 403);
  });
});
