import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CLOSE_BRACKETS, OPEN_BRACKETS, normalizeDocNumber, parseDocNumber } from './docnumber.ts';
import {
  addMonths,
  defaultValidityYears,
  forceSpans,
  isInForce,
  spanBuckets,
  formatIndexNumber,
  indexSeqScope,
  indexTemplateProblem,
  interpretationRate,
  inForceAtYearEnd,
  reminderDate,
  repealedInYear,
  table2Cells,
  statusOn,
  statusPeriods,
  validityEnd,
  type StatusEvent,
} from './model.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';

const HAN_CHARS = [...'洪府办发红谷滩区政字函人社财住建市监卫健委农业'];
const agencyArb = fc
  .array(fc.constantFrom(...HAN_CHARS), { minLength: 1, maxLength: 8 })
  .map((a) => a.join(''));
const yearArb = fc.integer({ min: 1949, max: 2100 });
const seqArb = fc.integer({ min: 1, max: 999999 });
const bracketArb = fc
  .integer({ min: 0, max: OPEN_BRACKETS.length - 1 })
  .map((i) => [OPEN_BRACKETS[i], CLOSE_BRACKETS[i]] as const);
const fullWidth = (s: string) =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xff10 - 0x30));

describe('文号 parser', () => {
  it('normalises the examples of rules.md §6', () => {
    for (const input of [
      '洪府办发〔2022〕66号',
      '洪府办发[2022]66号',
      '洪府办发(2022)66号',
      '洪府办发【2022】66号',
      '洪府办发［２０２２］６６号',
      '洪府办发（2022）066号',
      ' 洪府办发 〔2022〕 第66号 ',
      '洪府办发\u3000[2022]66号',
    ]) {
      assert.equal(normalizeDocNumber(input), '洪府办发〔2022〕66号', input);
    }
  });

  it('refuses what is not a 文号, saying why in Chinese', () => {
    const cases: [string, RegExp][] = [
      ['', /请填写文号/],
      ['洪府办发2022年66号', /括起来的年份/],
      ['〔2022〕66号', /机关代字/],
      ['HF〔2022〕66号', /汉字/],
      ['洪府办发〔22〕66号', /四位数字/],
      ['洪府办发〔1900〕66号', /1949/],
      ['洪府办发〔2022〕66', /号/],
      ['洪府办发〔2022〕号', /序号/],
      ['洪府办发〔2022〕0号', /正整数/],
      ['洪府办发〔2022〕六十六号', /数字/],
      ['洪府办发〔2022', /闭合/],
    ];
    for (const [input, reason] of cases) {
      const r = parseDocNumber(input);
      assert.equal(r.ok, false, input);
      if (!r.ok) assert.match(r.reason, reason, input);
    }
  });

  it('property: any agency code, year and seq in any bracket style, with full-width digits and spaces, normalises to the canonical form', () => {
    fc.assert(
      fc.property(
        agencyArb,
        yearArb,
        seqArb,
        bracketArb,
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        (agency, year, seq, [o, c], wide, spaces, zeros) => {
          let s = `${agency}${o}${year}${c}${'0'.repeat(zeros)}${seq}号`;
          if (wide) s = fullWidth(s);
          if (spaces) s = ` ${s.slice(0, 2)} ${s.slice(2)}\u3000`;
          assert.equal(normalizeDocNumber(s), `${agency}〔${year}〕${seq}号`);
        },
      ),
    );
  });

  it('property: the canonical form is a fixed point', () => {
    fc.assert(
      fc.property(agencyArb, yearArb, seqArb, (agency, year, seq) => {
        const canonical = `${agency}〔${year}〕${seq}号`;
        assert.equal(normalizeDocNumber(canonical), canonical);
        assert.equal(normalizeDocNumber(normalizeDocNumber(canonical)!), canonical);
      }),
    );
  });

  it('property: garbage is rejected with a reason', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        fc.pre(!/号/.test(s) || !/[〔\[(【［（〖]/.test(s));
        const r = parseDocNumber(s);
        assert.equal(r.ok, false);
        if (!r.ok) assert.ok(r.reason.length > 0, 'r.reason.length > 0');
      }),
    );
    fc.assert(
      fc.property(
        agencyArb,
        fc.integer({ min: 0, max: 9999 }).filter((y) => y < 1949 || y > 2100),
        seqArb,
        (agency, year, seq) => {
          assert.equal(parseDocNumber(`${agency}〔${String(year).padStart(4, '0')}〕${seq}号`).ok, false);
        },
      ),
    );
  });
});

