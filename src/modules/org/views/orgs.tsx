/** The org tree's back-office pages: the list and the form. */
import { Notice } from '../../../web/components.tsx';
import { CrudForm, optionsOf, type CrudField, type FormState } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { ORG_KINDS, orgOptions, treeOrder, type Org, type OrgInput } from '../model.ts';

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

/** An org as the form's values: aliases in one box, the FOI desk's fields flat. */
const orgValues = ({ aliases, foiDesk, ...org }: Partial<OrgInput> = {}) => ({
  ...org,
  aliases: (aliases ?? []).join('、'),
  foiAddress: foiDesk?.address,
  foiPostcode: foiDesk?.postcode,
  foiPhone: foiDesk?.phone,
  foiFax: foiDesk?.fax,
  foiHours: foiDesk?.hours,
});

/** The form creating or editing an org. */
export function OrgForm({ page, form, orgs }: { page: PageContext; form: FormState<OrgInput>; orgs: Org[] }) {
  const fields: CrudField[] = [
    { name: 'name', label: '机关全称', required: true, maxLength: 100 },
    {
      name: 'shortName',
      label: '简称',
      required: true,
      hint: '文件和台账中常用的名称，如“区发改委”',
      maxLength: 50,
    },
    {
      name: 'code',
      label: '机关代码',
      required: true,
      hint: '统一社会信用代码或本系统内的代码，数字和大写字母',
      maxLength: 32,
    },
    { kind: 'select', name: 'kind', label: '类型', options: optionsOf(ORG_KINDS) },
    {
      kind: 'select',
      name: 'parentId',
      label: '上级机关',
      options: [{ value: '', label: '（无上级）' }, ...orgOptions(orgs)],
    },
    { name: 'aliases', label: '其他称谓', hint: '用顿号分隔，导入台账时用于识别单位名称' },
    { kind: 'number', name: 'sortOrder', label: '排序', default: 0 },
    {
      kind: 'fieldset',
      legend: '依申请公开受理机构',
      fields: [
        { name: 'foiAddress', label: '受理地址', maxLength: 200 },
        { name: 'foiPostcode', label: '邮政编码', maxLength: 10 },
        { name: 'foiPhone', label: '咨询电话', maxLength: 50 },
        { name: 'foiFax', label: '传真', maxLength: 50 },
        { name: 'foiHours', label: '办公时间', maxLength: 100, hint: '如：工作日 9:00—12:00，13:30—17:00' },
        {
          name: 'letterNumberPattern',
          label: '文书文号格式',
          maxLength: 50,
          hint: '{year} 为年份，{seq} 为序号，如：某发改依复〔{year}〕{seq}号',
        },
        {
          name: 'reviewBody',
          label: '复议机关',
          maxLength: 100,
          hint: '留空则按机关树推定：工作部门为本级人民政府，人民政府、乡镇为上一级人民政府，派出机关为设立它的人民政府；垂直管理机构请填写其上一级主管部门',
        },
      ],
    },
  ];
  return (
    <CrudForm
      page={page}
      form={{ ...form, values: orgValues(form.values) }}
      fields={fields}
      cancel="/admin/orgs"
    />
  );
}
