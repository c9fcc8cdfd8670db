/** The back office's audit log page: filters, export links, records, pages. */
import { beijingTime, Pagination } from '../../../web/components.tsx';
import { DataTable } from '../../../web/table.tsx';
import type { AuditFilter } from '../model.ts';
import type { AuditRecordView } from '../service.ts';

/** The audit log as filtered: `qs` is the filter as a query string (no page). */
export function AuditLogPage({
  filter: q,
  qs,
  canExport,
  result,
}: {
  filter: AuditFilter;
  qs: string;
  canExport: boolean;
  result: { items: AuditRecordView[]; total: number; page: number; pageSize: number };
}) {
  return (
    <>
      <h1>审计日志</h1>
      <form method="get" action="/admin/audit" class="filters">
        <div class="cards">
          <div class="field">
            <label for="f-actor">操作人</label>
            <input id="f-actor" name="actor" value={q.actor ?? ''} />
          </div>
          <div class="field">
            <label for="f-action">操作</label>
            <input id="f-action" name="action" value={q.action ?? ''} />
          </div>
          <div class="field">
            <label for="f-objectType">对象类型</label>
            <input id="f-objectType" name="objectType" value={q.objectType ?? ''} />
          </div>
        </div>
        <button type="submit">筛选</button>
      </form>
      {canExport && (
        <p class="actions">
          <a href={`/api/v1/audit/export.csv${qs ? `?${qs}` : ''}`}>导出 CSV</a>{' '}
          <a href={`/api/v1/audit/export.xlsx${qs ? `?${qs}` : ''}`}>导出 Excel</a>
        </p>
      )}
      <DataTable
        caption={<>审计记录（共 {result.total} 条）</>}
        rows={result.items}
        columns={[
          { label: '编号', cell: (r) => r.id },
          { label: '时间（北京）', date: true, cell: (r) => beijingTime(r.at) },
          { label: '操作人', cell: (r) => r.actorName },
          { label: '操作', cell: (r) => r.action },
          {
            label: '对象',
            cell: (r) => (
              <>
                {r.objectType} {r.objectId}
              </>
            ),
          },
          { label: 'IP', cell: (r) => r.ip },
          { label: '算法', cell: (r) => r.algo },
        ]}
      />
      <Pagination
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        baseUrl={`/admin/audit${qs ? `?${qs}` : ''}`}
      />
    </>
  );
}
