/**
 * Backup and restore. A backup is one timestamped folder: the database (SQLite's online backup API,
 * consistent while the server keeps writing; `pg_dump -Fc` on PostgreSQL), every file under DATA_DIR
 * (uploads, FOI attachments, the session secret) and `manifest.json` with a SHA-256 per file.
 * Restore verifies every checksum before touching anything, and refuses a target that already holds
 * data unless forced. The server should be stopped while restoring.
 */
import SQLite from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import pg from 'pg';
import type { Config } from '../../config.ts';
import { isPostgresUrl, sqlitePath } from '../../db/index.ts';
import { badRequest, invalidState } from '../../errors.ts';

export const MANIFEST = 'manifest.json';
const SQLITE_FILE = 'database.sqlite';
const PG_FILE = 'database.pgdump';
const FILES = 'files';

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: 'gongkai-backup';
  version: 1;
  createdAt: string;
  engine: 'sqlite' | 'postgres';
  /** PostgreSQL schema the dump holds (absent: the whole database). */
  schema?: string;
  /** Migrations applied in the backed-up database; a newer app migrates forward on start. */
  migrations: string[];
  files: ManifestFile[];
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

/** Every regular file under `dir`, as paths relative to it, skipping `skip` (absolute paths). */
async function listFiles(dir: string, skip: (abs: string) => boolean, base = dir): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    if (skip(abs)) continue;
    if (entry.isDirectory()) out.push(...(await listFiles(abs, skip, base)));
    else if (entry.isFile()) out.push(relative(base, abs));
  }
  return out.sort();
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) =>
      reject(new Error(`无法运行 ${cmd}：${e.message}（PostgreSQL 客户端工具是否已安装？）`)),
    );
    child.on('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${cmd} 失败（退出码 ${code}）：${stderr.trim()}`)),
    );
  });
}

/** The SQLite database file and its WAL companions: backed up through the API, never copied raw. */
function sqliteFiles(config: Config): string[] {
  if (isPostgresUrl(config.databaseUrl)) return [];
  const db = resolve(sqlitePath(config.databaseUrl));
  return [db, `${db}-wal`, `${db}-shm`, `${db}-journal`];
}

async function appliedMigrations(config: Config): Promise<string[]> {
  if (isPostgresUrl(config.databaseUrl)) {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      const table = config.databaseSchema
        ? `"${config.databaseSchema}".kysely_migration`
        : 'kysely_migration';
      const res = await client.query(`select name from ${table} order by name`);
      return res.rows.map((r) => r.name as string);
    } finally {
      await client.end();
    }
  }
  const db = new SQLite(sqlitePath(config.databaseUrl), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map(
      (r) => r.name,
    );
  } finally {
    db.close();
  }
}

