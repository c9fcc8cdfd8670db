/**
 * Backup and restore of the platform (issue 27), on PostgreSQL, through the real commands:
 * `gongkai site backup --site` of one site and `gongkai site backup` of all, each restored with
 * `gongkai site restore` after the schemas were dropped — the restored site serves its page and
 * gives back its stored file (src/db/files.ts keeps the bytes in the site's schema), and a site not
 * in a one-site backup is left as it was.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Config } from '../config.ts';
import { systemActor } from '../context.ts';
import { readStoredFile, writeStoredFile } from '../db/files.ts';
import { ManualClock } from '../lib/time.ts';
import { saveSiteInfo } from '../modules/portal/service.ts';
import { ENGINE, runCliOn } from '../../test/helpers.ts';
import { buildTestPlatform, type TestPlatform } from '../../test/platform-sites.ts';
import { Platform } from './registry.ts';
import { SiteDispatcher } from './server.ts';

const skipReason =
  ENGINE !== 'postgres'
    ? '集约化平台只在 PostgreSQL 上运行；SQLite 上跳过（设置 TEST_DATABASE_URL 为 PostgreSQL 运行）'
    : '';

function get(port: number, host: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('site backup and restore (PostgreSQL platform)', () => {
  const clock = new ManualClock(new Date('2026-12-01T02:00:00Z'));
  const out = mkdtempSync(join(tmpdir(), 'gongkai-backup-out-'));
  const A = 'sa.example.gov.cn';
  const B = 'sb.example.gov.cn';
  const FILE = 'uploads/content/ab/backup-test.bin';
  const bytes = randomBytes(50_000);
  let made: TestPlatform;
  let config: Config;
  let platform: Platform;
  let dispatcher: SiteDispatcher | undefined;
  let server: Server | undefined;
  let port = 0;

  const cli = (args: string[]) =>
    runCliOn({ url: config.databaseUrl, dataDir: config.dataDir }, args, {
      PLATFORM: '1',
      PLATFORM_SCHEMA: config.platformSchema,
    });
  const drop = async (...schemas: string[]) => {
    const c = new pg.Client({ connectionString: config.databaseUrl });
    await c.connect();
    for (const s of schemas) await c.query(`drop schema if exists ${s} cascade`);
    await c.end();
  };
  /** A new dispatcher (the old one's site apps hold pools on the dropped schemas). */
  const serve = async () => {
    server?.close();
    await dispatcher?.close();
    await platform?.close();
    platform = await Platform.open(config.databaseUrl, config.platformSchema);
    dispatcher = new SiteDispatcher(platform, { config, logger: false, clock });
    server = createServer(dispatcher.handle);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  };
  const ctxOf = async (code: string) => (await dispatcher!.appFor(await platform.getSite(code))).app.ctx;

  before(async () => {
    if (skipReason) return;
    made = await buildTestPlatform({
      start: clock.now().toISOString(),
      sites: [
        { site: { code: 'sa', name: '备份甲区', hosts: [A] } },
        { site: { code: 'sb', name: '备份乙区', hosts: [B] } },
      ],
    });
    config = made.config;
    await serve();
    await saveSiteInfo(await ctxOf('sa'), systemActor('test'), { name: '备份甲区人民政府' });
    await saveSiteInfo(await ctxOf('sb'), systemActor('test'), { name: '备份乙区人民政府' });
    await writeStoredFile(await ctxOf('sa'), FILE, bytes);
  });

  after(async () => {
    if (skipReason) return;
    server?.close();
    await dispatcher?.close();
    await platform?.close();
    await made?.drop();
  });

  it('restores one site from its own backup into a fresh schema: its page and its stored file', async (t) => {
    if (skipReason) return t.skip(skipReason);
    assert.ok((await get(port, A, '/')).body.includes('备份甲区人民政府'), 'site A serves its name');
    const backup = await cli(['site', 'backup', '--site', 'sa', '--out', out]);
    assert.equal(backup.code, 0, backup.text);
    const file = /备份完成：(\S+\.dump)/.exec(backup.stdout)?.[1];
    assert.ok(file, `the backup names its file: ${backup.text}`);
    assert.match(backup.stdout, /1 个数据库模式/, 'only the site’s schema');

    // After the backup: B renamed (not in this backup), then A lost altogether.
    await saveSiteInfo(await ctxOf('sb'), systemActor('test'), { name: '备份乙区（备份后改名）' });
    await drop(`${config.platformSchema}_sa`);
    const restore = await cli(['site', 'restore', file!]);
    assert.equal(restore.code, 0, restore.text);
    await serve();
    const page = await get(port, A, '/');
    assert.equal(page.status, 200, 'site A served again');
    assert.ok(page.body.includes('备份甲区人民政府'), 'with its name from the backup');
    const back = await readStoredFile(await ctxOf('sa'), FILE);
    assert.ok(back && back.equals(bytes), 'its stored file, byte for byte');
    assert.ok(
      (await get(port, B, '/')).body.includes('备份乙区（备份后改名）'),
      'site B untouched by A’s restore',
    );

    const bad = await cli(['site', 'restore', join(out, 'nothing.txt')]);
    assert.notEqual(bad.code, 0, 'a file that is no backup: refused');
    assert.match(bad.text, /\.dump/, 'in Chinese, naming what is expected');
  });

  it('restores the whole platform — the registry and every site — from one backup', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const backup = await cli(['site', 'backup', '--out', out]);
    assert.equal(backup.code, 0, backup.text);
    const file = /备份完成：(\S+\.dump)/.exec(backup.stdout)![1];
    assert.match(backup.stdout, /3 个数据库模式/, 'the registry and both sites');
    server?.close();
    server = undefined;
    await dispatcher?.close(); // the sites' pools; the registry's is closed by serve()
    dispatcher = undefined;
    await drop(`${config.platformSchema}_sa`, `${config.platformSchema}_sb`, config.platformSchema);
    const restore = await cli(['site', 'restore', file]);
    assert.equal(restore.code, 0, restore.text);
    await serve();
    assert.deepEqual(
      (await platform.listSites()).map((s) => [s.code, s.hosts]),
      [
        ['sa', [A]],
        ['sb', [B]],
      ],
      'the registry is back',
    );
    assert.ok((await get(port, A, '/')).body.includes('备份甲区人民政府'), 'site A’s page');
    assert.ok((await get(port, B, '/')).body.includes('备份乙区（备份后改名）'), 'site B’s page');
    const back = await readStoredFile(await ctxOf('sa'), FILE);
    assert.ok(back && back.equals(bytes), 'A’s stored file');
  });
});
