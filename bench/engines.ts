/**
 * Runs a benchmark on a fresh SQLite file and, when BENCH_DATABASE_URL is set, on a fresh
 * PostgreSQL schema (dropped afterwards); both migrated to the latest schema.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, type Database } from '../src/db/index.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

/** `run` gets the engine's label, the database, a scratch directory and, on SQLite, the database file. */
export async function onEachEngine(
  name: string,
  run: (label: string, database: Database, dir: string, sqliteFile?: string) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `gongkai-bench-${name}-`));
  try {
    const file = join(dir, 'bench.db');
    const sqlite = createDatabase(`sqlite:${file}`);
    await migrateToLatest(sqlite.db);
    await run('SQLite', sqlite, dir, file);
    await sqlite.destroy();
    const url = process.env.BENCH_DATABASE_URL;
    if (!url) {
      console.log('\n(PostgreSQL skipped: set BENCH_DATABASE_URL=postgres://… to run it)');
      return;
    }
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const pgdb = createDatabase(url, { schema });
      await migrateToLatest(pgdb.db, schema);
      await run('PostgreSQL', pgdb, dir);
      await pgdb.destroy();
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
