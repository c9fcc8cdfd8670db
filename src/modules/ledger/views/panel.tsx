import type { StatusCounts } from '../model.ts';
import type { WorkPlan } from '../service.ts';

/** The back-office home panel: the latest plan's figures for what the actor may see. */
export function LedgerPanel({ plan: p }: { plan: WorkPlan & { counts: StatusCounts } }) {
  return (
    <section class="card" aria-labelledby="ledger-panel-h">
      <h2 id="ledger-panel-h">任务台账</h2>
      <p>{p.title}</p>
      <ul class="link-list">
        <li>
          <span>可见任务</span>
          <span>{p.counts.total} 项</span>
        </li>
        <li>
          <span>完成率</span>
          <span>{p.counts.completionPercent}%</span>
        </li>
        <li>
          <span>已逾期</span>
          <span>{p.counts.byStatus.overdue} 项</span>
        </li>
      </ul>
      <p>
        <a href={`/admin/ledger?plan=${p.id}`}>查看台账统计</a>
      </p>
    </section>
  );
}
