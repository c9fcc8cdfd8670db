/**
 * Test harness: a real database per test file — a fresh SQLite file, or, when TEST_DATABASE_URL
 * names PostgreSQL, a fresh schema in it (dropped afterwards) — and the real app over it, driven
 * with `app.inject()`. `.ci/run` runs the whole suite once per engine.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash, randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { createDatabase, isPostgresUrl, sqlitePath, type Database } from '../src/db/index.ts';
import { ManualClock, systemClock } from '../src/lib/time.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';
export const ENGINE = isPostgresUrl(TEST_DATABASE_URL) ? 'postgres' : 'sqlite';

export interface TestDb {
  url: string;
  schema?: string;
  dataDir: string;
  open(): Database;
  drop(): Promise<void>;
}

/** TEST_DATABASE_URL with another database of the same server. */
export function databaseUrl(database: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs statements on the PostgreSQL server (connected to TEST_DATABASE_URL's database, or `url`'s). */
async function onServer<T = unknown>(statements: string[], url = TEST_DATABASE_URL): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const rows: T[] = [];
    for (const s of statements) rows.push(...(await c.query(s)).rows);
    return rows;
  } finally {
    await c.end();
  }
}

/**
 * A fresh, empty database for one test file (its files under `parent`, the temp directory by
 * default). On PostgreSQL a new schema in TEST_DATABASE_URL's database, or in `serverUrl`'s.
 */
