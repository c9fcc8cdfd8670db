/**
 * PostgreSQL restarted under load, the app not: a private PostgreSQL instance (initdb into a temp
 * directory, its own port and socket directory — never the shared server), the real server as a
 * child process on it, readers and writers running throughout. PostgreSQL is stopped: requests get
 * the Chinese 503 page (JSON 503 on the API) and the process stays up; PostgreSQL is started again:
 * the same process serves reads and writes, and every write it acknowledged is in the database.
 * Run in the PostgreSQL pass (TEST_DATABASE_URL set), as root or as a user that may run initdb.
 */
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { systemActor } from '../../src/context.ts';
import { createApiToken } from '../../src/modules/auth/service.ts';
import { seedOrgsAndUsers } from '../../src/seed/district.ts';
import { ENGINE, testConfig, type TestDb } from '../helpers.ts';
import { freePort, serverEnv, startServer, stop, waitUp } from './server.ts';

const PG_BIN = (() => {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    : [];
  return versions.length ? join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin') : '';
})();
const isRoot = process.getuid?.() === 0;
const skipReason =
  ENGINE !== 'postgres'
    ? '只在 PostgreSQL 一轮运行（设置 TEST_DATABASE_URL）；本测试另起一个自己的 PostgreSQL 实例'
    : !PG_BIN
      ? '找不到 PostgreSQL 服务器程序（/usr/lib/postgresql/*/bin/initdb）'
      : '';

/** Runs a PostgreSQL program as the `postgres` user when we are root (initdb refuses root). */
function pg(program: string, args: string[]): string {
  const bin = join(PG_BIN, program);
  return isRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' })
    : execFileSync(bin, args, { encoding: 'utf8' });
}

const UNAVAILABLE = '系统暂时无法保存或读取数据';

describe('PostgreSQL restarted under load (private instance)', () => {
  let dir = '';
  let child: ChildProcess | undefined;
  let started = false;
  after(async () => {
    await stop(child, 'SIGKILL');
    if (started) {
      try {
        pg('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
      } catch {
        /* already stopped (a failure while it was down) */
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'serves the 503 page while PostgreSQL is down and reads and writes again once it is back, without restarting',
    { timeout: 90_000 },
    async (t) => {
      if (skipReason) return t.skip(skipReason);
      dir = mkdtempSync(join(tmpdir(), 'gongkai-pg-'));
      chmodSync(dir, 0o755);
      if (isRoot) {
        const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
        const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
        chownSync(dir, uid, gid);
      }
      const data = join(dir, 'data');
      const port = await freePort();
      pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
      const ctl = (...args: string[]) =>
        pg('pg_ctl', [
          '-D',
          data,
          '-l',
          join(dir, 'log'),
          '-o',
          `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
          '-w',
          '-t',
          '20',
          ...args,
        ]);
      ctl('start');
      started = true;

      // Schema, the district's orgs and users, an API token: in this process, then the server on it.
      const appDir = mkdtempSync(join(tmpdir(), 'gongkai-pgdata-'));
      const db: TestDb = {
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        dataDir: appDir,
        open: () => {
          throw new Error('unused');
        },
        drop: async () => {},
      };
      const setup = await buildApp({ config: testConfig(db, { seedDemo: false }), logger: false });
      await seedOrgsAndUsers(setup.ctx);
      const token = await createApiToken(setup.ctx, systemActor('fault-test'), 'admin', 'pg-restart');
      const root = await setup.ctx.db
        .selectFrom('orgs')
        .select(['id', 'kind'])
        .where('parent_id', 'is', null)
        .executeTakeFirstOrThrow();
      const dept = await setup.ctx.db
        .selectFrom('orgs')
        .select('kind')
        .where('parent_id', '=', root.id)
        .executeTakeFirstOrThrow();
      await setup.close();

      const appPort = await freePort();
      const base = `http://127.0.0.1:${appPort}`;
      child = startServer(serverEnv(db, appPort, { SEED_DEMO: '0', RATE_LIMIT_WRITES: '1000000' }));
      await waitUp(base, child);
      const pid = child.pid;
      const headers = { authorization: `Bearer ${token}` };
      let n = 0;
      const write = async () => {
        const code = `PGR${++n}`;
        const res = await fetch(`${base}/api/v1/orgs`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({
            name: `重启测试单位${n}`,
            shortName: `重启${n}`,
            code,
            kind: dept.kind,
            parentId: root.id,
          }),
        });
        return { status: res.status, code, body: await res.json() };
      };
      const read = async () =>
        fetch(`${base}/api/v1/orgs`, { headers }).then(async (r) => ({
          status: r.status,
          body: await r.text(),
        }));
      const page = async () =>
        fetch(`${base}/`).then(async (r) => ({
          status: r.status,
          type: r.headers.get('content-type') ?? '',
          body: await r.text(),
        }));
      assert.equal((await write()).status, 201);
      assert.equal((await page()).status, 200);

      // Load throughout: two writers and a reader, every response recorded.
      const statuses: number[] = [];
      const acknowledged: string[] = [];
      let loading = true;
      const worker = async (kind: 'write' | 'read') => {
        while (loading) {
          if (kind === 'write') {
            const r = await write();
            statuses.push(r.status);
            if (r.status === 201) acknowledged.push(r.code);
          } else statuses.push((await read()).status);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      const workers = [worker('write'), worker('write'), worker('read')];
      await new Promise((r) => setTimeout(r, 500));

      ctl('-m', 'fast', 'stop');
      // While it is down: the Chinese 503 page, JSON 503 on the API, and the process keeps answering.
      const down = await page();
      assert.equal(down.status, 503);
      assert.match(down.type, /text\/html/);
      assert.ok(down.body.includes(UNAVAILABLE), down.body.slice(0, 300));
      const apiDown = await write();
      assert.equal(apiDown.status, 503);
      assert.equal(apiDown.body.error.code, 'service_unavailable');
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(child.exitCode, null, 'the server is still running');
      assert.equal((await fetch(`${base}/healthz`)).status, 200, 'liveness: the process answers');
      assert.equal((await fetch(`${base}/readyz`)).status, 503, 'readiness: not ready without its database');

      ctl('start');
      // Back: the same process reads and writes again (the pool reconnects), within a few seconds.
      const deadline = Date.now() + 20_000;
      let back = await write();
      while (back.status !== 201 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        back = await write();
      }
      assert.equal(back.status, 201, JSON.stringify(back.body));
      acknowledged.push(back.code);
      await new Promise((r) => setTimeout(r, 500));
      loading = false;
      await Promise.all(workers);

      assert.equal(child.pid, pid);
      assert.equal(child.exitCode, null, 'never restarted');
      assert.equal((await page()).status, 200);
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
      assert.ok(statuses.includes(503), 'load requests met the outage');
      assert.deepEqual(
        [...new Set(statuses)].filter((s) => s !== 200 && s !== 201 && s !== 503),
        [],
        'only successes and 503s — no 500, no dropped connection',
      );
      const listed = await read();
      for (const code of acknowledged)
        assert.ok(listed.body.includes(`"${code}"`), `acknowledged write ${code} is there`);
      rmSync(appDir, { recursive: true, force: true });
    },
  );
});
