/** 政务新媒体 filings in the back office: the list, the filing form, one filing with its documents and review, the check import. */
import type { AppError } from '../../../errors.ts';
import {
  beijingTime,
  CsrfField,
  ErrorSummary,
  Notice,
  TextArea,
  UploadForm,
} from '../../../web/components.tsx';
import { CrudForm, type CrudField } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import type { Org } from '../../org/model.ts';
import {
  FILING_KINDS,
  FILING_STATUS,
  LEVELS,
  PLATFORMS,
  type AccountFields,
  type FilingKind,
  type Level,
  type MediaAccount,
  type Platform,
} from '../model.ts';
import type { FilingWithDocuments, MediaFiling } from '../service.ts';
import { accountFields } from './parts.tsx';

/** /admin/media/filings: every filing in the actor's orgs. */
export function FilingList({ filings, names }: { filings: MediaFiling[]; names: Map<number, string> }) {
  return (
    <>
      <h1>新媒体备案</h1>
      <p class="meta">分级备案：单位提交开设、变更、关停备案，区政务公开办审核。</p>
      <DataTable
        caption={<>备案（共 {filings.length} 件）</>}
        rows={filings}
        columns={[
          {
            label: '编号',
            rowHeader: true,
            cell: (f) => <a href={`/admin/media/filings/${f.id}`}>备案 {f.id}</a>,
          },
          { label: '类型', cell: (f) => FILING_KINDS[f.kind] },
          { label: '账号', cell: (f) => f.fields.accountName ?? (f.accountId ? `账号 ${f.accountId}` : '') },
          { label: '单位', cell: (f) => names.get(f.orgId) },
          { label: '提交', date: true, cell: (f) => beijingTime(f.submittedAt) },
          { label: '状态', cell: (f) => FILING_STATUS[f.status] },
        ]}
      />
    </>
  );
}

/** The open / change / close filing form. */
export function FilingFormPage(p: {
  page: PageContext;
  title: string;
  kind: FilingKind;
  account?: MediaAccount;
  orgs: Org[];
  a?: Partial<AccountFields>;
  note?: string;
  error?: AppError;
}) {
  const { page, title, kind, account, orgs, a, note, error } = p;
  const fields: CrudField[] = [
    ...(kind === 'close' ? [] : accountFields(orgs)),
    {
      kind: 'textarea',
      name: 'note',
      label: kind === 'close' ? '关停理由' : '说明',
      required: kind === 'close',
      maxLength: 2000,
      rows: 4,
    },
  ];
  return (
    <>
      <h1>{title}</h1>
      <CrudForm
        page={page}
        form={{ action: '/admin/media/filings/new', values: { ...(a ?? account), note }, error }}
        fields={fields}
        submit="提交备案"
        cancel="/admin/media"
      >
        <input type="hidden" name="kind" value={kind} />
        {account && <input type="hidden" name="accountId" value={account.id} />}
        <p class="meta">提交后可在备案页面上传备案表、审批件等材料。</p>
      </CrudForm>
    </>
  );
}

/** One filing: what it asks, its documents, upload and review. */
export function FilingPage(p: {
  page: PageContext;
  f: FilingWithDocuments;
  names: Map<number, string>;
  saved: boolean;
  canManage: boolean;
  canApprove: boolean;
  error?: AppError;
}) {
  const { page, f, names, saved, error } = p;
  const fields = f.fields as Partial<AccountFields>;
  return (
    <>
      <h1>
        {FILING_KINDS[f.kind]}（备案 {f.id}）
      </h1>
      {saved && <Notice kind="success">已保存。</Notice>}
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <dl>
        <dt>状态</dt>
        <dd>{FILING_STATUS[f.status]}</dd>
        <dt>单位</dt>
        <dd>{names.get(f.orgId)}</dd>
        {f.accountId && (
          <>
            <dt>账号</dt>
            <dd>
              <a href={`/admin/media/${f.accountId}`}>账号 {f.accountId}</a>
            </dd>
          </>
        )}
        {fields.accountName && (
          <>
            <dt>拟登记信息</dt>
            <dd>
              {PLATFORMS[fields.platform as Platform]}“{fields.accountName}”（{fields.platformAccountId}
              ），{names.get(fields.orgId!)}，运营：{fields.operator}，责任人：{fields.responsiblePerson}，
              {LEVELS[fields.level as Level]}
            </dd>
          </>
        )}
        <dt>说明</dt>
        <dd>{f.note || '—'}</dd>
        <dt>提交</dt>
        <dd>
          {f.submittedBy} {beijingTime(f.submittedAt)}
        </dd>
        {f.decidedAt && (
          <>
            <dt>审核</dt>
            <dd>
              {f.decidedBy} {beijingTime(f.decidedAt)} {f.decisionReason}
            </dd>
          </>
        )}
      </dl>
      <h2>材料</h2>
      <ul>
        {f.documents.map((d) => (
          <li>
            <a href={`/admin/media/documents/${d.id}`}>{d.fileName}</a>{' '}
            <span class="meta">
              {Math.ceil(d.size / 1024)} KB，{d.uploadedBy}
            </span>
          </li>
        ))}
        {f.documents.length === 0 && <li>暂无材料</li>}
      </ul>
      {f.status === 'submitted' && p.canManage && (
        <UploadForm
          page={page}
          action={`/admin/media/filings/${f.id}/documents`}
          label="上传材料（PDF、DOCX、XLSX、PNG、JPG，不超过 10 MB）"
          accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg"
          submit="上传"
          secondary
        />
      )}
      {f.status === 'submitted' && p.canApprove && (
        <section aria-labelledby="decide-h">
          <h2 id="decide-h">审核</h2>
          <form method="post" action={`/admin/media/filings/${f.id}/decision`} novalidate>
            <CsrfField page={page} />
            <TextArea
              label="审核意见（退回时必填）"
              name="reason"
              rows={3}
              maxLength={1000}
              error={error?.fields.reason}
            />
            <div class="actions">
              <button type="submit" name="decision" value="approve">
                通过
              </button>
              <button type="submit" name="decision" value="reject" class="secondary">
                退回
              </button>
            </div>
          </form>
        </section>
      )}
    </>
  );
}

/** The import of update and interaction checks (CSV or XLSX). */
export function ImportPage({ page, error, done }: { page: PageContext; error?: AppError; done?: number }) {
  return (
    <>
      <h1>导入更新情况</h1>
      {done != null && <Notice kind="success">已导入 {done} 条检查记录。</Notice>}
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <p>
        上传 CSV 或 XLSX
        文件，第一行为表头：平台，平台账号ID，检查日期，最近更新日期，互动是否正常，备注。平台填“微信公众号”等名称；日期写作
        2022-03-01；互动填“是”或“否”。任何一行有误则整份文件不导入。
      </p>
      <UploadForm page={page} action="/admin/media/import" label="文件" accept=".csv,.xlsx" submit="导入" />
    </>
  );
}
