/**
 * The second hardening round (issue 16), each a class across the app: redirect targets, caching of
 * personal data, errors the router raises, bodies the parsers refuse, CSRF bound to the session, the
 * lockout answer, cookie flags, common passwords, and what a password change ends.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, loginAs, Session, type TestApp } from './helpers.ts';
import { isSitePath, safeBack } from '../src/lib/paths.ts';
import { allRoutes, nextAddress } from './hostile.ts';
import { DEMO_PASSWORD } from '../src/seed/district.ts';
import fc from 'fast-check';

/** No English framework text and no echo of what was sent, in an error body. */
function assertChineseError(res: { statusCode: number; body: string }, what: string, sent?: string) {
  assert.ok(
    res.statusCode >= 400 && res.statusCode < 500,
    `${what}: status ${res.statusCode} ${res.body.slice(0, 200)}`,
  );
  assert.match(res.body, /[\u4e00-\u9fff]/, `${what}: a Chinese message`);
  assert.doesNotMatch(
    res.body,
    /Bad Request|Not Found|Unsupported Media|Payload Too Large|Boundary|Unexpected end|is not a valid|Method Not Allowed|"statusCode"/i,
    `${what}: no English framework body`,
  );
  if (sent) assert.ok(!res.body.includes(sent), `${what}: does not echo ${sent}`);
}

