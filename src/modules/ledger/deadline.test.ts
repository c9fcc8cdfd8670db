import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeadlineError, formatDeadline, monthEnd, parseDeadline, tryParseDeadline } from './deadline.ts';

describe('parseDeadline: the seed ledger forms', () => {
  const cases: [string, unknown][] = [
    ['2022年7月底前完成', { kind: 'by', date: '2022-07-31' }],
    ['2022年10月上旬完成', { kind: 'by', date: '2022-10-10' }],
    ['2022年6月底前完成', { kind: 'by', date: '2022-06-30' }],
    ['2022年12月底前完成', { kind: 'by', date: '2022-12-31' }],
    ['持续推进', { kind: 'ongoing' }],
    ['2022年7月底前完成,并持续推进', { kind: 'byThenOngoing', date: '2022-07-31' }],
    ['2022年7月底前完成，并持续推进', { kind: 'byThenOngoing', date: '2022-07-31' }],
    ['2022年12月底前完成,并持续推进', { kind: 'byThenOngoing', date: '2022-12-31' }],
  ];
  for (const [text, expected] of cases) {
    it(`reads “${text}”`, () => assert.deepEqual(parseDeadline(text), expected));
  }
});

describe('parseDeadline: other forms', () => {
  it('reads 中旬 as the 20th and 下旬 as the month end', () => {
    assert.deepEqual(parseDeadline('2022年10月中旬'), { kind: 'by', date: '2022-10-20' });
    assert.deepEqual(parseDeadline('2022年9月下旬完成'), { kind: 'by', date: '2022-09-30' });
    assert.deepEqual(parseDeadline('2024年2月下旬'), { kind: 'by', date: '2024-02-29' });
  });
  it('reads exact days, 年底前 with the plan year, quarters and half years', () => {
    assert.deepEqual(parseDeadline('2022年12月31日前'), { kind: 'by', date: '2022-12-31' });
    assert.deepEqual(parseDeadline('年底前', { planYear: 2022 }), { kind: 'by', date: '2022-12-31' });
    assert.deepEqual(parseDeadline('7月底前完成', { planYear: 2023 }), { kind: 'by', date: '2023-07-31' });
    assert.deepEqual(parseDeadline('2022年第三季度'), { kind: 'by', date: '2022-09-30' });
    assert.deepEqual(parseDeadline('2022年上半年'), { kind: 'by', date: '2022-06-30' });
    assert.deepEqual(parseDeadline('２０２２年十月上旬完成'), { kind: 'by', date: '2022-10-10' });
    assert.deepEqual(parseDeadline(' 2022年7月底前完成 ， 并持续推进 '), {
      kind: 'byThenOngoing',
      date: '2022-07-31',
    });
  });
  it('reports malformed input with a Chinese reason instead of guessing', () => {
    const bad: [string, RegExp][] = [
      ['', /为空/],
      ['2022年13月底前完成', /月份/],
      ['2022年2月30日前', /没有/],
      ['2023年2月29日前', /不是闰年/],
      ['年底前', /年份/],
      ['2022年10月前完成', /只写了月份/],
      ['尽快完成', /不是可识别/],
      ['2022年7月底前完成,并尽快上报', /后续要求/],
      ['2022年7月底,2022年8月底', /后续要求|多个/],
    ];
    for (const [text, reason] of bad) {
      assert.throws(
        () => parseDeadline(text),
        (e: unknown) => e instanceof DeadlineError && reason.test(e.reason),
        text,
      );
      const r = tryParseDeadline(text);
      assert.equal(r.ok, false);
    }
  });
});

describe('parseDeadline properties', () => {
  const year = fc.integer({ min: 1950, max: 2199 });
  const month = fc.integer({ min: 1, max: 12 });
  const cnMonth = (m: number) =>
    ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'][m - 1];
  const expectedEnd = (y: number, m: number) => {
    const days = [
      31,
      (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
      31,
      30,
      31,
      30,
      31,
      31,
      30,
      31,
      30,
      31,
    ];
    return days[m - 1];
  };
  const p2 = (n: number) => String(n).padStart(2, '0');

  it('maps every year/month/旬 form to the right date, with or without 并持续推进', () => {
    fc.assert(
      fc.property(
        year,
        month,
        fc.constantFrom('底前完成', '底前', '底', '末', '上旬完成', '中旬', '下旬前完成'),
        fc.boolean(),
        fc.constantFrom(',', '，', '，并', ',并'),
        fc.boolean(),
        (y, m, form, ongoing, comma, chineseMonth) => {
          const text = `${y}年${chineseMonth ? cnMonth(m) : m}月${form}${ongoing ? `${comma}持续推进` : ''}`;
          const day = form.startsWith('上旬') ? 10 : form.startsWith('中旬') ? 20 : expectedEnd(y, m);
          const date = `${y}-${p2(m)}-${p2(day)}`;
          assert.deepEqual(
            parseDeadline(text),
            ongoing ? { kind: 'byThenOngoing', date } : { kind: 'by', date },
          );
        },
      ),
    );
  });

  it('gives February 29 exactly in leap years', () => {
    fc.assert(
      fc.property(year, (y) => {
        const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
        assert.equal(parseDeadline(`${y}年2月底前完成`).kind, 'by');
        assert.deepEqual(parseDeadline(`${y}年2月底前完成`), {
          kind: 'by',
          date: `${y}-02-${leap ? 29 : 28}`,
        });
        assert.equal(monthEnd(y, 2), leap ? 29 : 28);
      }),
    );
  });

  it('round-trips every valid date through its canonical form', () => {
    fc.assert(
      fc.property(
        year,
        month,
        fc.integer({ min: 1, max: 31 }),
        fc.constantFrom('by', 'byThenOngoing'),
        (y, m, d0, kind) => {
          const d = Math.min(d0, expectedEnd(y, m));
          const deadline = { kind, date: `${y}-${p2(m)}-${p2(d)}` } as const;
          assert.deepEqual(parseDeadline(formatDeadline(deadline)), deadline);
        },
      ),
    );
  });

  it('never throws anything but DeadlineError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const r = tryParseDeadline(s);
        if (r.ok && r.deadline.kind !== 'ongoing') assert.match(r.deadline.date, /^\d{4}-\d{2}-\d{2}$/);
      }),
    );
  });
});
