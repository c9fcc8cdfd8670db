/** 政务新媒体 on the portal: the directory of filed accounts and the account check. */
import { Field, Notice, Select } from '../../../web/components.tsx';
import { DataTable } from '../../../web/table.tsx';
import { LEVELS, PLATFORMS, type Level } from '../model.ts';
import type { PublicAccount } from '../service.ts';
import { optionsOf } from '../../../web/crud.tsx';

/** /hdjl/xmt: the directory, with the check folded on phones. */
export function MediaDirectory({ q, list }: { q: { q?: string; platform?: string }; list: PublicAccount[] }) {
  return (
    <>
      <h1>政务新媒体矩阵</h1>
      <p>以下为经备案、正在运营的政务新媒体账号。请按账号名称或平台账号 ID 核对，谨防假冒账号。</p>
      {/* On phones the check folds behind one control, so the directory comes first. */}
      <details class="fold-narrow">
        <summary>核验账号（按名称、账号 ID 或平台）</summary>
        <form method="get" action="/hdjl/xmt" role="search" aria-label="核验账号">
          <Field label="账号名称或平台账号 ID" name="q" type="search" value={q.q} maxLength={64} />
          <Select
            label="平台"
            name="platform"
            value={q.platform ?? ''}
            options={[{ value: '', label: '全部平台' }, ...optionsOf(PLATFORMS)]}
          />
          <div class="actions">
            <button type="submit">查询</button>
          </div>
        </form>
      </details>
      {q.q && list.length === 0 && (
        <Notice kind="warning">
          没有找到“{q.q}”。未列入本名录的账号不是本区备案的政务新媒体，请谨慎对待。
        </Notice>
      )}
      <DataTable
        caption={<>运营中的政务新媒体账号（共 {list.length} 个）</>}
        rows={list}
        columns={[
          { label: '平台', cell: (a) => a.platformName },
          {
            label: '账号名称',
            rowHeader: true,
            cell: (a) => (
              <>
                {a.accountName}
                {a.isSample && <span class="meta">（演示数据）</span>}
              </>
            ),
          },
          { label: '平台账号 ID', cell: (a) => a.platformAccountId },
          { label: '主办单位', cell: (a) => a.orgName },
          { label: '级别', cell: (a) => LEVELS[a.level as Level] ?? a.level },
        ]}
      />
    </>
  );
}
