/**
 * The city above its districts (issue 27), on PostgreSQL: a city site created without the demo and
 * set up through its own host name (the one-time setup link), two district sites below it with the
 * demo district's data (FOI applications, a work plan, normative documents) and one more FOI
 * application in the first. The city's roll-up (API, back-office page, CLI function) lists each site
 * with the figures that site's own annual-report API gives, and the city total is their sum. On
 * SQLite (one site) the page and the API say that roll-ups need the platform.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Config } from '../config.ts';
import { systemActor } from '../context.ts';
import { ManualClock } from '../lib/time.ts';
import { createApiToken, createUser } from '../modules/auth/service.ts';
import { registerApplication } from '../modules/foi/service.ts';
import { residentIdCheckChar } from '../lib/identifiers.ts';
import { ownGovernment } from '../modules/org/model.ts';
import { MODULES } from '../modules/index.ts';
import { listPublicOrgs } from '../modules/org/service.ts';
import { bearer, buildTestApp, ENGINE, loginAs, type TestApp } from '../../test/helpers.ts';
import { cookieHeader, keepCookies } from '../../test/cookies.ts';
import { buildTestPlatform, type TestPlatform } from '../../test/platform-sites.ts';
import { COUNTY_ROWS, COUNTY_SITE, orgXlsx } from '../../test/golive-fixtures.ts';
import { linkAccount, unlinkAccount } from './links.ts';
import { Platform } from './registry.ts';
import { cityRollup, SiteContexts, type CityRollup } from './rollup.ts';
import { NOT_A_PLATFORM } from './routes/index.ts';
import { SiteDispatcher } from './server.ts';

const skipReason =
  ENGINE !== 'postgres'
    ? '集约化平台只在 PostgreSQL 上运行；SQLite 上跳过（设置 TEST_DATABASE_URL 为 PostgreSQL 运行）'
    : '';
const YEAR = 2022;

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One request to the platform's server with the given Host; `jar` keeps cookies between calls. */
function hit(
  port: number,
  host: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: Buffer | string; jar?: Map<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { host, ...opts.headers };
  if (opts.jar?.size) headers.cookie = cookieHeader(opts.jar);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (opts.jar) keepCookies(opts.jar, res.headers['set-cookie'] ?? []);
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A multipart/form-data body as a browser sends the setup form. */
function multipart(fields: Record<string, string>, file: { field: string; name: string; data: Buffer }) {
  const boundary = '----gongkaiCityBoundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

describe('the city above its districts (PostgreSQL platform)', () => {
  const clock = new ManualClock(new Date('2022-06-01T02:00:00Z'));
  const CITY = 'city.example.gov.cn';
  const A = 'a.example.gov.cn';
  const B = 'b.example.gov.cn';
  let made: TestPlatform;
  let config: Config;
  let platform: Platform;
  let dispatcher: SiteDispatcher;
  let server: Server;
  let port = 0;
  let setupLink = '';

  before(async () => {
    if (skipReason) return;
    made = await buildTestPlatform({
      start: clock.now().toISOString(),
      sites: [
        { site: { code: 'city', name: '江州市人民政府', hosts: [CITY] } },
        { site: { code: 'sitea', name: '甲区', hosts: [A], parentCode: 'city' }, demo: true },
        { site: { code: 'siteb', name: '乙区', hosts: [B], parentCode: 'city' }, demo: true },
      ],
    });
    config = made.config;
    platform = await Platform.open(config.databaseUrl, config.platformSchema);
    setupLink = made.setupLinks.city!;
    dispatcher = new SiteDispatcher(platform, { config, logger: false, clock });
    server = createServer(dispatcher.handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });

  after(async () => {
    if (skipReason) return;
    server?.close();
    await dispatcher?.close();
    await platform?.close();
    await made?.drop();
  });

  it('sets a new site up through its own host name with its one-time link', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const url = new URL(setupLink);
    assert.equal(url.hostname, CITY, 'the setup link names the site’s own host');
    const jar = new Map<string, string>();
    const form = await hit(port, CITY, 'GET', url.pathname + url.search, { jar });
    assert.equal(form.status, 200, 'the setup form on the city’s host');
    const csrf = /_csrf=([^"&]+)/.exec(form.body)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
    assert.ok(csrf, 'the form carries a CSRF token');
    const fields: Record<string, string> = {
      ...COUNTY_SITE,
      name: '江州市人民政府',
      sponsor: '江州市人民政府办公室',
    };
    for (const role of ['sysadmin', 'security_admin', 'audit_admin']) {
      fields[`${role}.username`] = `jz${role.replace('_', '')}`;
      fields[`${role}.displayName`] = `江州 ${role}`;
      fields[`${role}.password`] = 'Jiangzhou#2026x';
    }
    const mp = multipart(fields, {
      field: 'orgFile',
      name: '机关表.xlsx',
      data: await orgXlsx(COUNTY_ROWS),
    });
    const done = await hit(
      port,
      CITY,
      'POST',
      `${url.pathname}${url.search}&_csrf=${encodeURIComponent(csrf)}`,
      {
        jar,
        headers: { 'content-type': mp.type },
        body: mp.body,
      },
    );
    assert.equal(done.status, 200, `setup completed: ${done.body.slice(0, 300)}`);
    assert.match(done.body, /初始设置已完成/);
    const home = await hit(port, CITY, 'GET', '/');
    assert.equal(home.status, 200);
    assert.ok(home.body.includes('江州市人民政府'), 'the city’s home page carries its name');
    assert.ok(!home.body.includes('红谷滩'), 'and nothing of the districts’ demo');
    const again = await hit(port, CITY, 'GET', url.pathname + url.search);
    assert.ok(again.status >= 400 || /已完成|已使用|失效/.test(again.body), 'the link works once');
  });

  it(
    'rolls the districts’ FOI, interpretation, inspection, ledger and report figures up to the city',
    { timeout: 600_000 },
    async (t) => {
      if (skipReason) return t.skip(skipReason);
      const city = await dispatcher.appFor(await platform.getSite('city'));
      const siteA = await dispatcher.appFor(await platform.getSite('sitea'));
      const siteB = await dispatcher.appFor(await platform.getSite('siteb'));
      const sys = systemActor('test');
      // One more application in district A, so the two districts differ.
      const govA = ownGovernment(await listPublicOrgs(siteA.app.ctx.db))!;
      const first17 = '36010219800101123';
      await registerApplication(siteA.app.ctx, sys, {
        applicantType: 'natural',
        applicantName: '汇总测试申请人',
        idNumber: first17 + residentIdCheckChar(first17),
        phone: '13800000000',
        address: '江州市',
        email: '',
        description: '汇总测试申请',
        docNumber: '',
        docTitle: '',
        preferredForm: 'electronic',
        delivery: 'pickup',
        orgId: govA.id,
        channel: 'in_person',
        receivedOn: '2022-05-20',
      });
      const cityOrg = ownGovernment(await listPublicOrgs(city.app.ctx.db))!;
      await createUser(city.app.ctx, sys, {
        username: 'jzgkb',
        displayName: '江州市公开办',
        orgId: cityOrg.id,
        email: null,
        roles: ['openness_admin'],
        password: 'Jiangzhou#2026x',
      });
      await createUser(city.app.ctx, sys, {
        username: 'jzeditor',
        displayName: '江州市信息员',
        orgId: cityOrg.id,
        email: null,
        roles: ['editor'],
        password: 'Jiangzhou#2026x',
      });
      const token = `Bearer ${await createApiToken(city.app.ctx, sys, 'jzgkb', 'rollup')}`;

      const res = await hit(port, CITY, 'GET', `/api/v1/city/rollup?year=${YEAR}`, {
        headers: { authorization: token },
      });
      assert.equal(res.status, 200, res.body.slice(0, 300));
      const r = JSON.parse(res.body) as CityRollup;
      assert.deepEqual(
        r.sites.map((s) => s.code),
        ['city', 'sitea', 'siteb'],
        'the city first, then its districts',
      );

      // Each district's figures are what that site's own annual report (its own host, its own token) says.
      for (const [code, host, app] of [
        ['sitea', A, siteA.app],
        ['siteb', B, siteB.app],
      ] as const) {
        const gov = ownGovernment(await listPublicOrgs(app.ctx.db))!;
        const own = `Bearer ${await createApiToken(app.ctx, sys, 'gkb', 'own')}`;
        const rep = await hit(
          port,
          host,
          'GET',
          `/api/v1/reports/annual?org=${gov.id}&year=${YEAR}&scope=rollup`,
          {
            headers: { authorization: own },
          },
        );
        assert.equal(rep.status, 200, `${code}: its own annual report`);
        const report = JSON.parse(rep.body) as {
          table3: Record<string, Record<string, number>>;
          table4: unknown;
        };
        const f = r.sites.find((s) => s.code === code)!;
        assert.deepEqual(f.report.table3, report.table3, `${code}: table 三 as its own report`);
        assert.deepEqual(f.report.table4, report.table4, `${code}: table 四 as its own report`);
        assert.equal(f.foi.received, report.table3.received.total, `${code}: received`);
        const rate = await hit(
          port,
          host,
          'GET',
          `/api/v1/normative-documents/interpretation-rate?year=${YEAR}`,
          {
            headers: { authorization: own },
          },
        );
        assert.equal(rate.status, 200, `${code}: its own interpretation rate`);
        {
          const d = (JSON.parse(rate.body) as { district: { total: number; interpreted: number } }).district;
          assert.equal(f.interpretation.total, d.total, `${code}: documents needing interpretation`);
          assert.equal(f.interpretation.interpreted, d.interpreted, `${code}: interpreted`);
        }
        assert.ok(f.ledger.total > 0, `${code}: the demo work plan’s tasks are counted`);
      }
      const [c, a, b] = r.sites;
      assert.ok(b.foi.received > 0, 'the demo district received applications that year');
      assert.equal(a.foi.received, b.foi.received + 1, 'district A has the one extra application');
      assert.equal(c.foi.received, 0, 'the city site itself has none yet');

      // The city total is the sum of the sites, cell by cell.
      assert.equal(r.total.foi.received, c.foi.received + a.foi.received + b.foi.received, 'received');
      assert.equal(r.total.foi.overdue, c.foi.overdue + a.foi.overdue + b.foi.overdue, 'overdue');
      const t3 = (f: { report: { table3: unknown } }) =>
        f.report.table3 as Record<string, Record<string, number>>;
      for (const row of Object.keys(t3(a)))
        for (const col of Object.keys(t3(a)[row]))
          assert.equal(
            t3(r.total)[row][col],
            t3(c)[row][col] + t3(a)[row][col] + t3(b)[row][col],
            `table 三 ${row}/${col}`,
          );
      assert.equal(r.total.ledger.total, c.ledger.total + a.ledger.total + b.ledger.total, 'ledger tasks');
      assert.equal(
        r.total.ledger.overdue,
        c.ledger.overdue + a.ledger.overdue + b.ledger.overdue,
        'ledger overdue',
      );
      assert.equal(
        r.total.interpretation.interpreted,
        c.interpretation.interpreted + a.interpretation.interpreted + b.interpretation.interpreted,
        'interpreted',
      );
      assert.equal(
        r.total.report.table2.normativeDocuments.issued,
        c.report.table2.normativeDocuments.issued +
          a.report.table2.normativeDocuments.issued +
          b.report.table2.normativeDocuments.issued,
        'table 二 normative documents issued',
      );
      assert.equal(
        r.total.inspection.sitesInspected,
        r.sites.filter((s) => s.inspection).length,
        'inspected sites counted',
      );

      // The same through the CLI's function (its own contexts, as `gongkai site rollup` opens them).
      const contexts = new SiteContexts(platform, config, clock, MODULES);
      try {
        assert.deepEqual(await cityRollup(contexts, 'city', YEAR), r, 'the CLI gives the same roll-up');
      } finally {
        await contexts.close();
      }

      // The page, for the openness office.
      const jar = new Map<string, string>();
      const login = await hit(port, CITY, 'GET', '/login', { jar });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)![1];
      const signed = await hit(port, CITY, 'POST', '/login', {
        jar,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          _csrf: csrf,
          username: 'jzgkb',
          password: 'Jiangzhou#2026x',
          next: '/admin',
        }).toString(),
      });
      assert.equal(signed.status, 303, 'the city’s openness office signs in');
      const page = await hit(port, CITY, 'GET', `/admin/city?year=${YEAR}`, { jar });
      assert.equal(page.status, 200);
      for (const s of ['甲区', '乙区', '合计', String(r.total.foi.received)])
        assert.ok(page.body.includes(s), `the page shows ${s}`);

      // Refusals, in Chinese: another site's token, a role without the roll-up, a bad year.
      const districtToken = `Bearer ${await createApiToken(siteA.app.ctx, sys, 'gkb', 'cross')}`;
      const cross = await hit(port, CITY, 'GET', `/api/v1/city/rollup?year=${YEAR}`, {
        headers: { authorization: districtToken },
      });
      assert.equal(cross.status, 401, 'a district’s token counts for nothing on the city’s host');
      const editor = `Bearer ${await createApiToken(city.app.ctx, sys, 'jzeditor', 'x')}`;
      const denied = await hit(port, CITY, 'GET', `/api/v1/city/rollup?year=${YEAR}`, {
        headers: { authorization: editor },
      });
      assert.equal(denied.status, 403, 'an editor may not see the city’s roll-up');
      assert.match(JSON.parse(denied.body).error.message, /[\u4e00-\u9fff]/);
      const bad = await hit(port, CITY, 'GET', '/api/v1/city/rollup?year=abc', {
        headers: { authorization: token },
      });
      assert.equal(bad.status, 400, 'a bad year');
      assert.match(JSON.parse(bad.body).error.message, /[\u4e00-\u9fff]/);
      const own = await hit(port, A, 'GET', `/api/v1/city/rollup?year=${YEAR}`, {
        headers: { authorization: districtToken },
      });
      assert.equal(own.status, 200, 'a district’s roll-up is its own figures only');
      assert.deepEqual(
        (JSON.parse(own.body) as CityRollup).sites.map((s) => s.code),
        ['sitea'],
      );
    },
  );

  it('switches one person from their account on one site to their account on another with a single-use token', async (t) => {
    if (skipReason) return t.skip(skipReason);
    await linkAccount(platform, { person: 'p-0001', code: 'sitea', username: 'gkb' });
    await linkAccount(platform, { person: 'p-0001', code: 'siteb', username: 'leader' });
    await assert.rejects(
      linkAccount(platform, { person: 'p-0002', code: 'siteb', username: 'leader' }),
      /已关联到其他人员/,
      'an account belongs to one person',
    );
    const signIn = async (host: string, username: string, password = 'Gongkai@2022') => {
      const jar = new Map<string, string>();
      const login = await hit(port, host, 'GET', '/login', { jar });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)![1];
      const r = await hit(port, host, 'POST', '/login', {
        jar,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, username, password, next: '/admin' }).toString(),
      });
      assert.equal(r.status, 303, `${username} signs in on ${host}`);
      return jar;
    };
    const form = (jar: Map<string, string>, host: string, path: string, fields: Record<string, string>) =>
      hit(port, host, 'POST', path, {
        jar,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';

    const onA = await signIn(A, 'gkb');
    const mine = await hit(port, A, 'GET', '/admin/sites', { jar: onA });
    assert.equal(mine.status, 200);
    assert.ok(
      mine.body.includes('乙区') && mine.body.includes('leader'),
      '我的站点 lists the other site and the account there',
    );
    const sw = await form(onA, A, '/admin/sites/switch', { _csrf: csrfOf(mine.body), code: 'siteb' });
    assert.equal(sw.status, 303, 'the switch sends the browser on');
    const to = new URL(String(sw.headers.location));
    assert.equal(to.hostname, B, 'to the other site’s own host');
    assert.equal(to.pathname, '/auth/handoff');
    const path = to.pathname + to.search;

    // On B: a confirm page, then a session for B's account of the same person.
    const onB = new Map<string, string>();
    const confirm = await hit(port, B, 'GET', path, { jar: onB });
    assert.equal(confirm.status, 200);
    assert.ok(
      confirm.body.includes('甲区') && confirm.body.includes('leader'),
      'it names the site it comes from and the account',
    );
    const again = await hit(port, B, 'GET', path, { jar: onB });
    assert.equal(again.status, 200, 'looking does not use the token');
    const token = to.searchParams.get('token')!;
    const taken = await form(onB, B, '/auth/handoff', { _csrf: csrfOf(confirm.body), token });
    assert.equal(taken.status, 303, 'signed in on B');
    assert.equal(taken.headers.location, '/admin');
    const admin = await hit(port, B, 'GET', '/admin', { jar: onB });
    assert.equal(admin.status, 200, 'B’s back office opens');
    assert.ok(
      admin.body.includes('分管领导（演示）'),
      'as B’s account of that person (leader), not A’s username',
    );

    // Single use: the same token again is refused, on the page and on the form.
    const stale = new Map<string, string>();
    const reused = await hit(port, B, 'GET', path, { jar: stale });
    assert.equal(reused.status, 400, 'a used token: refused');
    assert.ok(reused.body.includes('已使用或已过期'), 'in Chinese');
    const login = await hit(port, B, 'GET', '/login', { jar: stale });
    const replay = await form(stale, B, '/auth/handoff', { _csrf: csrfOf(login.body), token });
    assert.equal(replay.status, 401, 'posting a used token again: refused');
    assert.equal(
      (await hit(port, B, 'GET', '/admin', { jar: stale })).status >= 300,
      true,
      'no session from it',
    );

    // Bound to its site, short-lived, and not guessable.
    const fresh = async () => {
      const page = await hit(port, A, 'GET', '/admin/sites', { jar: onA });
      const r = await form(onA, A, '/admin/sites/switch', { _csrf: csrfOf(page.body), code: 'siteb' });
      return new URL(String(r.headers.location)).searchParams.get('token')!;
    };
    const forB = await fresh();
    const elsewhere = await hit(port, A, 'GET', `/auth/handoff?token=${forB}`);
    assert.equal(elsewhere.status, 400, 'a token for B is nothing on A');
    clock.advance(121_000);
    assert.equal(
      (await hit(port, B, 'GET', `/auth/handoff?token=${forB}`)).status,
      400,
      'expired after two minutes',
    );
    assert.equal(
      (await hit(port, B, 'GET', `/auth/handoff?token=${forB.slice(0, -2)}xx`)).status,
      400,
      'a changed token',
    );

    // A person without a link on the target site cannot switch there.
    const editor = await signIn(A, 'editor');
    const none = await hit(port, A, 'GET', '/admin/sites', { jar: editor });
    assert.ok(none.body.includes('没有关联的账号'), 'no linked sites listed');
    const refused = await form(editor, A, '/admin/sites/switch', { _csrf: csrfOf(none.body), code: 'siteb' });
    assert.equal(refused.status, 403, 'switching without a link: refused');
    assert.equal(await unlinkAccount(platform, 'siteb', 'leader'), true, 'unlinked');
    const page = await hit(port, A, 'GET', '/admin/sites', { jar: onA });
    assert.ok(!page.body.includes('乙区'), 'the other site is gone from 我的站点 once unlinked');
  });
});

