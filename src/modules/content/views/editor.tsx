/** The item editor: the type chooser and the one form for every type. */
import type { AppError } from '../../../errors.ts';
import { CsrfField, ErrorSummary, Field, Select, TextArea } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { Org } from '../../org/model.ts';
import {
  dataTableText,
  INTERP_FORMS,
  INTERP_POINTS,
  ITEM_KINDS,
  SOURCES,
  VALIDITIES,
  type InterpPoint,
  type PolicyMeta,
} from '../model.ts';
import type { Column, Item, ItemSummary, Topic } from '../model.ts';
import { CheckboxGroup, RadioGroup } from './parts.tsx';
import { columnTree } from './admin-list.tsx';

export interface ItemFormValues {
  kind?: string;
  title?: string;
  body?: string;
  orgId?: number | null;
  source?: string;
  origin?: string | null;
  formationDate?: string | null;
  docNumber?: string | null;
  columnIds?: number[];
  topicKeys?: string[];
  interprets?: number[];
  interpForm?: string | null;
  interpPoints?: Partial<Record<InterpPoint, string>>;
  dataTableText?: string;
  policy?: Partial<PolicyMeta>;
}

export function itemFormValues(item: Item): ItemFormValues {
  return {
    kind: item.kind,
    title: item.title,
    body: item.body,
    orgId: item.orgId,
    source: item.source,
    origin: item.origin,
    formationDate: item.formationDate,
    docNumber: item.docNumber,
    columnIds: item.columnIds,
    topicKeys: item.topics.map((t) => `${t.topicId}:${t.sectionId ?? ''}`),
    interprets: item.interprets,
    interpForm: item.interpForm,
    interpPoints: item.interpPoints,
    dataTableText: dataTableText(item.dataTable),
    policy: item.policy ?? undefined,
  };
}

/**
 * The item form, by type (server-rendered for the chosen type, no JavaScript needed): every type has
 * title, body, org, source and dates; a 政策文件 adds 索引号, 成文日期, 发布机构, 主题分类, 文号 and 有效性;
 * a 政策解读 the policies it explains, its form and the seven points; a 数据表格 the table. Columns,
 * topics and the rarely used fields sit in <details>, so a plain news item fits on one laptop screen.
 */
