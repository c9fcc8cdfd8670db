/** Back-office pages of the ledger: dashboard, plan ledger, task, supervision. */
import type { AppError } from '../../../errors.ts';
import {
  CsrfField,
  ErrorSummary,
  Field,
  FileField,
  Notice,
  Select,
  TextArea,
  UploadForm,
  beijingTime,
} from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { isGrassroots, type Org } from '../../org/model.ts';
import { ChartFigure, stackedBarSvg } from '../charts.tsx';
import { DEADLINE_KINDS } from '../deadline.ts';
import {
  ESCALATION_KINDS,
  EVIDENCE_KINDS,
  TASK_STATUSES,
  type StatusCounts,
  type TaskStatus,
} from '../model.ts';
import type {
  Dashboard,
  Escalation,
  Inspection,
  Rectification,
  SupervisionView,
  TaskDetail,
  TaskView,
  WorkPlan,
} from '../service.ts';

const STATUS_ORDER: TaskStatus[] = ['done', 'ongoing', 'in_progress', 'not_started', 'overdue'];
const STATUS_COLORS: Record<TaskStatus, string> = {
  done: '#1a7f37',
  ongoing: '#0b5cad',
  in_progress: '#a35200',
  not_started: '#6b6b6b',
  overdue: '#b3261e',
};
const STATUS_CLASS: Record<TaskStatus, string> = {
  done: 'status-ok',
  ongoing: 'status-ok',
  in_progress: 'status-warn',
  not_started: '',
  overdue: 'status-bad',
};

export function StatusTag({ status }: { status: TaskStatus }) {
  return <span class={`ledger-status ${STATUS_CLASS[status]}`}>{TASK_STATUSES[status]}</span>;
}

