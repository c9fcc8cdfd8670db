/**
 * Every capability module, in the order their demo data is seeded (later modules build on earlier
 * ones' data). Adding a module = one line here.
 */
import type { GongkaiModule } from './registry.ts';
import { orgRoutes } from './org/routes.tsx';
import { authRoutes } from './auth/routes.tsx';
import { auditRoutes } from './audit/routes.tsx';
import { jobRoutes } from './jobs/routes.tsx';
import { notificationRoutes } from './notifications/routes.tsx';
import { emailJob } from './notifications/service.ts';
import { portalRoutes } from './portal/routes.tsx';
import { adminRoutes } from './admin/routes.tsx';
import { seedOrgsAndUsers } from '../seed/district.ts';
import { foundationCli } from '../cli-foundation.ts';
import { contentDashboard, contentRoutes } from './content/routes.tsx';
import { scheduledPublishJob } from './content/jobs.ts';
import { seedContent } from './content/seed.ts';
import { contentSearchSources } from './content/service.ts';
import { privacyRoutes } from './privacy/routes.tsx';
import { privacyCli } from './privacy/cli.ts';
import { searchRoutes } from './search/routes.tsx';
import { searchCli } from './search/cli.ts';

export const MODULES: GongkaiModule[] = [
  {
    name: 'foundation',
    routes: async (app) => {
      await app.register(portalRoutes);
      await app.register(authRoutes);
      await app.register(orgRoutes);
      await app.register(auditRoutes);
      await app.register(jobRoutes);
      await app.register(notificationRoutes);
      await app.register(adminRoutes(() => MODULES));
    },
    jobs: [emailJob],
    seedDemo: seedOrgsAndUsers,
    cli: foundationCli,
    adminNav: [
      { href: '/admin', label: '工作台', permission: 'dashboard.read' },
      { href: '/admin/orgs', label: '机关管理', permission: 'org.manage' },
      { href: '/admin/users', label: '用户管理', permission: 'user.read' },
      { href: '/admin/audit', label: '审计日志', permission: 'audit.read' },
      { href: '/admin/jobs', label: '定时任务', permission: 'jobs.read' },
    ],
  },
  {
    name: 'privacy',
    routes: privacyRoutes,
    cli: privacyCli,
    adminNav: [
      { href: '/admin/privacy/scan', label: '个人信息检查', permission: 'privacy.scan' },
      { href: '/admin/privacy/expressions', label: '错敏词管理', permission: 'privacy.rules.manage' },
    ],
  },
  {
    name: 'content',
    routes: contentRoutes,
    jobs: [scheduledPublishJob],
    seedDemo: seedContent,
    dashboard: contentDashboard,
    searchSources: contentSearchSources,
    adminNav: [
      { href: '/admin/content', label: '内容管理', permission: 'content.read' },
      { href: '/admin/content/review', label: '待我审核发布', permission: 'content.read' },
    ],
  },
  { name: 'search', routes: searchRoutes, cli: searchCli },
];