/** `gongkai-backup-20261126T031500Z`: sorts by time, one per second. */
export function backupName(at: Date): string {
  return `gongkai-backup-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/** Writes a backup folder under `outDir`; returns its path and manifest. */
export async function createBackup(
  config: Config,
  outDir: string,
  at: Date,
): Promise<{ path: string; manifest: Manifest }> {
  const target = resolve(outDir, backupName(at));
  if (existsSync(target)) throw invalidState(`备份目录已存在：${target}`);
  const partial = `${target}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(join(partial, FILES), { recursive: true });
  const engine = isPostgresUrl(config.databaseUrl) ? 'postgres' : 'sqlite';
  try {
    const migrations = await appliedMigrations(config);
    if (engine === 'postgres') {
      await run('pg_dump', [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        ...(config.databaseSchema ? ['--schema', config.databaseSchema] : []),
        '--file',
        join(partial, PG_FILE),
        '--dbname',
        config.databaseUrl,
      ]);
    } else {
      const db = new SQLite(sqlitePath(config.databaseUrl), { fileMustExist: true });
      try {
        await db.backup(join(partial, SQLITE_FILE));
      } finally {
        db.close();
      }
    }
    // Every file under DATA_DIR except the live database and any backups kept inside it.
    const live = new Set(sqliteFiles(config));
    const outAbs = resolve(outDir);
    const dataDir = resolve(config.dataDir);
    const skip = (abs: string) =>
      live.has(abs) || abs === outAbs || abs.startsWith(join(dataDir, 'gongkai-backup-'));
    for (const rel of await listFiles(dataDir, skip)) {
      await mkdir(dirname(join(partial, FILES, rel)), { recursive: true });
      await copyFile(join(dataDir, rel), join(partial, FILES, rel));
    }
    const files: ManifestFile[] = [];
    for (const rel of await listFiles(partial, () => false)) {
      const abs = join(partial, rel);
      files.push({ path: rel.split(sep).join('/'), size: (await stat(abs)).size, sha256: await sha256(abs) });
    }
    const manifest: Manifest = {
      format: 'gongkai-backup',
      version: 1,
      createdAt: at.toISOString(),
      engine,
      ...(engine === 'postgres' && config.databaseSchema ? { schema: config.databaseSchema } : {}),
      migrations,
      files,
    };
    await writeFile(join(partial, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    await rename(partial, target);
    return { path: target, manifest };
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    throw e;
  }
}

/** Deletes all but the newest `keep` backups in `outDir`; returns the deleted names. */
export async function pruneBackups(outDir: string, keep: number): Promise<string[]> {
  const names = (await readdir(outDir)).filter((n) => /^gongkai-backup-\d{8}T\d{6}Z$/.test(n)).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const n of old) await rm(join(outDir, n), { recursive: true, force: true });
  return old;
}

/** Reads the manifest and checks every file against it; throws naming what is wrong. */
export async function verifyBackup(path: string): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(path, MANIFEST), 'utf8'));
  } catch {
    throw badRequest(`不是有效的备份：${path} 中没有可读的 ${MANIFEST}`);
  }
  if (manifest.format !== 'gongkai-backup' || manifest.version !== 1) throw badRequest('备份格式无法识别');
  const problems: string[] = [];
  for (const f of manifest.files) {
    const abs = resolve(path, f.path);
    if (!abs.startsWith(resolve(path) + sep)) problems.push(`${f.path}：路径越出备份目录`);
    else if (!existsSync(abs)) problems.push(`${f.path}：文件缺失`);
    else if ((await sha256(abs)) !== f.sha256) problems.push(`${f.path}：校验和不符`);
  }
  const dbFile = manifest.engine === 'postgres' ? PG_FILE : SQLITE_FILE;
  if (!manifest.files.some((f) => f.path === dbFile)) problems.push(`${dbFile}：清单中没有数据库文件`);
  if (problems.length) throw badRequest(`备份已损坏，未做任何恢复：\n${problems.join('\n')}`);
  return manifest;
}

async function pgTablesIn(client: pg.Client, schema: string): Promise<number> {
  const res = await client.query(
    'select count(*)::int as n from information_schema.tables where table_schema = $1',
    [schema],
  );
  return res.rows[0].n as number;
}

/** What in the target already holds data (empty list: safe to restore without --force). */
async function occupied(config: Config, manifest: Manifest): Promise<string[]> {
  const found: string[] = [];
  if (isPostgresUrl(config.databaseUrl)) {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      const schema = config.databaseSchema ?? 'public';
      if ((await pgTablesIn(client, schema)) > 0) found.push(`数据库模式 ${schema} 中已有数据表`);
    } finally {
      await client.end();
    }
  } else {
    const path = sqlitePath(config.databaseUrl);
    if (existsSync(path) && (await stat(path)).size > 0) {
      const db = new SQLite(path, { readonly: true });
      try {
        const { n } = db.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as {
          n: number;
        };
        if (n > 0) found.push(`数据库文件 ${path} 中已有数据表`);
      } finally {
        db.close();
      }
    }
  }
  // Files: the session secret is generated by merely loading the configuration, so it does not count.
  const tops = new Set(
    manifest.files.filter((f) => f.path.startsWith(`${FILES}/`)).map((f) => f.path.split('/')[1]),
  );
  const live = new Set(sqliteFiles(config));
  const existing = await listFiles(resolve(config.dataDir), (abs) => live.has(abs));
  const clash = existing.filter((rel) => rel !== 'session-secret' && tops.has(rel.split(sep)[0]));
  if (clash.length) found.push(`数据目录 ${config.dataDir} 中已有 ${clash.length} 个文件（如 ${clash[0]}）`);
  return found;
}

