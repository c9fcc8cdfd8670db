import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as g from './corpus/generate.ts';
import { buildCorpus } from './corpus/index.ts';
import { evaluate } from './corpus/evaluate.ts';
import { luhnValid } from '../../lib/identifiers.ts';
import { maskAll, scanPersonalInfo, type FindingKind } from './scanner.ts';

const kinds = (text: string) => scanPersonalInfo(text).map((f) => f.kind);
const fromSeed = <T>(make: (r: g.Rng) => T) =>
  fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((seed) => make(g.rng(seed)));

/** Random Chinese text of characters that never form any finding on their own. */
const filler = fc
  .array(
    fc.constantFrom(
      ...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质'.split(
        '',
      ),
    ),
    { maxLength: 30 },
  )
  .map((a) => a.join(''));

const idArb = fromSeed((r) => g.residentId18(r));
const mobileArb = fromSeed((r) => g.mobile(r));
// Documented limit: an 18-digit card whose digits also read as region + birth date is taken for a
// mistyped ID number and not flagged (18-digit cards are rare; 16 and 19 digits are the norm).
const idShaped = (d: string) =>
  d.length === 18 &&
  /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])\d{4}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/.test(
    d,
  );
const cardArb = fromSeed((r) => g.bankCard(r)).filter((c) => !idShaped(c));

describe('personal-information scanner: examples', () => {
  it('finds an 18-digit ID with a valid check digit and masks it as 3601**********1234', () => {
    const id = g.residentId18(g.rng(7));
    const [f] = scanPersonalInfo(`身份证号码：${id}。`);
    assert.equal(f.kind, 'resident_id');
    assert.equal(f.label, '身份证号码');
    assert.equal(f.text, id);
    assert.equal(f.masked, `${id.slice(0, 4)}**********${id.slice(14)}`);
  });

  it('finds mobile numbers in every written form and masks them as 139****5678', () => {
    for (const form of [
      '13912345678',
      '139 1234 5678',
      '139-1234-5678',
      '+86 139 1234 5678',
      '+8613912345678',
      '0086-13912345678',
      '１３９１２３４５６７８',
      '139－1234－5678',
    ]) {
      const fs = scanPersonalInfo(`电话${form}。`);
      assert.equal(fs.length, 1, form);
      assert.equal(fs[0].kind, 'mobile');
      assert.equal(fs[0].masked, '139****5678');
      assert.equal(fs[0].end, 2 + form.length);
    }
  });

  it('finds bank cards only when they pass Luhn', () => {
    const card = g.bankCard(g.rng(3), 19);
    assert.deepEqual(kinds(`卡号 ${card.replace(/(\d{4})(?=\d)/g, '$1 ')}`), ['bank_card']);
    const bad = card.slice(0, -1) + ((Number(card.slice(-1)) + 1) % 10);
    assert.deepEqual(kinds(`卡号 ${bad}`), []);
  });

  it('takes an 18-digit card for an ID only when its digits read as a birth date a person can have', () => {
    // 62 2848 2100 04 16 …: a region, then 16 April 2100 — no one's birthday, so still a card.
    assert.deepEqual(kinds('银行卡号622848210004162766'), ['bank_card']);
    // The same digits but 2099: a mistyped ID number (the documented limit above), not flagged.
    const card = [...'0123456789'].map((d) => `62284820990416276${d}`).find(luhnValid)!;
    assert.deepEqual(kinds(`银行卡号${card}`), []);
  });

  it('finds passports (E/G + 8 digits, E + letter + 7) and other forms after 护照', () => {
    assert.deepEqual(kinds('护照E12345678'), ['passport']);
    assert.deepEqual(kinds('证件EA1234567已过期'), ['passport']);
    assert.deepEqual(kinds('护照号码：P1234567'), ['passport']);
    assert.deepEqual(kinds('型号P1234567'), [], 'other letter forms need 护照 nearby');
  });

  it('treats free-mail addresses as private and government or organisational addresses as public', () => {
    assert.deepEqual(kinds('来信人邮箱 wangfang88@163.com'), ['email']);
    assert.deepEqual(kinds('电子邮箱：xxgk@nc.gov.cn'), []);
    assert.deepEqual(kinds('单位邮箱：hgtxxgk@163.com'), []);
  });

  it('finds home addresses with room numbers but not office rooms or quantities', () => {
    const [f] = scanPersonalInfo('家住红谷滩区丰和中大道1号绿地小区3栋2单元501室的居民');
    assert.equal(f.kind, 'address');
    assert.equal(f.text, '红谷滩区丰和中大道1号绿地小区3栋2单元501室');
    assert.equal(f.masked, '红谷滩区丰和中大道*号绿地小区*栋*单元***室');
    assert.deepEqual(kinds('办公地址：红谷滩区赣江中大道1218号区政府大楼5楼502室'), []);
    assert.deepEqual(kinds('新建安置房12栋300套'), []);
  });

  it('marks a name written next to personal data, and keeps only the surname when masked', () => {
    const id = g.residentId18(g.rng(11));
    const fs = scanPersonalInfo(`申请人张三，身份证号码${id}`);
    assert.deepEqual(
      fs.map((f) => [f.kind, f.text]),
      [
        ['name_with_pi', '张三'],
        ['resident_id', id],
      ],
    );
    assert.equal(fs[0].masked, '张*');
    assert.deepEqual(kinds('区长张伟出席会议并讲话'), [], 'a name alone is not personal information');
  });

  it('does not flag hotlines, 0791 landlines, credit codes, 文号, dates, amounts, article numbers, 索引号 or postal codes', () => {
    const r = g.rng(5);
    const text = [
      '12345',
      '0791-83888888',
      '400-800-1234',
      `统一社会信用代码${g.creditCode(r)}`,
      '洪府办发〔2022〕66号',
      '2022年3月1日',
      '2022-03-01',
      '1,234,567.00元',
      '第三十三条',
      `索引号${g.indexNumber(r)}`,
      '邮编330038',
      g.wrongCheckId(r),
    ].join('，');
    assert.deepEqual(scanPersonalInfo(text), []);
  });

  it('masks every finding in place with maskAll', () => {
    const text = '张三，手机13912345678，邮箱zs@qq.com';
    assert.equal(maskAll(text, scanPersonalInfo(text)), '张*，手机139****5678，邮箱z***@qq.com');
  });
});