function CountsTable({
  caption,
  rowHeader,
  rows,
}: {
  caption: string;
  rowHeader: string;
  rows: { label: string; counts: StatusCounts }[];
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{rowHeader}</th>
          <th scope="col">任务数</th>
          {STATUS_ORDER.map((s) => (
            <th scope="col">{TASK_STATUSES[s]}</th>
          ))}
          <th scope="col">完成率</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td>{r.counts.total}</td>
            {STATUS_ORDER.map((s) => (
              <td>{r.counts.byStatus[s]}</td>
            ))}
            <td>{r.counts.completionPercent}%</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function countsChart(title: string, rows: { label: string; counts: StatusCounts }[]) {
  return stackedBarSvg(
    title,
    STATUS_ORDER.map((s) => ({ name: TASK_STATUSES[s], color: STATUS_COLORS[s] })),
    rows.map((r) => ({ label: r.label, values: STATUS_ORDER.map((s) => r.counts.byStatus[s]) })),
  );
}

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
        <div class="table-wrap">
          <table>
            <caption>全部工作要点</caption>
            <thead>
              <tr>
                <th scope="col">年度</th>
                <th scope="col">标题</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr>
                  <td>{p.year}</td>
                  <td>
                    {p.title}
                    {p.isSample && <span class="meta">（演示数据）</span>}
                  </td>
                  <td>
                    <a href={`/admin/ledger?plan=${p.id}`} aria-label={`${p.title} 统计`}>
                      统计
                    </a>{' '}
                    <a href={`/admin/ledger/plans/${p.id}`} aria-label={`${p.title} 台账`}>
                      台账
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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

export function TaskPage({
  page,
  detail,
  orgs,
  error,
  saved,
}: {
  page: PageContext;
  detail: TaskDetail;
  orgs: Org[];
  error?: AppError;
  saved?: string;
}) {
  const { task, reports, evidence, reportableOrgIds } = detail;
  const name = (id: number) => orgs.find((o) => o.id === id)?.shortName ?? `#${id}`;
  const unitOptions = reportableOrgIds.map((id) => ({ value: id, label: name(id) }));
  const fields = error?.fields ?? {};
  return (
    <>
      <h1>
        第 {task.number} 项：{task.target}
      </h1>
      {saved && <Notice kind="success">{saved}</Notice>}
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <dl class="ledger-facts">
        <dt>分组</dt>
        <dd>
          {task.groupNumber}
          {task.group}
        </dd>
        <dt>任务内容</dt>
        <dd>{task.content}</dd>
        <dt>责任单位</dt>
        <dd>{task.unitsText}</dd>
        {task.unitNotes.length > 0 && (
          <>
            <dt>单位说明</dt>
            <dd>{task.unitNotes.join('；')}</dd>
          </>
        )}
        <dt>工作时限</dt>
        <dd>
          {task.deadlineText}（{DEADLINE_KINDS[task.deadline.kind]}
          {task.deadline.kind !== 'ongoing' && `，截止 ${task.deadline.date}`}）
        </dd>
        {task.ownerName && (
          <>
            <dt>责任人</dt>
            <dd>{task.ownerName}</dd>
          </>
        )}
        <dt>完成情况</dt>
        <dd>
          <StatusTag status={task.status} />
        </dd>
      </dl>
      {detail.parent && (
        <p>
          所属任务：<a href={`/admin/ledger/tasks/${detail.parent.id}`}>第 {detail.parent.number} 项</a>
        </p>
      )}
      <div class="table-wrap">
        <table>
          <caption>各责任单位进展</caption>
          <thead>
            <tr>
              <th scope="col">单位</th>
              <th scope="col">完成比例</th>
              <th scope="col">报送次数</th>
              <th scope="col">有效佐证</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {task.units.map((u) => (
              <tr>
                <th scope="row">{u.orgName}</th>
                <td>{u.percent}%</td>
                <td>{u.reports}</td>
                <td>{u.liveEvidence}</td>
                <td>
                  <StatusTag status={u.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {task.subtasks.length > 0 && (
        <>
          <h2>子任务</h2>
          <ul class="link-list">
            {task.subtasks.map((s) => (
              <li>
                <a href={`/admin/ledger/tasks/${s.id}`}>
                  {s.number} {s.content}
                </a>
                <span>
                  责任人 {s.ownerName}，{s.deadlineText} <StatusTag status={s.status} />
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>进展报送</h2>
      {reports.length === 0 ? (
        <p>尚无进展报送。</p>
      ) : (
        <ul class="ledger-reports">
          {reports.map((r) => (
            <li>
              <p>
                <strong>{name(r.orgId)}</strong> · {r.percent}% · {beijingTime(r.reportedAt)} ·{' '}
                {r.reporterName}
                {r.isSample && <span class="meta">（演示）</span>}
              </p>
              <p>{r.text}</p>
              {r.attachments.length > 0 && (
                <ul>
                  {r.attachments.map((a, i) => (
                    <li>
                      <a href={`/admin/ledger/attachments/${r.id}/${i}`}>{a.name}</a>{' '}
                      <span class="meta">（{Math.ceil(a.size / 1024)} KB）</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>佐证材料</h2>
      {evidence.length === 0 ? (
        <p>尚未关联佐证材料。</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>佐证材料</caption>
            <thead>
              <tr>
                <th scope="col">单位</th>
                <th scope="col">类型</th>
                <th scope="col">名称</th>
                <th scope="col">链接检查</th>
              </tr>
            </thead>
            <tbody>
              {evidence.map((e) => (
                <tr>
                  <td>{name(e.orgId)}</td>
                  <td>{EVIDENCE_KINDS[e.kind]}</td>
                  <td>
                    <a href={e.url} rel={e.kind === 'url' ? 'noopener noreferrer' : undefined}>
                      {e.title}
                    </a>
                  </td>
                  <td>
                    {e.resolves == null ? (
                      e.kind === 'url' ? (
                        '外部链接，不自动检查'
                      ) : (
                        '尚未检查'
                      )
                    ) : e.resolves ? (
                      `有效（${beijingTime(e.lastCheckedAt)}）`
                    ) : (
                      <span class="status-bad">失效（{beijingTime(e.lastCheckedAt)}）</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {unitOptions.length > 0 && (
        <>
          <section aria-labelledby="report-h">
            <h2 id="report-h">报送进展</h2>
            <form
              method="post"
              action={`/admin/ledger/tasks/${task.id}/progress?_csrf=${encodeURIComponent(page.csrfToken)}`}
              enctype="multipart/form-data"
            >
              <Select label="报送单位" name="orgId" options={unitOptions} error={fields.orgId} />
              <TextArea label="进展情况" name="text" required rows={4} maxLength={5000} error={fields.text} />
              <Field
                label="完成比例（%）"
                name="percent"
                type="number"
                required
                error={fields.percent}
                hint="0 到 100 的整数；100% 且关联有效佐证材料后视为完成"
              />
              <FileField
                label="附件（可选）"
                name="files"
                multiple
                hint="最多 5 个，每个不超过 10MB：PDF、Word、Excel、WPS、OFD、图片、文本、ZIP"
                error={fields.files}
              />
              <button type="submit">报送</button>
            </form>
          </section>
          <section aria-labelledby="evidence-h">
            <h2 id="evidence-h">关联佐证材料</h2>
            <form method="post" action={`/admin/ledger/tasks/${task.id}/evidence`}>
              <CsrfField page={page} />
              <Select label="单位" name="orgId" options={unitOptions} error={fields.orgId} />
              <Select
                label="类型"
                name="kind"
                options={Object.entries(EVIDENCE_KINDS).map(([value, label]) => ({ value, label }))}
                error={fields.kind}
              />
              <Field label="名称" name="title" required maxLength={200} error={fields.title} />
              <Field
                label="链接"
                name="url"
                required
                maxLength={1000}
                error={fields.url}
                hint="本站内容填站内路径，如 /topics/digital-economy；外部链接以 https:// 开头"
              />
              <button type="submit">关联</button>
            </form>
          </section>
          {!task.parentId && (
            <section aria-labelledby="sub-h">
              <h2 id="sub-h">拆分子任务（本单位台账）</h2>
              <form method="post" action={`/admin/ledger/tasks/${task.id}/subtasks`}>
                <CsrfField page={page} />
                <Select label="单位" name="orgId" options={unitOptions} error={fields.orgId} />
                <TextArea
                  label="子任务内容"
                  name="content"
                  required
                  rows={3}
                  maxLength={2000}
                  error={fields.content}
                />
                <Field label="责任人" name="ownerName" required maxLength={50} error={fields.ownerName} />
                <Field
                  label="完成时限"
                  name="dueDate"
                  type="date"
                  required
                  error={fields.dueDate}
                  hint="格式 2022-07-31，不晚于任务的工作时限"
                />
                <button type="submit">新增子任务</button>
              </form>
            </section>
          )}
        </>
      )}
    </>
  );
}

export function SupervisionPage({
  page,
  view,
  plans,
  orgs,
  canManage,
  error,
  saved,
}: {
  page: PageContext;
  view: SupervisionView;
  plans: WorkPlan[];
  orgs: Org[];
  canManage: boolean;
  error?: AppError;
  saved?: string;
}) {
  const name = (id: number) => orgs.find((o) => o.id === id)?.shortName ?? `#${id}`;
  const orgOptions = orgs
    .filter((o) => o.kind === 'department' || isGrassroots(o.kind))
    .map((o) => ({ value: o.id, label: o.shortName }));
  const fields = error?.fields ?? {};
  return (
    <>
      <h1>督导、整改与约谈通报</h1>
      {saved && <Notice kind="success">{saved}</Notice>}
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <div class="table-wrap">
        <table>
          <caption>督导安排与记录</caption>
          <thead>
            <tr>
              <th scope="col">被督导单位</th>
              <th scope="col">督导事项</th>
              <th scope="col">计划日期</th>
              <th scope="col">完成日期</th>
              <th scope="col">整改事项</th>
            </tr>
          </thead>
          <tbody>
            {view.inspections.map((i) => (
              <tr>
                <td>{name(i.orgId)}</td>
                <td>
                  <a href={`/admin/ledger/inspections/${i.id}`}>{i.title}</a>
                  {i.isSample && <span class="meta">（演示）</span>}
                </td>
                <td>{i.scheduledDate}</td>
                <td>{i.doneDate ?? '未完成'}</td>
                <td>
                  {i.rectifications.length} 项（未销号 {i.rectifications.filter((r) => !r.closed).length} 项）
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <EscalationTable escalations={view.escalations} name={name} />
      {canManage && plans.length > 0 && (
        <>
          <section aria-labelledby="ins-h">
            <h2 id="ins-h">安排督导</h2>
            <form method="post" action="/admin/ledger/inspections">
              <CsrfField page={page} />
              <Select
                label="工作要点"
                name="planId"
                options={plans.map((p) => ({ value: p.id, label: `${p.year}年 ${p.title}` }))}
              />
              <Select label="被督导单位" name="orgId" options={orgOptions} error={fields.orgId} />
              <Field
                label="督导事项"
                name="title"
                required
                maxLength={200}
                error={fields.title}
                hint="如：“十县百乡”建设工作督导"
              />
              <Field
                label="计划日期"
                name="scheduledDate"
                type="date"
                required
                error={fields.scheduledDate}
              />
              <button type="submit">安排</button>
            </form>
          </section>
          <section aria-labelledby="esc-h">
            <h2 id="esc-h">记录约谈或通报批评</h2>
            <form method="post" action="/admin/ledger/escalations">
              <CsrfField page={page} />
              <Select
                label="工作要点"
                name="planId"
                options={plans.map((p) => ({ value: p.id, label: `${p.year}年 ${p.title}` }))}
              />
              <Select label="单位" name="orgId" options={orgOptions} error={fields.orgId} />
              <Select
                label="方式"
                name="kind"
                options={Object.entries(ESCALATION_KINDS).map(([value, label]) => ({ value, label }))}
                error={fields.kind}
              />
              <Field label="日期" name="date" type="date" required error={fields.date} />
              <Field
                label="文件"
                name="documentRef"
                required
                maxLength={200}
                error={fields.documentRef}
                hint="约谈记录或通报文件的文号、名称"
              />
              <TextArea label="说明" name="note" rows={3} maxLength={5000} error={fields.note} />
              <button type="submit">记录</button>
            </form>
          </section>
        </>
      )}
    </>
  );
}

function EscalationTable({ escalations, name }: { escalations: Escalation[]; name: (id: number) => string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>约谈与通报批评</caption>
        <thead>
          <tr>
            <th scope="col">日期</th>
            <th scope="col">单位</th>
            <th scope="col">方式</th>
            <th scope="col">文件</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {escalations.length === 0 && (
            <tr>
              <td colSpan={5}>暂无记录</td>
            </tr>
          )}
          {escalations.map((e) => (
            <tr>
              <td>{e.date}</td>
              <td>{name(e.orgId)}</td>
              <td>{ESCALATION_KINDS[e.kind]}</td>
              <td>{e.documentRef}</td>
              <td>{e.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function InspectionPage({
  page,
  inspection,
  orgs,
  canManage,
  canAnswer,
  error,
  saved,
}: {
  page: PageContext;
  inspection: Inspection & { rectifications: Rectification[] };
  orgs: Org[];
  canManage: boolean;
  canAnswer: boolean;
  error?: AppError;
  saved?: string;
}) {
  const org = orgs.find((o) => o.id === inspection.orgId);
  const fields = error?.fields ?? {};
  return (
    <>
      <h1>
        督导：{org?.shortName} {inspection.title}
      </h1>
      {inspection.isSample && <Notice>本条督导为演示数据。</Notice>}
      {saved && <Notice kind="success">{saved}</Notice>}
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <dl class="ledger-facts">
        <dt>计划日期</dt>
        <dd>{inspection.scheduledDate}</dd>
        <dt>完成日期</dt>
        <dd>{inspection.doneDate ?? '未完成'}</dd>
        <dt>督导发现</dt>
        <dd>{inspection.findings || '尚未记录'}</dd>
      </dl>
      <h2>整改事项</h2>
      {inspection.rectifications.length === 0 ? (
        <p>暂无整改事项。</p>
      ) : (
        <ol class="ledger-reports">
          {inspection.rectifications.map((r) => (
            <li>
              <p>
                <strong>{r.item}</strong>（整改时限 {r.deadline}，
                {r.closed ? '已销号' : r.answer ? '已答复，待销号' : '待答复'}）
              </p>
              {r.answer && (
                <p>
                  整改情况：{r.answer}（{beijingTime(r.answeredAt)}）
                </p>
              )}
              {canAnswer && !r.closed && (
                <form method="post" action={`/admin/ledger/rectifications/${r.id}/answer`}>
                  <CsrfField page={page} />
                  <TextArea
                    label={`整改情况（事项 ${r.id}）`}
                    name="answer"
                    value={r.answer}
                    rows={3}
                    maxLength={5000}
                    required
                  />
                  <button type="submit">提交整改情况</button>
                </form>
              )}
              {canManage && !r.closed && r.answer && (
                <form method="post" action={`/admin/ledger/rectifications/${r.id}/close`}>
                  <CsrfField page={page} />
                  <button type="submit">销号</button>
                </form>
              )}
            </li>
          ))}
        </ol>
      )}
      {canManage && (
        <>
          <section aria-labelledby="find-h">
            <h2 id="find-h">记录督导发现</h2>
            <form method="post" action={`/admin/ledger/inspections/${inspection.id}/findings`}>
              <CsrfField page={page} />
              <Field
                label="督导日期"
                name="doneDate"
                type="date"
                required
                value={inspection.doneDate}
                error={fields.doneDate}
              />
              <TextArea
                label="督导发现"
                name="findings"
                required
                rows={5}
                maxLength={10000}
                value={inspection.findings}
                error={fields.findings}
              />
              <button type="submit">保存</button>
            </form>
          </section>
          <section aria-labelledby="rect-h">
            <h2 id="rect-h">下发整改事项</h2>
            <form method="post" action={`/admin/ledger/inspections/${inspection.id}/rectifications`}>
              <CsrfField page={page} />
              <TextArea label="整改事项" name="item" required rows={3} maxLength={2000} error={fields.item} />
              <Field label="整改时限" name="deadline" type="date" required error={fields.deadline} />
              <button type="submit">下发</button>
            </form>
          </section>
        </>
      )}
    </>
  );
}
