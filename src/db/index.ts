/**
 * The database: one Kysely instance over SQLite (better-sqlite3 12.x, WAL, foreign keys on) or
 * PostgreSQL (pg), chosen by the URL. The rest of the code sees only `Kysely<DB>`; where the two
 * engines must differ (full-text search, advisory locks) the module asks `engineOf(db)`.
 */
import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  sql,
  type ColumnMetadata,
  CompiledQuery,
  type Transaction,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  type Dialect,
  type SqliteDatabase,
  type Driver,
  type TableMetadata,
} from 'kysely';
import type { DB } from './types.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** The PostgreSQL schema in use, when not the default. */
  schema?: string;
  destroy(): Promise<void>;
}

/** Which database a committed write went to: its engine and (PostgreSQL) schema, so a process serving several sites (src/platform) drops only that site's pages. */
export interface WriteSource {
  engine: Engine;
  schema?: string;
}

export type WriteListener = (tables: ReadonlySet<string>, source: WriteSource) => void;

const writeListeners = new Set<WriteListener>();

/**
 * Calls `listener` after each committed write through any database opened in this process (a
 * statement, or a transaction that wrote), with the tables written. Returns the unsubscribe function.
 */
export function onCommittedWrite(listener: WriteListener): () => void {
  writeListeners.add(listener);
  return () => writeListeners.delete(listener);
}

// int8 (count(*), sums) arrives as a string from pg; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric (sum over integer columns) likewise.
pg.types.setTypeParser(1700, (v) => Number(v));

/** Which engine a Kysely instance (or transaction) talks to. */
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Runs `work` in a transaction: `db`'s own when `db` already is one (a use case called inside another
 * use case's transaction, or a module's demo seed: seed/demo.ts), so that everything commits or rolls
 * back together; a new one otherwise.
 */
export function transact<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Holds the lock named `name` until the transaction ends, in this PostgreSQL schema only: a schema is
 * a site of its own (src/platform), with its own numbering and audit chain, and never waits for
 * another's (a site being created holds its locks while its demo is seeded). SQLite serialises
 * writers itself.
 */
export async function lockUntilCommit(trx: Kysely<any>, name: string): Promise<void> {
  if (engineOf(trx) === 'postgres')
    await sql`select pg_advisory_xact_lock(hashtext(coalesce(current_schema(), '') || ${':' + name}))`.execute(
      trx,
    );
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Path of the SQLite file named by `sqlite:PATH`, `file:PATH` or a bare path. */
export function sqlitePath(url: string): string {
  return url.replace(/^(sqlite|file):(\/\/)?/, '');
}

/** Opens the SQLite file with the settings the app relies on. */
export function openSqlite(path: string): SQLite.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we answer, so an acknowledged write survives power loss too.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Short: better-sqlite3 waits for a lock synchronously, holding up every request of this process.
  // Longer waits are taken asynchronously by retrying (waitForWriters).
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return sqlite;
}

/** How long SQLite itself waits for another process's lock (blocking), and how long we keep retrying after that (not blocking). */
export const SQLITE_BUSY_TIMEOUT_MS = 200;
const SQLITE_BUSY_RETRY_MS = 60_000;

const isBusy = (e: unknown) => /^SQLITE_BUSY/.test(String((e as { code?: unknown } | null)?.code ?? ''));

/**
 * Runs `attempt` again while SQLite answers SQLITE_BUSY (another process — the CLI, a second server,
 * a backup — holds the write lock), with a growing, jittered pause that leaves the event loop free,
 * for up to a minute. Only whole transactions and single statements outside one are retried: what
 * failed with BUSY wrote nothing.
 */
async function waitForWriters<T>(attempt: () => Promise<T>): Promise<T> {
  const start = performance.now();
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isBusy(e) || performance.now() - start > SQLITE_BUSY_RETRY_MS) throw e;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, 5 * 2 ** n) * (0.5 + Math.random())));
    }
  }
}

/**
 * Kysely over SQLite whose transactions wait their turn: each starts with BEGIN IMMEDIATE (the write
 * lock up front, so a transaction that read first never fails to upgrade half way) and is run again
 * as a whole when SQLite answers SQLITE_BUSY. A CLI or job writing beside the server delays a
 * citizen's submission by milliseconds instead of refusing it with a 503.
 */
class SqliteKysely extends Kysely<DB> {
  override transaction() {
    const builder = super.transaction();
    const execute = builder.execute.bind(builder);
    return Object.assign(builder, {
      execute: <T>(callback: (trx: Transaction<DB>) => Promise<T>) => waitForWriters(() => execute(callback)),
    });
  }
}

/**
 * Kysely's SQLite dialect, except that a ROLLBACK after SQLite has already rolled the transaction
 * back itself (disk full, I/O error) is skipped: Kysely would otherwise throw "cannot rollback — no
 * transaction is active" in place of the real error (SQLITE_FULL …), which the error page needs.
 */
