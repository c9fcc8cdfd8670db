/** The audit log: browse and filter (back office), list and verify (API). */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { beijingTime, Pagination } from '../../web/components.tsx';
import { renderAdmin } from '../../web/respond.tsx';
import { errors, fileResponse, PageQuery, StrictObject } from '../../web/schemas.ts';
import { requirePermission } from '../auth/permissions.ts';
import { exportAudit, listAudit, verifyAuditChain, type AuditFilter } from './service.ts';
import { can } from '../auth/permissions.ts';

const AuditQuery = StrictObject({
  actor: Type.Optional(Type.String({ maxLength: 100, description: '操作人（模糊）' })),
  action: Type.Optional(Type.String({ maxLength: 100, description: '操作（前缀），如 org.' })),
  objectType: Type.Optional(Type.String({ maxLength: 50 })),
  objectId: Type.Optional(Type.String({ maxLength: 50 })),
  from: Type.Optional(Type.String({ maxLength: 30, description: '起（ISO 时间）' })),
  to: Type.Optional(Type.String({ maxLength: 30, description: '止（ISO 时间）' })),
  ...PageQuery,
});

const AuditRecord = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorName: Type.String(),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Type.Union([Type.String(), Type.Null()]),
  algo: Type.String({ description: '本条记录哈希链使用的算法：sm3 或 sha256' }),
});

export const auditRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;
  app.get(
    '/api/v1/audit',
    {
      schema: {
        operationId: 'audit.records.list',
        tags: ['审计'],
        summary: '审计日志（新的在前）',
        querystring: AuditQuery,
        response: {
          200: Type.Object({
            items: Type.Array(AuditRecord),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    (req) => listAudit(ctx, req.actor, req.query as AuditFilter),
  );
  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        operationId: 'audit.chain.verify',
        tags: ['审计'],
        summary: '校验审计日志哈希链',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            count: Type.Integer(),
            brokenAt: Type.Optional(Type.Integer()),
            reason: Type.Optional(Type.String()),
          }),
          ...errors(401, 403),
        },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'audit.read');
      return verifyAuditChain(ctx.db);
    },
  );

  // Export (CSV, XLSX) for the audit administrator; the export is itself an audit record.
  const ExportParams = Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]) });
  app.get(
    '/api/v1/audit/export.:format',
    {
      schema: {
        operationId: 'audit.records.export',
        tags: ['审计'],
        summary: '导出审计日志（CSV 或 XLSX，导出本身记入审计日志）',
        params: ExportParams,
        querystring: AuditQuery,
        response: {
          200: fileResponse(
            '审计日志（CSV 或 XLSX）',
            'text/csv',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req, reply) => {
      const { format } = req.params as { format: 'csv' | 'xlsx' };
      const { page: _p, pageSize: _s, ...filter } = req.query as AuditFilter;
      const stream = exportAudit(ctx, req.actor, filter, format);
      return reply
        .type(
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header('content-disposition', `attachment; filename="audit-log.${format}"`)
        .send(stream);
    },
  );

  app.get('/admin/audit', { schema: { querystring: AuditQuery, hide: true } }, async (req, reply) => {
    const q = req.query as AuditFilter;
    const result = await listAudit(ctx, req.actor, { ...q, pageSize: 50 });
    const qs = new URLSearchParams(
      Object.entries(q).filter(([k, v]) => k !== 'page' && v) as [string, string][],
    ).toString();
    return renderAdmin(
      req,
      reply,
      { title: '审计日志' },
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
        {can(req.actor, 'audit.export') && (
          <p class="actions">
            <a href={`/api/v1/audit/export.csv${qs ? `?${qs}` : ''}`}>导出 CSV</a>{' '}
            <a href={`/api/v1/audit/export.xlsx${qs ? `?${qs}` : ''}`}>导出 Excel</a>
          </p>
        )}
        <div class="table-wrap">
          <table>
            <caption>审计记录（共 {result.total} 条）</caption>
            <thead>
              <tr>
                <th scope="col">编号</th>
                <th scope="col">时间（北京）</th>
                <th scope="col">操作人</th>
                <th scope="col">操作</th>
                <th scope="col">对象</th>
                <th scope="col">IP</th>
                <th scope="col">算法</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((r) => (
                <tr>
                  <td>{r.id}</td>
                  <td>{beijingTime(r.at)}</td>
                  <td>{r.actorName}</td>
                  <td>{r.action}</td>
                  <td>
                    {r.objectType} {r.objectId}
                  </td>
                  <td>{r.ip}</td>
                  <td>{r.algo}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination
          page={result.page}
          pageSize={result.pageSize}
          total={result.total}
          baseUrl={`/admin/audit${qs ? `?${qs}` : ''}`}
        />
      </>,
    );
  });
};
