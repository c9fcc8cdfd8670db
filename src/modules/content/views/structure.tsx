/** Columns, topics and the publishing statistics pages. */
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
import type { Attachment, Column, Item, ItemSummary, Revision, Topic } from '../model.ts';
import { bytes, CheckboxGroup, Diff, Dl, RadioGroup, when } from './parts.tsx';
import { ItemContent } from './public.tsx';
import { columnTree } from './admin-list.tsx';

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
