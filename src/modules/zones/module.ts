/** The 政务公开专区 module's contributions to the app (modules/index.ts lists it). */
import type { GongkaiModule } from '../registry.ts';
import { zoneRoutes } from './routes/index.ts';
import { seedZones } from './seed.ts';

export const zonesModule: GongkaiModule = {
  name: 'zones',
  routes: zoneRoutes,
  seedDemo: seedZones,
  adminNav: [{ href: '/admin/zones', label: '政务公开专区', permission: 'channels.read' }],
};