describe('redirect targets: one check, after decoding', () => {
  const HOSTILE = [
    '/%09/evil.example',
    '/%0d/evil.example',
    '/%0a/evil.example',
    '/\t/evil.example',
    '/\\evil.example',
    '/%5Cevil.example',
    '//evil.example',
    '/%2F/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/\r\n/evil.example',
    '%2F%2Fevil.example',
    '/%E0%A4%A',
    ' /admin',
    '',
  ];

  it('refuses every form of another host, and keeps paths on this site', () => {
    for (const target of HOSTILE) assert.equal(safeBack(target, '/admin'), '/admin', JSON.stringify(target));
    for (const target of [
      '/admin',
      '/admin/foi/3?tab=letters',
      '/search?q=%E6%94%BF%E5%8A%A1',
      '/items/1#top',
    ])
      assert.equal(safeBack(target, '/'), target);
  });

  it('whatever it accepts, a browser resolves to this site (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.string().map((s) => '/' + s),
          fc.constantFrom(...HOSTILE).map((h) => h + '/x'),
        ),
        (target) => {
          if (!isSitePath(target)) return;
          // What a browser does with a Location: strip tab/CR/LF, read backslashes as slashes, resolve.
          const asBrowser = target.replace(/[\t\r\n]/g, '').replace(/\\/g, '/');
          assert.equal(new URL(asBrowser, 'https://site.example').host, 'site.example', target);
          assert.equal(
            new URL(decodeURIComponent(target).replace(/[\t\r\n]/g, ''), 'https://site.example').host,
            'site.example',
            target,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the app: redirects, caching, errors, bodies, CSRF, lockout, cookies, passwords, sessions', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t?.close());

  it('sends no redirect off the site from next= or back= (login, signed in, elder mode, reauth)', async () => {
    const s = await loginAs(t.app, 'gkb');
    for (const bad of ['/%09/evil.example', '/%5C/evil.example', '/%0d%0a/evil.example', '//evil.example']) {
      const raw = bad; // already encoded as a browser would send it
      const responses = [
        await t.app.inject({ method: 'GET', url: `/elder?on=1&back=${raw}` }),
        await s.get(`/login?next=${raw}`),
        await new Session(t.app).post(
          '/login',
          { username: 'gkb', password: DEMO_PASSWORD, next: decodeURIComponent(raw) },
          { from: '/login' },
        ),
      ];
      for (const res of responses) {
        const location = String(res.headers.location ?? '');
        assert.ok(res.statusCode === 303 || res.statusCode === 302, `${raw}: ${res.statusCode}`);
        assert.ok(isSitePath(location), `${raw} → ${JSON.stringify(location)}`);
        assert.ok(!/evil/.test(location), `${raw} → ${location}`);
      }
      const reauth = await s.get(`/admin/reauth?next=${raw}`);
      assert.ok(!reauth.body.includes('evil.example'), 'the re-authentication form carries no foreign next');
    }
  });

  it('marks every back-office page and authenticated API answer no-store, and leaves public pages cacheable', async () => {
    const s = await loginAs(t.app, 'gkb');
    const headers = await bearer(t, 'gkb');
    const routes = allRoutes(t.app).filter((r) => r.method === 'GET' && !/[:*]/.test(r.path));
    const admin = routes.filter((r) => r.path.startsWith('/admin'));
    const api = routes.filter((r) => r.path.startsWith('/api/v1/') && !r.path.includes('export'));
    assert.ok(admin.length > 30 && api.length > 20, 'admin.length > 30 && api.length > 20');
    for (const r of admin) {
      const res = await s.get(r.path);
      assert.match(String(res.headers['cache-control']), /no-store/, `${r.path} (${res.statusCode})`);
    }
    for (const r of api) {
      const res = await t.app.inject({ method: 'GET', url: r.path, headers });
      assert.match(String(res.headers['cache-control']), /no-store/, `${r.path} (${res.statusCode})`);
    }
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    assert.equal(me.statusCode, 200);
    assert.match(String(me.headers['cache-control']), /no-store/);
    // A signed-in person on a public page: not stored either (it shows their name).
    assert.match(String((await s.get('/')).headers['cache-control']), /no-store/);
    const anonymous = await t.app.inject({ method: 'GET', url: '/' });
    assert.doesNotMatch(String(anonymous.headers['cache-control']), /no-store/);
    assert.ok(anonymous.headers.etag, 'anonymous.headers.etag');
  });

  it('answers router-level errors in Chinese without echoing the URL: bad percent-encoding, 404, unsupported type, too large', async () => {
    const headers = await bearer(t, 'gkb');
    for (const url of ['/items/%E0%A4%A', '/api/v1/orgs/%E0%A4%A', '/admin/%ZZ', '/%c0']) {
      const res = await t.app.inject({ method: 'GET', url, headers });
      assertChineseError(res, url, url.slice(1));
      if (url.startsWith('/api/')) assert.match(String(res.headers['content-type']), /json/);
    }
    const notFound = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing-gkecho' });
    assertChineseError(notFound, '404', 'gkecho');
    const wrongMethod = await t.app.inject({ method: 'PATCH', url: '/api/v1/orgs', headers, payload: {} });
    assertChineseError(wrongMethod, 'PATCH on a GET/POST route', '/api/v1/orgs');
    const media = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { ...headers, 'content-type': 'application/x-gkecho' },
      payload: 'x',
    });
    assert.equal(media.statusCode, 415);
    assertChineseError(media, 'unsupported media type', 'gkecho');
    const large = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: `{"name":"${'x'.repeat(3 * 1024 * 1024)}"}`,
    });
    assert.equal(large.statusCode, 413);
    assertChineseError(large, 'body too large');
    const badType = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { ...headers, 'content-type': 'application/json; charset=gkecho-9' },
      payload: '{}',
    });
    assertChineseError(badType, 'bad charset', 'gkecho');
  });

  it('refuses JSON nested thousands deep with a Chinese 400, on every JSON route', async () => {
    const headers = { ...(await bearer(t, 'gkb')), 'content-type': 'application/json' };
    const deep = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
    const deepArray = '['.repeat(50_000) + ']'.repeat(50_000);
    const routes = allRoutes(t.app).filter((r) => r.method !== 'GET' && r.path.startsWith('/api/'));
    assert.ok(routes.length > 40, 'routes.length > 40');
    for (const [i, r] of routes.entries()) {
      const res = await t.app.inject({
        method: r.method as 'POST',
        url: r.path.replace(/:\w+/g, '1'),
        headers,
        payload: i % 2 ? deep : deepArray,
        remoteAddress: nextAddress(),
      });
      assertChineseError(res, `${r.method} ${r.path}`);
    }
    const page = await t.app.inject({
      method: 'POST',
      url: '/ysqgk/apply',
      headers: { 'content-type': 'application/json' },
      payload: deep,
      remoteAddress: nextAddress(),
    });
    assertChineseError(page, 'a page route');
  });

  it('refuses a malformed multipart body (no boundary, cut short, bad header) with a Chinese 4xx, on every route that takes a body', async () => {
    const headers = await bearer(t, 'gkb');
    const boundary = 'gkboundary';
    const bodies: { type: string; payload: string }[] = [
      { type: 'multipart/form-data', payload: 'no boundary at all' },
      {
        type: `multipart/form-data; boundary=${boundary}`,
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 cut`,
      },
      {
        type: `multipart/form-data; boundary=${boundary}`,
        payload: `--${boundary}\r\nthis is not a header\r\n\r\nx\r\n--${boundary}--`,
      },
      {
        type: `multipart/form-data; boundary=${boundary}`,
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nx`,
      },
    ];
    const routes = allRoutes(t.app).filter((r) => r.method === 'POST' || r.method === 'PUT');
    let n = 0;
    for (const r of routes) {
      for (const b of bodies) {
        const res = await t.app.inject({
          method: r.method as 'POST',
          url: r.path.replace(/:\w+/g, '1').replace(/\*/g, 'x'),
          headers: { ...headers, 'content-type': b.type },
          payload: b.payload,
          remoteAddress: nextAddress(),
        });
        if (res.statusCode >= 400)
          assertChineseError(res, `${r.method} ${r.path} (${b.payload.slice(0, 20)})`);
        assert.ok(res.statusCode < 500, `${r.method} ${r.path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        n++;
      }
    }
    assert.ok(n > 300, `${n} requests`);
    // The named upload routes (API and page) refuse it as the sender's fault, not as an unknown id.
    for (const b of bodies) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/media/checks/import',
        headers: { ...headers, 'content-type': b.type },
        payload: b.payload,
      });
      assert.equal(res.statusCode, 400, `${b.payload.slice(0, 20)}: ${res.body}`);
    }
  });

  it('binds the CSRF token to the session: a planted _csrf cookie with the attacker’s own token is refused', async () => {
    const attacker = new Session(t.app);
    const attackerToken = await attacker.csrf('/login');
    const planted = attacker.cookies._csrf;
    assert.ok(planted, 'the attacker holds a signed _csrf cookie of this site');
    const victim = await loginAs(t.app, 'editor');
    const forged = await t.app.inject({
      method: 'POST',
      url: '/logout',
      cookies: { ...victim.cookies, _csrf: planted },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(attackerToken)}`,
    });
    assert.equal(forged.statusCode, 403, forged.body.slice(0, 200));
    assert.equal((await victim.get('/admin')).statusCode, 200, 'the victim is still signed in');
    // The victim's own page token works with the victim's session.
    const own = await victim.post('/logout', {}, { from: '/admin' });
    assert.equal(own.statusCode, 303);
  });

  it('sets the elder-mode cookie Secure under COOKIE_SECURE=1, like the session cookie', async () => {
    const secure = await buildTestApp({ config: { secureCookies: true } });
    try {
      const res = await secure.app.inject({ method: 'GET', url: '/elder?on=1&back=/' });
      const cookie = (res.cookies as { name: string; secure?: boolean }[]).find((c) => c.name === 'elder');
      assert.equal(cookie?.secure, true);
    } finally {
      await secure.close();
    }
    const plain = await t.app.inject({ method: 'GET', url: '/elder?on=1&back=/' });
    assert.notEqual(
      (plain.cookies as { name: string; secure?: boolean }[]).find((c) => c.name === 'elder')?.secure,
      true,
    );
  });

  it('refuses common and breached passwords when an account is created, reset or changes its own — the demo password included', async () => {
    const admin = await loginAs(t.app, 'secadmin');
    const org = (await t.ctx.db.selectFrom('orgs').select('id').executeTakeFirstOrThrow()).id;
    for (const password of ['Password@123', 'P@ssw0rd1234', 'Qwerty@12345', DEMO_PASSWORD]) {
      const created = await admin.post('/admin/users/new', {
        username: 'weak_pw',
        displayName: '弱口令',
        orgId: String(org),
        roles: ['editor'],
        password,
        active: '1',
      });
      assert.equal(created.statusCode, 400, `${password}: ${created.statusCode}`);
      assert.match(created.body, /过于常见|容易被猜到/);
      const own = await loginAs(t.app, 'editor');
      const changed = await own.post('/admin/account/password', { current: DEMO_PASSWORD, password });
      assert.equal(changed.statusCode, 400, `${password}: ${changed.statusCode}`);
      assert.match(changed.body, /过于常见|容易被猜到/);
    }
    assert.equal(
      (await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'weak_pw').execute()).length,
      0,
    );
    const strong = await admin.post('/admin/users/new', {
      username: 'strong_pw',
      displayName: '强口令',
      orgId: String(org),
      roles: ['editor'],
      password: 'Ganjiang#Tengwang1989',
      active: '1',
    });
    assert.equal(strong.statusCode, 303, strong.body.slice(0, 300));
    // The demo accounts keep the published password in demo mode (they signed in above with it).
  });

  it('ends every other session and every API token when a password is changed or reset', async () => {
    const here = await loginAs(t.app, 'leader');
    const elsewhere = await loginAs(t.app, 'leader');
    const api = await bearer(t, 'leader');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: api })).statusCode, 200);
    const changed = await here.post('/admin/account/password', {
      current: DEMO_PASSWORD,
      password: 'Lushan#Wulao1989',
    });
    assert.equal(changed.statusCode, 303, changed.body.slice(0, 300));
    assert.equal((await here.get('/admin')).statusCode, 200, 'the session that changed it stays');
    assert.equal((await elsewhere.get('/admin')).statusCode, 302, 'the other session is signed out');
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: api })).statusCode,
      401,
      'the API token is revoked',
    );
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'auth.password_change')
      .execute();
    assert.ok(audit.length >= 1, 'audit.length >= 1');

    // A reset by the security administrator ends all of them, the person's own included.
    const user = await t.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'leader')
      .executeTakeFirstOrThrow();
    const api2 = await bearer(t, 'leader');
    const admin = await loginAs(t.app, 'secadmin');
    const roles = (
      await t.ctx.db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute()
    ).map((r) => r.role);
    const reset = await admin.post(`/admin/users/${user.id}`, {
      username: 'leader',
      displayName: user.display_name,
      orgId: String(user.org_id),
      roles,
      password: 'Poyanghu#Reset2031',
      active: '1',
    });
    assert.equal(reset.statusCode, 303, reset.body.slice(0, 300));
    assert.equal((await here.get('/admin')).statusCode, 302);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: api2 })).statusCode, 401);
  });
});