function sqliteDialect(sqlite: SQLite.Database): SqliteDialect {
  return new (class extends SqliteDialect {
    override createDriver() {
      const driver = super.createDriver();
      driver.beginTransaction = async (connection) => {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      };
      // A statement outside a transaction that met another process's lock: run it again (it wrote nothing).
      const acquire = driver.acquireConnection.bind(driver);
      const patched = new WeakSet<DatabaseConnection>(); // the driver hands out the same connection each time
      driver.acquireConnection = async () => {
        const connection = await acquire();
        if (patched.has(connection)) return connection;
        patched.add(connection);
        const executeQuery = connection.executeQuery.bind(connection);
        connection.executeQuery = (query) =>
          sqlite.inTransaction ? executeQuery(query) : waitForWriters(() => executeQuery(query));
        return connection;
      };
      const rollback = driver.rollbackTransaction.bind(driver);
      driver.rollbackTransaction = async (connection) => {
        if (sqlite.inTransaction) await rollback(connection);
      };
      return driver;
    }
  })({ database: cachedStatements(sqlite) });
}

/** How many prepared statements one SQLite handle keeps (least recently used go first). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The SQLite handle as Kysely sees it, with its prepared statements kept by SQL text. Kysely prepares
 * every statement it runs afresh; preparing was an eighth of an uncached item page's CPU time
 * (bench/pages.bench.ts, `--cpu-prof`). A statement is reused only when idle (`busy` is true while
 * an iterator is open on it); SQLite re-prepares a kept statement itself after a schema change.
 */
function cachedStatements(sqlite: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>(); // insertion order = least recently used first
  return {
    close() {
      kept.clear();
      sqlite.close();
    },
    prepare(text: string) {
      const known = kept.get(text);
      if (known && !known.busy) {
        kept.delete(text);
        kept.set(text, known);
        return known;
      }
      const statement = sqlite.prepare(text);
      if (!known) {
        kept.set(text, statement);
        if (kept.size > STATEMENT_CACHE_SIZE) kept.delete(kept.keys().next().value!);
      }
      return statement;
    },
  };
}

// The table a data-changing statement writes ("with …" statements and DDL count, table unknown: '*').
const WRITE =
  /^\s*(?:insert\s+into|update|delete\s+from|replace\s+into)\s+(?:"?\w+"?\.)?"?(\w+)"?|^\s*(?:with\b[\s\S]*\b(?:insert|update|delete)\b|create|alter|drop|truncate)\b/i;

type CatalogueRow = {
  schema: string;
  table: string;
  kind: string;
  column: string;
  type: string;
  typeSchema: string;
  notNull: boolean;
  hasDefault: boolean;
  autoIncrementing: boolean;
  comment: string | null;
};

/**
 * PostgreSQL introspection of the connection's own schema (the first on its search path). Kysely's
 * reads every schema and resolves each column by name as it goes (pg_get_serial_sequence), so a table,
 * column or schema that another process creates or drops meanwhile fails the whole read (42P01,
 * 42703, 3F000): tests build and drop their own schemas side by side. The migrator only asks whether
 * its table exists in ours.
 */
