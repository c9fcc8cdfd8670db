/** The working-day calendar (国务院放假通知): API, back office, dashboard reminder, CLI. */
import type { GongkaiModule } from '../registry.ts';
import { calendarCli } from './cli.ts';
import { calendarDashboard } from './routes/dashboard.tsx';
import { calendarRoutes } from './routes/index.ts';

export const calendarModule: GongkaiModule = {
  name: 'calendar',
  routes: calendarRoutes,
  cli: calendarCli,
  dashboard: calendarDashboard,
  adminNav: [{ href: '/admin/calendar', label: '工作日历', permission: 'dashboard.read' }],
};
