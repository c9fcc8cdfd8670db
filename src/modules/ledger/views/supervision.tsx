/** Supervision pages: inspections and escalations (/admin/ledger/supervision), and one inspection. */
import type { AppError } from '../../../errors.ts';
import { beijingTime, CsrfField, ErrorSummary, Notice } from '../../../web/components.tsx';
import { CrudForm, optionsOf, type CrudField, type Option } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { isGrassroots, type Org } from '../../org/model.ts';
import { ESCALATION_KINDS } from '../model.ts';
import type { Escalation, Inspection, Rectification, SupervisionView, WorkPlan } from '../service.ts';

/** 安排督导. */
const inspectionFields = (plans: Option[], orgs: Option[]): CrudField[] => [
  { kind: 'select', name: 'planId', label: '工作要点', options: plans },
  { kind: 'select', name: 'orgId', label: '被督导单位', options: orgs },
  { name: 'title', label: '督导事项', required: true, maxLength: 200, hint: '如：“十县百乡”建设工作督导' },
  { kind: 'date', name: 'scheduledDate', label: '计划日期', required: true },
];

/** 记录约谈或通报批评. */
const escalationFields = (plans: Option[], orgs: Option[]): CrudField[] => [
  { kind: 'select', name: 'planId', label: '工作要点', options: plans },
  { kind: 'select', name: 'orgId', label: '单位', options: orgs },
  { kind: 'select', name: 'kind', label: '方式', options: optionsOf(ESCALATION_KINDS) },
  { kind: 'date', name: 'date', label: '日期', required: true },
  {
    name: 'documentRef',
    label: '文件',
    required: true,
    maxLength: 200,
    hint: '约谈记录或通报文件的文号、名称',
  },
  { kind: 'textarea', name: 'note', label: '说明', rows: 3, maxLength: 5000 },
];

/** 记录督导发现. */
const findingsFields: CrudField[] = [
  { kind: 'date', name: 'doneDate', label: '督导日期', required: true },
  { kind: 'textarea', name: 'findings', label: '督导发现', required: true, rows: 5, maxLength: 10000 },
];

/** 下发整改事项. */
const rectificationFields: CrudField[] = [
  { kind: 'textarea', name: 'item', label: '整改事项', required: true, rows: 3, maxLength: 2000 },
  { kind: 'date', name: 'deadline', label: '整改时限', required: true },
];

/** Inspections with their rectification items, escalations, and the openness office's forms. */
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
  const planOptions = plans.map((p) => ({ value: p.id, label: `${p.year}年 ${p.title}` }));
  const fields = error?.fields ?? {};
  return (
    <>
      <h1>督导、整改与约谈通报</h1>
      {saved && <Notice kind="success">{saved}</Notice>}
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <DataTable
        caption="督导安排与记录"
        rows={view.inspections}
        columns={[
          { label: '被督导单位', cell: (i) => name(i.orgId) },
          {
            label: '督导事项',
            cell: (i) => (
              <>
                <a href={`/admin/ledger/inspections/${i.id}`}>{i.title}</a>
                {i.isSample && <span class="meta">（演示）</span>}
              </>
            ),
          },
          { label: '计划日期', cell: (i) => i.scheduledDate, date: true },
          { label: '完成日期', cell: (i) => i.doneDate ?? '未完成', date: true },
          {
            label: '整改事项',
            cell: (i) =>
              `${i.rectifications.length} 项（未销号 ${i.rectifications.filter((r) => !r.closed).length} 项）`,
          },
        ]}
      />
      <EscalationTable escalations={view.escalations} name={name} />
      {canManage && plans.length > 0 && (
        <>
          <section aria-labelledby="ins-h">
            <h2 id="ins-h">安排督导</h2>
            <CrudForm
              page={page}
              form={{ action: '/admin/ledger/inspections', errors: fields }}
              fields={inspectionFields(planOptions, orgOptions)}
              submit="安排"
            />
          </section>
          <section aria-labelledby="esc-h">
            <h2 id="esc-h">记录约谈或通报批评</h2>
            <CrudForm
              page={page}
              form={{ action: '/admin/ledger/escalations', errors: fields }}
              fields={escalationFields(planOptions, orgOptions)}
              submit="记录"
            />
          </section>
        </>
      )}
    </>
  );
}

function EscalationTable({ escalations, name }: { escalations: Escalation[]; name: (id: number) => string }) {
  return (
    <DataTable
      caption="约谈与通报批评"
      rows={escalations}
      empty={{ text: '暂无记录' }}
      columns={[
        { label: '日期', cell: (e) => e.date, date: true },
        { label: '单位', cell: (e) => name(e.orgId) },
        { label: '方式', cell: (e) => ESCALATION_KINDS[e.kind] },
        { label: '文件', cell: (e) => e.documentRef },
        { label: '说明', cell: (e) => e.note },
      ]}
    />
  );
}

/** One inspection: findings, rectification items with answers and closing. */
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
                <CrudForm
                  page={page}
                  form={{
                    action: `/admin/ledger/rectifications/${r.id}/answer`,
                    values: { answer: r.answer },
                  }}
                  fields={[
                    {
                      kind: 'textarea',
                      name: 'answer',
                      label: `整改情况（事项 ${r.id}）`,
                      rows: 3,
                      maxLength: 5000,
                      required: true,
                    },
                  ]}
                  submit="提交整改情况"
                />
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
            <CrudForm
              page={page}
              form={{
                action: `/admin/ledger/inspections/${inspection.id}/findings`,
                values: { doneDate: inspection.doneDate, findings: inspection.findings },
                errors: fields,
              }}
              fields={findingsFields}
            />
          </section>
          <section aria-labelledby="rect-h">
            <h2 id="rect-h">下发整改事项</h2>
            <CrudForm
              page={page}
              form={{ action: `/admin/ledger/inspections/${inspection.id}/rectifications`, errors: fields }}
              fields={rectificationFields}
              submit="下发"
            />
          </section>
        </>
      )}
    </>
  );
}
