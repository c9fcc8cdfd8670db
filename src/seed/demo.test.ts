import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, ENGINE, type TestApp } from '../../test/helpers.ts';
import { getSetting, putSetting } from '../db/settings.ts';
import { systemActor } from '../context.ts';
import { auditedWrite, verifyAuditChain } from '../modules/audit/service.ts';
import type { GongkaiModule } from '../modules/registry.ts';
import { seedDemo } from './demo.ts';

describe(`the demo seed, a module at a time (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ seedDemo: false });
  });
  after(() => t?.close());

  const sample = (fail: boolean): GongkaiModule =>
    ({
      name: 'sample',
      seedDemo: async (ctx) => {
        await putSetting(ctx.db, 'sample.first', '一');
        if (fail) throw new Error('stopped half way');
        await putSetting(ctx.db, 'sample.second', '二');
      },
    }) as GongkaiModule;

  it('leaves nothing of a module whose seed stops half way, and seeds it whole on the next start', async () => {
    await assert.rejects(seedDemo(t.ctx, [sample(true)]), /stopped half way/);
    assert.equal(await getSetting(t.ctx.db, 'sample.first'), undefined, 'the first write rolled back');
    assert.equal(await getSetting(t.ctx.db, 'demo:sample'), undefined, 'not marked as seeded');

    assert.deepEqual(await seedDemo(t.ctx, [sample(false)]), ['sample']);
    assert.equal(await getSetting(t.ctx.db, 'sample.first'), '一');
    assert.equal(await getSetting(t.ctx.db, 'sample.second'), '二');
    assert.deepEqual(await seedDemo(t.ctx, [sample(false)]), [], 'seeded once');
  });

  it('chains a module’s audited writes, all in its one transaction, and the writes after it', async () => {
    const org = t.ctx.modules.find((m) => m.name === 'org')!;
    assert.deepEqual(await seedDemo(t.ctx, [org]), ['org']);
    const seeded = await verifyAuditChain(t.ctx.db);
    assert.equal(seeded.ok, true);
    assert.ok(seeded.count > 20, `${seeded.count} records`);
    const write = () =>
      auditedWrite(
        t.ctx,
        systemActor('test'),
        async () => 1,
        () => ({ action: 'test.write', objectType: 'test' }),
      );
    await Promise.all([write(), write(), write()]);
    const after = await verifyAuditChain(t.ctx.db);
    assert.deepEqual([after.ok, after.count], [true, seeded.count + 3]);
  });
});
