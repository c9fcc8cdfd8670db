import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { builtInCalendar } from '../calendar/data.ts';
import { dateOfDay, dayNumber } from '../calendar/model.ts';
import { computeClock, daysLeft, type ClockEvent } from './clock.ts';

const cal = builtInCalendar();
const date = (min = '2019-01-01', max = '2026-10-31') =>
  fc.integer({ min: dayNumber(min), max: dayNumber(max) }).map(dateOfDay);
const plusDays = (d: string, n: number) => dateOfDay(dayNumber(d) + n);

describe('FOI clock: examples', () => {
  it('20 working days after receipt, receipt day not counted', () => {
    const r = computeClock('2022-03-01', [], cal);
    assert.equal(r.dueDate, '2022-03-29');
    assert.equal(r.correctionNoticeDue, '2022-03-10');
    assert.equal(r.provisional, false);
    assert.equal(r.paused, null);
    assert.deepEqual(r.spans, [
      { kind: 'counted', from: '2022-03-01', to: '2022-03-29', workingDays: 20, reason: r.spans[0].reason },
    ]);
    assert.match(
      r.explanation[0],
      /2022-03-01 收到申请（当日不计入）；第1个工作日为 2022-03-02；答复期限 2022-03-29（第20个工作日/,
    );
  });

  it('across 春节 2022, with its 调休 weekend', () => {
    const r = computeClock('2022-01-20', [], cal);
    assert.equal(r.dueDate, '2022-02-22');
    assert.match(r.explanation[0], /2022-01-29 至 2022-01-30 春节调休上班（计入）/);
    assert.match(r.explanation[0], /2022-01-31 至 2022-02-04 春节放假（不计入）/);
  });

  it('across 国庆 2022: 10/8 and 10/9 are working days', () => {
    assert.equal(computeClock('2022-09-20', [], cal).dueDate, '2022-10-21');
  });

  it('correction restarts the clock from the day the correction arrives', () => {
    const pending = computeClock('2022-03-01', [{ type: 'correction_requested', on: '2022-03-03' }], cal);
    assert.equal(pending.dueDate, null);
    assert.equal(pending.paused, 'correction');
    assert.equal(pending.correctionDeadline, cal.addWorkingDays('2022-03-03', 15));
    assert.equal(daysLeft(pending, '2022-03-05', cal), null);
    const r = computeClock(
      '2022-03-01',
      [
        { type: 'correction_requested', on: '2022-03-03', periodDays: 10 },
        { type: 'correction_received', on: '2022-03-10' },
      ],
      cal,
    );
    assert.equal(r.dueDate, '2022-04-08'); // crosses 清明 (4/3–4/5 off) and counts Saturday 4/2
    assert.equal(r.paused, null);
    assert.equal(r.correctionDeadline, null);
    assert.ok(
      r.explanation.some((l) => /2022-03-10 收到补正材料/.test(l)),
      'r.explanation.some((l) => /2022-03-10 收到补正材料/.test(l))',
    );
  });

  it('extension adds 20 working days after the current due date', () => {
    const r = computeClock('2022-03-01', [{ type: 'extension', on: '2022-03-25' }], cal);
    assert.equal(r.dueDate, cal.addWorkingDays('2022-03-29', 20));
    assert.equal(r.dueDate, '2022-04-26'); // counts Saturday 4/2 and Sunday 4/24 (调休), skips 清明
  });

  it('a consultation adds its working days; while pending the due date is the latest possible', () => {
    const pending = computeClock(
      '2022-03-01',
      [{ type: 'consultation_started', on: '2022-03-07', party: 'third_party' }],
      cal,
    );
    assert.equal(pending.paused, 'consultation');
    assert.equal(pending.consultationDeadline, cal.addWorkingDays('2022-03-07', 15));
    assert.equal(pending.dueDate, cal.addWorkingDays('2022-03-29', 15));
    const r = computeClock(
      '2022-03-01',
      [
        { type: 'consultation_started', on: '2022-03-07', party: 'agency' },
        { type: 'consultation_ended', on: '2022-03-14' },
      ],
      cal,
    );
    assert.equal(r.dueDate, cal.addWorkingDays('2022-03-29', 5));
    assert.equal(r.consultationDeadline, null);
    assert.deepEqual(r.spans[1], {
      kind: 'excluded',
      from: '2022-03-07',
      to: '2022-03-14',
      workingDays: 5,
      reason: r.spans[1].reason,
    });
  });

  it('fee notice to payment does not count (our convention)', () => {
    const pending = computeClock('2022-03-01', [{ type: 'fee_notice', on: '2022-03-10' }], cal);
    assert.equal(pending.paused, 'fee');
    assert.equal(pending.feePaymentDeadline, cal.addWorkingDays('2022-03-10', 20));
    const r = computeClock(
      '2022-03-01',
      [
        { type: 'fee_notice', on: '2022-03-10' },
        { type: 'fee_paid', on: '2022-03-15' },
      ],
      cal,
    );
    assert.equal(r.dueDate, cal.addWorkingDays('2022-03-29', 3));
    assert.equal(r.feePaymentDeadline, null);
    assert.ok(
      r.explanation.some((l) => /本系统约定/.test(l)),
      'r.explanation.some((l) => /本系统约定/.test(l))',
    );
  });

  it('an excessive-request date replaces the due date (moved off a holiday)', () => {
    const r = computeClock(
      '2022-03-01',
      [{ type: 'excessive_date_set', on: '2022-03-10', dueDate: '2022-06-30' }],
      cal,
    );
    assert.equal(r.dueDate, '2022-06-30');
    const h = computeClock(
      '2022-03-01',
      [{ type: 'excessive_date_set', on: '2022-03-10', dueDate: '2022-10-01' }],
      cal,
    );
    assert.equal(h.dueDate, '2022-10-08');
  });

  it('closed: later events ignored; daysLeft null', () => {
    const r = computeClock(
      '2022-03-01',
      [
        { type: 'closed', on: '2022-03-20' },
        { type: 'extension', on: '2022-03-25' },
      ],
      cal,
    );
    assert.equal(r.dueDate, '2022-03-29');
    assert.equal(r.closedOn, '2022-03-20');
    assert.equal(daysLeft(r, '2022-03-21', cal), null);
  });

  it('days left and overdue', () => {
    const r = computeClock('2022-03-01', [], cal);
    assert.deepEqual(daysLeft(r, '2022-03-28', cal), { workingDaysLeft: 1, overdue: false });
    assert.deepEqual(daysLeft(r, '2022-03-29', cal), { workingDaysLeft: 0, overdue: false });
    assert.deepEqual(daysLeft(r, '2022-03-31', cal), { workingDaysLeft: -2, overdue: true });
  });

  it('a due date in a year without a notice is provisional', () => {
    assert.equal(computeClock('2026-12-10', [], cal).provisional, true);
    assert.equal(computeClock('2026-11-10', [], cal).provisional, false);
    const r = computeClock('2026-11-10', [{ type: 'extension', on: '2026-12-01' }], cal);
    assert.equal(r.provisional, true);
    assert.ok(
      r.explanation.some((l) => /预估/.test(l)),
      'r.explanation.some((l) => /预估/.test(l))',
    );
  });
});

