/** The audit log's JSON API: list, verify the chain, export (CSV, XLSX). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, fileResponse } from '../../../web/schemas.ts';
import { checkAuditChain, exportAudit, listAudit } from '../service.ts';
import { AuditQuery, AuditRecord } from './schemas.ts';

/** /api/v1/audit, /api/v1/audit/verify, /api/v1/audit/export.{csv,xlsx}. */
export const auditApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
    (req) => listAudit(ctx, req.actor, req.query),
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
    (req) => checkAuditChain(ctx, req.actor),
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
      const { format } = req.params;
      const { page: _p, pageSize: _s, ...filter } = req.query;
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
};
