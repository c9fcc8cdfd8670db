import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../lib/time.ts';
import { addMonths, ageLevel, linkProblem } from './model.ts';

describe('unanswered inquiry ages (单项否决: over 3 months unanswered)', () => {
  it('moves from on time to due, overdue, 30 days, 60 days and past 3 months', () => {
    assert.equal(ageLevel('2022-03-01', '2022-03-08', '2022-03-07').level, 'on_time');
    assert.equal(ageLevel('2022-03-01', '2022-03-08', '2022-03-08').level, 'due_today');
    assert.equal(ageLevel('2022-03-01', '2022-03-08', '2022-03-09').level, 'overdue');
    assert.equal(ageLevel('2022-03-01', '2022-03-08', '2022-03-31').level, 'warning');
    assert.equal(ageLevel('2022-03-01', '2022-03-08', '2022-04-30').level, 'alarm');
    assert.equal(ageLevel('2022-03-01', '2022-03-08', '2022-06-01').level, 'alarm');
    assert.equal(ageLevel('2022-03-01', '2022-03-08', '2022-06-02').level, 'veto');
    assert.equal(ageLevel('2022-03-01', '2022-03-08', '2022-06-02').ageDays, 93);
  });
  it('adds calendar months, clamping to the month end', () => {
    assert.equal(addMonths('2022-11-30', 3), '2023-02-28');
    assert.equal(addMonths('2023-11-30', 3), '2024-02-29');
    assert.equal(addMonths('2022-12-15', 1), '2023-01-15');
  });
  it('warns at least 30 days before the veto line (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2500 }), fc.integer({ min: 0, max: 200 }), (offset, age) => {
        const received = addDays('2019-01-01', offset);
        const { level } = ageLevel(received, addDays(received, 7), addDays(received, age));
        if (age >= 60)
          assert.ok(level === 'alarm' || level === 'veto', "level === 'alarm' || level === 'veto'");
        if (level === 'veto') assert.ok(age > 88, 'age > 88');
      }),
      { numRuns: 300 },
    );
  });
});

describe('FAQ policy links', () => {
  it('checks policy links', () => {
    assert.equal(linkProblem({ title: '通知', url: '/gfxwj/1' }), null);
    assert.equal(linkProblem({ title: '通知', url: 'https://www.nc.gov.cn/a.html' }), null);
    assert.ok(
      linkProblem({ title: '通知', url: 'javascript:alert(1)' }),
      "linkProblem({ title: '通知', url: 'javascript:alert(1)' })",
    );
    assert.ok(linkProblem({ title: '', url: '/x' }), "linkProblem({ title: '', url: '/x' })");
  });
});
