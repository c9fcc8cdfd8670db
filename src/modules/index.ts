/**
 * Every capability module, in the order their demo data is seeded (later modules build on earlier
 * ones' data). Adding a module = one line here.
 */
import type { GongkaiModule } from './registry.ts';
import { portalModule } from './portal/module.ts';
import { adminModule } from './admin/module.ts';
import { orgModule } from './org/module.ts';
import { authModule } from './auth/module.ts';
import { auditModule } from './audit/module.ts';
import { jobsModule } from './jobs/module.ts';
import { notificationsModule } from './notifications/module.ts';
import { setupModule } from './setup/module.ts';
import { calendarModule } from './calendar/module.ts';
import { privacyModule } from './privacy/module.ts';
import { ledgerModule } from './ledger/module.ts';
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
import { foiModule } from './foi/module.tsx';
import { reportRoutes } from './report/routes.tsx';
import { reportCli } from './report/cli.ts';
import { contentDashboard, contentRoutes } from './content/routes.tsx';
import { scheduledPublishJob } from './content/jobs.ts';
import { importRoutes } from './content/import/routes.tsx';
import { contentCli } from './content/import/cli.ts';
import { seedContent } from './content/seed.ts';
import { contentSearchSources, sealContentRevisions } from './content/service.ts';
import { searchModule } from './search/module.ts';
import { inspectionDashboard, inspectionRoutes } from './inspection/routes.tsx';
import { inspectionJob } from './inspection/service.ts';
import { inspectionCli } from './inspection/cli.ts';
import { catalogueModule } from './catalogue/module.ts';
import { opsModule } from './ops/module.ts';
import { webhooksModule } from './webhooks/module.ts';

export const MODULES: GongkaiModule[] = [
  // First: its request hooks (metrics) must wrap every route registered after it.
  opsModule,
  // The foundation, in this order: the back-office menu lists their entries so, and org seeds the
  // demo district every later module's demo data builds on.
  portalModule,
  adminModule,
  orgModule,
  authModule,
  auditModule,
  jobsModule,
  notificationsModule,
  setupModule,
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
  calendarModule,
  foiModule,
  {
    name: 'report',
    routes: reportRoutes,
    cli: reportCli,
    adminNav: [{ href: '/admin/reports/annual', label: '年度报告', permission: 'report.read' }],
  },
  privacyModule,
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
  searchModule,
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
