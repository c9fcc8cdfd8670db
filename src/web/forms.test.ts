import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { AppError } from '../errors.ts';
import { readMultipart, readUpload } from './forms.ts';

/** A multipart body built by hand: text fields, then files (an empty filename is an input left empty). */
function body(
  fields: Record<string, string>,
  files: { field: string; filename: string; data: Buffer; type?: string }[],
) {
  const boundary = '----dedupe-test';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('readUpload and readMultipart', () => {
  let app: FastifyInstance;
  before(async () => {
    app = Fastify();
    await app.register(formbody);
    await app.register(multipart);
    app.setErrorHandler((e, _req, reply) => {
      if (e instanceof AppError)
        return reply.code(e.status).send({ code: e.code, message: e.userMessage, fields: e.fields });
      return reply.code(500).send({ message: String(e) });
    });
    app.post('/one', async (req) => {
      const f = await readUpload(req, { maxBytes: 1024 * 1024 });
      return { name: f.name, size: f.data.length, mime: f.mime };
    });
    app.post('/import', async (req) => {
      const f = await readUpload(req, {
        maxBytes: 1024 * 1024,
        kinds: ['csv'],
        missing: '请选择要导入的文件',
      });
      return { name: f.name };
    });
    app.post('/many', async (req) => {
      const { fields, files } = await readMultipart(req, { maxBytes: 1024 * 1024, maxFiles: 3 });
      return { fields, files: files.map((f) => ({ field: f.field, name: f.name, size: f.data.length })) };
    });
  });
  after(() => app.close());

  it('reads the one file: name, bytes and the browser type', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/one',
      ...body({}, [
        { field: 'file', filename: '扫描件.pdf', data: Buffer.from('%PDF-1.4'), type: 'application/pdf' },
      ]),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { name: '扫描件.pdf', size: 8, mime: 'application/pdf' });
  });

  it('refuses in Chinese: no file chosen (400), not multipart (400), over the limit (413)', async () => {
    const none = await app.inject({
      method: 'POST',
      url: '/one',
      ...body({}, [{ field: 'file', filename: '', data: Buffer.alloc(0) }]),
    });
    assert.equal(none.statusCode, 400, none.body);
    assert.deepEqual(none.json(), {
      code: 'bad_request',
      message: '请选择要上传的文件',
      fields: { file: '请选择文件' },
    });
    const noImport = await app.inject({ method: 'POST', url: '/import', ...body({ note: 'x' }, []) });
    assert.equal(noImport.json().message, '请选择要导入的文件', 'the import says what to choose');
    const form = await app.inject({
      method: 'POST',
      url: '/one',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'file=x',
    });
    assert.equal(form.statusCode, 400, form.body);
    assert.equal(form.json().message, '请使用文件上传表单提交');
    const big = await app.inject({
      method: 'POST',
      url: '/one',
      ...body({}, [{ field: 'file', filename: '大文件.pdf', data: Buffer.alloc(1024 * 1024 + 1) }]),
    });
    assert.equal(big.statusCode, 413, big.body);
    assert.deepEqual(big.json(), {
      code: 'payload_too_large',
      message: '文件“大文件.pdf”不能超过 1 MB',
      fields: { file: '文件过大' },
    });
  });

  it('checks the bytes against the kinds when given', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/import',
      ...body({}, [{ field: 'file', filename: '检查.csv', data: Buffer.from('%PDF-1.4\n') }]),
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().message, /[\u4e00-\u9fff]/, 'a Chinese refusal');
    const ok = await app.inject({
      method: 'POST',
      url: '/import',
      ...body({}, [{ field: 'file', filename: '检查.csv', data: Buffer.from('平台,日期\n') }]),
    });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  it('reads fields and files, skipping a file input left empty; a file over the limit is refused by its input', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/many',
      ...body({ text: '进展', percent: '40' }, [
        { field: 'files', filename: 'a.txt', data: Buffer.from('一') },
        { field: 'files', filename: '', data: Buffer.alloc(0) },
        { field: 'photo', filename: 'b.png', data: Buffer.from('二二') },
      ]),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      fields: { text: '进展', percent: '40' },
      files: [
        { field: 'files', name: 'a.txt', size: 3 },
        { field: 'photo', name: 'b.png', size: 6 },
      ],
    });
    const big = await app.inject({
      method: 'POST',
      url: '/many',
      ...body({}, [{ field: 'files', filename: '大.zip', data: Buffer.alloc(1024 * 1024 + 1) }]),
    });
    assert.equal(big.statusCode, 413, big.body);
    assert.deepEqual(big.json().fields, { files: '文件过大' });
    const form = await app.inject({
      method: 'POST',
      url: '/many',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'text=x',
    });
    assert.equal(form.statusCode, 400, form.body);
  });
});
