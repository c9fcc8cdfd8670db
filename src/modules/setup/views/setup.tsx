/** The setup pages' content: the form and the report of what was set up. */
import type { AppError } from '../../../errors.ts';
import { Notice } from '../../../web/components.tsx';
import { CHOOSE, CrudForm, optionsOf, type CrudField } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { ROLES, THREE_ADMIN_ROLES } from '../../auth/permissions.ts';
import { ORG_COLUMNS, KIND_WORDS } from '../../org/xlsx.ts';
import { SITE_FIELDS, SITE_LEVELS } from '../../portal/model.ts';
import type { SetupReport } from '../service.ts';

/** The site's identity on the setup form. */
const SITE_FORM: CrudField[] = [
  {
    name: 'name',
    label: SITE_FIELDS.name,
    required: true,
    maxLength: 50,
    hint: '显示在每个页面的顶部，如“某县人民政府”',
  },
  {
    name: 'sponsor',
    label: SITE_FIELDS.sponsor,
    required: true,
    maxLength: 100,
    hint: '如“某县人民政府办公室”',
  },
  { name: 'siteCode', label: SITE_FIELDS.siteCode, maxLength: 10, hint: '10 位数字，见政府网站管理系统' },
  { name: 'icp', label: SITE_FIELDS.icp, maxLength: 100 },
  { name: 'psb', label: SITE_FIELDS.psb, maxLength: 100 },
  { name: 'contact', label: SITE_FIELDS.contact, maxLength: 100, hint: '网站页脚显示的联系电话或电子邮箱' },
  { kind: 'select', name: 'level', label: SITE_FIELDS.level, options: [CHOOSE, ...optionsOf(SITE_LEVELS)] },
  {
    name: 'parentGovernment',
    label: SITE_FIELDS.parentGovernment,
    maxLength: 100,
    hint: '如“某市人民政府”；本级人民政府的行政复议机关',
  },
  {
    name: 'numberPrefix',
    label: SITE_FIELDS.numberPrefix,
    maxLength: 8,
    hint: '2 至 8 个英文字母，用在申请编号中，如 YSQ（2026-YSQ-00001）；不填则为 YSQ',
  },
];

/** One account per 三员 role on the setup form, each under its role's name. */
const ADMIN_FORM: CrudField[] = THREE_ADMIN_ROLES.map((role) => ({
  kind: 'fieldset',
  legend: ROLES[role],
  fields: [
    { name: `${role}.username`, label: '用户名', required: true, maxLength: 32, autocomplete: 'off' },
    { name: `${role}.displayName`, label: '姓名', required: true, maxLength: 50 },
    {
      kind: 'password',
      name: `${role}.password`,
      label: '密码',
      required: true,
      maxLength: 200,
      autocomplete: 'new-password',
    },
  ],
}));

/** The org tree on the setup form: an uploaded table, or lines typed in. */
const ORG_FORM: CrudField[] = [
  {
    kind: 'part',
    content: (
      <p>
        上传机关表（<a href="/setup/orgs-template.xlsx">下载 Excel 模板</a>
        ），或在下面逐行填写。列依次为：{ORG_COLUMNS.map(([, h]) => h).join('｜')}。类型为：
        {Object.values(KIND_WORDS)
          .map((w) => w[0])
          .join('、')}
        。
      </p>
    ),
  },
  {
    kind: 'file',
    name: 'orgFile',
    label: '机关表（.xlsx）',
    accept: '.xlsx',
    hint: '上传文件时以文件为准，下面填写的内容不再使用',
  },
  {
    kind: 'textarea',
    name: 'orgLines',
    label: '逐行填写机关',
    rows: 8,
    maxLength: 100000,
    hint: '每行一个机关，用“｜”分隔各列，不需要的列可留空，如：某县人民政府｜县政府｜｜人民政府｜',
  },
  {
    name: 'adminOrg',
    label: '三员账号和信息公开栏目所属机关',
    maxLength: 100,
    hint: '填写表中机关的全称；留空时为本级人民政府',
  },
];

/** The one setup form: site identity, the 三员 accounts, the org tree (typed in or uploaded). */
export function SetupForm({
  page,
  token,
  values,
  error,
  policyHint,
}: {
  page: PageContext;
  token: string;
  values: Record<string, string>;
  error?: AppError;
  policyHint: string;
}) {
  const e = error?.fields ?? {};
  return (
    <>
      <h1>初始设置</h1>
      <p>
        欢迎使用政务公开平台。请填写本单位网站的基本信息，创建“三员”账号，并导入机关树。提交后系统会创建标准的政府信息公开目录栏目（内容为空）。初始设置只能进行一次。
      </p>
      <CrudForm
        page={page}
        form={{
          action: `/setup?token=${encodeURIComponent(token)}`,
          values,
          error,
          // The org table's messages come as `file` and `orgs`, the names of its two sources.
          errors: { ...e, orgFile: e.file, orgLines: e.orgs },
        }}
        fields={setupFields(policyHint)}
        submit="完成初始设置"
        multipart
      />
    </>
  );
}

/** The whole setup form: the site, the three accounts, the org tree. */
const setupFields = (policyHint: string): CrudField[] => [
  { kind: 'fieldset', legend: '网站信息', fields: SITE_FORM },
  {
    kind: 'fieldset',
    legend: '“三员”账号',
    fields: [
      {
        kind: 'part',
        content: (
          <p class="hint">
            系统管理员、安全管理员、审计管理员须由三个不同的账号担任。密码要求：{policyHint}。
          </p>
        ),
      },
      ...ADMIN_FORM,
    ],
  },
  { kind: 'fieldset', legend: '机关树', fields: ORG_FORM },
];

/** What setup did, and what to do next. */
export function SetupDone({ report }: { report: SetupReport }) {
  return (
    <>
      <h1>初始设置已完成</h1>
      <Notice kind="success">
        网站“{report.site.name}”已建立：{report.orgs} 个机关，{report.columns}{' '}
        个政府信息公开栏目（内容为空）。
      </Notice>
      <h2>已创建的账号</h2>
      <ul>
        {report.accounts.map((a) => (
          <li>
            {a.role}：{a.username}
          </li>
        ))}
      </ul>
      <p>请由安全管理员登录后，为各单位创建信息员、审核人、承办人等账号。</p>
      <h2>工作日历</h2>
      <ul>
        {report.calendar.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <p>
        <a href="/login">登录后台</a>
      </p>
    </>
  );
}
