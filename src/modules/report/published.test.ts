import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { APPLICANT_TYPE_KEYS, OUTCOME_CODES } from '../foi/outcomes.ts';
import type { AnnualReport } from './document.ts';
import { annualReportDocx } from './docx.ts';
import { annualReportHtml } from './views/html.tsx';
import { computeTable3, computeTable4, TABLE3_COLUMNS, TABLE3_ROWS, type CaseRecord } from './model.ts';
import { htmlTables, publishedReportHtml, readPublishedTables } from './published.ts';

const TYPES = APPLICANT_TYPE_KEYS;

/** A year of cases: every outcome, several applicant types, some carried over and forward. */
function reportOf(seed: number[]): AnnualReport {
  const cases: CaseRecord[] = seed.map((n, i) => {
    const outcome = OUTCOME_CODES[n % OUTCOME_CODES.length];
    const open = n % 7 === 0;
    return {
      id: i + 1,
      number: `N${i}`,
      applicantType: TYPES[n % TYPES.length],
      receivedOn: n % 5 === 0 ? '2024-12-20' : '2025-03-02',
      closedOn: open ? null : '2025-04-01',
      outcome: open ? null : outcome,
    };
  });
  return {
    orgId: 1,
    orgName: '某县人民政府',
    year: 2025,
    scope: 'own',
    narrative: { overview: '概况。', problems: '问题。', other: '无。' },
    table2: {
      rules: { issued: 1, repealed: 0, inForce: 4 },
      normativeDocuments: { issued: 7, repealed: 2, inForce: 31 },
      licensing: 1520,
      penalties: 88,
      enforcement: 3,
      feesWanYuan: 12.5,
    },
    table3: computeTable3(cases, 2025),
    table4: computeTable4(
      [
        {
          id: 1,
          applicationId: 2,
          kind: 'reconsideration',
          filedOn: '2025-04-01',
          results: [{ id: 1, result: 'upheld', resultOn: '2025-06-01' }],
        },
        { id: 2, applicationId: 3, kind: 'litigation_direct', filedOn: '2025-05-01', results: [] },
      ],
      2025,
    ),
    fees: { noticesSent: 0, noticesTotalFen: 0, collectedFen: 0 },
    problems: [],
  };
}

/** GBK bytes of a text (Node decodes GBK but cannot encode it): each character's code found by decoding every pair. */
function gbkEncode(text: string): Buffer {
  const decoder = new TextDecoder('gbk');
  const codes = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) codes.set(decoder.decode(new Uint8Array([a, b])), [a, b]);
  return Buffer.from(
    [...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : (codes.get(ch) ?? [0x3f]))),
  );
}

const counts = (r: AnnualReport) =>
  Object.fromEntries(
    TABLE3_ROWS.map((row) => [
      row,
      Object.fromEntries(TABLE3_COLUMNS.map((c) => [c, r.table3[row][c].count])),
    ]),
  );

describe('reading a report as it was published (Word or web page)', () => {
  it('reads back every figure of 表二, 三 and 四 from the Word file this system writes (merged, nested labels)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(1000), { minLength: 1, maxLength: 60 }), async (seed) => {
        const r = reportOf(seed);
        const html = await publishedReportHtml({ name: 'r.docx', data: await annualReportDocx(r) });
        const { figures, errors } = readPublishedTables(htmlTables(html));
        assert.deepEqual(errors, {}, JSON.stringify(htmlTables(html)).slice(0, 3000));
        assert.equal(figures!.format, '2021');
        assert.deepEqual(figures!.table3, counts(r));
        assert.equal(figures!.table4.reconsideration.upheld, 1);
        assert.equal(figures!.table4.litigation_direct.pending, 1);
        assert.deepEqual(figures!.table2.normativeDocuments, { issued: 7, repealed: 2, inForce: 31 });
        assert.equal(figures!.table2.feesWanYuan, 12.5);
      }),
      { numRuns: 8 },
    );
  });

  it('reads the saved web page of a published report, in GBK too', async () => {
    const r = reportOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const page = annualReportHtml(r).replace(/<meta charset="utf-8"\s*\/?>/i, '<meta charset="gb2312">');
    assert.match(page, /charset="gb2312"/);
    const { figures, errors } = readPublishedTables(
      htmlTables(await publishedReportHtml({ name: 'report.html', data: gbkEncode(page) })),
    );
    assert.deepEqual(errors, {});
    assert.deepEqual(figures!.table3.received, counts(r).received);
  });

  it('reads a 2019-format table 三 with （六）其他处理 as one row', () => {
    const rows = [
      ['一、本年新收政府信息公开申请数量', 3, 1, 0, 0, 0, 0, 4],
      ['二、上年结转政府信息公开申请数量', 0, 0, 0, 0, 0, 0, 0],
      ...OUTCOME_CODES.filter((c) => !c.startsWith('other.')).map((c) => [
        `三、本年度办理结果 ${c === 'disclosed' ? '（一）予以公开' : c === 'partial' ? '（二）部分公开' : ''} ${c}`,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
      ]),
    ];
    const html = `<table><tr><td>本列</td><td>自然人</td></tr>${rows.map((r) => `<tr>${r.map((x) => `<td>${x}</td>`).join('')}</tr>`).join('')}</table>`;
    const { errors } = readPublishedTables(htmlTables(html));
    assert.match(
      Object.values(errors).join('\n'),
      /表三第 \d+ 行“三、本年度办理结果 withheld\.state_secret”不是年报格式中的行/,
      'a row it cannot name is named',
    );
    assert.match(errors['表四'], /未找到/, 'a missing table is named');
  });

  it('expands merged cells so each place holds its text', () => {
    const [grid] = htmlTables(
      '<table><tr><td rowspan="2">甲</td><td colspan="2">乙</td></tr><tr><td>1</td><td>2</td></tr></table>',
    );
    assert.deepEqual(grid, [
      ['甲', '乙', '乙'],
      ['甲', '1', '2'],
    ]);
  });

  it('never throws on any HTML, and finds nothing where there is no table', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const tables = htmlTables(s);
        const { figures } = readPublishedTables(tables);
        assert.equal(figures, undefined, 'no figures out of noise');
      }),
    );
  });
});
