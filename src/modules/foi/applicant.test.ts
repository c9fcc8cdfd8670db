import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { residentIdCheckChar } from '../../lib/identifiers.ts';
import {
  foreignPrCheckChar,
  idNumberProblem,
  isForeignPermanentResidentId,
  isHkMacaoPermit,
  isPassportNumber,
  isTaiwanPermit,
} from './applicant.ts';

const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
const date8 = fc
  .date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));

describe('identity documents, each with its own check (pure)', () => {
  it('居民身份证: accepts exactly the 18-digit numbers whose last character is the GB 11643 check character', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-6][1-9]\d{4}$/),
        date8,
        digits(3),
        fc.constantFrom(...'0123456789X'),
        (region, birth, seq, c) => {
          const first = region + birth + seq;
          const ok = idNumberProblem('resident', first + c) === null;
          assert.equal(ok, residentIdCheckChar(first) === c, `${first}${c}`);
        },
      ),
    );
  });
  it('港澳居民来往内地通行证: H or M with 8 or 10 digits, nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom('H', 'M'), fc.oneof(digits(8), digits(10)), (l, d) =>
        assert.ok(isHkMacaoPermit(l + d), `${l}${d} accepted`),
      ),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 14 }), (s) => {
        if (isHkMacaoPermit(s))
          assert.match(
            s.replace(/\s|-/g, '').toUpperCase(),
            /^[HM](\d{8}|\d{10})$/,
            'only H/M + 8 or 10 digits',
          );
      }),
    );
    for (const bad of ['H1234567', 'M123456789', 'A12345678', 'H12345678901'])
      assert.equal(isHkMacaoPermit(bad), false, bad);
  });
  it('台湾居民来往大陆通行证: exactly 8 digits', () => {
    fc.assert(fc.property(digits(8), (d) => assert.ok(isTaiwanPermit(d), `${d} accepted`)));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }).filter((n) => n !== 8),
        (n) => assert.equal(isTaiwanPermit('1'.repeat(n)), false, `${n} digits refused`),
      ),
    );
  });
  it('外国人永久居留身份证: the 18-character card starts with 9 and carries the check character; the 15-character card is 3 letters + 12 digits with a birth date', () => {
    fc.assert(
      fc.property(digits(2), digits(3), date8, digits(3), (office, nation, birth, seq) => {
        const first = `9${office}${nation}${birth}${seq}`;
        assert.ok(
          isForeignPermanentResidentId(first + foreignPrCheckChar(first)),
          `${first} with its check character`,
        );
        const wrong = foreignPrCheckChar(first) === '0' ? '1' : '0';
        assert.equal(
          isForeignPermanentResidentId(first + wrong),
          false,
          'a wrong check character is refused',
        );
      }),
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z]{3}$/),
        digits(4),
        date8,
        digits(2),
        (nation, office, birth, seq) => {
          assert.ok(
            isForeignPermanentResidentId(`${nation}${office}${birth.slice(2)}${seq}`),
            'old card accepted',
          );
        },
      ),
    );
    assert.equal(isForeignPermanentResidentId('USA110099133112'), false, 'old card with 13th month refused');
    assert.ok(isForeignPermanentResidentId('AAA000000022900'), 'old card born 29 February 2000 accepted');
    assert.equal(
      isForeignPermanentResidentId('AAA000001022900'),
      false,
      'old card with 29 February 2001 refused',
    );
    const resident = `36011219800110321${residentIdCheckChar('36011219800110321')}`;
    assert.equal(
      isForeignPermanentResidentId(resident),
      false,
      'a resident ID (not starting with 9) is not a permanent-residence card',
    );
  });
  it('护照: 5–17 letters and digits with a digit; a Chinese passport number follows the Chinese pattern', () => {
    for (const ok of ['E12345678', 'EA1234567', 'G12345678', 'X1234567', 'C01X00T47', '123456789'])
      assert.ok(isPassportNumber(ok), ok);
    for (const bad of ['E1234567X', 'ABCDEFG', '1234', 'E12#345', 'A'.repeat(18) + '1'])
      assert.equal(isPassportNumber(bad), false, bad);
    fc.assert(
      fc.property(fc.string({ maxLength: 25 }), (s) => {
        if (isPassportNumber(s))
          assert.match(
            s.replace(/[\s\u3000-]/g, '').toUpperCase(),
            /^[A-Z0-9]{5,17}$/,
            'only letters and digits',
          );
      }),
    );
  });
  it('names the document in each refusal, in Chinese', () => {
    assert.match(idNumberProblem('passport', '!!')!, /护照号码格式不正确/);
    assert.match(idNumberProblem('hk_macao', 'H1')!, /港澳居民来往内地通行证/);
    assert.match(idNumberProblem('taiwan', '123')!, /台湾居民来往大陆通行证/);
    assert.match(idNumberProblem('foreign_pr', '123')!, /外国人永久居留身份证/);
    assert.match(idNumberProblem('resident', '')!, /请填写居民身份证号码/);
    assert.match(idNumberProblem('visa', '123')!, /请选择证件类型/);
    assert.match(idNumberProblem('credit_code', '91360100MA35ABCDE0')!, /统一社会信用代码不正确/);
  });
});
