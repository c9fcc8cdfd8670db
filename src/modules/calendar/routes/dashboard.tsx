/** The calendar's panel on the back-office home page. */
import type { Actor, AppContext } from '../../../context.ts';
import { missingHolidayNotices } from '../service.ts';
import { HolidayNoticeReminder } from '../views/dashboard.tsx';

/** Back-office home panel for those who enter notices: the years still without a 国务院放假通知. */
export async function calendarDashboard(ctx: AppContext, actor: Actor) {
  const missing = await missingHolidayNotices(ctx, actor);
  return missing.length ? <HolidayNoticeReminder missing={missing} /> : null;
}
