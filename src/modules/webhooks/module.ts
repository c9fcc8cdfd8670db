/** Webhooks for integrators: signed JSON events on FOI case changes and publications (docs/modules/webhooks.md). */
import type { GongkaiModule } from '../registry.ts';
import { webhookRoutes } from './routes/index.ts';
import { webhookDeliveryJob } from './service.ts';

export const webhooksModule: GongkaiModule = {
  name: 'webhooks',
  routes: webhookRoutes,
  jobs: [webhookDeliveryJob],
  adminNav: [{ href: '/admin/webhooks', label: '对接推送', permission: 'webhooks.manage' }],
};
