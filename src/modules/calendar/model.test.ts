import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { builtInCalendar, officialNotices } from './data.ts';
import {
  dateOfDay,
  dayNumber,
  isRealDate,
  splitDates,
  statutoryHolidays,
  validateNotice,
  WorkingCalendar,
  type YearNotice,
} from './model.ts';

const cal = builtInCalendar();

/** Expands 'YYYY-MM-DD..YYYY-MM-DD' ranges. */
function days(...specs: string[]): string[] {
  return specs.flatMap((s) => {
    const [a, b = a] = s.split('..');
    const out: string[] = [];
    for (let d = dayNumber(a); d <= dayNumber(b); d++) out.push(dateOfDay(d));
    return out;
  });
}

/** Every weekday off and every weekend working day of a year, as the calendar sees it. */
function irregular(year: number) {
  const off: string[] = [];
  const work: string[] = [];
  for (const d of cal.irregularDays(`${year - 1}-12-31`, `${year}-12-31`))
    (d.working ? work : off).push(d.date);
  return { off, work };
}
/** Expected weekday days off: the listed days minus weekends. */
const weekdaysOf = (list: string[]) =>
  list.filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));

const date = fc.integer({ min: dayNumber('2019-01-01'), max: dayNumber('2027-12-31') }).map(dateOfDay);

describe('working-day calendar: official notices', () => {
  it('2022 matches the State Council notice (rules.md §1)', () => {
    const off = days(
      '2022-01-01..2022-01-03',
      '2022-01-31..2022-02-06',
      '2022-04-03..2022-04-05',
      '2022-04-30..2022-05-04',
      '2022-06-03..2022-06-05',
      '2022-09-10..2022-09-12',
      '2022-10-01..2022-10-07',
    );
    const work = [
      '2022-01-29',
      '2022-01-30',
      '2022-04-02',
      '2022-04-24',
      '2022-05-07',
      '2022-10-08',
      '2022-10-09',
    ];
    for (const d of off) assert.equal(cal.isWorkingDay(d), false, `${d} is a day off`);
    for (const d of work) assert.equal(cal.isWorkingDay(d), true, `${d} is a working day`);
    assert.deepEqual(irregular(2022), { off: weekdaysOf(off), work });
    assert.equal(cal.hasOfficialData(2022), true);
    assert.equal(cal.isProvisional('2022-06-01'), false);
  });

  it('2019 matches the notice (劳动节 5/1–5/4 after the March amendment)', () => {
    const off = days(
      '2019-01-01',
      '2019-02-04..2019-02-10',
      '2019-04-05..2019-04-07',
      '2019-05-01..2019-05-04',
      '2019-06-07..2019-06-09',
      '2019-09-13..2019-09-15',
      '2019-10-01..2019-10-07',
    );
    const work = ['2019-02-02', '2019-02-03', '2019-04-28', '2019-05-05', '2019-09-29', '2019-10-12'];
    assert.deepEqual(irregular(2019), { off: weekdaysOf(off), work });
  });

  it('2023 matches the notice', () => {
    const off = days(
      '2023-01-01..2023-01-02',
      '2023-01-21..2023-01-27',
      '2023-04-05',
      '2023-04-29..2023-05-03',
      '2023-06-22..2023-06-24',
      '2023-09-29..2023-10-06',
    );
    const work = [
      '2023-01-28',
      '2023-01-29',
      '2023-04-23',
      '2023-05-06',
      '2023-06-25',
      '2023-10-07',
      '2023-10-08',
    ];
    assert.deepEqual(irregular(2023), { off: weekdaysOf(off), work });
  });

  it('2024 matches the notice (春节 2/10–2/17, work 2/4 and 2/18)', () => {
    const off = days(
      '2024-01-01',
      '2024-02-10..2024-02-17',
      '2024-04-04..2024-04-06',
      '2024-05-01..2024-05-05',
      '2024-06-10',
      '2024-09-15..2024-09-17',
      '2024-10-01..2024-10-07',
    );
    const work = [
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ];
    assert.deepEqual(irregular(2024), { off: weekdaysOf(off), work });
  });

  it('2025 matches the notice (春节 1/28–2/4, work 1/26 and 2/8)', () => {
    const off = days(
      '2025-01-01',
      '2025-01-28..2025-02-04',
      '2025-04-04..2025-04-06',
      '2025-05-01..2025-05-05',
      '2025-05-31..2025-06-02',
      '2025-10-01..2025-10-08',
    );
    const work = ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'];
    assert.deepEqual(irregular(2025), { off: weekdaysOf(off), work });
  });

  it('2026 matches the notice (春节 2/15–2/23, work 1/4, 2/14, 2/28, 5/9, 9/20, 10/10)', () => {
    const off = days(
      '2026-01-01..2026-01-03',
      '2026-02-15..2026-02-23',
      '2026-04-04..2026-04-06',
      '2026-05-01..2026-05-05',
      '2026-06-19..2026-06-21',
      '2026-09-25..2026-09-27',
      '2026-10-01..2026-10-07',
    );
    const work = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];
    assert.deepEqual(irregular(2026), { off: weekdaysOf(off), work });
  });

  it('built-in data covers 2004–2026; 2027 is provisional', () => {
    for (let y = 2004; y <= 2026; y++) assert.ok(cal.hasOfficialData(y), String(y));
    assert.equal(cal.hasOfficialData(2027), false);
    assert.equal(cal.isProvisional('2027-03-01'), true);
    assert.equal(cal.noticeFor(2027).source, 'statutory');
    assert.equal(cal.noticeFor(2022).source, 'official');
  });

  it('worked examples', () => {
    assert.equal(cal.addWorkingDays('2022-03-01', 20), '2022-03-29');
    assert.equal(
      cal.addWorkingDays('2022-01-28', 1),
      '2022-01-29',
      'the 调休 Saturday is the next working day',
    );
    assert.equal(cal.addWorkingDays('2022-01-30', 1), '2022-02-07', '春节 skipped');
    assert.equal(cal.addWorkingDays('2022-09-30', 1), '2022-10-08', '国庆 skipped, 调休 Saturday counts');
    assert.equal(cal.workingDaysBetween('2022-09-30', '2022-10-09'), 2);
    assert.equal(cal.workingDaysBetween('2022-10-09', '2022-09-30'), -2);
    assert.equal(cal.addWorkingDays('2022-05-05', 0), '2022-05-05');
    assert.match(cal.describeDay('2022-01-29'), /调休上班/);
    assert.match(cal.describeDay('2022-02-01'), /春节放假/);
  });
});

