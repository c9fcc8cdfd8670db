/** The platform's pages: the city roll-up, 我的站点 and the confirm page of a switch between sites. */
import {
  TABLE3_LABELS,
  TABLE3_ROWS,
  TABLE4_GROUP_LABELS,
  TABLE4_GROUPS,
} from '../../modules/report/model.ts';
import { Notice } from '../../web/components.tsx';
import type { CityRollup, SiteFigures } from '../rollup.ts';

const pct = (share: number | null) => (share == null ? '—' : `${(share * 100).toFixed(1)}%`);

/** The city roll-up page (/admin/city): the sites' figures side by side, then the total. */
export function RollupPage({ r }: { r: CityRollup }) {
  const rows: { name: string; f: Omit<SiteFigures, 'code' | 'name' | 'orgName' | 'inspection'> }[] = [
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
      <div class="table-wrap">
        <table>
          <caption>依申请公开、政策解读和工作要点台账</caption>
          <thead>
            <tr>
              <th scope="col">站点</th>
              <th scope="col">新收申请</th>
              <th scope="col">本年办结</th>
              <th scope="col">结转下年</th>
              <th scope="col">超期</th>
              <th scope="col">解读率</th>
              <th scope="col">台账任务（完成 / 总数）</th>
              <th scope="col">逾期任务</th>
              <th scope="col">完成率</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ name, f }) => (
              <tr>
                <th scope="row">{name}</th>
                <td>{f.foi.received}</td>
                <td>{f.foi.closed}</td>
                <td>{f.foi.carriedForward}</td>
                <td class={f.foi.overdue ? 'status-bad' : undefined}>{f.foi.overdue}</td>
                <td>
                  {pct(f.interpretation.rate)}（{f.interpretation.interpreted} / {f.interpretation.total}）
                </td>
                <td>
                  {f.ledger.done} / {f.ledger.total}
                </td>
                <td class={f.ledger.overdue ? 'status-bad' : undefined}>{f.ledger.overdue}</td>
                <td>{f.ledger.completionPercent}%</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>网站自查（各站最近一次全站检查）</caption>
          <thead>
            <tr>
              <th scope="col">站点</th>
              <th scope="col">检查日期</th>
              <th scope="col">单项否决未通过</th>
              <th scope="col">未通过</th>
              <th scope="col">需注意</th>
            </tr>
          </thead>
          <tbody>
            {r.sites.map((s) => (
              <tr>
                <th scope="row">{s.name}</th>
                {s.inspection ? (
                  <>
                    <td>{s.inspection.asOf}</td>
                    <td class={s.inspection.vetoFailed ? 'status-bad' : undefined}>
                      {s.inspection.vetoFailed}
                    </td>
                    <td>{s.inspection.failed}</td>
                    <td>{s.inspection.warned}</td>
                  </>
                ) : (
                  <td colSpan={4}>尚未检查</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>年度报告表三：收到和处理政府信息公开申请情况（总计列）</caption>
          <thead>
            <tr>
              <th scope="col">项目</th>
              {rows.map(({ name }) => (
                <th scope="col">{name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {TABLE3_ROWS.map((row) => (
              <tr>
                <th scope="row">{TABLE3_LABELS[row]}</th>
                {rows.map(({ f }) => (
                  <td>{f.report.table3[row].total}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>年度报告表二、表四</caption>
          <thead>
            <tr>
              <th scope="col">项目</th>
              {rows.map(({ name }) => (
                <th scope="col">{name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">行政规范性文件：本年制发</th>
              {rows.map(({ f }) => (
                <td>{f.report.table2.normativeDocuments.issued}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">行政规范性文件：现行有效</th>
              {rows.map(({ f }) => (
                <td>{f.report.table2.normativeDocuments.inForce}</td>
              ))}
            </tr>
            {TABLE4_GROUPS.map((g) => (
              <tr>
                <th scope="row">{TABLE4_GROUP_LABELS[g]}：总计</th>
                {rows.map(({ f }) => (
                  <td>{f.report.table4[g].total}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        接口：GET /api/v1/city/rollup?year={r.year}；命令行：npx gongkai site rollup --site {r.city.code}{' '}
        --year {r.year}
      </p>
    </>
  );
}