describe('validity period', () => {
  it('defaults to 5 years, 2 for 试行/暂行, ending the day before the anniversary', () => {
    assert.equal(defaultValidityYears('红谷滩区促进数字经济发展若干措施'), 5);
    assert.equal(defaultValidityYears('红谷滩区人才引进暂行办法'), 2);
    assert.equal(defaultValidityYears('红谷滩区企业扶持办法（试行）'), 2);
    assert.equal(validityEnd('2022-03-01', 5), '2027-02-28');
    assert.equal(validityEnd('2022-01-01', 2), '2023-12-31');
    assert.equal(validityEnd('2020-02-29', 5), '2025-02-28');
    assert.equal(validityEnd('2019-03-01', 5), '2024-02-29');
  });

  it('reminds 6 months before the last day, clamping to the month end', () => {
    assert.equal(reminderDate('2027-02-28'), '2026-08-28');
    assert.equal(reminderDate('2023-08-31'), '2023-02-28');
    assert.equal(addMonths('2024-08-31', -6), '2024-02-29');
  });
});

describe('point in time', () => {
  // A: registered 2019-01-01 (5 years), amended 2020-06-01 by doc 2, repealed 2021-07-01 by doc 3.
  const a: StatusEvent[] = [
    { id: 1, kind: 'registered', effectiveOn: '2019-01-01', endsOn: '2023-12-31' },
    { id: 5, kind: 'amended', effectiveOn: '2020-06-01', byDocumentId: 2, articles: '第三条、第五条' },
    { id: 9, kind: 'repealed', effectiveOn: '2021-07-01', byDocumentId: 3 },
  ];
  // B: 暂行 registered 2020-03-01, two years → last day 2022-02-28.
  const b: StatusEvent[] = [{ id: 2, kind: 'registered', effectiveOn: '2020-03-01', endsOn: '2022-02-28' }];

  it('follows a document that was amended and then repealed', () => {
    assert.equal(statusOn(a, '2018-12-31').status, 'pending');
    assert.equal(statusOn(a, '2019-01-01').status, 'in_force');
    assert.equal(statusOn(a, '2020-05-31').status, 'in_force');
    assert.deepEqual(statusOn(a, '2020-06-01'), { status: 'amended', since: '2020-06-01', eventId: 5 });
    assert.equal(statusOn(a, '2021-06-30').status, 'amended');
    assert.deepEqual(statusOn(a, '2021-07-01'), { status: 'repealed', since: '2021-07-01', eventId: 9 });
    assert.equal(statusOn(a, '2030-01-01').status, 'repealed', 'a repealed document does not later expire');
  });

  it('expires at the end of its last day, Beijing time, whether or not the job has run', () => {
    const at = (instant: string) => statusOn(b, shanghaiDate(instant)).status;
    assert.equal(at('2022-02-28T23:59:00+08:00'), 'in_force');
    assert.equal(at('2022-02-28T16:00:00Z'), 'expired', '00:00 on 1 March Beijing time');
    assert.equal(at('2022-03-01T00:00:00+08:00'), 'expired');
    const withJob = [...b, { id: 7, kind: 'expired' as const, effectiveOn: '2022-03-01' }];
    assert.deepEqual(
      statusPeriods(withJob),
      statusPeriods(b).map((p, i) => (i === 1 ? { ...p, eventId: 7 } : p)),
    );
  });

  it('renewal before the end continues the document with a new period', () => {
    const renewed: StatusEvent[] = [
      ...b,
      { id: 3, kind: 'renewed', effectiveOn: '2022-03-01', endsOn: '2027-02-28' },
    ];
    assert.equal(statusOn(renewed, '2022-03-01').status, 'in_force');
    assert.equal(statusOn(renewed, '2027-02-28').status, 'in_force');
    assert.equal(statusOn(renewed, '2027-03-01').status, 'expired');
    assert.deepEqual(
      statusPeriods(renewed).map((p) => [p.status, p.fromOn, p.toOn]),
      [
        ['in_force', '2020-03-01', '2022-03-01'],
        ['in_force', '2022-03-01', '2027-03-01'],
        ['expired', '2027-03-01', '9999-12-31'],
      ],
    );
  });

  it('property: periods tile time without gaps or overlaps and agree with statusOn', () => {
    const dateArb = fc
      .integer({ min: 0, max: 3000 })
      .map((n) => new Date(Date.UTC(2018, 0, 1 + n)).toISOString().slice(0, 10));
    const eventArb = fc.record({
      kind: fc.constantFrom('amended', 'repealed', 'renewed', 'expired' as const),
      effectiveOn: dateArb,
      endsOn: dateArb,
    });
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 1, max: 5 }),
        fc.array(eventArb, { maxLength: 5 }),
        dateArb,
        (start, years, more, probe) => {
          const events: StatusEvent[] = [
            { id: 1, kind: 'registered', effectiveOn: start, endsOn: validityEnd(start, years) },
            ...more.map((e, i) => ({
              id: i + 2,
              kind: e.kind as StatusEvent['kind'],
              effectiveOn: e.effectiveOn,
              endsOn: e.kind === 'renewed' ? e.endsOn : null,
            })),
          ];
          const ps = statusPeriods(events);
          for (let i = 1; i < ps.length; i++) assert.equal(ps[i].fromOn, ps[i - 1].toOn);
          for (const p of ps) assert.ok(p.fromOn < p.toOn, 'p.fromOn < p.toOn');
          const hit = ps.find((p) => p.fromOn <= probe && probe < p.toOn);
          assert.equal(statusOn(events, probe).status, hit ? hit.status : 'pending');
          // The bucketed spans answer "in force on D" exactly as the periods do.
          const year = Number(probe.slice(0, 4));
          const bySpans = forceSpans(ps).some(
            (s) => spanBuckets(s).some((b) => b === year || b === 0) && s.fromOn <= probe && probe < s.toOn,
          );
          assert.equal(bySpans, isInForce(statusOn(events, probe).status));
        },
      ),
    );
  });
});

