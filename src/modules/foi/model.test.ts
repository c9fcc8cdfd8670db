import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { creditCodeCheckChar, residentIdCheckChar } from '../../lib/identifiers.ts';
import {
  applicantKey,
  applicationNumber,
  NUMBER_RE,
  applyEvent,
  deriveStatus,
  initialState,
  receiptDateFor,
  refusal,
  replay,
  resultAsOf,
  validateApplicant,
  type ApplicantInput,
  type CaseEvent,
} from './model.ts';
import { OUTCOME_CODES } from './outcomes.ts';

const R = '2022-03-01';
const good = (): ApplicantInput => {
  const first = '36011219800101123';
  return {
    applicantType: 'natural',
    applicantName: '张三',
    idNumber: first + residentIdCheckChar(first),
    phone: '138 0791 1234',
    address: '',
    email: '',
    description: '2021年财政预算',
    docNumber: '',
    docTitle: '',
    preferredForm: '',
    delivery: '',
  };
};

describe('the case state machine', () => {
  const closed: CaseEvent = { type: 'closed', on: '2022-03-10', outcome: 'disclosed' };
  const refuse = (events: CaseEvent[], ev: CaseEvent) => refusal(replay(R, events), ev);

  it('refuses closing twice', () =>
    assert.match(refuse([closed], { ...closed, on: '2022-03-11' })!, /已于 2022-03-10 办结/));
  it('refuses a correction after closing', () =>
    assert.match(refuse([closed], { type: 'correction_requested', on: '2022-03-11' })!, /已于.*办结/));
  it('refuses a second extension', () => {
    const ext: CaseEvent = {
      type: 'extension',
      on: '2022-03-05',
      approvedBy: '公开办主任',
      reason: '需要调取档案',
    };
    assert.equal(refuse([], ext), null);
    assert.match(refuse([ext], { ...ext, on: '2022-03-06' })!, /只能延长一次/);
  });
  it('refuses an extension without the approver', () =>
    assert.match(refuse([], { type: 'extension', on: R, approvedBy: ' ', reason: 'x' })!, /负责人同意/));
  it('refuses a correction received without a request', () =>
    assert.match(refuse([], { type: 'correction_received', on: R })!, /尚未发出补正通知/));
  it('refuses a second correction request (一次性告知)', () =>
    assert.match(
      refuse([{ type: 'correction_requested', on: R }], { type: 'correction_requested', on: R })!,
      /一次性告知/,
    ));
  it('refuses a fee paid without a notice', () =>
    assert.match(refuse([], { type: 'fee_paid', on: R })!, /尚未发出收费通知/));
  it('refuses a consultation ended without a start', () =>
    assert.match(refuse([], { type: 'consultation_ended', on: R })!, /没有进行中的征求意见/));
  it('refuses 逾期不补正 without a pending correction', () =>
    assert.match(refuse([], { type: 'closed', on: R, outcome: 'other.no_correction' })!, /逾期不补正/));
  it('refuses any event before the receipt is confirmed', () =>
    assert.match(
      refusal(initialState(null), { type: 'closed', on: R, outcome: 'disclosed' })!,
      /尚未确认收到/,
    ));
  it('refuses a date before the receipt date', () =>
    assert.match(refuse([], { type: 'fee_paid', on: '2022-02-01' })!, /不能早于收到申请之日/));
  it('refuses an on-the-spot reply on another day', () =>
    assert.match(
      refuse([], { type: 'closed', on: '2022-03-02', outcome: 'disclosed', onTheSpot: true })!,
      /当场答复/,
    ));
  it('refuses a reasonable-date decision while a correction is pending', () =>
    assert.match(
      refuse([{ type: 'correction_requested', on: R }], {
        type: 'excessive_date_set',
        on: R,
        dueDate: '2022-06-01',
        reason: '数量大',
      })!,
      /补正期间/,
    ));
  it('allows a note after closing', () =>
    assert.equal(refuse([closed], { type: 'note', on: '2022-03-12', text: '已邮寄' }), null));

  it('derives the status from the events', () => {
    assert.equal(deriveStatus(initialState(null)), 'awaiting_confirmation');
    assert.equal(deriveStatus(replay(R, [])), 'processing');
    assert.equal(deriveStatus(replay(R, [{ type: 'correction_requested', on: R }])), 'correction_pending');
    assert.equal(
      deriveStatus(replay(R, [{ type: 'consultation_started', on: R, party: 'agency' }])),
      'consultation',
    );
    assert.equal(
      deriveStatus(replay(R, [{ type: 'fee_notice', on: R, method: 'count', fen: 0, explanation: '' }])),
      'fee_pending',
    );
    assert.equal(deriveStatus(replay(R, [closed])), 'closed');
  });

  // Property: whatever sequence staff try, applying only allowed events keeps the invariants:
  // at most one closing, exactly one outcome once closed, nothing recorded after closing.
  const arbEvent: fc.Arbitrary<CaseEvent> = fc.oneof(
    fc.constant<CaseEvent>({ type: 'correction_requested', on: R }),
    fc.constant<CaseEvent>({ type: 'correction_received', on: R }),
    fc.constant<CaseEvent>({ type: 'extension', on: R, approvedBy: '主任', reason: '复杂' }),
    fc
      .constantFrom<'third_party' | 'agency'>('third_party', 'agency')
      .map((party): CaseEvent => ({ type: 'consultation_started', on: R, party })),
    fc.constant<CaseEvent>({ type: 'consultation_ended', on: R }),
    fc.constant<CaseEvent>({ type: 'fee_notice', on: R, method: 'count', fen: 0, explanation: '' }),
    fc.constant<CaseEvent>({ type: 'fee_paid', on: R }),
    fc.constantFrom(...OUTCOME_CODES).map((outcome): CaseEvent => ({ type: 'closed', on: R, outcome })),
  );
  it('keeps one outcome per closed case and refuses everything after closing (property)', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 25 }), (events) => {
        let s = initialState(R);
        let closings = 0;
        let extensions = 0;
        for (const ev of events) {
          const why = refusal(s, ev);
          if (s.closed) assert.ok(why, 'nothing after closing');
          if (why) continue;
          s = applyEvent(s, ev);
          if (ev.type === 'closed') closings++;
          if (ev.type === 'extension') extensions++;
        }
        assert.ok(closings <= 1, 'closings <= 1');
        assert.ok(extensions <= 1, 'extensions <= 1');
        assert.equal(s.closed, s.outcome !== null);
        assert.equal(deriveStatus(s) === 'closed', s.closed);
      }),
    );
  });
});

