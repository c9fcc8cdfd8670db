import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, loginAs, Session, type TestApp } from '../../../test/helpers.ts';
import { orgScope } from '../org/service.ts';
import { passwordProblem } from './model.ts';
import { DEMO_ACCOUNTS } from '../../seed/district.ts';

describe('sign-in, sessions and roles', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('sends a signed-out visitor of the back office to the login page and back', async () => {
    const res = await new Session(t.app).get('/admin/orgs');
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/login?next=%2Fadmin%2Forgs');
  });

  it('links 我的账号 (password change, second factor) from the back-office header of every staff account', async () => {
    for (const [username] of DEMO_ACCOUNTS) {
      const s = await loginAs(t.app, username);
      const home = await s.get('/admin');
      assert.equal(home.statusCode, 200, username);
      const header = /<header class="site-header admin-header">[\s\S]*?<\/header>/.exec(home.body)?.[0] ?? '';
      assert.match(
        header,
        /<a href="\/admin\/account">我的账号<\/a>/,
        `${username}: the link is in the header`,
      );
      const account = await s.get('/admin/account');
      assert.equal(account.statusCode, 200, username);
      assert.match(account.body, /<a href="\/admin\/account" aria-current="page">我的账号<\/a>/);
      assert.match(account.body, /修改密码/);
    }
    assert.ok(!(await t.app.inject('/login')).body.includes('/admin/account'), 'not shown when signed out');
  });

  it('signs in with the right password and sets an HttpOnly, SameSite session cookie', async () => {
    const s = new Session(t.app);
    const res = await s.post(
      '/login',
      { username: 'gkb', password: 'Gongkai@2022', next: '/admin/jobs' },
      { from: '/login' },
    );
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/jobs');
    const cookie = (res.cookies as any[]).find((c) => c.name === 'gk_session');
    assert.ok(cookie.httpOnly, 'cookie.httpOnly');
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal((await s.get('/admin')).statusCode, 200);
  });

  it('refuses a wrong password with a Chinese message, and locks the account after five failures', async () => {
    const s = new Session(t.app);
    for (let i = 0; i < 4; i++) {
      const res = await s.post(
        '/login',
        { username: 'handler', password: 'wrong-password' },
        { from: '/login' },
      );
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /用户名或密码错误/);
    }
    const fifth = await s.post(
      '/login',
      { username: 'handler', password: 'wrong-password' },
      { from: '/login' },
    );
    const right = await s.post(
      '/login',
      { username: 'handler', password: 'Gongkai@2022' },
      { from: '/login' },
    );
    assert.equal(right.statusCode, 401, 'a locked account is refused even with the right password');
    // Locked, or no such account at all: the same status and the same words (nothing tells which).
    const nobody = await s.post(
      '/login',
      { username: 'no_such_user', password: 'wrong-password' },
      { from: '/login' },
    );
    const message = (html: string) =>
      /<p[^>]*class="[^"]*error[^"]*"[^>]*>([^<]*)</.exec(html)?.[1] ??
      /用户名或密码错误[^<]*/.exec(html)?.[0];
    for (const res of [fifth, right, nobody]) {
      assert.equal(res.statusCode, 401);
      assert.equal(message(res.body), message(nobody.body));
      assert.match(res.body, /用户名或密码错误/);
    }
    t.clock.advance(16 * 60 * 1000);
    const later = await s.post(
      '/login',
      { username: 'handler', password: 'Gongkai@2022' },
      { from: '/login' },
    );
    assert.equal(later.statusCode, 303, 'the lock ends after 15 minutes');
  });

  it('expires an idle session and says so on the login page', async () => {
    const s = await loginAs(t.app, 'leader');
    assert.equal((await s.get('/admin')).statusCode, 200);
    t.clock.advance(3 * 3600 * 1000);
    const res = await s.get('/admin');
    assert.equal(res.statusCode, 302);
    assert.match(res.headers.location as string, /expired=1/);
    const page = await s.get(res.headers.location as string);
    assert.match(page.body, /登录已过期/);
    const api = await s.get('/api/v1/me');
    assert.equal(api.statusCode, 401);
    assert.equal(api.json().error.code, 'unauthenticated');
  });

  it('refuses a form without its CSRF token and writes nothing', async () => {
    const s = await loginAs(t.app, 'admin');
    const before = await t.ctx.db.selectFrom('orgs').select('id').execute();
    const res = await s.post(
      '/admin/orgs/new',
      { name: '新机关', shortName: '新机关', code: 'NEW1', kind: 'department', parentId: '' },
      { csrf: false },
    );
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /页面已过期/);
    const forged = await s.post(
      '/admin/orgs/new',
      { name: '新机关', shortName: '新机关', code: 'NEW1', kind: 'department', parentId: '' },
      { csrf: 'forged-token' },
    );
    assert.equal(forged.statusCode, 403);
    assert.equal((await t.ctx.db.selectFrom('orgs').select('id').execute()).length, before.length);
  });

  it('lets the security administrator manage users, others read or nothing', async () => {
    for (const [user, status] of [
      ['secadmin', 200],
      ['admin', 200],
      ['gkb', 200],
      ['auditor', 403],
      ['leader', 403],
      ['editor', 403],
      ['reviewer', 403],
      ['secrecy', 403],
      ['handler', 403],
    ] as const) {
      const s = await loginAs(t.app, user);
      assert.equal((await s.get('/admin/users')).statusCode, status, `${user} → /admin/users`);
      assert.equal(
        (await s.get('/admin/orgs/new')).statusCode,
        user === 'admin' ? 200 : 403,
        `${user} → /admin/orgs/new`,
      );
    }
  });

  it('creates a user with roles through the back office; the new user can sign in', async () => {
    const s = await loginAs(t.app, 'secadmin');
    const org = await t.ctx.db
      .selectFrom('orgs')
      .select('id')
      .where('short_name', '=', '区财政局')
      .executeTakeFirstOrThrow();
    const res = await s.post('/admin/users/new', {
      username: 'czj_editor',
      displayName: '财政局信息员',
      orgId: String(org.id),
      roles: ['editor', 'handler'],
      password: 'Caizheng#2022',
      active: '1',
    });
    assert.equal(res.statusCode, 303);
    const me = await (await new Session(t.app).login('czj_editor', 'Caizheng#2022')).get('/api/v1/me');
    assert.deepEqual(me.json().roles.sort(), ['editor', 'handler']);
  });

  it('re-renders the user form with field errors for bad input', async () => {
    const s = await loginAs(t.app, 'secadmin');
    const res = await s.post('/admin/users/new', {
      username: 'X',
      displayName: '',
      orgId: '999999',
      password: 'short',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /用户名须以小写字母开头/);
    assert.match(res.body, /密码至少需要 10 个字符/);
  });

  it('authenticates API calls with a bearer token, without CSRF', async () => {
    const headers = await bearer(t, 'admin');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    assert.equal(me.json().username, 'admin');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { authorization: 'Bearer gk_nope' },
    });
    assert.equal(bad.statusCode, 401);
  });

  it('scopes a department to its own org and the openness office to all', async () => {
    const users = await t.ctx.db.selectFrom('users').select(['id', 'username', 'org_id']).execute();
    const actorOf = async (username: string) => {
      const u = users.find((x) => x.username === username)!;
      const roles = (
        await t.ctx.db.selectFrom('user_roles').select('role').where('user_id', '=', u.id).execute()
      ).map((r) => r.role as any);
      return {
        kind: 'user' as const,
        id: u.id,
        username,
        displayName: username,
        orgId: u.org_id,
        roles,
        ip: null,
      };
    };
    assert.deepEqual(await orgScope(t.ctx.db, await actorOf('gkb')), { all: true });
    const editorScope = await orgScope(t.ctx.db, await actorOf('editor'));
    assert.equal(editorScope.all, false);
    assert.deepEqual(editorScope.all === false && editorScope.orgIds, [
      users.find((u) => u.username === 'editor')!.org_id,
    ]);
  });

  it('enforces the password policy', () => {
    assert.ok(passwordProblem('short'), "passwordProblem('short')");
    assert.ok(passwordProblem('alllowercaseletters'), "passwordProblem('alllowercaseletters')");
    assert.equal(passwordProblem('Gongkai@2022'), null, 'length and classes alone would let it through');
  });
});