describe('索引号 template', () => {
  it('fills the default template and checks custom ones', () => {
    assert.equal(
      formatIndexNumber('{orgCode}/{year}-{seq:5}', { orgCode: '11360100MB1234567X', year: 2022, seq: 12 }),
      '11360100MB1234567X/2022-00012',
    );
    assert.equal(formatIndexNumber('HGT-{year}-{seq}', { orgCode: 'X', year: 2021, seq: 7 }), 'HGT-2021-7');
    assert.equal(indexTemplateProblem('{orgCode}/{year}-{seq:5}'), null);
    assert.match(indexTemplateProblem('{orgCode}/{year}')!, /序号/);
    assert.match(indexTemplateProblem('{org}/{seq}')!, /无法识别/);
  });

  it('runs the sequence per org only when the number shows the org, and per year only when it shows the year', () => {
    const v = { orgCode: 'A1', year: 2022 };
    assert.deepEqual(indexSeqScope('{orgCode}/{year}-{seq:5}', v), { orgCode: 'A1', year: 2022 });
    assert.deepEqual(
      indexSeqScope('HGT-{year}-{seq}', v),
      { orgCode: '*', year: 2022 },
      'one counter for every org',
    );
    assert.deepEqual(
      indexSeqScope('{orgCode}-{seq:6}', v),
      { orgCode: 'A1', year: 0 },
      'never restarts by year',
    );
    assert.deepEqual(indexSeqScope('GK{seq:8}', v), { orgCode: '*', year: 0 });
  });
});

describe('interpretation rate (rules.md §5)', () => {
  it('counts documents with ≥ 1 interpretation, lists those without and flags late ones', () => {
    const docs = [
      { id: 1, publishedOn: '2022-03-01' },
      { id: 2, publishedOn: '2022-04-01' },
      { id: 3, publishedOn: '2022-05-01' },
      { id: 4, publishedOn: '2022-06-01' },
    ];
    const r = interpretationRate(docs, [
      { documentId: 1, publishedOn: '2022-03-01' },
      { documentId: 2, publishedOn: '2022-04-15' },
      { documentId: 2, publishedOn: '2022-05-15' },
      { documentId: 3, publishedOn: '2022-04-30' },
    ]);
    assert.deepEqual(r, { total: 4, interpreted: 3, rate: 0.75, missing: [4], late: [2] });
    assert.equal(interpretationRate([], []).rate, null);
  });
});

