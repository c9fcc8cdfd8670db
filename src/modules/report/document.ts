/**
 * The annual report as a document: the six sections with tables 二, 三, 四 as the 2021 national
 * format lays them out. One structure feeds the HTML page, the DOCX and the XLSX.
 */
import { APPLICANT_TYPES, APPLICANT_TYPE_KEYS, OUTCOME_CODES, type OutcomeCode } from '../foi/outcomes.ts';
import {
  fenToYuan,
  TABLE3_LABELS,
  TABLE3_ROWS,
  TABLE4_COLUMN_LABELS,
  TABLE4_COLUMNS,
  TABLE4_GROUP_LABELS,
  TABLE4_GROUPS,
  type ConsistencyProblem,
  type FeeFigures,
  type Table2,
  type Table3,
  type Table3Row,
  type Table4,
} from './model.ts';
import { PAST_FORMATS } from './model.ts';
import type { PastFigures } from './past.ts';
import type { PreviousYear, YoyRow } from './yoy.ts';

export interface AnnualReport {
  orgId: number;
  orgName: string;
  year: number;
  /** 'own': the org's own cases; 'rollup': the org and every org below it. */
  scope: 'own' | 'rollup';
  narrative: { overview: string; problems: string; other: string };
  table2: Table2;
  table3: Table3;
  table4: Table4;
  fees: FeeFigures;
  problems: ConsistencyProblem[];
  /** The previous year's figures for 同比, when imported or computable. */
  previousYear?: PreviousYear | null;
}

export const SECTION_TITLES = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
] as const;

/**
 * The report's written sections (一、五、六) that hold no text: the tables (二–四) are computed and
 * never empty, and 六's fee sentence is generated, so 六 counts as empty when nothing else is written.
 * Publishing asks the publisher to acknowledge them.
 */
export function emptySections(r: Pick<AnnualReport, 'narrative'>): string[] {
  const blank = (s: string) => s.replace(/[\s\u3000]+/g, '') === '';
  return [
    ...(blank(r.narrative.overview) ? [SECTION_TITLES[0]] : []),
    ...(blank(r.narrative.problems) ? [SECTION_TITLES[4]] : []),
    ...(blank(r.narrative.other) ? [SECTION_TITLES[5]] : []),
  ];
}

/** A simple table model: header rows (cells may span) and body rows of strings. */
export interface GridCell {
  text: string;
  colSpan?: number;
  rowSpan?: number;
  header?: boolean;
  /** Text cells read better left-aligned; figures default to the right. */
  align?: 'left';
}
export interface Grid {
  caption: string;
  head: GridCell[][];
  body: GridCell[][];
  /** Relative column widths, for documents laid out on paper (the page keeps its own layout). */
  widths?: number[];
}

const n = (v: number | null) => (v == null ? '—' : String(v));

export function table2Grid(t: Table2): Grid[] {
  return [
    {
      caption: '第二十条第（一）项',
      head: [
        [
          { text: '信息内容', header: true },
          { text: '本年制发件数', header: true },
          { text: '本年废止件数', header: true },
          { text: '现行有效件数', header: true },
        ],
      ],
      body: [
        [
          { text: '规章', header: true },
          { text: n(t.rules.issued) },
          { text: n(t.rules.repealed) },
          { text: n(t.rules.inForce) },
        ],
        [
          { text: '行政规范性文件', header: true },
          { text: n(t.normativeDocuments.issued) },
          { text: n(t.normativeDocuments.repealed) },
          { text: n(t.normativeDocuments.inForce) },
        ],
      ],
    },
    {
      caption: '第二十条第（五）项',
      head: [
        [
          { text: '信息内容', header: true },
          { text: '本年处理决定数量', header: true },
        ],
      ],
      body: [[{ text: '行政许可', header: true }, { text: n(t.licensing) }]],
    },
    {
      caption: '第二十条第（六）项',
      head: [
        [
          { text: '信息内容', header: true },
          { text: '本年处理决定数量', header: true },
        ],
      ],
      body: [
        [{ text: '行政处罚', header: true }, { text: n(t.penalties) }],
        [{ text: '行政强制', header: true }, { text: n(t.enforcement) }],
      ],
    },
    {
      caption: '第二十条第（八）项',
      head: [
        [
          { text: '信息内容', header: true },
          { text: '本年收费金额（单位：万元）', header: true },
        ],
      ],
      body: [
        [
          { text: '行政事业性收费', header: true },
          { text: t.feesWanYuan == null ? '—' : t.feesWanYuan.toFixed(4).replace(/\.?0+$/, '') },
        ],
      ],
    },
  ];
}

