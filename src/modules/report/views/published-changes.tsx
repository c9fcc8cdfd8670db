/** The published report's figures beside today's data. */
import { shanghaiDate } from '../../../lib/time.ts';
import { Notice } from '../../../web/components.tsx';
import { DataTable } from '../../../web/table.tsx';
import type { PublishedState } from '../publish.ts';

/**
 * The published report's figures beside today's data: they never change (rules.md §4), so where
 * later entries would give a different figure, each such cell is listed (old → new) for the office
 * to decide whether to publish a correction.
 */
export function PublishedChanges({
  published,
  scope,
}: {
  published: PublishedState;
  scope: 'own' | 'rollup';
}) {
  const when = shanghaiDate(new Date(published.takenAt));
  if (published.scope !== scope) {
    return (
      <p>
        已发布的是{published.scope === 'rollup' ? '本机关及下属机关汇总' : '本机关'}
        的报告，与本页范围不同，不作比较。
      </p>
    );
  }
  if (published.changes.length === 0) {
    return <Notice kind="success">已发布的报告（{when} 提交）的数字与按现在的数据计算的一致。</Notice>;
  }
  return (
    <div id="published-changes">
      <Notice kind="warning">
        已发布的报告（{when} 提交）有 {published.changes.length}{' '}
        个数字与按现在的数据计算的不同。已发布的报告不会因此改变；如需更正，可再次“提交发布”生成新版本，经审核、保密审查并发布后替代已发布的版本。
      </Notice>
      <DataTable
        caption="已发布的数字与现在的数据"
        rows={published.changes}
        columns={[
          { label: '项目', cell: (c) => c.label, rowHeader: true },
          { label: '已发布', cell: (c) => c.published ?? '—', class: 'num' },
          { label: '按现在的数据', cell: (c) => c.now ?? '—', class: 'num' },
        ]}
      />
    </div>
  );
}
