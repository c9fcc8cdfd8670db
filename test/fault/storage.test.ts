/**
 * Storage faults on SQLite (the engine whose file we hold): the data folder on a small tmpfs filled
 * to the last byte, and the database turned read-only — a citizen gets a clear Chinese 503 page,
 * nothing half-written, reads keep working, and writes work again once space or write access is
 * back. Then a real read-only bind mount at start: the server refuses to start with a plain
 * message, and starts normally on the same data once the mount is writable. Needs root (mount).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { openSqlite, sqliteDatabase, sqlitePath } from '../../src/db/index.ts';
import { ManualClock } from '../../src/lib/time.ts';
import { residentIdCheckChar } from '../../src/lib/identifiers.ts';
import { copySeedTemplate, ENGINE, restoreSequences, testConfig } from '../helpers.ts';
import { formFields, Visitor } from '../hostile.ts';
import { freePort, serverEnv, startServer, stop, waitUp } from './server.ts';

const ID17 = '36010219800101123';
const VALID_ID = ID17 + residentIdCheckChar(ID17);
const skipReason =
  process.getuid?.() !== 0
    ? '需要以 root 运行（挂载 tmpfs 和只读绑定挂载）'
    : ENGINE !== 'sqlite'
      ? 'PostgreSQL 的数据文件由数据库服务器管理；本组只在 SQLite 上运行'
      : '';

const START = '2022-03-01T02:00:00Z';

describe('disk full and read-only database (SQLite)', () => {
  /** The tmpfs mount; the app's data directory (`data`, holding test.db) is inside it. */
  let dir = '';
  let data = '';
  let sqlite: SQLite.Database;
  let app: FastifyInstance;
  let mounted = false;

  before(async () => {
    if (skipReason) return;
    dir = mkdtempSync(join(tmpdir(), 'gongkai-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m', 'tmpfs', dir]);
    mounted = true;
    // The demo (a copy of the seeded template) on the small tmpfs.
    const { db, sequences } = await copySeedTemplate(START, dir);
    data = db.dataDir;
    // Our own handle on the file (as src/db opens it), so the test can make it read-only later.
    sqlite = openSqlite(sqlitePath(db.url));
    app = await buildApp({
      config: testConfig(db),
      clock: new ManualClock(START),
      database: sqliteDatabase(sqlite),
      logger: process.env.FAULT_LOG ? { level: 'warn' } : false,
    });
    await restoreSequences(app, sequences);
    await app.ready();
  });
  after(async () => {
    await app?.close();
    if (sqlite?.open) sqlite.close();
    if (mounted) execFileSync('umount', ['-l', dir]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const count = async () =>
    Number(
      (
        await app.ctx.db
          .selectFrom('foi_applications')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const apply = async (v: Visitor, text: string) => {
    const page = await v.get('/ysqgk/apply');
    const orgId = /<option value="(\d+)"[^>]*>红谷滩区财政局</.exec(page.body)![1];
    return v.post('/ysqgk/apply', {
      ...formFields(page.body, '/ysqgk/apply'),
      applicantType: 'natural',
      applicantName: '张三',
      idNumber: VALID_ID,
      phone: '13807911234',
      orgId,
      description: text,
      preferredForm: 'electronic',
      delivery: 'online',
    });
  };
  const assertUnavailablePage = (res: {
    statusCode: number;
    body: string;
    headers: Record<string, unknown>;
  }) => {
    assert.equal(res.statusCode, 503, res.body.slice(0, 300));
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.match(res.body, /系统暂时无法保存或读取数据/);
    assert.match(res.body, /您刚才的操作没有生效/);
    assert.equal(res.headers['retry-after'], '30');
  };

  it('disk full: a 503 page in Chinese, nothing written, reads still work, writes resume when space is freed', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const v = new Visitor(app);
    const before = await count();
    sqlite.pragma('wal_checkpoint(TRUNCATE)'); // the next write must grow the WAL file
    const filler = join(dir, 'filler');
    const { bavail, bsize } = statfsSync(dir);
    try {
      writeFileSync(filler, Buffer.alloc(bavail * bsize));
    } catch (e) {
      assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
    }
    assert.ok(statfsSync(dir).bavail < 4, 'the tmpfs is full');

    assertUnavailablePage(await apply(v, '磁盘已满时提交的申请'));
    assert.equal(await count(), before, 'nothing half-written');
    assert.equal((await v.get('/')).statusCode, 200, 'reading still works');
    const api = await app.inject({
      method: 'POST',
      url: '/hdjl/zxzx',
      payload: 'x=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.ok(
      api.statusCode < 500 || api.statusCode === 503,
      'api.statusCode < 500 || api.statusCode === 503',
    );

    rmSync(filler);
    const ok = await apply(v, '空间恢复后提交的申请');
    assert.equal(ok.statusCode, 200, ok.body.slice(0, 300));
    assert.match(ok.body, /id="receipt-number"/);
    assert.equal(await count(), before + 1);
    assert.equal(sqlite.pragma('integrity_check', { simple: true }), 'ok');
  });

  it('database read-only: the same 503 page, and writes resume when it is writable again', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const v = new Visitor(app);
    const before = await count();
    sqlite.pragma('query_only = ON'); // every write now fails with SQLITE_READONLY
    assertUnavailablePage(await apply(v, '只读时提交的申请'));
    const login = await new Visitor(app).get('/login');
    assert.equal(login.statusCode, 200, 'pages still render');
    sqlite.pragma('query_only = OFF');
    assert.equal((await apply(v, '恢复可写后提交的申请')).statusCode, 200);
    assert.equal(await count(), before + 1);
    assert.equal(sqlite.pragma('integrity_check', { simple: true }), 'ok');
  });

  it(
    'read-only mount at start: the server says so and exits; on the same data made writable it starts',
    { timeout: 120_000 },
    async (t) => {
      if (skipReason) return t.skip(skipReason);
      const before = await count();
      await app.close();
      sqlite.close();
      const ro = mkdtempSync(join(tmpdir(), 'gongkai-ro-'));
      execFileSync('mount', ['--bind', dir, ro]);
      execFileSync('mount', ['-o', 'remount,bind,ro', ro]);
      try {
        const roData = join(ro, relative(dir, data));
        const env = serverEnv(
          { dataDir: roData, url: `sqlite:${join(roData, 'test.db')}` },
          await freePort(),
          {
            SEED_DEMO: '0',
          },
        );
        // Once with the key given, so the database is what fails; once without, so creating the key file fails.
        for (const start of [env, { ...env, GONGKAI_DATA_KEY: '' }]) {
          const child = startServer(start, 'pipe');
          let stderr = '';
          child.stderr!.on('data', (d) => (stderr += d));
          const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
          assert.equal(code, 3, `exit code (stderr: ${stderr})`);
          assert.match(stderr, /启动失败：数据库或数据目录当前不可写或不可用/);
        }
      } finally {
        execFileSync('umount', [ro]);
        rmSync(ro, { recursive: true, force: true });
      }
      const port = await freePort();
      const child = startServer({
        ...serverEnv({ dataDir: data, url: `sqlite:${join(data, 'test.db')}` }, port),
        SEED_DEMO: '0',
      });
      try {
        await waitUp(`http://127.0.0.1:${port}`, child, '/readyz');
        const check = new SQLite(join(data, 'test.db'), { readonly: true });
        try {
          assert.equal(
            (check.prepare('select count(*) as n from foi_applications').get() as { n: number }).n,
            before,
            'all data there',
          );
        } finally {
          check.close();
        }
      } finally {
        await stop(child);
      }
    },
  );
});
