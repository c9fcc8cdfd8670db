import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { residentIdCheckChar } from '../../lib/identifiers.ts';
import { addDays } from '../../lib/time.ts';
import { addMonths, addWorkdays, ageLevel, findPersonalInfo, isWorkingDay, linkProblem, personalInfoProblem } from './model.ts';

const validId = (first17: string) => first17 + residentIdCheckChar(first17);

describe('inquiry answer deadline on working days', () => {
  it('skips the Spring Festival 2022 and counts its 调休 working weekend', () => {
    // Received Fri 2022-01-28: working days Sat 1/29, Sun 1/30 (调休), then 2/7, 2/8, 2/9 after 1/31–2/6 off.
    assert.equal(addWorkdays('2022-01-28', 5), '2022-02-09');
    assert.equal(addWorkdays('2022-01-28', 1), '2022-01-29');
  });
  it('does not count the receipt day', () => {
    assert.equal(addWorkdays('2022-03-01', 1), '2022-03-02');
    assert.equal(addWorkdays('2022-03-04', 1), '2022-03-07'); // Friday → Monday
  });
  it('lands on a working day with exactly n working days after the receipt day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2500 }), fc.integer({ min: 1, max: 30 }), (offset, n) => {
        const start = addDays('2019-01-01', offset);
        const due = addWorkdays(start, n);
        assert.ok(isWorkingDay(due));
        let count = 0;
        for (let d = addDays(start, 1); d <= due; d = addDays(d, 1)) if (isWorkingDay(d)) count++;
        assert.equal(count, n);
      }),
      { numRuns: 200 },
    );
  });
});

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
        const { level } = ageLevel(received, addWorkdays(received, 5), addDays(received, age));
        if (age >= 60) assert.ok(level === 'alarm' || level === 'veto');
        if (level === 'veto') assert.ok(age > 88);
      }),
      { numRuns: 300 },
    );
  });
});

describe('personal-information check before publication', () => {
  it('finds resident ID numbers and mobile numbers in their written forms', () => {
    const id = validId('36010219800101123');
    const kinds = (s: string) => findPersonalInfo(s).map((f) => f.kind);
    assert.deepEqual(kinds(`身份证号${id}，请核实`), ['resident_id']);
    assert.deepEqual(kinds('电话 13812345678'), ['mobile']);
    assert.deepEqual(kinds('电话 +86 138-1234-5678'), ['mobile']);
    assert.deepEqual(kinds('电话１３８１２３４５６７８'), ['mobile']);
    assert.deepEqual(kinds(`${id.toLowerCase()}`), ['resident_id']);
  });
  it('leaves office hotlines, 12345, codes and wrong check digits alone', () => {
    const id = validId('36010219800101123');
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    assert.deepEqual(findPersonalInfo(`咨询电话 0791-83888888、12345，统一社会信用代码 91360100MA35XXXX0X，号码 ${wrong}`), []);
    assert.equal(personalInfoProblem('一切正常'), null);
    assert.match(personalInfoProblem('联系 13912345678')!, /手机号码/);
  });
  it('finds any valid resident ID embedded in Chinese text (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 110000, max: 659999 }),
        fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.string({ maxLength: 10 }).map((s) => s.replace(/[0-9A-Za-z０-９]/g, '字')),
        (region, birth, seq, text) => {
          const first17 = `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
          const found = findPersonalInfo(`${text}申请人${validId(first17)}。`);
          assert.ok(found.some((f) => f.kind === 'resident_id'));
        },
      ),
    );
  });
  it('checks policy links', () => {
    assert.equal(linkProblem({ title: '通知', url: '/gfxwj/1' }), null);
    assert.equal(linkProblem({ title: '通知', url: 'https://www.nc.gov.cn/a.html' }), null);
    assert.ok(linkProblem({ title: '通知', url: 'javascript:alert(1)' }));
    assert.ok(linkProblem({ title: '', url: '/x' }));
  });
});
