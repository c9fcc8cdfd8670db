import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../lib/time.ts';
import { periodEnd, phaseOf } from './model.ts';

describe('consultation period', () => {
  it('defaults to 30 days counting the start day', () => {
    assert.equal(periodEnd('2022-03-01'), '2022-03-30');
    assert.equal(periodEnd('2022-03-01', 7), '2022-03-07');
  });
  it('is a draft until published, then upcoming, open on start…end inclusive, then closed', () => {
    const c = { publishedAt: '2022-02-28T02:00:00Z', startDate: '2022-03-01', endDate: '2022-03-30' };
    assert.equal(phaseOf({ ...c, publishedAt: null }, '2022-03-05'), 'draft');
    assert.equal(phaseOf(c, '2022-02-28'), 'upcoming');
    assert.equal(phaseOf(c, '2022-03-01'), 'open');
    assert.equal(phaseOf(c, '2022-03-30'), 'open');
    assert.equal(phaseOf(c, '2022-03-31'), 'closed');
  });
  it('is open on exactly the days of the period (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: -30, max: 120 }),
        (offset, days, at) => {
          const start = addDays('2020-01-01', offset);
          const c = { publishedAt: 'x', startDate: start, endDate: periodEnd(start, days) };
          assert.equal(phaseOf(c, addDays(start, at)) === 'open', at >= 0 && at < days);
        },
      ),
    );
  });
});
