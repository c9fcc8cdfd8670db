/** The content panel on the back-office home page. */
import { Notice } from '../../../web/components.tsx';
import { when } from './parts.tsx';

/** What the panel shows: my queue, missed scheduled publications, the published totals. */
export interface ContentDashboardFigures {
  queue: number;
  missed: { items: { id: number; title: string; publishAt: string }[]; lastError: string | null };
  totals: { total: number; original: number; late: number };
}

/** My queue, missed scheduled publications, original ratio and timeliness. */
export function ContentDashboard({ queue, missed, totals }: ContentDashboardFigures) {
  return (
    <section class="card" aria-labelledby="dash-content">
      <h2 id="dash-content">内容发布</h2>
      <p>
        <a href="/admin/content/review">待我处理：{queue} 篇</a>
      </p>
      {(missed.items.length > 0 || missed.lastError) && (
        <Notice kind="warning">
          <p>
            <strong>定时发布异常：</strong>
            {missed.items.length > 0 ? `${missed.items.length} 篇稿件已过定时发布时间仍未发布。` : ''}
            {missed.lastError ? `最近一次定时发布任务出错：${missed.lastError}` : ''}
          </p>
          <ul>
            {missed.items.slice(0, 5).map((m) => (
              <li>
                <a href={`/admin/content/${m.id}`}>{m.title}</a>（应于 {when(m.publishAt)} 发布）
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <p>
        已发布 {totals.total} 篇，原创{' '}
        {totals.total ? ((totals.original / totals.total) * 100).toFixed(1) : '—'}%，超期发布 {totals.late}{' '}
        篇。
        <a href="/admin/content/stats">按单位和栏目查看</a>
      </p>
    </section>
  );
}
