/** The question form: the public's on the portal, staff's (with channel and zone) in the back office. */
import type { AppError } from '../../../errors.ts';
import { CrudForm, optionsOf, type CrudField } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { ownGovernment, treeOrder, type Org } from '../../org/model.ts';
import { ASKER_KINDS, INQUIRY_CHANNELS } from '../model.ts';
import type { InquiryInput } from '../service.ts';

/** Org choices, indented by depth under the top government. */
export const orgOptions = (orgs: Org[], placeholder: string) => [
  { value: '', label: placeholder },
  ...treeOrder(orgs).map(({ org, depth }) => ({
    value: org.id,
    label: `${'　'.repeat(Math.max(0, depth - 1))}${org.name}`,
  })),
];

/** The form that asks a question (portal) or registers one taken at a window or by phone (staff). */
export function AskForm({
  page,
  orgs,
  input,
  error,
  action,
  staff,
}: {
  page: PageContext;
  orgs: Org[];
  input?: Partial<InquiryInput>;
  error?: AppError;
  action: string;
  staff?: { zones: { id: number; name: string }[] };
}) {
  const fields: CrudField[] = [
    {
      kind: 'select',
      name: 'askerKind',
      label: '咨询人类型',
      default: 'person',
      options: optionsOf(ASKER_KINDS),
    },
    { name: 'askerName', label: '姓名或单位名称', required: true, maxLength: 100, autocomplete: 'name' },
    {
      name: 'contact',
      label: '联系电话或电子邮箱',
      required: true,
      maxLength: 100,
      hint: '仅用于答复联系，不会公开',
      autocomplete: 'tel',
    },
    {
      kind: 'select',
      name: 'orgId',
      label: '咨询单位',
      required: true,
      hint: `不确定由哪个单位负责时，选择“${ownGovernment(orgs)?.name ?? page.site.name}”，由政务公开办分办`,
      options: orgOptions(orgs, '请选择'),
    },
    { name: 'title', label: '咨询标题', required: true, maxLength: 100 },
    {
      kind: 'textarea',
      name: 'question',
      label: '咨询内容',
      required: true,
      maxLength: 5000,
      hint: '请写明想了解的政策和您的具体情况；请勿填写身份证号码等个人敏感信息',
    },
  ];
  if (staff)
    fields.push(
      {
        kind: 'select',
        name: 'channel',
        label: '咨询渠道',
        default: 'window',
        options: [
          { value: 'window', label: INQUIRY_CHANNELS.window },
          { value: 'phone', label: INQUIRY_CHANNELS.phone },
        ],
      },
      {
        kind: 'select',
        name: 'zoneId',
        label: '专区',
        options: [
          { value: '', label: '（不在专区）' },
          ...staff.zones.map((z) => ({ value: z.id, label: z.name })),
        ],
      },
    );
  return <CrudForm page={page} form={{ action, values: input, error }} fields={fields} submit="提交咨询" />;
}
