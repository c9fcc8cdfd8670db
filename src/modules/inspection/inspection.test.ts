import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { bearer, buildTestApp, loginAs, runCliOn, Session, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../context.ts';
import { residentIdCheckChar } from '../../lib/identifiers.ts';
import {
  clearItem,
  createColumn,
  createItem,
  publishItem,
  reviewItem,
  submitItem,
} from '../content/service.ts';
import { registerApplication } from '../foi/service.ts';
import { createAccount, recordCheck } from '../media/service.ts';
import { listPublicOrgs } from '../org/service.ts';
import { isGrassroots } from '../org/model.ts';
import { CRAWL_LIMITS, inspectionJob, type RunDetail } from './service.ts';

const sys = systemActor('test');

describe('self-inspection (自查)', () => {
  let t: TestApp;
  let ndrc: number; // 区发改委
  let shajing: number; // 沙井街办
  let itemId: number;
  let inquiryNumber: string;
  let foiNumber: string;
  let accountId: number;
  const runs: Record<string, RunDetail> = {};

  const finding = (run: RunDetail, key: string) => run.findings.find((f) => f.key === key)!;
  /** Evidence about the hand-built columns only (the demo gives 区发改委 a column of its own). */
  const ours = (run: RunDetail, key: string) =>
    finding(run, key).evidence.filter((e) => e.url?.startsWith('/columns/insp-'));
  const runUnit = async (orgId: number, user = 'gkb') => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspection/runs',
      headers: await bearer(t, user),
      payload: { org: orgId },
    });
    assert.equal(res.statusCode, 201, res.body.slice(0, 500));
    return res.json() as RunDetail;
  };

  before(async () => {
    // 2023: the demo corpus (published through 2022) lies in the past.
    t = await buildTestApp({ start: '2023-03-01T02:00:00Z' });
    const orgs = await listPublicOrgs(t.ctx.db);
    ndrc = orgs.find((o) => o.shortName === '区发改委')!.id;
    shajing = orgs.find((o) => o.shortName === '沙井街办')!.id;
    // Hand-built data for 区发改委: five news columns with one item each, one empty notice column.
    const cols = [];
    for (let i = 1; i <= 5; i++)
      cols.push(
        await createColumn(t.ctx, sys, {
          name: `自查动态${i}`,
          slug: `insp-news-${i}`,
          kind: 'news',
          parentId: null,
          orgId: ndrc,
        }),
      );
    await createColumn(t.ctx, sys, {
      name: '自查空白栏目',
      slug: 'insp-empty',
      kind: 'notice',
      parentId: null,
      orgId: ndrc,
    });
    for (const [i, c] of cols.entries()) {
      // The first item links to a missing page and a missing attachment, and to a page that exists.
      const body =
        i === 0
          ? '<p>见<a href="/items/999999">不存在的页面</a>、<a href="/files/content/999999/missing.pdf">不存在的附件</a>和<a href="/columns/insp-news-2">另一个栏目</a>。</p>'
          : '<p>正文。</p>';
      const item = await createItem(t.ctx, sys, {
        kind: 'article',
        title: `自查测试稿件${i + 1}`,
        body,
        orgId: ndrc,
        source: 'original',
        columnIds: [c.id],
      });
      await submitItem(t.ctx, sys, item.id);
      await reviewItem(t.ctx, sys, item.id);
      await clearItem(t.ctx, sys, item.id);
      await publishItem(t.ctx, sys, item.id);
      if (i === 0) itemId = item.id;
    }
    const citizen = new Session(t.app);
    const res = await citizen.post(
      '/hdjl/zxzx',
      {
        askerKind: 'person',
        askerName: '自查市民',
        contact: 'a@example.com',
        title: '自查未答复咨询',
        question: '请问？',
        orgId: String(ndrc),
      },
      { from: '/hdjl/zxzx' },
    );
    inquiryNumber = /查询编号：<strong>([^<]+)</.exec(res.body)![1];
    const first17 = '36010219800101123';
    const foi = await registerApplication(t.ctx, sys, {
      applicantType: 'natural',
      applicantName: '自查申请人',
      idNumber: first17 + residentIdCheckChar(first17),
      phone: '13800000000',
      address: '南昌市',
      email: '',
      description: '自查测试申请',
      docNumber: '',
      docTitle: '',
      preferredForm: 'electronic',
      delivery: 'pickup',
      orgId: ndrc,
      channel: 'in_person',
      receivedOn: '2023-03-01',
    });
    foiNumber = foi.application.number;
    const account = await createAccount(t.ctx, sys, {
      platform: 'wechat',
      accountName: '自查测试公众号',
      platformAccountId: 'gh_insp_test',
      orgId: ndrc,
      operator: '发改委',
      responsiblePerson: '某某',
      level: 'department',
    });
    accountId = account.id;
    await recordCheck(t.ctx, sys, accountId, {
      checkedOn: '2023-03-01',
      lastUpdateDate: '2023-03-01',
      interactionOk: true,
    });
    CRAWL_LIMITS.site = { maxPages: 15, maxLinks: 150 };
  });
  after(() => t.close());

  it('passes fresh data on the day it is published, and finds the broken link and the missing attachment', async () => {
    const run = (runs.t0 = await runUnit(ndrc));
    assert.equal(run.orgId, ndrc);
    assert.equal(finding(run, 'home_update').status, 'pass');
    assert.deepEqual(ours(run, 'columns_stale'), []);
    const empty = finding(run, 'columns_empty');
    assert.deepEqual(
      ours(run, 'columns_empty').map((e) => e.url),
      ['/columns/insp-empty'],
    );
    assert.equal(empty.status, 'warn', 'fewer than 5 empty columns are below the veto line');
    const links = finding(run, 'broken_links');
    assert.equal(links.status, 'fail');
    const broken = links.evidence
      .filter((e) => e.url === `/items/${itemId}`)
      .map((e) => e.title)
      .sort();
    assert.deepEqual(broken, ['/files/content/999999/missing.pdf', '/items/999999']);
    assert.ok(
      links.evidence.every((e) => e.title !== '/columns/insp-news-2'),
      'a working link is not reported',
    );
    assert.equal(links.evidence.find((e) => e.url === `/items/${itemId}`)!.orgId, ndrc);
    assert.ok(run.pagesCrawled >= 5 && run.linksChecked > 5, 'run.pagesCrawled >= 5 && run.linksChecked > 5');
    assert.ok(
      !finding(run, 'inquiries_unanswered').evidence.some((e) => e.title.startsWith(inquiryNumber)),
      'a question within its limit is not flagged',
    );
    assert.ok(
      !finding(run, 'media_stale').evidence.some((e) => e.url === `/admin/media/${accountId}`),
      "!finding(run, 'media_stale').evidence.some((e) => e.url === `/admin/media/${accountId}`)",
    );
    assert.ok(
      !finding(run, 'foi_overdue').evidence.some((e) => e.title === `申请 ${foiNumber}`),
      "!finding(run, 'foi_overdue').evidence.some((e) => e.title === `申请 ${foiNumber}`)",
    );
    assert.equal(finding(run, 'columns_stale').veto, true);
    assert.equal(finding(run, 'broken_links').veto, false);
  });

  it('fails the stale columns, home page and new-media account two weeks later, on the clock', async () => {
    t.clock.set('2023-03-14T02:00:00Z');
    const day13 = await runUnit(ndrc);
    assert.deepEqual(ours(day13, 'columns_stale'), [], 'thirteen days is within the 2 weeks');
    assert.equal(finding(day13, 'home_update').status, 'pass');
    t.clock.set('2023-03-20T02:00:00Z');
    const run = (runs.t1 = await runUnit(ndrc));
    const stale = finding(run, 'columns_stale');
    assert.equal(ours(run, 'columns_stale').length, 5);
    assert.equal(stale.status, 'fail', '5 stale columns are a single-veto failure');
    assert.match(ours(run, 'columns_stale')[0].detail, /最近更新 2023-03-01，超过 2 周/);
    assert.equal(finding(run, 'home_update').status, 'fail');
    const media = finding(run, 'media_stale');
    assert.equal(media.status, 'fail');
    assert.match(
      media.evidence.find((e) => e.url === `/admin/media/${accountId}`)!.detail,
      /超过 2 周未更新/,
    );
    assert.ok(run.vetoFailed >= 3, 'run.vetoFailed >= 3');
  });

  it('flags an overdue FOI case and an unanswered inquiry long before the 3-month veto, then the veto', async () => {
    t.clock.set('2023-04-15T02:00:00Z');
    const run = (runs.t2 = await runUnit(ndrc));
    const foi = finding(run, 'foi_overdue');
    assert.equal(foi.status, 'fail');
    assert.match(
      foi.evidence.find((e) => e.title === `申请 ${foiNumber}`)!.detail,
      /答复期限 2023-03-29，已超过 \d+ 个工作日/,
    );
    const inq = finding(run, 'inquiries_unanswered');
    assert.equal(inq.status, 'warn', '45 days unanswered warns without failing');
    assert.match(
      inq.evidence.find((e) => e.title.startsWith(inquiryNumber))!.detail,
      /已 45 天：超过 30 天未答复/,
    );
    t.clock.set('2023-06-05T02:00:00Z');
    const late = (runs.t3 = await runUnit(ndrc));
    assert.equal(finding(late, 'inquiries_unanswered').status, 'fail');
    assert.match(
      finding(late, 'inquiries_unanswered').evidence.find((e) => e.title.startsWith(inquiryNumber))!.detail,
      /超过 3 个月未答复（单项否决）/,
    );
  });

  it('keeps the history so progress shows, newest first, with the trend on the health page', async () => {
    const list = (
      await t.app.inject({ url: `/api/v1/inspection/runs?org=${ndrc}`, headers: await bearer(t, 'gkb') })
    ).json() as { id: number; vetoFailed: number; asOf: string }[];
    assert.deepEqual(
      list.slice(0, 3).map((r) => r.asOf),
      ['2023-06-05', '2023-04-15', '2023-03-20'],
    );
    const latest = (
      await t.app.inject({ url: `/api/v1/inspection/latest?org=${ndrc}`, headers: await bearer(t, 'gkb') })
    ).json() as RunDetail;
    assert.equal(latest.id, runs.t3.id);
    const page = await (await loginAs(t.app, 'gkb')).get(`/admin/inspection?org=${ndrc}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /历次自查（整改进展）/);
    assert.match(page.body, /<svg role="img"/);
    assert.match(page.body, /栏目更新：<span class="status-bad">不通过<\/span>/);
    assert.ok(
      page.body.includes(`href="/admin/inspection/runs/${runs.t0.id}"`),
      'page.body.includes(`href="/admin/inspection/runs/${runs.t0.id}"`)',
    );
    assert.equal(
      (await (await loginAs(t.app, 'gkb')).get(`/admin/inspection/runs/${runs.t0.id}`)).statusCode,
      200,
    );
    const gkb = await loginAs(t.app, 'gkb');
    assert.equal((await gkb.get('/admin/inspection?org=abc')).statusCode, 400);
    assert.equal((await gkb.get('/admin/inspection?org=999999')).statusCode, 404);
  });

  it('inspects the whole site for district-wide roles: home page, crawl from /, all units listed', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspection/runs',
      headers: await bearer(t, 'gkb'),
      payload: { org: 0 },
    });
    assert.equal(res.statusCode, 201);
    const site = res.json() as RunDetail;
    assert.equal(site.orgId, null);
    assert.equal(site.orgName, '政府门户网站');
    assert.equal(finding(site, 'home_update').status, 'fail', 'nothing published since March');
    assert.ok(site.pagesCrawled > 1 && site.pagesCrawled <= 15, 'the page budget holds');
    assert.equal(finding(site, 'reachability').status, 'pass');
    const page = await (await loginAs(t.app, 'gkb')).get('/admin/inspection');
    assert.match(page.body, /网站与政务新媒体自查：政府门户网站/);
    assert.match(page.body, /各单位最近一次自查/);
    assert.match(page.body, /红谷滩区发展和改革委员会/);
  });

  it('lets a unit see and run only its own, and keeps others out (per role)', async () => {
    const editor = await bearer(t, 'editor');
    const own = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspection/runs',
      headers: editor,
      payload: {},
    });
    assert.equal(own.statusCode, 201, 'no org: the unit’s own');
    assert.equal(own.json().orgId, ndrc);
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/inspection/runs',
          headers: editor,
          payload: { org: 0 },
        })
      ).statusCode,
      403,
      'a unit cannot run the whole site',
    );
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/inspection/runs',
          headers: editor,
          payload: { org: shajing },
        })
      ).statusCode,
      403,
    );
    const sj = await bearer(t, 'sj_editor');
    assert.equal(
      (await t.app.inject({ url: `/api/v1/inspection/runs/${runs.t0.id}`, headers: sj })).statusCode,
      404,
      'another unit’s run is not found',
    );
    const sjList = (await t.app.inject({ url: '/api/v1/inspection/runs', headers: sj })).json() as {
      orgId: number | null;
    }[];
    assert.ok(
      sjList.every((r) => r.orgId === shajing),
      'sjList.every((r) => r.orgId === shajing)',
    );
    assert.equal(
      (await t.app.inject({ url: '/api/v1/inspection/runs?org=0', headers: sj })).statusCode,
      403,
      'the site’s runs are district-wide',
    );
    const edList = (await t.app.inject({ url: '/api/v1/inspection/runs', headers: editor })).json() as {
      orgId: number | null;
    }[];
    assert.ok(
      edList.length >= 5 && edList.every((r) => r.orgId === ndrc),
      'edList.length >= 5 && edList.every((r) => r.orgId === ndrc)',
    );
    // Leaders read everything but do not run; handlers and the public see nothing.
    const leader = await bearer(t, 'leader');
    assert.equal(
      (await t.app.inject({ url: `/api/v1/inspection/runs/${runs.t0.id}`, headers: leader })).statusCode,
      200,
    );
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/inspection/runs',
          headers: leader,
          payload: { org: 0 },
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (await t.app.inject({ url: '/api/v1/inspection/runs', headers: await bearer(t, 'handler') }))
        .statusCode,
      403,
    );
    assert.equal((await t.app.inject({ url: '/api/v1/inspection/runs' })).statusCode, 401);
    assert.notEqual((await t.app.inject({ url: '/admin/inspection' })).statusCode, 200);
    // The unit's back-office page shows its own unit, with the run button.
    const page = await (await loginAs(t.app, 'editor')).get('/admin/inspection');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /自查：红谷滩区发展和改革委员会/);
    assert.match(page.body, /立即自查/);
    assert.doesNotMatch(page.body, /各单位最近一次自查/);
    assert.equal(
      (await (await loginAs(t.app, 'sj_editor')).get(`/admin/inspection/runs/${runs.t0.id}`)).statusCode,
      404,
    );
    // The form button runs and lands on the new run.
    const s = await loginAs(t.app, 'reviewer');
    const posted = await s.post(
      '/admin/inspection/run',
      { org: String(ndrc) },
      { from: '/admin/inspection' },
    );
    assert.equal(posted.statusCode, 303);
    assert.match(String(posted.headers.location), /^\/admin\/inspection\/runs\/\d+$/);
    // Runs are audited.
    const audits = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'inspection.run')
      .execute();
    assert.ok(audits.length >= 7, 'audits.length >= 7');
  });

  it('exports the report as DOCX and XLSX that open back with the findings and links', async () => {
    const gkb = await bearer(t, 'gkb');
    const docx = await t.app.inject({
      url: `/api/v1/inspection/runs/${runs.t1.id}/report?format=docx`,
      headers: gkb,
    });
    assert.equal(docx.statusCode, 200);
    assert.match(String(docx.headers['content-disposition']), /attachment; filename\*=UTF-8''/);
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    assert.match(value, /红谷滩区发展和改革委员会网站与政务新媒体自查报告（2023-03-20）/);
    assert.match(value, /单项否决指标/);
    assert.match(value, /栏目更新/);
    assert.match(value, /不通过/);
    assert.match(value, /自查动态1/);
    assert.match(value, /\/items\/999999/);
    assert.match(value, /整改进展/);
    const xlsx = await t.app.inject({
      url: `/admin/inspection/runs/${runs.t1.id}/report.xlsx`,
      cookies: (await loginAs(t.app, 'editor')).cookies,
    });
    assert.equal(xlsx.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['检查结果', '问题清单', '历次自查'],
    );
    const rows: string[][] = [];
    wb.getWorksheet('问题清单')!.eachRow((r) =>
      rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))),
    );
    assert.deepEqual(rows[0], ['检查项', '问题', '单位', '说明', '链接']);
    const broken = rows.find((r) => r[1] === '/items/999999')!;
    assert.equal(broken[0], '错链断链');
    assert.equal(broken[2], '红谷滩区发展和改革委员会');
    assert.match(broken[4], new RegExp(`/items/${itemId}$`));
    const history: string[] = [];
    wb.getWorksheet('历次自查')!.eachRow((r) => history.push(String(r.getCell(1).value)));
    assert.ok(
      history.includes('2023-03-20') && history.includes('2023-03-01') && !history.includes('2023-04-15'),
      'history up to this run only',
    );
    assert.equal(
      (
        await t.app.inject({
          url: `/api/v1/inspection/runs/${runs.t1.id}/report?format=docx`,
          headers: await bearer(t, 'sj_editor'),
        })
      ).statusCode,
      404,
    );
    assert.equal(
      (await t.app.inject({ url: `/api/v1/inspection/runs/${runs.t1.id}/report?format=pdf`, headers: gkb }))
        .statusCode,
      400,
    );
  });

  it('runs daily as a job: the site and every department and township', async () => {
    CRAWL_LIMITS.unit = { maxPages: 5, maxLinks: 40 };
    const before = await t.ctx.db
      .selectFrom('inspection_runs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const summary = await inspectionJob.run(t.ctx, t.clock.now());
    const after = await t.ctx.db
      .selectFrom('inspection_runs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const units = (await listPublicOrgs(t.ctx.db)).filter(
      (o) => o.kind === 'department' || isGrassroots(o.kind),
    ).length;
    assert.equal(Number(after.n) - Number(before.n), units + 1);
    assert.match(String(summary), new RegExp(`检查单位 ${units} 个`));
  });
});

describe('inspection CLI', () => {
  it('runs a unit’s inspection with the in-process link check', async () => {
    const t = await buildTestApp();
    const run = await runCliOn(t.db, ['inspection', 'run', '--org', '区发改委']);
    assert.ok(run.code === 0 || run.code === 3, `exit ${run.code}: ${run.text}`);
    const unknown = await runCliOn(t.db, ['inspection', 'run', '--org', '不存在的单位']);
    assert.equal(unknown.code, 1, unknown.text);
    const text = `${run.text}\n${unknown.text}`;
    assert.match(text, /第 \d+ 次自查（红谷滩区发展和改革委员会，\d{4}-\d{2}-\d{2}）/);
    assert.match(text, /错链断链/);
    assert.match(text, /找不到单位：不存在的单位/);
    const stored = await t.ctx.db
      .selectFrom('inspection_runs')
      .select(['trigger', 'pages_crawled'])
      .execute();
    assert.equal(stored.length, 1);
    assert.equal(stored[0].trigger, 'cli');
    assert.ok(stored[0].pages_crawled > 0, 'the CLI crawled the pages in-process');
    await t.close();
  });
});
