/** The city roll-up page (/admin/city): each site's figures side by side, and the total. */
import {
  TABLE3_LABELS,
  TABLE3_ROWS,
  TABLE4_GROUP_LABELS,
  TABLE4_GROUPS,
} from '../../modules/report/model.ts';
import { Notice } from '../../web/components.tsx';
import { DataTable } from '../../web/table.tsx';
import type { CityRollup, SiteFigures } from '../rollup.ts';

type Figures = Omit<SiteFigures, 'code' | 'name' | 'orgName' | 'inspection'>;
type Table3Row = (typeof TABLE3_ROWS)[number];
interface Table24Row {
  label: string;
  value: (f: Figures) => number;
}

/** The rows of 表二 and 表四 the roll-up shows. */
const table24: Table24Row[] = [
  { label: '行政规范性文件：本年制发', value: (f) => f.report.table2.normativeDocuments.issued },
  { label: '行政规范性文件：现行有效', value: (f) => f.report.table2.normativeDocuments.inForce },
  ...TABLE4_GROUPS.map((g) => ({
    label: `${TABLE4_GROUP_LABELS[g]}：总计`,
    value: (f: Figures) => f.report.table4[g].total,
  })),
];

/** A count that should be zero: marked when it is not. */
const Bad = ({ n }: { n: number }) => (n ? <span class="status-bad">{n}</span> : <>{n}</>);

const pct = (share: number | null) => (share == null ? '—' : `${(share * 100).toFixed(1)}%`);

/** The city roll-up page (/admin/city): the sites' figures side by side, then the total. */
export function RollupPage({ r }: { r: CityRollup }) {
  const rows: { name: string; f: Figures }[] = [
    ...r.sites.map((s) => ({ name: s.name, f: s })),
    { name: '合计', f: r.total },
  ];
  const below = r.sites.length - 1;
  return (
    <>
      <h1>
        {r.city.name} 全市汇总（{r.year} 年）
      </h1>
      <form method="get" action="/admin/city" class="inline-form">
        <label>
          年度 <input name="year" type="number" min="2008" max="2100" value={r.year} required />
        </label>{' '}
        <button type="submit">查看</button>
      </form>
      {below === 0 && <Notice>本站点没有下级站点：下表只有本站点的数字。</Notice>}
      <p>
        本站点和 {below}{' '}
        个下级站点，各自按本站的数据计算（与各站“年度报告”页面的汇总口径相同），合计为逐项相加。
      </p>
      <DataTable
        caption="依申请公开、政策解读和工作要点台账"
        rows={rows}
        columns={[
          { label: '站点', rowHeader: true, cell: (x) => x.name },
          { label: '新收申请', cell: (x) => x.f.foi.received },
          { label: '本年办结', cell: (x) => x.f.foi.closed },
          { label: '结转下年', cell: (x) => x.f.foi.carriedForward },
          { label: '超期', cell: (x) => <Bad n={x.f.foi.overdue} /> },
          {
            label: '解读率',
            cell: ({ f }) =>
              `${pct(f.interpretation.rate)}（${f.interpretation.interpreted} / ${f.interpretation.total}）`,
          },
          { label: '台账任务（完成 / 总数）', cell: ({ f }) => `${f.ledger.done} / ${f.ledger.total}` },
          { label: '逾期任务', cell: (x) => <Bad n={x.f.ledger.overdue} /> },
          { label: '完成率', cell: (x) => `${x.f.ledger.completionPercent}%` },
        ]}
      />
      <DataTable
        caption="网站自查（各站最近一次全站检查）"
        rows={r.sites}
        columns={[
          { label: '站点', rowHeader: true, cell: (s) => s.name },
          { label: '检查日期', date: true, cell: (s) => s.inspection?.asOf ?? '尚未检查' },
          {
            label: '单项否决未通过',
            cell: (s) => (s.inspection ? <Bad n={s.inspection.vetoFailed} /> : '—'),
          },
          { label: '未通过', cell: (s) => s.inspection?.failed ?? '—' },
          { label: '需注意', cell: (s) => s.inspection?.warned ?? '—' },
        ]}
      />
      <DataTable
        caption="年度报告表三：收到和处理政府信息公开申请情况（总计列）"
        rows={[...TABLE3_ROWS]}
        columns={[
          { label: '项目', rowHeader: true, cell: (row) => TABLE3_LABELS[row] },
          ...rows.map(({ name, f }) => ({
            label: name,
            cell: (row: Table3Row) => f.report.table3[row].total,
          })),
        ]}
      />
      <DataTable
        caption="年度报告表二、表四"
        rows={table24}
        columns={[
          { label: '项目', rowHeader: true, cell: (x) => x.label },
          ...rows.map(({ name, f }) => ({ label: name, cell: (x: Table24Row) => x.value(f) })),
        ]}
      />
      <p>
        接口：GET /api/v1/city/rollup?year={r.year}；命令行：npx gongkai site rollup --site {r.city.code}{' '}
        --year {r.year}
      </p>
    </>
  );
}