export function table3Grid(t: Table3, layout: 'flat' | 'nested' = 'flat'): Grid {
  const orgCols = APPLICANT_TYPE_KEYS.filter((k) => k !== 'natural');
  const head: GridCell[][] = [
    [
      {
        text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
        colSpan: 3,
        rowSpan: 3,
        header: true,
      },
      { text: '申请人情况', colSpan: 7, header: true },
    ],
    [
      { text: '自然人', rowSpan: 2, header: true },
      { text: '法人或其他组织', colSpan: 5, header: true },
      { text: '总计', rowSpan: 2, header: true },
    ],
    orgCols.map((k) => ({ text: APPLICANT_TYPES[k], header: true })),
  ];
  const figures = (r: Table3Row): GridCell[] =>
    [...APPLICANT_TYPE_KEYS, 'total' as const].map((c) => ({ text: String(t[r][c].count) }));
  const row = (r: Table3Row, label: string, span = 3): GridCell[] => [
    { text: label, colSpan: span, header: true },
    ...figures(r),
  ];
  const body: GridCell[][] = [
    row('received', '一、本年新收政府信息公开申请数量'),
    row('carriedOver', '二、上年结转政府信息公开申请数量'),
  ];
  if (layout === 'flat') {
    for (const code of OUTCOME_CODES) body.push(row(code, `三、本年度办理结果 ${TABLE3_LABELS[code]}`));
    body.push(
      row('closedTotal', '三、本年度办理结果（七）总计'),
      row('carriedForward', '四、结转下年度继续办理'),
    );
    return { caption: '收到和处理政府信息公开申请情况', head, body };
  }
  // The national template's own layout: 三 spans every result row, each family（三）…（六）spans its
  // numbered sub-rows, and (一)(二)(七) span the two inner label columns.
  const families = new Map<string, OutcomeCode[]>();
  for (const code of OUTCOME_CODES) {
    const family = TABLE3_LABELS[code].split(' ')[0];
    families.set(family, [...(families.get(family) ?? []), code]);
  }
  const resultRows = OUTCOME_CODES.length + 1;
  let first = true;
  const outer = (): GridCell[] =>
    first ? ((first = false), [{ text: '三、本年度办理结果', rowSpan: resultRows, header: true }]) : [];
  for (const [family, codes] of families) {
    codes.forEach((code, i) => {
      const item = TABLE3_LABELS[code].split(' ')[1];
      const labels: GridCell[] =
        item == null
          ? [{ text: family, colSpan: 2, header: true }]
          : [
              ...(i === 0 ? [{ text: family, rowSpan: codes.length, header: true }] : []),
              { text: item, header: true, align: 'left' as const },
            ];
      body.push([...outer(), ...labels, ...figures(code)]);
    });
  }
  body.push(
    [{ text: '（七）总计', colSpan: 2, header: true }, ...figures('closedTotal')],
    row('carriedForward', '四、结转下年度继续办理'),
  );
  return { caption: '收到和处理政府信息公开申请情况', head, body, widths: [5, 9, 22, ...Array(7).fill(9)] };
}

export function table4Grid(t: Table4): Grid {
  const head: GridCell[][] = [
    [
      { text: '行政复议', colSpan: 5, header: true },
      { text: '行政诉讼', colSpan: 10, header: true },
    ],
    [
      ...TABLE4_COLUMNS.map((c) => ({ text: TABLE4_COLUMN_LABELS[c], rowSpan: 2, header: true })),
      { text: '未经复议直接起诉', colSpan: 5, header: true },
      { text: '复议后起诉', colSpan: 5, header: true },
    ],
    [...TABLE4_COLUMNS, ...TABLE4_COLUMNS].map((c) => ({ text: TABLE4_COLUMN_LABELS[c], header: true })),
  ];
  const body = [TABLE4_GROUPS.flatMap((g) => TABLE4_COLUMNS.map((c) => ({ text: String(t[g][c].count) })))];
  return { caption: '政府信息公开行政复议、行政诉讼情况', head, body, widths: Array(15).fill(1) };
}

