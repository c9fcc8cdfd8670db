import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, ENGINE, loginAs, type TestApp } from '../../../test/helpers.ts';
import { readStoredFile } from '../../db/files.ts';
import { systemActor } from '../../context.ts';
import { runDueJobs } from '../jobs/service.ts';
import { listPublicOrgs } from '../org/service.ts';
import { mediaFreshnessJob, UPLOAD_PREFIX, uploadDir } from './service.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function multipart(name: string, filename: string, data: Buffer, type = 'application/octet-stream') {
  const boundary = '----gongkaitest';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('new-media matrix', () => {
  let t: TestApp;
  let orgId: (short: string) => number;
  const account = (over: Record<string, unknown> = {}) => ({
    platform: 'wechat',
    accountName: '发改测试号',
    platformAccountId: 'gh_test_fgw',
    orgId: orgId('区发改委'),
    operator: '区发改委办公室',
    responsiblePerson: '测试',
    level: 'department',
    ...over,
  });
  const count = async (
    table: 'media_accounts' | 'media_filings' | 'media_filing_documents' | 'media_checks',
  ) =>
    Number(
      (
        await t.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await buildTestApp();
    const orgs = await listPublicOrgs(t.ctx.db);
    orgId = (s) => orgs.find((o) => o.shortName === s)!.id;
  });
  after(() => t.close());

  it('lets a unit file an opening that the openness office approves, and only then shows it publicly', async () => {
    const editor = await loginAs(t.app, 'editor');
    const form = { ...account(), orgId: String(orgId('区发改委')), kind: 'open', note: '新开设' };
    const res = await editor.post('/admin/media/filings/new', form, { from: '/admin/media/filings/new' });
    assert.equal(res.statusCode, 303);
    const filingId = Number(/filings\/(\d+)/.exec(res.headers.location as string)![1]);
    assert.doesNotMatch((await t.app.inject({ url: '/hdjl/xmt?q=gh_test_fgw' })).body, /发改测试号/);

    // The unit cannot approve its own filing; another unit cannot even see it.
    const self = await editor.post(
      `/admin/media/filings/${filingId}/decision`,
      { decision: 'approve' },
      { from: '/admin' },
    );
    assert.equal(self.statusCode, 403);
    const other = await loginAs(t.app, 'sj_editor');
    assert.equal((await other.get(`/admin/media/filings/${filingId}`)).statusCode, 403);

    const gkb = await loginAs(t.app, 'gkb');
    const ok = await gkb.post(
      `/admin/media/filings/${filingId}/decision`,
      { decision: 'approve', reason: '' },
      { from: '/admin' },
    );
    assert.equal(ok.statusCode, 303);
    const page = await t.app.inject({ url: '/hdjl/xmt?q=gh_test_fgw' });
    assert.match(page.body, /发改测试号/);
    assert.match(page.body, /红谷滩区发展和改革委员会/);
    assert.doesNotMatch(page.body, /区发改委办公室/, 'operator is not public');
    // Deciding twice is refused.
    const again = await gkb.post(
      `/admin/media/filings/${filingId}/decision`,
      { decision: 'reject', reason: 'x' },
      { from: '/admin' },
    );
    assert.equal(again.statusCode, 409);
  });

  it('refuses a rejection without a reason, and a duplicate platform ID, in Chinese, writing nothing', async () => {
    const editorApi = await bearer(t, 'editor');
    const gkbApi = await bearer(t, 'gkb');
    const f = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/filings',
      headers: editorApi,
      payload: {
        kind: 'open',
        fields: account({ platformAccountId: 'gh_test_two', accountName: '发改二号' }),
      },
    });
    assert.equal(f.statusCode, 201, f.body);
    const before = await count('media_filings');
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/v1/media/filings/${f.json().id}/decision`,
      headers: gkbApi,
      payload: { approve: false },
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.json().error.message, /理由/);
    const rejected = await t.app.inject({
      method: 'POST',
      url: `/api/v1/media/filings/${f.json().id}/decision`,
      headers: gkbApi,
      payload: { approve: false, reason: '材料不全' },
    });
    assert.equal(rejected.json().status, 'rejected');
    assert.equal(
      (await t.app.inject({ url: '/api/v1/media/accounts/public?q=gh_test_two' })).json().length,
      0,
    );

    const accounts = await count('media_accounts');
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/filings',
      headers: editorApi,
      payload: { kind: 'open', fields: account() },
    });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.json().error.message, /已登记/);
    const empty = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/filings',
      headers: editorApi,
      payload: { kind: 'open', fields: account({ platformAccountId: '显示 名称' }) },
    });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.json().error.message, /[\u4e00-\u9fff]/);
    assert.equal(await count('media_filings'), before);
    assert.equal(await count('media_accounts'), accounts);
  });

  it('lets only the openness office register or edit an account directly, and never for another org by a unit', async () => {
    const editorApi = await bearer(t, 'editor');
    const direct = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/accounts',
      headers: editorApi,
      payload: account({ platformAccountId: 'gh_direct' }),
    });
    assert.equal(direct.statusCode, 403);
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/filings',
      headers: editorApi,
      payload: {
        kind: 'open',
        fields: account({ platformAccountId: 'gh_foreign', orgId: orgId('沙井街办') }),
      },
    });
    assert.equal(foreign.statusCode, 403);
    const gkbApi = await bearer(t, 'gkb');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/accounts',
      headers: gkbApi,
      payload: account({ platformAccountId: 'gh_direct', accountName: '直接登记号' }),
    });
    assert.equal(created.statusCode, 201);
    // A unit sees its own accounts only.
    const list = (
      await t.app.inject({ url: '/api/v1/media/accounts', headers: await bearer(t, 'sj_editor') })
    ).json() as { orgId: number }[];
    assert.ok(list.length > 0, 'list.length > 0');
    assert.ok(
      list.every((a) => a.orgId === orgId('沙井街办')),
      "list.every((a) => a.orgId === orgId('沙井街办'))",
    );
    assert.equal(
      (
        await t.app.inject({
          url: `/api/v1/media/accounts/${created.json().id}`,
          headers: await bearer(t, 'sj_editor'),
        })
      ).statusCode,
      403,
    );
  });

  it('applies an approved change filing and keeps the filing in the account history', async () => {
    const editorApi = await bearer(t, 'editor');
    const [acc] = (await t.app.inject({ url: '/api/v1/media/accounts/public?q=gh_demo_hgtfgw' })).json();
    const full = (await t.app.inject({ url: `/api/v1/media/accounts/${acc.id}`, headers: editorApi })).json();
    const fields = {
      platform: full.platform,
      accountName: '红谷滩发改（新名）',
      platformAccountId: full.platformAccountId,
      orgId: full.orgId,
      operator: full.operator,
      responsiblePerson: '新责任人',
      level: full.level,
    };
    const f = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/filings',
      headers: editorApi,
      payload: { kind: 'change', accountId: acc.id, fields, note: '更名' },
    });
    assert.equal(f.statusCode, 201, f.body);
    assert.equal(
      (await t.app.inject({ url: `/api/v1/media/accounts/${acc.id}`, headers: editorApi })).json()
        .accountName,
      '红谷滩发改',
      'not changed before approval',
    );
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/media/filings/${f.json().id}/decision`,
      headers: await bearer(t, 'gkb'),
      payload: { approve: true },
    });
    const after = (
      await t.app.inject({ url: `/api/v1/media/accounts/${acc.id}`, headers: editorApi })
    ).json();
    assert.equal(after.accountName, '红谷滩发改（新名）');
    assert.equal(after.responsiblePerson, '新责任人');
    const page = await (await loginAs(t.app, 'editor')).get(`/admin/media/${acc.id}`);
    assert.match(page.body, /变更备案/);
    assert.match(page.body, /已通过/);
  });

  it('closes an account through a close filing and drops it from the public matrix', async () => {
    const editorApi = await bearer(t, 'editor');
    const [acc] = (await t.app.inject({ url: '/api/v1/media/accounts/public?q=gh_test_fgw' })).json();
    const noReason = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/filings',
      headers: editorApi,
      payload: { kind: 'close', accountId: acc.id },
    });
    assert.equal(noReason.statusCode, 400);
    const f = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/filings',
      headers: editorApi,
      payload: { kind: 'close', accountId: acc.id, note: '机构调整，停止运营' },
    });
    assert.equal(f.statusCode, 201);
    const twice = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/filings',
      headers: editorApi,
      payload: { kind: 'close', accountId: acc.id, note: '再次' },
    });
    assert.equal(twice.statusCode, 409);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/media/filings/${f.json().id}/decision`,
      headers: await bearer(t, 'gkb'),
      payload: { approve: true },
    });
    assert.equal(
      (await t.app.inject({ url: '/api/v1/media/accounts/public?q=gh_test_fgw' })).json().length,
      0,
    );
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'media_filing')
      .execute();
    assert.ok(
      audit.some((a) => a.action === 'media.filing.approve'),
      "audit.some((a) => a.action === 'media.filing.approve')",
    );
  });

  it('accepts a PNG filing document and refuses a text file as a PDF, storing nothing for it', async () => {
    const editorApi = await bearer(t, 'editor');
    const f = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/filings',
      headers: editorApi,
      payload: { kind: 'open', fields: account({ platformAccountId: 'gh_docs' }) },
    });
    const id = f.json().id;
    const good = multipart('file', '备案表.png', PNG, 'image/png');
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/v1/media/filings/${id}/documents`,
      headers: { ...editorApi, ...good.headers },
      payload: good.payload,
    });
    assert.equal(up.statusCode, 201, up.body);
    assert.equal(up.json().mime, 'image/png');
    // Filing documents on disk (SQLite) or in the database (PostgreSQL, src/db/files.ts).
    const storedFiles = async () =>
      ENGINE === 'postgres'
        ? (
            await t.ctx.db
              .selectFrom('stored_files')
              .select('path')
              .where('path', 'like', `${UPLOAD_PREFIX}/%`)
              .execute()
          ).length
        : readdirSync(uploadDir(t.ctx)).length;
    const files = await storedFiles();
    const docs = await count('media_filing_documents');
    const bad = multipart('file', '伪装.pdf', Buffer.from('这不是 PDF'), 'application/pdf');
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/media/filings/${id}/documents`,
      headers: { ...editorApi, ...bad.headers },
      payload: bad.payload,
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().error.message, /PDF/);
    assert.equal(await storedFiles(), files);
    assert.equal(await count('media_filing_documents'), docs);
    // Another unit cannot upload to it; the owner can download it.
    const other = await t.app.inject({
      method: 'POST',
      url: `/api/v1/media/filings/${id}/documents`,
      headers: { ...(await bearer(t, 'sj_editor')), ...good.headers },
      payload: good.payload,
    });
    assert.equal(other.statusCode, 403);
    const filing = (await t.app.inject({ url: `/api/v1/media/filings/${id}`, headers: editorApi })).json();
    const dl = await t.app.inject({
      url: `/admin/media/documents/${filing.documents[0].id}`,
      headers: editorApi,
    });
    assert.equal(dl.statusCode, 200);
    assert.deepEqual(dl.rawPayload, PNG, 'the document downloads back identically');
    const stored = await t.ctx.db
      .selectFrom('media_filing_documents')
      .select('stored_name')
      .where('id', '=', filing.documents[0].id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(await readStoredFile(t.ctx, `${UPLOAD_PREFIX}/${stored.stored_name}`), PNG);
    if (ENGINE === 'sqlite')
      assert.ok(existsSync(join(uploadDir(t.ctx))), 'existsSync(join(uploadDir(t.ctx)))');
  });

  it('flags an account that has not updated for two weeks and reminds its unit once', async () => {
    const gkbApi = await bearer(t, 'gkb');
    const acc = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/media/accounts',
        headers: gkbApi,
        payload: account({ platformAccountId: 'gh_fresh', accountName: '时效测试号' }),
      })
    ).json();
    const today = '2022-03-01';
    const check = await t.app.inject({
      method: 'POST',
      url: `/api/v1/media/accounts/${acc.id}/checks`,
      headers: await bearer(t, 'editor'),
      payload: { checkedOn: today, lastUpdateDate: today, interactionOk: true },
    });
    assert.equal(check.statusCode, 200, check.body);
    const future = await t.app.inject({
      method: 'POST',
      url: `/api/v1/media/accounts/${acc.id}/checks`,
      headers: await bearer(t, 'editor'),
      payload: { checkedOn: '2022-03-09', lastUpdateDate: today, interactionOk: true },
    });
    assert.equal(future.statusCode, 400);
    const editorUser = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'editor')
      .executeTakeFirstOrThrow();
    const inbox = async () =>
      (
        await t.ctx.db
          .selectFrom('notifications')
          .select('title')
          .where('user_id', '=', editorUser.id)
          .execute()
      ).filter((n) => n.title.includes('时效测试号'));

    await mediaFreshnessJob.run(t.ctx, t.clock.now());
    assert.equal((await inbox()).length, 0);
    t.clock.set('2022-03-16T02:00:00Z'); // 15 days later
    await mediaFreshnessJob.run(t.ctx, t.clock.now());
    await mediaFreshnessJob.run(t.ctx, t.clock.now());
    const got = await inbox();
    assert.equal(got.filter((n) => n.title.includes('超过 2 周')).length, 1, JSON.stringify(got));
    const dash = await (await loginAs(t.app, 'editor')).get('/admin');
    assert.match(dash.body, /时效测试号/);
    // Another unit's staff get nothing about it.
    const sj = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'sj_editor')
      .executeTakeFirstOrThrow();
    assert.equal(
      (
        await t.ctx.db.selectFrom('notifications').select('title').where('user_id', '=', sj.id).execute()
      ).filter((n) => n.title.includes('时效测试号')).length,
      0,
    );
    // The job also runs through the scheduler.
    const ran = await runDueJobs(t.ctx, [mediaFreshnessJob]);
    assert.ok(
      ran.every((r) => r.ok),
      'ran.every((r) => r.ok)',
    );
    t.clock.set('2022-03-01T02:00:00Z');
  });

  it('imports checks from CSV all or nothing', async () => {
    const api = await bearer(t, 'editor');
    const good = multipart(
      'file',
      'checks.csv',
      Buffer.from(
        '平台,平台账号ID,检查日期,最近更新日期,互动是否正常,备注\n微信公众号,gh_demo_hgtfgw,2022-03-01,2022-02-28,是,导入\n',
      ),
    );
    const before = await count('media_checks');
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/checks/import',
      headers: { ...api, ...good.headers },
      payload: good.payload,
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().imported, 1);
    const bad = multipart(
      'file',
      'checks.csv',
      Buffer.from(
        '平台,平台账号ID,检查日期,最近更新日期,互动是否正常,备注\n微信公众号,gh_demo_hgtfgw,2022-03-01,2022-02-28,是,\n微信公众号,gh_demo_shajing,2022-03-01,2022-02-28,是,\n微博,nope,2022-13-01,x,也许,\n',
      ),
    );
    const r2 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/checks/import',
      headers: { ...api, ...bad.headers },
      payload: bad.payload,
    });
    assert.equal(r2.statusCode, 400);
    assert.match(r2.json().error.message, /未导入/);
    assert.match(JSON.stringify(r2.json().error.fields), /其他单位/);
    assert.equal(await count('media_checks'), before + 1);
  });

  it('imports checks from XLSX too', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('检查');
    ws.addRow(['平台', '平台账号ID', '检查日期', '最近更新日期', '互动是否正常', '备注']);
    ws.addRow(['微信公众号', 'gh_demo_shajing', '2022-03-01', '2022-02-27', '否', '留言入口关闭']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const file = multipart('file', 'checks.xlsx', data);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media/checks/import',
      headers: { ...(await bearer(t, 'sj_editor')), ...file.headers },
      payload: file.payload,
    });
    assert.equal(r.statusCode, 200, r.body);
    const [acc] = (
      await t.app.inject({ url: '/api/v1/media/accounts', headers: await bearer(t, 'sj_editor') })
    ).json() as { interactionOk: boolean; lastUpdateDate: string }[];
    assert.equal(acc.interactionOk, false);
    assert.equal(acc.lastUpdateDate, '2022-02-27');
  });

  it('lets citizens check an account by name or platform ID and hides closed and pending ones', async () => {
    const byId = await t.app.inject({ url: '/hdjl/xmt?q=gh_demo_hgtfabu' });
    assert.match(byId.body, /红谷滩发布/);
    assert.match(byId.body, /演示数据/);
    const none = await t.app.inject({ url: '/hdjl/xmt?q=gh_fake_account' });
    assert.match(none.body, /不是本区备案/);
    const pending = await t.app.inject({ url: '/hdjl/xmt?q=健康红谷滩' });
    assert.doesNotMatch(pending.body, /demo_sph_jkhgt/);
    const all = (await t.app.inject({ url: '/api/v1/media/accounts/public' })).json() as Record<
      string,
      unknown
    >[];
    assert.ok(all.length >= 5, 'all.length >= 5');
    assert.ok(
      all.every((a) => !('operator' in a) && !('responsiblePerson' in a)),
      "all.every((a) => !('operator' in a) && !('responsiblePerson' in a))",
    );
    void systemActor;
  });

  it('uploads a document through the back-office form (CSRF token in the query) and refuses it without', async () => {
    const editor = await loginAs(t.app, 'editor');
    const res = await editor.post(
      '/admin/media/filings/new',
      {
        ...account({ platformAccountId: 'gh_form_upload' }),
        orgId: String(orgId('区发改委')),
        kind: 'open',
        note: '',
      },
      { from: '/admin/media/filings/new' },
    );
    const url = res.headers.location as string;
    const id = Number(/filings\/(\d+)/.exec(url)![1]);
    const token = await editor.csrf(`/admin/media/filings/${id}`);
    const body = multipart('file', '审批件.png', PNG, 'image/png');
    const inject = (q: string) =>
      t.app.inject({
        method: 'POST',
        url: `/admin/media/filings/${id}/documents${q}`,
        cookies: editor.cookies,
        remoteAddress: editor.remoteAddress,
        headers: body.headers,
        payload: body.payload,
      });
    assert.equal((await inject('')).statusCode, 403);
    const ok = await inject(`?_csrf=${encodeURIComponent(token)}`);
    assert.equal(ok.statusCode, 303);
    assert.match((await editor.get(`/admin/media/filings/${id}`)).body, /审批件\.png/);
  });

  it('renders the back-office screens for the openness office', async () => {
    const s = await loginAs(t.app, 'gkb');
    for (const url of [
      '/admin/media',
      '/admin/media/1',
      '/admin/media/1/edit',
      '/admin/media/filings',
      '/admin/media/filings/1',
      '/admin/media/new',
      '/admin/media/filings/new',
      '/admin/media/filings/new?kind=change&accountId=1',
      '/admin/media/import',
      '/admin',
    ]) {
      const r = await s.get(url);
      assert.equal(r.statusCode, 200, url);
    }
    const bad = await s.post('/admin/media/new', { platform: 'wechat' }, { from: '/admin/media/new' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写账号名称/);
  });
});
