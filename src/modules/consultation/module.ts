/** The 意见征集 module's contributions to the app (modules/index.ts lists it). */
import type { GongkaiModule } from '../registry.ts';
import { consultationDashboard } from './routes/admin.tsx';
import { consultationRoutes } from './routes/index.ts';
import { seedConsultations } from './seed.ts';
import { sealConsultationContacts } from './service.ts';

export const consultationModule: GongkaiModule = {
  name: 'consultation',
  routes: consultationRoutes,
  seedDemo: seedConsultations,
  dashboard: consultationDashboard,
  sealPersonalData: sealConsultationContacts,
  adminNav: [{ href: '/admin/consultations', label: '意见征集', permission: 'channels.read' }],
};
