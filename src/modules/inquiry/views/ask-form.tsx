/** The question form: the public's on the portal, staff's (with channel and zone) in the back office. */
import type { AppError } from '../../../errors.ts';
import { CsrfField, ErrorSummary, Field, Select, TextArea } from '../../../web/components.tsx';
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
  const e = error?.fields ?? {};
  return (
    <form method="post" action={action} novalidate>
      <CsrfField page={page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <Select
        label="咨询人类型"
        name="askerKind"
        value={input?.askerKind ?? 'person'}
        options={Object.entries(ASKER_KINDS).map(([value, label]) => ({ value, label }))}
        error={e.askerKind}
      />
      <Field
        label="姓名或单位名称"
        name="askerName"
        value={input?.askerName}
        required
        maxLength={100}
        error={e.askerName}
        autocomplete="name"
      />
      <Field
        label="联系电话或电子邮箱"
        name="contact"
        value={input?.contact}
        required
        maxLength={100}
        error={e.contact}
        hint="仅用于答复联系，不会公开"
        autocomplete="tel"
      />
      <Select
        label="咨询单位"
        name="orgId"
        value={input?.orgId ?? ''}
        required
        error={e.orgId}
        hint={`不确定由哪个单位负责时，选择“${ownGovernment(orgs)?.name ?? page.site.name}”，由政务公开办分办`}
        options={orgOptions(orgs, '请选择')}
      />
      <Field label="咨询标题" name="title" value={input?.title} required maxLength={100} error={e.title} />
      <TextArea
        label="咨询内容"
        name="question"
        value={input?.question}
        required
        maxLength={5000}
        error={e.question}
        hint="请写明想了解的政策和您的具体情况；请勿填写身份证号码等个人敏感信息"
      />
      {staff && (
        <>
          <Select
            label="咨询渠道"
            name="channel"
            value={input?.channel ?? 'window'}
            options={[
              { value: 'window', label: INQUIRY_CHANNELS.window },
              { value: 'phone', label: INQUIRY_CHANNELS.phone },
            ]}
            error={e.channel}
          />
          <Select
            label="专区"
            name="zoneId"
            value={input?.zoneId ?? ''}
            options={[
              { value: '', label: '（不在专区）' },
              ...staff.zones.map((z) => ({ value: z.id, label: z.name })),
            ]}
            error={e.zoneId}
          />
        </>
      )}
      <div class="actions">
        <button type="submit">提交咨询</button>
      </div>
    </form>
  );
}
