import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../lib/time.ts';
import {
  checkEvidenceUrl,
  countStatuses,
  daysUntil,
  reminderDue,
  taskStatus,
  unitStatus,
  type TaskStatus,
} from './model.ts';

const by = (date: string) => ({ kind: 'by', date }) as const;
const then = (date: string) => ({ kind: 'byThenOngoing', date }) as const;
const ongoing = { kind: 'ongoing' } as const;
const none = { percent: 0, reports: 0, liveEvidence: 0 };

describe('unitStatus', () => {
  it('follows the deadline, reports and evidence', () => {
    assert.equal(unitStatus(by('2022-07-31'), none, '2022-07-31'), 'not_started');
    assert.equal(unitStatus(by('2022-07-31'), none, '2022-08-01'), 'overdue');
    assert.equal(
      unitStatus(by('2022-07-31'), { percent: 40, reports: 1, liveEvidence: 0 }, '2022-07-01'),
      'in_progress',
    );
    assert.equal(
      unitStatus(by('2022-07-31'), { percent: 100, reports: 1, liveEvidence: 0 }, '2022-07-01'),
      'in_progress',
      '100% without evidence',
    );
    assert.equal(
      unitStatus(by('2022-07-31'), { percent: 100, reports: 1, liveEvidence: 1 }, '2022-09-01'),
      'done',
    );
    assert.equal(
      unitStatus(then('2022-07-31'), { percent: 100, reports: 1, liveEvidence: 1 }, '2022-09-01'),
      'ongoing',
    );
    assert.equal(
      unitStatus(then('2022-07-31'), { percent: 90, reports: 2, liveEvidence: 1 }, '2022-09-01'),
      'overdue',
    );
    assert.equal(unitStatus(ongoing, none, '2030-01-01'), 'not_started');
    assert.equal(unitStatus(ongoing, { percent: 10, reports: 1, liveEvidence: 0 }, '2030-01-01'), 'ongoing');
  });

  it('never calls a dated task overdue on or before its date, and never an ongoing one at all', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: 0, max: 100 }),
        fc.nat(3),
        fc.nat(3),
        (d0, delta, percent, reports, liveEvidence) => {
          const date = addDays('2020-01-01', d0);
          const today = addDays(date, delta);
          const p = { percent, reports, liveEvidence };
          const s = unitStatus(by(date), p, today);
          if (delta <= 0) assert.notEqual(s, 'overdue');
          if (s === 'done')
            assert.ok(percent === 100 && liveEvidence > 0, 'percent === 100 && liveEvidence > 0');
          assert.notEqual(unitStatus(ongoing, p, today), 'overdue');
        },
      ),
    );
  });
});

describe('taskStatus and counts', () => {
  it('aggregates units: any overdue wins, done only when all are', () => {
    assert.equal(taskStatus([]), 'not_started');
    assert.equal(taskStatus(['done', 'overdue']), 'overdue');
    assert.equal(taskStatus(['done', 'done']), 'done');
    assert.equal(taskStatus(['done', 'ongoing']), 'ongoing');
    assert.equal(taskStatus(['done', 'not_started']), 'in_progress');
    assert.equal(taskStatus(['not_started', 'not_started']), 'not_started');
  });
  it('counts every status once and computes completion', () => {
    const statuses: TaskStatus[] = ['done', 'ongoing', 'overdue', 'not_started'];
    const c = countStatuses(statuses);
    assert.equal(c.total, 4);
    assert.equal(c.completionPercent, 50);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<TaskStatus>('done', 'ongoing', 'overdue', 'not_started', 'in_progress')),
        (list) => {
          const k = countStatuses(list);
          assert.equal(
            Object.values(k.byStatus).reduce((a, b) => a + b, 0),
            list.length,
          );
          assert.ok(
            k.completionPercent >= 0 && k.completionPercent <= 100,
            'k.completionPercent >= 0 && k.completionPercent <= 100',
          );
        },
      ),
    );
  });
});

describe('reminderDue', () => {
  it('reminds at 10 and 3 days and after the date, tightest threshold first', () => {
    assert.equal(reminderDue('2022-06-30', '2022-06-19'), null);
    assert.deepEqual(reminderDue('2022-06-30', '2022-06-20'), { key: 'd10', days: 10 });
    assert.deepEqual(reminderDue('2022-06-30', '2022-06-27'), { key: 'd3', days: 3 });
    assert.deepEqual(reminderDue('2022-06-30', '2022-06-30'), { key: 'd3', days: 0 });
    assert.deepEqual(reminderDue('2022-06-30', '2022-07-01'), { key: 'overdue', days: -1 });
    assert.equal(daysUntil('2024-02-28', '2024-03-01'), 2, 'leap day counted');
  });
});

describe('checkEvidenceUrl', () => {
  it('accepts site paths for published content and http(s) for external pages only', () => {
    assert.equal(checkEvidenceUrl('topic', '/topics/digital-economy'), null);
    assert.ok(checkEvidenceUrl('topic', '//evil.example/x'), "checkEvidenceUrl('topic', '//evil.example/x')");
    assert.ok(
      checkEvidenceUrl('item', 'https://example.com/'),
      "checkEvidenceUrl('item', 'https://example.com/')",
    );
    assert.equal(checkEvidenceUrl('url', 'https://www.gov.cn/zhengce/'), null);
    assert.ok(
      checkEvidenceUrl('url', 'javascript:alert(1)'),
      "checkEvidenceUrl('url', 'javascript:alert(1)')",
    );
  });
});
