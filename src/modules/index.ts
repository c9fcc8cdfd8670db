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
import { mediaModule } from './media/module.ts';
import { zonesModule } from './zones/module.ts';
import { inquiryModule } from './inquiry/module.ts';
import { consultationModule } from './consultation/module.ts';
import { normativeModule } from './normative/module.ts';
import { foiModule } from './foi/module.ts';
import { reportModule } from './report/module.ts';
import { contentModule } from './content/module.ts';
import { searchModule } from './search/module.ts';
import { inspectionModule } from './inspection/module.ts';
import { catalogueModule } from './catalogue/module.ts';
import { opsModule } from './ops/module.ts';
import { webhooksModule } from './webhooks/module.ts';
import { platformModule } from '../platform/module.ts';

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
  mediaModule,
  zonesModule,
  inquiryModule,
  consultationModule,
  normativeModule,
  calendarModule,
  foiModule,
  reportModule,
  privacyModule,
  contentModule,
  searchModule,
  inspectionModule,
  catalogueModule,
  webhooksModule,
  platformModule,
];

// The use cases that call other modules' hooks (content's publications) find them here.
