import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { bearer, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../context.ts';
import { createColumn, withdrawItem } from '../content/service.ts';
import { getTask, listPlans, listTasks } from '../ledger/service.ts';
import { listPublicOrgs } from '../org/service.ts';
import { publishOnDate, SAMPLE_PHOTO } from './seed.ts';
import { createCatalogue, createEntry, sendDueReminders, setEntryMapping } from './service.ts';
import { exportCatalogueXlsx, importCatalogueXlsx, readCatalogueWorkbook } from './xlsx.ts';
import type { EntryFields } from './model.ts';

const system = systemActor('test');

/** A multipart body built by hand (fields and one file). */
function multipart(
  fields: Record<string, string>,
  file?: { name: string; filename: string; data: Buffer; type: string },
) {
  const boundary = `----gongkai${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
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

const entry = (over: Partial<EntryFields>): EntryFields => ({
  domain: '测试领域',
  item1: '测试事项',
  item2: '',
  content: '测试内容',
  basis: '',
  timeLimit: '信息形成或变更之日起20个工作日内',
  subject: '乡镇人民政府',
  channels: ['政府网站'],
  audience: ['all'],
  mode: ['proactive'],
  level: ['township'],
  ...over,
});

describe('standard catalogues (基层政务公开标准目录)', () => {
  let t: TestApp;
  let org: (short: string) => number;
  let catalogueOf: (
    short: string,
  ) => Promise<{ id: number; entries: { id: number; domain: string; item1: string; item2: string }[] }>;

  before(async () => {
    t = await buildTestApp();
    const orgs = await listPublicOrgs(t.ctx.db);
    org = (s) => orgs.find((o) => o.shortName === s)!.id;
    const gkb = await bearer(t, 'gkb');
    catalogueOf = async (short) => {
      const list = (await t.app.inject({ url: '/api/v1/catalogues?year=2022', headers: gkb })).json() as {
        id: number;
        orgId: number;
      }[];
      const c = list.find((x) => x.orgId === org(short))!;
      return (await t.app.inject({ url: `/api/v1/catalogues/${c.id}`, headers: gkb })).json();
    };
  });
  after(() => t.close());

  /** Publishes an item through the real workflow at a Beijing date. */
  const publishAt = (
    date: string,
    input: { title: string; orgId: number; columnId: number; formationDate: string | null },
  ) =>
    publishOnDate(t.ctx, date, {
      kind: 'notice',
      title: input.title,
      body: '<p>测试</p>',
      orgId: input.orgId,
      source: 'original',
      formationDate: input.formationDate,
      columnIds: [input.columnId],
      topics: [],
    });

  it('builds every township’s catalogue from the shared templates, the villages’ from the 村务公开 template', async () => {
    const sj = await catalogueOf('沙井街办');
    assert.deepEqual(
      [...new Set(sj.entries.map((e) => e.domain))],
      ['社会救助', '养老服务', '财政预决算（演示）'],
    );
    // 养老服务通用政策 is 县级 only: not in a township's catalogue.
    assert.equal(
      sj.entries.some((e) => e.item1 === '养老服务通用政策'),
      false,
    );
    const wd = await catalogueOf('卫东街办');
    assert.deepEqual(
      [...new Set(wd.entries.map((e) => e.domain))],
      ['社会救助', '养老服务', '义务教育'],
      'sample domains are not taken by default (义务教育 has 乡级 rows: 财务信息, 学校介绍)',
    );
    const village = await catalogueOf('沙井演示村');
    assert.deepEqual([...new Set(village.entries.map((e) => e.domain))], ['村（居）务公开']);
    const tpl = (
      await t.app.inject({ url: '/api/v1/catalogue/templates', headers: await bearer(t, 'sj_editor') })
    ).json() as { domain: string; source: string; isSample: boolean }[];
    for (const d of ['社会救助', '养老服务', '义务教育'])
      assert.match(tpl.find((x) => x.domain === d)!.source, /基层政务公开标准指引/);
    assert.ok(
      tpl.filter((x) => x.isSample).every((x) => x.source === ''),
      "tpl.filter((x) => x.isSample).every((x) => x.source === '')",
    );
  });

  it('credits an entry when an item is published into its mapped column, and drops the credit when withdrawn', async () => {
    const sj = await catalogueOf('沙井街办');
    const gkb = await bearer(t, 'gkb');
    const cov = (await t.app.inject({ url: `/api/v1/catalogues/${sj.id}/coverage`, headers: gkb })).json();
    const guide = cov.entries.find((e: { item: string }) => e.item === '最低生活保障·办事指南');
    assert.equal(guide.state, 'fulfilled', 'the seed’s on-time item credits it');
    assert.match(guide.publications[0].url, /^\/items\/\d+$/);
    const temp = cov.entries.find((e: { item: string }) => e.item === '临时救助·办事指南');
    assert.equal(temp.state, 'late', 'published 50 days after formation');
    assert.equal(temp.timeliness, 'late');

    // A new item into the entry's column credits it.
    const reportEntry = cov.entries.find((e: { item: string }) => e.item === '综合业务·监督检查');
    assert.equal(reportEntry.state, 'missing');
    const columnId = (
      await t.ctx.db
        .selectFrom('catalogue_mappings')
        .select('column_id')
        .where('entry_id', '=', reportEntry.entryId)
        .executeTakeFirstOrThrow()
    ).column_id;
    const item = await publishAt('2022-02-20', {
      title: '沙井街道社会救助监督举报电话',
      orgId: org('沙井街办'),
      columnId,
      formationDate: '2022-02-18',
    });
    const after = (await t.app.inject({ url: `/api/v1/catalogues/${sj.id}/coverage`, headers: gkb })).json();
    const report = after.entries.find((e: { item: string }) => e.item === '综合业务·监督检查');
    assert.equal(report.state, 'fulfilled');
    assert.ok(
      report.publications.some((p: { url: string }) => p.url === `/items/${item.id}`),
      'report.publications.some((p: { url: string }) => p.url === `/items/${item.id}`)',
    );
    // Another org's item in the same column credits nothing of 沙井's.
    await publishAt('2022-02-21', {
      title: '卫东街道的信息',
      orgId: org('卫东街办'),
      columnId,
      formationDate: null,
    });
    const again = (await t.app.inject({ url: `/api/v1/catalogues/${sj.id}/coverage`, headers: gkb })).json();
    assert.equal(
      again.entries.find((e: { item: string }) => e.item === '综合业务·监督检查').publications.length,
      report.publications.length,
    );

    await withdrawItem(t.ctx, system, item.id, { mode: 'notice', reason: '测试撤稿' });
    const gone = (await t.app.inject({ url: `/api/v1/catalogues/${sj.id}/coverage`, headers: gkb })).json();
    assert.equal(gone.entries.find((e: { item: string }) => e.item === '综合业务·监督检查').state, 'missing');
  });

  it('limits a township editor to its own catalogue and its villages’; the openness office sees all', async () => {
    const sjh = await bearer(t, 'sj_editor');
    const list = (await t.app.inject({ url: '/api/v1/catalogues?year=2022', headers: sjh })).json() as {
      orgName: string;
    }[];
    assert.deepEqual(list.map((c) => c.orgName).sort(), ['沙井演示村', '沙井演示社区', '沙井街办'].sort());
    const wd = await catalogueOf('卫东街办');
    assert.equal((await t.app.inject({ url: `/api/v1/catalogues/${wd.id}`, headers: sjh })).statusCode, 403);
    assert.equal(
      (await t.app.inject({ url: `/api/v1/catalogues/${wd.id}/coverage`, headers: sjh })).statusCode,
      403,
    );
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/catalogue/entries/${wd.entries[0].id}`,
      headers: sjh,
      payload: entry({}),
    });
    assert.equal(put.statusCode, 403);
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/catalogues',
          headers: sjh,
          payload: { orgId: org('卫东街办'), year: 2023 },
        })
      ).statusCode,
      403,
    );
    // Its own entry: editable, with Chinese field errors on bad input.
    const sj = await catalogueOf('沙井街办');
    const bad = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/catalogue/entries/${sj.entries[0].id}`,
      headers: sjh,
      payload: entry({ audience: [] }),
    });
    assert.equal(bad.statusCode, 400);
    const ok = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/catalogue/entries/${sj.entries[0].id}`,
      headers: sjh,
      payload: entry({
        domain: '社会救助',
        item1: '政策法规',
        item2: '政策文件',
        content: '社会救助相关政策文件（本街道调整）',
      }),
    });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.json().content, /本街道调整/);
    // A village below it is in its scope.
    const village = await catalogueOf('沙井演示村');
    assert.equal(
      (await t.app.inject({ url: `/api/v1/catalogues/${village.id}`, headers: sjh })).statusCode,
      200,
    );
    // A department editor has no catalogue at all; templates are the openness office's.
    assert.equal(
      (
        (
          await t.app.inject({ url: '/api/v1/catalogues', headers: await bearer(t, 'editor') })
        ).json() as unknown[]
      ).length,
      0,
    );
    assert.equal(
      (
        await t.app.inject({
          method: 'PUT',
          url: '/api/v1/catalogue/templates/1',
          headers: sjh,
          payload: entry({}),
        })
      ).statusCode,
      403,
    );
    // The back office page of another township: refused.
    const s = await loginAs(t.app, 'sj_editor');
    assert.equal((await s.get(`/admin/catalogues/${wd.id}`)).statusCode, 403);
    assert.equal((await s.get(`/admin/catalogues/${sj.id}`)).statusCode, 200);
  });

  it('round-trips a catalogue through the standard XLSX table', async () => {
    const sj = await catalogueOf('沙井街办');
    const first = await exportCatalogueXlsx(t.ctx, system, sj.id);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(first as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['社会救助', '养老服务', '财政预决算（演示）'],
    );
    const head = wb.worksheets[0].getRow(3).values as string[];
    assert.deepEqual(
      [2, 3, 9, 10, 11, 12, 13, 14].map((i) => head[i]),
      ['一级事项', '二级事项', '全社会', '特定群体', '主动', '依申请', '县级', '乡级'],
    );
    assert.equal(wb.worksheets[0].getCell('A2').isMerged, true, '序号 spans both header rows');
    // Into an empty catalogue of another township: the same rows come back, and export again is identical.
    const fresh = await createCatalogue(t.ctx, system, {
      orgId: org('红角洲管理处'),
      year: 2023,
      domains: [],
    });
    const r = await importCatalogueXlsx(t.ctx, system, fresh.id, first);
    assert.equal(r.created, sj.entries.length);
    const second = await exportCatalogueXlsx(t.ctx, system, fresh.id);
    const a = await readCatalogueWorkbook(first);
    const b = await readCatalogueWorkbook(second);
    assert.deepEqual(b.errors, []);
    const strip = (rows: typeof a.rows) => rows.map(({ sheet, row, ...rest }) => ({ ...rest }));
    assert.deepEqual(strip(b.rows), strip(a.rows));
    assert.equal(a.rows.length, sj.entries.length);
    // Re-importing the same file updates in place.
    const again = await importCatalogueXlsx(t.ctx, system, fresh.id, second);
    assert.deepEqual(
      { created: again.created, updated: again.updated, deleted: again.deleted },
      { created: 0, updated: sj.entries.length, deleted: 0 },
    );
  });

  it('refuses a workbook with wrong rows, naming sheet and row, and imports nothing', async () => {
    const sj = await catalogueOf('沙井街办');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportCatalogueXlsx(t.ctx, system, sj.id)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('社会救助')!;
    ws.getRow(5).getCell(6).value = ''; // 公开时限 of the second entry
    ws.getRow(6).getCell(9).value = '';
    ws.getRow(6).getCell(10).value = ''; // no 公开对象
    ws.getRow(7).getCell(6).value = '及时'; // an unknown wording: a warning, not an error
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const read = await readCatalogueWorkbook(data);
    assert.equal(read.errors.length, 2);
    assert.match(read.errors[0], /工作表“社会救助”第 5 行“公开时限”列：请填写公开时限/);
    assert.match(read.errors[1], /第 6 行“公开对象”列：请选择公开对象/);
    assert.match(read.warnings[0], /第 7 行：公开时限“及时”未能识别/);
    const before = await t.ctx.db
      .selectFrom('catalogue_entries')
      .select(['id', 'time_limit'])
      .where('catalogue_id', '=', sj.id)
      .orderBy('id')
      .execute();
    const up = multipart({}, { name: 'file', filename: 'x.xlsx', data, type: 'application/octet-stream' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/catalogues/${sj.id}/import`,
      headers: { ...(await bearer(t, 'sj_editor')), ...up.headers },
      payload: up.payload,
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().error.message, /未导入任何内容.*第 5 行/);
    const afterRows = await t.ctx.db
      .selectFrom('catalogue_entries')
      .select(['id', 'time_limit'])
      .where('catalogue_id', '=', sj.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(afterRows, before);
    const notExcel = multipart(
      {},
      { name: 'file', filename: 'x.xlsx', data: Buffer.from('hello'), type: 'application/octet-stream' },
    );
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/catalogues/${sj.id}/import`,
      headers: { ...(await bearer(t, 'sj_editor')), ...notExcel.headers },
      payload: notExcel.payload,
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /不是有效的 Excel/);
  });

  it('computes coverage and timeliness against hand-built histories on a controllable clock', async (ctx) => {
    ctx.after(() => t.clock.set('2022-03-01T02:00:00Z'));
    const fhz = org('凤凰洲管理处');
    const c = await createCatalogue(t.ctx, system, { orgId: fhz, year: 2021, domains: [] });
    let n = 0;
    /** An entry with its own column (as each 事项 usually has), and a way to publish into it. */
    const mk = async (item1: string, timeLimit: string) => {
      const column = await createColumn(t.ctx, system, {
        name: `凤凰洲${item1}`,
        slug: `fhz-${++n}`,
        kind: 'notice',
        parentId: null,
        orgId: fhz,
        sortOrder: 90 + n,
        description: '',
      });
      const e = await createEntry(t.ctx, system, c.id, entry({ item1, timeLimit, domain: '测试' }));
      await setEntryMapping(t.ctx, system, e.id, { columnIds: [column.id], itemKinds: [] });
      return {
        e,
        column,
        publish: (date: string, formationDate: string | null) =>
          publishAt(date, { title: `${item1}${date}`, orgId: fhz, columnId: column.id, formationDate }),
      };
    };
    const onTime = await mk('按时事项', '信息形成或变更之日起20个工作日内');
    // 2021-03-01 + 20 working days = 2021-03-29 (no holiday in between).
    await onTime.publish('2021-03-29', '2021-03-01');
    const late = await mk('逾期事项', '信息形成或变更之日起20个工作日内');
    // 2021-09-13 + 20 working days crosses 中秋 (9/19–9/21 off, 9/18 worked) and 国庆 (10/1–10/7 off, 9/26 and 10/9 worked): due 2021-10-15.
    await late.publish('2021-10-18', '2021-09-13');
    const quarterly = await mk('季度事项', '每季度公布一次');
    await quarterly.publish('2021-02-01', null);
    await quarterly.publish('2021-08-02', null);
    await mk('缺失事项', '每年3月底前');
    // A mapping made later credits what was already published there (backfill), by kind.
    const backfill = await createEntry(
      t.ctx,
      system,
      c.id,
      entry({ item1: '回填事项', domain: '测试', timeLimit: '长期' }),
    );
    await setEntryMapping(t.ctx, system, backfill.id, {
      columnIds: [quarterly.column.id],
      itemKinds: ['policy'],
    });
    assert.equal(
      (
        await t.ctx.db
          .selectFrom('catalogue_credits')
          .select('id')
          .where('entry_id', '=', backfill.id)
          .execute()
      ).length,
      0,
      'a notice does not fulfil an entry limited to policy documents',
    );
    await setEntryMapping(t.ctx, system, backfill.id, {
      columnIds: [quarterly.column.id],
      itemKinds: ['notice'],
    });
    assert.equal(
      (
        await t.ctx.db
          .selectFrom('catalogue_credits')
          .select('id')
          .where('entry_id', '=', backfill.id)
          .execute()
      ).length,
      2,
    );

    const gkb = await bearer(t, 'gkb');
    const at = async (instant: string) => {
      t.clock.set(instant);
      const res = await t.app.inject({ url: `/api/v1/catalogues/${c.id}/coverage`, headers: gkb });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      return { body, by: (item: string) => body.entries.find((e: { item: string }) => e.item === item) };
    };
    const mid = await at('2021-11-01T02:00:00Z');
    assert.equal(mid.by('按时事项').state, 'fulfilled');
    assert.equal(mid.by('按时事项').timeliness, 'on_time');
    assert.equal(mid.by('按时事项').publications[0].deadline, '2021-03-29');
    assert.equal(mid.by('逾期事项').state, 'late');
    assert.equal(mid.by('逾期事项').publications[0].deadline, '2021-10-15');
    assert.deepEqual(
      mid.by('季度事项').periods.map((p: { state: string }) => p.state),
      ['on_time', 'missing', 'on_time', 'pending'],
    );
    assert.equal(mid.by('季度事项').state, 'missing');
    assert.equal(mid.by('季度事项').nextDue, '2021-12-31');
    assert.equal(mid.by('缺失事项').state, 'missing');
    assert.equal(mid.by('回填事项').state, 'fulfilled');
    assert.equal(mid.body.total.due, 5);
    assert.equal(mid.body.total.fulfilled, 3);
    assert.equal(mid.body.total.late, 1);
    assert.equal(mid.body.total.rate, 0.6);
    // Earlier in the year the annual entry is not yet due and does not count.
    const early = await at('2021-03-15T02:00:00Z');
    assert.equal(early.by('缺失事项').state, 'pending');
    assert.equal(
      early.by('季度事项').state,
      'fulfilled',
      'the first quarter was already published in February',
    );
    assert.deepEqual(
      early.by('季度事项').periods.map((p: { state: string }) => p.state),
      ['on_time', 'pending', 'pending', 'pending'],
    );
    assert.equal(early.body.total.due, 4, 'the annual entry not yet due does not count');
    // The district overview lists the township with its figures.
    const overview = (
      await t.app.inject({ url: '/api/v1/catalogue/coverage?year=2021', headers: gkb })
    ).json();
    const row = overview.find((r: { catalogueId: number }) => r.catalogueId === c.id);
    assert.equal(row.orgName, '凤凰洲管理处');
    // The overview computes all catalogues in one pass; its figures agree with each catalogue's own coverage.
    for (const r of overview) {
      const one = (
        await t.app.inject({ url: `/api/v1/catalogues/${r.catalogueId}/coverage`, headers: gkb })
      ).json();
      assert.deepEqual(r.total, one.total);
      assert.deepEqual(r.domains, one.domains);
      type E = { state: string; nextDue: string | null; timeliness: string };
      const entries: E[] = one.entries;
      assert.equal(
        r.gaps,
        entries.filter((e) => e.state === 'missing' || (e.state === 'pending' && e.nextDue != null)).length,
      );
      assert.equal(r.late, entries.filter((e) => e.timeliness === 'late').length);
    }
  });

  it('records an offline posting with a photo (refusing anything but an image), which fulfils the entry', async () => {
    const village = await catalogueOf('沙井演示社区');
    const target = village.entries.find((e) => e.item1 === '财务公开')!;
    const sjh = await bearer(t, 'sj_editor');
    const send = (fields: Record<string, string>, data: Buffer) => {
      const m = multipart(fields, { name: 'photo', filename: 'board.png', data, type: 'image/png' });
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/catalogue/entries/${target.id}/postings`,
        headers: { ...sjh, ...m.headers },
        payload: m.payload,
      });
    };
    const fields = {
      channel: '居务公开栏',
      title: '2022年1月财务收支情况',
      postedOn: '2022-02-10',
      formedOn: '2022-02-05',
    };
    const notImage = await send(fields, Buffer.from('not an image'));
    assert.equal(notImage.statusCode, 400);
    assert.match(notImage.json().error.fields.photo, /JPG 或 PNG/);
    const future = await send({ ...fields, postedOn: '2022-03-05' }, SAMPLE_PHOTO);
    assert.equal(future.statusCode, 400);
    const ok = await send(fields, SAMPLE_PHOTO);
    assert.equal(ok.statusCode, 201);
    const photo = await t.app.inject({
      url: `/api/v1/catalogue/postings/${ok.json().id}/photo`,
      headers: sjh,
    });
    assert.equal(photo.statusCode, 200);
    assert.equal(photo.headers['content-type'], 'image/png');
    assert.deepEqual(
      photo.rawPayload,
      SAMPLE_PHOTO,
      'the photo downloads back identically (disk or database)',
    );
    assert.equal(
      (await t.app.inject({ url: `/api/v1/catalogue/postings/${ok.json().id}/photo` })).statusCode,
      401,
      'photos are not public',
    );
    assert.equal(
      (
        await t.app.inject({
          url: `/api/v1/catalogue/postings/${ok.json().id}/photo`,
          headers: await bearer(t, 'editor'),
        })
      ).statusCode,
      403,
    );
    const cov = (
      await t.app.inject({ url: `/api/v1/catalogues/${village.id}/coverage`, headers: sjh })
    ).json();
    const e = cov.entries.find((x: { entryId: number }) => x.entryId === target.id);
    assert.equal(e.periods[0].state, 'missing', 'January had nothing posted by its end');
    assert.equal(e.periods[1].state, 'on_time');
    assert.equal(e.publications[0].source, 'offline');
    // An entry with postings cannot be deleted.
    assert.equal(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/catalogue/entries/${target.id}`, headers: sjh }))
        .statusCode,
      409,
    );
  });

  it('reminds the township’s editors before a periodic entry falls due, once', async () => {
    const user = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'sj_editor')
      .executeTakeFirstOrThrow();
    const count = async () =>
      (
        await t.ctx.db.selectFrom('notifications').select('title').where('user_id', '=', user.id).execute()
      ).filter((n) => n.title.startsWith('标准目录事项即将到期')).length;
    const before = await count();
    // 2022-03-25 is within 5 working days of 3/31: the 预算 entry (每年3月底前) and villages' monthly entries are due.
    const sent = await sendDueReminders(t.ctx, new Date('2022-03-25T01:00:00Z'));
    assert.ok(sent > 0, 'sent > 0');
    const titles = (
      await t.ctx.db.selectFrom('notifications').select('title').where('user_id', '=', user.id).execute()
    ).map((n) => n.title);
    assert.ok(
      titles.some((x) => x.includes('预算·部门预算')),
      titles.join('\n'),
    );
    assert.equal(
      await sendDueReminders(t.ctx, new Date('2022-03-25T05:00:00Z')),
      0,
      'once per entry and period',
    );
    assert.equal(await count(), before + sent);
    assert.equal(await sendDueReminders(t.ctx, new Date('2022-03-10T01:00:00Z')), 0, 'not three weeks ahead');
  });

  it('reports unreadable time limits instead of guessing, on the coverage page and in the API', async () => {
    const sj = await catalogueOf('沙井街办');
    const e = await createEntry(
      t.ctx,
      system,
      sj.id,
      entry({ domain: '社会救助', item1: '其他', timeLimit: '及时' }),
    );
    const cov = (
      await t.app.inject({ url: `/api/v1/catalogues/${sj.id}/coverage`, headers: await bearer(t, 'gkb') })
    ).json();
    const row = cov.entries.find((x: { entryId: number }) => x.entryId === e.id);
    assert.equal(row.timeLimitUnderstood, false);
    assert.match(row.dueText, /未能识别/);
    const page = await (await loginAs(t.app, 'sj_editor')).get(`/admin/catalogues/${sj.id}/coverage`);
    assert.match(page.body, /公开时限未能识别/);
    assert.match(page.body, /“及时”/);
  });

  it('serves the pilot report as DOCX, linked by the seed as evidence of ledger task 13', async () => {
    const sj = await catalogueOf('沙井街办');
    const res = await t.app.inject({ url: `/catalogue/${sj.id}/report.docx` });
    assert.equal(res.statusCode, 200);
    const { value: text } = await mammoth.extractRawText({ buffer: res.rawPayload });
    assert.match(text, /红谷滩区沙井街道办事处基层政务公开标准化规范化“十县百乡”建设情况报告（2022年）/);
    assert.match(text, /赣府公开办字〔2021〕7号/);
    assert.match(text, /社会救助/);
    assert.match(text, /沙井街道演示村村民委员会/);
    assert.match(text, /存在的问题和改进措施/);
    const plan = (await listPlans(t.ctx, system)).find((p) => p.year === 2022)!;
    const task = (await listTasks(t.ctx, system, plan.id)).find((x) => x.number === '13')!;
    const detail = await getTask(t.ctx, system, task.id);
    const ev = detail.evidence.find((e) => e.url === `/catalogue/${sj.id}/report.docx`);
    assert.ok(ev, 'evidence linked');
    assert.equal(ev.kind, 'report');
    assert.equal(ev.orgId, org('沙井街办'));
    // A village catalogue has no pilot report.
    const village = await catalogueOf('沙井演示村');
    assert.equal((await t.app.inject({ url: `/catalogue/${village.id}/report.docx` })).statusCode, 400);
  });

  it('shows each township’s catalogue on the portal with links to the items that fulfil it', async () => {
    const sj = await catalogueOf('沙井街办');
    const index = await t.app.inject({ url: '/catalogue' });
    assert.equal(index.statusCode, 200);
    assert.match(index.body, new RegExp(`href="/catalogue/${sj.id}"`));
    const page = await t.app.inject({ url: `/catalogue/${sj.id}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<a href="\/items\/\d+">沙井街道最低生活保障办事指南（演示）<\/a>/);
    assert.match(page.body, /村（居）务公开目录/);
    assert.doesNotMatch(page.body, /postings\/\d+\/photo/, 'no photos on the portal');
    assert.equal((await t.app.inject({ url: '/catalogue/999999' })).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/catalogue/abc' })).statusCode, 400);
  });

  it('lets a township editor work in the back office: create, edit, map and post through forms', async () => {
    const s = await loginAs(t.app, 'sj_editor');
    const sj = await catalogueOf('沙井街办');
    const list = await s.get('/admin/catalogues?year=2022');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /沙井街办/);
    assert.doesNotMatch(list.body, /卫东街办2022年/);
    const dup = await s.post(
      '/admin/catalogues',
      { orgId: String(org('沙井街办')), year: '2022' },
      { from: '/admin/catalogues' },
    );
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /目录已经存在/);
    const bad = await s.post(
      `/admin/catalogues/${sj.id}/entries/new`,
      { domain: '社会救助', item1: '' },
      { from: `/admin/catalogues/${sj.id}/entries/new` },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写一级事项/);
    const created = await s.post(
      `/admin/catalogues/${sj.id}/entries/new`,
      {
        domain: '社会救助',
        item1: '本街道增补',
        content: '街道增补内容',
        timeLimit: '每季度公布一次',
        subject: '沙井街办',
        channels: ['政府网站', '公开栏'],
        otherChannels: '电子屏',
        audience: 'all',
        mode: 'proactive',
        level: 'township',
      },
      { from: `/admin/catalogues/${sj.id}/entries/new` },
    );
    assert.equal(created.statusCode, 303);
    const entryPage = await s.get(created.headers.location as string);
    assert.equal(entryPage.statusCode, 200);
    assert.match(entryPage.body, /电子屏/);
    const id = /entries\/(\d+)/.exec(created.headers.location as string)![1];
    const mapped = await s.post(
      `/admin/catalogue/entries/${id}/mapping`,
      { columnIds: ['999999'] },
      { from: `/admin/catalogue/entries/${id}` },
    );
    assert.equal(mapped.statusCode, 400);
    assert.match(mapped.body, /栏目不存在/);
    assert.equal((await s.get(`/admin/catalogues/${sj.id}/coverage`)).statusCode, 200);
    assert.equal((await s.get(`/admin/catalogues/${sj.id}/import`)).statusCode, 200);
    assert.equal((await s.get('/admin/catalogue/templates')).statusCode, 200);
  });

  it('lets only the openness office add, edit and remove template rows in the back office and the API, audited', async () => {
    // Every other role that reads catalogues sees the templates but cannot change them.
    for (const user of ['leader', 'admin', 'reviewer', 'sj_editor']) {
      const s = await loginAs(t.app, user);
      const page = await s.get('/admin/catalogue/templates');
      assert.equal(page.statusCode, 200, user);
      assert.doesNotMatch(page.body, /增加模板事项|\/delete"/, user);
      assert.equal((await s.get('/admin/catalogue/templates/new')).statusCode, 403, user);
      const anyId = (
        await t.ctx.db.selectFrom('catalogue_template_entries').select('id').executeTakeFirstOrThrow()
      ).id;
      assert.equal((await s.get(`/admin/catalogue/templates/${anyId}`)).statusCode, 403, user);
      const refused = await s.post(
        `/admin/catalogue/templates/${anyId}/delete`,
        {},
        { from: '/admin/catalogue/templates' },
      );
      assert.equal(refused.statusCode, 403, user);
      const headers = await bearer(t, user);
      const api = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalogue/templates',
        headers,
        payload: { ...entry({ domain: '社会救助', item1: '越权' }) },
      });
      assert.equal(api.statusCode, 403, user);
      assert.equal(
        (await t.app.inject({ method: 'DELETE', url: `/api/v1/catalogue/templates/${anyId}`, headers }))
          .statusCode,
        403,
        user,
      );
    }
    assert.equal(
      (
        await t.ctx.db
          .selectFrom('catalogue_template_entries')
          .selectAll()
          .where('item1', '=', '越权')
          .execute()
      ).length,
      0,
    );

    const s = await loginAs(t.app, 'gkb');
    const list = await s.get('/admin/catalogue/templates');
    assert.match(list.body, /增加模板事项/);
    // Bad input re-renders the form with the Chinese errors and keeps what was typed.
    const bad = await s.post(
      '/admin/catalogue/templates/new',
      { domain: '社会救助', item1: '', content: '保留的内容' },
      { from: '/admin/catalogue/templates/new' },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写一级事项/);
    assert.match(bad.body, /保留的内容/);
    const form = {
      item1: '模板增补',
      item2: '办事指南',
      content: '办理条件、申请材料',
      basis: '《社会救助暂行办法》',
      timeLimit: '每季度公布一次',
      subject: '乡镇人民政府',
      channels: ['政府网站', '公开栏'],
      otherChannels: '电子屏',
      audience: 'all',
      mode: 'proactive',
      level: ['county', 'township'],
    };
    const noScope = await s.post(
      '/admin/catalogue/templates/new',
      { ...form, domain: '全新领域' },
      { from: '/admin/catalogue/templates/new' },
    );
    assert.equal(noScope.statusCode, 400);
    assert.match(noScope.body, /新领域请选择适用范围/);
    const wrongScope = await s.post(
      '/admin/catalogue/templates/new',
      { ...form, domain: '社会救助', scope: 'village' },
      { from: '/admin/catalogue/templates/new' },
    );
    assert.equal(wrongScope.statusCode, 400);
    const added = await s.post(
      '/admin/catalogue/templates/new',
      { ...form, domain: '社会救助' },
      { from: '/admin/catalogue/templates/new' },
    );
    assert.equal(added.statusCode, 303);
    const row = await t.ctx.db
      .selectFrom('catalogue_template_entries')
      .selectAll()
      .where('item1', '=', '模板增补')
      .executeTakeFirstOrThrow();
    assert.equal(row.scope, 'township', 'joins the domain with its scope and source');
    assert.match(row.source, /社会救助领域基层政务公开标准指引/);
    assert.deepEqual(JSON.parse(row.channels), ['政府网站', '公开栏', '电子屏']);
    assert.deepEqual(JSON.parse(row.level), ['county', 'township']);
    const fresh = await s.post(
      '/admin/catalogue/templates/new',
      { ...form, domain: '全新领域', scope: 'township' },
      { from: '/admin/catalogue/templates/new' },
    );
    assert.equal(fresh.statusCode, 303);
    assert.match((await s.get('/admin/catalogue/templates')).body, /全新领域[\s\S]*区政务公开办增补/);

    // Edit: errors re-render; a good edit saves every field.
    const editUrl = `/admin/catalogue/templates/${row.id}`;
    assert.match((await s.get(editUrl)).body, /办理条件、申请材料/);
    const badEdit = await s.post(editUrl, { ...form, domain: '社会救助', timeLimit: '' }, { from: editUrl });
    assert.equal(badEdit.statusCode, 400);
    assert.match(badEdit.body, /公开时限/);
    const edited = await s.post(
      editUrl,
      { ...form, domain: '社会救助', content: '修改后的内容', mode: ['proactive', 'on_request'] },
      { from: editUrl },
    );
    assert.equal(edited.statusCode, 303);
    const after = await t.ctx.db
      .selectFrom('catalogue_template_entries')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.equal(after.content, '修改后的内容');
    assert.deepEqual(JSON.parse(after.mode), ['proactive', 'on_request']);

    // A catalogue built from the row keeps its copy when the row is removed.
    const village = org('沙井街办');
    const built = await createCatalogue(t.ctx, system, { orgId: village, year: 2031, domains: ['社会救助'] });
    const copy = await t.ctx.db
      .selectFrom('catalogue_entries')
      .selectAll()
      .where('catalogue_id', '=', built.id)
      .where('template_entry_id', '=', row.id)
      .executeTakeFirstOrThrow();
    const removed = await s.post(`${editUrl}/delete`, {}, { from: '/admin/catalogue/templates' });
    assert.equal(removed.statusCode, 303);
    assert.equal(
      (await t.ctx.db.selectFrom('catalogue_template_entries').selectAll().where('id', '=', row.id).execute())
        .length,
      0,
    );
    const kept = await t.ctx.db
      .selectFrom('catalogue_entries')
      .selectAll()
      .where('id', '=', copy.id)
      .executeTakeFirstOrThrow();
    assert.equal(kept.template_entry_id, null);
    assert.equal(kept.content, '修改后的内容');
    assert.equal(
      (await s.post(`${editUrl}/delete`, {}, { from: '/admin/catalogue/templates' })).statusCode,
      404,
    );

    // The API does the same for the openness office.
    const gkb = await bearer(t, 'gkb');
    const viaApi = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/templates',
      headers: gkb,
      payload: entry({ domain: '社会救助', item1: '接口增补' }),
    });
    assert.equal(viaApi.statusCode, 201);
    const badApi = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/templates',
      headers: gkb,
      payload: entry({ domain: '社会救助', item1: '' }),
    });
    assert.equal(badApi.statusCode, 400);
    assert.equal(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/catalogue/templates/${viaApi.json().id}`,
          headers: gkb,
        })
      ).statusCode,
      204,
    );

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'catalogue.template.%')
      .execute();
    const actions = audit.map((a) => a.action);
    for (const a of ['catalogue.template.create', 'catalogue.template.update', 'catalogue.template.delete'])
      assert.ok(actions.includes(a), a);
  });

  it('documents the API in OpenAPI', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json();
    for (const p of [
      '/api/v1/catalogues',
      '/api/v1/catalogues/{id}/coverage',
      '/api/v1/catalogue/entries/{id}/mapping',
      '/api/v1/catalogue/templates',
    ])
      assert.ok(doc.paths[p], p);
  });
});
