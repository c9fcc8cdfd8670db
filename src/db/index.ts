/**
 * The database: one Kysely instance over SQLite (better-sqlite3 12.x, WAL, foreign keys on) or
 * PostgreSQL (pg), chosen by the URL. The rest of the code sees only `Kysely<DB>`; where the two
 * engines must differ (full-text search, advisory locks) the module asks `engineOf(db)`.
 */
import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import type { DB } from './types.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** The PostgreSQL schema in use, when not the default. */
  schema?: string;
  destroy(): Promise<void>;
}

// int8 (count(*), sums) arrives as a string from pg; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric (sum over integer columns) likewise.
pg.types.setTypeParser(1700, (v) => Number(v));

/** Which engine a Kysely instance (or transaction) talks to. */
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Path of the SQLite file named by `sqlite:PATH`, `file:PATH` or a bare path. */
export function sqlitePath(url: string): string {
  return url.replace(/^(sqlite|file):(\/\/)?/, '');
}

export function createDatabase(url: string, options: { schema?: string } = {}): Database {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // A dropped connection (server restart) must not crash the process; the pool reconnects.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', schema: options.schema, destroy: () => db.destroy() };
  }
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we answer, so an acknowledged write survives power loss too.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, engine: 'sqlite', destroy: () => db.destroy() };
}
