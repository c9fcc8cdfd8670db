/**
 * The applicant's part of an application form (public form and the counter's register form) and
 * the public form's "check your answers" page (确认信息). Work without JavaScript: the check page
 * carries every answer in hidden fields, and 「返回修改」 posts them back to the form.
 */
import { chineseDate } from '../../../lib/time.ts';
import { CsrfField, Field, Select } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { Org } from '../../org/model.ts';
import { ID_TYPES, idTypeLabel } from '../applicant.ts';
import { DELIVERY_METHODS, PREFERRED_FORMS } from '../model.ts';
import { APPLICANT_TYPES } from '../outcomes.ts';

export type FormValues = Partial<Record<string, string>>;

const opts = (o: Record<string, string>, empty?: string) => [
  ...(empty ? [{ value: '', label: empty }] : []),
  ...Object.entries(o).map(([value, label]) => ({ value, label })),
];

/** Who applies: type, name, identity document (or credit code), 法定代表人 and 联系人 for organisations, contact. */
export function ApplicantFieldset({
  values,
  fields,
  legend = '申请人信息',
  autocomplete = true,
}: {
  values: FormValues;
  fields: Record<string, string>;
  legend?: string;
  autocomplete?: boolean;
}) {
  const f = fields;
  return (
    <fieldset>
      <legend>{legend}</legend>
      <Select
        label="申请人类型"
        name="applicantType"
        value={values.applicantType || 'natural'}
        options={opts(APPLICANT_TYPES)}
        required
        error={f.applicantType}
        hint="自然人，或法人及其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）"
      />
      <Field
        label="姓名或单位名称"
        name="applicantName"
        value={values.applicantName}
        required
        error={f.applicantName}
        maxLength={100}
        autocomplete={autocomplete ? 'name' : undefined}
      />
      <Select
        label="证件类型（自然人填写）"
        name="idType"
        value={values.idType || 'resident'}
        options={opts(ID_TYPES)}
        error={f.idType}
        hint="单位申请时不选，填写统一社会信用代码"
      />
      <Field
        label="证件号码或统一社会信用代码"
        name="idNumber"
        value={values.idNumber}
        required
        error={f.idNumber}
        hint="居民身份证 18 位；护照 5–17 位字母和数字；港澳通行证 H 或 M 加 8 位数字；台湾通行证 8 位数字；外国人永久居留身份证 18 位（旧证 15 位）；单位填写 18 位统一社会信用代码"
        maxLength={30}
      />
      <Field
        label="法定代表人或负责人（单位填写）"
        name="legalRepresentative"
        value={values.legalRepresentative}
        error={f.legalRepresentative}
        maxLength={50}
      />
      <Field
        label="联系人（单位填写）"
        name="contactPerson"
        value={values.contactPerson}
        error={f.contactPerson}
        maxLength={50}
      />
      <Field
        label="联系电话"
        name="phone"
        type="tel"
        value={values.phone}
        required
        error={f.phone}
        hint="手机号码或带区号的固定电话"
        maxLength={30}
        autocomplete={autocomplete ? 'tel' : undefined}
      />
      <Field
        label="通信地址"
        name="address"
        value={values.address}
        error={f.address}
        hint="选择邮寄方式时必填"
        maxLength={200}
        autocomplete={autocomplete ? 'street-address' : undefined}
      />
      <Field
        label="电子邮箱"
        name="email"
        type="email"
        value={values.email}
        error={f.email}
        hint="选择电子邮件方式时必填；填写后回执会发送到该邮箱"
        maxLength={200}
        autocomplete={autocomplete ? 'email' : undefined}
      />
    </fieldset>
  );
}

/** The public form's fields, in order, as the check page lists and carries them. */
export const APPLY_FIELDS = [
  'applicantType',
  'applicantName',
  'idType',
  'idNumber',
  'legalRepresentative',
  'contactPerson',
  'phone',
  'address',
  'email',
  'orgId',
  'description',
  'docNumber',
  'docTitle',
  'preferredForm',
  'delivery',
] as const;

/** An identity number on the check page: enough to spot a typo, without showing it whole to a passer-by. */
const masked = (s: string) =>
  s.length > 8 ? `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}` : s;

/**
 * 确认信息: the answers as they will be submitted (already normalised by the validator), with
 * 「确认提交」 and 「返回修改」. The inputs travel in hidden fields; nothing is stored yet.
 */
export function ApplyCheckPage({
  page,
  values,
  shown,
  orgs,
  formToken,
  today,
}: {
  page: PageContext;
  values: FormValues;
  shown: FormValues;
  orgs: Org[];
  formToken: string;
  today: string;
}) {
  const org = orgs.find((o) => String(o.id) === values.orgId);
  const natural = (shown.applicantType || 'natural') === 'natural';
  const rows: [string, string | undefined][] = [
    ['申请人类型', APPLICANT_TYPES[shown.applicantType as keyof typeof APPLICANT_TYPES]],
    [natural ? '姓名' : '单位名称', shown.applicantName],
    [idTypeLabel(shown.idType ?? ''), masked(shown.idNumber ?? '')],
    ...(!natural
      ? ([
          ['法定代表人或负责人', shown.legalRepresentative],
          ['联系人', shown.contactPerson || '—'],
        ] as [string, string][])
      : []),
    ['联系电话', shown.phone],
    ['通信地址', shown.address || '—'],
    ['电子邮箱', shown.email || '—'],
    ['受理机关', org?.name],
    ['所需信息的内容描述', shown.description],
    ['文号', shown.docNumber || '—'],
    ['文件标题', shown.docTitle || '—'],
    ['信息的载体形式', PREFERRED_FORMS[shown.preferredForm as keyof typeof PREFERRED_FORMS] ?? '不指定'],
    ['获取信息的方式', DELIVERY_METHODS[shown.delivery as keyof typeof DELIVERY_METHODS] ?? '不指定'],
  ];
  return (
    <>
      <h1>请核对申请信息</h1>
      <p>
        申请尚未提交。请核对以下信息，无误后点击“确认提交”；需要修改时点击“返回修改”，已填写的内容会保留。
      </p>
      <dl class="foi-receipt foi-check">
        {rows.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
        <dt>提交日期</dt>
        <dd>{chineseDate(today)}</dd>
      </dl>
      <form method="post" action="/ysqgk/apply">
        <CsrfField page={page} />
        <input type="hidden" name="formToken" value={formToken} />
        {APPLY_FIELDS.map((k) => (
          <input type="hidden" name={k} value={values[k] ?? ''} />
        ))}
        <div class="actions">
          <button type="submit" name="step" value="submit">
            确认提交
          </button>{' '}
          <button type="submit" name="step" value="edit" class="secondary">
            返回修改
          </button>
        </div>
      </form>
    </>
  );
}
