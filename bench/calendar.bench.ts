/**
 * Due-date computations per second: computeClock with a few events (consultation, extension, fee)
 * on random receipt dates 2019–2026, over the built-in calendar (pure; no database).
 * Also the raw working-day arithmetic (addWorkingDays 20) for comparison.
 */
import { builtInCalendar } from '../src/modules/calendar/data.ts';
import { dateOfDay, dayNumber } from '../src/modules/calendar/model.ts';
import { computeClock, type ClockEvent } from '../src/modules/foi/clock.ts';

export default async function (): Promise<void> {
  const cal = builtInCalendar();
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lo = dayNumber('2019-01-01');
  const hi = dayNumber('2026-09-30');
  const N = 20_000;
  const cases: { received: string; events: ClockEvent[] }[] = [];
  for (let i = 0; i < N; i++) {
    const r = lo + Math.floor(rand() * (hi - lo));
    const events: ClockEvent[] = [];
    const kind = i % 4;
    if (kind >= 1) {
      events.push({ type: 'consultation_started', on: dateOfDay(r + 3), party: 'third_party' });
      events.push({ type: 'consultation_ended', on: dateOfDay(r + 3 + Math.floor(rand() * 20)) });
    }
    if (kind >= 2) events.push({ type: 'extension', on: dateOfDay(r + 25) });
    if (kind >= 3) {
      events.push({ type: 'fee_notice', on: dateOfDay(r + 30) });
      events.push({ type: 'fee_paid', on: dateOfDay(r + 30 + Math.floor(rand() * 25)) });
    }
    cases.push({ received: dateOfDay(r), events });
  }
  // warm up
  for (let i = 0; i < 2000; i++) computeClock(cases[i].received, cases[i].events, cal);

  let t0 = performance.now();
  let sink = 0;
  for (const c of cases) sink += computeClock(c.received, c.events, cal).spans.length;
  let ms = performance.now() - t0;
  console.log(
    `computeClock（0–5 个事件，平均 2.5 个；含中文说明）: ${N} 次 / ${ms.toFixed(0)} ms = ${Math.round((N / ms) * 1000).toLocaleString('en-US')} 次/秒`,
  );

  t0 = performance.now();
  const M = 200_000;
  for (let i = 0; i < M; i++) sink += cal.addWorkingDays(cases[i % N].received, 20).length;
  ms = performance.now() - t0;
  console.log(
    `addWorkingDays(d, 20): ${M} 次 / ${ms.toFixed(0)} ms = ${Math.round((M / ms) * 1000).toLocaleString('en-US')} 次/秒`,
  );
  if (sink === 0) console.log('');
}
