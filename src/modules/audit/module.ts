/** The hash-chained audit log: back-office viewer and export, `gongkai audit` purge and verify. */
import type { GongkaiModule } from '../registry.ts';
import { auditCli } from './cli.ts';
import { auditRoutes } from './routes/index.ts';

export const auditModule: GongkaiModule = {
  name: 'audit',
  routes: auditRoutes,
  cli: auditCli,
  adminNav: [{ href: '/admin/audit', label: '审计日志', permission: 'audit.read' }],
};
