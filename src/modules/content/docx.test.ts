/**
 * Word in (issue 20, part 2): a .docx becomes a clean body with headings, lists, tables and images
 * as attachments; corrupt, encrypted and oversized files get a Chinese 4xx and nothing is saved;
 * pasted Word markup is cleaned the same way (both engines).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { bearer, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { sanitizeBody } from './model.ts';
import { sampleWordDocx } from './test-fixtures.ts';

function multipart(filename: string, data: Buffer) {
  const boundary = '----gongkai-docx';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('Word in: .docx as the body (both engines)', () => {
  let t: TestApp;
  const H: Record<string, Record<string, string>> = {};
  let zwdt: number;
  const newDraft = async () =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/content/items',
        headers: H.editor,
        payload: {
          kind: 'article',
          title: '政务公开工作要点',
          body: '待导入',
          source: 'original',
          columnIds: [zwdt],
        },
      })
    ).json().id as number;
  const upload = (id: number, name: string, data: Buffer) => {
    const { payload, headers } = multipart(name, data);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/content/items/${id}/body-docx`,
      headers: { ...H.editor, ...headers },
      payload,
    });
  };

  before(async () => {
    t = await buildTestApp();
    H.editor = await bearer(t, 'editor');
    zwdt = (
      (await t.app.inject({ url: '/api/v1/content/columns', headers: H.editor })).json() as {
        id: number;
        slug: string;
      }[]
    ).find((c) => c.slug === 'zwdt')!.id;
  });
  after(() => t?.close());

  it('turns headings, lists, tables and images into a clean body, images as attachments, and drops links to local files', async () => {
    const id = await newDraft();
    const res = await upload(id, '工作要点.docx', await sampleWordDocx());
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    const body = res.json().body as string;
    assert.match(body, /<h2>一、工作目标<\/h2>/);
    assert.match(body, /<ol>\s*<li>公开办事指南<\/li>\s*<li>公开收费目录<\/li>\s*<\/ol>/);
    assert.match(body, /<table>[\s\S]*<td>(<p>)?立项审批(<\/p>)?<\/td>/);
    assert.match(body, /<a href="https:\/\/www.gov.cn\/">中国政府网<\/a>/);
    assert.match(body, /<a>本地名单<\/a>/, 'a link to a local file keeps its text, not its target');
    assert.doesNotMatch(body, /file:|style=|class=/);
    const atts = await t.ctx.db
      .selectFrom('content_attachments')
      .select(['id', 'name', 'mime'])
      .where('item_id', '=', id)
      .execute();
    assert.equal(atts.length, 1);
    assert.equal(atts[0].mime, 'image/png');
    assert.match(
      body,
      new RegExp(`<img alt="审批流程图" src="/files/content/${atts[0].id}/[^"]+"`),
      'the image, with the alt text written in Word',
    );
    const s = await loginAs(t.app, 'editor');
    const img = await s.get(`/files/content/${atts[0].id}/${encodeURIComponent(atts[0].name)}`);
    assert.equal(img.statusCode, 200);
    assert.equal(img.rawPayload.subarray(1, 4).toString(), 'PNG');
    const revs = (
      await t.app.inject({ url: `/api/v1/content/items/${id}/revisions`, headers: H.editor })
    ).json() as { note: string }[];
    assert.match(revs[0].note, /从 Word 文件导入正文/);
  });

  it('refuses a corrupt, an encrypted, an oversized or a macro-enabled file in Chinese and saves nothing', async () => {
    const id = await newDraft();
    const good = await sampleWordDocx();
    const state = async () => [
      await t.ctx.db.selectFrom('content_attachments').select('id').where('item_id', '=', id).execute(),
      await t.ctx.db
        .selectFrom('content_items')
        .select(['body', 'revision'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ];
    const before = JSON.stringify(await state());
    const cfb = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(1024),
    ]);
    const cases: [string, Buffer, number, RegExp][] = [
      ['损坏.docx', good.subarray(0, Math.floor(good.length / 2)), 400, /损坏/],
      ['加密.docx', cfb, 400, /打开密码/],
      ['宏.docm', good, 400, /含宏/],
      ['旧版.doc', cfb, 400, /\.docx/],
      ['空.docx', Buffer.alloc(0), 400, /空/],
    ];
    for (const [name, data, status, message] of cases) {
      const res = await upload(id, name, data);
      assert.equal(res.statusCode, status, `${name}: ${res.body.slice(0, 200)}`);
      assert.match(res.json().error.message, message, name);
    }
    const big = Buffer.concat([good, Buffer.alloc(21 * 1024 * 1024)]);
    const tooBig = await upload(id, '过大.docx', big);
    assert.equal(tooBig.statusCode, 413);
    assert.match(tooBig.json().error.message, /[\u4e00-\u9fa5]/);
    assert.equal(JSON.stringify(await state()), before, 'nothing half-saved');
  });

  it('cleans markup pasted from Word the same way (property: no Office markup or styles survive, text stays)', () => {
    const word = fc.stringMatching(/^[\u4e00-\u9fa5]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
        const pasted =
          `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style><!--[if gte mso 9]><xml><o:DocumentProperties>x</o:DocumentProperties></xml><![endif]--></head><body>` +
          words
            .map(
              (w) =>
                `<p class="MsoListParagraph" style="mso-list:l0 level1 lfo1"><![if !supportLists]><span style="font-family:Symbol">·<span style="font:7.0pt">&nbsp;</span></span><![endif]><span lang="ZH-CN">${w}</span><o:p></o:p></p>`,
            )
            .join('') +
          `<p><a href="file:///C:/x.docx">本地</a></p></body></html>`;
        const out = sanitizeBody(pasted);
        assert.doesNotMatch(out, /mso|style|class|o:p|<span|xml|·|file:|if gte/i, out);
        for (const w of words) assert.ok(out.includes(`<p>${w}</p>`), out);
      }),
      { numRuns: 100 },
    );
  });
});
