import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { shanghaiDate } from '../../lib/time.ts';
import { APPLICANT_TYPE_KEYS, OUTCOME_CODES } from '../foi/outcomes.ts';
import {
  checkConsistency,
  computeTable3,
  reportingYear,
  computeTable4,
  table3Counts,
  table4Counts,
  TABLE3_COLUMNS,
  type CaseRecord,
  type ReviewRecord,
} from './model.ts';

let nextId = 1;
const c = (
  applicantType: CaseRecord['applicantType'],
  receivedOn: string | null,
  closedOn: string | null,
  outcome: CaseRecord['outcome'] = closedOn ? 'disclosed' : null,
): CaseRecord => ({
  id: nextId++,
  number: `N${nextId}`,
  applicantType,
  receivedOn,
  closedOn,
  outcome,
});

describe('table 三 counting (rules.md §4)', () => {
  const cases: CaseRecord[] = [
    c('natural', '2021-11-20', '2022-01-10', 'disclosed'), // carried over from 2021, closed in 2022
    c('natural', '2021-12-30', null), // carried over and still open → carried forward
    c('natural', '2021-03-01', '2021-03-20', 'disclosed'), // closed in 2021: not in the 2022 table
    c('commercial', '2022-02-01', '2022-02-25', 'partial'),
    c('commercial', '2022-03-01', '2022-03-28', 'withheld.state_secret'),
    c('research', '2022-04-01', '2022-04-20', 'withheld.law_forbids'),
    c('publicInterest', '2022-05-01', '2022-05-20', 'withheld.security_stability'),
    c('legalServices', '2022-06-01', '2022-06-20', 'withheld.third_party'),
    c('otherOrg', '2022-06-02', '2022-06-21', 'withheld.internal_affairs'),
    c('natural', '2022-06-03', '2022-06-22', 'withheld.process_info'),
    c('natural', '2022-06-04', '2022-06-23', 'withheld.enforcement_file'),
    c('natural', '2022-06-05', '2022-06-24', 'withheld.query_matter'),
    c('natural', '2022-07-01', '2022-07-15', 'other.other'), // withdrawn by the applicant
    c('natural', '2022-12-01', shanghaiDate('2022-12-31T15:59:00Z'), 'disclosed'), // 31 Dec 23:59 Beijing: closed in 2022
    c('natural', '2022-12-02', shanghaiDate('2022-12-31T16:01:00Z'), 'disclosed'), // 1 Jan 00:01 Beijing: open at year end
    c('natural', '2023-01-03', null), // next year's: nowhere
    c('natural', null, null), // awaiting confirmation: no receipt date
  ];
  const t = table3Counts(computeTable3(cases, 2022));

  it('counts received, carried over, each outcome, closed and carried forward by applicant column', () => {
    assert.equal(t.received.total, 12);
    assert.equal(t.received.natural, 6);
    assert.equal(t.received.commercial, 2);
    assert.equal(t.carriedOver.total, 2);
    assert.equal(t.carriedOver.natural, 2);
    assert.equal(
      t.disclosed.natural,
      2,
      'the 2021 case closed in January and the one closed at 23:59 on 31 Dec',
    );
    assert.equal(t.partial.commercial, 1);
    for (const code of [
      'withheld.state_secret',
      'withheld.law_forbids',
      'withheld.security_stability',
      'withheld.third_party',
      'withheld.internal_affairs',
      'withheld.process_info',
      'withheld.enforcement_file',
      'withheld.query_matter',
    ] as const) {
      assert.equal(t[code].total, 1, code);
    }
    assert.equal(t['other.other'].total, 1);
    assert.equal(t.closedTotal.total, 12);
    assert.equal(t.carriedForward.total, 2, 'the 2021 case still open, and the one closed at 00:01 on 1 Jan');
    assert.equal(t.carriedForward.natural, 2);
  });

  it('balances 一 + 二 = 三(七) + 四 and 总计 = sum of columns, and reports the unconfirmed case', () => {
    const problems = checkConsistency(computeTable3(cases, 2022), cases, 2022);
    assert.deepEqual(
      problems.map((p) => p.kind),
      ['no_receipt_date'],
    );
    for (const col of TABLE3_COLUMNS)
      assert.equal(t.received[col] + t.carriedOver[col], t.closedTotal[col] + t.carriedForward[col], col);
  });

  it('lists each failing case: a closed case without an outcome breaks the balance and is named', () => {
    const bad = [...cases, c('natural', '2022-08-01', '2022-08-10', null)];
    const problems = checkConsistency(computeTable3(bad, 2022), bad, 2022);
    const kinds = problems.map((p) => p.kind);
    assert.ok(kinds.includes('missing_outcome'), "kinds.includes('missing_outcome')");
    assert.ok(kinds.includes('balance'), "kinds.includes('balance')");
    assert.deepEqual(problems.find((p) => p.kind === 'missing_outcome')!.caseIds, [bad.at(-1)!.id]);
  });

  it('keeps the ids behind every cell for drill-down', () => {
    const full = computeTable3(cases, 2022);
    assert.deepEqual(full.partial.commercial.ids, [cases[3].id]);
    assert.equal(full.closedTotal.total.ids.length, full.closedTotal.total.count);
  });

  it('balances for any well-formed set of cases (property)', () => {
    const day = fc
      .integer({ min: 0, max: 4 * 365 })
      .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86400000).toISOString().slice(0, 10));
    const kase = fc
      .tuple(
        fc.constantFrom(...APPLICANT_TYPE_KEYS),
        day,
        fc.option(fc.integer({ min: 0, max: 400 })),
        fc.constantFrom(...OUTCOME_CODES),
      )
      .map(([type, rec, after, outcome]) => {
        const closed =
          after == null ? null : new Date(Date.parse(rec) + after * 86400000).toISOString().slice(0, 10);
        return {
          id: 0,
          number: '',
          applicantType: type,
          receivedOn: rec,
          closedOn: closed,
          outcome: closed ? outcome : null,
        } as CaseRecord;
      });
    fc.assert(
      fc.property(fc.array(kase, { maxLength: 60 }), fc.integer({ min: 2020, max: 2023 }), (cs, year) => {
        const withIds = cs.map((x, i) => ({ ...x, id: i + 1 }));
        const problems = checkConsistency(computeTable3(withIds, year), withIds, year);
        assert.deepEqual(problems, []);
      }),
    );
  });
});

