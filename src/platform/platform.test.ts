/**
 * The platform (issue 27) on PostgreSQL: sites chosen by host name, and isolation between them.
 * Two sites, both with the demo district (the same usernames, passwords and ids on each — the
 * hardest case), site A marked by a name and an account of its own. For every route of the route
 * table, requests on host B — anonymous, with A's staff session cookie, with A's API token — never
 * show A's marks, and A's credentials count for nothing there: each answers exactly as it answers an
 * anonymous visitor. Writes on host B with A's credentials are refused and change nothing in A.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../context.ts';
import { createApiToken, createUser } from '../modules/auth/service.ts';
import { saveSiteInfo } from '../modules/portal/service.ts';
import { ManualClock } from '../lib/time.ts';
import type { Config } from '../config.ts';
import { ENGINE, Session } from '../../test/helpers.ts';
import { buildTestPlatform, type TestPlatform } from '../../test/platform-sites.ts';
import { hostOf, Platform } from './registry.ts';
import { DISABLED_SITE_PAGE, SiteDispatcher, UNKNOWN_HOST_PAGE } from './server.ts';
import { createSite } from './sites.ts';

const skipReason =
  ENGINE !== 'postgres'
    ? '集约化平台只在 PostgreSQL 上运行；SQLite 上跳过（设置 TEST_DATABASE_URL 为 PostgreSQL 运行）'
    : '';
const MARK = '甲标记区人民政府';

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One HTTP request to the platform's server with the given Host. */
export function hit(
  port: number,
  host: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('host names and site parsing', () => {
  it('reads the host name of a Host header, refusing malformed ones', () => {
    assert.equal(hostOf('A.Example.gov.cn:8080'), 'a.example.gov.cn', 'lower case, port dropped');
    assert.equal(hostOf('a.example.gov.cn.'), 'a.example.gov.cn', 'trailing dot dropped');
    assert.equal(hostOf('[::1]:3000'), '[::1]', 'IPv6 literal kept');
    assert.equal(hostOf('bad host'), '', 'a space is no host');
    assert.equal(hostOf(undefined), '', 'no header, no host');
    assert.equal(hostOf('a..b'), '', 'empty label');
  });
});

describe('platform: sites by host name, isolated (PostgreSQL)', () => {
  const clock = new ManualClock(new Date('2022-03-01T02:00:00Z'));
  let made: TestPlatform;
  let config: Config;
  let platform: Platform;
  let dispatcher: SiteDispatcher;
  let server: Server;
  let port = 0;
  const A = 'a.example.gov.cn';
  const B = 'b.example.gov.cn';

  before(async () => {
    if (skipReason) return;
    made = await buildTestPlatform({
      start: clock.now().toISOString(),
      sites: [
        { site: { code: 'city', name: '洪城市人民政府', hosts: ['city.example.gov.cn'] } },
        { site: { code: 'siteb', name: '乙区', hosts: [B], parentCode: 'city' }, demo: true },
        {
          site: { code: 'sitea', name: '甲区', hosts: [A, 'www.a.example.gov.cn'], parentCode: 'city' },
          demo: true,
        },
      ],
    });
    config = made.config;
    platform = await Platform.open(config.databaseUrl, config.platformSchema);
    dispatcher = new SiteDispatcher(platform, { config, logger: false, clock });
    server = createServer(dispatcher.handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    const a = await dispatcher.appFor(await platform.getSite('sitea'));
    await saveSiteInfo(a.app.ctx, systemActor('test'), { name: MARK });
  });

  after(async () => {
    if (skipReason) return;
    server?.close();
    await dispatcher?.close();
    await platform?.close();
    await made?.drop();
  });

  it('serves each site on its own host names, and a plain Chinese page naming no site on an unknown host', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const a = await hit(port, A, 'GET', '/');
    assert.equal(a.status, 200, 'site A home');
    assert.ok(a.body.includes(MARK), 'site A shows its own name');
    const alias = await hit(port, 'WWW.A.example.gov.cn:80', 'GET', '/');
    assert.ok(alias.body.includes(MARK), 'the second host name of A, in any case and with a port');
    const b = await hit(port, B, 'GET', '/');
    assert.equal(b.status, 200, 'site B home');
    assert.ok(!b.body.includes(MARK), 'site B does not show A’s name');
    for (const host of ['unknown.example.gov.cn', 'bad host', '']) {
      const u = await hit(port, host, 'GET', '/');
      assert.equal(u.status, 404, `unknown host “${host}”: 404`);
      assert.equal(u.body, UNKNOWN_HOST_PAGE, 'the plain page');
      assert.ok(
        u.body.includes('没有对应的网站') && !u.body.includes('甲') && !u.body.includes('乙'),
        'Chinese, naming no site',
      );
    }
    const json = await hit(port, 'nowhere.example', 'GET', '/api/v1/items');
    assert.equal(json.status, 404, 'an API path on an unknown host: 404 too');
  });

  it(
    'answers every route on host B with A’s session cookie or A’s API token exactly as to an anonymous visitor, never with A’s data',
    { timeout: 600_000 },
    async (t) => {
      if (skipReason) return t.skip(skipReason);
      const siteA = await dispatcher.appFor(await platform.getSite('sitea'));
      const siteB = await dispatcher.appFor(await platform.getSite('siteb'));
      await createUser(siteA.app.ctx, systemActor('test'), {
        username: 'onlyina',
        displayName: '甲区独有账号',
        orgId: 1,
        email: null,
        roles: ['editor'],
        password: 'Gongkai@2022-onlyA',
      });
      const session = await new Session(siteA.app).login('admin');
      const cookie = Object.entries(session.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; ');
      const token = `Bearer ${await createApiToken(siteA.app.ctx, systemActor('test'), 'admin', 'isolation')}`;
      // A's credentials work on A (the matrix below would prove nothing otherwise).
      assert.equal((await hit(port, A, 'GET', '/admin', { cookie })).status, 200, 'A’s cookie signs in on A');
      assert.equal(
        (await hit(port, A, 'GET', '/api/v1/users', { authorization: token })).status,
        200,
        'A’s token reads users on A',
      );

      // Every GET route of the route table, path parameters filled with 1.
      const gets = new Set<string>();
      const writes = new Set<string>();
      // printRoutes shows each segment under its parent; rebuild full paths from the indentation.
      const stack: string[] = [];
      for (const line of siteB.app.printRoutes({ commonPrefix: false }).split('\n')) {
        const m = /^([\s│]*)[└├]── (\S+)(?: \(([^)]*)\))?/.exec(line);
        if (!m) continue;
        const depth = m[1].length / 4;
        stack.length = depth;
        stack.push(m[2]);
        if (!m[3]) continue;
        const path = stack
          .join('')
          .replace(/:[A-Za-z_]+/g, '1')
          .replace(/\*$/, 'x');
        for (const method of m[3].split(', '))
          (method === 'GET'
            ? gets
            : method === 'HEAD' || method === 'OPTIONS'
              ? new Set<string>()
              : writes
          ).add(method === 'GET' ? path : `${method} ${path}`);
      }
      assert.ok(gets.size > 100, `the route table read: ${gets.size} GET routes, ${writes.size} writes`);
      const differences: string[] = [];
      const leaks: string[] = [];
      for (const path of gets) {
        if (path.startsWith('/static/') || path === '/api/docs/x') continue;
        const anon = await hit(port, B, 'GET', path);
        for (const [who, headers] of [
          ['cookie', { cookie }],
          ['token', { authorization: token }],
        ] as const) {
          const r = await hit(port, B, 'GET', path, headers);
          if (r.status !== anon.status)
            differences.push(`${path} ${who}: ${r.status} (anonymous ${anon.status})`);
          if (r.body.includes(MARK) || r.body.includes('onlyina') || r.body.includes('甲区独有账号'))
            leaks.push(`${path} ${who}`);
        }
        if (anon.body.includes(MARK) || anon.body.includes('onlyina')) leaks.push(`${path} anonymous`);
      }
      assert.deepEqual(leaks, [], 'no response on host B carries A’s data');
      assert.deepEqual(differences, [], 'A’s credentials count for nothing on host B');

      // Writes with A's credentials on host B: refused (never 2xx), nothing written in A or B.
      const count = async (app: typeof siteA.app) =>
        Number(
          (
            await app.ctx.db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const beforeA = await count(siteA.app);
      const beforeB = await count(siteB.app);
      const csrf = await session.csrf('/admin');
      const accepted: string[] = [];
      for (const w of writes) {
        const [method, path] = w.split(' ');
        if (!path.startsWith('/admin') && !path.startsWith('/api/v1')) continue; // public forms accept anyone, as B's own
        for (const headers of [
          { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
          { authorization: token, 'content-type': 'application/json' },
        ] as Record<string, string>[]) {
          const r = await hit(port, B, method, path, headers, '{}');
          if (r.status < 300) accepted.push(`${w}: ${r.status}`);
        }
      }
      assert.deepEqual(accepted, [], 'no write with A’s credentials is accepted on host B');
      assert.equal(await count(siteA.app), beforeA, 'nothing written in A');
      // (B may record failed sign-in attempts; no change of its data by A's credentials.)
      assert.ok((await count(siteB.app)) >= beforeB, 'B’s audit log intact');
    },
  );

  it('refuses A’s administrator creating users or reading the audit log on host B, in Chinese', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const siteA = await dispatcher.appFor(await platform.getSite('sitea'));
    const admin = `Bearer ${await createApiToken(siteA.app.ctx, systemActor('test'), 'admin', 'cross')}`;
    const auditor = `Bearer ${await createApiToken(siteA.app.ctx, systemActor('test'), 'auditor', 'cross')}`;
    const body = JSON.stringify({
      username: 'intruder',
      displayName: '越权账号',
      orgId: 1,
      roles: ['editor'],
      password: 'Gongkai@2022-x!',
    });
    const create = await hit(
      port,
      B,
      'POST',
      '/api/v1/users',
      { authorization: admin, 'content-type': 'application/json' },
      body,
    );
    assert.ok(
      [401, 403].includes(create.status),
      `user creation on B with A’s admin token refused: ${create.status}`,
    );
    assert.match(JSON.parse(create.body).error.message, /[\u4e00-\u9fff]/, 'a Chinese message');
    const audit = await hit(port, B, 'GET', '/api/v1/audit', { authorization: auditor });
    assert.ok(
      [401, 403].includes(audit.status),
      `B’s audit log with A’s auditor token refused: ${audit.status}`,
    );
    assert.match(JSON.parse(audit.body).error.message, /[\u4e00-\u9fff]/, 'a Chinese message');
    const siteB = await dispatcher.appFor(await platform.getSite('siteb'));
    const users = await siteB.app.ctx.db
      .selectFrom('users')
      .select('username')
      .where('username', '=', 'intruder')
      .execute();
    assert.equal(users.length, 0, 'no user created on B');
  });

  it('shows a plain Chinese page on a disabled site and keeps its data; enabling it serves it again', async (t) => {
    if (skipReason) return t.skip(skipReason);
    await platform.setState('siteb', 'disabled', clock.now());
    dispatcher['readAt'] = 0; // the registry is read again (across nodes: within REGISTRY_TTL_MS)
    const off = await hit(port, B, 'GET', '/');
    assert.equal(off.status, 403, 'disabled: 403');
    assert.equal(off.body, DISABLED_SITE_PAGE, 'the plain page');
    assert.ok(off.body.includes('已暂停服务') && !off.body.includes('乙'), 'Chinese, naming no site');
    const siteB = await dispatcher.appFor(await platform.getSite('siteb'));
    const { n } = await siteB.app.ctx.db
      .selectFrom('content_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.ok(Number(n) > 10, 'its items are kept');
    await platform.setState('siteb', 'enabled', clock.now());
    dispatcher['readAt'] = 0;
    assert.equal((await hit(port, B, 'GET', '/')).status, 200, 'enabled again: served');
  });

  it('refuses a bad site code, a taken host name and an unknown parent, in Chinese, writing nothing', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const before = (await platform.listSites()).length;
    await assert.rejects(
      createSite(platform, config, { code: 'A-1', name: 'x', hosts: ['x.example'] }, { clock }),
      /站点代码/,
      'bad code',
    );
    await assert.rejects(
      createSite(platform, config, { code: 'dup', name: 'x', hosts: [A] }, { clock }),
      /域名已属于其他站点/,
      'host taken',
    );
    await assert.rejects(
      createSite(
        platform,
        config,
        { code: 'orphan', name: 'x', hosts: ['o.example'], parentCode: 'nope' },
        { clock },
      ),
      /上级站点/,
      'unknown parent',
    );
    await assert.rejects(
      createSite(platform, config, { code: 'badhost', name: 'x', hosts: ['bad host'] }, { clock }),
      /域名无效/,
      'bad host',
    );
    await assert.rejects(
      createSite(platform, config, { code: 'sitea', name: 'x', hosts: ['n.example'] }, { clock }),
      /已被使用/,
      'code taken',
    );
    assert.equal((await platform.listSites()).length, before, 'no site registered');
    assert.deepEqual(
      (await platform.sitesBelow('city')).map((s) => s.code),
      ['sitea', 'siteb'],
      'the city’s districts',
    );
  });
});
