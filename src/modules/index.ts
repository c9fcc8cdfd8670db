/**
 * Every capability module, in the order their demo data is seeded (later modules build on earlier
 * ones' data). Adding a module = one line here.
 */
import type { GongkaiModule } from './registry.ts';
import { orgRoutes } from './org/routes.tsx';
import { authRoutes } from './auth/routes.tsx';
import { sealAuthSecrets } from './auth/service.ts';
import { auditRoutes } from './audit/routes.tsx';
import { jobRoutes } from './jobs/routes.tsx';
import { notificationRoutes } from './notifications/routes.tsx';
import { emailJob } from './notifications/service.ts';
import { portalRoutes } from './portal/routes.tsx';
import { adminRoutes } from './admin/routes.tsx';
import { seedOrgsAndUsers } from '../seed/district.ts';
import { foundationCli } from '../cli-foundation.ts';
import { ledgerModule } from './ledger/module.tsx';
import { mediaDashboard, mediaRoutes } from './media/routes.tsx';
import { mediaFreshnessJob } from './media/service.ts';
import { seedMedia } from './media/seed.ts';
import { mediaCli } from './media/cli.ts';
import { zoneRoutes } from './zones/routes.tsx';
import { seedZones } from './zones/seed.ts';
import { inquiryDashboard, inquiryRoutes } from './inquiry/routes.tsx';
import { faqSearchSources, inquiryRemindersJob } from './inquiry/service.ts';
import { seedInquiries } from './inquiry/seed.ts';
import { inquiryCli } from './inquiry/cli.ts';
import { sealInquiryContacts } from './inquiry/store.ts';
import { consultationDashboard, consultationRoutes } from './consultation/routes.tsx';
import { seedConsultations } from './consultation/seed.ts';
import { sealCommentContacts } from './consultation/store.ts';
import { normativeModule } from './normative/module.ts';
import { foiModule } from './foi/module.ts';
import { reportModule } from './report/module.ts';
import { calendarCli, calendarDashboard, calendarRoutes } from './calendar/routes.tsx';
import { contentDashboard, contentRoutes } from './content/routes.tsx';
import { scheduledPublishJob } from './content/jobs.ts';
import { importRoutes } from './content/import/routes.tsx';
import { contentCli } from './content/import/cli.ts';
import { seedContent } from './content/seed.ts';
import { contentSearchSources, sealContentRevisions } from './content/service.ts';
import { privacyRoutes } from './privacy/routes.tsx';
import { privacyCli } from './privacy/cli.ts';
import { searchRoutes } from './search/routes.tsx';
import { searchCli } from './search/cli.ts';
import { inspectionDashboard, inspectionRoutes } from './inspection/routes.tsx';
import { inspectionJob } from './inspection/service.ts';
import { inspectionCli } from './inspection/cli.ts';
import { catalogueModule } from './catalogue/module.ts';
import { opsModule } from './ops/module.ts';
import { webhooksModule } from './webhooks/module.ts';
import { setupRoutes } from './setup/routes.tsx';
import { setupCli } from './setup/cli.ts';

export const MODULES: GongkaiModule[] = [
  // First: its request hooks (metrics) must wrap every route registered after it.
  opsModule,
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
    sealPersonalData: sealAuthSecrets,
    cli: foundationCli,
    adminNav: [
      { href: '/admin', label: '工作台', permission: 'dashboard.read' },
      { href: '/admin/orgs', label: '机关管理', permission: 'org.manage' },
      { href: '/admin/users', label: '用户管理', permission: 'user.read' },
      { href: '/admin/audit', label: '审计日志', permission: 'audit.read' },
      { href: '/admin/jobs', label: '定时任务', permission: 'jobs.read' },
    ],
  },
  // First start without the demo: the one-time setup; the operator's user, org and site commands.
  { name: 'setup', routes: setupRoutes, cli: setupCli },
  ledgerModule,
  {
    name: 'media',
    routes: mediaRoutes,
    jobs: [mediaFreshnessJob],
    seedDemo: seedMedia,
    dashboard: mediaDashboard,
    cli: mediaCli,
    adminNav: [{ href: '/admin/media', label: '政务新媒体', permission: 'channels.read' }],
  },
  {
    name: 'zones',
    routes: zoneRoutes,
    seedDemo: seedZones,
    adminNav: [{ href: '/admin/zones', label: '政务公开专区', permission: 'channels.read' }],
  },
  {
    name: 'inquiry',
    routes: inquiryRoutes,
    jobs: [inquiryRemindersJob],
    seedDemo: seedInquiries,
    dashboard: inquiryDashboard,
    cli: inquiryCli,
    searchSources: faqSearchSources,
    sealPersonalData: (ctx) =>
      ctx.db.transaction().execute((trx) => sealInquiryContacts(trx, ctx.config.dataKeys.current.id)),
    adminNav: [{ href: '/admin/inquiries', label: '政策咨询', permission: 'channels.read' }],
  },
  {
    name: 'consultation',
    routes: consultationRoutes,
    seedDemo: seedConsultations,
    dashboard: consultationDashboard,
    sealPersonalData: (ctx) =>
      ctx.db.transaction().execute((trx) => sealCommentContacts(trx, ctx.config.dataKeys.current.id)),
    adminNav: [{ href: '/admin/consultations', label: '意见征集', permission: 'channels.read' }],
  },
  normativeModule,
  {
    name: 'calendar',
    routes: calendarRoutes,
    cli: calendarCli,
    dashboard: calendarDashboard,
    adminNav: [{ href: '/admin/calendar', label: '工作日历', permission: 'dashboard.read' }],
  },
  foiModule,
  reportModule,
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
    routes: async (app) => {
      await app.register(contentRoutes);
      await app.register(importRoutes);
    },
    cli: contentCli,
    jobs: [scheduledPublishJob],
    seedDemo: seedContent,
    dashboard: contentDashboard,
    searchSources: contentSearchSources,
    sealPersonalData: sealContentRevisions,
    adminNav: [
      { href: '/admin/content', label: '内容管理', permission: 'content.read' },
      { href: '/admin/content/review', label: '待我审核发布', permission: 'content.read' },
      { href: '/admin/content/import', label: '迁移旧网站内容', permission: 'content.structure' },
    ],
  },
  {
    name: 'search',
    routes: searchRoutes,
    cli: searchCli,
    adminNav: [{ href: '/admin/search/synonyms', label: '搜索同义词', permission: 'search.synonyms.manage' }],
  },
  {
    name: 'inspection',
    routes: inspectionRoutes,
    jobs: [inspectionJob],
    dashboard: inspectionDashboard,
    cli: inspectionCli,
    adminNav: [{ href: '/admin/inspection', label: '网站与新媒体自查', permission: 'inspection.read' }],
  },
  catalogueModule,
  webhooksModule,
];
