import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../errors.ts';
import * as g from './corpus/generate.ts';
import { extractText } from './extract.ts';
import { scanPersonalInfo } from './scanner.ts';
import { minimalPdf, sampleDocx, sampleXlsx } from './test-fixtures.ts';

describe('attachment text extraction', () => {
  const id = g.residentId18(g.rng(42));

  it('reads a DOCX (tables included) and the gate finds the ID number in it', async () => {
    const text = await extractText(await sampleDocx(id), '名单.docx');
    assert.match(text, /临时救助对象名单/);
    assert.ok(
      scanPersonalInfo(text).some((f) => f.kind === 'resident_id' && f.text === id),
      "scanPersonalInfo(text).some((f) => f.kind === 'resident_id' && f.text === id)",
    );
  });

  it('reads every sheet and cell of an XLSX', async () => {
    const text = await extractText(await sampleXlsx(id), '明细.xlsx');
    assert.match(text, /补贴发放明细/, 'the first sheet');
    assert.match(text, /涂小兰/, 'the second sheet');
    assert.ok(
      scanPersonalInfo(text).some((f) => f.kind === 'resident_id' && f.text === id),
      "scanPersonalInfo(text).some((f) => f.kind === 'resident_id' && f.text === id)",
    );
  });

  it('reads a PDF text layer', async () => {
    const text = await extractText(minimalPdf(['Applicant ID:', id]), 'scan.pdf', 'application/pdf');
    assert.ok(
      scanPersonalInfo(text).some((f) => f.kind === 'resident_id' && f.text === id),
      text,
    );
  });

  it('reads TXT in UTF-8 (with BOM) and GB18030', async () => {
    assert.equal(await extractText(Buffer.from(`\uFEFF身份证${id}`), 'a.txt'), `身份证${id}`);
    const gbk = Buffer.from([0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, ...Buffer.from(id)]); // 身份证 in GBK
    assert.equal(await extractText(gbk, 'b.txt'), `身份证${id}`);
  });

  it('refuses unknown formats and damaged files with a Chinese 400', async () => {
    await assert.rejects(
      extractText(Buffer.from('GIF89a'), 'a.gif'),
      (e: AppError) => e.status === 400 && /仅支持/.test(e.userMessage),
    );
    await assert.rejects(
      extractText(Buffer.from('%PDF-1.4 garbage'), 'x.pdf'),
      (e: AppError) => e.status === 400 && /无法解析/.test(e.userMessage),
    );
    await assert.rejects(extractText(Buffer.from('not a zip'), 'x.docx'), (e: AppError) => e.status === 400);
  });
});
