/** Columns, topics and the publishing statistics pages. */
import { DataTable } from '../../../web/table.tsx';
import type { AppError } from '../../../errors.ts';
import { CrudForm, optionsOf, type CrudField } from '../../../web/crud.tsx';
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

/** The column form's fields: the parent choices indented as the tree. */
const columnFields = (columns: Column[], orgs: Org[]): CrudField[] => [
  { name: 'name', label: '栏目名称', required: true },
  { name: 'slug', label: '网址标识', required: true, hint: '小写字母、数字和连字符，如 zwdt' },
  { kind: 'select', name: 'kind', label: '栏目类型', default: 'news', options: optionsOf(COLUMN_KINDS) },
  {
    kind: 'select',
    name: 'parentId',
    label: '上级栏目',
    options: [
      { value: '', label: '（无上级）' },
      ...columnTree(columns).map(({ column, depth }) => ({
        value: column.id,
        label: `${'　'.repeat(depth)}${column.name}`,
      })),
    ],
  },
  {
    kind: 'select',
    name: 'orgId',
    label: '维护单位',
    options: [{ value: '', label: '（不指定）' }, ...orgs.map((o) => ({ value: o.id, label: o.name }))],
  },
  { kind: 'textarea', name: 'description', label: '栏目说明', rows: 2 },
];

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
    <>
      <h2>{title}</h2>
      <CrudForm page={page} form={{ action, values, error }} fields={columnFields(columns, orgs)} />
    </>
  );
}

/** The new topic's fields: its sections one a line. */
const topicFields: CrudField[] = [
  { name: 'name', label: '专题名称', required: true },
  { name: 'slug', label: '网址标识', required: true, hint: '小写字母、数字和连字符' },
  { kind: 'textarea', name: 'summary', label: '简介', rows: 2 },
  { kind: 'textarea', name: 'sections', label: '板块（每行一个）', rows: 4 },
];

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
        <>
          <h2>新建专题</h2>
          <CrudForm
            page={page}
            form={{ action: '/admin/content/topics', values, error }}
            fields={topicFields}
            submit="新建专题"
          />
        </>
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
