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

  // Three rounds each; the best is reported (other work on the machine only slows rounds down).
  let sink = 0;
  const rounds = (label: string, count: number, work: () => void) => {
    const rates: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      work();
      rates.push((count / (performance.now() - t0)) * 1000);
    }
    rates.sort((a, b) => b - a);
    const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
    console.log(`${label}: 最好 ${fmt(rates[0])} 次/秒（三轮：${rates.map(fmt).join(' / ')}）`);
  };
  rounds(`computeClock（${N} 案，每案 0–5 个事件，平均 2.5 个；含中文说明）`, N, () => {
    for (const c of cases) sink += computeClock(c.received, c.events, cal).spans.length;
  });
  const M = 200_000;
  rounds(`addWorkingDays(d, 20)（${M} 次）`, M, () => {
    for (let i = 0; i < M; i++) sink += cal.addWorkingDays(cases[i % N].received, 20).length;
  });
  if (sink === 0) console.log('');
}
