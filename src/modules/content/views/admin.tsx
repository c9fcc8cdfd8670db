/** Back-office pages of the content module: lists, the item editor, the review page, revisions, structure. */
import { DataTable } from '../../../web/table.tsx';
import type { AppError } from '../../../errors.ts';
import {
  CsrfField,
  ErrorSummary,
  Field,
  Notice,
  Pagination,
  Select,
  TextArea,
  UploadForm,
} from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { Org } from '../../org/model.ts';
import type { GateResult } from '../integrations.ts';
import { gateCounts } from '../model.ts';
import {
  bodyText,
  COLUMN_KINDS,
  dataTableText,
  INTERP_FORMS,
  INTERP_POINTS,
  ITEM_KINDS,
  percent,
  SOURCES,
  STATUSES,
  WITHDRAWAL_MODES,
  originalShare,
  VALIDITIES,
  type InterpPoint,
  type PolicyMeta,
  type ItemStatus,
} from '../model.ts';
import type { Attachment, Column, Item, ItemSummary, Revision, Topic } from '../store.ts';
import { bytes, CheckboxGroup, Diff, Dl, RadioGroup, when } from './parts.tsx';
import { ItemContent } from './public.tsx';

/** Columns in tree order with depth, for selects and checkbox lists. */
export function columnTree(columns: Column[]): { column: Column; depth: number }[] {
  const out: { column: Column; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const c of columns.filter((x) => x.parentId === parent)) {
      out.push({ column: c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

const statusClass = (s: ItemStatus) =>
  s === 'published'
    ? 'status-ok'
    : s === 'withdrawn'
      ? 'status-bad'
      : s === 'draft'
        ? undefined
        : 'status-warn';

export function ItemTable({
  caption,
  items,
  orgName,
}: {
  caption: string;
  items: ItemSummary[];
  orgName: (id: number) => string;
}) {
  return (
    <DataTable
      caption={caption}
      rows={items}
      columns={[
        {
          label: '标题',
          cell: (i) => (
            <>
              <a href={`/admin/content/${i.id}`}>{i.title}</a>
              {i.late && <span class="status-warn">（超期发布）</span>}
            </>
          ),
        },
        { label: '类型', cell: (i) => ITEM_KINDS[i.kind] },
        { label: '单位', cell: (i) => orgName(i.orgId) },
        {
          label: '状态',
          cell: (i) => (
            <span class={statusClass(i.status)}>
              {STATUSES[i.status]}
              {i.status === 'scheduled' && i.publishAt && `（${when(i.publishAt)}）`}
            </span>
          ),
        },
        { label: '更新时间', cell: (i) => when(i.updatedAt), date: true },
      ]}
    />
  );
}

export function ItemListPage(props: {
  items: ItemSummary[];
  total: number;
  page: number;
  pageSize: number;
  status?: string;
  q?: string;
  orgName: (id: number) => string;
  canCreate: boolean;
  saved?: boolean;
}) {
  const base = `/admin/content?status=${encodeURIComponent(props.status ?? '')}&q=${encodeURIComponent(props.q ?? '')}`;
  return (
    <>
      <h1>内容管理</h1>
      {props.saved && <Notice kind="success">已保存。</Notice>}
      <p class="actions">
        {props.canCreate && (
          <a class="button" href="/admin/content/new">
            新建稿件
          </a>
        )}
        <a href="/admin/content/review">待我处理</a>
        <a href="/admin/content/columns">栏目</a>
        <a href="/admin/content/topics">专题</a>
      </p>
      <form method="get" action="/admin/content" class="filters">
        <Select
          label="状态"
          name="status"
          value={props.status ?? ''}
          options={[
            { value: '', label: '全部' },
            ...Object.entries(STATUSES).map(([value, label]) => ({ value, label })),
          ]}
        />
        <Field label="标题包含" name="q" value={props.q} type="search" />
        <button type="submit" class="secondary">
          筛选
        </button>
      </form>
      <ItemTable caption={`稿件（共 ${props.total} 篇）`} items={props.items} orgName={props.orgName} />
      <Pagination page={props.page} pageSize={props.pageSize} total={props.total} baseUrl={base} />
    </>
  );
}

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

export function GatePanel({
  page,
  item,
  gate,
  canMask,
  canOverride,
  canSubmit = false,
  justification,
}: {
  page: PageContext;
  item: Item;
  gate: GateResult | null;
  canMask: boolean;
  canOverride: boolean;
  canSubmit?: boolean;
  justification?: string | null;
}) {
  if (!gate)
    return (
      <section aria-labelledby="gate-h" class="gate">
        <h2 id="gate-h">个人信息和错敏词检查</h2>
        <p class="meta">尚未检查（报送时自动检查）。</p>
      </section>
    );
  const total = gate.personal.length + gate.expressions.length;
  const n = gateCounts(gate);
  return (
    <section aria-labelledby="gate-h" class="gate">
      <h2 id="gate-h">个人信息和错敏词检查</h2>
      {total === 0 ? (
        <Notice kind="success">未发现个人信息或错敏词。</Notice>
      ) : (
        <>
          <Notice kind="warning">
            {n.blocking > 0 && (
              <p>
                <strong>须处理 {n.blocking} 处</strong>（个人信息 {gate.personal.length} 处
                {n.blocking > gate.personal.length
                  ? `、严重错敏词 ${n.blocking - gate.personal.length} 处`
                  : ''}
                ）：
                {item.gateOverride
                  ? `已由 ${item.gateOverride.by} 放行，理由：${item.gateOverride.reason}`
                  : '须一键脱敏（或删除附件后上传脱敏文件），或由审核人说明理由后放行；处理前不能发布。'}
              </p>
            )}
            {justification && n.blocking > 0 && <p>报送人说明：{justification}</p>}
            {n.warnings > 0 && <p>提示 {n.warnings} 处（一般错敏词，不阻止发布，请核对后决定是否修改）。</p>}
          </Notice>
          {gate.personal.length > 0 && (
            <div class="table-wrap">
              <table>
                <caption>个人信息</caption>
                <thead>
                  <tr>
                    <th scope="col">位置</th>
                    <th scope="col">类型</th>
                    <th scope="col">内容（已遮盖）</th>
                    <th scope="col">处理要求</th>
                  </tr>
                </thead>
                <tbody>
                  {gate.personal.map((p) => (
                    <tr>
                      <td>{whereLabel(p.where)}</td>
                      <td>{p.label}</td>
                      <td>{p.masked}</td>
                      <td class="status-bad">须处理</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {gate.expressions.length > 0 && (
            <div class="table-wrap">
              <table>
                <caption>错敏词</caption>
                <thead>
                  <tr>
                    <th scope="col">位置</th>
                    <th scope="col">用语</th>
                    <th scope="col">建议</th>
                    <th scope="col">处理要求</th>
                  </tr>
                </thead>
                <tbody>
                  {gate.expressions.map((e) => (
                    <tr>
                      <td>{whereLabel(e.where)}</td>
                      <td>{e.term}</td>
                      <td>{e.suggestion}</td>
                      <td class={e.severity === 'serious' ? 'status-bad' : 'status-warn'}>
                        {e.severity === 'serious' ? '须处理（严重）' : '提示'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="actions">
            {canMask && gate.personal.some((p) => !p.where.startsWith('附件')) && (
              <form method="post" action={`/admin/content/${item.id}/mask`} class="inline">
                <CsrfField page={page} />
                <button type="submit">一键脱敏（保存为新版本）</button>
              </form>
            )}
          </div>
          {gate.personal.some((p) => p.where.startsWith('附件')) && (
            <p>附件中的个人信息无法在线遮盖：请删除该附件，上传脱敏后的文件。</p>
          )}
          {canSubmit && gate.blocking && !item.gateOverride && (
            <form method="post" action={`/admin/content/${item.id}/submit`}>
              <CsrfField page={page} />
              <TextArea
                label="不脱敏、说明理由后报送（记入审计日志，审核人可见）"
                name="justification"
                rows={2}
                required
              />
              <button type="submit" class="secondary">
                说明理由后报送
              </button>
            </form>
          )}
          {canOverride && gate.blocking && !item.gateOverride && (
            <form method="post" action={`/admin/content/${item.id}/override`}>
              <CsrfField page={page} />
              <TextArea label="放行理由（审核人填写，记入审计日志）" name="reason" rows={2} required />
              <button type="submit" class="secondary">
                说明理由后放行
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}

const whereLabel = (w: string) => w;

const ACTION_LABELS: Record<string, string> = {
  'content.item.create': '新建',
  'content.item.update': '修改',
  'content.item.submit': '报送',
  'content.item.review': '审核通过',
  'content.item.reject': '退回',
  'content.item.clear': '保密审查通过',
  'content.item.publish': '发布',
  'content.item.schedule': '设置定时发布',
  'content.item.release': '定时发布生效',
  'content.item.withdraw': '撤稿',
  'content.item.mask': '一键脱敏',
  'content.item.gate_override': '检查放行',
  'content.item.restore': '恢复历史版本',
  'content.attachment.add': '上传附件',
  'content.attachment.remove': '删除附件',
  'content.item.import_docx': '从 Word 文件导入正文',
};

export interface Permits {
  edit: boolean;
  submit: boolean;
  review: boolean;
  clear: boolean;
  publish: boolean;
  withdraw: boolean;
  reject: boolean;
  mask: boolean;
  override: boolean;
}

export function ItemDetail(props: {
  page: PageContext;
  item: Item;
  orgName: string;
  columns: Column[];
  attachments: Attachment[];
  history: { at: string; actorName: string; action: string; after: unknown }[];
  permits: Permits;
  /** The last published version (for the diff), or null if never published. */
  published: PublishedVersion | null;
  /** The editor's reason for sending blocking findings on (报送 with a justification). */
  justification?: string | null;
  notice?: { kind: 'success' | 'warning'; text: string };
  error?: AppError;
}) {
  const { item, page, permits } = props;
  const colNames = props.columns.filter((c) => item.columnIds.includes(c.id)).map((c) => c.name);
  return (
    <>
      <h1>{item.title}</h1>
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      <ErrorSummary message={props.error?.userMessage} fields={props.error?.fields} />
      {item.rejectComment && item.status === 'draft' && (
        <Notice kind="warning">退回意见：{item.rejectComment}</Notice>
      )}
      {item.supersedesId != null && item.status !== 'published' && item.status !== 'withdrawn' && (
        <Notice kind="info">
          本稿件是<a href={`/admin/content/${item.supersedesId}`}>已发布稿件</a>
          的新版本：发布前门户上仍显示原稿件；发布后原稿件撤回，其网址跳转到本稿件。
        </Notice>
      )}
      <Dl
        rows={[
          ['状态', <span class={statusClass(item.status)}>{STATUSES[item.status]}</span>],
          ['类型', ITEM_KINDS[item.kind]],
          ['发布单位', props.orgName],
          ['栏目', colNames.join('、') || '—'],
          ['来源', item.source === 'reposted' ? `转载（${item.origin}）` : '原创'],
          ['形成日期', item.formationDate ?? '—'],
          ...(item.docNumber ? ([['文号', item.docNumber]] as [string, string][]) : []),
          ...(item.policy
            ? ([
                ['索引号', item.policy.indexNumber || '—'],
                ['成文日期', item.policy.writtenDate ?? '—'],
                ['发布机构', item.policy.issuingAgency],
                ['主题分类', item.policy.subject || '—'],
                ['有效性', VALIDITIES[item.policy.validity]],
              ] as [string, string][])
            : []),
          ['版本', `第 ${item.revision} 版`],
          ...(item.publishAt ? ([['定时发布时间', when(item.publishAt)]] as [string, string][]) : []),
          ...(item.publishedAt
            ? ([
                ['发布时间', `${when(item.publishedAt)}${item.late ? '（超过 20 个工作日，超期发布）' : ''}`],
              ] as [string, string][])
            : []),
          ...(item.withdrawnAt
            ? ([
                [
                  '撤稿',
                  `${when(item.withdrawnAt)}，${WITHDRAWAL_MODES[item.withdrawalMode!]}，原因：${item.withdrawalReason}`,
                ],
              ] as [string, string][])
            : []),
        ]}
      />
      <p class="actions">
        {permits.edit && <a href={`/admin/content/${item.id}/edit`}>编辑</a>}
        <a href={`/admin/content/${item.id}/revisions`}>历史版本与对比</a>
        <a href={`/admin/content/${item.id}/preview`}>预览门户页面（电脑、长辈模式、手机）</a>
        {(item.status === 'published' || item.status === 'withdrawn') && (
          <a href={`/items/${item.id}`}>查看公开页面</a>
        )}
      </p>
      <ApprovalView
        page={page}
        item={item}
        attachments={props.attachments}
        published={props.published}
        permits={permits}
        justification={props.justification}
      />
      <section aria-labelledby="wf-h">
        <h2 id="wf-h">流程操作</h2>
        <div class="actions">
          {permits.submit && (
            <form method="post" action={`/admin/content/${item.id}/submit`} class="inline">
              <CsrfField page={page} />
              <button type="submit">报送审核</button>
            </form>
          )}
          {permits.review && (
            <form method="post" action={`/admin/content/${item.id}/review`} class="inline">
              <CsrfField page={page} />
              <button type="submit">审核通过</button>
            </form>
          )}
          {permits.clear && (
            <form method="post" action={`/admin/content/${item.id}/clear`} class="inline">
              <CsrfField page={page} />
              <button type="submit">保密审查通过</button>
            </form>
          )}
          <form method="post" action={`/admin/content/${item.id}/check`} class="inline">
            <CsrfField page={page} />
            <button type="submit" class="secondary">
              重新检查个人信息和错敏词
            </button>
          </form>
        </div>
        {permits.publish && (
          <p>
            {/* Publishing is a step of its own: the confirmation page shows the item once more. */}
            <a class="button" href={`/admin/content/${item.id}/publish`}>
              去发布（下一步确认）
            </a>
          </p>
        )}
        {permits.reject && (
          <form method="post" action={`/admin/content/${item.id}/reject`}>
            <CsrfField page={page} />
            <TextArea label="退回意见" name="comment" rows={2} required />
            <button type="submit" class="secondary">
              退回修改
            </button>
          </form>
        )}
        {permits.withdraw && (
          <form method="post" action={`/admin/content/${item.id}/withdraw`}>
            <CsrfField page={page} />
            <RadioGroup
              legend="撤稿方式"
              name="mode"
              value="notice"
              options={Object.entries(WITHDRAWAL_MODES).map(([value, label]) => ({ value, label }))}
            />
            <TextArea label="撤稿原因（公开显示）" name="reason" rows={2} required />
            <Field label="跳转地址（仅“删除页面并跳转”时使用，默认跳到所属栏目）" name="redirectTo" />
            <button type="submit" class="secondary">
              撤稿
            </button>
          </form>
        )}
      </section>
      <section aria-labelledby="att-h">
        <h2 id="att-h">附件管理</h2>
        {props.attachments.length === 0 ? (
          <p>没有附件。</p>
        ) : (
          <ul>
            {props.attachments.map((a) => (
              <li>
                <a href={`/files/content/${a.id}/${encodeURIComponent(a.name)}`}>{a.name}</a>{' '}
                <span class="meta">（{bytes(a.size)}）</span>
                {permits.edit && (
                  <form
                    method="post"
                    action={`/admin/content/${item.id}/attachments/${a.id}/delete`}
                    class="inline"
                  >
                    <CsrfField page={page} />
                    <button type="submit" class="link-button" aria-label={`删除附件 ${a.name}`}>
                      删除
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        {permits.edit && item.status === 'draft' && (
          <UploadForm
            page={page}
            action={`/admin/content/${item.id}/import-docx`}
            name="docx"
            label="用 Word/WPS 文件（.docx）替换正文"
            hint="保留标题、列表和表格；文中的图片作为附件保存；宏和指向本地文件的链接会被去掉。不超过 20 MB；设有打开密码的文件请先取消密码"
            accept=".docx"
            submit="导入正文"
            secondary
          />
        )}
        {permits.edit && (
          <UploadForm
            page={page}
            action={`/admin/content/${item.id}/attachments`}
            label="上传附件"
            hint="PDF、Word（.docx）、Excel（.xlsx）不超过 20 MB，图片不超过 5 MB；文字内容会被检查是否含有个人信息"
            accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif"
            submit="上传"
            secondary
          />
        )}
      </section>
      <section aria-labelledby="hist-h">
        <h2 id="hist-h">办理记录</h2>
        <div class="table-wrap">
          <table>
            <caption>谁在何时做了什么（来自审计日志）</caption>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作人</th>
                <th scope="col">操作</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              {props.history.map((h) => {
                const a = (h.after ?? {}) as Record<string, unknown>;
                const note = [
                  a.comment,
                  a.reason,
                  a.note,
                  a.publishAt ? `定时 ${when(String(a.publishAt))}` : null,
                  a.name,
                ]
                  .filter(Boolean)
                  .join('；');
                return (
                  <tr>
                    <td>{when(h.at)}</td>
                    <td>{h.actorName}</td>
                    <td>{ACTION_LABELS[h.action] ?? h.action}</td>
                    <td>{note}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

/** The last published version of an item, as text for the diff. */
export interface PublishedVersion {
  /** What it was: 第 N 版 (published …), or the published item this one replaces. */
  label: string;
  text: string;
}

/** Title and body as plain text, the form revisions are compared in. */
export const versionText = (title: string, body: string) => title + '\n\n' + bodyText(body);

/**
 * What the 审核, 保密审查 and 发布 screens show before the buttons: the item as it will appear on the
 * portal, the changes since the last published version, and the check's findings.
 */
export function ApprovalView({
  page,
  item,
  attachments,
  published,
  permits,
  justification,
}: {
  page: PageContext;
  item: Item;
  attachments: Attachment[];
  published: PublishedVersion | null;
  permits: Permits;
  justification?: string | null;
}) {
  const current = versionText(item.title, item.body);
  return (
    <>
      <section aria-labelledby="preview-h" class="item-preview">
        <h2 id="preview-h">稿件内容（发布后在门户上的样子）</h2>
        <div class="item-page preview-frame">
          <p class="preview-title">{item.title}</p>
          {item.docNumber && <p class="meta">发文字号：{item.docNumber}</p>}
          <ItemContent item={item} attachments={attachments} level={3} idPrefix="pv-" />
        </div>
      </section>
      <section aria-labelledby="changes-h">
        <h2 id="changes-h">与上次发布版本的对比</h2>
        {!published ? (
          <p>本稿件尚未发布过，以上为全部内容。</p>
        ) : published.text === current ? (
          <p>与{published.label}相同，没有改动。</p>
        ) : (
          <>
            <p class="meta">
              对比：{published.label} → 当前第 {item.revision} 版。删除的文字带删除线，新增的文字带下划线。
            </p>
            <Diff a={published.text} b={current} />
          </>
        )}
      </section>
      <GatePanel
        page={page}
        item={item}
        gate={item.gate}
        canMask={permits.mask}
        canOverride={permits.override}
        canSubmit={permits.submit}
        justification={justification}
      />
    </>
  );
}

/** 发布 as a step of its own: the item once more, then 确认发布 (works without JavaScript). */
export function PublishConfirmPage(props: {
  page: PageContext;
  item: Item;
  attachments: Attachment[];
  published: PublishedVersion | null;
  permits: Permits;
  justification?: string | null;
  at?: string;
  error?: AppError;
}) {
  const { item, page } = props;
  return (
    <>
      <h1>确认发布：{item.title}</h1>
      <ErrorSummary message={props.error?.userMessage} fields={props.error?.fields} />
      <p>请核对下面的内容、改动和检查结果。发布后，门户上立即（或在定时发布时间）公开本稿件。</p>
      <ApprovalView
        page={page}
        item={item}
        attachments={props.attachments}
        published={props.published}
        permits={{ ...props.permits, submit: false }}
        justification={props.justification}
      />
      <form method="post" action={`/admin/content/${item.id}/publish`}>
        <CsrfField page={page} />
        <input type="hidden" name="confirm" value="1" />
        <Field
          label="定时发布时间（北京时间，留空则立即发布）"
          name="at"
          type="datetime-local"
          value={props.at}
          error={props.error?.fields.at}
        />
        <div class="actions">
          <button type="submit">确认发布</button>
          <a href={`/admin/content/${item.id}`}>返回稿件，不发布</a>
        </div>
      </form>
    </>
  );
}

export function RevisionsPage({
  page,
  item,
  revisions,
  from,
  to,
  canRestore,
  canReveal = false,
  revealed,
}: {
  page: PageContext;
  item: Item;
  revisions: Revision[];
  from?: Revision;
  to?: Revision;
  canRestore: boolean;
  canReveal?: boolean;
  revealed?: { number: number; title: string; body: string };
}) {
  const text = (r: Revision) => versionText(String(r.snapshot.title ?? ''), String(r.snapshot.body ?? ''));
  return (
    <>
      <h1>历史版本：{item.title}</h1>
      <form method="get" action={`/admin/content/${item.id}/revisions`}>
        <Select
          label="对比：旧版本"
          name="from"
          value={from?.number ?? ''}
          options={revisions.map((r) => ({
            value: r.number,
            label: `第 ${r.number} 版（${when(r.createdAt)}，${r.note}）`,
          }))}
        />
        <Select
          label="对比：新版本"
          name="to"
          value={to?.number ?? ''}
          options={revisions.map((r) => ({
            value: r.number,
            label: `第 ${r.number} 版（${when(r.createdAt)}，${r.note}）`,
          }))}
        />
        <button type="submit" class="secondary">
          对比
        </button>
      </form>
      {revisions.some((r) => r.sealed) && (
        <Notice kind="info">
          标有“个人信息已遮盖”的版本：一键脱敏后，其中的个人信息在历史版本和对比中也已遮盖，原文用个人信息密钥加密保存，只能由审核人重新验证身份后查看（记入审计日志）。
        </Notice>
      )}
      {revealed && (
        <section aria-labelledby="revealed-h">
          <h2 id="revealed-h">第 {revealed.number} 版原文（含个人信息，本次查看已记入审计日志）</h2>
          <div class="diff">{versionText(revealed.title, revealed.body)}</div>
        </section>
      )}
      {from && to && (
        <section aria-labelledby="diff-h">
          <h2 id="diff-h">
            第 {from.number} 版 → 第 {to.number} 版
          </h2>
          <p class="meta">删除的文字带删除线，新增的文字带下划线。</p>
          <Diff a={text(from)} b={text(to)} />
        </section>
      )}
      <div class="table-wrap">
        <table>
          <caption>全部版本（共 {revisions.length} 个）</caption>
          <thead>
            <tr>
              <th scope="col">版本</th>
              <th scope="col">时间</th>
              <th scope="col">操作人</th>
              <th scope="col">说明</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r) => (
              <tr>
                <td>第 {r.number} 版</td>
                <td>{when(r.createdAt)}</td>
                <td>{r.actorName}</td>
                <td>
                  {r.note}
                  {r.sealed && '（个人信息已遮盖，原文加密保存）'}
                </td>
                <td>
                  {canReveal && r.sealed && (
                    <form
                      method="post"
                      action={`/admin/content/${item.id}/revisions/${r.number}/reveal`}
                      class="inline"
                    >
                      <CsrfField page={page} />
                      <button
                        type="submit"
                        class="link-button"
                        aria-label={`查看第 ${r.number} 版原文（需重新验证身份，记入审计）`}
                      >
                        查看原文
                      </button>
                    </form>
                  )}
                  {canRestore && r.number !== item.revision && (
                    <form
                      method="post"
                      action={`/admin/content/${item.id}/revisions/${r.number}/restore`}
                      class="inline"
                    >
                      <CsrfField page={page} />
                      <button type="submit" class="link-button" aria-label={`恢复第 ${r.number} 版`}>
                        恢复此版本
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ColumnsPage({
  page,
  columns,
  orgs,
  canManage,
  error,
  values,
}: {
  page: PageContext;
  columns: Column[];
  orgs: Org[];
  canManage: boolean;
  error?: AppError;
  values?: Record<string, string>;
}) {
  const orgName = (id: number | null) => orgs.find((o) => o.id === id)?.shortName ?? '—';
  return (
    <>
      <h1>栏目管理</h1>
      <div class="table-wrap">
        <table>
          <caption>栏目树（共 {columns.length} 个）</caption>
          <thead>
            <tr>
              <th scope="col">名称</th>
              <th scope="col">类型</th>
              <th scope="col">网址</th>
              <th scope="col">维护单位</th>
              {canManage && <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {columnTree(columns).map(({ column, depth }) => (
              <tr>
                <td>
                  {'　'.repeat(depth)}
                  {column.name}
                </td>
                <td>{COLUMN_KINDS[column.kind] ?? column.kind}</td>
                <td>
                  <a href={column.slug === 'xxgk' ? '/xxgk' : `/columns/${column.slug}`}>/{column.slug}</a>
                </td>
                <td>{orgName(column.orgId)}</td>
                {canManage && (
                  <td>
                    <a href={`/admin/content/columns/${column.id}`} aria-label={`编辑栏目 ${column.name}`}>
                      编辑
                    </a>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canManage && (
        <ColumnForm
          page={page}
          columns={columns}
          orgs={orgs}
          action="/admin/content/columns"
          title="新建栏目"
          error={error}
          values={values}
        />
      )}
    </>
  );
}

/** The column form: new column (on the columns page) or edit (its own page). */
export function ColumnForm({
  page,
  columns,
  orgs,
  action,
  title,
  error,
  values,
}: {
  page: PageContext;
  columns: Column[];
  orgs: Org[];
  action: string;
  title: string;
  error?: AppError;
  values?: Record<string, string>;
}) {
  return (
    <form method="post" action={action} novalidate>
      <h2>{title}</h2>
      <CsrfField page={page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <Field label="栏目名称" name="name" value={values?.name} required error={error?.fields.name} />
      <Field
        label="网址标识"
        name="slug"
        value={values?.slug}
        required
        error={error?.fields.slug}
        hint="小写字母、数字和连字符，如 zwdt"
      />
      <Select
        label="栏目类型"
        name="kind"
        value={values?.kind ?? 'news'}
        options={Object.entries(COLUMN_KINDS).map(([value, label]) => ({ value, label }))}
        error={error?.fields.kind}
      />
      <Select
        label="上级栏目"
        name="parentId"
        value={values?.parentId ?? ''}
        options={[
          { value: '', label: '（无上级）' },
          ...columnTree(columns).map(({ column, depth }) => ({
            value: column.id,
            label: `${'　'.repeat(depth)}${column.name}`,
          })),
        ]}
        error={error?.fields.parentId}
      />
      <Select
        label="维护单位"
        name="orgId"
        value={values?.orgId ?? ''}
        options={[{ value: '', label: '（不指定）' }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]}
        error={error?.fields.orgId}
      />
      <TextArea label="栏目说明" name="description" value={values?.description} rows={2} />
      <button type="submit">保存</button>
    </form>
  );
}

export function TopicsPage({
  page,
  topics,
  canManage,
  error,
  values,
}: {
  page: PageContext;
  topics: Topic[];
  canManage: boolean;
  error?: AppError;
  values?: Record<string, string>;
}) {
  return (
    <>
      <h1>专题管理</h1>
      <div class="table-wrap">
        <table>
          <caption>专题（共 {topics.length} 个）</caption>
          <thead>
            <tr>
              <th scope="col">名称</th>
              <th scope="col">板块</th>
              <th scope="col">网址</th>
            </tr>
          </thead>
          <tbody>
            {topics.map((t) => (
              <tr>
                <td>{t.name}</td>
                <td>{t.sections.map((s) => s.name).join('、')}</td>
                <td>
                  <a href={`/topics/${t.slug}`}>/topics/{t.slug}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canManage && (
        <form method="post" action="/admin/content/topics" novalidate>
          <h2>新建专题</h2>
          <CsrfField page={page} />
          <ErrorSummary message={error?.userMessage} fields={error?.fields} />
          <Field label="专题名称" name="name" value={values?.name} required error={error?.fields.name} />
          <Field
            label="网址标识"
            name="slug"
            value={values?.slug}
            required
            error={error?.fields.slug}
            hint="小写字母、数字和连字符"
          />
          <TextArea label="简介" name="summary" value={values?.summary} rows={2} />
          <TextArea
            label="板块（每行一个）"
            name="sections"
            value={values?.sections}
            rows={4}
            error={error?.fields.sections}
          />
          <button type="submit">新建专题</button>
        </form>
      )}
    </>
  );
}

export function StatsTables({
  stats,
}: {
  stats: {
    byOrg: { name: string; total: number; original: number; late: number }[];
    byColumn: { name: string; total: number; original: number; late: number }[];
  };
}) {
  const Table = ({
    caption,
    rows,
    head,
  }: {
    caption: string;
    head: string;
    rows: { name: string; total: number; original: number; late: number }[];
  }) => (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col" class="num">
              已发布
            </th>
            <th scope="col" class="num">
              原创比例
            </th>
            <th scope="col" class="num">
              超期发布
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{r.name}</td>
              <td class="num">{r.total}</td>
              <td class="num">{percent(originalShare(r.original, r.total))}</td>
              <td class={r.late > 0 ? 'num status-warn' : 'num'}>{r.late}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <>
      <Table
        caption="按单位：原创比例与时效（超过形成之日起 20 个工作日发布）"
        head="单位"
        rows={stats.byOrg}
      />
      <Table caption="按栏目：原创比例与时效" head="栏目" rows={stats.byColumn.slice(0, 15)} />
    </>
  );
}

/** The preview's widths: the portal page as a laptop, in elder mode, and on a phone. */
export const PREVIEW_VIEWS = {
  desktop: { label: '电脑（1280 像素）', width: 1280, elder: false },
  elder: { label: '长辈模式（1280 像素）', width: 1280, elder: true },
  phone: { label: '手机（375 像素）', width: 375, elder: false },
} as const;
export type PreviewView = keyof typeof PREVIEW_VIEWS;

/**
 * 预览: the item as its portal page, in a frame of the chosen width. The switcher is plain links, so
 * it works without JavaScript; each frame's page can also be opened on its own.
 */
export function PreviewPage({ item, view }: { item: Item; view: PreviewView }) {
  const v = PREVIEW_VIEWS[view];
  const src = `/admin/content/${item.id}/preview/frame${v.elder ? '?elder=1' : ''}`;
  return (
    <>
      <h1>预览：{item.title}</h1>
      <p>
        下面是本稿件发布后在门户上的样子（第 {item.revision} 版，{STATUSES[item.status]}
        ）。预览页面不公开，链接只有登录的工作人员能打开。
      </p>
      <nav class="tabs" aria-label="预览宽度">
        <ul>
          {(Object.keys(PREVIEW_VIEWS) as PreviewView[]).map((k) => (
            <li>
              <a
                href={`/admin/content/${item.id}/preview${k === 'desktop' ? '' : `?view=${k}`}`}
                aria-current={k === view ? 'page' : undefined}
              >
                {PREVIEW_VIEWS[k].label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="actions">
        <a href={src}>在新页面中打开此预览</a>
        <a href={`/admin/content/${item.id}`}>返回稿件</a>
      </p>
      <div
        class={`preview-viewport preview-${view}`}
        role="region"
        aria-label={`预览框（${v.label}，可左右滚动）`}
        tabindex={0}
      >
        <iframe
          src={src}
          title={`门户页面预览：${v.label}`}
          width={v.width}
          height={view === 'phone' ? 720 : 800}
          loading="lazy"
        />
      </div>
    </>
  );
}
