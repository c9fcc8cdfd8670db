/**
 * Security controls (issue 10): 三员分立, password policy, re-authentication, TOTP, audit retention
 * and export, personal data at rest, uploads through the shared check, headers and rate limits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import { strToU8, zipSync } from 'fflate';
import { buildTestApp, loginAs, Session, type TestApp } from '../../../test/helpers.ts';
import { publicActor, systemActor } from '../../context.ts';
import { loadConfig, ConfigError } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { newDataKey, open } from '../../lib/datakeys.ts';
import { MODULES } from '../index.ts';
import { preparePersonalData } from '../registry.ts';
import { AUDIT_ALGO } from '../audit/model.ts';
import { purgeAudit, verifyAuditChain } from '../audit/service.ts';
import { submitInquiry } from '../inquiry/service.ts';
import { submitComment } from '../consultation/service.ts';

const PASSWORD = 'Gongkai@2022';

function multipart(filename: string, data: Buffer) {
  const boundary = '----gksec' + Math.random().toString(16).slice(2);
  return {
    boundary,
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

describe('security controls', () => {
  let t: TestApp;
  const userId = async (username: string) =>
    (
      await t.ctx.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;
  const rolesOf = async (username: string) =>
    (
      await t.ctx.db
        .selectFrom('user_roles')
        .select('role')
        .where('user_id', '=', await userId(username))
        .execute()
    )
      .map((r) => r.role)
      .sort();
  const auditCount = async (action: string) =>
    (await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', action).execute()).length;
  const orgId = async (short: string) =>
    (await t.ctx.db.selectFrom('orgs').select('id').where('short_name', '=', short).executeTakeFirstOrThrow())
      .id;

  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  describe('三员分立', () => {
    it('seeds one demo login for each of the three administrators, each holding only that role', async () => {
      assert.deepEqual(await rolesOf('admin'), ['sysadmin']);
      assert.deepEqual(await rolesOf('secadmin'), ['security_admin']);
      assert.deepEqual(await rolesOf('auditor'), ['audit_admin']);
    });

    it('refuses an account holding two of the three roles, on create and on update', async () => {
      const s = await loginAs(t.app, 'secadmin');
      const org = String(await orgId('区政府办公室'));
      const res = await s.post('/admin/users/new', {
        username: 'two_hats',
        displayName: '两顶帽子',
        orgId: org,
        roles: ['sysadmin', 'audit_admin'],
        password: 'Zhanghao#2022',
        active: '1',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /须由不同账号担任/);
      assert.equal(
        await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'two_hats').executeTakeFirst(),
        undefined,
      );
      const admin = await userId('admin');
      const upd = await s.post(`/admin/users/${admin}`, {
        username: 'admin',
        displayName: '系统管理员（演示）',
        orgId: org,
        roles: ['sysadmin', 'security_admin'],
        active: '1',
      });
      assert.equal(upd.statusCode, 400);
      assert.deepEqual(await rolesOf('admin'), ['sysadmin']);
    });

    it("refuses a change of one's own roles", async () => {
      const s = await loginAs(t.app, 'secadmin');
      const me = await userId('secadmin');
      const res = await s.post(`/admin/users/${me}`, {
        username: 'secadmin',
        displayName: '安全管理员（演示）',
        orgId: String(await orgId('区政府办公室')),
        roles: ['security_admin', 'openness_admin'],
        active: '1',
      });
      assert.equal(res.statusCode, 403);
      assert.deepEqual(await rolesOf('secadmin'), ['security_admin']);
    });

    it('lets the audit administrator read and export the audit log and nothing else', async () => {
      const s = await loginAs(t.app, 'auditor');
      assert.equal((await s.get('/admin/audit')).statusCode, 200);
      assert.equal((await s.get('/api/v1/audit/verify')).json().ok, true);
      for (const url of [
        '/admin/users',
        '/admin/orgs/new',
        '/admin/foi',
        '/admin/content',
        '/admin/jobs',
        '/api/v1/users',
        '/api/v1/foi/applications',
        '/admin/gfxwj',
        '/admin/ledger',
      ]) {
        assert.equal((await s.get(url)).statusCode, 403, `auditor → ${url}`);
      }
      const before = await auditCount('audit.export');
      const csv = await s.get('/api/v1/audit/export.csv?action=auth.');
      assert.equal(csv.statusCode, 200);
      assert.match(csv.headers['content-disposition'] as string, /^attachment/);
      assert.match(csv.body, /编号,时间（UTC）,操作人/);
      assert.match(csv.body, new RegExp(`auth\\.login,user,\\d+,[^,]*,,,${AUDIT_ALGO}`));
      const xlsx = await s.get('/api/v1/audit/export.xlsx');
      assert.equal(xlsx.statusCode, 200);
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
      assert.equal(await auditCount('audit.export'), before + 2, 'each export is itself audited');
    });

    it('gives no one — sysadmin, security admin, auditor, openness office — a way to alter or delete audit records', async () => {
      const count = async () => (await t.ctx.db.selectFrom('audit_log').select('id').execute()).length;
      const first = await t.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      for (const user of ['admin', 'secadmin', 'auditor', 'gkb']) {
        const s = await loginAs(t.app, user);
        const n = await count();
        for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
          for (const url of [`/api/v1/audit/${first.id}`, '/api/v1/audit']) {
            const res = await s.json(method, url, { actor_name: 'x' });
            assert.ok(
              [403, 404, 405].includes(res.statusCode),
              `${user} ${method} ${url} → ${res.statusCode}`,
            );
          }
        }
        for (const url of [
          `/admin/audit/${first.id}/delete`,
          `/admin/audit/${first.id}`,
          '/admin/audit/purge',
        ]) {
          const res = await s.post(url, { before: '2099-01-01' });
          assert.ok([403, 404, 405].includes(res.statusCode), `${user} POST ${url} → ${res.statusCode}`);
        }
        assert.equal(await count(), n, 'nothing was written, nothing removed');
      }
      const still = await t.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(still, first);
      assert.equal((await verifyAuditChain(t.ctx.db)).ok, true);
      // The sysadmin and the security administrator cannot even read or export it.
      for (const user of ['admin', 'secadmin']) {
        const s = await loginAs(t.app, user);
        assert.equal((await s.get('/api/v1/audit')).statusCode, 403);
        assert.equal((await s.get('/api/v1/audit/export.csv')).statusCode, 403);
      }
    });
  });

  describe('passwords, re-authentication and the second factor', () => {
    it('applies the configured policy: length, classes and the history of recent passwords', async () => {
      const policy = t.ctx.config.passwordPolicy;
      const saved = { ...policy };
      try {
        Object.assign(policy, { minLength: 14, minClasses: 4, history: 3 });
        const s = await loginAs(t.app, 'leader');
        const short = await s.post('/admin/account/password', {
          current: PASSWORD,
          password: 'Abcdef#12345',
        });
        assert.equal(short.statusCode, 400);
        assert.match(short.body, /至少需要 14 个字符/);
        const classes = await s.post('/admin/account/password', {
          current: PASSWORD,
          password: 'abcdefghijk12345',
        });
        assert.match(classes.body, /至少四类/);
        const pw = ['Lingdao#Mima2022a', 'Lingdao#Mima2022b', 'Lingdao#Mima2022c'];
        let current = PASSWORD;
        for (const p of pw) {
          const res = await s.post('/admin/account/password', { current, password: p });
          assert.equal(res.statusCode, 303, res.body.slice(0, 300));
          current = p;
        }
        const reused = await s.post('/admin/account/password', { current, password: pw[0] });
        assert.equal(reused.statusCode, 400);
        assert.match(reused.body, /最近 3 次/);
        const wrongCurrent = await s.post('/admin/account/password', {
          current: 'nope',
          password: 'Lingdao#Mima2022d',
        });
        assert.match(wrongCurrent.body, /当前密码不正确/);
        assert.equal(await auditCount('auth.password_change'), 3);
        await new Session(t.app).login('leader', current);
      } finally {
        Object.assign(policy, saved);
      }
    });

    it('rejects a configured policy or retention below the floor', () => {
      assert.throws(() => loadConfig({ DATA_DIR: t.db.dataDir, AUDIT_RETENTION_DAYS: '90' }), ConfigError);
      assert.throws(() => loadConfig({ DATA_DIR: t.db.dataDir, PASSWORD_MIN_LENGTH: '4' }), ConfigError);
      assert.equal(loadConfig({ DATA_DIR: t.db.dataDir, PASSWORD_HISTORY: '8' }).passwordPolicy.history, 8);
    });

    it('sends a user with an expired password to "my account" until a new one is set', async () => {
      const policy = t.ctx.config.passwordPolicy;
      const saved = policy.maxAgeDays;
      try {
        policy.maxAgeDays = 90;
        await t.ctx.db
          .updateTable('users')
          .set({ password_changed_at: '2021-10-01T00:00:00.000Z' })
          .where('username', '=', 'secrecy')
          .execute();
        const s = await loginAs(t.app, 'secrecy');
        const res = await s.get('/admin/content');
        assert.equal(res.statusCode, 302);
        assert.equal(res.headers.location, '/admin/account');
        assert.match((await s.get('/admin/account')).body, /密码已过期/);
        assert.equal(
          (await s.post('/admin/account/password', { current: PASSWORD, password: 'Baomi#Shencha2022' }))
            .statusCode,
          303,
        );
        assert.equal((await s.get('/admin/content')).statusCode, 200);
      } finally {
        policy.maxAgeDays = saved;
      }
    });

    it('asks for the password again before a role change after the re-authentication window, then returns to the form', async () => {
      const s = await loginAs(t.app, 'secadmin');
      const target = await userId('sj_editor');
      const form = {
        username: 'sj_editor',
        displayName: '沙井街办信息员（演示）',
        orgId: String(await orgId('沙井街办')),
        roles: ['editor', 'reviewer'],
        active: '1',
      };
      t.clock.advance(16 * 60 * 1000);
      const token = await s.csrf(`/admin/users/${target}`);
      const res = await t.app.inject({
        method: 'POST',
        url: `/admin/users/${target}`,
        cookies: s.cookies,
        remoteAddress: s.remoteAddress,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          referer: `http://localhost/admin/users/${target}`,
        },
        payload:
          new URLSearchParams({ ...form, roles: 'editor', _csrf: token }).toString() + '&roles=reviewer',
      });
      assert.equal(res.statusCode, 303);
      assert.equal(
        res.headers.location,
        `/admin/reauth?next=${encodeURIComponent(`/admin/users/${target}`)}`,
      );
      assert.deepEqual(await rolesOf('sj_editor'), ['editor'], 'nothing changed');
      const wrong = await s.post('/admin/reauth', { password: 'wrong', next: `/admin/users/${target}` });
      assert.equal(wrong.statusCode, 400);
      const ok = await s.post('/admin/reauth', { password: PASSWORD, next: `/admin/users/${target}` });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, `/admin/users/${target}`);
      assert.equal((await s.post(`/admin/users/${target}`, form)).statusCode, 303);
      assert.deepEqual(await rolesOf('sj_editor'), ['editor', 'reviewer']);
      assert.equal(await auditCount('auth.reauth'), 1);
      assert.equal(await auditCount('auth.reauth_failed'), 1);
    });

    it('enrols a TOTP second factor and asks for the code at sign-in', async () => {
      const s = await loginAs(t.app, 'reviewer');
      const page = await s.post('/admin/account/totp', {});
      assert.equal(page.statusCode, 200);
      const uri = /otpauth:\/\/totp\/[^<"]+/.exec(page.body.replace(/&amp;/g, '&'))![0];
      const totp = OTPAuth.URI.parse(uri) as OTPAuth.TOTP;
      const code = (at = t.clock.now().getTime()) => totp.generate({ timestamp: at });
      assert.equal(
        (await s.post('/admin/account/totp/confirm', { code: '000000' === code() ? '111111' : '000000' }))
          .statusCode,
        400,
      );
      assert.equal((await s.post('/admin/account/totp/confirm', { code: code() })).statusCode, 303);
      const raw = await t.ctx.db
        .selectFrom('users')
        .select('totp_secret')
        .where('username', '=', 'reviewer')
        .executeTakeFirstOrThrow();
      assert.ok(raw.totp_secret?.startsWith('enc1.'), 'the secret is sealed at rest');
      assert.ok(
        !raw.totp_secret!.includes(totp.secret.base32),
        '!raw.totp_secret!.includes(totp.secret.base32)',
      );

      const fresh = new Session(t.app);
      const first = await fresh.post(
        '/login',
        { username: 'reviewer', password: PASSWORD, next: '/admin/content' },
        { from: '/login' },
      );
      assert.equal(first.statusCode, 303);
      assert.equal(first.headers.location, '/login/totp?next=%2Fadmin%2Fcontent');
      assert.equal((await fresh.get('/admin')).statusCode, 302, 'the password alone signs nobody in');
      const bad = await fresh.post(
        '/login/totp',
        { code: '12345x', next: '/admin/content' },
        { from: '/login/totp' },
      );
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /动态验证码不正确/);
      const confirming = await fresh.post(
        '/login/totp',
        { code: code(), next: '/admin/content' },
        { from: '/login/totp' },
      );
      assert.equal(confirming.statusCode, 400, 'the code that confirmed the enrolment is used up');
      assert.match(confirming.body, /该动态验证码已使用过/);
      t.clock.advance(30_000);
      const good = await fresh.post(
        '/login/totp',
        { code: code(), next: '/admin/content' },
        { from: '/login/totp' },
      );
      assert.equal(good.statusCode, 303);
      assert.equal(good.headers.location, '/admin/content');
      assert.equal((await fresh.get('/api/v1/me')).json().totp, true);
      assert.equal(
        typeof (
          await t.ctx.db
            .selectFrom('users')
            .select('totp_last_step')
            .where('username', '=', 'reviewer')
            .executeTakeFirstOrThrow()
        ).totp_last_step,
        'number',
      );
    });

    it('accepts a TOTP code once: a replay within its window, or an older code, is refused at sign-in and re-authentication', async () => {
      const reviewer = await t.ctx.db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', 'reviewer')
        .executeTakeFirstOrThrow();
      const totp = new OTPAuth.TOTP({
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        secret: OTPAuth.Secret.fromBase32(open(reviewer.totp_secret!)),
      });
      const code = (at = t.clock.now().getTime()) => totp.generate({ timestamp: at });
      t.clock.advance(30_000);
      const signIn = async (c: string) => {
        const s = new Session(t.app);
        assert.equal(
          (
            await s.post(
              '/login',
              { username: 'reviewer', password: PASSWORD, next: '/admin' },
              { from: '/login' },
            )
          ).headers.location,
          '/login/totp?next=%2Fadmin',
        );
        return { s, res: await s.post('/login/totp', { code: c, next: '/admin' }, { from: '/login/totp' }) };
      };
      const failedBefore = await auditCount('auth.totp_failed');
      const used = code();
      const first = await signIn(used);
      assert.equal(first.res.statusCode, 303);
      const replay = await signIn(used);
      assert.equal(replay.res.statusCode, 400, 'the same code again, still inside its 30 s step');
      assert.match(replay.res.body, /该动态验证码已使用过/);
      assert.equal((await replay.s.get('/admin')).statusCode, 302, 'the replaying session is not signed in');
      t.clock.advance(10_000);
      assert.equal((await signIn(used)).res.statusCode, 400, 'still refused later in the drift window');
      assert.equal(
        (await signIn(code(t.clock.now().getTime() - 30_000))).res.statusCode,
        400,
        "the previous step's code",
      );
      assert.equal(
        await auditCount('auth.totp_failed'),
        failedBefore + 3,
        'every refusal counts as a failed sign-in',
      );

      // Two sign-ins racing with one fresh code: only one gets through.
      t.clock.advance(30_000);
      const fresh = code();
      const raced = await Promise.all([signIn(fresh), signIn(fresh)]);
      assert.deepEqual(raced.map((r) => r.res.statusCode).sort(), [303, 400]);

      // Re-authentication: the code of the last sign-in is used up; a new step's code works once.
      const s = raced.find((r) => r.res.statusCode === 303)!.s;
      const stale = await s.post('/admin/reauth', { password: PASSWORD, code: fresh, next: '/admin' });
      assert.equal(stale.statusCode, 400);
      assert.match(stale.body, /该动态验证码已使用过/);
      t.clock.advance(30_000);
      assert.equal(
        (await s.post('/admin/reauth', { password: PASSWORD, code: code(), next: '/admin' })).statusCode,
        303,
      );
      const twice = await s.post('/admin/reauth', { password: PASSWORD, code: code(), next: '/admin' });
      assert.equal(twice.statusCode, 400, 'the same code twice in one step');
      assert.match(twice.body, /该动态验证码已使用过/);
    });

    it('lets the security administrator turn the second factor off', async () => {
      const reviewer = await userId('reviewer');
      assert.equal(
        (await (await loginAs(t.app, 'gkb')).post(`/admin/users/${reviewer}/totp/disable`, {})).statusCode,
        403,
      );
      assert.equal(
        (await (await loginAs(t.app, 'secadmin')).post(`/admin/users/${reviewer}/totp/disable`, {}))
          .statusCode,
        303,
      );
      const again = await new Session(t.app).post(
        '/login',
        { username: 'reviewer', password: PASSWORD, next: '/admin' },
        { from: '/login' },
      );
      assert.equal(again.headers.location, '/admin');
      assert.equal(await auditCount('auth.totp_enable'), 1);
      assert.equal(await auditCount('auth.totp_disable'), 1);
    });
  });

  describe('personal data at rest', () => {
    it('keeps no plain ID number, phone or address in the database row; the applicant key is a keyed hash', async () => {
      const rows = await t.ctx.db.selectFrom('foi_applications').selectAll().execute();
      assert.ok(rows.length > 3, 'rows.length > 3');
      for (const r of rows) {
        for (const v of [r.applicant_id_number, r.phone, r.address])
          assert.ok(v === '' || v.startsWith('enc1.test1.'), v);
        assert.match(r.applicant_key, /^h\.test1\.[0-9a-f]{64}$/);
        assert.ok(!/1380791\d{4}/.test(JSON.stringify(r)), 'no demo phone number in the raw row');
      }
      const phones = rows.map((r) => open(r.phone));
      assert.ok(
        phones.some((p) => /^1380791\d{4}$/.test(p)),
        'the sealed values open to the demo phone numbers',
      );
    });

    it('shows the case page masked; unmasks only for the handler and the openness office, on an audited action', async () => {
      const row = await t.ctx.db
        .selectFrom('foi_applications')
        .selectAll()
        .where('org_id', '=', await orgId('区发改委'))
        .where('phone', '!=', '')
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      const phone = open(row.phone);
      const gkb = await loginAs(t.app, 'gkb');
      const page = await gkb.get(`/admin/foi/${row.id}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes(phone), 'the full phone number is not on the page');
      assert.ok(page.body.includes(`${phone.slice(0, 3)}****${phone.slice(-4)}`), 'the masked number is');
      const before = await auditCount('foi.personal_view');
      const shown = await gkb.post(`/admin/foi/${row.id}/personal`, {});
      assert.equal(shown.statusCode, 200);
      assert.ok(shown.body.includes(phone), 'shown.body.includes(phone)');
      assert.equal(await auditCount('foi.personal_view'), before + 1);

      await t.ctx.db
        .updateTable('foi_applications')
        .set({ handler_id: null })
        .where('id', '=', row.id)
        .execute();
      const handler = await loginAs(t.app, 'handler');
      assert.equal(
        (await handler.post(`/admin/foi/${row.id}/personal`, {})).statusCode,
        403,
        'a handler of the org, but not of this case',
      );
      await t.ctx.db
        .updateTable('foi_applications')
        .set({ handler_id: await userId('handler') })
        .where('id', '=', row.id)
        .execute();
      const mine = await handler.post(`/admin/foi/${row.id}/personal`, {});
      assert.equal(mine.statusCode, 200);
      assert.ok(mine.body.includes(phone), 'mine.body.includes(phone)');
      assert.equal(await auditCount('foi.personal_view'), before + 2);
      assert.equal(
        (await (await loginAs(t.app, 'admin')).post(`/admin/foi/${row.id}/personal`, {})).statusCode,
        403,
        'the sysadmin reads cases but is no handler',
      );
    });

    it('asks for the password again before exporting personal data, and audits the export', async () => {
      const s = await loginAs(t.app, 'gkb');
      t.clock.advance(20 * 60 * 1000);
      const res = await s.get('/admin/foi/export.xlsx?status=open');
      assert.equal(res.statusCode, 302);
      assert.equal(
        res.headers.location,
        `/admin/reauth?next=${encodeURIComponent('/admin/foi/export.xlsx?status=open')}`,
      );
      const back = await s.post('/admin/reauth', {
        password: PASSWORD,
        next: '/admin/foi/export.xlsx?status=open',
      });
      assert.equal(back.headers.location, '/admin/foi/export.xlsx?status=open');
      const before = await auditCount('foi.export');
      assert.equal((await s.get('/admin/foi/export.xlsx?status=open')).statusCode, 200);
      assert.equal(await auditCount('foi.export'), before + 1);
    });

    it('converts plain rows at start and re-encrypts everything under a new key (rotation round trip)', async () => {
      const row = await t.ctx.db
        .selectFrom('foi_applications')
        .selectAll()
        .where('phone', '!=', '')
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      const plain = { id: open(row.applicant_id_number), phone: open(row.phone), address: open(row.address) };
      // A row as it was before this migration: plain text, plain applicant key.
      await t.ctx.db
        .updateTable('foi_applications')
        .set({
          applicant_id_number: plain.id,
          phone: plain.phone,
          address: plain.address,
          applicant_key: `np:x|${plain.phone}`,
        })
        .where('id', '=', row.id)
        .execute();
      assert.equal(await preparePersonalData(t.ctx, MODULES), 1);
      const converted = await t.ctx.db
        .selectFrom('foi_applications')
        .selectAll()
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      assert.ok(converted.phone.startsWith('enc1.test1.'), "converted.phone.startsWith('enc1.test1.')");
      assert.equal(converted.applicant_key, row.applicant_key, 'the same keyed hash as before');

      const saved = t.ctx.config.dataKeys;
      const k2 = newDataKey(saved.keys);
      try {
        t.ctx.config.dataKeys = { current: k2, keys: [k2, ...saved.keys], source: 'env' };
        const total = (await t.ctx.db.selectFrom('foi_applications').select('id').execute()).length;
        const n = await preparePersonalData(t.ctx, MODULES);
        assert.ok(n >= total, `re-sealed ${n} rows of ${total} (and TOTP secrets)`);
        const rotated = await t.ctx.db
          .selectFrom('foi_applications')
          .selectAll()
          .where('id', '=', row.id)
          .executeTakeFirstOrThrow();
        assert.ok(rotated.phone.startsWith(`enc1.${k2.id}.`), 'rotated.phone.startsWith(`enc1.${k2.id}.`)');
        assert.ok(
          rotated.applicant_key.startsWith(`h.${k2.id}.`),
          'rotated.applicant_key.startsWith(`h.${k2.id}.`)',
        );
        assert.deepEqual(
          {
            id: open(rotated.applicant_id_number),
            phone: open(rotated.phone),
            address: open(rotated.address),
          },
          plain,
        );
        const all = await t.ctx.db
          .selectFrom('foi_applications')
          .select(['phone', 'applicant_key'])
          .execute();
        assert.ok(
          all.every(
            (r) =>
              (r.phone === '' || r.phone.includes(`.${k2.id}.`)) && r.applicant_key.includes(`.${k2.id}.`),
          ),
          'no value left under the old key',
        );
        assert.equal(await preparePersonalData(t.ctx, MODULES), 0, 'a second run has nothing to do');
        const gkb = await loginAs(t.app, 'gkb');
        assert.ok(
          (await gkb.post(`/admin/foi/${row.id}/personal`, {})).body.includes(plain.phone),
          '(await gkb.post(`/admin/foi/${row.id}/personal`, {})).body.includes(plain.phone)',
        );
      } finally {
        t.ctx.config.dataKeys = saved;
        await preparePersonalData(t.ctx, MODULES);
      }
    });
  });

  describe('contacts in policy inquiries and consultation comments', () => {
    const PHONE = '13907915678';
    const MAIL = 'wangwu.test@example.cn';
    let inquiryId: number;
    let consultationId: number;
    let commentId: number;

    before(async () => {
      const { inquiry } = await submitInquiry(t.ctx, publicActor(), {
        askerKind: 'person',
        askerName: '测试市民',
        contact: PHONE,
        title: '加密测试',
        question: '请问如何申请？',
        orgId: await orgId('区发改委'),
      });
      inquiryId = inquiry.id;
      const open = (await t.app.inject('/api/v1/consultations'))
        .json()
        .find((c: { phase: string }) => c.phase === 'open');
      assert.ok(open, 'the demo has a consultation open for comment');
      consultationId = open.id;
      commentId = (
        await submitComment(t.ctx, publicActor(), consultationId, {
          authorName: '王五',
          contact: MAIL,
          body: '建议增加申报指引。',
        })
      ).id;
    });

    it('keeps no plain contact in the database rows', async () => {
      const q = await t.ctx.db
        .selectFrom('inquiries')
        .selectAll()
        .where('id', '=', inquiryId)
        .executeTakeFirstOrThrow();
      assert.ok(q.contact.startsWith('enc1.test1.') && q.contact_key === 'test1', q.contact);
      assert.ok(
        !JSON.stringify(q).includes(PHONE) && !JSON.stringify(q).includes('5678'),
        "!JSON.stringify(q).includes(PHONE) && !JSON.stringify(q).includes('5678')",
      );
      assert.equal(open(q.contact), PHONE);
      const c = await t.ctx.db
        .selectFrom('consultation_comments')
        .selectAll()
        .where('id', '=', commentId)
        .executeTakeFirstOrThrow();
      assert.ok(c.contact.startsWith('enc1.test1.') && c.contact_key === 'test1', c.contact);
      assert.ok(
        !JSON.stringify(c).includes('wangwu') && !JSON.stringify(c).includes('example.cn'),
        "!JSON.stringify(c).includes('wangwu') && !JSON.stringify(c).includes('example.cn')",
      );
      assert.equal(open(c.contact), MAIL);
      // Every row, the demo data's too: sealed (or empty) under the current key.
      for (const table of ['inquiries', 'consultation_comments'] as const) {
        const rows = await t.ctx.db.selectFrom(table).select(['contact', 'contact_key']).execute();
        assert.ok(rows.length > 2, 'rows.length > 2');
        for (const r of rows)
          assert.ok(
            r.contact_key === 'test1' && (r.contact === '' || r.contact.startsWith('enc1.test1.')),
            `${table}: ${r.contact}`,
          );
      }
    });

    it('shows the inquiry contact masked; unmasks it only for those who answer, on an audited action', async () => {
      const gkb = await loginAs(t.app, 'gkb');
      const page = await gkb.get(`/admin/inquiries/${inquiryId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes(PHONE) && page.body.includes('139****5678'), 'masked on the page');
      assert.ok(
        page.body.includes(`/admin/inquiries/${inquiryId}/personal`),
        'page.body.includes(`/admin/inquiries/${inquiryId}/personal`)',
      );
      const api = await gkb.get(`/api/v1/inquiries/${inquiryId}`);
      assert.equal(api.json().contact, '139****5678', 'masked in the API');
      assert.ok(
        !(await gkb.get('/api/v1/inquiries')).body.includes(PHONE),
        "!(await gkb.get('/api/v1/inquiries')).body.includes(PHONE)",
      );

      const before = await auditCount('inquiry.personal_view');
      const shown = await gkb.post(`/admin/inquiries/${inquiryId}/personal`, {});
      assert.equal(shown.statusCode, 200);
      assert.ok(shown.body.includes(PHONE), 'shown.body.includes(PHONE)');
      const handler = await loginAs(t.app, 'handler');
      assert.ok(
        (await handler.post(`/admin/inquiries/${inquiryId}/personal`, {})).body.includes(PHONE),
        "the responsible org's staff",
      );
      assert.equal(await auditCount('inquiry.personal_view'), before + 2);
      const row = await t.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'inquiry.personal_view')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      assert.equal(row.object_id, String(inquiryId));
      assert.ok(!JSON.stringify(row).includes(PHONE), 'the audit record names the field, not its value');

      // The system administrator reads every inquiry and consultation but answers or runs none.
      for (const user of ['admin']) {
        const s = await loginAs(t.app, user);
        const seen = await s.get(`/admin/inquiries/${inquiryId}`);
        assert.equal(seen.statusCode, 200, user);
        assert.ok(!seen.body.includes(PHONE) && seen.body.includes('139****5678'), `${user} sees it masked`);
        assert.ok(
          !seen.body.includes(`/admin/inquiries/${inquiryId}/personal`),
          `${user} gets no unmask button`,
        );
        const refused = await s.post(`/admin/inquiries/${inquiryId}/personal`, {});
        assert.equal(refused.statusCode, 403, user);
        assert.ok(!refused.body.includes(PHONE), '!refused.body.includes(PHONE)');
      }
      assert.equal(
        await auditCount('inquiry.personal_view'),
        before + 2,
        'refusals reveal and record nothing',
      );
    });

    it('asks for the password again before unmasking a contact', async () => {
      const s = await loginAs(t.app, 'gkb');
      t.clock.advance(20 * 60 * 1000);
      const before = await auditCount('inquiry.personal_view');
      const res = await s.post(`/admin/inquiries/${inquiryId}/personal`, {});
      assert.equal(res.statusCode, 303);
      assert.match(res.headers.location as string, /^\/admin\/reauth/);
      assert.equal(await auditCount('inquiry.personal_view'), before);
    });

    it("shows the comment contact masked; unmasks it only for the consultation's staff, on an audited action", async () => {
      const gkb = await loginAs(t.app, 'gkb');
      const page = await gkb.get(`/admin/consultations/${consultationId}`);
      assert.ok(!page.body.includes(MAIL) && page.body.includes('w***@example.cn'), 'masked on the page');
      const api = await gkb.get(`/api/v1/consultations/manage/${consultationId}`);
      assert.equal(
        api.json().comments.find((c: { id: number }) => c.id === commentId).contact,
        'w***@example.cn',
        'masked in the API',
      );
      const before = await auditCount('consultation.personal_view');
      const shown = await gkb.post(
        `/admin/consultations/${consultationId}/comments/${commentId}/personal`,
        {},
      );
      assert.equal(shown.statusCode, 200);
      assert.ok(shown.body.includes(MAIL), 'shown.body.includes(MAIL)');
      assert.equal(await auditCount('consultation.personal_view'), before + 1);
      // The system administrator reads every inquiry and consultation but answers or runs none.
      for (const user of ['admin']) {
        const s = await loginAs(t.app, user);
        assert.ok(!(await s.get(`/admin/consultations/${consultationId}`)).body.includes(MAIL), user);
        assert.equal(
          (await s.post(`/admin/consultations/${consultationId}/comments/${commentId}/personal`, {}))
            .statusCode,
          403,
          user,
        );
      }
      assert.equal(
        (await gkb.post(`/admin/consultations/${consultationId + 1000}/comments/${commentId}/personal`, {}))
          .statusCode,
        404,
        'a comment of another consultation',
      );
      assert.equal(
        (await gkb.post(`/admin/consultations/${consultationId}/comments/x/personal`, {})).statusCode,
        400,
      );
      assert.equal(await auditCount('consultation.personal_view'), before + 1);
    });

    it('seals plain contacts of before at start and re-seals them under a new key (rotation)', async () => {
      await t.ctx.db
        .updateTable('inquiries')
        .set({ contact: PHONE, contact_key: null })
        .where('id', '=', inquiryId)
        .execute();
      await t.ctx.db
        .updateTable('consultation_comments')
        .set({ contact: MAIL, contact_key: null })
        .where('id', '=', commentId)
        .execute();
      // A plain contact that merely looks sealed stays what it is.
      const odd = 'enc1.test1.x';
      const oddId = (
        await submitInquiry(t.ctx, publicActor(), {
          askerKind: 'person',
          askerName: '甲',
          contact: odd,
          title: '怪',
          question: '问',
          orgId: await orgId('区发改委'),
        })
      ).inquiry.id;
      await t.ctx.db
        .updateTable('inquiries')
        .set({ contact: odd, contact_key: null })
        .where('id', '=', oddId)
        .execute();
      assert.equal(await preparePersonalData(t.ctx, MODULES), 3);
      const q = await t.ctx.db
        .selectFrom('inquiries')
        .selectAll()
        .where('id', 'in', [inquiryId, oddId])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        q.map((r) => [r.contact_key, open(r.contact)]),
        [
          ['test1', PHONE],
          ['test1', odd],
        ],
      );
      const c = await t.ctx.db
        .selectFrom('consultation_comments')
        .selectAll()
        .where('id', '=', commentId)
        .executeTakeFirstOrThrow();
      assert.deepEqual([c.contact_key, open(c.contact)], ['test1', MAIL]);

      const saved = t.ctx.config.dataKeys;
      const k2 = newDataKey(saved.keys);
      try {
        t.ctx.config.dataKeys = { current: k2, keys: [k2, ...saved.keys], source: 'env' };
        await preparePersonalData(t.ctx, MODULES);
        for (const table of ['inquiries', 'consultation_comments'] as const) {
          const rows = await t.ctx.db.selectFrom(table).select(['contact', 'contact_key']).execute();
          assert.ok(
            rows.every(
              (r) => r.contact_key === k2.id && (r.contact === '' || r.contact.startsWith(`enc1.${k2.id}.`)),
            ),
            `${table}: nothing left under the old key`,
          );
        }
        assert.equal(
          open(
            (
              await t.ctx.db
                .selectFrom('inquiries')
                .select('contact')
                .where('id', '=', inquiryId)
                .executeTakeFirstOrThrow()
            ).contact,
          ),
          PHONE,
        );
        assert.equal(await preparePersonalData(t.ctx, MODULES), 0, 'a second run has nothing to do');
        const gkb = await loginAs(t.app, 'gkb');
        assert.ok(
          (await gkb.post(`/admin/inquiries/${inquiryId}/personal`, {})).body.includes(PHONE),
          '(await gkb.post(`/admin/inquiries/${inquiryId}/personal`, {})).body.includes(PHONE)',
        );
        assert.ok(
          (
            await gkb.post(`/admin/consultations/${consultationId}/comments/${commentId}/personal`, {})
          ).body.includes(MAIL),
          '(await gkb.post(`/admin/consultations/${consultationId}/comments/${commentId}/personal`, …',
        );
      } finally {
        t.ctx.config.dataKeys = saved;
        await preparePersonalData(t.ctx, MODULES);
      }
    });
  });

  describe('uploads, headers and limits', () => {
    it('refuses an .exe renamed .pdf, an HTML file and a zip bomb at the upload points', async () => {
      const row = await t.ctx.db
        .selectFrom('foi_applications')
        .select('id')
        .where('org_id', '=', await orgId('区发改委'))
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      const s = await loginAs(t.app, 'gkb');
      const token = await s.csrf(`/admin/foi/${row.id}`);
      const upload = (url: string, name: string, data: Buffer) => {
        const m = multipart(name, data);
        return t.app.inject({
          method: 'POST',
          url: `${url}?_csrf=${encodeURIComponent(token)}`,
          cookies: s.cookies,
          remoteAddress: s.remoteAddress,
          headers: { 'content-type': `multipart/form-data; boundary=${m.boundary}` },
          payload: m.payload,
        });
      };
      const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0')]);
      const bomb = Buffer.from(
        zipSync({
          '[Content_Types].xml': strToU8('<Types/>'),
          'word/document.xml': new Uint8Array(20 * 1024 * 1024),
        }),
      );
      const n = async () => (await t.ctx.db.selectFrom('foi_attachments').select('id').execute()).length;
      const before = await n();
      for (const [name, data] of [
        ['申请.pdf', exe],
        ['申请.docx', bomb],
      ] as const) {
        const res = await upload(`/admin/foi/${row.id}/attachments`, name, data);
        assert.equal(res.statusCode, 400, `${name}: ${res.statusCode}`);
      }
      assert.equal(await n(), before);
      // The 规范性文件 original accepts TXT: an HTML page named .txt is refused as active content.
      const doc = await t.ctx.db
        .selectFrom('normative_documents')
        .select('id')
        .where('status', '=', 'draft')
        .executeTakeFirst();
      if (doc) {
        const editor = await loginAs(t.app, 'gkb');
        const tok = await editor.csrf(`/admin/gfxwj/${doc.id}`);
        const m = multipart(
          '原件.txt',
          Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>'),
        );
        const res = await t.app.inject({
          method: 'POST',
          url: `/admin/gfxwj/${doc.id}/file?_csrf=${encodeURIComponent(tok)}`,
          cookies: editor.cookies,
          remoteAddress: editor.remoteAddress,
          headers: { 'content-type': `multipart/form-data; boundary=${m.boundary}` },
          payload: m.payload,
        });
        assert.equal(res.statusCode, 400);
        assert.match(res.body, /网页或脚本/);
      }
      // A real PDF goes in and comes back inline, sandboxed and never sniffed.
      const ok = await upload(
        `/admin/foi/${row.id}/attachments`,
        '扫描件.pdf',
        Buffer.from('%PDF-1.4\n%%EOF'),
      );
      assert.equal(ok.statusCode, 303);
      const att = await t.ctx.db
        .selectFrom('foi_attachments')
        .select('id')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      const dl = await s.get(`/admin/foi/attachments/${att.id}`);
      assert.equal(dl.headers['x-content-type-options'], 'nosniff');
      assert.match(
        dl.headers['content-disposition'] as string,
        /^inline; filename="[^"]*"; filename\*=UTF-8''/,
      );
      assert.match(dl.headers['content-security-policy'] as string, /sandbox/);
    });

    it('sends security headers and a strict CSP on every kind of page', async () => {
      const s = await loginAs(t.app, 'gkb');
      for (const url of [
        '/',
        '/login',
        '/search?q=政务',
        '/foi/apply',
        '/admin',
        '/admin/foi',
        '/admin/audit',
        '/admin/account',
        '/no-such-page',
      ]) {
        const res = await s.get(url);
        assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}`);
        const csp = String(res.headers['content-security-policy']);
        assert.match(csp, /default-src 'self'/, url);
        assert.match(csp, /script-src 'self'(;|$)/, url);
        assert.match(csp, /frame-ancestors 'none'/, url);
        assert.match(csp, /object-src 'none'/, url);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
        assert.ok(res.headers['x-frame-options'], url);
        assert.ok(res.headers['referrer-policy'], url);
      }
    });

    it('rate-limits every form post, not only the public ones', async () => {
      const small = await buildTestApp({ seedDemo: false, config: { writeRateLimit: 5 } });
      try {
        const codes: number[] = [];
        for (let i = 0; i < 7; i++)
          codes.push(
            (await small.app.inject({ method: 'POST', url: '/logout', remoteAddress: '10.9.9.9' }))
              .statusCode,
          );
        assert.deepEqual(
          codes.slice(0, 5).every((c) => c !== 429),
          true,
          codes.join(),
        );
        assert.equal(codes[6], 429);
        assert.equal(
          (await small.app.inject({ method: 'GET', url: '/login', remoteAddress: '10.9.9.9' })).statusCode,
          200,
          'reading is not limited',
        );
        assert.notEqual(
          (await small.app.inject({ method: 'POST', url: '/logout', remoteAddress: '10.9.9.10' })).statusCode,
          429,
          'per address',
        );
      } finally {
        await small.close();
      }
    });
  });

  describe('audit retention', () => {
    it('records the hash algorithm in every record and verifies with it', async () => {
      const algos = await t.ctx.db.selectFrom('audit_log').select('algo').distinct().execute();
      assert.deepEqual(
        algos.map((a) => a.algo),
        [AUDIT_ALGO],
      );
      assert.equal(AUDIT_ALGO, 'sm3', 'this runtime has SM3');
    });

    it('refuses to purge anything younger than the retention, purges older records and keeps the chain verifiable', async () => {
      const at = (daysAgo: number) =>
        new Date(t.clock.now().getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
      await assert.rejects(
        purgeAudit(t.ctx, systemActor('test'), at(30)),
        (e: unknown) => e instanceof AppError && /至少保存 180 天/.test(e.userMessage),
      );
      const total = (await t.ctx.db.selectFrom('audit_log').select('id').execute()).length;
      assert.equal(await purgeAudit(t.ctx, systemActor('test'), at(200)), 0, 'nothing is that old yet');
      t.clock.advance(200 * 86_400_000);
      await loginAs(t.app, 'auditor'); // a record after the purge point
      const n = await purgeAudit(t.ctx, systemActor('test'), at(181));
      assert.equal(n, total);
      const v = await verifyAuditChain(t.ctx.db);
      assert.equal(v.ok, true, JSON.stringify(v));
      assert.equal(v.count, 2, 'the sign-in after the purge point and the purge record');
      assert.equal(await auditCount('audit.purge'), 1);
      // Tampering after a purge is still found.
      await t.ctx.db
        .updateTable('audit_log')
        .set({ algo: 'sha256' })
        .where('action', '=', 'audit.purge')
        .execute();
      assert.equal((await verifyAuditChain(t.ctx.db)).ok, false);
    });
  });
});