describe('table 四 (rules.md §4)', () => {
  it('counts proceedings filed in the year with the result as of 31 Dec', () => {
    const reviews: ReviewRecord[] = [
      {
        id: 1,
        applicationId: 1,
        kind: 'reconsideration',
        filedOn: '2022-03-01',
        results: [{ id: 1, result: 'upheld', resultOn: '2022-05-01' }],
      },
      {
        id: 2,
        applicationId: 2,
        kind: 'reconsideration',
        filedOn: '2022-11-01',
        results: [{ id: 1, result: 'corrected', resultOn: '2023-01-10' }],
      }, // pending at year end
      { id: 3, applicationId: 3, kind: 'reconsideration', filedOn: '2022-12-01', results: [] },
      {
        id: 4,
        applicationId: 4,
        kind: 'litigation_direct',
        filedOn: '2022-06-01',
        results: [{ id: 1, result: 'other', resultOn: '2022-09-01' }],
      },
      {
        id: 5,
        applicationId: 5,
        kind: 'litigation_after_reconsideration',
        filedOn: '2022-08-01',
        results: [{ id: 1, result: 'corrected', resultOn: '2022-12-31' }],
      },
      {
        id: 6,
        applicationId: 6,
        kind: 'reconsideration',
        filedOn: '2021-12-31',
        results: [{ id: 1, result: 'upheld', resultOn: '2022-02-01' }],
      }, // filed last year
    ];
    const t = table4Counts(computeTable4(reviews, 2022));
    assert.deepEqual(t.reconsideration, { upheld: 1, corrected: 0, other: 0, pending: 2, total: 3 });
    assert.deepEqual(t.litigation_direct, { upheld: 0, corrected: 0, other: 1, pending: 0, total: 1 });
    assert.deepEqual(t.litigation_after_reconsideration, {
      upheld: 0,
      corrected: 1,
      other: 0,
      pending: 0,
      total: 1,
    });
  });
});

describe('table 四 as of 31 Dec (rules.md §4), property', () => {
  const dateArb = fc
    .integer({ min: 0, max: 1400 })
    .map((n) => new Date(Date.UTC(2021, 0, 1 + n)).toISOString().slice(0, 10));
  const reviewArb = fc.record({
    kind: fc.constantFrom(
      'reconsideration',
      'litigation_direct',
      'litigation_after_reconsideration' as const,
    ),
    filedOn: dateArb,
    results: fc.array(
      fc.record({ resultOn: dateArb, result: fc.constantFrom('upheld', 'corrected', 'other' as const) }),
      { maxLength: 3 },
    ),
  });

  it('results dated after 31 Dec and proceedings filed in other years never change the year’s table', () => {
    fc.assert(
      fc.property(
        fc.array(reviewArb, { maxLength: 8 }),
        fc.integer({ min: 2021, max: 2024 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 5 }),
        (raw, year, later) => {
          let id = 1;
          const reviews: ReviewRecord[] = raw.map((r, i) => ({
            id: i + 1,
            applicationId: i + 1,
            kind: r.kind,
            filedOn: r.filedOn,
            results: r.results.map((x) => ({ ...x, id: id++ })),
          }));
          const before = table4Counts(computeTable4(reviews, year));
          const end = Date.parse(`${year}-12-31`);
          const withLater = reviews.map((r, i) => ({
            ...r,
            results: [
              ...r.results,
              ...later
                .filter((_, k) => k % Math.max(1, reviews.length) === i)
                .map((n) => ({
                  id: id++,
                  result: 'corrected' as const,
                  resultOn: new Date(end + n * 86400000).toISOString().slice(0, 10),
                })),
            ],
          }));
          withLater.push({
            id: 999,
            applicationId: 999,
            kind: 'reconsideration',
            filedOn: `${year + 1}-01-01`,
            results: [],
          });
          assert.deepEqual(table4Counts(computeTable4(withLater, year)), before);
          // Every proceeding filed in the year is in exactly one of the four columns.
          for (const g of [
            'reconsideration',
            'litigation_direct',
            'litigation_after_reconsideration',
          ] as const) {
            const row = before[g];
            assert.equal(row.upheld + row.corrected + row.other + row.pending, row.total);
          }
        },
      ),
    );
  });
});

describe('the year a report page opens on', () => {
  it('is the year just ended from January to March, and the running year from April', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2019, max: 2040 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d) => {
          const today = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          assert.deepEqual(
            reportingYear(today),
            m <= 3 ? { year: y - 1, running: false } : { year: y, running: true },
            today,
          );
        },
      ),
    );
    assert.deepEqual(reportingYear('2026-12-06'), { year: 2026, running: true });
    assert.deepEqual(reportingYear('2027-03-31'), { year: 2026, running: false });
  });
});
