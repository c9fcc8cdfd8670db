/** The back office's scheduled-jobs page: each job's state, the latest runs. A failure is shown, never silent. */
import { beijingTime } from '../../../web/components.tsx';
import { DataTable } from '../../../web/table.tsx';
import type { listJobs } from '../service.ts';

type JobsView = Awaited<ReturnType<typeof listJobs>>;

/** Every job and the latest runs, failures marked. */
export function JobsPage({ jobs, runs }: JobsView) {
  const failed = runs.filter((r) => r.ok === false);
  return (
    <>
      <h1>定时任务</h1>
      {failed.length > 0 && <p class="status-bad">最近有 {failed.length} 次运行失败，见下表。</p>}
      <DataTable
        caption="任务"
        rows={jobs}
        columns={[
          { label: '任务', rowHeader: true, cell: (j) => j.label },
          { label: '间隔', cell: (j) => `${Math.round(j.intervalSeconds / 60)} 分钟` },
          { label: '上次运行', date: true, cell: (j) => beijingTime(j.lastFinishedAt) },
          { label: '下次运行', date: true, cell: (j) => beijingTime(j.nextRunAt) },
          {
            label: '状态',
            cell: (j) => (
              <span class={j.lastError ? 'status-bad' : 'status-ok'}>
                {j.running
                  ? '运行中'
                  : j.lastError
                    ? `失败（连续 ${j.failures} 次）：${j.lastError}`
                    : '正常'}
              </span>
            ),
          },
        ]}
      />
      <DataTable
        caption="最近运行记录"
        rows={runs}
        columns={[
          { label: '任务', cell: (r) => r.label },
          { label: '开始', date: true, cell: (r) => beijingTime(r.startedAt) },
          { label: '结束', date: true, cell: (r) => beijingTime(r.finishedAt) },
          {
            label: '结果',
            cell: (r) => (
              <span class={r.ok === false ? 'status-bad' : undefined}>
                {r.ok === null ? '运行中' : r.ok ? (r.summary ?? '成功') : `失败：${r.error}`}
              </span>
            ),
          },
        ]}
      />
    </>
  );
}