/** The sentence on processing fees section 六 carries (国办函〔2020〕109号). */
export function feesSentence(f: FeeFigures): string {
  return f.noticesSent === 0
    ? '本年度未发出信息处理费缴费通知，未收取信息处理费。'
    : `本年度共发出信息处理费缴费通知 ${f.noticesSent} 件，金额合计 ${fenToYuan(f.noticesTotalFen)} 元，实际收取 ${fenToYuan(f.collectedFen)} 元。`;
}

export { TABLE4_GROUP_LABELS };

const signedChange = (prev: number | null, cur: number | null) => {
  if (prev == null || cur == null) return '—';
  const d = Math.round((cur - prev) * 10000) / 10000;
  return d > 0 ? `+${d}` : String(d);
};

/** 同比: the previous year beside this one. */
export function yearOnYearGrid(r: AnnualReport, rows: YoyRow[]): Grid | null {
  if (!r.previousYear || rows.length === 0) return null;
  const p = r.previousYear;
  const source =
    p.source === 'imported'
      ? `导入的${p.year}年度报告（${PAST_FORMATS[p.format]}）`
      : `系统按${p.year}年数据计算`;
  const v = (x: number | null) => (x == null ? '—' : String(x));
  return {
    caption: `与上年比较（${p.year}年数据来源：${source}；“—”表示该年报告格式中没有可比数字）`,
    head: [
      [
        { text: '项目', header: true },
        { text: `${p.year}年`, header: true },
        { text: `${r.year}年`, header: true },
        { text: '增减', header: true },
      ],
    ],
    body: rows.map((x) => [
      { text: x.label, header: true },
      { text: v(x.previous) },
      { text: v(x.current) },
      { text: signedChange(x.previous, x.current) },
    ]),
  };
}

const figureCell = (v: number | null): GridCell => ({ text: v == null ? '—' : String(v) });

/** An imported report's 表三 as read, for the office to check against the published one. */
export function pastTable3Grid(f: PastFigures): Grid {
  const head: GridCell[][] = [
    [
      { text: '项目', header: true },
      ...[...APPLICANT_TYPE_KEYS.map((k) => APPLICANT_TYPES[k]), '总计'].map((text) => ({
        text,
        header: true,
      })),
    ],
  ];
  const columns = [...APPLICANT_TYPE_KEYS, 'total' as const];
  const rows = f.format === '2019' ? TABLE3_ROWS.filter((r) => !r.startsWith('other.')) : TABLE3_ROWS;
  const body = rows.map((r) => [
    { text: TABLE3_LABELS[r], header: true, align: 'left' as const },
    ...columns.map((c) => figureCell(f.table3[r][c])),
  ]);
  if (f.format === '2019')
    body.push([
      { text: '（六）其他处理', header: true, align: 'left' as const },
      ...columns.map((c) => figureCell(f.otherTotal[c])),
    ]);
  return { caption: '表三 收到和处理政府信息公开申请情况（读取结果）', head, body };
}

/** An imported report's 表四 as read. */
export function pastTable4Grid(f: PastFigures): Grid {
  return {
    caption: '表四 政府信息公开行政复议、行政诉讼情况（读取结果）',
    head: [
      [
        { text: '', header: true },
        ...TABLE4_COLUMNS.map((c) => ({ text: TABLE4_COLUMN_LABELS[c], header: true })),
      ],
    ],
    body: TABLE4_GROUPS.map((g) => [
      { text: TABLE4_GROUP_LABELS[g], header: true, align: 'left' as const },
      ...TABLE4_COLUMNS.map((c) => figureCell(f.table4[g][c])),
    ]),
  };
}