describe('applicant validation', () => {
  it('accepts a natural person with a valid ID and a mobile in any common form', () => {
    const { fields, value } = validateApplicant(good());
    assert.deepEqual(fields, {});
    assert.equal(value.phone, '13807911234');
  });
  it('rejects a wrong ID check digit in Chinese', () => {
    const g = good();
    const last = g.idNumber.at(-1) === '1' ? '2' : '1';
    assert.match(
      validateApplicant({ ...g, idNumber: g.idNumber.slice(0, 17) + last }).fields.idNumber,
      /身份证号码不正确/,
    );
  });
  it('rejects a wrong mobile number', () =>
    assert.match(validateApplicant({ ...good(), phone: '12345' }).fields.phone, /联系电话不正确/));
  it('accepts an organisation with a valid credit code and rejects a wrong one', () => {
    const first = '91360100MA35ABCDE';
    const code = first + creditCodeCheckChar(first);
    assert.deepEqual(
      validateApplicant({
        ...good(),
        applicantType: 'commercial',
        applicantName: '某公司',
        idNumber: code,
        legalRepresentative: '李四',
      }).fields,
      {},
    );
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    assert.match(
      validateApplicant({ ...good(), applicantType: 'commercial', applicantName: '某公司', idNumber: wrong })
        .fields.idNumber,
      /统一社会信用代码不正确/,
    );
  });
  it('requires an e-mail for e-mail delivery', () =>
    assert.match(validateApplicant({ ...good(), delivery: 'email' }).fields.email, /电子邮箱/));
  it('never accepts a random 18-character ID with a wrong check digit (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{16}$/), fc.constantFrom(...'0123456789X'), (first, c) => {
        const ok = validateApplicant({ ...good(), idNumber: first + c }).fields.idNumber === undefined;
        if (ok) assert.equal(residentIdCheckChar(first), c);
      }),
    );
  });
  it('keys applicants by ID, else by name and phone', () => {
    assert.equal(applicantKey({ idNumber: 'X1', applicantName: 'a', phone: '1' }), 'id:X1');
    assert.equal(applicantKey({ idNumber: '', applicantName: 'a', phone: '1' }), 'np:a|1');
  });
});

