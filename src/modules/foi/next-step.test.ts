import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { builtInCalendar } from '../calendar/data.ts';
import { computeClock } from './clock.ts';
import type { CaseEvent } from './model.ts';
import { nextStep, plainDate } from './next-step.ts';
import { clockEvents } from './service.ts';
import { contentWords, normalizeIdNumber, normalizePhone, similarity } from './similar.ts';

const cal = builtInCalendar();

/** The next step of a case received on `received` with `events`, on `today`. */
function stepOf(received: string | null, events: CaseEvent[], today: string, status: string) {
  const clock = received ? computeClock(received, clockEvents(events), cal) : null;
  return nextStep(
    {
      status,
      receivedOn: received,
      submittedOn: received ?? '2022-03-01',
      provisional: false,
      events,
      clock,
      today,
    },
    cal,
  );
}

describe('next legal step of a case, in plain words with its date', () => {
  it('writes dates as 年月日 with the weekday', () => {
    assert.equal(plainDate('2022-03-29'), '2022年3月29日（星期二）');
  });

  it('awaiting confirmation: confirm receipt, no deadline yet', () => {
    const s = stepOf(null, [], '2022-03-02', 'awaiting_confirmation');
    assert.match(s.action, /确认收到/, 'says to confirm receipt');
    assert.equal(s.deadline, null, 'no deadline before receipt');
    assert.ok(
      s.details.some((d) => d.includes('条例第三十一条')),
      'names the rule',
    );
  });

  it('processing: reply by the 20th working day, with the 补正 notice date while it can still be sent', () => {
    const s = stepOf('2022-03-01', [], '2022-03-02', 'processing');
    assert.equal(s.deadline, '2022-03-29', 'due the 20th working day after receipt');
    assert.equal(s.action, '在 2022年3月29日（星期二） 前答复申请人（还有 19 个工作日）');
    assert.ok(
      s.details.some((d) => d.includes('2022年3月10日')),
      'the correction notice is due the 7th working day',
    );
    const late = stepOf('2022-03-01', [], '2022-03-15', 'processing');
    assert.ok(!late.details.some((d) => d.includes('补正')), 'no 补正 advice after its 7 days');
  });

  it('processing on a moved clock past the due date: overdue, in working days', () => {
    const s = stepOf('2022-03-01', [], '2022-03-31', 'processing');
    assert.ok(s.overdue, 'overdue');
    assert.equal(s.workingDaysLeft, -2, 'two working days past');
    assert.match(s.action, /已超过答复期限 2022年3月29日（星期二）（已过期 2 个工作日）/);
  });

  it('correction pending: wait until the period ends; after it, close as 逾期不补正', () => {
    const ev: CaseEvent[] = [{ type: 'correction_requested', on: '2022-03-03', periodDays: 15 }];
    const waiting = stepOf('2022-03-01', ev, '2022-03-04', 'correction_pending');
    assert.equal(waiting.deadline, '2022-03-24', '15 working days after the notice');
    assert.match(waiting.action, /等待申请人补正，补正期限到 2022年3月24日（星期四）/);
    const lapsed = stepOf('2022-03-01', ev, '2022-03-25', 'correction_pending');
    assert.ok(lapsed.overdue, 'lapsed');
    assert.match(lapsed.action, /逾期不补正/);
  });

  it('consultation and fee: the period and what to record after it', () => {
    const c = stepOf(
      '2022-03-01',
      [{ type: 'consultation_started', on: '2022-03-02', party: 'third_party' }],
      '2022-03-03',
      'consultation',
    );
    assert.equal(c.deadline, '2022-03-23', '15 working days');
    assert.match(c.action, /等待征求意见的答复/);
    const f = stepOf(
      '2022-03-01',
      [{ type: 'fee_notice', on: '2022-03-02', method: 'count', fen: 10000, explanation: '' }],
      '2022-04-06',
      'fee_pending',
    );
    assert.ok(f.overdue, 'the fee period has run out');
    assert.match(f.action, /逾期未缴纳信息处理费/);
  });

  it('closed: the outcome and date, and the remedy periods', () => {
    const s = stepOf(
      '2022-03-01',
      [{ type: 'closed', on: '2022-03-10', outcome: 'disclosed' }],
      '2022-03-11',
      'closed',
    );
    assert.equal(s.action, '已于 2022年3月10日（星期四） 办结：（一）予以公开');
    assert.ok(s.details[0].includes('60 日'), 'names the review period');
  });

  it('property: an open case always has a deadline, and overdue exactly when today is after it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 80 }), (offset, later) => {
        const received = new Date(Date.UTC(2021, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const today = new Date(Date.UTC(2021, 0, 1) + (offset + later) * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const s = stepOf(received, [], today, 'processing');
        return (
          s.deadline !== null && s.overdue === today > s.deadline && s.action.includes(plainDate(s.deadline))
        );
      }),
    );
  });
});

describe('repeat applications: applicant keys and similarity', () => {
  it('folds an ID number typed in another form (case, full-width, spaces) to one key', () => {
    assert.equal(normalizeIdNumber('３６０１１２ 1980 0101 001x'), '36011219800101001X');
    assert.equal(normalizePhone('+86 138-0791-1234'), '13807911234');
    assert.equal(normalizePhone('0086 13807911234'), '13807911234');
    assert.equal(normalizePhone('123'), '', 'too short to mean anyone');
  });

  it('property: case, full width and separators never change the key', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{17}[0-9X]$/), fc.boolean(), fc.boolean(), (id, lower, wide) => {
        let typed = lower ? id.toLowerCase() : id;
        if (wide) typed = [...typed].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
        typed = `${typed.slice(0, 6)} ${typed.slice(6, 14)}-${typed.slice(14)}`;
        return normalizeIdNumber(typed) === id;
      }),
    );
  });

  it('explains similarity by shared words, leaving out the words every application has', () => {
    const a = contentWords('申请公开2021年区级财政预算执行情况');
    const b = contentWords('请提供2021年区级财政预算执行情况的报告');
    assert.ok(!a.includes('公开') && !a.includes('情况'), 'common words are left out');
    const s = similarity(a, b);
    assert.ok(s.similar, 'same request is similar');
    assert.deepEqual(s.shared, ['区级', '财政预算', '执行', '2021'], 'shares the content words');
    const other = similarity(a, contentWords('某小区规划许可证'));
    assert.ok(!other.similar && other.shared.length === 0, 'an unrelated request is not similar');
  });

  it('property: the score is a share in [0, 1], and a request is wholly similar to itself', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('财政', '预算', '规划', '2021', '道路', '学校'), { maxLength: 6 }),
        fc.array(fc.constantFrom('财政', '预算', '医院'), { maxLength: 4 }),
        (a, b) => {
          const s = similarity(a, b);
          const self = similarity(a, a);
          return s.score >= 0 && s.score <= 1 && (a.length === 0 || self.score === 1);
        },
      ),
    );
  });
});