export async function createTestDb(parent = tmpdir(), serverUrl = TEST_DATABASE_URL): Promise<TestDb> {
  const dataDir = mkdtempSync(join(parent, 'gongkai-test-'));
  if (ENGINE === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    await onServer([`create schema ${schema}`], serverUrl);
    return {
      url: serverUrl,
      schema,
      dataDir,
      open: () => createDatabase(serverUrl, { schema }),
      async drop() {
        await onServer([`drop schema ${schema} cascade`], serverUrl);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = `sqlite:${join(dataDir, 'test.db')}`;
  return {
    url,
    dataDir,
    open: () => createDatabase(url),
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A TCP port on 127.0.0.1 that nothing listens on right now (for a server a test or bench starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The environment a test gives a CLI run (in-process or a child): the same fixed keys as the test apps. */
export const TEST_ENV = {
  SESSION_SECRET: 'test-secret-test-secret-test-secret-1234',
  LOG_LEVEL: 'silent',
  GONGKAI_DATA_KEY: 'test1:dGVzdC1kYXRhLWtleS10ZXN0LWRhdGEta2V5LTMyYiE=',
  PASSWORD_MAX_AGE_DAYS: '0',
};

export function testConfig(db: TestDb, overrides: Partial<Config> = {}): Config {
  // One fixed personal-data key for every test app (several apps share a process); passwords do not
  // expire (clocks jump months ahead) unless a test turns expiry on.
  const base = loadConfig({
    DATA_DIR: db.dataDir,
    ...TEST_ENV,
    // Test files send hundreds of writes a minute from one address; the limit itself is tested with its own app.
    RATE_LIMIT_WRITES: '1000000',
  });
  return { ...base, databaseUrl: db.url, databaseSchema: db.schema, ...overrides };
}

// ---- Seeded templates --------------------------------------------------------------------------
// Seeding the demo district (about a hundred items through the audited publishing workflow) takes
// seconds per app, most test files want it, and its outcome depends only on the code and the
// clock's start. So it runs once per start into a template — the data directory's files and, on
// PostgreSQL, a dump of the schema — kept under the system's temp directory for every test process,
// and each seeded test app gets a copy. The copy is the same database (rows, ids, sequences,
// uploaded files) as a seed of its own would give; `buildTestApp({ template: false })` seeds for real.

const DEFAULT_START = '2022-03-01T02:00:00Z';
/**
 * Every clock start a test seeds the demo from, the most used first: the unit suite's runner seeds
 * them ahead, beside the first test files (`prepareTemplates`, scripts/run-tests.mjs). A start not
 * listed is refused, so the list stays whole. `'now'` is the browser and fault suites' (one each).
 */
export const TEMPLATE_STARTS: readonly TemplateStart[] = [
  DEFAULT_START,
  '2023-03-01T02:00:00Z',
  '2026-12-20T02:00:00Z',
  '2023-01-10T02:00:00Z',
  '2026-03-02T10:00:00+08:00',
  '2022-01-28T02:00:00Z',
  '2026-11-26T02:00:00Z',
  '2029-09-14T02:00:00Z',
  'now',
];
/**
 * Templates are made and kept in memory (tmpfs) where there is one, whatever the suite: a template is
 * only ever copied, so its own durability does not matter — and the fault suite, which keeps its own
 * databases on disk, then copies the same templates as the others instead of seeding on disk.
 */
const SCRATCH = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const TEMPLATES = join(SCRATCH, 'gongkai-seed-templates');
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Templates unused this long are removed when a new one is made (they belong to older code). */
const TEMPLATE_MAX_AGE_MS = 24 * 3600_000;
/** A seed takes seconds (a minute or two on a crowded machine): a lock this old belongs to a process that died. */
const TEMPLATE_LOCK_STALE_MS = 10 * 60_000;

let codeDigest: string | undefined;

/** A hash of everything a seed's outcome can depend on: the app's code (not its tests), the locked dependencies, this harness. */
function seedCodeDigest(): string {
  if (codeDigest) return codeDigest;
  const hash = createHash('sha256');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : /\.test\.tsx?$/.test(e.name) ? [] : [join(dir, e.name)],
      )
      .sort();
  for (const file of [
    ...walk(join(REPO, 'src')),
    join(REPO, 'package-lock.json'),
    fileURLToPath(import.meta.url),
  ]) {
    hash.update(relative(REPO, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return (codeDigest = hash.digest('hex'));
}

/**
 * A seeded template's directory: `files/` (the data directory), `sequences.sql` (statements setting
 * every id sequence as the seed left it) and, on PostgreSQL, `database` (the template database) and
 * `schema-name` (the schema the seed went into).
 */
async function seedTemplate(start: TemplateStart): Promise<string> {
  if (!TEMPLATE_STARTS.includes(start))
    throw new Error(`test/helpers.ts: add ${start} to TEMPLATE_STARTS (the starts seeded ahead)`);
  // The real clock's template is seeded at the first use of the day (Beijing) and used all that day.
  const when =
    start === 'now' ? `now:${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)}` : start;
  return keptTemplate([when], (building, database) => seedDemoTemplate(start, building, database));
}

/**
 * The directory of the template `id` names (with the code, the engine and the test environment), made
 * by `make` once: into `building`, a directory of its own that then becomes the template's by one
 * rename, and on PostgreSQL into `database`, a new empty database that copies are then made from
 * (CREATE DATABASE … TEMPLATE).
 */
export async function keptTemplate(
  id: unknown[],
  make: (building: string, database: string) => Promise<void>,
): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify([seedCodeDigest(), ENGINE, TEST_DATABASE_URL, TEST_ENV, ...id]))
    .digest('hex')
    .slice(0, 24);
  const dir = join(TEMPLATES, key);
  try {
    const now = new Date();
    utimesSync(dir, now, now); // marks it used (see TEMPLATE_MAX_AGE_MS)
    return dir;
  } catch {
    // Not made yet (or just pruned): make it.
  }
  mkdirSync(TEMPLATES, { recursive: true });
  // One process makes it; the others (test files run side by side) wait for it instead of making
  // the same template again. A lock left by a process that died is taken over after a while.
  const lock = join(TEMPLATES, `.lock-${key}`);
  for (;;) {
    if (existsSync(dir)) return dir;
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > TEMPLATE_LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 250));
  }
  try {
    if (existsSync(dir)) return dir;
    for (const name of readdirSync(TEMPLATES)) {
      const old = join(TEMPLATES, name);
      const mtime = statSync(old, { throwIfNoEntry: false })?.mtimeMs ?? Date.now(); // another process may prune too
      if (Date.now() - mtime > TEMPLATE_MAX_AGE_MS) rmSync(old, { recursive: true, force: true });
    }
    if (ENGINE === 'postgres') await dropOrphanTemplateDatabases();
    // Made visible by one rename (a process that took over a stale lock and raced us to it keeps its
    // own, identical, template).
    const building = mkdtempSync(join(TEMPLATES, `.building-${key}-`));
    const database = `${TEMPLATE_DB_PREFIX}${key}`;
    try {
      if (ENGINE === 'postgres')
        await onServer([`drop database if exists ${database} with (force)`, `create database ${database}`]);
      await make(building, database);
      renameSync(building, dir);
    } catch (e) {
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(dir)) throw e;
    }
    return dir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Seeds the demo from `start` exactly as a test app would be seeded, into a template (see seedTemplate). */
async function seedDemoTemplate(start: TemplateStart, building: string, database: string): Promise<void> {
  const db = await createTestDb(SCRATCH, ENGINE === 'postgres' ? databaseUrl(database) : TEST_DATABASE_URL);
  // Seeded without waiting for flushes on PostgreSQL too (see SCRATCH): the pool takes its session
  // settings from PGOPTIONS as buildApp opens it.
  const pgOptions = process.env.PGOPTIONS;
  process.env.PGOPTIONS = [pgOptions, '-c synchronous_commit=off'].filter(Boolean).join(' ');
  const app = await buildApp({
    config: testConfig(db, { seedDemo: true }),
    clock: start === 'now' ? systemClock : new ManualClock(start),
    logger: false,
  }).finally(() => {
    if (pgOptions === undefined) delete process.env.PGOPTIONS;
    else process.env.PGOPTIONS = pgOptions;
  });
  await app.ready();
  await app.close();
  let sequences: string[];
  if (db.schema) {
    const rows = await onServer<{ name: string; last: string | null }>(
      [
        `select format('%I.%I', schemaname, sequencename) as name, last_value::text as last
         from pg_sequences where schemaname = '${db.schema}'`,
      ],
      db.url,
    );
    sequences = rows.map((r) =>
      r.last === null
        ? `SELECT pg_catalog.setval('${r.name}', 1, false);`
        : `SELECT pg_catalog.setval('${r.name}', ${Number(r.last)}, true);`,
    );
    writeFileSync(join(building, 'database'), database);
    writeFileSync(join(building, 'schema-name'), db.schema);
  } else {
    const sqlite = new SQLite(sqlitePath(db.url), { readonly: true });
    const rows = sqlite.prepare('select name, seq from sqlite_sequence').all() as {
      name: string;
      seq: number;
    }[];
    sqlite.close();
    sequences = rows.map(
      (r) =>
        `UPDATE sqlite_sequence SET seq = ${Number(r.seq)} WHERE name = '${r.name.replaceAll("'", "''")}';`,
    );
  }
  writeFileSync(join(building, 'sequences.sql'), sequences.join('\n'));
  renameSync(db.dataDir, join(building, 'files'));
  if (!db.schema) await db.drop(); // PostgreSQL's stays: it is the template database
}

/**
 * Seeds the templates not made yet — the unit suite's (every start but `'now'`), or all of them — in
 * TEMPLATE_STARTS' order, for scripts/run-tests.mjs to run beside the first test files, which wait
 * for the template they need (its lock). The first (most files' start) is seeded alone, to be ready
 * soonest. On PostgreSQL a seed mostly waits on round trips, so the others go two at a time; on
 * SQLite, where a seed keeps a core busy, one at a time.
 */
export async function prepareTemplates(which: 'unit' | 'all' = 'unit'): Promise<void> {
  const [first, ...rest] = TEMPLATE_STARTS.filter((s) => which === 'all' || s !== 'now');
  await seedTemplate(first!);
  const next = async (): Promise<void> => {
    for (let start = rest.shift(); start; start = rest.shift()) await seedTemplate(start);
  };
  await Promise.all(ENGINE === 'postgres' ? [next(), next()] : [next()]);
}

/**
 * A clock start for a seeded template: an instant (a ManualClock starting there seeds it), or
 * `'now'`: seeded on the real clock, as a server seeds its demo (the browser tests' app).
 */
export type TemplateStart = string | 'now';

/**
 * A fresh test database holding a copy of the demo seeded from `start` (the template, made on first
 * use), and the statements that put its id sequences back where the seed left them: run them on the
 * app's database once it is built (`restoreSequences`), before it is used. Its files go under
 * `parent` (the temp directory by default).
 */
export async function copySeedTemplate(
  start: TemplateStart,
  parent?: string,
): Promise<{ db: TestDb; sequences: string[] }> {
  const template = await seedTemplate(start);
  const sequences = readFileSync(join(template, 'sequences.sql'), 'utf8').split('\n').filter(Boolean);
  return { db: await copyTemplate(template, parent), sequences };
}

/**
 * A fresh test database holding a copy of a made template (keptTemplate): on PostgreSQL a clone of its
 * database, on SQLite an empty one its files (the database file among them) are copied into.
 */
export async function copyTemplate(template: string, parent?: string): Promise<TestDb> {
  const db =
    ENGINE === 'postgres' ? await cloneTemplateDatabase(template, parent) : await createTestDb(parent);
  cpSync(join(template, 'files'), db.dataDir, { recursive: true });
  return db;
}

/** Template databases are named by this and their template's key. */
const TEMPLATE_DB_PREFIX = 'gk_tpl_';

/**
 * A new database cloned from the template's (CREATE DATABASE … TEMPLATE copies its files: about 0.1 s,
 * against a second or more for restoring a dump), holding the seeded schema under the same name.
 */
async function cloneTemplateDatabase(template: string, parent = tmpdir()): Promise<TestDb> {
  const source = readFileSync(join(template, 'database'), 'utf8');
  const schema = readFileSync(join(template, 'schema-name'), 'utf8');
  const database = `gk_t_${randomBytes(6).toString('hex')}`;
  await onServer([`create database ${database} template ${source}`]);
  const url = databaseUrl(database);
  const dataDir = mkdtempSync(join(parent, 'gongkai-test-'));
  return {
    url,
    schema,
    dataDir,
    open: () => createDatabase(url, { schema }),
    async drop() {
      await onServer([`drop database if exists ${database} with (force)`]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Drops the template databases whose template is gone (pruned, or /dev/shm emptied by a restart) and
 * is not being made (no lock): a database is only made under its template's lock, and its folder
 * appears before the lock goes.
 */
async function dropOrphanTemplateDatabases(): Promise<void> {
  const rows = await onServer<{ datname: string }>([
    `select datname from pg_database where datname like '${TEMPLATE_DB_PREFIX}%'`,
  ]);
  for (const { datname } of rows) {
    const key = datname.slice(TEMPLATE_DB_PREFIX.length);
    if (existsSync(join(TEMPLATES, key)) || existsSync(join(TEMPLATES, `.lock-${key}`))) continue;
    await onServer([`drop database if exists ${datname} with (force)`]);
  }
}

/**
 * Node's arguments for running the app's server (`main`) or command line (`cli`) in a child process:
 * the build the test runner made (GONGKAI_TEST_BUILD, scripts/build.mjs: the same code, loading in
 * about 1 s instead of 2.5 s under tsx) or, when a file runs on its own, the sources through tsx.
 */
export function appProcessArgs(entry: 'main' | 'cli', ...args: string[]): string[] {
  const built = process.env.GONGKAI_TEST_BUILD;
  return built
    ? [join(built, 'src', `${entry}.js`), ...args]
    : ['--import', 'tsx', `src/${entry}.ts`, ...args];
}

/** The configuration a demo seed's outcome depends on: an app overriding one of these seeds for real. */
const SEED_INPUTS: (keyof Config)[] = ['dataKeys', 'dataDir', 'databaseUrl', 'databaseSchema', 'seedDemo'];

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  db: TestDb;
  close(): Promise<void>;
}

/**
 * The app on a fresh database with the demo district seeded (orgs and one user per role), on a
 * manual clock starting at `start` (default 2022-03-01 10:00 Beijing time). The seed is a copy of
 * the template for `start` (see above) unless `template: false` or a config override the seed reads
 * (SEED_INPUTS) is given.
 */
export async function buildTestApp(
  opts: { start?: string; seedDemo?: boolean; config?: Partial<Config>; template?: boolean } = {},
): Promise<TestApp> {
  const start = opts.start ?? DEFAULT_START;
  const seeded = opts.seedDemo ?? true;
  const fromTemplate =
    seeded &&
    opts.template !== false &&
    !Object.keys(opts.config ?? {}).some((k) => SEED_INPUTS.includes(k as keyof Config)) &&
    process.env.GONGKAI_TEST_SEED !== 'fresh';
  const { db, sequences } = fromTemplate
    ? await copySeedTemplate(start)
    : { db: await createTestDb(), sequences: [] };
  const clock = new ManualClock(start);
  const app = await buildApp({
    config: testConfig(db, { seedDemo: seeded, ...opts.config }),
    clock,
    logger: false,
  });
  await restoreSequences(app, sequences);
  await app.ready();
  return {
    app,
    ctx: app.ctx,
    clock,
    db,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/**
 * Starting on a template's copy runs ensureJobs again, whose upserts use up ids (both engines) though
 * they insert nothing: the sequences go back to where the seed left them.
 */
export async function restoreSequences(app: FastifyInstance, sequences: string[]): Promise<void> {
  for (const statement of sequences) await sql.raw(statement).execute(app.ctx.db);
}

/** A signed-in browser-like session: cookies kept, CSRF token fetched from a page. */
let sessionCounter = 0;

export class Session {
  cookies: Record<string, string> = {};
  /** Each session comes from its own address, as different people do (rate limits are per IP). */
  readonly remoteAddress = `127.0.${(++sessionCounter >> 8) & 255}.${sessionCounter & 255}`;
  constructor(readonly app: FastifyInstance) {}

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()))
        delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method: 'GET',
      url,
      cookies: this.cookies,
      headers,
      remoteAddress: this.remoteAddress,
    });
    this.keep(res);
    return res;
  }

  /**
   * The CSRF token rendered into a page's forms. An anonymous page without forms carries none (it is
   * cacheable, src/web/cache.ts): then the login form's token is used.
   */
  async csrf(url = '/login'): Promise<string> {
    const res = await this.get(url);
    const m =
      /name="csrf-token" content="([^"]+)"/.exec(res.body) ?? /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!m && url !== '/login') return this.csrf('/login');
    if (!m) throw new Error(`no CSRF token on ${url} (status ${res.statusCode})`);
    return m[1];
  }

  /** Submits a form as a browser would (urlencoded, with the CSRF token unless `csrf: false`). */
  async post(
    url: string,
    form: Record<string, string | string[]>,
    opts: { csrf?: boolean | string; from?: string } = {},
  ) {
    const params = new URLSearchParams();
    if (opts.csrf !== false)
      params.append('_csrf', typeof opts.csrf === 'string' ? opts.csrf : await this.csrf(opts.from ?? '/'));
    for (const [k, v] of Object.entries(form))
      for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    const res = await this.app.inject({
      method: 'POST',
      url,
      cookies: this.cookies,
      remoteAddress: this.remoteAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: params.toString(),
    });
    this.keep(res);
    return res;
  }

  /** JSON request with the session cookie and the CSRF header (as the back office's scripts would). */
  async json(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body: unknown) {
    const token = await this.csrf('/');
    const res = await this.app.inject({
      method,
      url,
      cookies: this.cookies,
      headers: { 'x-csrf-token': token },
      payload: body as object,
      remoteAddress: this.remoteAddress,
    });
    this.keep(res);
    return res;
  }

  async login(username: string, password = 'Gongkai@2022') {
    const res = await this.post('/login', { username, password, next: '/admin' }, { from: '/login' });
    if (res.statusCode !== 303)
      throw new Error(`login of ${username} failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return this;
  }
}

export async function loginAs(app: FastifyInstance, username: string): Promise<Session> {
  return new Session(app).login(username);
}

/** Bearer-token headers for a demo user (API integration style). */
export async function bearer(t: TestApp, username: string): Promise<Record<string, string>> {
  const { createApiToken } = await import('../src/modules/auth/service.ts');
  const { systemActor } = await import('../src/context.ts');
  const token = await createApiToken(t.ctx, systemActor('test'), username, 'test');
  return { authorization: `Bearer ${token}` };
}

/** What a `gongkai` command run by runCliOn printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Both, in the order printed. */
  text: string;
}

/**
 * Runs a `gongkai` command in this process on a test database and its data directory, with the
 * test apps' keys (TEST_ENV), as an operator on that server would; `env` adds or overrides
 * variables. The environment, the console and the exit code are put back afterwards.
 */
export async function runCliOn(
  db: Pick<TestDb, 'url' | 'schema' | 'dataDir'>,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const { runCli } = await import('../src/cli.ts');
  const saved = { ...process.env };
  Object.assign(
    process.env,
    TEST_ENV,
    { DATABASE_URL: db.url, DATA_DIR: db.dataDir },
    db.schema ? { DATABASE_SCHEMA: db.schema } : {},
    env,
  );
  const [log, error] = [console.log, console.error];
  const printed: { err: boolean; line: string }[] = [];
  console.log = (...a: unknown[]) => printed.push({ err: false, line: a.join(' ') });
  console.error = (...a: unknown[]) => printed.push({ err: true, line: a.join(' ') });
  try {
    process.exitCode = 0;
    const code = await runCli(args);
    const of = (err?: boolean) =>
      printed
        .filter((p) => err === undefined || p.err === err)
        .map((p) => p.line)
        .join('\n');
    return { code, stdout: of(false), stderr: of(true), text: of() };
  } finally {
    [console.log, console.error] = [log, error];
    process.exitCode = 0;
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}
