import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { builtInCalendar } from '../calendar/data.ts';
import {
  coverageOf,
  entryProblems,
  entryStatus,
  isTick,
  parseTimeLimit,
  periodsOf,
  shouldRemind,
  type Publication,
  type TimeRule,
} from './model.ts';

const cal = builtInCalendar();

describe('公开时限 parser', () => {
  const cases: [string, TimeRule[]][] = [
    ['信息形成或变更之日起20个工作日内', [{ kind: 'after_event', days: 20, unit: 'working' }]],
    ['自信息形成或者变更之日起20个工作日内予以公开', [{ kind: 'after_event', days: 20, unit: 'working' }]],
    ['信息形成（变更）之日起20个工作日内', [{ kind: 'after_event', days: 20, unit: 'working' }]],
    ['信息形成或变更之日起二十个工作日内', [{ kind: 'after_event', days: 20, unit: 'working' }]],
    ['信息形成或变更之日起２０个工作日内', [{ kind: 'after_event', days: 20, unit: 'working' }]],
    ['形成后10个工作日内', [{ kind: 'after_event', days: 10, unit: 'working' }]],
    ['自作出决定之日起7日内', [{ kind: 'after_event', days: 7, unit: 'calendar' }]],
    ['20个工作日内', [{ kind: 'after_event', days: 20, unit: 'working' }]],
    [
      '每年3月底前',
      [{ kind: 'periodic', every: 'year', due: { at: 'date', month: 3, day: 'end', nextYear: false } }],
    ],
    [
      '每年三月底前公开',
      [{ kind: 'periodic', every: 'year', due: { at: 'date', month: 3, day: 'end', nextYear: false } }],
    ],
    [
      '每年6月30日前',
      [{ kind: 'periodic', every: 'year', due: { at: 'date', month: 6, day: 30, nextYear: false } }],
    ],
    [
      '次年6月底前',
      [{ kind: 'periodic', every: 'year', due: { at: 'date', month: 6, day: 'end', nextYear: true } }],
    ],
    [
      '每年第一季度',
      [{ kind: 'periodic', every: 'year', due: { at: 'date', month: 3, day: 31, nextYear: false } }],
    ],
    [
      '每年年底前',
      [{ kind: 'periodic', every: 'year', due: { at: 'date', month: 12, day: 31, nextYear: false } }],
    ],
    ['每年公布一次', [{ kind: 'periodic', every: 'year', due: { at: 'end' } }]],
    ['每季度公布一次', [{ kind: 'periodic', every: 'quarter', due: { at: 'end' } }]],
    [
      '每季度结束后15日内',
      [{ kind: 'periodic', every: 'quarter', due: { at: 'after_end', days: 15, unit: 'calendar' } }],
    ],
    ['每月公布一次', [{ kind: 'periodic', every: 'month', due: { at: 'end' } }]],
    ['每月10日前', [{ kind: 'periodic', every: 'month', due: { at: 'day_of_month', day: 10 } }]],
    ['每半年公开一次', [{ kind: 'periodic', every: 'half', due: { at: 'end' } }]],
    ['实时', [{ kind: 'realtime' }]],
    ['实时更新', [{ kind: 'realtime' }]],
    ['随时公布', [{ kind: 'realtime' }]],
    ['长期', [{ kind: 'standing' }]],
    ['长期公开', [{ kind: 'standing' }]],
    ['常态化', [{ kind: 'standing' }]],
    [
      '每年3月底前；信息变更之日起20个工作日内',
      [
        { kind: 'periodic', every: 'year', due: { at: 'date', month: 3, day: 'end', nextYear: false } },
        { kind: 'after_event', days: 20, unit: 'working' },
      ],
    ],
  ];
  for (const [text, rules] of cases) {
    it(`reads “${text}”`, () => {
      const r = parseTimeLimit(text);
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.deepEqual(r.rules, rules);
    });
  }

  for (const text of [
    '及时',
    '法定时限内',
    '公示期7天',
    '按规定时限',
    '',
    '每年13月底前',
    '每月31日前',
    '项目实施前',
    '每年3月底前；视情况',
    '；',
    ';，',
  ]) {
    it(`keeps “${text}” as text and reports it, without guessing`, () => {
      const r = parseTimeLimit(text);
      assert.equal(r.ok, false);
      assert.equal(r.text, text);
      assert.ok(!r.ok && r.reason.length > 0, '!r.ok && r.reason.length > 0');
    });
  }

  it('keeps a notice period beside a time limit apart from the deadline, for any lengths (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 99 }),
        fc.constantFrom('个工作日', '日', '天'),
        fc.constantFrom('公示', '公示期', '张榜公示', '公示期不少于'),
        fc.constantFrom('，', '；', '。'),
        (deadline, days, unit, word, sep) => {
          const r = parseTimeLimit(`制定或获取信息之日起${deadline}个工作日内${sep}${word}${days}${unit}`);
          assert.ok(r.ok, r.ok ? '' : r.reason);
          assert.deepEqual(r.rules, [{ kind: 'after_event', days: deadline, unit: 'working' }]);
          assert.deepEqual(r.notice, { days, unit: unit === '个工作日' ? 'working' : 'calendar' });
        },
      ),
    );
  });

  it('never throws and keeps the text on any input (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const r = parseTimeLimit(s);
        assert.equal(r.text, s);
        if (r.ok) assert.ok(r.rules.length > 0, 'r.rules.length > 0');
      }),
    );
  });

  it('reads N working days after the event for every N, in digits, full-width digits and Chinese (property)', () => {
    const cn = (n: number) =>
      n < 10
        ? '零一二三四五六七八九'[n]
        : `${n >= 20 ? '零一二三四五六七八九'[Math.floor(n / 10)] : ''}十${n % 10 ? '零一二三四五六七八九'[n % 10] : ''}`;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99 }),
        fc.constantFrom('digits', 'fullwidth', 'chinese'),
        fc.constantFrom('信息形成或变更之日起', '自信息形成之日起', '形成后'),
        (n, style, prefix) => {
          const num =
            style === 'digits'
              ? String(n)
              : style === 'fullwidth'
                ? String(n).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
                : cn(n);
          const r = parseTimeLimit(`${prefix}${num}个工作日内`);
          assert.ok(r.ok, 'r.ok');
          assert.deepEqual(r.rules, [{ kind: 'after_event', days: n, unit: 'working' }]);
        },
      ),
    );
  });

  it('reads every real annual due date and refuses impossible ones (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (m, d) => {
        const r = parseTimeLimit(`每年${m}月${d}日前`);
        const real = new Date(Date.UTC(2023, m - 1, d)).getUTCDate() === d;
        assert.equal(r.ok, real);
        if (r.ok)
          assert.deepEqual(r.rules[0], {
            kind: 'periodic',
            every: 'year',
            due: { at: 'date', month: m, day: d, nextYear: false },
          });
      }),
    );
  });
});

