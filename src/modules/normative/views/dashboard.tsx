/** The back-office home panel: this year's interpretation rate against the 90% target, and documents nearing expiry. */
import { formatRate, INTERPRETATION_TARGET } from '../model.ts';
import type { DashboardFigures } from '../service.ts';

export function NormativePanel({ year, district, missing, inForce, soon }: DashboardFigures) {
  const ok = district.rate == null || district.rate >= INTERPRETATION_TARGET;
  return (
    <section class="card" aria-labelledby="dash-normative">
      <h2 id="dash-normative">规范性文件库</h2>
      <p>
        {year} 年政策解读率：
        <strong class={ok ? 'status-ok' : 'status-bad'}>{formatRate(district.rate)}</strong>（
        {district.interpreted}/{district.total}，目标 {formatRate(INTERPRETATION_TARGET)}）
      </p>
      <p>
        尚无解读 {missing} 件，非同步解读 {district.late} 件；现行有效 {inForce} 件，6 个月内到期（待评估）{' '}
        {soon} 件。
      </p>
      <p>
        <a href="/admin/gfxwj/rate">查看解读率</a>　<a href="/admin/gfxwj">进入文件库</a>
      </p>
    </section>
  );
}
