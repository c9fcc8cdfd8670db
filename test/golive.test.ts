/**
 * Go live (#18): an empty instance (no demo) set up as another county through the one-time link —
 * refusals (weak password, malformed org table, expired/reused/unknown link, two submissions at
 * once) write nothing; then no page, feed, DOCX/XLSX or log line names the demo district.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { ManualClock } from '../src/lib/time.ts';
import {
  issueSetupLink,
  runSetup,
  setupLinkState,
  setupNeeded,
  type SetupInput,
} from '../src/modules/setup/service.ts';
import { ORG_COLUMNS } from '../src/modules/org/xlsx.ts';
import { COUNTY_ROWS, COUNTY_SITE, orgXlsx } from './golive-fixtures.ts';
import { getSiteInfo } from '../src/modules/portal/service.ts';
import { createTestDb, runCliOn, Session, testConfig, type TestDb } from './helpers.ts';

const DEMO = /红谷滩|南昌/;
const PASSWORD = 'Qingshan#2026x';

const ACCOUNTS = { sysadmin: 'qsadmin', security_admin: 'qssec', audit_admin: 'qsaudit' } as const;

function setupFields(overrides: Record<string, string> = {}): Record<string, string> {
  const f: Record<string, string> = { ...COUNTY_SITE };
  for (const [role, username] of Object.entries(ACCOUNTS)) {
    f[`${role}.username`] = username;
    f[`${role}.displayName`] = `${username} 管理员`;
    f[`${role}.password`] = PASSWORD;
  }
  return { ...f, ...overrides };
}

/** A multipart/form-data body as a browser sends the setup form. */
function multipart(fields: Record<string, string>, file?: { field: string; name: string; data: Buffer }) {
  const boundary = '----gongkaiTestBoundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function postSetup(s: Session, token: string, fields: Record<string, string>, file?: Buffer) {
  const page = await s.get(`/setup?token=${token}`);
  const csrf = /_csrf=([^"&]+)/.exec(page.body)?.[1];
  assert.ok(csrf, `setup form carries a CSRF token (status ${page.statusCode})`);
  const body = multipart(fields, file && { field: 'orgFile', name: '机关表.xlsx', data: file });
  return s.app.inject({
    method: 'POST',
    url: `/setup?token=${token}&_csrf=${csrf}`,
    cookies: s.cookies,
    headers: body.headers,
    payload: body.payload,
    remoteAddress: s.remoteAddress,
  });
}

async function counts(app: FastifyInstance) {
  const n = async (table: 'users' | 'orgs' | 'content_columns' | 'audit_log') =>
    Number(
      (
        await app.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const site = await app.ctx.db
    .selectFrom('settings')
    .select('key')
    .where('key', 'in', ['site', 'setup.done'])
    .execute();
  return {
    users: await n('users'),
    orgs: await n('orgs'),
    columns: await n('content_columns'),
    settings: site.length,
  };
}

/** Text a document download holds: DOCX through mammoth, XLSX cell by cell. */
async function documentText(body: Buffer, type: string): Promise<string> {
  if (/wordprocessingml/.test(type)) return (await mammoth.extractRawText({ buffer: body })).value;
  if (/spreadsheetml/.test(type)) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const out: string[] = [];
    wb.eachSheet((ws) => {
      out.push(ws.name);
      ws.eachRow((row) => row.eachCell((c) => out.push(String(c.text ?? ''))));
    });
    return out.join('\n');
  }
  return body.toString('utf8');
}

describe('go live: an empty instance set up as another county', () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new ManualClock('2027-04-12T02:00:00Z');
  const logLines: string[] = [];
  let token: string;

  before(async () => {
    db = await createTestDb();
    const stream = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = await buildApp({
      config: testConfig(db, { seedDemo: false }),
      clock,
      logger: { level: 'info', stream },
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await db.drop();
  });

  it('shows a neutral placeholder before setup, and /setup without the link says what to do', async () => {
    assert.equal(await setupNeeded(app.ctx.db), true);
    const home = await app.inject({ method: 'GET', url: '/' });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /尚未完成初始设置/);
    assert.doesNotMatch(home.body, DEMO);
    const bare = await app.inject({ method: 'GET', url: '/setup' });
    assert.equal(bare.statusCode, 403);
    assert.match(bare.body, /设置链接无效/);
    assert.match(bare.body, /npx gongkai setup --link/);
  });

  it('refuses an expired link with a Chinese page, and a newer link replaces an older one', async () => {
    const old = await issueSetupLink(app.ctx);
    clock.advance(25 * 3600_000);
    const expired = await app.inject({ method: 'GET', url: `/setup?token=${old.token}` });
    assert.equal(expired.statusCode, 410);
    assert.match(expired.body, /设置链接已过期/);
    const fresh = await issueSetupLink(app.ctx);
    assert.equal(await setupLinkState(app.ctx, old.token), 'invalid');
    assert.equal(await setupLinkState(app.ctx, fresh.token), 'ok');
    token = fresh.token;
    const form = await app.inject({ method: 'GET', url: `/setup?token=${token}` });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /“三员”账号/);
    assert.match(form.body, /下载 Excel 模板/);
  });

  it('offers the org table template as a real XLSX with the columns setup reads', async () => {
    const res = await app.inject({ method: 'GET', url: '/setup/orgs-template.xlsx' });
    assert.equal(res.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const headers: string[] = [];
    wb.getWorksheet('机关')!
      .getRow(1)
      .eachCell((c) => headers.push(String(c.value)));
    assert.deepEqual(
      headers,
      ORG_COLUMNS.map(([, h]) => h),
    );
  });

  it('refuses a weak password and a malformed application-number code, and writes nothing', async () => {
    const before = await counts(app);
    const code = await postSetup(
      new Session(app),
      token,
      setupFields({ numberPrefix: 'Q-1' }),
      await orgXlsx(COUNTY_ROWS),
    );
    assert.equal(code.statusCode, 400);
    assert.match(code.body, /申请编号代码为 2 至 8 个大写英文字母/);
    const res = await postSetup(
      new Session(app),
      token,
      setupFields({ 'security_admin.password': 'short1' }),
      await orgXlsx(COUNTY_ROWS),
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /安全管理员：/);
    assert.match(res.body, /尚未保存任何内容/);
    assert.deepEqual(await counts(app), before);
  });

  it('refuses a malformed org table naming the row and the column, and writes nothing', async () => {
    const before = await counts(app);
    const bad = COUNTY_ROWS.map((r) => [...r]);
    bad[2][3] = '委员会'; // row 4 of the sheet: unknown type
    bad[4][4] = '青山县政府'; // row 6: a parent not in the table
    const res = await postSetup(new Session(app), token, setupFields(), await orgXlsx(bad));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /第 4 行“类型”列：“委员会”不是可用的类型/);
    assert.match(res.body, /第 6 行“上级机关”列/);
    const noHeader = await postSetup(
      new Session(app),
      token,
      setupFields(),
      await orgXlsx(COUNTY_ROWS, ['名称', '类型']),
    );
    assert.equal(noHeader.statusCode, 400);
    assert.match(noHeader.body, /第 1 行缺少“机关全称”列/);
    const notXlsx = await postSetup(new Session(app), token, setupFields(), Buffer.from('not a workbook'));
    assert.equal(notXlsx.statusCode, 400);
    assert.deepEqual(await counts(app), before);
    assert.equal(await setupNeeded(app.ctx.db), true);
  });

  it('of two setups at once exactly one wins; the other writes nothing', async () => {
    const input = (n: number): SetupInput => ({
      site: { ...COUNTY_SITE, name: `并发${n}县人民政府` },
      accounts: Object.entries(ACCOUNTS).map(([role, username]) => ({
        role: role as 'sysadmin',
        username: `${username}${n}`,
        displayName: `管理员${n}`,
        password: PASSWORD,
      })),
      orgRows: [{ row: 2, cells: { name: `并发${n}县人民政府`, kind: '人民政府' } }],
    });
    // On a throwaway database: the shared one is set up through the page below.
    const other = await createTestDb();
    const racing = await buildApp({ config: testConfig(other, { seedDemo: false }), clock, logger: false });
    try {
      const results = await Promise.allSettled([
        runSetup(racing.ctx, input(1), { via: 'cli' }),
        runSetup(racing.ctx, input(2), { via: 'cli' }),
      ]);
      assert.equal(
        results.filter((r) => r.status === 'fulfilled').length,
        1,
        JSON.stringify(results.map((r) => r.status)),
      );
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.match(String(lost.reason.userMessage), /已完成初始设置/);
      const users = await racing.ctx.db.selectFrom('users').select('username').execute();
      assert.equal(users.length, 3);
      const orgs = await racing.ctx.db.selectFrom('orgs').select('name').execute();
      assert.equal(orgs.length, 1);
      assert.ok(
        users.every((u) => u.username.endsWith(orgs[0].name.includes('1') ? '1' : '2')),
        'the winner wrote everything, the loser nothing',
      );
    } finally {
      await racing.close();
      await other.drop();
    }
  });

  it('sets the instance up: site, 三员, the org tree with its FOI desks, empty 信息公开 columns, the calendar reported', async () => {
    const res = await postSetup(
      new Session(app),
      token,
      setupFields({ numberPrefix: 'qsx' }),
      await orgXlsx(COUNTY_ROWS),
    );
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    assert.match(res.body, /初始设置已完成/);
    assert.equal(
      (await getSiteInfo(app.ctx.db)).numberPrefix,
      'QSX',
      'the FOI number code typed in lower case is kept in capitals',
    );
    assert.match(res.body, /6 个机关/);
    assert.match(res.body, /21 个政府信息公开栏目/);
    assert.match(res.body, /2027 年：/);
    assert.equal(await setupNeeded(app.ctx.db), false);
    const orgs = await app.ctx.db.selectFrom('orgs').selectAll().execute();
    const dev = orgs.find((o) => o.name === '青山县发展和改革委员会')!;
    assert.equal(dev.kind, 'department');
    assert.equal(dev.foi_address, '青山县建设路 8 号');
    assert.equal(dev.letter_number_pattern, '青发改依复〔{year}〕{seq}号');
    assert.equal(
      orgs.find((o) => o.name === '国家税务总局青山县税务局')!.review_body,
      '国家税务总局江州市税务局',
    );
    assert.equal(orgs.find((o) => o.name === '青山县城关街道办事处')!.kind, 'agency');
    const roles = await app.ctx.db
      .selectFrom('user_roles')
      .innerJoin('users', 'users.id', 'user_roles.user_id')
      .select(['users.username', 'user_roles.role'])
      .execute();
    assert.deepEqual(roles.map((r) => `${r.username}:${r.role}`).sort(), [
      'qsadmin:sysadmin',
      'qsaudit:audit_admin',
      'qssec:security_admin',
    ]);
    const columns = await app.ctx.db.selectFrom('content_columns').select('slug').execute();
    for (const slug of [
      'xxgk',
      'xxgk-gkzn',
      'xxgk-gkzd',
      'xxgk-fdzdgknr',
      'fdzdgk-fgwj',
      'fdzdgk-qtxx',
      'xxgk-gknb',
      'xxgk-ysqgk',
    ])
      assert.ok(
        columns.some((c) => c.slug === slug),
        slug,
      );
    assert.equal(
      (await app.ctx.db.selectFrom('content_items').select('id').execute()).length,
      0,
      'the columns are empty',
    );
    const audited = await app.ctx.db.selectFrom('audit_log').select('action').execute();
    for (const action of ['site.update', 'org.create', 'user.create', 'content.column.create'])
      assert.ok(
        audited.some((a) => a.action === action),
        action,
      );
  });

  it('refuses the used link with a page saying to log in', async () => {
    const again = await app.inject({ method: 'GET', url: `/setup?token=${token}` });
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /本站已完成初始设置/);
    assert.match(again.body, /系统管理员账号登录/);
    await assert.rejects(issueSetupLink(app.ctx), /已完成初始设置/);
    const before = await counts(app);
    const res = await postSetup(new Session(app), token, setupFields(), await orgXlsx(COUNTY_ROWS)).catch(
      () => null,
    );
    assert.equal(res, null, 'the used link serves no form to post from');
    assert.deepEqual(await counts(app), before);
  });

  it('names the new county everywhere: no page, feed, export or log line names the demo district', async () => {
    const admin = await new Session(app).login(ACCOUNTS.sysadmin, PASSWORD);
    const home = await admin.get('/');
    assert.match(home.body, /青山县人民政府/);
    const seen = new Set<string>();
    const failures: string[] = [];
    const queue = [
      '/',
      '/sitemap',
      '/xxgk',
      '/gfxwj',
      '/gfxwj/feed.xml',
      '/ysqgk',
      '/hdjl',
      '/search?q=青山',
      '/admin',
      '/admin/orgs',
      '/admin/users',
    ];
    const skip = /^\/(logout|elder|jiucuo|static|api\/docs)|\/login|\/setup/;
    while (queue.length && seen.size < 250) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const res = await admin.get(url);
      const type = String(res.headers['content-type'] ?? '');
      if (res.statusCode >= 500) failures.push(`${url}: ${res.statusCode}`);
      const text = await documentText(res.rawPayload, type);
      if (DEMO.test(text))
        failures.push(`${url}: ${text.match(new RegExp(`.{0,40}(${DEMO.source}).{0,40}`))?.[0]}`);
      if (!/html/.test(type)) continue;
      for (const m of res.body.matchAll(/href="(\/[^"#]*)"/g)) {
        const href = m[1].replaceAll('&amp;', '&');
        if (!skip.test(href) && !seen.has(href)) queue.push(href);
      }
    }
    assert.ok(seen.size > 40, `crawled ${seen.size} pages`);
    assert.deepEqual(failures, []);
    assert.ok(logLines.length > 0, 'the app logged');
    assert.deepEqual(
      logLines.filter((l) => DEMO.test(l)),
      [],
    );
  });

  it('exports the org tree as the same XLSX setup reads (CLI), and it names only the county', async () => {
    const file = `${db.dataDir}/orgs.xlsx`;
    const out = await runCliOn(db, ['org', 'export', file]);
    assert.equal(out.code, 0, out.text);
    const { readFile } = await import('node:fs/promises');
    const text = await documentText(await readFile(file), 'spreadsheetml');
    assert.match(text, /青山县发展和改革委员会/);
    assert.match(text, /青发改依复〔\{year\}〕\{seq\}号/);
    assert.doesNotMatch(text, DEMO);
  });
});
