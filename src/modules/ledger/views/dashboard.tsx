/** The ledger's dashboard (/admin/ledger): a plan's figures, charts, overdue tasks, timeline, and the import. */
import type { AppError } from '../../../errors.ts';
import { ErrorSummary, Notice, Select, UploadForm } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { ChartFigure, stackedBarSvg } from '../../../web/charts.tsx';
import { TASK_STATUSES, type StatusCounts } from '../model.ts';
import type { Dashboard, WorkPlan } from '../service.ts';
import { STATUS_COLORS, STATUS_ORDER, StatusTag } from './parts.tsx';

type CountsRow = { label: string; counts: StatusCounts };

function CountsTable({
  caption,
  rowHeader,
  rows,
}: {
  caption: string;
  rowHeader: string;
  rows: CountsRow[];
}) {
  return (
    <DataTable
      caption={caption}
      rows={rows}
      columns={[
        { label: rowHeader, cell: (r) => r.label, rowHeader: true },
        { label: '任务数', cell: (r) => r.counts.total },
        ...STATUS_ORDER.map((s) => ({
          label: TASK_STATUSES[s],
          cell: (r: CountsRow) => r.counts.byStatus[s],
        })),
        { label: '完成率', cell: (r) => `${r.counts.completionPercent}%` },
      ]}
    />
  );
}

function countsChart(title: string, rows: { label: string; counts: StatusCounts }[]) {
  return stackedBarSvg(
    title,
    STATUS_ORDER.map((s) => ({ name: TASK_STATUSES[s], color: STATUS_COLORS[s] })),
    rows.map((r) => ({ label: r.label, values: STATUS_ORDER.map((s) => r.counts.byStatus[s]) })),
  );
}

/** A plan's dashboard, the list of plans and (for the openness office) the import. */
export function DashboardPage({
  page,
  plans,
  dash,
  canManage,
  error,
  imported,
}: {
  page: PageContext;
  plans: WorkPlan[];
  dash: Dashboard | null;
  canManage: boolean;
  error?: AppError;
  imported?: string;
}) {
  const groupRows =
    dash?.byGroup.map((g) => ({ label: `${g.groupNumber}${g.group}`, counts: g.counts })) ?? [];
  const unitRows = dash?.byUnit.map((u) => ({ label: u.orgName, counts: u.counts })) ?? [];
  return (
    <>
      <h1>工作要点与任务台账</h1>
      {imported && <Notice kind="success">{imported}</Notice>}
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      {plans.length === 0 && <p>还没有工作要点。{canManage ? '请在下方导入。' : '请联系公开办导入。'}</p>}
      {plans.length > 1 && (
        <form method="get" action="/admin/ledger" class="actions">
          <Select
            label="工作要点"
            name="plan"
            value={dash?.plan.id}
            options={plans.map((p) => ({ value: p.id, label: `${p.year}年 ${p.title}` }))}
          />
          <button type="submit">查看</button>
        </form>
      )}
      {dash && (
        <>
          <h2>
            {dash.plan.title}
            {dash.plan.isSample && <span class="meta">（演示数据）</span>}
          </h2>
          <p class="meta">
            统计日期：{dash.today}（北京时间）。“已完成”需完成比例达到 100%
            且有有效佐证材料；“持续推进中”表示持续推进类任务已报送进展。
          </p>
          <ul class="actions ledger-links">
            <li>
              <a class="button" href={`/admin/ledger/plans/${dash.plan.id}`}>
                查看任务台账
              </a>
            </li>
            <li>
              <a href={`/admin/ledger/plans/${dash.plan.id}/export.xlsx`}>导出台账（Excel）</a>
            </li>
            <li>
              <a href="/admin/ledger/supervision">督导、整改与约谈通报</a>
            </li>
          </ul>
          <div class="cards">
            <div class="card">
              <h3>任务总数</h3>
              <p class="ledger-figure">{dash.counts.total}</p>
            </div>
            <div class="card">
              <h3>完成率</h3>
              <p class="ledger-figure">{dash.counts.completionPercent}%</p>
            </div>
            <div class="card">
              <h3>已逾期</h3>
              <p class="ledger-figure">{dash.counts.byStatus.overdue}</p>
            </div>
          </div>
          <h2>按分组完成情况</h2>
          <ChartFigure
            svg={countsChart('各分组任务状态（堆叠条形图）', groupRows)}
            caption="图：各分组任务状态"
            table={<CountsTable caption="各分组任务状态数据" rowHeader="分组" rows={groupRows} />}
          />
          <h2>按责任单位完成情况</h2>
          <ChartFigure
            svg={countsChart('各责任单位任务状态（堆叠条形图）', unitRows)}
            caption="图：各责任单位任务状态"
            table={<CountsTable caption="各责任单位任务状态数据" rowHeader="责任单位" rows={unitRows} />}
          />
          <h2>逾期任务</h2>
          {dash.overdue.length === 0 ? (
            <p>没有逾期任务。</p>
          ) : (
            <ul class="link-list">
              {dash.overdue.map((o) => (
                <li>
                  <a href={`/admin/ledger/tasks/${o.task.id}`}>
                    第 {o.task.number} 项 {o.task.target}
                  </a>
                  <span>
                    {o.task.deadlineText}；逾期单位：{o.units.map((u) => u.orgName).join('、')}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h2>时间线</h2>
          <ol class="ledger-timeline">
            {dash.timeline.map((e) => (
              <li>
                <time datetime={e.date}>{e.date}</time> <a href={e.href}>{e.label}</a>{' '}
                {e.status && <StatusTag status={e.status} />}
              </li>
            ))}
          </ol>
        </>
      )}
      {plans.length > 0 && (
        <DataTable
          caption="全部工作要点"
          rows={plans}
          columns={[
            { label: '年度', cell: (p) => p.year },
            {
              label: '标题',
              cell: (p) => (
                <>
                  {p.title}
                  {p.isSample && <span class="meta">（演示数据）</span>}
                </>
              ),
            },
            {
              label: '操作',
              cell: (p) => (
                <>
                  <a href={`/admin/ledger?plan=${p.id}`} aria-label={`${p.title} 统计`}>
                    统计
                  </a>{' '}
                  <a href={`/admin/ledger/plans/${p.id}`} aria-label={`${p.title} 台账`}>
                    台账
                  </a>
                </>
              ),
            },
          ]}
        />
      )}
      {canManage && (
        <section aria-labelledby="import-h">
          <h2 id="import-h">导入工作要点或台账</h2>
          <UploadForm
            page={page}
            action="/admin/ledger/import"
            label="文件"
            hint="工作要点全文（.txt，台账附在正文之后）或任务台账 Excel（.xlsx，列为 序号、目标任务、任务内容、责任单位、工作时限）。有任何一行无法识别时不导入。"
            accept=".txt,.xlsx"
            required
            submit="导入"
          />
        </section>
      )}
    </>
  );
}