const eventsArb = (received: string) =>
  fc
    .record({
      consult: fc.option(
        fc.record({
          start: fc.integer({ min: 1, max: 15 }),
          len: fc.integer({ min: 0, max: 25 }),
          party: fc.constantFrom('third_party' as const, 'agency' as const),
        }),
      ),
      extension: fc.option(fc.integer({ min: 1, max: 40 })),
      fee: fc.option(
        fc.record({ start: fc.integer({ min: 1, max: 20 }), len: fc.integer({ min: 0, max: 25 }) }),
      ),
    })
    .map(({ consult, extension, fee }) => {
      const ev: ClockEvent[] = [];
      if (consult) {
        ev.push({
          type: 'consultation_started',
          on: plusDays(received, consult.start),
          party: consult.party,
        });
        ev.push({ type: 'consultation_ended', on: plusDays(received, consult.start + consult.len) });
      }
      if (extension) ev.push({ type: 'extension', on: plusDays(received, extension) });
      if (fee) {
        ev.push({ type: 'fee_notice', on: plusDays(received, 60 + fee.start) });
        ev.push({ type: 'fee_paid', on: plusDays(received, 60 + fee.start + fee.len) });
      }
      return ev;
    });

describe('FOI clock: properties', () => {
  it('the due date is always a working day after receipt', () => {
    fc.assert(
      fc.property(
        date().chain((d) => fc.tuple(fc.constant(d), eventsArb(d))),
        ([d, ev]) => {
          const r = computeClock(d, ev, cal);
          return r.dueDate !== null && cal.isWorkingDay(r.dueDate) && r.dueDate > d;
        },
      ),
    );
  });
  it('a consultation of k working days moves the due date by exactly k working days', () => {
    fc.assert(
      fc.property(date(), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 30 }), (d, s, len) => {
        const start = plusDays(d, s);
        const end = plusDays(start, len);
        const k = cal.workingDaysBetween(start, end);
        const before = computeClock(d, [], cal).dueDate!;
        const after = computeClock(
          d,
          [
            { type: 'consultation_started', on: start, party: 'agency' },
            { type: 'consultation_ended', on: end },
          ],
          cal,
        ).dueDate!;
        return cal.workingDaysBetween(before, after) === k;
      }),
    );
  });
  it('an extension adds exactly 20 working days', () => {
    fc.assert(
      fc.property(date(), fc.integer({ min: 1, max: 27 }), (d, x) => {
        const before = computeClock(d, [], cal).dueDate!;
        const after = computeClock(d, [{ type: 'extension', on: plusDays(d, x) }], cal).dueDate!;
        return cal.workingDaysBetween(before, after) === 20;
      }),
    );
  });
  it('the order events are passed in does not matter (they apply in date order)', () => {
    fc.assert(
      fc.property(
        date().chain((d) => fc.tuple(fc.constant(d), eventsArb(d))),
        fc.integer(),
        ([d, ev], seed) => {
          const shuffled = [...ev].sort(
            (a, b) => ((a.on.charCodeAt(9) * 31 + seed) % 7) - ((b.on.charCodeAt(9) * 31 + seed) % 7),
          );
          // Equal dates keep their recorded order, so only reorder across different dates.
          const byDate = new Map<string, ClockEvent[]>();
          for (const e of ev) byDate.set(e.on, [...(byDate.get(e.on) ?? []), e]);
          const stable = shuffled
            .filter((e, i, arr) => arr.findIndex((x) => x.on === e.on) === i)
            .flatMap((e) => byDate.get(e.on)!);
          assert.deepEqual(computeClock(d, stable, cal), computeClock(d, ev, cal));
        },
      ),
    );
  });
  it('notices for years the case does not touch change nothing', () => {
    const noisy = builtInCalendar(
      new Map([
        [
          2030,
          { year: 2030, daysOff: ['2030-03-04'], workingWeekends: ['2030-03-09'], source: '无关的年份' },
        ],
      ]),
    );
    fc.assert(
      fc.property(
        date().chain((d) => fc.tuple(fc.constant(d), eventsArb(d))),
        ([d, ev]) => {
          assert.deepEqual(computeClock(d, ev, noisy), computeClock(d, ev, cal));
        },
      ),
    );
  });
  it('the correction notice is due on the 7th working day and a correction restarts the 20 days', () => {
    fc.assert(
      fc.property(date(), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 20 }), (d, a, b) => {
        const req = plusDays(d, a);
        const got = plusDays(req, b);
        const r = computeClock(
          d,
          [
            { type: 'correction_requested', on: req },
            { type: 'correction_received', on: got },
          ],
          cal,
        );
        return (
          cal.workingDaysBetween(d, r.correctionNoticeDue) === 7 && r.dueDate === cal.addWorkingDays(got, 20)
        );
      }),
    );
  });
});