describe('receipt dates by channel (条例第三十一条)', () => {
  it('puts internet and fax into the confirmation queue', () => {
    assert.deepEqual(receiptDateFor('online', '2022-03-01'), { receivedOn: null });
    assert.deepEqual(receiptDateFor('fax', null), { receivedOn: null });
  });
  it('takes the given date for counter, registered mail and letters, and asks for it when missing', () => {
    assert.equal(receiptDateFor('registered_mail', '2022-03-01').receivedOn, '2022-03-01');
    assert.match(receiptDateFor('registered_mail', null).error!, /签收之日/);
    assert.match(receiptDateFor('ordinary_letter', 'x').error!, /确认之日/);
  });
  it('numbers applications per year, with the site’s code (YSQ unless the site sets one)', () => {
    assert.equal(applicationNumber(2022, 1), '2022-YSQ-00001');
    assert.equal(applicationNumber(2026, 12345, 'HGT'), '2026-HGT-12345');
    assert.match(applicationNumber(2026, 7), NUMBER_RE);
  });
});

describe('review and lawsuit results as of a day (rules.md §4)', () => {
  const dateArb = fc
    .integer({ min: 0, max: 1500 })
    .map((n) => new Date(Date.UTC(2021, 0, 1 + n)).toISOString().slice(0, 10));
  const resultsArb = fc.uniqueArray(
    fc.record({
      id: fc.integer({ min: 1, max: 1000 }),
      resultOn: dateArb,
      result: fc.constantFrom('upheld', 'corrected', 'other'),
    }),
    { selector: (r) => r.id, maxLength: 6 },
  );

  it('takes the latest result dated on or before the day; none is 尚未审结', () => {
    const rs = [
      { id: 1, resultOn: '2022-10-10', result: 'upheld' },
      { id: 2, resultOn: '2023-06-15', result: 'corrected' },
    ];
    assert.equal(
      resultAsOf(rs, '2022-12-31')?.result,
      'upheld',
      'a retrial in 2023 does not reach back into 2022',
    );
    assert.equal(resultAsOf(rs, '2023-12-31')?.result, 'corrected');
    assert.equal(resultAsOf(rs, '2022-10-09'), null);
    assert.equal(resultAsOf(rs)?.result, 'corrected', 'without a day: the latest');
    assert.equal(
      resultAsOf(
        [
          { id: 5, resultOn: '2022-05-01', result: 'other' },
          { id: 3, resultOn: '2022-05-01', result: 'upheld' },
        ],
        '2022-12-31',
      )?.id,
      5,
      'same day: the one entered later',
    );
  });

  it('property: the answer is the maximum by (date, entry) among results on or before the day, in any order', () => {
    fc.assert(
      fc.property(resultsArb, dateArb, fc.integer(), (rs, day, seed) => {
        const got = resultAsOf(rs, day);
        const eligible = rs.filter((r) => r.resultOn <= day);
        if (eligible.length === 0) return assert.equal(got, null);
        assert.ok(got && got.resultOn <= day, 'dated on or before the day');
        for (const r of eligible)
          assert.ok(
            r.resultOn < got.resultOn || (r.resultOn === got.resultOn && r.id <= got.id),
            'no later eligible result',
          );
        const shuffled = [...rs].sort((a, b) => ((a.id * 7919 + seed) % 101) - ((b.id * 7919 + seed) % 101));
        assert.equal(resultAsOf(shuffled, day), got, 'order of entry in the list does not matter');
      }),
    );
  });

  it('property: results dated after the day never change the answer for it', () => {
    fc.assert(
      fc.property(
        resultsArb,
        dateArb,
        fc.array(fc.integer({ min: 1, max: 900 }), { maxLength: 4 }),
        (rs, day, later) => {
          const extra = later.map((n, i) => ({
            id: 2000 + i,
            resultOn: new Date(Date.parse(day) + n * 86400000).toISOString().slice(0, 10),
            result: 'corrected',
          }));
          assert.equal(resultAsOf([...rs, ...extra], day), resultAsOf(rs, day));
        },
      ),
    );
  });
});