describe('working-day calendar: properties', () => {
  it('add(n) then add(m) equals add(n+m)', () => {
    fc.assert(
      fc.property(
        date,
        fc.nat(60),
        fc.nat(60),
        (d, n, m) => cal.addWorkingDays(cal.addWorkingDays(d, n), m) === cal.addWorkingDays(d, n + m),
      ),
    );
  });
  it('the result is a working day after the start', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 80 }), (d, n) => {
        const r = cal.addWorkingDays(d, n);
        return cal.isWorkingDay(r) && r > d;
      }),
    );
  });
  it('workingDaysBetween(d, add(d, n)) === n', () => {
    fc.assert(
      fc.property(date, fc.nat(80), (d, n) => cal.workingDaysBetween(d, cal.addWorkingDays(d, n)) === n),
    );
  });
  it('the day before add(d, n) leaves n-1 working days: no working day is skipped', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 80 }), (d, n) => {
        const r = cal.addWorkingDays(d, n);
        return cal.workingDaysBetween(d, dateOfDay(dayNumber(r) - 1)) === n - 1;
      }),
    );
  });
  it('a 调休 Saturday counts', () => {
    for (const sat of ['2022-01-29', '2022-10-08', '2024-02-04', '2025-02-08', '2026-02-28']) {
      assert.equal(cal.isWorkingDay(sat), true, sat);
      const before = dateOfDay(dayNumber(sat) - 1);
      assert.equal(cal.workingDaysBetween(before, sat), 1);
    }
  });
});

