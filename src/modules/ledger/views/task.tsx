/** A task (/admin/ledger/tasks/:id): its units' progress, reports, evidence, and the unit's forms. */
import type { AppError } from '../../../errors.ts';
import { beijingTime, ErrorSummary, Notice } from '../../../web/components.tsx';
import { CrudForm, optionsOf, type CrudField, type Option } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import type { Org } from '../../org/model.ts';
import { DEADLINE_KINDS } from '../deadline.ts';
import { EVIDENCE_KINDS } from '../model.ts';
import type { TaskDetail } from '../service.ts';
import { StatusTag } from './parts.tsx';

/** 报送进展: the unit, the text, the share done and up to five files. */
const progressFields = (units: Option[]): CrudField[] => [
  { kind: 'select', name: 'orgId', label: '报送单位', options: units },
  { kind: 'textarea', name: 'text', label: '进展情况', required: true, rows: 4, maxLength: 5000 },
  {
    kind: 'number',
    name: 'percent',
    label: '完成比例（%）',
    required: true,
    hint: '0 到 100 的整数；100% 且关联有效佐证材料后视为完成',
  },
  {
    kind: 'file',
    name: 'files',
    label: '附件（可选）',
    multiple: true,
    hint: '最多 5 个，每个不超过 10MB：PDF、Word、Excel、WPS、OFD、图片、文本、ZIP',
  },
];

/** 关联佐证材料. */
const evidenceFields = (units: Option[]): CrudField[] => [
  { kind: 'select', name: 'orgId', label: '单位', options: units },
  { kind: 'select', name: 'kind', label: '类型', options: optionsOf(EVIDENCE_KINDS) },
  { name: 'title', label: '名称', required: true, maxLength: 200 },
  {
    name: 'url',
    label: '链接',
    required: true,
    maxLength: 1000,
    hint: '本站内容填站内路径，如 /topics/digital-economy；外部链接以 https:// 开头',
  },
];

/** 拆分子任务（本单位台账）. */
const subtaskFields = (units: Option[]): CrudField[] => [
  { kind: 'select', name: 'orgId', label: '单位', options: units },
  { kind: 'textarea', name: 'content', label: '子任务内容', required: true, rows: 3, maxLength: 2000 },
  { name: 'ownerName', label: '责任人', required: true, maxLength: 50 },
  {
    kind: 'date',
    name: 'dueDate',
    label: '完成时限',
    required: true,
    hint: '格式 2022-07-31，不晚于任务的工作时限',
  },
];

/** A task with its units, reports and evidence; units in the actor's scope report here. */
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
      <DataTable
        caption="各责任单位进展"
        rows={task.units}
        columns={[
          { label: '单位', cell: (u) => u.orgName, rowHeader: true },
          { label: '完成比例', cell: (u) => `${u.percent}%` },
          { label: '报送次数', cell: (u) => u.reports },
          { label: '有效佐证', cell: (u) => u.liveEvidence },
          { label: '状态', cell: (u) => <StatusTag status={u.status} /> },
        ]}
      />
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
        <DataTable
          caption="佐证材料"
          rows={evidence}
          columns={[
            { label: '单位', cell: (e) => name(e.orgId) },
            { label: '类型', cell: (e) => EVIDENCE_KINDS[e.kind] },
            {
              label: '名称',
              cell: (e) => (
                <a href={e.url} rel={e.kind === 'url' ? 'noopener noreferrer' : undefined}>
                  {e.title}
                </a>
              ),
            },
            {
              label: '链接检查',
              cell: (e) =>
                e.resolves == null ? (
                  e.kind === 'url' ? (
                    '外部链接，不自动检查'
                  ) : (
                    '尚未检查'
                  )
                ) : e.resolves ? (
                  `有效（${beijingTime(e.lastCheckedAt)}）`
                ) : (
                  <span class="status-bad">失效（{beijingTime(e.lastCheckedAt)}）</span>
                ),
            },
          ]}
        />
      )}
      {unitOptions.length > 0 && (
        <>
          <section aria-labelledby="report-h">
            <h2 id="report-h">报送进展</h2>
            <CrudForm
              page={page}
              form={{ action: `/admin/ledger/tasks/${task.id}/progress`, errors: fields }}
              fields={progressFields(unitOptions)}
              submit="报送"
              multipart
            />
          </section>
          <section aria-labelledby="evidence-h">
            <h2 id="evidence-h">关联佐证材料</h2>
            <CrudForm
              page={page}
              form={{ action: `/admin/ledger/tasks/${task.id}/evidence`, errors: fields }}
              fields={evidenceFields(unitOptions)}
              submit="关联"
            />
          </section>
          {!task.parentId && (
            <section aria-labelledby="sub-h">
              <h2 id="sub-h">拆分子任务（本单位台账）</h2>
              <CrudForm
                page={page}
                form={{ action: `/admin/ledger/tasks/${task.id}/subtasks`, errors: fields }}
                fields={subtaskFields(unitOptions)}
                submit="新增子任务"
              />
            </section>
          )}
        </>
      )}
    </>
  );
}