describe('personal-information scanner: properties', () => {
  const cases: [string, fc.Arbitrary<string>, FindingKind, (s: string) => fc.Arbitrary<string>][] = [
    [
      'ID number',
      idArb,
      'resident_id',
      (id) => fc.constantFrom(id, `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`),
    ],
    [
      'mobile',
      mobileArb,
      'mobile',
      (m) =>
        fc.constantFrom(
          m,
          `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`,
          `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`,
          `+86 ${m}`,
        ),
    ],
    ['bank card', cardArb, 'bank_card', (c) => fc.constantFrom(c, c.replace(/(\d{4})(?=\d)/g, '$1 '))],
  ];
  for (const [what, arb, kind, written] of cases) {
    it(`finds any valid ${what} embedded in random Chinese text at its position, and its masked form hides it`, () => {
      fc.assert(
        fc.property(
          arb.chain((v) => written(v).map((w) => [v, w] as const)),
          filler,
          filler,
          ([value, written], before, after) => {
            const text = `${before}${written}${after}`;
            const fs = scanPersonalInfo(text).filter((f) => f.kind === kind);
            assert.equal(fs.length, 1, text);
            const f = fs[0];
            assert.equal(f.start <= before.length + (written.startsWith('+') ? 0 : 0), true);
            assert.equal(
              text.slice(f.start, f.end).replace(/\D/g, '').endsWith(value.replace(/\D/g, '')),
              true,
              text,
            );
            assert.equal(f.end, before.length + written.length);
            const masked = maskAll(text, fs);
            assert.ok(!masked.replace(/\D/g, '').includes(value.replace(/\D/g, '')), masked);
            assert.deepEqual(scanPersonalInfo(f.masked), [], 'a masked form is never a finding itself');
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it('finds nothing in random text made only of look-alikes (文号, dates, amounts, hotlines, credit codes, 索引号, articles, postal codes, wrong check digits, failed Luhn)', () => {
    const negative = fromSeed((r) =>
      Array.from({ length: g.int(r, 1, 6) }, () =>
        g.pick(r, [
          g.docNumber,
          g.date,
          g.amount,
          g.hotline,
          g.creditCode,
          g.indexNumber,
          g.articleNumber,
          g.postalCode,
          g.wrongCheckId,
          g.badLuhnCard,
          g.longDocId,
        ])(r),
      ),
    );
    fc.assert(
      fc.property(negative, fc.array(filler, { minLength: 7, maxLength: 7 }), (parts, glue) => {
        const text = parts.map((p, i) => glue[i] + p).join('，') + glue[6];
        assert.deepEqual(scanPersonalInfo(text), [], text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('personal-information scanner: sequences, names and labels (issue 20)', () => {
  const separator = fc.constantFrom(' ', '　', '-', '\u00a0');
  const given = fc.constantFrom(...'娜敏伟芳洋静磊强杰丽明平峰刚燕红兰英华东'.split(''));
  const surname = fc.constantFrom(...'李赵王张刘陈杨黄周吴徐孙胡朱郭何高林罗'.split(''));
  const personName = fc
    .tuple(surname, fc.array(given, { minLength: 1, maxLength: 2 }))
    .map(([s, g2]) => s + g2.join(''));
  const afterWord = fc.constantFrom('同学', '通过', '同志', '老师', '本人', '家属', '使用', '经过');
  const piWithLabel = fc.oneof(
    idArb.map((id) => `身份证号${id}`),
    mobileArb.map((m) => `手机${m}`),
    cardArb.map((c) => `银行卡号${c}`),
  );

  it('never reads numbers of one to three digits separated by spaces or dashes as an identifier (序号 1 2 3 … 23)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 2, maxLength: 40 }),
        separator,
        (ns, sep) => {
          const text = `序号 ${ns.join(sep)}`;
          assert.deepEqual(scanPersonalInfo(text), [], text);
        },
      ),
      { numRuns: 500 },
    );
    assert.deepEqual(scanPersonalInfo(`序号 ${Array.from({ length: 23 }, (_, i) => i + 1).join(' ')}`), []);
  });

  it('never reads a flattened table of short numbers (at least six, up to five digits each) as an identifier', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 99999 }), { minLength: 6, maxLength: 40 }),
        separator,
        (ns, sep) => {
          const text = ns.join(sep);
          assert.deepEqual(scanPersonalInfo(text), [], text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('masks only the name when a word follows it (李娜同学, 赵敏通过): the word stays readable', () => {
    fc.assert(
      fc.property(personName, afterWord, piWithLabel, (name, word, pi) => {
        const text = `${name}${word}${pi}`;
        const names = scanPersonalInfo(text).filter((f) => f.kind === 'name_with_pi');
        assert.deepEqual(
          names.map((f) => [f.start, f.text]),
          [[0, name]],
          text,
        );
        assert.ok(
          maskAll(text, scanPersonalInfo(text)).startsWith(name[0] + '*'.repeat(name.length - 1) + word),
          text,
        );
      }),
      { numRuns: 300 },
    );
    assert.deepEqual(
      scanPersonalInfo('李娜同学身份证号' + g.residentId18(g.rng(2))).map((f) => f.text)[0],
      '李娜',
    );
    assert.deepEqual(scanPersonalInfo('赵敏通过手机13912345678提交').map((f) => f.text)[0], '赵敏');
  });

  it('finds a name introduced by a person label anywhere in the sentence of the data (户名, 申请人, 持证人)', () => {
    const label = fc.constantFrom(
      '户名：',
      '户名',
      '开户名：',
      '收款人：',
      '持卡人',
      '申请人：',
      '持证人',
      '持证人：',
      '当事人：',
    );
    const between = fc.constantFrom('，开户行：中国银行南昌分行，', ' 开户行中国银行 ', '，', ' ', '，女，');
    fc.assert(
      fc.property(label, personName, between, piWithLabel, fc.boolean(), (l, name, mid, pi, piFirst) => {
        const text = piFirst ? `${pi}，${l}${name}。` : `${l}${name}${mid}${pi}。`;
        const names = scanPersonalInfo(text).filter((f) => f.kind === 'name_with_pi');
        assert.deepEqual(
          names.map((f) => f.text),
          [name],
          text,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('does not take an organisation after an account label for a name, nor a label in another sentence', () => {
    const card = g.bankCard(g.rng(9), 19);
    assert.deepEqual(kinds(`账户名称：南昌市某区财政局，开户银行：中国建设银行，账号：${card}`), [
      'bank_card',
    ]);
    assert.deepEqual(kinds(`申请人：刘洋。联系单位账号${card}`), ['bank_card']);
  });
});

describe('personal-information scanner: the labelled corpus', () => {
  it('reaches recall 100% and precision ≥ 97%', () => {
    const { positives, negatives } = buildCorpus();
    assert.ok(positives.length >= 300 && negatives.length >= 300, 'at least 300 positives and 300 negatives');
    const e = evaluate(positives, negatives);
    console.log(
      `语料：正例 ${e.cases.positives} 句（标注 ${e.labelled} 处），反例 ${e.cases.negatives} 句；` +
        `召回率 ${(e.recall * 100).toFixed(2)}%（${e.found}/${e.labelled}），精确率 ${(e.precision * 100).toFixed(2)}%（${e.truePositiveFindings}/${e.findings}）`,
    );
    for (const m of e.misses.slice(0, 10)) console.log(`  漏报 ${m.form} ${m.kind}: ${m.span}`);
    for (const f of e.falseAlarms.slice(0, 10))
      console.log(`  误报 ${f.form} ${f.finding.kind}: ${f.finding.text}`);
    assert.equal(e.found, e.labelled, `recall ${e.recall}`);
    assert.ok(e.precision >= 0.97, `precision ${e.precision}`);
  });
});