describe('statutory holidays (for years without a notice)', () => {
  it('2027 under the 2024 amendment: 除夕–初三, 劳动节 5/1–5/2', () => {
    const h = statutoryHolidays(2027);
    assert.deepEqual(h, [
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
  });
  it('before 2025: 春节 初一–初三, 劳动节 5/1 only', () => {
    const h = statutoryHolidays(2024);
    assert.deepEqual(h, [
      '2024-01-01',
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-04-04',
      '2024-05-01',
      '2024-06-10',
      '2024-09-17',
      '2024-10-01',
      '2024-10-02',
      '2024-10-03',
    ]);
  });
  it('every year from 2025 has 13 holiday days (fewer when two coincide) and the statutory days fall inside the official notices', () => {
    for (const y of [2025, 2026]) {
      const official = officialNotices().get(y)!;
      for (const d of statutoryHolidays(y))
        assert.ok(official.daysOff.includes(d), `${d} is off in the ${y} notice`);
    }
    for (let y = 2019; y <= 2024; y++) {
      const official = officialNotices().get(y)!;
      for (const d of statutoryHolidays(y))
        assert.ok(official.daysOff.includes(d), `${d} is off in the ${y} notice`);
    }
  });
  it('every statutory holiday lies in its own year (1950–2199); beyond the lunar tables only solar holidays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1950, max: 2199 }), (y) => {
        const h = statutoryHolidays(y);
        return h.every((d) => d.startsWith(`${y}-`) && isRealDate(d)) && h.length >= (y <= 2100 ? 9 : 5);
      }),
    );
    assert.deepEqual(statutoryHolidays(2101), [
      '2101-01-01',
      '2101-05-01',
      '2101-05-02',
      '2101-10-01',
      '2101-10-02',
      '2101-10-03',
    ]);
  });
  it('a provisional year uses them', () => {
    assert.equal(cal.isWorkingDay('2027-02-08'), false); // Monday, 初三
    assert.equal(cal.isWorkingDay('2027-02-09'), true);
  });
});

describe('admin notices', () => {
  const notice: YearNotice = {
    year: 2027,
    daysOff: ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
    workingWeekends: ['2027-02-20'],
    source: '测试通知',
  };
  it('override a year entirely and end its provisional status', () => {
    const c = new WorkingCalendar(officialNotices(), new Map([[2027, notice]]));
    assert.equal(c.isProvisional('2027-05-01'), false);
    assert.equal(c.isWorkingDay('2027-02-11'), false);
    assert.equal(c.isWorkingDay('2027-02-20'), true);
    assert.equal(c.isWorkingDay('2027-10-01'), true, 'the notice replaces the statutory estimate entirely');
    assert.equal(c.noticeFor(2027).source, 'admin');
  });
  it('validation', () => {
    assert.deepEqual(validateNotice(notice), {});
    assert.match(validateNotice({ ...notice, daysOff: ['2027-02-30'] }).daysOff, /无效日期/);
    assert.match(validateNotice({ ...notice, daysOff: ['2026-02-03'] }).daysOff, /不属于 2027 年/);
    assert.match(
      validateNotice({ ...notice, workingWeekends: ['2027-02-22'] }).workingWeekends,
      /星期六或星期日/,
    );
    assert.match(validateNotice({ ...notice, source: ' ' }).source, /来源/);
    assert.match(
      validateNotice({ ...notice, workingWeekends: ['2027-02-06'], daysOff: ['2027-02-06'] }).workingWeekends,
      /既放假又上班/,
    );
  });
  it('splitDates accepts lines, commas and 顿号', () => {
    assert.deepEqual(splitDates('2027-01-01\n2027-02-05, 2027-02-06、2027-02-07；2027-02-08'), [
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
    ]);
    assert.equal(isRealDate('2027-02-29'), false);
    assert.equal(isRealDate('2028-02-29'), true);
  });
});