/**
 * Restores a verified backup into the configured database and DATA_DIR. PostgreSQL: the dump's
 * schema must be the configured one (restore into a new database to keep the old one).
 */
export async function restoreBackup(
  config: Config,
  path: string,
  opts: { force?: boolean } = {},
): Promise<Manifest> {
  const manifest = await verifyBackup(path);
  const targetEngine = isPostgresUrl(config.databaseUrl) ? 'postgres' : 'sqlite';
  if (manifest.engine !== targetEngine)
    throw badRequest(`备份来自 ${manifest.engine}，当前配置的数据库是 ${targetEngine}，不能直接恢复`);
  if (
    targetEngine === 'postgres' &&
    (manifest.schema ?? undefined) !== (config.databaseSchema ?? undefined)
  ) {
    throw badRequest(
      `备份中的数据库模式是 ${manifest.schema ?? 'public'}，当前配置为 ${config.databaseSchema ?? 'public'}；请设置相同的 DATABASE_SCHEMA，或恢复到新建的数据库`,
    );
  }
  const busy = await occupied(config, manifest);
  if (busy.length && !opts.force)
    throw invalidState(`恢复目标不是空的，未做任何修改（确认覆盖请加 --force）：\n${busy.join('\n')}`);

  if (targetEngine === 'postgres') {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      const schema = config.databaseSchema;
      // The dump of a named schema creates it; the whole-database dump expects an empty `public`.
      if (schema) await client.query(`drop schema if exists "${schema}" cascade`);
      else await client.query('drop schema if exists public cascade; create schema public');
      // Extensions live outside a schema's dump: the RUM search index needs its access method in the
      // target database (a dump of the whole database creates it again with IF NOT EXISTS).
      const rum = await client.query(`select 1 from pg_available_extensions where name = 'rum'`);
      if (rum.rowCount) await client.query('create extension if not exists rum schema public');
    } finally {
      await client.end();
    }
    await run('pg_restore', [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      '--dbname',
      config.databaseUrl,
      join(path, PG_FILE),
    ]);
  } else {
    const dbPath = resolve(sqlitePath(config.databaseUrl));
    await mkdir(dirname(dbPath), { recursive: true });
    const tmp = `${dbPath}.restoring`;
    await copyFile(join(path, SQLITE_FILE), tmp);
    const check = new SQLite(tmp);
    try {
      const r = check.pragma('integrity_check', { simple: true });
      if (r !== 'ok') throw badRequest(`备份中的数据库未通过完整性检查：${String(r)}`);
      check.pragma('journal_mode = WAL');
    } finally {
      check.close();
    }
    for (const f of sqliteFiles(config).slice(1)) await rm(f, { force: true });
    await rename(tmp, dbPath);
  }

  const dataDir = resolve(config.dataDir);
  const restored = manifest.files.filter((f) => f.path.startsWith(`${FILES}/`));
  for (const top of new Set(restored.map((f) => f.path.split('/')[1])))
    await rm(join(dataDir, top), { recursive: true, force: true });
  for (const f of restored) {
    const to = join(dataDir, ...f.path.split('/').slice(1));
    await mkdir(dirname(to), { recursive: true });
    await copyFile(join(path, f.path), to);
  }
  return manifest;
}