export function ItemForm(props: {
  page: PageContext;
  action: string;
  values: ItemFormValues;
  orgs: Org[];
  columns: Column[];
  topics: Topic[];
  policies: ItemSummary[];
  subjects: readonly string[];
  indexExample: string;
  error?: AppError;
}) {
  const { values: v, error } = props;
  const f = error?.fields ?? {};
  const kind = (v.kind && v.kind in ITEM_KINDS ? v.kind : 'article') as keyof typeof ITEM_KINDS;
  const chosen = (v.columnIds ?? []).length;
  const placeFieldsWrong = !!(f.columnIds || f.topics);
  const moreWrong = !!(f.origin || f.docNumber);
  return (
    <form method="post" action={props.action} novalidate class="item-form">
      <CsrfField page={props.page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <input type="hidden" name="kind" value={kind} />
      <p>
        内容类型：<strong>{ITEM_KINDS[kind]}</strong> <a href={`${props.action}?choose=1`}>更换类型</a>
      </p>
      <Field label="标题" name="title" value={v.title} required maxLength={200} error={f.title} />
      <div class="item-body-field">
        <TextArea
          label="正文"
          name="body"
          value={v.body}
          rows={kind === 'article' || kind === 'notice' ? 5 : 12}
          error={f.body}
          hint="可直接粘贴 Word/WPS 中的文字或上传 .docx（保存后在稿件页）；只保留段落、标题、列表、表格、链接和图片等安全格式"
          richText
        />
      </div>
      <script type="module" src="/static/editor.js" />
      {/* Side by side on a laptop screen, one under another on a phone. */}
      <div class="form-row">
        <Select
          label="发布单位"
          name="orgId"
          value={v.orgId ?? ''}
          options={props.orgs.map((o) => ({ value: o.id, label: o.name }))}
          error={f.orgId}
        />
        <RadioGroup
          legend="来源"
          name="source"
          value={v.source ?? 'original'}
          options={Object.entries(SOURCES).map(([value, label]) => ({ value, label }))}
          error={f.source}
        />
        <Field
          label="信息形成（变更）日期"
          name="formationDate"
          type="date"
          value={v.formationDate}
          error={f.formationDate}
          hint="条例第二十六条：20 个工作日内公开"
        />
      </div>
      {kind === 'policy' && (
        <fieldset>
          <legend>政策文件信息</legend>
          <Field
            label="索引号"
            name="indexNumber"
            value={v.policy?.indexNumber}
            error={f.indexNumber}
            maxLength={60}
            hint={`留空则保存时按本站规则生成，如 ${props.indexExample}；可修改`}
          />
          <Field
            label="文号"
            name="docNumber"
            value={v.docNumber}
            error={f.docNumber}
            maxLength={60}
            hint="如：洪府办发〔2022〕66号；同一文号只能对应一份文件（含规范性文件库）"
          />
          <Field
            label="成文日期"
            name="writtenDate"
            type="date"
            value={v.policy?.writtenDate}
            error={f.writtenDate}
            hint="留空则与形成日期相同"
          />
          <Field
            label="发布机构"
            name="issuingAgency"
            value={v.policy?.issuingAgency}
            error={f.issuingAgency}
            maxLength={100}
            hint="留空则为发布单位的全称"
          />
          <Select
            label="主题分类"
            name="subject"
            value={v.policy?.subject ?? ''}
            options={[
              { value: '', label: '（请选择）' },
              ...props.subjects.map((x) => ({ value: x, label: x })),
            ]}
            error={f.subject}
          />
          <Select
            label="有效性"
            name="validity"
            value={v.policy?.validity ?? 'valid'}
            options={Object.entries(VALIDITIES).map(([value, label]) => ({ value, label }))}
            error={f.validity}
          />
        </fieldset>
      )}
      {kind === 'interpretation' && (
        <fieldset>
          <legend>政策解读</legend>
          <CheckboxGroup
            legend="解读的政策文件"
            name="interprets"
            checked={v.interprets ?? []}
            error={f.interprets}
            hint="列出最近的政策文件；解读应与文件同步发布"
            options={props.policies.map((p) => ({
              value: p.id,
              label: `${p.title}${p.docNumber ? `（${p.docNumber}）` : ''}`,
            }))}
          />
          <Select
            label="解读形式"
            name="interpForm"
            value={v.interpForm ?? 'text'}
            options={Object.entries(INTERP_FORMS).map(([value, label]) => ({ value, label }))}
            error={f.interpForm}
          />
          {Object.entries(INTERP_POINTS).map(([k, label]) => (
            <TextArea
              label={`解读要点：${label}`}
              name={`point_${k}`}
              value={v.interpPoints?.[k as InterpPoint] ?? ''}
              rows={3}
            />
          ))}
        </fieldset>
      )}
      {kind === 'data' && (
        <TextArea
          label="表格数据"
          name="dataTable"
          value={v.dataTableText}
          rows={8}
          error={f.dataTable}
          hint="第一行为表头；每行一条，单元格用 Tab（可从 Excel/WPS 直接粘贴）或逗号分隔"
        />
      )}
      <details open={placeFieldsWrong ? true : undefined}>
        <summary>所属栏目和专题（栏目必选，已选 {chosen} 个）</summary>
        <CheckboxGroup
          legend="所属栏目（可多选）"
          name="columnIds"
          checked={v.columnIds ?? []}
          error={f.columnIds}
          options={columnTree(props.columns).map(({ column, depth }) => ({
            value: column.id,
            label: `${'　'.repeat(depth)}${column.name}`,
          }))}
        />
        <CheckboxGroup
          legend="所属专题及板块（可多选）"
          name="topics"
          checked={v.topicKeys ?? []}
          error={f.topics}
          options={props.topics.flatMap((t) => [
            { value: `${t.id}:`, label: t.name },
            ...t.sections.map((s) => ({ value: `${t.id}:${s.id}`, label: `${t.name} › ${s.name}` })),
          ])}
        />
      </details>
      <details
        open={moreWrong || v.source === 'reposted' || (kind !== 'policy' && !!v.docNumber) ? true : undefined}
      >
        <summary>更多：转载出处{kind === 'policy' ? '' : '、发文字号'}</summary>
        <Field
          label="转载出处"
          name="origin"
          value={v.origin}
          error={f.origin}
          hint="转载时必填，如：江西省人民政府网站"
          maxLength={200}
        />
        {kind !== 'policy' && (
          <Field
            label="发文字号"
            name="docNumber"
            value={v.docNumber}
            error={f.docNumber}
            hint="如：洪府办发〔2022〕66号；没有可不填"
            maxLength={60}
          />
        )}
      </details>
      <div class="actions">
        <button type="submit">保存</button>
        <a href="/admin/content">取消</a>
      </div>
    </form>
  );
}

/** Step one of a new item (or a change of type): choose the type, then the form shows that type's fields. */
export function KindChooser({ action, value }: { action: string; value?: string }) {
  return (
    <form method="get" action={action}>
      <RadioGroup
        legend="内容类型"
        name="kind"
        value={value ?? 'article'}
        options={Object.entries(ITEM_KINDS).map(([k, label]) => ({ value: k, label }))}
      />
      <button type="submit">下一步：填写内容</button>
    </form>
  );
}