describe("the annual report's 表二 normative rows (rules.md §4)", () => {
  const periodsOf = (events: StatusEvent[]) => statusPeriods(events);
  const reg = (effectiveOn: string, endsOn: string | null = null): StatusEvent => ({
    id: 1,
    kind: 'registered',
    effectiveOn,
    endsOn,
  });

  it('counts a document effective on 1 January of the next year as not yet in force, and one whose validity ends on 31 Dec as in force', () => {
    assert.equal(inForceAtYearEnd(periodsOf([reg('2023-01-01')]), 2022), false);
    assert.equal(
      inForceAtYearEnd(periodsOf([reg('2018-01-01', validityEnd('2018-01-01', 5))]), 2022),
      true,
      'last day 2022-12-31',
    );
    assert.equal(inForceAtYearEnd(periodsOf([reg('2018-01-01', validityEnd('2018-01-01', 5))]), 2023), false);
    assert.equal(inForceAtYearEnd(periodsOf([reg('2022-12-31')]), 2022), true, 'effective on 31 Dec itself');
  });

  it('counts a repeal effective in the year as 废止, never an expiry or an amendment', () => {
    const repealed = periodsOf([reg('2020-01-01'), { id: 2, kind: 'repealed', effectiveOn: '2022-06-01' }]);
    assert.equal(repealedInYear(repealed, 2022), true);
    assert.equal(repealedInYear(repealed, 2023), false);
    assert.equal(inForceAtYearEnd(repealed, 2022), false);
    const expired = periodsOf([reg('2020-07-01', validityEnd('2020-07-01', 2))]);
    assert.equal(repealedInYear(expired, 2022), false, '失效 is not 废止');
    const amended = periodsOf([reg('2019-01-01'), { id: 2, kind: 'amended', effectiveOn: '2022-08-01' }]);
    assert.equal(repealedInYear(amended, 2022), false, 'an amendment is not 废止');
    assert.equal(inForceAtYearEnd(amended, 2022), true, 'and keeps it in force');
    const repealOn1Jan = periodsOf([
      reg('2020-01-01'),
      { id: 2, kind: 'repealed', effectiveOn: '2023-01-01' },
    ]);
    assert.equal(repealedInYear(repealOn1Jan, 2022), false);
    assert.equal(
      inForceAtYearEnd(repealOn1Jan, 2022),
      true,
      'repealed from 1 January: still in force on 31 Dec',
    );
  });

  it('counts a joint document for its lead org only', () => {
    const docs = [
      { id: 1, leadOrgId: 10, writtenOn: '2022-05-01', periods: periodsOf([reg('2022-05-01')]) },
      { id: 2, leadOrgId: 20, writtenOn: '2022-05-01', periods: periodsOf([reg('2022-05-01')]) },
    ];
    assert.deepEqual(table2Cells(docs, [10], 2022), { issued: [1], repealed: [], inForce: [1] });
    assert.deepEqual(
      table2Cells(docs, [10, 20], 2022),
      { issued: [1, 2], repealed: [], inForce: [1, 2] },
      'a roll-up counts each document once',
    );
    assert.deepEqual(
      table2Cells([{ ...docs[0], writtenOn: '2021-12-31' }], [10], 2022).issued,
      [],
      'issue date, not the effective or publication date',
    );
  });

  const dateArb = fc.integer({ min: 0, max: 2500 }).map((n) => addDays('2018-01-01', n));
  const eventArb = fc.record({
    kind: fc.constantFrom('amended', 'repealed', 'renewed', 'expired' as const),
    effectiveOn: dateArb,
    endsOn: fc.option(dateArb, { nil: null }),
  });
  const historyArb = fc
    .tuple(dateArb, fc.integer({ min: 0, max: 5 }), fc.array(eventArb, { maxLength: 5 }))
    .map(([start, years, more]) => [
      reg(start, years ? validityEnd(start, years) : null),
      ...more.map((e, i): StatusEvent => ({
        id: i + 2,
        kind: e.kind,
        effectiveOn: e.effectiveOn,
        endsOn: e.kind === 'renewed' ? e.endsOn : null,
      })),
    ]);
  const yearArb = fc.integer({ min: 2018, max: 2024 });

  it('property: 现行有效 is the status on 31 Dec, and 本年废止 is a day of the year on which it became 已废止', () => {
    fc.assert(
      fc.property(historyArb, yearArb, (events, year) => {
        const ps = periodsOf(events);
        assert.equal(inForceAtYearEnd(ps, year), isInForce(statusOn(events, `${year}-12-31`).status));
        let becameRepealed = false;
        let prev = statusOn(events, `${year - 1}-12-31`).status;
        for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
          const s = statusOn(events, d).status;
          if (s === 'repealed' && prev !== 'repealed') becameRepealed = true;
          prev = s;
        }
        assert.equal(repealedInYear(ps, year), becameRepealed);
      }),
      { numRuns: 60 },
    );
  });

  it('property: events taking effect after 31 Dec never change the year’s figures', () => {
    const laterArb = fc.array(
      fc.record({
        kind: fc.constantFrom('amended', 'repealed', 'renewed', 'expired' as const),
        days: fc.integer({ min: 1, max: 800 }),
        endsIn: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
      }),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(historyArb, yearArb, laterArb, (events, year, later) => {
        const end = `${year}-12-31`;
        const extra = later.map((e, i): StatusEvent => {
          const on = addDays(end, e.days);
          return {
            id: 100 + i,
            kind: e.kind,
            effectiveOn: on,
            endsOn: e.kind === 'renewed' && e.endsIn != null ? addDays(on, e.endsIn) : null,
          };
        });
        const before = periodsOf(events);
        const after = periodsOf([...events, ...extra]);
        assert.equal(inForceAtYearEnd(after, year), inForceAtYearEnd(before, year));
        assert.equal(repealedInYear(after, year), repealedInYear(before, year));
      }),
    );
  });
});
