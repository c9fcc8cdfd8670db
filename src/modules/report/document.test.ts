import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { strFromU8, unzipSync } from 'fflate';
import { annualReportDocx } from './docx.ts';
import { annualReportXlsx } from './xlsx.ts';
import { computeTable3, computeTable4, type CaseRecord } from './model.ts';
import { OUTCOME_CODES } from '../foi/outcomes.ts';
import type { AnnualReport } from './document.ts';

const cases: CaseRecord[] = [
  {
    id: 1,
    number: 'A',
    applicantType: 'natural',
    receivedOn: '2022-01-05',
    closedOn: '2022-01-20',
    outcome: 'disclosed',
  },
  {
    id: 2,
    number: 'B',
    applicantType: 'commercial',
    receivedOn: '2022-02-05',
    closedOn: '2022-02-20',
    outcome: 'partial',
  },
  { id: 3, number: 'C', applicantType: 'natural', receivedOn: '2022-12-20', closedOn: null, outcome: null },
];
const report: AnnualReport = {
  orgId: 1,
  orgName: '南昌市红谷滩区人民政府',
  year: 2022,
  scope: 'own',
  narrative: {
    overview: '2022年，红谷滩区认真贯彻落实《中华人民共和国政府信息公开条例》。',
    problems: '政策解读形式仍较单一。',
    other: '无。',
  },
  table2: {
    rules: { issued: 0, repealed: 0, inForce: 0 },
    normativeDocuments: { issued: 7, repealed: 2, inForce: 31 },
    licensing: 1520,
    penalties: 88,
    enforcement: 3,
    feesWanYuan: 12.5,
  },
  table3: computeTable3(cases, 2022),
  table4: computeTable4(
    [
      {
        id: 1,
        applicationId: 2,
        kind: 'reconsideration',
        filedOn: '2022-04-01',
        results: [{ id: 1, result: 'upheld', resultOn: '2022-06-01' }],
      },
    ],
    2022,
  ),
  fees: { noticesSent: 1, noticesTotalFen: 10000, collectedFen: 10000 },
  problems: [],
};

describe('annual report documents', () => {
  it('writes a DOCX whose text has the six sections, the figures and the fee sentence', async () => {
    const buf = await annualReportDocx(report);
    assert.equal(buf.subarray(0, 2).toString(), 'PK');
    const { value } = await mammoth.extractRawText({ buffer: buf });
    for (const s of [
      '南昌市红谷滩区人民政府2022年政府信息公开工作年度报告',
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
      '行政规范性文件',
      '本年度共发出信息处理费缴费通知 1 件，金额合计 100.00 元',
    ]) {
      assert.ok(value.includes(s), s);
    }
  });

  it('writes an XLSX with table 三 figures in the right cells', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await annualReportXlsx(report)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('三、依申请公开')!;
    const rowOf = (label: string) => {
      for (let r = 1; r <= ws.rowCount; r++) if (String(ws.getCell(r, 1).value).startsWith(label)) return r;
      throw new Error(label);
    };
    const received = rowOf('一、本年新收');
    // columns: 3 label columns, then 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
    assert.equal(ws.getCell(received, 4).value, 2);
    assert.equal(ws.getCell(received, 5).value, 1);
    assert.equal(ws.getCell(received, 10).value, 3);
    assert.equal(ws.getCell(rowOf('四、结转下年度'), 10).value, 1);
    const t2 = wb.getWorksheet('二、主动公开')!;
    let found = false;
    t2.eachRow((row) => {
      if (row.getCell(1).value === '行政规范性文件') {
        assert.deepEqual([row.getCell(2).value, row.getCell(3).value, row.getCell(4).value], [7, 2, 31]);
        found = true;
      }
    });
    assert.ok(found, 'found');
  });

  it('lays out 表三 and 表四 as the national template: merged nested labels, repeated header rows, rows that do not split', async () => {
    const xml = strFromU8(unzipSync(new Uint8Array(await annualReportDocx(report)))['word/document.xml']);
    const tables = xml
      .split('<w:tbl>')
      .slice(1)
      .map((t) => t.split('</w:tbl>')[0]);
    const text = (fragment: string) =>
      [...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    const t3 = tables.find((t) => text(t).includes('三、本年度办理结果'))!;
    const rows = t3.split('<w:tr>').slice(1);
    assert.equal(
      rows.length,
      3 + 2 + OUTCOME_CODES.length + 1 + 1,
      'three header rows, then one row per table row',
    );
    rows.forEach((r, i) => {
      assert.ok(r.includes('<w:cantSplit/>'), `row ${i} may not split across pages`);
      assert.equal(r.includes('<w:tblHeader/>'), i < 3, `only the three header rows repeat (row ${i})`);
    });
    const cells = t3.split('<w:tc>').slice(1);
    const cellOf = (label: string) => cells.filter((c) => text(c) === label);
    for (const label of [
      '三、本年度办理结果',
      '（三）不予公开',
      '（四）无法提供',
      '（五）不予处理',
      '（六）其他处理',
    ]) {
      assert.equal(cellOf(label).length, 1, `${label} written once`);
      assert.match(cellOf(label)[0], /<w:vMerge w:val="restart"\/>/, `${label} merged down over its rows`);
    }
    assert.match(cellOf('1.属于国家秘密')[0] ?? '', /<w:tcPr>/, 'sub-rows carry their own short label');
    assert.ok(!text(t3).includes('三、本年度办理结果（三）'), 'labels are not flattened into every row');
    const t4 = tables.find((t) => text(t).includes('复议后起诉'))!;
    assert.equal((t4.match(/<w:gridCol /g) ?? []).length, 15, '表四 has its fifteen columns');
    assert.match(
      t4,
      /<w:tblLayout w:type="fixed"\/>/,
      '表四 has fixed column widths, so headers wrap by words',
    );
  });
});
