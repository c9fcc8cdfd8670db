/**
 * Writers beside the server (issue 16): the CLI (a child process) writing while the server takes
 * public submissions never makes one fail. On SQLite a second process also holds the write lock for
 * longer than SQLite's own busy timeout: the server's transactions wait their turn (BEGIN IMMEDIATE,
 * the whole transaction retried on SQLITE_BUSY, without blocking the event loop) and all commit.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { appProcessArgs, buildTestApp, ENGINE, TEST_ENV, type TestApp } from './helpers.ts';
import { formFields, Visitor } from './hostile.ts';
import { residentIdCheckChar } from '../src/lib/identifiers.ts';
import { sqlitePath, SQLITE_BUSY_TIMEOUT_MS } from '../src/db/index.ts';

const ID17 = '36010219800101123';
const VALID_ID = ID17 + residentIdCheckChar(ID17);

/** Runs a child process to its end; resolves with its exit code and output. */
function run(
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine?: (line: string) => void,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d;
      for (const line of String(d).split('\n')) if (line) onLine?.(line);
    });
    p.stderr.on('data', (d: Buffer) => (out += d));
    p.on('exit', (code) => resolve({ code, out }));
  });
}

describe('a CLI writing beside the server never refuses a submission', () => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    t = await buildTestApp();
    env = {
      ...process.env,
      ...TEST_ENV,
      DATABASE_URL: t.db.url,
      DATA_DIR: t.db.dataDir,
      ...(t.db.schema ? { DATABASE_SCHEMA: t.db.schema } : {}),
    };
  });
  after(() => t?.close());

  const submit = async (n: number) => {
    const v = new Visitor(t.app);
    const page = await v.get('/ysqgk/apply');
    const orgId = /<option value="(\d+)"[^>]*>红谷滩区财政局</.exec(page.body)![1];
    const fields = {
      ...formFields(page.body, '/ysqgk/apply'),
      applicantType: 'natural',
      applicantName: `申请人${n}`,
      idNumber: VALID_ID,
      phone: '13807911234',
      orgId,
      description: `申请公开 2022 年财政预算执行情况（第 ${n} 件）。`,
      preferredForm: 'electronic',
      delivery: 'online',
    };
    return v.post('/ysqgk/apply', fields);
  };

  it('takes every submission while `gongkai token create` runs in child processes', async () => {
    const before = (await t.ctx.db.selectFrom('foi_applications').select('id').execute()).length;
    const cli = Promise.all(
      [0, 1, 2].map((i) =>
        run(appProcessArgs('cli', 'token', 'create', '--user', 'gkb', '--name', `beside-${i}`), env),
      ),
    );
    const answers: number[] = [];
    // Submissions keep arriving for as long as the CLI runs.
    let cliDone = false;
    void cli.then(() => (cliDone = true));
    let n = 0;
    while (!cliDone || n < 10) {
      const batch = await Promise.all([submit(n++), submit(n++)]);
      answers.push(...batch.map((r) => r.statusCode));
    }
    for (const r of await cli) assert.equal(r.code, 0, r.out);
    assert.deepEqual([...new Set(answers)], [200], `every submission accepted: ${answers.join(',')}`);
    const after = (await t.ctx.db.selectFrom('foi_applications').select('id').execute()).length;
    assert.equal(after - before, answers.length);
    assert.equal(
      (await t.ctx.db.selectFrom('api_tokens').select('id').where('name', 'like', 'beside-%').execute())
        .length,
      3,
    );
  });

  // SQLite's one write lock (PostgreSQL locks rows: a submission never waits on the CLI's rows).
  if (ENGINE === 'sqlite')
    it('SQLite: waits out another process holding the write lock far longer than the busy timeout', async () => {
      const holdMs = Math.max(6000, SQLITE_BUSY_TIMEOUT_MS * 20);
      const holder = `
      const db = require('better-sqlite3')(${JSON.stringify(sqlitePath(t.db.url))});
      db.pragma('busy_timeout = 10000');
      db.exec('begin immediate');
      db.prepare("update orgs set sort_order = sort_order where id = (select min(id) from orgs)").run();
      console.log('locked');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs});
      db.exec('commit');
      console.log('released');`;
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holding = run(['-e', holder], env, (line) => line === 'locked' && locked());
      await isLocked;
      const started = performance.now();
      // The event loop stays free meanwhile: a timer fires on time while submissions wait.
      let ticks = 0;
      const timer = setInterval(() => ticks++, 100);
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => submit(100 + i)));
      clearInterval(timer);
      const waited = performance.now() - started;
      const held = await holding;
      assert.equal(held.code, 0, held.out);
      assert.deepEqual(
        answers.map((r) => r.statusCode),
        answers.map(() => 200),
        answers.map((r) => r.body.slice(0, 200)).join('\n'),
      );
      assert.ok(waited > holdMs * 0.5, `the submissions waited for the lock (${Math.round(waited)} ms)`);
      assert.ok(ticks > (holdMs / 100) * 0.4, `the event loop was not blocked (${ticks} ticks)`);
    });
});
