/** The org tree's back-office pages: the list and the form. */
import type { AppError } from '../../../errors.ts';
import { CsrfField, ErrorSummary, Field, Notice, Select } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { ORG_KINDS, treeOrder, type Org, type OrgInput } from '../model.ts';

/** Every org in tree order, indented by depth. */
export function OrgList({ orgs, saved }: { orgs: Org[]; saved: boolean }) {
  return (
    <>
      <h1>机关管理</h1>
      {saved && <Notice kind="success">已保存。</Notice>}
      <p class="actions">
        <a class="button" href="/admin/orgs/new">
          新建机关
        </a>
      </p>
      <DataTable
        caption={<>机关树（共 {orgs.length} 个）</>}
        rows={treeOrder(orgs)}
        columns={[
          {
            label: '名称',
            cell: ({ org, depth }) => (
              <>
                {'　'.repeat(depth)}
                {org.name}
                {org.isSample && <span class="meta">（演示数据）</span>}
              </>
            ),
          },
          { label: '简称', cell: ({ org }) => org.shortName },
          { label: '类型', cell: ({ org }) => ORG_KINDS[org.kind] ?? org.kind },
          { label: '代码', cell: ({ org }) => org.code },
          {
            label: '操作',
            cell: ({ org }) => (
              <a href={`/admin/orgs/${org.id}`} aria-label={`编辑 ${org.name}`}>
                编辑
              </a>
            ),
          },
        ]}
      />
    </>
  );
}

/** The form creating or editing an org. */
export function OrgForm({
  page,
  orgs,
  org,
  action,
  error,
}: {
  page: PageContext;
  orgs: Org[];
  org?: Partial<OrgInput>;
  action: string;
  error?: AppError;
}) {
  const parents = [
    { value: '', label: '（无上级）' },
    ...treeOrder(orgs).map(({ org: o, depth }) => ({ value: o.id, label: `${'　'.repeat(depth)}${o.name}` })),
  ];
  return (
    <form method="post" action={action} novalidate>
      <CsrfField page={page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <Field
        label="机关全称"
        name="name"
        value={org?.name}
        required
        error={error?.fields.name}
        maxLength={100}
      />
      <Field
        label="简称"
        name="shortName"
        value={org?.shortName}
        required
        error={error?.fields.shortName}
        hint="文件和台账中常用的名称，如“区发改委”"
        maxLength={50}
      />
      <Field
        label="机关代码"
        name="code"
        value={org?.code}
        required
        error={error?.fields.code}
        hint="统一社会信用代码或本系统内的代码，数字和大写字母"
        maxLength={32}
      />
      <Select
        label="类型"
        name="kind"
        value={org?.kind}
        options={Object.entries(ORG_KINDS).map(([value, label]) => ({ value, label }))}
        error={error?.fields.kind}
      />
      <Select
        label="上级机关"
        name="parentId"
        value={org?.parentId ?? ''}
        options={parents}
        error={error?.fields.parentId}
      />
      <Field
        label="其他称谓"
        name="aliases"
        value={(org?.aliases ?? []).join('、')}
        hint="用顿号分隔，导入台账时用于识别单位名称"
      />
      <Field label="排序" name="sortOrder" type="number" value={org?.sortOrder ?? 0} />
      <fieldset>
        <legend>依申请公开受理机构</legend>
        <Field label="受理地址" name="foiAddress" value={org?.foiDesk?.address} maxLength={200} />
        <Field label="邮政编码" name="foiPostcode" value={org?.foiDesk?.postcode} maxLength={10} />
        <Field label="咨询电话" name="foiPhone" value={org?.foiDesk?.phone} maxLength={50} />
        <Field label="传真" name="foiFax" value={org?.foiDesk?.fax} maxLength={50} />
        <Field
          label="办公时间"
          name="foiHours"
          value={org?.foiDesk?.hours}
          maxLength={100}
          hint="如：工作日 9:00—12:00，13:30—17:00"
        />
        <Field
          label="文书文号格式"
          name="letterNumberPattern"
          value={org?.letterNumberPattern}
          error={error?.fields.letterNumberPattern}
          maxLength={50}
          hint="{year} 为年份，{seq} 为序号，如：某发改依复〔{year}〕{seq}号"
        />
        <Field
          label="复议机关"
          name="reviewBody"
          value={org?.reviewBody}
          maxLength={100}
          hint="留空则按机关树推定：工作部门为本级人民政府，人民政府、乡镇为上一级人民政府，派出机关为设立它的人民政府；垂直管理机构请填写其上一级主管部门"
        />
      </fieldset>
      <div class="actions">
        <button type="submit">保存</button>
        <a href="/admin/orgs">取消</a>
      </div>
    </form>
  );
}
