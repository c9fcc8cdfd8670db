/** A plan's task ledger (/admin/ledger/plans/:id), filtered by unit and status. */
import { Notice, Select } from '../../../web/components.tsx';
import { DataTable } from '../../../web/table.tsx';
import type { Org } from '../../org/model.ts';
import { TASK_STATUSES } from '../model.ts';
import type { TaskView, WorkPlan } from '../service.ts';
import { StatusTag } from './parts.tsx';

/** The ledger's tasks and sub-tasks in groups, as the actor may see them. */
export function LedgerPage({
  plan,
  tasks,
  orgs,
  filter,
}: {
  plan: WorkPlan;
  tasks: TaskView[];
  orgs: Org[];
  filter: { orgId?: number; status?: string };
}) {
  const unitOptions = [
    { value: '', label: '全部单位' },
    ...orgs.map((o) => ({ value: o.id, label: o.shortName })),
  ];
  const statusOptions = [
    { value: '', label: '全部状态' },
    ...Object.entries(TASK_STATUSES).map(([value, label]) => ({ value, label })),
  ];
  return (
    <>
      <h1>{plan.ledgerTitle ?? `${plan.title}任务台账`}</h1>
      {plan.isSample && <Notice>本工作要点由演示数据导入；进展报送和督导记录中标注“演示”的均为示例。</Notice>}
      {plan.sourceDocuments.length > 0 && (
        <p class="meta">
          依据：
          {plan.sourceDocuments.map((d) => `《${d.title}》（${d.docNumber}）`).join('、')}
        </p>
      )}
      <form method="get" action={`/admin/ledger/plans/${plan.id}`} class="ledger-filter">
        <Select label="责任单位" name="org" value={filter.orgId ?? ''} options={unitOptions} />
        <Select label="状态" name="status" value={filter.status ?? ''} options={statusOptions} />
        <button type="submit">筛选</button>
      </form>
      <p class="actions">
        <a href={`/admin/ledger/plans/${plan.id}/export.xlsx`}>导出台账（Excel）</a>
      </p>
      <DataTable
        class="ledger-table"
        caption={`任务台账（共 ${tasks.length} 项）`}
        rows={tasks.flatMap((t) => [t, ...t.subtasks].map((x) => ({ x, group: t.groupNumber + t.group })))}
        groupBy={(r) => r.group}
        columns={[
          { label: '序号', cell: ({ x }) => x.number },
          { label: '目标任务', cell: ({ x }) => x.target },
          {
            label: '任务内容',
            cell: ({ x }) => (
              <a href={`/admin/ledger/tasks/${x.id}`}>{x.parentId ? `（子任务）${x.content}` : x.content}</a>
            ),
          },
          { label: '责任单位', cell: ({ x }) => x.unitsText || x.units.map((u) => u.orgName).join('、') },
          { label: '工作时限', cell: ({ x }) => x.deadlineText },
          { label: '完成情况', cell: ({ x }) => <StatusTag status={x.status} /> },
        ]}
      />
    </>
  );
}
