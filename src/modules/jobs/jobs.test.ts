import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import type { AppContext } from '../../context.ts';
import { ensureJobs, runDueJobs, type JobDefinition } from './service.ts';

describe('jobs with leases', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ seedDemo: false });
  });
  after(() => t.close());

  it('runs a due job once even when two servers on the same database try at the same instant', async () => {
    let runs = 0;
    const job: JobDefinition = {
      name: 'test.counter',
      label: '测试',
      intervalSeconds: 3600,
      async run() {
        runs++;
        await new Promise((r) => setTimeout(r, 50));
        return `run ${runs}`;
      },
    };
    await ensureJobs(t.ctx, [job]);
    // A second "server": its own connection pool to the same database.
    const other = t.db.open();
    const ctx2: AppContext = { ...t.ctx, db: other.db };
    try {
      const [a, b] = await Promise.all([
        runDueJobs(t.ctx, [job], 'server-a'),
        runDueJobs(ctx2, [job], 'server-b'),
      ]);
      assert.equal(runs, 1);
      assert.equal(a.length + b.length, 1);
      // Not due again until its interval has passed.
      assert.equal((await runDueJobs(t.ctx, [job], 'server-a')).length, 0);
      t.clock.advance(3600 * 1000);
      assert.equal((await runDueJobs(ctx2, [job], 'server-b')).length, 1);
      assert.equal(runs, 2);
    } finally {
      await other.destroy();
    }
  });

  it('records a failure, shows it on the jobs page, and retries a minute later', async () => {
    let attempts = 0;
    const job: JobDefinition = {
      name: 'test.failing',
      label: '会失败的任务',
      intervalSeconds: 3600,
      async run() {
        attempts++;
        if (attempts === 1) throw new Error('邮件服务器无响应');
        return 'ok';
      },
    };
    await ensureJobs(t.ctx, [job]);
    const [r] = await runDueJobs(t.ctx, [job]);
    assert.equal(r.ok, false);
    const row = await t.ctx.db
      .selectFrom('jobs')
      .selectAll()
      .where('name', '=', 'test.failing')
      .executeTakeFirstOrThrow();
    assert.equal(row.last_error, '邮件服务器无响应');
    assert.equal(row.failures, 1);
    t.clock.advance(61 * 1000);
    const [r2] = await runDueJobs(t.ctx, [job]);
    assert.equal(r2.ok, true);
    const runs = await t.ctx.db
      .selectFrom('job_runs')
      .selectAll()
      .where('job_name', '=', 'test.failing')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      runs.map((x) => x.ok),
      [0, 1],
    );
  });
});
