/**
 * Personal data out of history (issue 20, part 5): after one-click masking, earlier revisions, the
 * diffs, the stored check result and replaced attachments no longer show the raw values; the
 * originals are sealed with the personal-data key and read only after re-authentication, audited.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Document, Packer, Paragraph } from 'docx';
import { bearer, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { readStoredFile } from '../../db/files.ts';
import { residentIdCheckChar } from '../../lib/identifiers.ts';

const ID17 = '36010219800101123';
const VALID_ID = ID17 + residentIdCheckChar(ID17);
const MOBILE = '13912345678';

describe('personal data out of history (both engines)', () => {
  let t: TestApp;
  const H: Record<string, Record<string, string>> = {};
  let zwdt: number;
  const api = async (
    user: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
  ) => {
    const res = await t.app.inject({ method, url, headers: H[user], payload: payload as object });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, raw: res.body };
  };
  const draft = (body: string) => ({
    kind: 'article',
    title: '临时救助审批结果',
    body,
    source: 'original',
    formationDate: '2022-02-25',
    columnIds: [zwdt],
  });

  before(async () => {
    t = await buildTestApp();
    for (const u of ['editor', 'reviewer']) H[u] = await bearer(t, u);
    zwdt = (
      (await api('editor', 'GET', '/api/v1/content/columns')).body as { id: number; slug: string }[]
    ).find((c) => c.slug === 'zwdt')!.id;
  });
  after(() => t?.close());

  it('seals earlier revisions when masking: revisions, diffs and the stored check no longer show the raw values to anyone', async () => {
    const id = (
      await api(
        'editor',
        'POST',
        '/api/v1/content/items',
        draft(`<p>救助对象王芳同学，身份证号 ${VALID_ID}，手机 ${MOBILE}。</p>`),
      )
    ).body.id;
    await api(
      'editor',
      'PUT',
      `/api/v1/content/items/${id}`,
      draft(`<p>救助对象王芳同学，身份证号 ${VALID_ID}，手机 ${MOBILE}，金额 800 元。</p>`),
    );
    await api('editor', 'POST', `/api/v1/content/items/${id}/check`);
    assert.equal((await api('editor', 'POST', `/api/v1/content/items/${id}/mask`)).status, 200);
    const revs = (await api('reviewer', 'GET', `/api/v1/content/items/${id}/revisions`)).raw;
    assert.ok(!revs.includes(VALID_ID) && !revs.includes(MOBILE), 'no revision holds the raw values');
    const item = (await api('reviewer', 'GET', `/api/v1/content/items/${id}`)).raw;
    assert.ok(!item.includes(VALID_ID) && !item.includes(MOBILE), 'nor the item or its stored check result');
    const rows = await t.ctx.db
      .selectFrom('content_revisions')
      .select(['number', 'snapshot', 'sealed'])
      .where('item_id', '=', id)
      .orderBy('number')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.sealed != null),
      [true, true, false],
      'the two revisions before masking are sealed',
    );
    for (const r of rows)
      assert.ok(
        !r.snapshot.includes(VALID_ID) && !(r.sealed ?? '').includes(VALID_ID),
        'not in the database in clear either',
      );
    assert.match(rows[0].sealed!, /^enc1\./);
    for (const user of ['editor', 'reviewer']) {
      const s = await loginAs(t.app, user);
      for (const url of [
        `/admin/content/${id}/revisions?from=1&to=3`,
        `/admin/content/${id}/revisions?from=1&to=2`,
        `/admin/content/${id}`,
      ]) {
        const page = await s.get(url);
        assert.equal(page.statusCode, 200);
        assert.ok(!page.body.includes(VALID_ID) && !page.body.includes(MOBILE), `${user} ${url}`);
      }
    }
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'content.item.mask')
      .where('object_id', '=', String(id))
      .executeTakeFirstOrThrow();
    assert.match(audit.after_json!, /"sealedRevisions":2/);
  });

  it('shows a sealed original only to a reviewer who re-authenticated, and audits the view', async () => {
    const id = (
      await api('editor', 'POST', '/api/v1/content/items', draft(`<p>联系人李明，手机 ${MOBILE}。</p>`))
    ).body.id;
    await api('editor', 'POST', `/api/v1/content/items/${id}/mask`);
    const editor = await loginAs(t.app, 'editor');
    const page = await editor.get(`/admin/content/${id}/revisions`);
    assert.match(page.body, /个人信息已遮盖，原文加密保存/);
    assert.doesNotMatch(page.body, /查看原文/, 'an editor has no reveal button');
    assert.equal(
      (
        await editor.post(
          `/admin/content/${id}/revisions/1/reveal`,
          {},
          { from: `/admin/content/${id}/revisions` },
        )
      ).statusCode,
      403,
    );
    const reviewer = await loginAs(t.app, 'reviewer');
    const shown = await reviewer.post(
      `/admin/content/${id}/revisions/1/reveal`,
      {},
      { from: `/admin/content/${id}/revisions` },
    );
    assert.equal(shown.statusCode, 200);
    assert.ok(shown.body.includes(MOBILE), 'the original, after a recent sign-in');
    assert.equal(
      (
        await reviewer.post(
          `/admin/content/${id}/revisions/2/reveal`,
          {},
          { from: `/admin/content/${id}/revisions` },
        )
      ).statusCode,
      409,
      'the masked revision holds nothing sealed',
    );
    const views = await t.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'content.revision.personal_view')
      .where('object_id', '=', String(id))
      .execute();
    assert.equal(views.length, 1);
    t.clock.advance((t.ctx.config.reauthMinutes + 1) * 60_000);
    const stale = await reviewer.post(
      `/admin/content/${id}/revisions/1/reveal`,
      {},
      { from: `/admin/content/${id}/revisions` },
    );
    assert.equal(stale.statusCode, 303);
    assert.match(String(stale.headers.location), /^\/admin\/reauth\?next=/);
    assert.ok(!stale.body.includes(MOBILE), '!stale.body.includes(MOBILE)');
  });

  it('serves an uploaded attachment back byte for byte, and removes a replaced one from the file store', async () => {
    const id = (await api('editor', 'POST', '/api/v1/content/items', draft('<p>名单见附件。</p>'))).body.id;
    const data = Buffer.from(
      await Packer.toBuffer(
        new Document({ sections: [{ children: [new Paragraph(`张三 身份证号 ${VALID_ID}`)] }] }),
      ),
    );
    const boundary = '----b';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="名单.docx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/v1/content/items/${id}/attachments`,
      headers: { ...H.editor, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    assert.equal(up.statusCode, 201);
    const att = await t.ctx.db
      .selectFrom('content_attachments')
      .select(['id', 'storage_path'])
      .where('item_id', '=', id)
      .executeTakeFirstOrThrow();
    const down = await t.app.inject({
      method: 'GET',
      url: `/files/content/${att.id}/${encodeURIComponent('名单.docx')}`,
      headers: H.editor,
    });
    assert.equal(down.statusCode, 200);
    assert.ok(down.rawPayload.equals(data), 'the download is the uploaded file, byte for byte');
    // Stored through src/db/files.ts: on SQLite the file on disk as before, on PostgreSQL in the database.
    const stored = `uploads/${att.storage_path}`;
    assert.ok((await readStoredFile(t.ctx, stored))?.equals(data), 'the stored file is the upload');
    const file = join(t.ctx.config.dataDir, stored);
    assert.equal(existsSync(file), t.ctx.engine === 'sqlite', 'on disk on SQLite only');
    assert.equal(
      (await api('editor', 'DELETE', `/api/v1/content/items/${id}/attachments/${att.id}`)).status,
      204,
    );
    assert.equal(await readStoredFile(t.ctx, stored), null, 'the file left the store');
    assert.ok(!existsSync(file), 'the file left the disk');
  });
});
