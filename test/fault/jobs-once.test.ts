/**
 * Jobs run once across processes: two real server processes with `JOBS=1` on one PostgreSQL schema,
 * each looking for due jobs every second. Every job is made due again, round after round, while both
 * poll; each round every job must have exactly one run (job_runs). Which process wins a contested
 * round depends on their tick phases (two processes started together tick almost in step, so one
 * may win every time), so two further rounds each pause one process (SIGSTOP) while the other
 * claims: both processes really run the claiming loop, so the contested rounds had two claimants.
 * PostgreSQL only: that is the set-up where several app processes share a database (README 部署).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { createTestDb, ENGINE, type TestDb } from '../helpers.ts';
import type { Database } from '../../src/db/index.ts';
import { freePort, serverEnv, startServer, stop, waitUp } from './server.ts';

/** Rounds with both processes polling. */
const CONTESTED_ROUNDS = 3;
const skipReason =
  ENGINE !== 'postgres'
    ? '多个应用进程共用一个数据库只在 PostgreSQL 上部署；SQLite 上跳过（设置 TEST_DATABASE_URL 为 PostgreSQL 运行）'
    : '';

describe('jobs run once across two server processes (PostgreSQL)', () => {
  const children: ChildProcess[] = [];
  let db: TestDb | undefined;
  let conn: Database | undefined;
  after(async () => {
    for (const c of children) await stop(c, 'SIGKILL');
    await conn?.destroy();
    await db?.drop();
  });

  it(
    'runs each due job exactly once per due time, whichever process claims it',
    { timeout: 60_000 },
    async (t) => {
      if (skipReason) return t.skip(skipReason);
      db = await createTestDb();
      conn = db.open();
      const k = conn.db;
      // Both start together on the empty schema (migrations take an advisory lock); no demo data: the
      // jobs exist and run on an empty district all the same.
      await Promise.all(
        [0, 1].map(async () => {
          const port = await freePort();
          const child = startServer(
            serverEnv(db!, port, { JOBS: '1', JOBS_TICK_SECONDS: '1', SEED_DEMO: '0' }),
          );
          children.push(child);
          await waitUp(`http://127.0.0.1:${port}`, child);
        }),
      );
      const names = (await k.selectFrom('jobs').select('name').orderBy('name').execute()).map((j) => j.name);
      assert.ok(names.length >= 5, `jobs: ${names.join(', ')}`);

      const waitUntil = async (
        what: string,
        done: (
          jobs: { run_at: string; lease_until: string | null; last_finished_at: string | null }[],
        ) => boolean,
      ) => {
        const deadline = Date.now() + 20_000;
        while (
          !done(await k.selectFrom('jobs').select(['run_at', 'lease_until', 'last_finished_at']).execute())
        ) {
          if (Date.now() > deadline) throw new Error(`${what}: jobs still due or running after 20 s`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await waitUntil('first runs at start', (jobs) =>
        jobs.every((j) => j.last_finished_at !== null && j.lease_until === null),
      );

      /** Makes every job due again and checks each runs exactly once; returns the owners of the runs. */
      const round = async (label: string): Promise<Set<string>> => {
        const from = Number(
          (
            await k
              .selectFrom('job_runs')
              .select((eb) => eb.fn.max('id').as('m'))
              .executeTakeFirstOrThrow()
          ).m ?? 0,
        );
        const mark = new Date().toISOString();
        // Due again for both processes at once (they poll every second).
        await k.updateTable('jobs').set({ run_at: '2000-01-01T00:00:00.000Z' }).execute();
        // Done when every job has run and been rescheduled after this mark (at least a minute on).
        await waitUntil(label, (jobs) => jobs.every((j) => j.lease_until === null && j.run_at > mark));
        // A second look after both have polled again: nothing runs twice late.
        await new Promise((r) => setTimeout(r, 1200));
        const runs = await k
          .selectFrom('job_runs')
          .select(['job_name', 'owner', 'finished_at'])
          .where('id', '>', from)
          .orderBy('job_name')
          .execute();
        assert.deepEqual(
          runs.map((r) => r.job_name),
          names,
          `${label}: one run per job (${runs.map((r) => `${r.job_name}@${r.owner.slice(0, 4)}`).join(', ')})`,
        );
        assert.ok(
          runs.every((r) => r.finished_at !== null),
          `${label}: every run recorded as finished`,
        );
        return new Set(runs.map((r) => r.owner));
      };
      for (let i = 1; i <= CONTESTED_ROUNDS; i++) await round(`contested round ${i}`);

      // Between rounds no job is due or leased, so a paused process holds nothing the other waits for.
      const owners = new Set<string>();
      for (const [i, paused] of children.entries()) {
        process.kill(paused.pid!, 'SIGSTOP');
        try {
          const won = await round(`round with process ${i + 1} paused`);
          assert.equal(won.size, 1, `process ${i + 1} paused: the other process alone ran the jobs`);
          for (const o of won) owners.add(o);
        } finally {
          process.kill(paused.pid!, 'SIGCONT');
        }
      }
      assert.equal(owners.size, 2, 'each process claims jobs when it is the one polling');
    },
  );
});
