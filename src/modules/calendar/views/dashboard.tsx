/** The calendar's panel on the back-office home page. */

/** A reminder to enter the 国务院放假通知 of the years that have none yet (`missing`, ascending). */
export function HolidayNoticeReminder({ missing }: { missing: number[] }) {
  const last = missing[missing.length - 1];
  return (
    <section class="card" aria-labelledby="calendar-panel">
      <h2 id="calendar-panel">放假通知待录入</h2>
      <p>
        {missing.join('、')}{' '}
        年尚无国务院放假通知数据，涉及的答复期限按法定节假日预估。通知公布后请及时录入，系统会重新计算所有未办结申请的期限。
      </p>
      <p>
        <a href={`/admin/calendar?year=${last}`}>录入 {last} 年放假通知</a>
      </p>
    </section>
  );
}
