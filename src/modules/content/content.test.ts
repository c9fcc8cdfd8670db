/**
 * Publishing end to end on the configured engine: the workflow per role, org isolation, the gate on
 * a DOCX attachment, masking, scheduled publishing on a manual clock, withdrawal, revisions, bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Document, Packer, Paragraph } from 'docx';
import { bearer, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { residentIdCheckChar } from '../../lib/identifiers.ts';
import { runDueJobs } from '../jobs/service.ts';
import { scheduledPublishJob } from './jobs.ts';
import { latestPublicByColumn, listColumns, listPublicItems } from './service.ts';

const ID17 = '36010219800101123';
const VALID_ID = ID17 + residentIdCheckChar(ID17);

function multipart(filename: string, data: Buffer) {
  const boundary = '----gongkai-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function docxWith(text: string): Promise<Buffer> {
  return Buffer.from(
    await Packer.toBuffer(
      new Document({
        sections: [{ children: [new Paragraph('红谷滩区住房保障资格审核结果公示'), new Paragraph(text)] }],
      }),
    ),
  );
}

describe('publishing workflow', () => {
  let t: TestApp;
  const H: Record<string, Record<string, string>> = {};
  let zwdt: number;
  let tzgg: number;
  let fgw: number;

  const api = async (
    user: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
  ) => {
    const res = await t.app.inject({ method, url, headers: H[user], payload: payload as object });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, raw: res };
  };
  const draft = (over: Record<string, unknown> = {}) => ({
    kind: 'article',
    title: '区发改委召开项目调度会',
    body: '会议研究了重大项目推进工作。',
    source: 'original',
    formationDate: '2022-02-25',
    columnIds: [zwdt],
    ...over,
  });
  const count = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('content_items')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await buildTestApp();
    for (const u of ['editor', 'reviewer', 'secrecy', 'gkb', 'sj_editor', 'leader', 'handler'])
      H[u] = await bearer(t, u);
    const cols = (await api('editor', 'GET', '/api/v1/content/columns')).body as {
      id: number;
      slug: string;
    }[];
    zwdt = cols.find((c) => c.slug === 'zwdt')!.id;
    tzgg = cols.find((c) => c.slug === 'tzgg')!.id;
    fgw = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '区发改委')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => t?.close());

  it('seeds the 政府信息公开 structure with the 15 items of 条例第二十条, the topics and published sample items', async () => {
    const cols = (await api('editor', 'GET', '/api/v1/content/columns')).body as {
      id: number;
      slug: string;
      parentId: number | null;
      name: string;
    }[];
    const fdzd = cols.find((c) => c.slug === 'xxgk-fdzdgknr')!;
    assert.equal(cols.filter((c) => c.parentId === fdzd.id).length, 15);
    for (const name of [
      '政府信息公开指南',
      '政府信息公开制度',
      '政府信息公开年报',
      '依申请公开',
      '财政资金直达基层',
    ])
      assert.ok(
        cols.some((c) => c.name === name),
        name,
      );
    const topics = (await api('editor', 'GET', '/api/v1/content/topics')).body as {
      name: string;
      sections: unknown[];
    }[];
    for (const name of ['数字经济“一号发展工程”', '营商环境“一号改革工程”', '财政资金直达基层', '疫情防控'])
      assert.ok(
        topics.some((x) => x.name === name && x.sections.length > 0),
        name,
      );
    const pub = await api('editor', 'GET', '/api/v1/content/public/items?column=zcwj');
    assert.ok(pub.body.total >= 1, 'pub.body.total >= 1');
    const page = await t.app.inject('/xxgk');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /法定主动公开内容/);
  });

  it('lists on the home page the newest published items of each column, as each column page lists them first', async () => {
    const db = t.ctx.db;
    const columns = await listColumns(db);
    const newest = await latestPublicByColumn(
      db,
      columns.map((c) => c.id),
      3,
    );
    let shown = 0;
    for (const c of columns) {
      const { items } = await listPublicItems(db, { columnId: c.id, page: 1, pageSize: 3 });
      assert.deepEqual(newest.get(c.id), items, c.slug);
      shown += items.length;
    }
    assert.ok(shown > 20, `the demo's columns hold published items (${shown})`);
    const home = await t.app.inject('/');
    const zcwj = columns.find((c) => c.slug === 'zcwj')!;
    for (const item of newest.get(zcwj.id)!)
      assert.ok(home.body.includes(`href="/items/${item.id}"`), item.title);
  });

  it('takes an item through 报送 → 审核 → 保密审查 → 发布, each step by its role, and shows who did what', async () => {
    const created = await api('editor', 'POST', '/api/v1/content/items', draft());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    assert.equal(created.body.status, 'draft');
    assert.equal((await t.app.inject(`/items/${id}`)).statusCode, 404, 'the public cannot see a draft');

    assert.equal(
      (await api('reviewer', 'POST', `/api/v1/content/items/${id}/review`)).status,
      409,
      'cannot review a draft',
    );
    assert.equal(
      (await api('editor', 'POST', `/api/v1/content/items/${id}/submit`)).body.status,
      'submitted',
    );
    assert.equal(
      (await api('editor', 'POST', `/api/v1/content/items/${id}/review`)).status,
      403,
      'an editor does not review',
    );
    assert.equal(
      (await api('secrecy', 'POST', `/api/v1/content/items/${id}/review`)).status,
      403,
      'a 保密审查员 does not do the department review',
    );
    assert.equal(
      (await api('secrecy', 'POST', `/api/v1/content/items/${id}/confidentiality-review`)).status,
      409,
      'confidentiality review comes after review',
    );
    assert.equal(
      (await api('reviewer', 'POST', `/api/v1/content/items/${id}/review`)).body.status,
      'reviewed',
    );
    assert.equal(
      (await api('reviewer', 'POST', `/api/v1/content/items/${id}/confidentiality-review`)).status,
      403,
      'a department reviewer is not a 保密审查员',
    );
    assert.equal(
      (await api('secrecy', 'POST', `/api/v1/content/items/${id}/confidentiality-review`)).body.status,
      'cleared',
    );
    assert.equal(
      (await api('editor', 'POST', `/api/v1/content/items/${id}/publish`, {})).status,
      403,
      'an editor does not publish',
    );
    const pub = await api('reviewer', 'POST', `/api/v1/content/items/${id}/publish`, {});
    assert.equal(pub.body.status, 'published');
    assert.equal(pub.body.publishedAt, t.clock.now().toISOString());
    assert.equal(pub.body.late, false);

    const page = await t.app.inject(`/items/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /区发改委召开项目调度会/);
    assert.match(page.body, /发布日期/);
    const hist = (await api('gkb', 'GET', `/api/v1/content/items/${id}/history`)).body as {
      action: string;
      actorName: string;
    }[];
    assert.deepEqual(
      hist.map((h) => h.action),
      [
        'content.item.create',
        'content.item.submit',
        'content.item.review',
        'content.item.clear',
        'content.item.publish',
      ],
    );
    assert.match(hist[2].actorName, /发改委审核人/);
    assert.match(hist[3].actorName, /保密审查员/);
    const s = await loginAs(t.app, 'reviewer');
    const detail = await s.get(`/admin/content/${id}`);
    assert.match(detail.body, /保密审查通过/);
    assert.match(detail.body, /发改委保密审查员/);
  });

  it('never lets the author approve their own item', async () => {
    const id = (
      await api('gkb', 'POST', '/api/v1/content/items', draft({ title: '公开办自撰稿件', orgId: fgw }))
    ).body.id;
    await api('gkb', 'POST', `/api/v1/content/items/${id}/submit`);
    const own = await api('gkb', 'POST', `/api/v1/content/items/${id}/review`);
    assert.equal(own.status, 403);
    assert.match(own.body.error.message, /自己撰写/);
    assert.equal(
      (await api('reviewer', 'POST', `/api/v1/content/items/${id}/review`)).status,
      200,
      'another reviewer of the owning org may',
    );
  });

  it('keeps departments apart: another department can neither see nor touch the item', async () => {
    const id = (await api('editor', 'POST', '/api/v1/content/items', draft({ title: '发改委内部草稿' }))).body
      .id;
    assert.equal((await api('sj_editor', 'GET', `/api/v1/content/items/${id}`)).status, 403);
    assert.equal(
      (await api('sj_editor', 'PUT', `/api/v1/content/items/${id}`, draft({ title: '改掉' }))).status,
      403,
    );
    assert.equal((await api('sj_editor', 'POST', `/api/v1/content/items/${id}/submit`)).status, 403);
    const list = (await api('sj_editor', 'GET', '/api/v1/content/items?pageSize=200')).body as {
      items: { id: number }[];
    };
    assert.ok(!list.items.some((i) => i.id === id), '!list.items.some((i) => i.id === id)');
    const sj = await api('sj_editor', 'POST', '/api/v1/content/items', draft({ title: '沙井街办动态' }));
    assert.equal(sj.status, 201);
    await api('sj_editor', 'POST', `/api/v1/content/items/${sj.body.id}/submit`);
    assert.equal(
      (await api('reviewer', 'POST', `/api/v1/content/items/${sj.body.id}/review`)).status,
      403,
      '区发改委 reviewer cannot review 沙井街办 items',
    );
    const other = await api('editor', 'POST', '/api/v1/content/items', draft({ orgId: sj.body.orgId }));
    assert.equal(other.status, 403, 'cannot file an item under another org');
    assert.equal(
      (await api('handler', 'GET', '/api/v1/content/items')).status,
      403,
      'a 承办人 has no access to content',
    );
    assert.equal((await t.app.inject('/api/v1/content/items')).statusCode, 401);
  });

  it('blocks publication of an item whose DOCX attachment holds a valid ID number, until a reviewer overrides with a reason', async () => {
    const id = (
      await api('editor', 'POST', '/api/v1/content/items', draft({ title: '住房保障资格审核结果公示' }))
    ).body.id;
    const { payload, headers } = multipart(
      '公示名单.docx',
      await docxWith(`张三 身份证号 ${VALID_ID} 符合条件`),
    );
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/v1/content/items/${id}/attachments`,
      headers: { ...H.editor, ...headers },
      payload,
    });
    assert.equal(up.statusCode, 201, up.body);
    // 报送 stops on blocking findings: mask them or say why they may stay.
    const refused = await api('editor', 'POST', `/api/v1/content/items/${id}/submit`);
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /须处理的问题/);
    assert.equal((await api('editor', 'GET', `/api/v1/content/items/${id}`)).body.status, 'draft');
    assert.equal(
      (await api('editor', 'POST', `/api/v1/content/items/${id}/submit`, { justification: '短' })).status,
      400,
    );
    assert.equal(
      (await api('editor', 'POST', `/api/v1/content/items/${id}/submit`, { other: 1 })).status,
      400,
    );
    const sub = await api('editor', 'POST', `/api/v1/content/items/${id}/submit`, {
      justification: '公示名单须公开身份信息，请审核人核定',
    });
    assert.equal(sub.status, 200);
    assert.equal(sub.body.gate.blocking, true);
    assert.ok(
      sub.body.gate.personal.some(
        (f: { where: string; kind: string }) => f.where.includes('公示名单.docx') && f.kind === 'resident_id',
      ),
      "sub.body.gate.personal.some((f: { where: string; kind: string }) => f.where.includes('公示名…",
    );
    await api('reviewer', 'POST', `/api/v1/content/items/${id}/review`);
    await api('secrecy', 'POST', `/api/v1/content/items/${id}/confidentiality-review`);
    const blocked = await api('reviewer', 'POST', `/api/v1/content/items/${id}/publish`, {});
    assert.equal(blocked.status, 409);
    assert.match(blocked.body.error.message, /个人信息/);
    assert.equal((await api('reviewer', 'GET', `/api/v1/content/items/${id}`)).body.status, 'cleared');
    assert.equal(
      (await api('editor', 'POST', `/api/v1/content/items/${id}/gate-override`, { reason: '已核实可以公开' }))
        .status,
      403,
      'an editor cannot override',
    );
    assert.equal(
      (await api('reviewer', 'POST', `/api/v1/content/items/${id}/gate-override`, { reason: '短' })).status,
      400,
    );
    assert.equal(
      (
        await api('reviewer', 'POST', `/api/v1/content/items/${id}/gate-override`, {
          reason: '公示名单依《住房保障条例》须公开，已征得本人同意',
        })
      ).status,
      200,
    );
    assert.equal(
      (await api('reviewer', 'POST', `/api/v1/content/items/${id}/publish`, {})).body.status,
      'published',
    );
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('object_type', '=', 'content_item')
      .where('object_id', '=', String(id))
      .where('action', '=', 'content.item.gate_override')
      .execute();
    assert.equal(audit.length, 1);
    assert.match(audit[0].after_json!, /住房保障条例/);
  });

  it('masks personal information in the body with one click, as a new revision', async () => {
    const id = (
      await api(
        'editor',
        'POST',
        '/api/v1/content/items',
        draft({ title: '来信答复', body: `联系人手机 138 0013 8000，身份证 ${VALID_ID}。` }),
      )
    ).body.id;
    const check = await api('editor', 'POST', `/api/v1/content/items/${id}/check`);
    assert.equal(check.body.blocking, true);
    const s = await loginAs(t.app, 'editor');
    const page = await s.get(`/admin/content/${id}`);
    assert.match(page.body, /一键脱敏/);
    const res = await s.post(`/admin/content/${id}/mask`, {}, { from: `/admin/content/${id}` });
    assert.equal(res.statusCode, 303);
    const item = (await api('editor', 'GET', `/api/v1/content/items/${id}`)).body;
    assert.equal(item.revision, 2);
    assert.ok(!item.body.includes(VALID_ID) && !item.body.includes('0013 8000'), item.body);
    assert.equal(item.gate.blocking, false);
    const revs = (await api('editor', 'GET', `/api/v1/content/items/${id}/revisions`)).body as {
      number: number;
      note: string;
    }[];
    assert.match(revs[0].note, /一键脱敏/);
  });

  it('publishes at the scheduled time when the job runs on the manual clock, and shows a failed run on the dashboard', async () => {
    const id = (
      await api(
        'editor',
        'POST',
        '/api/v1/content/items',
        draft({ title: '定时发布的通知', kind: 'notice', columnIds: [tzgg] }),
      )
    ).body.id;
    await api('editor', 'POST', `/api/v1/content/items/${id}/submit`);
    await api('reviewer', 'POST', `/api/v1/content/items/${id}/review`);
    await api('secrecy', 'POST', `/api/v1/content/items/${id}/confidentiality-review`);
    const at = new Date(t.clock.now().getTime() + 3600_000).toISOString();
    const sch = await api('reviewer', 'POST', `/api/v1/content/items/${id}/publish`, { at });
    assert.equal(sch.body.status, 'scheduled');
    assert.equal(sch.body.publishAt, at);
    await runDueJobs(t.ctx, [scheduledPublishJob]);
    assert.equal(
      (await api('editor', 'GET', `/api/v1/content/items/${id}`)).body.status,
      'scheduled',
      'not yet due',
    );
    assert.equal((await t.app.inject(`/items/${id}`)).statusCode, 404);
    t.clock.advance(2 * 3600_000);
    const runs = await runDueJobs(t.ctx, [scheduledPublishJob]);
    assert.equal(runs[0]?.ok, true, JSON.stringify(runs));
    const item = (await api('editor', 'GET', `/api/v1/content/items/${id}`)).body;
    assert.equal(item.status, 'published');
    assert.equal(item.publishedAt, at, 'published as of the scheduled instant');
    assert.equal((await t.app.inject(`/items/${id}`)).statusCode, 200);

    // A scheduled item that the gate now blocks: the run fails, is recorded, and the dashboard says so.
    const id2 = (
      await api(
        'editor',
        'POST',
        '/api/v1/content/items',
        draft({ title: '又一则定时通知', kind: 'notice', columnIds: [tzgg] }),
      )
    ).body.id;
    await api('editor', 'POST', `/api/v1/content/items/${id2}/submit`);
    await api('reviewer', 'POST', `/api/v1/content/items/${id2}/review`);
    await api('secrecy', 'POST', `/api/v1/content/items/${id2}/confidentiality-review`);
    await api('reviewer', 'POST', `/api/v1/content/items/${id2}/publish`, {
      at: new Date(t.clock.now().getTime() + 60_000).toISOString(),
    });
    await t.ctx.db
      .updateTable('content_items')
      .set({ body: `<p>身份证 ${VALID_ID}</p>` })
      .where('id', '=', id2)
      .execute();
    t.clock.advance(10 * 60_000);
    const failed = await runDueJobs(t.ctx, [scheduledPublishJob]);
    assert.equal(failed[0]?.ok, false);
    const dash = await (await loginAs(t.app, 'reviewer')).get('/admin');
    assert.match(dash.body, /定时发布异常/);
    assert.match(dash.body, /又一则定时通知/);
  });

  it('withdraws with a notice page that keeps the reason, or removes the page with a redirect', async () => {
    const publish = async (title: string) => {
      const id = (await api('editor', 'POST', '/api/v1/content/items', draft({ title }))).body.id;
      await api('editor', 'POST', `/api/v1/content/items/${id}/submit`);
      await api('reviewer', 'POST', `/api/v1/content/items/${id}/review`);
      await api('secrecy', 'POST', `/api/v1/content/items/${id}/confidentiality-review`);
      await api('reviewer', 'POST', `/api/v1/content/items/${id}/publish`, {});
      return id as number;
    };
    const a = await publish('将被撤回的动态');
    const found = async (q: string) =>
      (
        (await t.app.inject(`/api/v1/search?q=${encodeURIComponent(q)}`)).json().hits as {
          kind: string;
          refId: number;
        }[]
      ).some((h) => h.kind === 'item' && h.refId === a);
    assert.ok(await found('将被撤回的动态'), 'published items are indexed in the same transaction');
    assert.equal(
      (
        await api('editor', 'POST', `/api/v1/content/items/${a}/withdraw`, {
          mode: 'notice',
          reason: '信息有误',
        })
      ).status,
      403,
      'an editor cannot withdraw',
    );
    assert.equal(
      (await api('reviewer', 'POST', `/api/v1/content/items/${a}/withdraw`, { mode: 'notice', reason: '' }))
        .status,
      400,
    );
    const w = await api('reviewer', 'POST', `/api/v1/content/items/${a}/withdraw`, {
      mode: 'notice',
      reason: '数据需要更正，更正后重新发布',
    });
    assert.equal(w.body.status, 'withdrawn');
    const page = await t.app.inject(`/items/${a}`);
    assert.equal(page.statusCode, 410);
    assert.match(page.body, /已于 .* 撤回/);
    assert.match(page.body, /数据需要更正，更正后重新发布/);
    assert.ok(!page.body.includes('会议研究了重大项目推进工作'), 'the body is gone');
    assert.ok(!(await found('将被撤回的动态')), 'withdrawn items leave the index');
    const list = (await api('editor', 'GET', `/api/v1/content/public/items?column=zwdt&pageSize=100`))
      .body as { items: { id: number }[] };
    assert.ok(!list.items.some((i) => i.id === a), '!list.items.some((i) => i.id === a)');

    const b = await publish('将被删除的动态');
    await api('gkb', 'POST', `/api/v1/content/items/${b}/withdraw`, { mode: 'redirect', reason: '重复发布' });
    const r = await t.app.inject(`/items/${b}`);
    assert.equal(r.statusCode, 301);
    assert.equal(r.headers.location, '/columns/zwdt');
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'content.item.withdraw')
      .where('object_id', '=', String(b))
      .executeTakeFirstOrThrow();
    assert.match(audit.after_json!, /redirect/);
  });

  it('keeps every save as a revision, diffs two of them and restores an old one', async () => {
    const id = (
      await api('editor', 'POST', '/api/v1/content/items', draft({ title: '第一稿标题', body: '原来的正文' }))
    ).body.id;
    await api(
      'editor',
      'PUT',
      `/api/v1/content/items/${id}`,
      draft({ title: '第二稿标题', body: '修改后的正文' }),
    );
    const revs = (await api('editor', 'GET', `/api/v1/content/items/${id}/revisions`)).body;
    assert.equal(revs.length, 2);
    const s = await loginAs(t.app, 'editor');
    const diff = await s.get(`/admin/content/${id}/revisions?from=1&to=2`);
    assert.equal(diff.statusCode, 200);
    assert.match(diff.body, /<del>[^<]*原来[^<]*<\/del>/);
    assert.match(diff.body, /<ins>[^<]*修改后[^<]*<\/ins>/);
    const restored = await api('editor', 'POST', `/api/v1/content/items/${id}/revisions/1/restore`);
    assert.equal(restored.body.revision, 3);
    assert.equal(restored.body.title, '第一稿标题');
    await api('editor', 'POST', `/api/v1/content/items/${id}/submit`);
    assert.equal(
      (await api('editor', 'PUT', `/api/v1/content/items/${id}`, draft())).status,
      409,
      'a submitted item is not edited',
    );
    const rej = await api('reviewer', 'POST', `/api/v1/content/items/${id}/reject`, {
      comment: '请补充会议时间',
    });
    assert.equal(rej.body.status, 'draft');
    assert.equal(rej.body.rejectComment, '请补充会议时间');
  });

  it('links an interpretation to its policy both ways, and flags publication later than 20 working days', async () => {
    const pol = (
      await api(
        'gkb',
        'POST',
        '/api/v1/content/items',
        draft({
          kind: 'policy',
          title: '关于促进就业的若干措施',
          docNumber: '红府发〔2022〕7号',
          formationDate: '2022-01-04',
          orgId: fgw,
        }),
      )
    ).body.id;
    const flow = async (id: number) => {
      await api('gkb', 'POST', `/api/v1/content/items/${id}/submit`);
      await api('reviewer', 'POST', `/api/v1/content/items/${id}/review`);
      await api('secrecy', 'POST', `/api/v1/content/items/${id}/confidentiality-review`);
      return (await api('reviewer', 'POST', `/api/v1/content/items/${id}/publish`, {})).body;
    };
    const p = await flow(pol);
    assert.equal(p.late, true, '2022-01-04 + 20 working days is long before 2022-03-01');
    const bad = await api(
      'gkb',
      'POST',
      '/api/v1/content/items',
      draft({ kind: 'article', interprets: [pol] }),
    );
    assert.equal(bad.status, 400);
    const interp = await api(
      'gkb',
      'POST',
      '/api/v1/content/items',
      draft({
        kind: 'interpretation',
        title: '《关于促进就业的若干措施》解读',
        interprets: [pol],
        interpForm: 'graphic',
        interpPoints: { background: '稳就业形势', benefits: '高校毕业生可申领补贴' },
        orgId: fgw,
      }),
    );
    assert.equal(interp.status, 201, JSON.stringify(interp.body));
    await flow(interp.body.id);
    const unpublished = await api(
      'gkb',
      'POST',
      '/api/v1/content/items',
      draft({
        kind: 'interpretation',
        title: '未发布的解读',
        interprets: [pol],
        interpForm: 'text',
        orgId: fgw,
      }),
    );
    assert.equal(unpublished.status, 201, JSON.stringify(unpublished.body));
    const polPage = await t.app.inject(`/items/${pol}`);
    assert.match(polPage.body, /相关解读/);
    assert.match(polPage.body, new RegExp(`/items/${interp.body.id}"`));
    assert.doesNotMatch(polPage.body, new RegExp(`/items/${unpublished.body.id}"`), 'a draft is not linked');
    const iPage = await t.app.inject(`/items/${interp.body.id}`);
    assert.match(iPage.body, /解读的文件/);
    assert.match(iPage.body, new RegExp(`/items/${pol}"`));
    assert.match(iPage.body, /惠企利民举措及享受条件/);
    assert.match(iPage.body, /图表图解/);
    const stats = await (await loginAs(t.app, 'gkb')).get('/admin/content/stats');
    assert.match(stats.body, /原创比例/);
  });

  it('refuses bad input with a Chinese 4xx and writes nothing', async () => {
    const n = await count();
    const cases: [Record<string, unknown>, RegExp][] = [
      [draft({ source: 'reposted' }), /出处/],
      [draft({ formationDate: '2022-02-30' }), /形成日期/],
      [draft({ columnIds: [999999] }), /栏目/],
      [draft({ kind: 'data' }), /数据表/],
      [draft({ kind: 'data', dataTable: { columns: ['a', 'b'], rows: [['1']] } }), /列数/],
    ];
    for (const [body, msg] of cases) {
      const r = await api('editor', 'POST', '/api/v1/content/items', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(JSON.stringify(r.body), msg);
    }
    assert.equal(
      (await api('editor', 'POST', '/api/v1/content/items', { ...draft(), extra: 1 })).status,
      400,
    );
    assert.equal((await api('editor', 'POST', '/api/v1/content/items', draft({ title: '' }))).status, 400);
    assert.equal(await count(), n, 'nothing written');

    const id = (await api('editor', 'POST', '/api/v1/content/items', draft())).body.id;
    for (const [name, data] of [
      ['假装是PDF.pdf', Buffer.from('这不是 PDF 文件')],
      ['脚本.exe', Buffer.from('MZ')],
      ['空文件.docx', Buffer.alloc(0)],
    ] as [string, Buffer][]) {
      const { payload, headers } = multipart(name, data);
      const up = await t.app.inject({
        method: 'POST',
        url: `/api/v1/content/items/${id}/attachments`,
        headers: { ...H.editor, ...headers },
        payload,
      });
      assert.equal(up.statusCode, 400, name);
      assert.match(JSON.parse(up.body).error.message, /[\u4e00-\u9fa5]/);
    }
    assert.equal(
      (await t.ctx.db.selectFrom('content_attachments').select('id').where('item_id', '=', id).execute())
        .length,
      0,
    );
    assert.equal(
      (await api('editor', 'POST', `/api/v1/content/items/${id}/reject`, { comment: '' })).status,
      400,
    );
    assert.equal(
      (await api('reviewer', 'POST', `/api/v1/content/items/${id}/publish`, { at: 'tomorrow' })).status,
      400,
    );
    assert.equal((await t.app.inject('/items/abc')).statusCode, 400);
    assert.equal((await t.app.inject('/columns/no-such-column')).statusCode, 404);
  });

  it('creates and edits an item through the back-office form, without JavaScript', async () => {
    const s = await loginAs(t.app, 'editor');
    const bad = await s.post(
      '/admin/content/new',
      { kind: 'article', title: '', body: '正文', source: 'original', columnIds: [] },
      { from: '/admin/content/new' },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写标题/);
    assert.match(bad.body, /请至少选择一个栏目/);
    const ok = await s.post(
      '/admin/content/new',
      {
        kind: 'data',
        title: '2022年收费目录清单',
        body: '清单如下',
        source: 'original',
        columnIds: [String(zwdt)],
        dataTable: '项目\t标准\n不动产登记费\t80元/件',
      },
      { from: '/admin/content/new' },
    );
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
    const id = Number(/\/admin\/content\/(\d+)/.exec(ok.headers.location as string)![1]);
    const item = (await api('editor', 'GET', `/api/v1/content/items/${id}`)).body;
    assert.deepEqual(item.dataTable, { columns: ['项目', '标准'], rows: [['不动产登记费', '80元/件']] });
    const submit = await s.post(`/admin/content/${id}/submit`, {}, { from: `/admin/content/${id}` });
    assert.equal(submit.statusCode, 303);
    const r = await loginAs(t.app, 'reviewer');
    assert.equal(
      (await r.post(`/admin/content/${id}/review`, {}, { from: `/admin/content/${id}` })).statusCode,
      303,
    );
    const sec = await loginAs(t.app, 'secrecy');
    assert.equal(
      (await sec.post(`/admin/content/${id}/clear`, {}, { from: `/admin/content/${id}` })).statusCode,
      303,
    );
    // 发布 asks for confirmation: a post without it leads to the confirmation page, which shows the item.
    const unconfirmed = await sec.post(
      `/admin/content/${id}/publish`,
      { at: '' },
      { from: `/admin/content/${id}` },
    );
    assert.equal(unconfirmed.statusCode, 303);
    assert.equal(unconfirmed.headers.location, `/admin/content/${id}/publish`);
    assert.equal(
      (await t.app.inject(`/items/${id}/table.csv`)).statusCode,
      404,
      'not published without confirmation',
    );
    const confirm = await sec.get(`/admin/content/${id}/publish`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /确认发布/);
    assert.match(confirm.body, /不动产登记费/, 'the data table is on the confirmation page');
    assert.equal(
      (
        await sec.post(
          `/admin/content/${id}/publish`,
          { at: '', confirm: '1' },
          { from: `/admin/content/${id}/publish` },
        )
      ).statusCode,
      303,
    );
    const csv = await t.app.inject(`/items/${id}/table.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /不动产登记费,80元\/件/);
    const xlsx = await t.app.inject(`/items/${id}/table.xlsx`);
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
  });

  it('shows the check at 报送 as blocking or warning, never as a green success, and lets the editor mask or justify', async () => {
    const s = await loginAs(t.app, 'editor');
    const id = (
      await api(
        'editor',
        'POST',
        '/api/v1/content/items',
        draft({
          title: '困难群众救助公示',
          body: `救助对象李娜同学，身份证号 ${VALID_ID}，手机 13912345678。截止目前已发放。`,
        }),
      )
    ).body.id;
    const refused = await s.post(`/admin/content/${id}/submit`, {}, { from: `/admin/content/${id}` });
    assert.equal(refused.statusCode, 409);
    assert.doesNotMatch(refused.body, /notice-success/);
    assert.match(refused.body, /须处理 3 处/);
    assert.match(refused.body, /提示 1 处/, 'the non-serious expression is a warning');
    assert.match(refused.body, /说明理由后报送/);
    assert.match(refused.body, /一键脱敏/);
    assert.equal(
      (await s.post(`/admin/content/${id}/mask`, {}, { from: `/admin/content/${id}` })).statusCode,
      303,
    );
    assert.match(
      (await api('editor', 'GET', `/api/v1/content/items/${id}`)).body.body,
      /李\*同学/,
      'only the name is masked, 同学 stays',
    );
    const sent = await s.post(`/admin/content/${id}/submit`, {}, { from: `/admin/content/${id}` });
    assert.equal(sent.statusCode, 303);
    const after = await s.get(sent.headers.location as string);
    assert.match(after.body, /已报送/);
    assert.doesNotMatch(after.body, /notice-success/, 'a warning remains, so the banner is not green');
    assert.match(after.body, /notice-warning[^>]*>已报送[^<]*提示 1 处/);

    // Justified instead of masked: the reason is audited and shown to the reviewer.
    const id2 = (
      await api(
        'editor',
        'POST',
        '/api/v1/content/items',
        draft({ title: '公示（附理由）', body: `联系人王芳，手机 13912345678。` }),
      )
    ).body.id;
    assert.equal(
      (
        await s.post(
          `/admin/content/${id2}/submit`,
          { justification: '该手机为单位值班电话，可以公开' },
          { from: `/admin/content/${id2}` },
        )
      ).statusCode,
      303,
    );
    const r = await loginAs(t.app, 'reviewer');
    const review = await r.get(`/admin/content/${id2}`);
    assert.match(review.body, /报送人说明：该手机为单位值班电话/);
    assert.match(review.body, /须处理 2 处/);
  });

  it('shows the item as it will appear, the diff against the last published version and the findings on the 审核, 保密审查 and 发布 screens', async () => {
    const body =
      '<h2>一、工作目标</h2><p>推进重点项目审批提速。</p><table><thead><tr><th>项目</th><th>时限</th></tr></thead><tbody><tr><td>立项</td><td>5个工作日</td></tr></tbody></table>';
    const id = (
      await api('editor', 'POST', '/api/v1/content/items', draft({ title: '重点项目审批提速方案', body }))
    ).body.id;
    const { payload, headers } = multipart('附件1 项目清单.docx', await docxWith('项目清单'));
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/content/items/${id}/attachments`,
          headers: { ...H.editor, ...headers },
          payload,
        })
      ).statusCode,
      201,
    );
    await api('editor', 'POST', `/api/v1/content/items/${id}/submit`);
    const screens: [string, string][] = [['reviewer', `/admin/content/${id}`]];
    const r = await loginAs(t.app, 'reviewer');
    const reviewPage = await r.get(`/admin/content/${id}`);
    assert.match(reviewPage.body, /审核通过/);
    await api('reviewer', 'POST', `/api/v1/content/items/${id}/review`);
    const secPage = await (await loginAs(t.app, 'secrecy')).get(`/admin/content/${id}`);
    assert.match(secPage.body, /保密审查通过/);
    await api('secrecy', 'POST', `/api/v1/content/items/${id}/confidentiality-review`);
    const publishPage = await r.get(`/admin/content/${id}/publish`);
    for (const page of [reviewPage, secPage, publishPage]) {
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /稿件内容（发布后在门户上的样子）/);
      assert.match(page.body, /<h2>一、工作目标<\/h2>/, 'the rendered body, not its text');
      assert.match(page.body, /5个工作日/);
      assert.match(page.body, /附件1 项目清单\.docx/);
      assert.match(page.body, /本稿件尚未发布过/);
      assert.match(page.body, /未发现个人信息或错敏词/);
    }
    void screens;
    // The detail page has no button whose label holds 发布 (publishing is its own confirmed step).
    const buttons = [...reviewPage.body.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((m) => m[1]);
    assert.ok(!buttons.some((b) => b.includes('发布')), buttons.join('|'));
    const confirmButtons = [...publishPage.body.matchAll(/<button[^>]*>([^<]*)<\/button>/g)]
      .map((m) => m[1])
      .filter((b) => b.includes('发布'));
    assert.deepEqual(confirmButtons, ['确认发布']);
    await api('reviewer', 'POST', `/api/v1/content/items/${id}/publish`, {});
    // Edited after publication: the screens show what changed since the published version.
    assert.equal(
      (
        await api(
          'reviewer',
          'PUT',
          `/api/v1/content/items/${id}`,
          draft({ title: '重点项目审批提速方案', body: body.replace('推进', '全面推进') }),
        )
      ).status,
      200,
    );
    const changed = await r.get(`/admin/content/${id}`);
    assert.match(changed.body, /与上次发布版本的对比/);
    assert.match(changed.body, /<ins>全面<\/ins>/);
  });

  it('shows scheduled items as such, with their time, in the lists', async () => {
    const id = (
      await api(
        'editor',
        'POST',
        '/api/v1/content/items',
        draft({ title: '定时发布在列表中可见', kind: 'notice', columnIds: [tzgg] }),
      )
    ).body.id;
    await api('editor', 'POST', `/api/v1/content/items/${id}/submit`);
    await api('reviewer', 'POST', `/api/v1/content/items/${id}/review`);
    await api('secrecy', 'POST', `/api/v1/content/items/${id}/confidentiality-review`);
    const at = new Date(t.clock.now().getTime() + 86400_000);
    assert.equal(
      (await api('reviewer', 'POST', `/api/v1/content/items/${id}/publish`, { at: at.toISOString() })).body
        .status,
      'scheduled',
    );
    const list = await (
      await loginAs(t.app, 'editor')
    ).get(`/admin/content?q=${encodeURIComponent('定时发布在列表中可见')}`);
    assert.match(list.body, /定时发布（\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  it('lets only the openness office manage columns and topics, and refuses cycles and duplicate slugs', async () => {
    const body = { name: '乡村振兴动态', slug: 'xczxdt', kind: 'news', parentId: null, orgId: null };
    assert.equal((await api('editor', 'POST', '/api/v1/content/columns', body)).status, 403);
    const created = await api('gkb', 'POST', '/api/v1/content/columns', body);
    assert.equal(created.status, 201);
    assert.equal((await api('gkb', 'POST', '/api/v1/content/columns', body)).status, 400, 'slug taken');
    const child = await api('gkb', 'POST', '/api/v1/content/columns', {
      ...body,
      name: '子栏目',
      slug: 'xczxdt-zl',
      parentId: created.body.id,
    });
    const cycle = await api('gkb', 'PUT', `/api/v1/content/columns/${created.body.id}`, {
      ...body,
      parentId: child.body.id,
    });
    assert.equal(cycle.status, 400);
    assert.match(cycle.body.error.message, /下级/);
    assert.equal(
      (await api('gkb', 'POST', '/api/v1/content/columns', { ...body, slug: 'Bad Slug!' })).status,
      400,
    );
    const s = await loginAs(t.app, 'gkb');
    const edit = await s.post(
      `/admin/content/columns/${created.body.id}`,
      { name: '乡村振兴工作动态', slug: 'xczxdt', kind: 'news', parentId: '', orgId: '' },
      { from: '/admin/content/columns' },
    );
    assert.equal(edit.statusCode, 303);
    assert.match((await t.app.inject('/columns/xczxdt')).body, /乡村振兴工作动态/);
    assert.equal(
      (await api('sj_editor', 'POST', '/api/v1/content/topics', { name: '专题', slug: 'zt', sections: [] }))
        .status,
      403,
    );
    const topic = await api('gkb', 'POST', '/api/v1/content/topics', {
      name: '民生实事',
      slug: 'msss',
      sections: ['工作动态', '政策措施'],
    });
    assert.equal(topic.status, 201);
    assert.deepEqual(
      topic.body.sections.map((x: { name: string }) => x.name),
      ['工作动态', '政策措施'],
    );
  });

  it('lets a reviewer correct a published item in place, showing the modification date, but not an editor', async () => {
    const id = (await api('editor', 'POST', '/api/v1/content/items', draft({ title: '已发布后更正的动态' })))
      .body.id;
    await api('editor', 'POST', `/api/v1/content/items/${id}/submit`);
    await api('reviewer', 'POST', `/api/v1/content/items/${id}/review`);
    await api('secrecy', 'POST', `/api/v1/content/items/${id}/confidentiality-review`);
    await api('reviewer', 'POST', `/api/v1/content/items/${id}/publish`, {});
    assert.equal(
      (
        await api(
          'editor',
          'PUT',
          `/api/v1/content/items/${id}`,
          draft({ title: '已发布后更正的动态', body: '更正后的正文' }),
        )
      ).status,
      403,
    );
    t.clock.advance(86_400_000);
    const fixed = await api(
      'reviewer',
      'PUT',
      `/api/v1/content/items/${id}`,
      draft({ title: '已发布后更正的动态', body: '更正后的正文' }),
    );
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    assert.equal(fixed.body.status, 'published');
    assert.equal(fixed.body.modifiedAt, t.clock.now().toISOString());
    const page = await t.app.inject(`/items/${id}`);
    assert.match(page.body, /修改日期/);
    assert.match(page.body, /更正后的正文/);
    const leak = await api(
      'reviewer',
      'PUT',
      `/api/v1/content/items/${id}`,
      draft({ title: '已发布后更正的动态', body: `联系人身份证 ${VALID_ID}` }),
    );
    assert.equal(leak.status, 409, 'the gate runs again on a published item');
    assert.doesNotMatch((await t.app.inject(`/items/${id}`)).body, new RegExp(VALID_ID));
  });

  it('documents the workflow API in OpenAPI', async () => {
    const paths = Object.keys((await t.app.inject('/api/docs/json')).json().paths);
    for (const p of [
      '/api/v1/content/items',
      '/api/v1/content/items/{id}/submit',
      '/api/v1/content/items/{id}/publish',
      '/api/v1/content/items/{id}/withdraw',
      '/api/v1/content/public/items',
      '/api/v1/content/columns',
      '/api/v1/content/topics',
    ]) {
      assert.ok(paths.includes(p), p);
    }
  });

  it('answers a repeated public request with 304 when the page has not changed', async () => {
    const first = await t.app.inject('/columns/zcwj');
    const etag = first.headers.etag as string;
    assert.ok(etag, 'etag');
    const again = await t.app.inject({ url: '/columns/zcwj', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
  });
});
