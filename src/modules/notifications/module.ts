/** The staff inbox (站内提醒) and the outgoing e-mail queue. */
import type { GongkaiModule } from '../registry.ts';
import { notificationRoutes } from './routes/index.tsx';
import { emailJob } from './service.ts';

export const notificationsModule: GongkaiModule = {
  name: 'notifications',
  routes: notificationRoutes,
  jobs: [emailJob],
};
