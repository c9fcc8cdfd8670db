/** The 政策咨询 module's contributions to the app (modules/index.ts lists it). */
import type { GongkaiModule } from '../registry.ts';
import { inquiryCli } from './cli.ts';
import { inquiryDashboard } from './routes/admin.tsx';
import { inquiryRoutes } from './routes/index.ts';
import { seedInquiries } from './seed.ts';
import { faqSearchSources, inquiryRemindersJob, sealInquiryPersonalData } from './service.ts';

export const inquiryModule: GongkaiModule = {
  name: 'inquiry',
  routes: inquiryRoutes,
  jobs: [inquiryRemindersJob],
  seedDemo: seedInquiries,
  dashboard: inquiryDashboard,
  cli: inquiryCli,
  searchSources: faqSearchSources,
  sealPersonalData: sealInquiryPersonalData,
  adminNav: [{ href: '/admin/inquiries', label: '政策咨询', permission: 'channels.read' }],
};
