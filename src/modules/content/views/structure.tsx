/** Columns, topics and the publishing statistics pages. */
import { DataTable } from '../../../web/table.tsx';
import type { AppError } from '../../../errors.ts';
import { CsrfField, ErrorSummary, Field, Select, TextArea } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { Org } from '../../org/model.ts';
import { COLUMN_KINDS, percent, originalShare } from '../model.ts';
import type { Column, Topic } from '../model.ts';
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
      <DataTable
        caption={`栏目树（共 ${columns.length} 个）`}
        rows={columnTree(columns)}
        columns={[
          {
            label: '名称',
            rowHeader: true,
            cell: ({ column, depth }) => (
              <>
                {'　'.repeat(depth)}
                {column.name}
              </>
            ),
          },
          { label: '类型', cell: ({ column }) => COLUMN_KINDS[column.kind] ?? column.kind },
          {
            label: '网址',
            cell: ({ column }) => (
              <a href={column.slug === 'xxgk' ? '/xxgk' : `/columns/${column.slug}`}>/{column.slug}</a>
            ),
          },
          { label: '维护单位', cell: ({ column }) => orgName(column.orgId) },
          ...(canManage
            ? [
                {
                  label: '操作',
                  cell: ({ column }: { column: Column }) => (
                    <a href={`/admin/content/columns/${column.id}`} aria-label={`编辑栏目 ${column.name}`}>
                      编辑
                    </a>
                  ),
                },
              ]
            : []),
        ]}
      />
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
      <DataTable
        caption={`专题（共 ${topics.length} 个）`}
        rows={topics}
        columns={[
          { label: '名称', rowHeader: true, cell: (t) => t.name },
          { label: '板块', cell: (t) => t.sections.map((x) => x.name).join('、') },
          { label: '网址', cell: (t) => <a href={`/topics/${t.slug}`}>/topics/{t.slug}</a> },
        ]}
      />
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
    <DataTable
      caption={caption}
      rows={rows}
      columns={[
        { label: head, rowHeader: true, cell: (r) => r.name },
        { label: '已发布', class: 'num', cell: (r) => r.total },
        { label: '原创比例', class: 'num', cell: (r) => percent(originalShare(r.original, r.total)) },
        {
          label: '超期发布',
          class: 'num',
          cell: (r) => (r.late > 0 ? <span class="status-warn">{r.late}</span> : r.late),
        },
      ]}
    />
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
