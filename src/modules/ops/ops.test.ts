/**
 * Operations on the configured engine: backup and restore round trip with an uploaded file,
 * refusals (non-empty target, corrupted backup), `/metrics`, `/readyz`, migrations on start and
 * `migrate --dry-run`, and the 503 mapping of storage failures.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Document, Packer, Paragraph } from 'docx';
import pg from 'pg';
import {
  bearer,
  buildTestApp,
  createTestDb,
  ENGINE,
  runCliOn,
  TEST_DATABASE_URL,
  testConfig,
  type TestApp,
  type TestDb,
} from '../../../test/helpers.ts';
import { buildApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import { readStoredFile, writeStoredFile } from '../../db/files.ts';
import { pendingMigrations } from '../../db/migrate.ts';
import { verifyAuditChain } from '../audit/service.ts';
import { runDueJobs } from '../jobs/service.ts';
import { storageUnavailable } from '../../web/errors.tsx';
import { createBackup, pruneBackups, restoreBackup, verifyBackup } from './service.ts';

function multipart(filename: string, data: Buffer) {
  const boundary = '----gongkai-ops-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A second, empty target: a new SQLite file, or a new PostgreSQL database (same schema name). */
async function freshTarget(
  source: TestDb,
): Promise<{ config: (base: Config) => Config; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-restore-'));
  if (ENGINE === 'postgres') {
    const name = `r_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = TEST_DATABASE_URL.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
    return {
      config: (base) => ({ ...base, dataDir, databaseUrl: url, databaseSchema: source.schema }),
      async drop() {
        const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  return {
    config: (base) => ({ ...base, dataDir, databaseUrl: `sqlite:${join(dataDir, 'gongkai.db')}` }),
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const counts = async (t: { ctx: TestApp['ctx'] }) => {
  const out: Record<string, number> = {};
  for (const table of [
    'orgs',
    'users',
    'foi_applications',
    'content_items',
    'content_attachments',
    'audit_log',
    'search_documents',
    'stored_files',
    'blobs',
  ] as const) {
    out[table] = Number(
      (
        await t.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }
  return out;
};

describe(`backup and restore (${ENGINE})`, () => {
  let t: TestApp;
  let out: string;
  let backupPath: string;
  let attachment: { id: number; name: string };
  const docx = async () =>
    Buffer.from(
      await Packer.toBuffer(
        new Document({
          sections: [{ children: [new Paragraph('备份恢复测试附件：红谷滩区政务公开工作要点')] }],
        }),
      ),
    );
  let fileBytes: Buffer;
  // A stored file written through src/db/files.ts: on PostgreSQL it lives in the database (blobs).
  const storedPath = 'uploads/ops-test/stored.bin';
  const storedBytes = randomBytes(4096);

  before(async () => {
    t = await buildTestApp();
    out = mkdtempSync(join(tmpdir(), 'gongkai-backups-'));
    const editor = await bearer(t, 'editor');
    const col = (
      (await t.app.inject({ method: 'GET', url: '/api/v1/content/columns', headers: editor })).json() as {
        id: number;
        slug: string;
      }[]
    ).find((c) => c.slug === 'zwdt')!;
    const item = await t.app.inject({
      method: 'POST',
      url: '/api/v1/content/items',
      headers: editor,
      payload: {
        kind: 'article',
        title: '备份测试稿件',
        body: '正文。',
        source: 'original',
        formationDate: '2022-02-25',
        columnIds: [col.id],
      },
    });
    assert.equal(item.statusCode, 201, item.body);
    fileBytes = await docx();
    const { payload, headers } = multipart('备份测试.docx', fileBytes);
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/v1/content/items/${item.json().id}/attachments`,
      headers: { ...editor, ...headers },
      payload,
    });
    assert.equal(up.statusCode, 201, up.body);
    attachment = up.json();
    await writeStoredFile(t.ctx, storedPath, storedBytes);
  });
  after(async () => {
    await t?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('backs up online (the server keeps running) into a timestamped folder with a checksum manifest', async () => {
    const { path, manifest } = await createBackup(t.ctx.config, out, new Date('2026-11-26T03:15:00Z'));
    backupPath = path;
    assert.match(path, /gongkai-backup-20261126T031500Z$/);
    assert.equal(manifest.engine, ENGINE);
    assert.ok(
      manifest.files.some((f) => f.path === (ENGINE === 'postgres' ? 'database.pgdump' : 'database.sqlite')),
      "manifest.files.some((f) => f.path === (ENGINE === 'postgres' ? 'database.pgdump' : 'datab…",
    );
    // Uploads live on the disk on SQLite (copied beside the database), in the database on PostgreSQL
    // (src/db/files.ts: in the dump; the round trip below reads them back).
    assert.equal(
      manifest.files.some((f) => f.path.startsWith('files/uploads/')),
      ENGINE === 'sqlite',
      'uploaded files are copied into the backup on SQLite, and are in the dump on PostgreSQL',
    );
    assert.ok(
      !manifest.files.some((f) => /gongkai\.db|test\.db/.test(f.path)),
      'the live database file is not copied raw',
    );
    assert.deepEqual(
      manifest.migrations,
      (
        await t.ctx.db
          .selectFrom('kysely_migration' as any)
          .select('name')
          .orderBy('name')
          .execute()
      ).map((r: any) => r.name),
    );
    for (const f of manifest.files) assert.match(f.sha256, /^[0-9a-f]{64}$/);
    await verifyBackup(path);
  });

  it('restores into a fresh database and data folder: same rows, same file bytes, intact audit chain', async () => {
    const target = await freshTarget(t.db);
    try {
      const config = target.config(t.ctx.config);
      await restoreBackup(config, backupPath);
      const app = await buildApp({ config: { ...config, seedDemo: false }, clock: t.clock, logger: false });
      try {
        assert.deepEqual(await counts({ ctx: app.ctx }), await counts(t));
        assert.deepEqual(await pendingMigrations(app.ctx.db, config.databaseSchema), []);
        assert.equal((await verifyAuditChain(app.ctx.db)).ok, true);
        const editor = await bearer({ ...t, app, ctx: app.ctx }, 'editor');
        const file = await app.inject({
          method: 'GET',
          url: `/files/content/${attachment.id}/${encodeURIComponent(attachment.name)}`,
          headers: editor,
        });
        assert.equal(file.statusCode, 200);
        assert.deepEqual(file.rawPayload, fileBytes);
        assert.deepEqual(await readStoredFile(app.ctx, storedPath), storedBytes);
        // On PostgreSQL the restored file comes from the restored database, not from the data folder.
        if (ENGINE === 'postgres') assert.equal(existsSync(join(config.dataDir, storedPath)), false);
      } finally {
        await app.close();
      }

      // Restoring again over data that now exists is refused, and changes nothing …
      await assert.rejects(restoreBackup(config, backupPath), /不是空的.*--force/s);
      // … unless forced.
      await restoreBackup(config, backupPath, { force: true });
    } finally {
      await target.drop();
    }
  });

  it('refuses a corrupted backup before touching the target', async () => {
    const manifest = JSON.parse(readFileSync(join(backupPath, 'manifest.json'), 'utf8')) as {
      files: { path: string }[];
    };
    // An uploaded file on SQLite; on PostgreSQL the uploads are in the dump, so the dump itself.
    const upload =
      manifest.files.find((f) => f.path.startsWith('files/uploads/')) ??
      manifest.files.find((f) => f.path === 'database.pgdump')!;
    const original = readFileSync(join(backupPath, upload.path));
    writeFileSync(join(backupPath, upload.path), Buffer.concat([original, Buffer.from('x')]));
    const target = await freshTarget(t.db);
    try {
      const config = target.config(t.ctx.config);
      await assert.rejects(
        restoreBackup(config, backupPath),
        (e: Error) => e.message.includes('校验和不符') && e.message.includes(upload.path),
      );
      assert.deepEqual(readdirSync(config.dataDir), [], 'nothing restored');
    } finally {
      writeFileSync(join(backupPath, upload.path), original);
      await target.drop();
    }
  });

  it('keeps only the newest n backups when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-prune-'));
    try {
      for (const n of ['20261101T010000Z', '20261102T010000Z', '20261103T010000Z'])
        writeFileSync(join(dir, `gongkai-backup-${n}`), '');
      writeFileSync(join(dir, 'unrelated.txt'), '');
      assert.deepEqual(await pruneBackups(dir, 2), ['gongkai-backup-20261101T010000Z']);
      assert.deepEqual(readdirSync(dir).sort(), [
        'gongkai-backup-20261102T010000Z',
        'gongkai-backup-20261103T010000Z',
        'unrelated.txt',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`gongkai backup --out` and `gongkai restore` work from the command line', async () => {
    const target = await freshTarget(t.db);
    try {
      const cliOut = join(out, 'cli');
      const backup = await runCliOn(t.db, ['backup', '--out', cliOut]);
      assert.equal(backup.code, 0, backup.text);
      const made = readdirSync(cliOut).filter((n) => n.startsWith('gongkai-backup-'));
      assert.equal(made.length, 1);
      assert.match(backup.stdout, /备份完成/);
      const config = target.config(t.ctx.config);
      const into = { url: config.databaseUrl, dataDir: config.dataDir, schema: t.db.schema };
      const restore = await runCliOn(into, ['restore', join(cliOut, made[0])]);
      assert.equal(restore.code, 0, restore.text);
      assert.match(restore.stdout, /恢复完成/);
      assert.equal(
        existsSync(join(config.dataDir, 'uploads')),
        ENGINE === 'sqlite',
        'uploads restored to the disk on SQLite (on PostgreSQL they are in the database)',
      );
      assert.equal(
        (await runCliOn(into, ['restore', join(cliOut, made[0])])).code,
        2,
        'second restore without --force is refused',
      );
    } finally {
      await target.drop();
    }
  });
});