describe('the city roll-up outside a platform', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('says on the page and in the API that roll-ups need the platform', async () => {
    const s = await loginAs(t.app, 'gkb');
    const page = await s.get('/admin/city');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('集约化平台'), 'the page says roll-ups need the platform');
    const api = await t.app.inject({
      method: 'GET',
      url: '/api/v1/city/rollup?year=2022',
      headers: await bearer(t, 'gkb'),
    });
    assert.equal(api.statusCode, 409);
    assert.equal(JSON.parse(api.body).error.message, NOT_A_PLATFORM);
    const editor = await loginAs(t.app, 'editor');
    assert.equal((await editor.get('/admin/city')).statusCode, 403, 'not for a department’s editor');
  });

  it('answers odd input to the platform’s pages with a Chinese 4xx, never a 500', async () => {
    const s = await loginAs(t.app, 'gkb');
    const odd = await s.get('/admin/city?year=abc&year=2022&x=1');
    assert.equal(odd.statusCode, 200, 'an odd year falls back to the reporting year');
    const mine = await s.get('/admin/sites');
    assert.equal(mine.statusCode, 200);
    assert.ok(mine.body.includes('本部署只有一个站点'), '我的站点 says there is one site');
    const refusals = [
      await s.post('/admin/sites/switch', { code: ['a', 'b'] }),
      await s.post('/auth/handoff', { token: 'x' }),
      await s.get('/auth/handoff?token=a&token=b'),
    ];
    for (const r of refusals) {
      assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${r.statusCode}`);
      assert.match(r.body, /[\u4e00-\u9fff]/, 'in Chinese');
    }
    const admin = await loginAs(t.app, 'admin');
    for (const body of [{}, { data: 5 }, { data: '***' }, [1]]) {
      const r = await admin.json('POST', '/admin/platform/file-check', body);
      assert.equal(r.statusCode, 400, JSON.stringify(body));
      assert.match(r.body, /[\u4e00-\u9fff]/, 'in Chinese');
    }
    const bad = await admin.get('/admin/platform/file-check/not-a-hash');
    assert.equal(bad.statusCode, 400);
    const missing = await admin.get(`/admin/platform/file-check/${'0'.repeat(64)}`);
    assert.equal(missing.statusCode, 404);
    const stored = await admin.json('POST', '/admin/platform/file-check', {
      data: Buffer.from('你好').toString('base64'),
    });
    assert.equal(stored.statusCode, 200);
    const { hash } = JSON.parse(stored.body) as { hash: string };
    const back = await admin.get(`/admin/platform/file-check/${hash}`);
    assert.equal(back.rawPayload.toString(), '你好', 'the probe reads back what it stored');
  });
});
