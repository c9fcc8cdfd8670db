/** The back office's case list (filters, table, days left) and the registration form of a paper application. */
import { ApplicantFieldset } from './applicant-form.tsx';
import type { AppError } from '../../../errors.ts';
import { CsrfField, ErrorSummary, Field, Select, TextArea } from '../../../web/components.tsx';
import { DataTable, DateText } from '../../../web/table.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { Org } from '../../org/model.ts';
import { DELIVERY_METHODS, PREFERRED_FORMS, STATUSES } from '../model.ts';
import { CHANNELS, OUTCOMES } from '../outcomes.ts';
import type { ListedApplication } from '../service/read.ts';
import type { ApplyValues } from './public.tsx';
import { opts } from './form-parts.tsx';

/** Working days left, or how far overdue, for a case in the list. */
export function DaysLeft({
  a,
}: {
  a: Pick<ListedApplication, 'workingDaysLeft' | 'overdue' | 'provisional' | 'status'>;
}) {
  if (a.status === 'closed') return <span>已办结</span>;
  if (a.workingDaysLeft == null) return <span>—</span>;
  if (a.overdue) return <span class="status-bad">已超期 {Math.abs(a.workingDaysLeft)} 个工作日</span>;
  return (
    <span class={a.workingDaysLeft <= 3 ? 'status-warn' : undefined}>
      剩 {a.workingDaysLeft} 个工作日{a.provisional ? '（预估）' : ''}
    </span>
  );
}

/** The case table of the list and the queue. */
export function CaseTable({
  items,
  orgNames,
  caption,
}: {
  items: ListedApplication[];
  orgNames: Map<number, string>;
  caption: string;
}) {
  return (
    <DataTable
      caption={caption}
      rows={items}
      columns={[
        {
          label: '申请编号',
          rowHeader: true,
          cell: (a) => (
            <>
              <a href={`/admin/foi/${a.id}`}>{a.number}</a>
              {a.isSample && <span class="meta">（演示）</span>}
            </>
          ),
        },
        { label: '申请人', cell: (a) => a.applicantName },
        { label: '承办机关', cell: (a) => orgNames.get(a.orgId) ?? a.orgId },
        { label: '收到日期', cell: (a) => a.receivedOn ?? '待确认', date: true },
        {
          label: '状态',
          cell: (a) => `${STATUSES[a.status]}${a.outcome ? `：${OUTCOMES[a.outcome].row}` : ''}`,
        },
        {
          label: '答复期限',
          cell: (a) => (
            <>
              <DateText>{a.dueDate ?? '—'}</DateText>
              {a.provisional && a.dueDate ? '（预估）' : ''}
            </>
          ),
        },
        { label: '剩余', cell: (a) => <DaysLeft a={a} /> },
      ]}
    />
  );
}

/** The list's filters, folded on phones. */
export function FilterForm({ orgs, q }: { orgs: Org[]; q: Record<string, string | undefined> }) {
  return (
    // On phones the filters fold behind one control, so the case list comes first.
    <details class="fold-narrow">
      <summary>筛选案件（承办机关、状态、是否超期、年度）</summary>
      <form method="get" action="/admin/foi" class="foi-filter">
        <Select
          label="承办机关"
          name="org"
          value={q.org}
          options={[{ value: '', label: '全部' }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]}
        />
        <Select
          label="状态"
          name="status"
          value={q.status}
          options={[{ value: '', label: '全部' }, { value: 'open', label: '未办结' }, ...opts(STATUSES)]}
        />
        <Select
          label="是否超期"
          name="overdue"
          value={q.overdue}
          options={[
            { value: '', label: '全部' },
            { value: '1', label: '仅超期' },
          ]}
        />
        <Field label="年度" name="year" type="number" value={q.year} />
        <div class="actions">
          <button type="submit">筛选</button>
        </div>
      </form>
    </details>
  );
}

/** Registration of an application received on paper, in person, by post or fax. */
export function RegisterForm({
  page,
  orgs,
  values,
  error,
}: {
  page: PageContext;
  orgs: Org[];
  values: ApplyValues;
  error?: AppError;
}) {
  const f = error?.fields ?? {};
  return (
    <form method="post" action="/admin/foi/new" novalidate>
      <CsrfField page={page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <fieldset>
        <legend>收到方式（条例第三十一条）</legend>
        <Select
          label="收到方式"
          name="channel"
          value={values.channel}
          options={opts(CHANNELS, '请选择')}
          required
          error={f.channel}
          hint="互联网、传真申请进入待确认队列，以双方确认之日为收到申请之日"
        />
        <Field
          label="收到日期"
          name="receivedOn"
          type="date"
          value={values.receivedOn}
          error={f.receivedOn}
          hint="当面提交：提交之日；邮寄：签收之日；平常信函：与申请人确认之日（即到达之日）"
        />
      </fieldset>
      <ApplicantFieldset values={values} fields={f} legend="申请人" autocomplete={false} />
      <fieldset>
        <legend>申请内容</legend>
        <Select
          label="承办机关"
          name="orgId"
          value={values.orgId}
          options={[{ value: '', label: '请选择' }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]}
          required
          error={f.orgId}
        />
        <TextArea
          label="所需信息描述"
          name="description"
          value={values.description}
          required
          error={f.description}
          maxLength={2000}
        />
        <Field label="文号" name="docNumber" value={values.docNumber} error={f.docNumber} maxLength={100} />
        <Field label="文件标题" name="docTitle" value={values.docTitle} error={f.docTitle} maxLength={200} />
        <Select
          label="载体形式"
          name="preferredForm"
          value={values.preferredForm}
          options={opts(PREFERRED_FORMS, '不指定')}
          error={f.preferredForm}
        />
        <Select
          label="获取方式"
          name="delivery"
          value={values.delivery}
          options={opts(DELIVERY_METHODS, '不指定')}
          error={f.delivery}
        />
      </fieldset>
      <div class="actions">
        <button type="submit">登记</button>
      </div>
    </form>
  );
}
