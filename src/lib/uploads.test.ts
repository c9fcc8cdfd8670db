import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { AppError } from '../errors.ts';
import { checkUpload, zipDirectory, ZIP_LIMITS } from './uploads.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
/** A Windows executable's first bytes (MZ header, PE offset). */
const EXE = Buffer.concat([
  Buffer.from(
    '4d5a90000300000004000000ffff0000b800000000000000400000000000000000000000000000000000000000000000000000000000000000000000800000000e1fba0e00b409cd21b8014ccd21546869732070726f6772616d2063616e6e6f742062652072756e20696e20444f53206d6f64652e',
    'hex',
  ),
  Buffer.alloc(256),
]);
const docx = (files: Record<string, Uint8Array>) =>
  Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      ),
      'word/document.xml': strToU8('<w:document/>'),
      ...files,
    }),
  );

const refused = (pattern: RegExp) => (e: unknown) => e instanceof AppError && pattern.test(e.userMessage);
const kinds = ['pdf', 'docx', 'xlsx', 'png', 'jpg', 'txt', 'zip'] as const;
const opts = { kinds, maxBytes: 10 * 1024 * 1024 };

describe('upload checks (lib/uploads.ts)', () => {
  it('accepts real files and names the kind from the bytes', async () => {
    assert.equal((await checkUpload({ filename: '通知.pdf', data: PDF }, opts)).kind, 'pdf');
    assert.equal((await checkUpload({ filename: '截图.png', data: PNG }, opts)).kind, 'png');
    assert.equal((await checkUpload({ filename: '文件.docx', data: docx({}) }, opts)).kind, 'docx');
    assert.equal(
      (await checkUpload({ filename: '说明.txt', data: Buffer.from('纯文本说明') }, opts)).kind,
      'txt',
    );
  });

  it('refuses an .exe renamed to .pdf, and a PDF renamed to .png', async () => {
    await assert.rejects(checkUpload({ filename: '公文.pdf', data: EXE }, opts), refused(/内容与扩展名不符/));
    await assert.rejects(checkUpload({ filename: 'setup.exe', data: EXE }, opts), refused(/只能上传/));
    await assert.rejects(checkUpload({ filename: '图片.png', data: PDF }, opts), refused(/内容与扩展名不符/));
  });

  it('refuses HTML, SVG and script as text, and PDFs that carry JavaScript', async () => {
    for (const text of [
      '<!DOCTYPE html><html><body>hi</body></html>',
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
      '说明\n<script>alert(1)</script>',
      '<?xml version="1.0"?><x/>',
    ]) {
      // (XML and some SVG have magic of their own: refused as not text, which is as good.)
      await assert.rejects(
        checkUpload({ filename: 'a.txt', data: Buffer.from(text) }, opts),
        refused(/网页或脚本|内容与扩展名不符/),
        text,
      );
    }
    await assert.rejects(
      checkUpload({ filename: 'a.html', data: Buffer.from('<html></html>') }, opts),
      refused(/只能上传|网页或脚本/),
    );
    const jsPdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj',
    );
    await assert.rejects(checkUpload({ filename: 'a.pdf', data: jsPdf }, opts), refused(/脚本/));
  });

  it('refuses a zip bomb (compression ratio), too many entries, macros and path traversal inside the archive', async () => {
    const bomb = docx({ 'word/media/zeros.bin': new Uint8Array(20 * 1024 * 1024) });
    assert.ok(bomb.length < 200 * 1024, `a 20 MB entry compresses to ${bomb.length} bytes`);
    assert.equal(zipDirectory(bomb)!.uncompressed > 20 * 1024 * 1024, true);
    await assert.rejects(checkUpload({ filename: '炸弹.docx', data: bomb }, opts), refused(/压缩比异常/));
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i <= ZIP_LIMITS.entries; i++) many[`f${i}.txt`] = strToU8(String(i));
    await assert.rejects(
      checkUpload({ filename: 'many.zip', data: Buffer.from(zipSync(many)) }, opts),
      refused(/文件过多/),
    );
    await assert.rejects(
      checkUpload(
        { filename: '宏.docx', data: docx({ 'word/vbaProject.bin': strToU8('x'.repeat(100)) }) },
        opts,
      ),
      refused(/宏/),
    );
    await assert.rejects(
      checkUpload(
        { filename: 'a.zip', data: Buffer.from(zipSync({ '../../etc/passwd': strToU8('x') })) },
        opts,
      ),
      refused(/非法路径/),
    );
  });

  it('refuses empty and oversized files', async () => {
    await assert.rejects(checkUpload({ filename: 'a.pdf', data: Buffer.alloc(0) }, opts), refused(/空的/));
    await assert.rejects(
      checkUpload({ filename: 'a.pdf', data: PDF }, { kinds, maxBytes: 10 }),
      (e: unknown) => e instanceof AppError && e.status === 413,
    );
  });
});
