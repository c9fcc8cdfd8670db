/** Back-office item lists: the list page, the review queue's table, the column tree for pickers. */
import { DataTable } from '../../../web/table.tsx';
import { Field, Notice, Pagination, Select } from '../../../web/components.tsx';
import { ITEM_KINDS, STATUSES, type ItemStatus } from '../model.ts';
import type { Column, ItemSummary } from '../model.ts';
import { when } from './parts.tsx';

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

/** The status cell's class: green when published, red when withdrawn, amber while in review. */
export const statusClass = (s: ItemStatus) =>
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
