import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { annualReportDocx } from './docx.ts';
import { annualReportXlsx } from './xlsx.ts';
import { computeTable3, computeTable4, type CaseRecord } from './model.ts';
import type { AnnualReport } from './document.ts';

const cases: CaseRecord[] = [
  { id: 1, number: 'A', applicantType: 'natural', receivedOn: '2022-01-05', closedOn: '2022-01-20', outcome: 'disclosed' },
  { id: 2, number: 'B', applicantType: 'commercial', receivedOn: '2022-02-05', closedOn: '2022-02-20', outcome: 'partial' },
  { id: 3, number: 'C', applicantType: 'natural', receivedOn: '2022-12-20', closedOn: null, outcome: null },
];
const report: AnnualReport = {
  orgId: 1,
  orgName: '南昌市红谷滩区人民政府',
  year: 2022,
  scope: 'own',
  narrative: { overview: '2022年，红谷滩区认真贯彻落实《中华人民共和国政府信息公开条例》。', problems: '政策解读形式仍较单一。', other: '无。' },
  table2: { rules: { issued: 0, repealed: 0, inForce: 0 }, normativeDocuments: { issued: 7, repealed: 2, inForce: 31 }, licensing: 1520, penalties: 88, enforcement: 3, feesWanYuan: 12.5 },
  table3: computeTable3(cases, 2022),
  table4: computeTable4([{ id: 1, applicationId: 2, kind: 'reconsideration', filedOn: '2022-04-01', results: [{ id: 1, result: 'upheld', resultOn: '2022-06-01' }] }], 2022),
  fees: { noticesSent: 1, noticesTotalFen: 10000, collectedFen: 10000 },
  problems: [],
};

describe('annual report documents', () => {
  it('writes a DOCX whose text has the six sections, the figures and the fee sentence', async () => {
    const buf = await annualReportDocx(report);
    assert.equal(buf.subarray(0, 2).toString(), 'PK');
    const { value } = await mammoth.extractRawText({ buffer: buf });
    for (const s of ['南昌市红谷滩区人民政府2022年政府信息公开工作年度报告', '一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项', '行政规范性文件', '本年度共发出信息处理费缴费通知 1 件，金额合计 100.00 元']) {
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
});
