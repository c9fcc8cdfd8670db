/**
 * Test harness: a real database per test file — a fresh SQLite file, or, when TEST_DATABASE_URL
 * names PostgreSQL, a fresh schema in it (dropped afterwards) — and the real app over it, driven
 * with `app.inject()`. `.ci/run` runs the whole suite once per engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { createDatabase, isPostgresUrl, type Database } from '../src/db/index.ts';
import { ManualClock } from '../src/lib/time.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';
export const ENGINE = isPostgresUrl(TEST_DATABASE_URL) ? 'postgres' : 'sqlite';

export interface TestDb {
  url: string;
  schema?: string;
  dataDir: string;
  open(): Database;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file. */
export async function createTestDb(): Promise<TestDb> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-test-'));
  if (ENGINE === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    return {
      url: TEST_DATABASE_URL,
      schema,
      dataDir,
      open: () => createDatabase(TEST_DATABASE_URL, { schema }),
      async drop() {
        const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
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

export function testConfig(db: TestDb, overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ DATA_DIR: db.dataDir, SESSION_SECRET: 'test-secret-test-secret-test-secret-1234', LOG_LEVEL: 'silent' });
  return { ...base, databaseUrl: db.url, databaseSchema: db.schema, ...overrides };
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  db: TestDb;
  close(): Promise<void>;
}

/**
 * The app on a fresh database with the demo district seeded (orgs and one user per role), on a
 * manual clock starting at `start` (default 2022-03-01 10:00 Beijing time).
 */
export async function buildTestApp(opts: { start?: string; seedDemo?: boolean; config?: Partial<Config> } = {}): Promise<TestApp> {
  const db = await createTestDb();
  const clock = new ManualClock(opts.start ?? '2022-03-01T02:00:00Z');
  const app = await buildApp({ config: testConfig(db, { seedDemo: opts.seedDemo ?? true, ...opts.config }), clock, logger: false });
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

/** A signed-in browser-like session: cookies kept, CSRF token fetched from a page. */
let sessionCounter = 0;

export class Session {
  cookies: Record<string, string> = {};
  /** Each session comes from its own address, as different people do (rate limits are per IP). */
  readonly remoteAddress = `127.0.${(++sessionCounter >> 8) & 255}.${sessionCounter & 255}`;
  constructor(readonly app: FastifyInstance) {}

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({ method: 'GET', url, cookies: this.cookies, headers, remoteAddress: this.remoteAddress });
    this.keep(res);
    return res;
  }

  /** The CSRF token rendered into a page's forms. */
  async csrf(url = '/login'): Promise<string> {
    const res = await this.get(url);
    const m = /name="csrf-token" content="([^"]+)"/.exec(res.body) ?? /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!m) throw new Error(`no CSRF token on ${url} (status ${res.statusCode})`);
    return m[1];
  }

  /** Submits a form as a browser would (urlencoded, with the CSRF token unless `csrf: false`). */
  async post(url: string, form: Record<string, string | string[]>, opts: { csrf?: boolean | string; from?: string } = {}) {
    const params = new URLSearchParams();
    if (opts.csrf !== false) params.append('_csrf', typeof opts.csrf === 'string' ? opts.csrf : await this.csrf(opts.from ?? '/'));
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
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
    const res = await this.app.inject({ method, url, cookies: this.cookies, headers: { 'x-csrf-token': token }, payload: body as object, remoteAddress: this.remoteAddress });
    this.keep(res);
    return res;
  }

  async login(username: string, password = 'Gongkai@2022') {
    const res = await this.post('/login', { username, password, next: '/admin' }, { from: '/login' });
    if (res.statusCode !== 303) throw new Error(`login of ${username} failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
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
