/** The back-office home panel: this year's interpretation rate against the 90% target, and documents nearing expiry. */
import type { Actor, AppContext } from '../../context.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { can } from '../auth/permissions.ts';
import { formatRate, INTERPRETATION_TARGET } from './model.ts';
import { documentsDueForEvaluation, interpretationReport, listDocuments } from './service.ts';

export async function normativeDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'normative.read')) return null;
  const today = shanghaiDate(ctx.clock.now());
  const year = Number(today.slice(0, 4));
  const r = await interpretationReport(ctx, actor, year);
  const inForce = await listDocuments(ctx, actor, { inForceOn: today, pageSize: 1 });
  const soon = await documentsDueForEvaluation(ctx, actor);
  const ok = r.district.rate == null || r.district.rate >= INTERPRETATION_TARGET;
  return (
    <section class="card" aria-labelledby="dash-normative">
      <h2 id="dash-normative">规范性文件库</h2>
      <p>
        {year} 年政策解读率：
        <strong class={ok ? 'status-ok' : 'status-bad'}>{formatRate(r.district.rate)}</strong>（
        {r.district.interpreted}/{r.district.total}，目标 {formatRate(INTERPRETATION_TARGET)}）
      </p>
      <p>
        尚无解读 {r.missing.length} 件，非同步解读 {r.district.late} 件；现行有效 {inForce.total} 件，6
        个月内到期（待评估） {soon} 件。
      </p>
      <p>
        <a href="/admin/gfxwj/rate">查看解读率</a>　<a href="/admin/gfxwj">进入文件库</a>
      </p>
    </section>
  );
}