describe('periods of a periodic rule', () => {
  it('gives four quarters whose windows follow each other, due 15 days after each quarter', () => {
    const r = parseTimeLimit('每季度结束后15日内');
    assert.ok(r.ok && r.rules[0].kind === 'periodic', "r.ok && r.rules[0].kind === 'periodic'");
    const ps = periodsOf(r.rules[0] as Extract<TimeRule, { kind: 'periodic' }>, 2022, cal);
    assert.deepEqual(
      ps.map((p) => [p.opens, p.due]),
      [
        ['2022-04-01', '2022-04-15'],
        ['2022-07-01', '2022-07-15'],
        ['2022-10-01', '2022-10-15'],
        ['2023-01-01', '2023-01-15'],
      ],
    );
  });

  it('counts a working-day offset on the holiday calendar (国庆 2022: 10/1–10/7 off)', () => {
    const r = parseTimeLimit('每季度结束后5个工作日内');
    const ps = periodsOf(
      (r as { rules: TimeRule[] }).rules[0] as Extract<TimeRule, { kind: 'periodic' }>,
      2022,
      cal,
    );
    // Q3 ends 2022-09-30; 10/8 and 10/9 are 调休 working weekends, then 10/10, 10/11, 10/12.
    assert.equal(ps[2].due, '2022-10-12');
  });

  it('gives months ending on their last day, February included (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), (y) => {
        const ps = periodsOf({ kind: 'periodic', every: 'month', due: { at: 'end' } }, y, cal);
        assert.equal(ps.length, 12);
        const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
        assert.equal(ps[1].due, `${y}-02-${leap ? 29 : 28}`);
        for (let i = 1; i < 12; i++) assert.ok(ps[i].opens > ps[i - 1].due, 'ps[i].opens > ps[i - 1].due');
      }),
    );
  });
});

