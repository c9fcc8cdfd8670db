/** 政务新媒体 accounts in the back office: the list, the direct form, one account with its checks and filings. */
import type { AppError } from '../../../errors.ts';
import { beijingTime, Notice } from '../../../web/components.tsx';
import { CrudForm, yesNo, type CrudField, type FormState } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import type { Org } from '../../org/model.ts';
import {
  ACCOUNT_STATUS,
  FILING_KINDS,
  FILING_STATUS,
  FRESHNESS_FLAGS,
  LEVELS,
  PLATFORMS,
  type AccountFields,
  type MediaAccount,
} from '../model.ts';
import type { AccountWithFreshness, MediaCheck, MediaFiling } from '../service.ts';
import { accountFields, FreshnessCell } from './parts.tsx';

/** /admin/media: the accounts in the actor's orgs with their freshness. */
export function AccountList(p: {
  accounts: MediaAccount[];
  names: Map<number, string>;
  today: string;
  saved: boolean;
  canManage: boolean;
  canApprove: boolean;
}) {
  const { accounts, names, today, saved } = p;
  return (
    <>
      <h1>政务新媒体</h1>
      {saved && <Notice kind="success">已保存。</Notice>}
      <p class="actions">
        {p.canManage && (
          <a class="button" href="/admin/media/filings/new">
            提交开设备案
          </a>
        )}
        <a href="/admin/media/filings">备案审核记录</a>
        {p.canManage && <a href="/admin/media/import">导入更新情况</a>}
        {p.canApprove && <a href="/admin/media/new">直接登记账号</a>}
      </p>
      <p class="meta">按国办秘函〔2019〕19号，政务新媒体监测前 2 周内无更新、互动功能不可用属单项否决。</p>
      <DataTable
        caption={<>账号（共 {accounts.length} 个）</>}
        rows={accounts}
        columns={[
          { label: '平台', cell: (a) => PLATFORMS[a.platform] },
          {
            label: '账号名称',
            rowHeader: true,
            cell: (a) => (
              <>
                <a href={`/admin/media/${a.id}`}>{a.accountName}</a>
                {a.isSample && <span class="meta">（演示数据）</span>}
              </>
            ),
          },
          { label: '主办单位', cell: (a) => names.get(a.orgId) },
          { label: '状态', cell: (a) => ACCOUNT_STATUS[a.status] },
          { label: '最近更新', date: true, cell: (a) => a.lastUpdateDate ?? '未登记' },
          { label: '检查结果', cell: (a) => <FreshnessCell a={a} today={today} /> },
        ]}
      />
    </>
  );
}

/** The direct account form (openness office). */
export function AccountForm({
  page,
  form,
  orgs,
}: {
  page: PageContext;
  form: FormState<AccountFields>;
  orgs: Org[];
}) {
  return <CrudForm page={page} form={form} fields={accountFields(orgs)} cancel="/admin/media" />;
}

/** The form recording a check of an account's updates and interaction. */
const CHECK_FIELDS: CrudField[] = [
  { kind: 'date', name: 'checkedOn', label: '检查日期', required: true },
  { kind: 'date', name: 'lastUpdateDate', label: '账号最近一次发布内容的日期', required: true },
  {
    kind: 'select',
    name: 'interactionOk',
    label: '留言、私信等互动功能',
    default: '1',
    options: yesNo('正常', '不可用'),
  },
  { name: 'note', label: '备注', maxLength: 500 },
];

