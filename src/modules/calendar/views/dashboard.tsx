/** The calendar's panel on the back-office home page. */
import type { Actor, AppContext } from '../../../context.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { can } from '../../auth/permissions.ts';
import { loadCalendar } from '../service.ts';

/**
 * Back-office home panel for those who enter notices: a reminder when this year or (from October,
 * when the State Council usually publishes it) next year has no notice yet.
 */
export async function calendarDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'calendar.manage')) return null;
  const today = shanghaiDate(ctx.clock.now());
  const year = +today.slice(0, 4);
  const cal = await loadCalendar(ctx.db);
  const missing = [year, ...(+today.slice(5, 7) >= 10 ? [year + 1] : [])].filter(
    (y) => !cal.hasOfficialData(y),
  );
  if (missing.length === 0) return null;
  return (
    <section class="card" aria-labelledby="calendar-panel">
      <h2 id="calendar-panel">放假通知待录入</h2>
      <p>
        {missing.join('、')}{' '}
        年尚无国务院放假通知数据，涉及的答复期限按法定节假日预估。通知公布后请及时录入，系统会重新计算所有未办结申请的期限。
      </p>
      <p>
        <a href={`/admin/calendar?year=${missing[missing.length - 1]}`}>
          录入 {missing[missing.length - 1]} 年放假通知
        </a>
      </p>
    </section>
  );
}
