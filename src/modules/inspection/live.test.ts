import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { bearer, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { publicActor, systemActor } from '../../context.ts';
import {
  addAttachment,
  clearItem,
  createColumn,
  createItem,
  overrideGate,
  publishItem,
  releaseDueItems,
  reviewItem,
  submitItem,
  type ItemInput,
} from '../content/service.ts';
import {
  createConsultation,
  moderateComment,
  publishConsultation,
  submitComment,
} from '../consultation/service.ts';
import { answerInquiry, publishFaq, submitInquiry } from '../inquiry/service.ts';
import { createAccount } from '../media/service.ts';
import { createZone } from '../zones/service.ts';
import { listPublicOrgs } from '../org/service.ts';
import { createExpressionRule } from '../privacy/service.ts';
import { CRAWL_LIMITS, type RunDetail } from './service.ts';

const sys = systemActor('test');

/**
 * 严重表述错误, 泄密 and 虚假发布时间 on live items: hand-built items of 区发改委 published through the
 * workflow on a manual clock, some then changed the way a forger would (the date edited in the
 * database), checked by unit and site runs; the seeded demo content raises no finding.
 */
describe('self-inspection of live published items', () => {
  let t: TestApp;
  let ndrc: number;
  let column: number;
  const ids: Record<string, number> = {};

  const finding = (run: RunDetail, key: string) => run.findings.find((f) => f.key === key)!;
  const flagged = (run: RunDetail, key: string) =>
    finding(run, key)
      .evidence.map((e) => Number(e.url!.replace('/items/', '')))
      .sort((a, b) => a - b);
  const detailOf = (run: RunDetail, key: string, id: number) =>
    finding(run, key).evidence.find((e) => e.url === `/items/${id}`)?.detail ?? '';
  const run = async (org: number) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspection/runs',
      headers: await bearer(t, 'gkb'),
      payload: { org },
    });
    assert.equal(res.statusCode, 201, res.body.slice(0, 500));
    return res.json() as RunDetail;
  };
  const sorted = (...xs: number[]) => [...xs].sort((a, b) => a - b);

  /** Creates an item of 区发改委 and takes it through 报送 → 审核 → 保密审查; `publish` false stops before 发布. */
  async function cleared(
    key: string,
    input: Partial<ItemInput>,
    attach?: { filename: string; data: Buffer },
  ) {
    const item = await createItem(t.ctx, sys, {
      kind: 'article',
      title: `自查稿件${key}`,
      body: '<p>正文。</p>',
      orgId: ndrc,
      source: 'original',
      columnIds: [column],
      ...input,
    });
    if (attach) await addAttachment(t.ctx, sys, item.id, attach);
    // 报送 stops on personal information unless the editor gives a reason (content, issue 20).
    await submitItem(t.ctx, sys, item.id, { justification: '自查测试稿件，由审核人决定是否放行' });
    await reviewItem(t.ctx, sys, item.id);
    await clearItem(t.ctx, sys, item.id);
    ids[key] = item.id;
    return item.id;
  }
  const published = async (
    key: string,
    input: Partial<ItemInput>,
    attach?: { filename: string; data: Buffer },
  ) => publishItem(t.ctx, sys, await cleared(key, input, attach));

  before(async () => {
    t = await buildTestApp({ start: '2023-03-01T02:00:00Z' });
    ndrc = (await listPublicOrgs(t.ctx.db)).find((o) => o.shortName === '区发改委')!.id;
    column = (
      await createColumn(t.ctx, sys, {
        name: '自查在线稿件',
        slug: 'insp-live',
        kind: 'news',
        parentId: null,
        orgId: ndrc,
      })
    ).id;
    CRAWL_LIMITS.site = { maxPages: 5, maxLinks: 40 };
    CRAWL_LIMITS.unit = { maxPages: 5, maxLinks: 40 };
    // Clean, though it names secrets and calls a hotline: nothing here may be flagged.
    await published('clean', {
      title: '自查稿件：关于做好政府信息公开保密审查的通知',
      body: '<p>涉及国家秘密的政府信息不予公开，请各单位注意保密。</p><p>在文件首页标注“秘密★”字样的文件不得上网。</p><p>咨询电话：0791-83881234，12345 政务服务热线。</p><p>办理人身份证号 3601**********1234（已遮盖）。</p><p>截止目前已完成。</p>',
    });
    // The gate does not look for markings: these go live and only the inspection finds them.
    await published('markedBody', { body: '<p>秘密★1年</p><p>关于2023年重点项目调度情况的通报。</p>' });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph('内部资料'),
            new Paragraph('注意保密'),
            new Paragraph('2023年第一次主任办公会议纪要'),
          ],
        },
      ],
    });
    await published(
      'markedAttachment',
      { title: '自查稿件：会议情况' },
      { filename: '会议纪要.docx', data: await Packer.toBuffer(doc) },
    );
    // A data table is shown on the page, but the publishing gate reads only title, body and attachments.
    await published('tablePhone', {
      kind: 'data',
      title: '自查稿件：联络员名单',
      dataTable: { columns: ['姓名', '手机'], rows: [['张建国', '13912345678']] },
    });
    // A reviewer let a mobile number through the gate, with a reason: listed for review, not failed.
    const letThrough = await cleared('letThrough', { body: '<p>联系人：李明，手机 13812345678。</p>' });
    await assert.rejects(publishItem(t.ctx, sys, letThrough), /个人信息/);
    await overrideGate(t.ctx, sys, letThrough, '该号码为单位公开的值班手机');
    await publishItem(t.ctx, sys, letThrough);
    // A wrong expression published before the list knew it; the list is updated afterwards.
    await published('laterRule', { body: '<p>请到自查旧名称办事大厅办理。</p>' });
    await published('refreshed', { title: '自查稿件：将被改成新日期' });
    await published('backdated', { title: '自查稿件：将被倒签' });
    await published('future', { title: '自查稿件：将被改到将来' });
    // Scheduled for 3 March 10:00; the job only runs at 13:00 — the page keeps the scheduled time.
    const scheduled = await cleared('scheduled', { title: '自查稿件：定时发布' });
    await publishItem(t.ctx, sys, scheduled, { at: '2023-03-03T02:00:00Z' });
    t.clock.set('2023-03-03T05:00:00Z');
    await releaseDueItems(t.ctx, t.clock.now());
    await createExpressionRule(t.ctx, sys, {
      term: '自查旧名称',
      suggestion: '自查新名称',
      severity: 'serious',
      kind: 'outdated',
      note: '测试用',
    });
    await createExpressionRule(t.ctx, sys, {
      term: '截止目前',
      suggestion: '截至目前',
      severity: 'warning',
      kind: 'wrong',
    }).catch(() => undefined); // already listed as a warning
    t.clock.set('2023-03-20T02:00:00Z');
    // What a forger does in the database: a stale item made to look new, one dated back, one dated ahead.
    const setDate = (id: number, at: string) =>
      t.ctx.db.updateTable('content_items').set({ published_at: at }).where('id', '=', id).execute();
    await setDate(ids.refreshed, '2023-03-19T02:00:00.000Z');
    await setDate(ids.backdated, '2023-02-01T02:00:00.000Z');
    await setDate(ids.future, '2023-04-01T02:00:00.000Z');
  });
  after(() => t.close());

  it('finds serious wrong expressions on live items with the list as it stands today', async () => {
    const r = await run(ndrc);
    const f = finding(r, 'expressions_serious');
    assert.equal(f.veto, true);
    assert.equal(f.status, 'fail');
    assert.deepEqual(flagged(r, 'expressions_serious'), [ids.laterRule]);
    assert.equal(detailOf(r, 'expressions_serious', ids.laterRule), '正文：“自查旧名称”应为“自查新名称”');
    assert.match(f.summary, /1 条含严重错误或敏感表述/);
  });

  it('finds confidentiality markings and unmasked personal information in items, tables and attachments', async () => {
    const r = await run(ndrc);
    const f = finding(r, 'secrets_leaked');
    assert.equal(f.status, 'fail');
    assert.deepEqual(
      flagged(r, 'secrets_leaked'),
      sorted(ids.markedBody, ids.markedAttachment, ids.tablePhone, ids.letThrough),
    );
    assert.equal(f.count, 3, 'the item let through by a reviewer needs attention but does not fail');
    assert.equal(detailOf(r, 'secrets_leaked', ids.markedBody), '正文：密级标志“秘密★1年”');
    assert.equal(
      detailOf(r, 'secrets_leaked', ids.markedAttachment),
      '附件“会议纪要.docx”：保密标志“内部资料”；附件“会议纪要.docx”：保密标志“注意保密”',
    );
    assert.equal(
      detailOf(r, 'secrets_leaked', ids.tablePhone),
      '数据表：与个人信息相邻的姓名 张**；数据表：手机号码 139****5678',
    );
    assert.match(
      detailOf(r, 'secrets_leaked', ids.letThrough),
      /^正文：与个人信息相邻的姓名 李\*；正文：手机号码 138\*\*\*\*5678（发布前已由.+放行：该号码为单位公开的值班手机，请复核）$/,
    );
    assert.ok(!JSON.stringify(f.evidence).includes('13912345678'), 'the evidence never repeats the number');
  });

  it('finds publication dates edited after the fact, and accepts the workflow’s own dates', async () => {
    const r = await run(ndrc);
    const f = finding(r, 'dates_forged');
    assert.equal(f.status, 'fail');
    assert.deepEqual(flagged(r, 'dates_forged'), sorted(ids.refreshed, ids.backdated, ids.future));
    assert.equal(
      detailOf(r, 'dates_forged', ids.refreshed),
      '发布时间 2023-03-19 10:00 与发布操作的审计记录（2023-03-01 10:00）不符',
    );
    assert.match(
      detailOf(r, 'dates_forged', ids.backdated),
      /^发布时间 2023-02-01 10:00 早于稿件录入系统的时间 2023-03-01 10:00；/,
    );
    assert.match(
      detailOf(r, 'dates_forged', ids.future),
      /^发布时间 2023-04-01 10:00 晚于检查时间 2023-03-20 10:00；/,
    );
    assert.ok(
      !flagged(r, 'dates_forged').includes(ids.scheduled),
      'a release that ran late keeps its scheduled time',
    );
    // The future date stops being "future" once the clock passes it, but stays off the audit trail.
    t.clock.set('2023-04-02T02:00:00Z');
    const later = await run(ndrc);
    assert.doesNotMatch(detailOf(later, 'dates_forged', ids.future), /晚于检查时间/);
    assert.match(detailOf(later, 'dates_forged', ids.future), /与发布操作的审计记录（2023-03-01 10:00）不符/);
    t.clock.set('2023-03-20T02:00:00Z');
  });

  it('raises nothing for the seeded demo content and the clean item on a whole-site run', async () => {
    const site = await run(0);
    const ours = new Set(Object.values(ids));
    for (const key of ['expressions_serious', 'secrets_leaked', 'dates_forged']) {
      const others = finding(site, key).evidence.filter(
        (e) => !ours.has(Number(e.url!.replace('/items/', ''))),
      );
      assert.deepEqual(others, [], `${key}: only the hand-built items`);
      assert.ok(!flagged(site, key).includes(ids.clean), `${key}: the clean item`);
      assert.ok(!flagged(site, key).includes(ids.scheduled), `${key}: the scheduled item`);
    }
    assert.match(
      finding(site, 'dates_forged').summary,
      /核对已发布信息 \d{2,} 条及常见问题 \d+ 条的发布时间，3 条/,
    );
  });

  it('scans the FAQ, consultation, new-media and zone pages too: a marking in a consultation draft, texts worded before the list knew the term; clean pages raise nothing', async () => {
    const faqOf = async (question: string, answer: string) => {
      const { inquiry } = await submitInquiry(t.ctx, publicActor(), {
        askerKind: 'person',
        askerName: '王五',
        contact: '13700001111',
        title: question,
        question,
        orgId: ndrc,
      });
      await answerInquiry(t.ctx, sys, inquiry.id, answer);
      await publishFaq(t.ctx, sys, inquiry.id, { question, answer, links: [] });
      return `/hdjl/zxzx/faq/${inquiry.id}`;
    };
    const cleanFaq = await faqOf(
      '自查：企业开办需要多长时间？',
      '在政务服务中心一个工作日内办结，咨询电话 0791-83881234。',
    );
    const oldWordFaq = await faqOf('自查：去哪里办理营业执照？', '请到自查旧词大厅办理。');
    const c = await createConsultation(t.ctx, sys, {
      orgId: ndrc,
      title: '自查：某办法（征求意见稿）',
      draftText: '内部资料\n第一条 为规范管理，制定本办法。',
      explanation: '起草说明。',
      startDate: '2023-03-20',
    });
    await publishConsultation(t.ctx, sys, c.id);
    const comment = await submitComment(t.ctx, publicActor(), c.id, {
      authorName: '赵六',
      contact: '13700002222',
      body: '建议第一条写明适用范围。',
    });
    await moderateComment(t.ctx, sys, comment.id, { approve: true });
    const account = await createAccount(t.ctx, sys, {
      platform: 'wechat',
      accountName: '自查旧词发布',
      platformAccountId: 'gh_zicha0001',
      orgId: ndrc,
      operator: '区发改委办公室',
      responsiblePerson: '办公室主任',
      level: 'department',
    });
    await createZone(t.ctx, sys, {
      name: '自查政务公开专区',
      orgId: ndrc,
      address: '自查旧词大街 1 号',
      hours: '工作日 9:00—17:00',
      phone: '0791-83880000',
      services: ['reading'],
      active: true,
    });
    await createExpressionRule(t.ctx, sys, {
      term: '自查旧词',
      suggestion: '自查新词',
      severity: 'serious',
      kind: 'outdated',
      note: '测试用',
    });
    const r = await run(ndrc);
    const urls = (key: string) =>
      finding(r, key)
        .evidence.map((e) => e.url)
        .filter((u) => !u!.startsWith('/items/'));
    assert.deepEqual(
      urls('expressions_serious'),
      [oldWordFaq, '/hdjl/xmt', '/zones'],
      'the FAQ answer, the account name and the zone address worded before the list knew the term',
    );
    const detail = (url: string) => finding(r, 'expressions_serious').evidence.find((e) => e.url === url);
    assert.deepEqual(
      [detail('/hdjl/xmt')?.title, detail('/hdjl/xmt')?.detail],
      [`微信公众号“${account.accountName}”`, '政务新媒体账号名称：“自查旧词”应为“自查新词”'],
    );
    assert.deepEqual(
      [detail('/zones')?.title, detail('/zones')?.detail],
      ['自查政务公开专区', '专区地址：“自查旧词”应为“自查新词”'],
    );
    assert.equal(
      finding(r, 'expressions_serious').evidence.find((e) => e.url === oldWordFaq)?.detail,
      '答复：“自查旧词”应为“自查新词”',
    );
    assert.deepEqual(
      urls('secrets_leaked'),
      [`/hdjl/yjzj/${c.id}`],
      'the consultation whose draft carries a marking',
    );
    assert.equal(
      finding(r, 'secrets_leaked').evidence.find((e) => e.url === `/hdjl/yjzj/${c.id}`)?.detail,
      '征求意见稿：保密标志“内部资料”',
    );
    assert.ok(
      !urls('secrets_leaked').includes(cleanFaq) && !urls('expressions_serious').includes(cleanFaq),
      'the clean FAQ raises nothing',
    );
    assert.match(finding(r, 'secrets_leaked').summary, /及常见问题、意见征集、新媒体账号、公开专区 \d+ 项/);
    assert.ok(!urls('dates_forged').includes(cleanFaq), 'an FAQ dated by its publication');
    // An FAQ's 公开时间 edited in the database, to before its answer: against the answer and the audit trail.
    const forgedFaq = await faqOf('自查：公开时间会被改早吗？', '不会。');
    const id = Number(forgedFaq.split('/').at(-1));
    await t.ctx.db
      .updateTable('inquiries')
      .set({ faq_published_at: '2023-03-10T02:00:00.000Z' })
      .where('id', '=', id)
      .execute();
    const forged = await run(ndrc);
    assert.equal(
      finding(forged, 'dates_forged').evidence.find((e) => e.url === forgedFaq)?.detail,
      '发布时间 2023-03-10 10:00 早于咨询答复的时间 2023-03-20 10:00；发布时间 2023-03-10 10:00 与发布操作的审计记录（2023-03-20 10:00）不符',
    );
    assert.match(finding(forged, 'dates_forged').summary, /及常见问题 \d+ 条的发布时间/);
    await t.ctx.db.updateTable('inquiries').set({ faq_published_at: null }).where('id', '=', id).execute();
    // Another unit's run does not see them.
    const other = (await listPublicOrgs(t.ctx.db)).find((o) => o.shortName === '区财政局')!.id;
    const elsewhere = await run(other);
    assert.ok(
      !finding(elsewhere, 'secrets_leaked').evidence.some((e) => e.url === `/hdjl/yjzj/${c.id}`),
      'outside the unit',
    );
  });

  it('shows the new checks on the health page, in the reports and in the history', async () => {
    const r = await run(ndrc);
    assert.equal(r.vetoFailed, r.findings.filter((f) => f.veto && f.status === 'fail').length);
    const page = await (await loginAs(t.app, 'gkb')).get(`/admin/inspection/runs/${r.id}`);
    assert.equal(page.statusCode, 200);
    for (const label of ['严重表述错误', '泄密', '虚假发布时间'])
      assert.match(page.body, new RegExp(`${label}：<span class="status-bad">不通过</span>`));
    assert.ok(
      page.body.includes(`href="/items/${ids.refreshed}"`),
      'page.body.includes(`href="/items/${ids.refreshed}"`)',
    );
    const gkb = await bearer(t, 'gkb');
    const docx = await t.app.inject({
      url: `/api/v1/inspection/runs/${r.id}/report?format=docx`,
      headers: gkb,
    });
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    assert.match(value, /（虚假发布时间）核对已发布信息/);
    assert.match(value, /密级标志“秘密★1年”/);
    const xlsx = await t.app.inject({
      url: `/api/v1/inspection/runs/${r.id}/report?format=xlsx`,
      headers: gkb,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.getWorksheet('问题清单')!.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))),
    );
    const row = rows.find((x) => x[0] === '严重表述错误')!;
    assert.equal(row[2], '红谷滩区发展和改革委员会');
    assert.match(row[4], new RegExp(`^http://localhost:\\d+/items/${ids.laterRule}$`));
    const history = (
      await t.app.inject({ url: `/api/v1/inspection/runs?org=${ndrc}`, headers: gkb })
    ).json() as { id: number; vetoFailed: number }[];
    assert.equal(history[0].id, r.id);
    assert.ok(history[0].vetoFailed >= 3, 'history[0].vetoFailed >= 3');
  });
});