describe('entry status against hand-built publication histories', () => {
  let id = 0;
  const pub = (publishedOn: string, formedOn: string | null = null): Publication => ({
    id: ++id,
    source: 'online',
    title: `信息${id}`,
    url: `/items/${id}`,
    formedOn,
    publishedOn,
  });

  it('event rule: on time when published within 20 working days of formation', () => {
    // 2022-03-01 + 20 working days = 2022-03-29.
    const s = entryStatus(
      '信息形成或变更之日起20个工作日内',
      [pub('2022-03-29', '2022-03-01')],
      2022,
      '2022-06-01',
      cal,
    );
    assert.equal(s.state, 'fulfilled');
    assert.equal(s.timeliness, 'on_time');
    assert.equal(s.publications[0].deadline, '2022-03-29');
  });

  it('event rule: late when published one working day after the deadline, across the 清明 holiday', () => {
    // Formed 2022-03-10: 20 working days → 2022-04-08 (4/3–4/5 off, 4/2 a working Saturday).
    const s = entryStatus(
      '信息形成或变更之日起20个工作日内',
      [pub('2022-04-11', '2022-03-10')],
      2022,
      '2022-06-01',
      cal,
    );
    assert.equal(s.publications[0].deadline, '2022-04-08');
    assert.equal(s.state, 'late');
    assert.equal(s.timeliness, 'late');
    assert.equal(s.fulfilled, true);
  });

  it('event rule: missing when nothing was published this year; last year’s publication does not count', () => {
    const s = entryStatus(
      '信息形成或变更之日起20个工作日内',
      [pub('2021-12-01', '2021-11-20')],
      2022,
      '2022-06-01',
      cal,
    );
    assert.equal(s.state, 'missing');
    assert.equal(s.fulfilled, false);
    assert.equal(s.lastPublished, null);
  });

  it('event rule without a formation date: fulfilled, timeliness unknown', () => {
    const s = entryStatus('信息形成或变更之日起20个工作日内', [pub('2022-05-01')], 2022, '2022-06-01', cal);
    assert.equal(s.state, 'fulfilled');
    assert.equal(s.timeliness, 'unknown');
  });

  it('annual rule: pending before the due date, missing after it, late when published after it', () => {
    const limit = '每年3月底前';
    assert.equal(entryStatus(limit, [], 2022, '2022-03-15', cal).state, 'pending');
    assert.equal(entryStatus(limit, [], 2022, '2022-03-15', cal).nextDue, '2022-03-31');
    assert.equal(entryStatus(limit, [], 2022, '2022-04-01', cal).state, 'missing');
    assert.equal(entryStatus(limit, [pub('2022-03-31')], 2022, '2022-04-01', cal).state, 'fulfilled');
    const late = entryStatus(limit, [pub('2022-05-06')], 2022, '2022-06-01', cal);
    assert.equal(late.state, 'late');
    assert.equal(late.periods[0].state, 'late');
  });

  it('quarterly rule: a missed quarter makes the entry unfulfilled, with the next due quarter named', () => {
    const s = entryStatus('每季度公布一次', [pub('2022-02-10'), pub('2022-08-01')], 2022, '2022-08-15', cal);
    assert.deepEqual(
      s.periods.map((p) => p.state),
      ['on_time', 'missing', 'on_time', 'pending'],
    );
    assert.equal(s.state, 'missing');
    assert.equal(s.nextDue, '2022-12-31');
    assert.match(s.dueText, /第4季度/);
  });

  it('quarterly with an offset: the report of a quarter published after the window is late', () => {
    const s = entryStatus(
      '每季度结束后15日内',
      [pub('2022-04-14'), pub('2022-07-20')],
      2022,
      '2022-08-01',
      cal,
    );
    assert.deepEqual(
      s.periods.map((p) => p.state),
      ['on_time', 'late', 'pending', 'pending'],
    );
    assert.equal(s.state, 'late');
  });

  it('standing rule: a publication from an earlier year still counts', () => {
    const s = entryStatus('长期公开', [pub('2020-05-01')], 2022, '2022-06-01', cal);
    assert.equal(s.state, 'fulfilled');
    assert.equal(s.timeliness, 'not_applicable');
  });

  it('unknown wording: fulfilled by a publication but timeliness is not judged', () => {
    const s = entryStatus('及时', [pub('2022-05-01')], 2022, '2022-06-01', cal);
    assert.equal(s.state, 'fulfilled');
    assert.equal(s.timeliness, 'unknown');
    assert.match(s.dueText, /未能识别/);
  });

  it('coverage counts only entries that are due', () => {
    assert.deepEqual(coverageOf(['fulfilled', 'late', 'missing', 'pending']), {
      due: 3,
      fulfilled: 2,
      late: 1,
      missing: 1,
      pending: 1,
      rate: 2 / 3,
    });
    assert.equal(coverageOf(['pending']).rate, null);
  });

  it('the fulfilled flag agrees with the periods for any history (property)', () => {
    const day = fc
      .integer({ min: 0, max: 364 })
      .map((n) => new Date(Date.UTC(2022, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.array(day, { maxLength: 8 }),
        day,
        fc.constantFrom('每季度公布一次', '每月10日前', '每年6月30日前', '每半年公开一次'),
        (dates, today, limit) => {
          const s = entryStatus(
            limit,
            dates.map((d) => pub(d)),
            2022,
            today,
            cal,
          );
          const missing = s.periods.some((p) => p.state === 'missing');
          if (missing) assert.equal(s.fulfilled, false);
          for (const p of s.periods) if (p.state === 'pending') assert.ok(p.due >= today, 'p.due >= today');
          assert.equal(
            s.state === 'pending',
            s.periods.every((p) => p.state === 'pending'),
          );
        },
      ),
    );
  });

  it('reminds within 5 working days before a period falls due, not earlier and not after', () => {
    const p = {
      label: 'Q1',
      opens: '2022-01-01',
      due: '2022-03-31',
      state: 'pending' as const,
      publishedOn: null,
    };
    assert.equal(shouldRemind(p, '2022-03-24', cal), true);
    assert.equal(shouldRemind(p, '2022-03-20', cal), false);
    assert.equal(shouldRemind(p, '2022-04-01', cal), false);
    assert.equal(shouldRemind({ ...p, state: 'on_time' }, '2022-03-30', cal), false);
  });
});

describe('entry fields', () => {
  it('says what is missing, in Chinese', () => {
    const p = entryProblems({
      domain: '',
      item1: '',
      item2: '',
      content: '',
      basis: '',
      timeLimit: '',
      subject: '',
      channels: [],
      audience: [],
      mode: ['proactive'],
      level: ['township'],
    });
    assert.deepEqual(Object.keys(p).sort(), [
      'audience',
      'channels',
      'content',
      'domain',
      'item1',
      'subject',
      'timeLimit',
    ]);
    assert.match(p.item1, /一级事项/);
  });
  it('reads the ticks of the standard table', () => {
    for (const t of ['√', '✓', '●', '是']) assert.equal(isTick(t), true, t);
    for (const t of ['', '否', '-', '×']) assert.equal(isTick(t), false, t);
  });
});
