/** The audit log in the back office (/admin/audit). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { renderAdmin } from '../../../web/respond.tsx';
import { can } from '../../auth/permissions.ts';
import { listAudit } from '../service.ts';
import { AuditLogPage } from '../views/audit-log.tsx';
import { AuditQuery } from './schemas.ts';

/** GET /admin/audit. */
export const auditAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  app.get('/admin/audit', { schema: { querystring: AuditQuery, hide: true } }, async (req, reply) => {
    const q = req.query;
    const result = await listAudit(ctx, req.actor, { ...q, pageSize: 50 });
    const qs = new URLSearchParams(
      Object.entries(q).filter(([k, v]) => k !== 'page' && v) as [string, string][],
    ).toString();
    return renderAdmin(
      req,
      reply,
      { title: '审计日志' },
      <AuditLogPage filter={q} qs={qs} canExport={can(req.actor, 'audit.export')} result={result} />,
    );
  });
};