export function ownSchemaIntrospector(db: Kysely<any>): DatabaseIntrospector {
  async function getTables(options?: DatabaseMetadataOptions): Promise<TableMetadata[]> {
    const { rows } = await sql<CatalogueRow>`
      select n.nspname as schema, c.relname as table, c.relkind as kind, a.attname as column, t.typname as type,
        tn.nspname as "typeSchema", a.attnotnull as "notNull", a.atthasdef as "hasDefault",
        coalesce(a.attidentity <> '' or pg_get_expr(d.adbin, d.adrelid) like 'nextval(%', false) as "autoIncrementing",
        col_description(a.attrelid, a.attnum) as comment
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      join pg_catalog.pg_type t on t.oid = a.atttypid
      join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
      left join pg_catalog.pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
      where n.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
      order by c.relname, a.attnum`.execute(db);
    const internal = new Set([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);
    const tables = new Map<string, TableMetadata & { columns: ColumnMetadata[] }>();
    for (const row of rows) {
      if (internal.has(row.table) && !options?.withInternalKyselyTables) continue;
      let table = tables.get(row.table);
      if (!table)
        tables.set(
          row.table,
          (table = { name: row.table, schema: row.schema, isView: row.kind === 'v', columns: [] }),
        );
      table.columns.push({
        name: row.column,
        dataType: row.type,
        dataTypeSchema: row.typeSchema,
        isNullable: !row.notNull,
        isAutoIncrementing: row.autoIncrementing,
        hasDefaultValue: row.hasDefault,
        comment: row.comment ?? undefined,
      });
    }
    return [...tables.values()];
  }
  return {
    getSchemas: async () =>
      (await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(db)).rows,
    getTables,
    getMetadata: async (options) => ({ tables: await getTables(options) }),
  };
}

/**
 * Wraps a dialect so that committed writes are reported: a statement that changed rows (or DDL)
 * outside a transaction when it returns, a transaction's statements when it commits (never on rollback). Reads are not touched.
 */
function reportingWrites(dialect: Dialect, source: WriteSource): Dialect {
  const report = (tables: Set<string>) => writeListeners.forEach((l) => l(tables, source));
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) =>
      dialect instanceof PostgresDialect ? ownSchemaIntrospector(db) : dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver(): Driver {
      const driver = dialect.createDriver();
      const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
      const written = new WeakMap<DatabaseConnection, Set<string>>(); // connections in a transaction
      const unwrap = (c: DatabaseConnection) => inner.get(c) ?? c;
      const savepoint = (f: Driver['savepoint']) =>
        f &&
        ((c: DatabaseConnection, name: string, compile: any) => f.call(driver, unwrap(c), name, compile));
      return {
        init: () => driver.init(),
        destroy: () => driver.destroy(),
        async acquireConnection() {
          const connection = await driver.acquireConnection();
          const outer: DatabaseConnection = {
            async executeQuery<R>(query: CompiledQuery) {
              const result = await connection.executeQuery<R>(query);
              const m = WRITE.exec(query.sql);
              if (m && result.numAffectedRows !== 0n) {
                const tables = written.get(outer);
                if (tables) tables.add(m[1] ?? '*');
                else report(new Set([m[1] ?? '*']));
              }
              return result;
            },
            streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
          };
          inner.set(outer, connection);
          return outer;
        },
        releaseConnection: (c) => driver.releaseConnection(unwrap(c)),
        async beginTransaction(c, settings) {
          await driver.beginTransaction(unwrap(c), settings);
          written.set(c, new Set());
        },
        async commitTransaction(c) {
          await driver.commitTransaction(unwrap(c));
          const tables = written.get(c);
          written.delete(c);
          if (tables?.size) report(tables);
        },
        async rollbackTransaction(c) {
          written.delete(c);
          await driver.rollbackTransaction(unwrap(c));
        },
        savepoint: savepoint(driver.savepoint),
        rollbackToSavepoint: savepoint(driver.rollbackToSavepoint),
        releaseSavepoint: savepoint(driver.releaseSavepoint),
      };
    },
  };
}

/** Starts the text of a read that `preparedRead` (prepared.ts) compiled once; named on PostgreSQL. */
export const PREPARED_MARK = '/* prepared */ ';

/**
 * Sends the statements `preparedRead` marks as named statements, so PostgreSQL parses and plans each
 * once per connection instead of on every request. Their number is bounded (one per `preparedRead`
 * in the code), as the server's memory for them per connection must be.
 */
function nameMarkedStatements(client: pg.PoolClient, names: Map<string, string>): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (args.length !== 2 || typeof text !== 'string' || !text.startsWith(PREPARED_MARK))
      return query(...args);
    let name = names.get(text);
    if (!name) names.set(text, (name = `gongkai_${names.size + 1}`));
    return query({ name, text, values });
  }) as typeof client.query;
}

/**
 * Opens the database named by `url`. `poolMax` / `idleMs` size the PostgreSQL pool (default 10
 * connections, kept 10 s idle): a platform serving many sites from one PostgreSQL gives each site a
 * small pool that empties when the site is idle (max_connections is 100 by default).
 */
export function createDatabase(
  url: string,
  options: { schema?: string; poolMax?: number; idleMs?: number } = {},
): Database {
  if (isPostgresUrl(url)) {
    const statementNames = new Map<string, string>(); // text → name, the same on each of the pool's connections
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolMax ?? 10,
      ...(options.idleMs ? { idleTimeoutMillis: options.idleMs } : {}),
      // Session settings: PGOPTIONS as libpq reads it (node-postgres only when nothing else is set), then the schema.
      options:
        [process.env.PGOPTIONS, options.schema && `-c search_path=${options.schema}`]
          .filter(Boolean)
          .join(' ') || undefined,
    });
    // A dropped connection (server restart) must not crash the process; the pool reconnects. The pool's
    // 'error' covers idle clients only: a client checked out (between the statements of a transaction)
    // that the server terminates emits 'error' on itself, which would otherwise be unhandled and end
    // the process. Its pending and next queries fail (→ 503) and the pool discards it on release.
    pool.on('error', () => {});
    pool.on('connect', (client) => {
      client.on('error', () => {});
      nameMarkedStatements(client, statementNames);
    });
    const db = new Kysely<DB>({
      dialect: reportingWrites(new PostgresDialect({ pool }), { engine: 'postgres', schema: options.schema }),
    });
    return { db, engine: 'postgres', schema: options.schema, destroy: () => db.destroy() };
  }
  return sqliteDatabase(openSqlite(sqlitePath(url)));
}

/** The database over an SQLite handle already open (`openSqlite`). */
export function sqliteDatabase(sqlite: SQLite.Database): Database {
  const db = new SqliteKysely({ dialect: reportingWrites(sqliteDialect(sqlite), { engine: 'sqlite' }) });
  return { db, engine: 'sqlite', destroy: () => db.destroy() };
}
