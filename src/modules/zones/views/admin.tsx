/** 政务公开专区 in the back office: the registry, the zone form and a zone's consultation log. */
import type { AppError } from '../../../errors.ts';
import { Notice } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { orgOptions, type Org } from '../../org/model.ts';
import { CHOOSE, CrudForm, optionsOf, yesNo, type CrudField, type FormState } from '../../../web/crud.tsx';
import {
  ZONE_CHANNELS,
  ZONE_SERVICES,
  type ServiceZone,
  type ZoneConsultation,
  type ZoneFields,
} from '../model.ts';

/** The registry of zones (/admin/zones). */
export function ZoneList(p: { zones: ServiceZone[]; orgNames: Map<number, string>; canManage: boolean }) {
  return (
    <>
      <h1>政务公开专区</h1>
      {p.canManage && (
        <p class="actions">
          <a class="button" href="/admin/zones/new">
            新建专区
          </a>
        </p>
      )}
      <DataTable
        caption={<>专区（共 {p.zones.length} 个）</>}
        rows={p.zones}
        columns={[
          { label: '名称', rowHeader: true, cell: (z) => <a href={`/admin/zones/${z.id}`}>{z.name}</a> },
          { label: '单位', cell: (z) => p.orgNames.get(z.orgId) },
          { label: '地址', cell: (z) => z.address },
          { label: '状态', cell: (z) => (z.active ? '开放' : '停用') },
        ]}
      />
    </>
  );
}

/** The zone form's fields. */
const zoneFields = (orgs: Org[]): CrudField[] => [
  { name: 'name', label: '专区名称', required: true, maxLength: 100 },
  {
    kind: 'select',
    name: 'orgId',
    label: '所属单位',
    required: true,
    options: [CHOOSE, ...orgOptions(orgs)],
  },
  { name: 'address', label: '地址', required: true, maxLength: 200 },
  {
    name: 'hours',
    label: '开放时间',
    required: true,
    maxLength: 200,
    hint: '如：工作日 9:00–12:00，13:30–17:00',
  },
  { name: 'phone', label: '咨询电话', required: true, maxLength: 40 },
  {
    kind: 'checkboxes',
    name: 'services',
    label: '服务项目',
    required: true,
    options: optionsOf(ZONE_SERVICES),
  },
  { kind: 'select', name: 'active', label: '状态', default: '1', options: yesNo('开放', '停用') },
];

/** The form that creates or edits a zone; `form.error` carries the field messages of a refused post. */
export function ZoneForm({
  page,
  form,
  orgs,
}: {
  page: PageContext;
  form: FormState<ZoneFields>;
  orgs: Org[];
}) {
  return <CrudForm page={page} form={form} fields={zoneFields(orgs)} cancel="/admin/zones" />;
}

/** What the consultation form holds when it is shown again with errors. */
export interface ConsultationForm {
  date: string;
  topic: string;
  channel: string;
  answered: string;
}

/** The form logging a consultation at a zone, dated today unless changed. */
const consultationFields = (today: string): CrudField[] => [
  { kind: 'date', name: 'date', label: '日期', required: true, default: today },
  { name: 'topic', label: '咨询事项', required: true, maxLength: 200 },
  { kind: 'select', name: 'channel', label: '方式', default: 'window', options: optionsOf(ZONE_CHANNELS) },
  {
    kind: 'select',
    name: 'answered',
    label: '是否当场解答',
    default: '1',
    options: yesNo('已当场解答', '未能当场解答'),
  },
];

/** One zone: its details, the form that logs a consultation, and the log. */
export function ZonePage(p: {
  page: PageContext;
  zone: ServiceZone;
  log: ZoneConsultation[];
  today: string;
  saved: boolean;
  canManage: boolean;
  error?: AppError;
  form?: ConsultationForm;
}) {
  const { zone: z, form, error } = p;
  return (
    <>
      <h1>{z.name}</h1>
      {p.saved && <Notice kind="success">已保存。</Notice>}
      <p>
        {z.address}；{z.hours}；{z.phone}；{z.services.map((s) => ZONE_SERVICES[s]).join('、')}
      </p>
      <p class="actions">
        {z.services.includes('foi_intake') && (
          <a class="button" href={`/admin/foi/register?channel=in_person&zone=${z.id}`}>
            登记当面提交的政府信息公开申请
          </a>
        )}
        <a href={`/admin/inquiries/new?zoneId=${z.id}`}>登记政策咨询（需答复的）</a>
        {p.canManage && <a href={`/admin/zones/${z.id}/edit`}>修改专区</a>}
      </p>
      <section aria-labelledby="log-h">
        <h2 id="log-h">登记咨询</h2>
        <CrudForm
          page={p.page}
          form={{ action: `/admin/zones/${z.id}/consultations`, values: { ...form }, error }}
          fields={consultationFields(p.today)}
          submit="登记"
        />
      </section>
      <DataTable
        caption={<>咨询登记（最近 {p.log.length} 条）</>}
        rows={p.log}
        columns={[
          { label: '日期', date: true, cell: (c) => c.date },
          { label: '事项', rowHeader: true, cell: (c) => c.topic },
          { label: '方式', cell: (c) => ZONE_CHANNELS[c.channel] },
          { label: '解答', cell: (c) => (c.answered ? '已解答' : '未解答') },
          { label: '登记人', cell: (c) => c.recordedBy },
        ]}
      />
    </>
  );
}