describe(`observability (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t?.close());

  const scrape = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/plain; version=0\.0\.4/);
    return res.body;
  };
  const value = (body: string, series: string) => {
    const line = body.split('\n').find((l) => l.startsWith(series + ' '));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('counts requests and their latency by route pattern, not by URL', async () => {
    for (const url of ['/', '/ysqgk/apply', '/no/such/page']) await t.app.inject({ method: 'GET', url });
    const body = await scrape();
    assert.equal(value(body, 'gongkai_http_requests_total{method="GET",route="/",status_code="200"}'), 1);
    assert.equal(
      value(body, 'gongkai_http_requests_total{method="GET",route="(unmatched)",status_code="404"}'),
      1,
    );
    assert.equal(
      value(body, 'gongkai_http_request_duration_seconds_count{method="GET",route="/ysqgk/apply"}'),
      1,
    );
    assert.match(body, /gongkai_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/"\}/);
    assert.ok(value(body, 'gongkai_process_resident_memory_bytes')! > 0, 'process metrics');
    assert.ok(!body.includes('route="/metrics"'), 'scrapes are not counted');
  });

  it('counts job runs and failures in this process', async () => {
    const results = await runDueJobs(t.ctx, t.app.jobDefinitions, 'metrics-test');
    assert.ok(results.length > 0, 'results.length > 0');
    const body = await scrape();
    for (const r of results)
      assert.equal(
        value(body, `gongkai_job_runs_total{job="${r.name}",result="${r.ok ? 'ok' : 'failed'}"}`),
        1,
        r.name,
      );
  });

  it('reports open FOI applications past their due date, as the FOI list counts them', async () => {
    t.clock.advance(200 * 24 * 3600 * 1000);
    const open = ['processing', 'correction_pending', 'consultation', 'fee_pending'] as const;
    const today = new Date(t.clock.now().getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    const expected = Number(
      (
        await t.ctx.db
          .selectFrom('foi_applications')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('status', 'in', open)
          .where('due_date', '<', today)
          .executeTakeFirstOrThrow()
      ).n,
    );
    assert.ok(expected > 0, 'the demo has open cases that are overdue 200 days later');
    const body = await scrape();
    assert.equal(value(body, 'gongkai_foi_overdue_applications'), expected);
    assert.equal(value(body, 'gongkai_db_up'), 1);
  });

  it('serves /metrics only to direct loopback clients, or with METRICS_TOKEN', async () => {
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode,
      403,
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } }))
        .statusCode,
      403,
      'relayed by a proxy',
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' })).statusCode,
      200,
    );
    const withToken = await buildApp({
      config: { ...t.ctx.config, seedDemo: false, metricsToken: 'scrape-secret' },
      database: { db: t.ctx.db, engine: t.ctx.engine, destroy: async () => {} },
      logger: false,
    });
    try {
      assert.equal(
        (await withToken.inject({ method: 'GET', url: '/metrics' })).statusCode,
        403,
        'loopback is not enough once a token is set',
      );
      assert.equal(
        (
          await withToken.inject({
            method: 'GET',
            url: '/metrics',
            headers: { authorization: 'Bearer wrong' },
          })
        ).statusCode,
        403,
      );
      assert.equal(
        (
          await withToken.inject({
            method: 'GET',
            url: '/metrics',
            remoteAddress: '10.1.2.3',
            headers: { authorization: 'Bearer scrape-secret' },
          })
        ).statusCode,
        200,
      );
    } finally {
      await withToken.close();
    }
  });

  it('/healthz is liveness; /readyz checks the database and the migrations', async () => {
    assert.deepEqual((await t.app.inject('/healthz')).json(), { status: 'ok' });
    const ready = await t.app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), {
      status: 'ready',
      checks: { shutdown: 'ok', database: 'ok', migrations: 'ok' },
    });

    // A second process on the same database whose schema is behind its code: not ready.
    const db = t.db.open();
    const last = (await db.db
      .selectFrom('kysely_migration' as any)
      .select('name')
      .orderBy('name', 'desc')
      .executeTakeFirstOrThrow()) as { name: string };
    const app = await buildApp({ config: { ...t.ctx.config, seedDemo: false }, database: db, logger: false });
    await db.db
      .deleteFrom('kysely_migration' as any)
      .where('name', '=', last.name)
      .execute();
    try {
      const behind = await app.inject('/readyz');
      assert.equal(behind.statusCode, 503);
      assert.match(behind.json().checks.migrations, new RegExp(last.name));
    } finally {
      await db.db
        .insertInto('kysely_migration' as any)
        .values({ name: last.name, timestamp: new Date().toISOString() })
        .execute();
      await app.close();
      await db.destroy();
    }
  });

  it('/readyz is 503 when the database does not answer', async () => {
    const db = t.db.open();
    const app = await buildApp({ config: { ...t.ctx.config, seedDemo: false }, database: db, logger: false });
    try {
      await app.ready();
      await db.destroy();
      const res = await app.inject('/readyz');
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().status, 'not_ready');
      assert.match(res.json().checks.database, /数据库不可用/);
    } finally {
      await app.close();
    }
  });
});

describe('migrations', () => {
  let db: TestDb;
  before(async () => {
    db = await createTestDb();
  });
  after(() => db?.drop());

  it('`migrate --dry-run` lists pending migrations and applies none; the server applies them on start', async () => {
    const dry = await runCliOn(db, ['migrate', '--dry-run']);
    assert.equal(dry.code, 0, dry.text);
    assert.match(dry.stdout, /待执行的迁移（\d+）：\n20261125000000_foundation/);
    const probe = db.open();
    const before = await pendingMigrations(probe.db, db.schema);
    assert.ok(before.length >= 10, 'dry run applied nothing');
    await probe.destroy();
    const app = await buildApp({ config: testConfig(db, { seedDemo: false }), logger: false });
    try {
      assert.deepEqual(await pendingMigrations(app.ctx.db, db.schema), [], 'applied on start');
    } finally {
      await app.close();
    }
  });
});

describe('storage failures are a 503, not a 500', () => {
  it('recognises disk full, read-only files and a lost database connection', () => {
    for (const code of [
      'SQLITE_FULL',
      'SQLITE_READONLY',
      'SQLITE_READONLY_DBMOVED',
      'SQLITE_IOERR_WRITE',
      'ENOSPC',
      'EROFS',
      'ECONNREFUSED',
      '57P01',
      '08006',
      '53100',
      '25006',
    ]) {
      assert.equal(storageUnavailable(Object.assign(new Error('x'), { code })), true, code);
    }
    assert.equal(storageUnavailable(new Error('Connection terminated unexpectedly')), true);
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', '23505', '22P02', 'ENOENT'])
      assert.equal(storageUnavailable(Object.assign(new Error('x'), { code })), false, code);
    assert.equal(storageUnavailable(new TypeError('x is undefined')), false);
  });
});
