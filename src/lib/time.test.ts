import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays, isIsoDate, shanghaiDate, shanghaiStartOfDay } from './time.ts';

describe('Asia/Shanghai dates', () => {
  it('puts 23:30 Beijing time on that day and 00:30 on the next, whatever the server zone', () => {
    assert.equal(shanghaiDate('2022-12-31T15:30:00Z'), '2022-12-31');
    assert.equal(shanghaiDate('2022-12-31T16:30:00Z'), '2023-01-01');
  });
  it('round-trips a date through its start instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          const day = shanghaiDate(d);
          assert.equal(shanghaiDate(shanghaiStartOfDay(day)), day);
          assert.ok(
            shanghaiStartOfDay(day).getTime() <= d.getTime(),
            'shanghaiStartOfDay(day).getTime() <= d.getTime()',
          );
          assert.ok(
            d.getTime() - shanghaiStartOfDay(day).getTime() < 86400000,
            'd.getTime() - shanghaiStartOfDay(day).getTime() < 86400000',
          );
        },
      ),
    );
  });
  it('recognises real calendar dates only', () => {
    assert.ok(isIsoDate('2024-02-29'), "isIsoDate('2024-02-29')");
    assert.ok(!isIsoDate('2023-02-29'), "!isIsoDate('2023-02-29')");
    assert.ok(!isIsoDate('2023-2-1'), "!isIsoDate('2023-2-1')");
    assert.equal(addDays('2022-12-31', 1), '2023-01-01');
  });
});