/** One account: details, the check form, its checks and filings. */
export function AccountPage(p: {
  page: PageContext;
  a: MediaAccount;
  checks: MediaCheck[];
  filings: MediaFiling[];
  names: Map<number, string>;
  today: string;
  saved: boolean;
  canManage: boolean;
  canApprove: boolean;
  error?: AppError;
  check?: Record<string, string>;
}) {
  const { page, a, checks, filings, names, today, saved, error, check } = p;
  return (
    <>
      <h1>{a.accountName}</h1>
      {saved && <Notice kind="success">已保存。</Notice>}
      <dl>
        <dt>平台</dt>
        <dd>{PLATFORMS[a.platform]}</dd>
        <dt>平台账号 ID</dt>
        <dd>{a.platformAccountId}</dd>
        <dt>主办单位</dt>
        <dd>{names.get(a.orgId)}</dd>
        <dt>运营单位或运营人</dt>
        <dd>{a.operator}</dd>
        <dt>责任人</dt>
        <dd>{a.responsiblePerson}</dd>
        <dt>级别</dt>
        <dd>{LEVELS[a.level]}</dd>
        <dt>状态</dt>
        <dd>{ACCOUNT_STATUS[a.status]}</dd>
        <dt>检查结果</dt>
        <dd>
          <FreshnessCell a={a} today={today} />
        </dd>
      </dl>
      {a.status === 'active' && (
        <p class="actions">
          {p.canManage && <a href={`/admin/media/filings/new?kind=change&accountId=${a.id}`}>提交变更备案</a>}
          {p.canManage && <a href={`/admin/media/filings/new?kind=close&accountId=${a.id}`}>提交关停备案</a>}
          {p.canApprove && <a href={`/admin/media/${a.id}/edit`}>直接修改</a>}
        </p>
      )}
      {a.status === 'active' && p.canManage && (
        <section aria-labelledby="check-h">
          <h2 id="check-h">登记更新和互动情况</h2>
          <CrudForm
            page={page}
            form={{ action: `/admin/media/${a.id}/checks`, values: { checkedOn: today, ...check }, error }}
            fields={CHECK_FIELDS}
            submit="登记"
          />
        </section>
      )}
      <DataTable
        caption="检查记录"
        rows={checks}
        columns={[
          { label: '检查日期', date: true, cell: (c) => c.checkedOn },
          { label: '最近更新', date: true, cell: (c) => c.lastUpdateDate },
          { label: '互动', cell: (c) => (c.interactionOk ? '正常' : '不可用') },
          { label: '备注', cell: (c) => c.note },
          { label: '登记人', cell: (c) => c.recordedBy },
        ]}
      />
      <DataTable
        caption="备案记录"
        rows={filings}
        columns={[
          {
            label: '类型',
            rowHeader: true,
            cell: (f) => <a href={`/admin/media/filings/${f.id}`}>{FILING_KINDS[f.kind]}</a>,
          },
          {
            label: '提交',
            cell: (f) => (
              <>
                {f.submittedBy} {beijingTime(f.submittedAt)}
              </>
            ),
          },
          { label: '状态', cell: (f) => FILING_STATUS[f.status] },
          { label: '审核意见', cell: (f) => f.decisionReason },
        ]}
      />
    </>
  );
}

/** The back-office home panel: accounts failing a freshness rule and filings awaiting review. */
export function MediaPanel(p: {
  list: AccountWithFreshness[];
  failing: AccountWithFreshness[];
  pending: number;
  canApprove: boolean;
}) {
  const { list, failing, pending } = p;
  return (
    <section class="card" aria-labelledby="media-panel">
      <h2 id="media-panel">政务新媒体</h2>
      <p>
        运营中 {list.length} 个，
        <span class={failing.length ? 'status-bad' : 'status-ok'}>需整改 {failing.length} 个</span>
        {p.canApprove && <>，待审核备案 {pending} 件</>}。
      </p>
      <ul class="link-list">
        {failing.slice(0, 5).map(({ account, freshness }) => (
          <li>
            <a href={`/admin/media/${account.id}`}>{account.accountName}</a>
            <span class="status-bad">{freshness.flags.map((f) => FRESHNESS_FLAGS[f]).join('；')}</span>
          </li>
        ))}
      </ul>
      <p>
        <a href="/admin/media">查看全部账号</a>
      </p>
    </section>
  );
}
