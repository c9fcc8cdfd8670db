import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  creditCodeCheckChar,
  isCreditCode,
  isResidentId15,
  isResidentId18,
  luhnValid,
  normaliseMobile,
  residentIdCheckChar,
} from './identifiers.ts';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const birth = fc
  .date({ min: new Date('1920-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''));
const idNumber = fc.tuple(fc.integer({ min: 110000, max: 659999 }), birth, digits(3)).map(([r, b, s]) => {
  const first17 = `${r}${b}${s}`;
  return first17 + residentIdCheckChar(first17);
});

describe('resident ID numbers (GB 11643)', () => {
  it('accepts every number built with the right check character', () => {
    fc.assert(fc.property(idNumber, (id) => isResidentId18(id)));
  });
  it('refuses the number when any single digit is changed', () => {
    fc.assert(
      fc.property(
        idNumber,
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (id, pos, delta) => {
          // Weights are non-zero mod 11, so any single-digit change moves the check character.
          const changed = id.slice(0, pos) + ((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
          return !isResidentId18(changed);
        },
      ),
    );
    fc.assert(
      fc.property(idNumber, (id) => {
        const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
        return !isResidentId18(wrong);
      }),
    );
  });
  it('knows a published example and full-width digits, and refuses impossible birth dates', () => {
    assert.ok(isResidentId18('11010519491231002X'), "isResidentId18('11010519491231002X')");
    assert.ok(
      isResidentId18('１１０１０５１９４９１２３１００２Ｘ'),
      "isResidentId18('１１０１０５１９４９１２３１００２Ｘ')",
    );
    assert.ok(!isResidentId18('110105194902310021'), "!isResidentId18('110105194902310021')");
    assert.ok(isResidentId15('110105491231002'), "isResidentId15('110105491231002')");
    assert.ok(!isResidentId15('110105491331002'), "!isResidentId15('110105491331002')");
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts codes built with their check character and refuses a wrong one', () => {
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const code = fc.tuple(
      fc.constantFrom('11', '12', '91', '92', '51', '52'),
      digits(6),
      fc.array(fc.constantFrom(...chars.split('')), { minLength: 9, maxLength: 9 }),
    );
    fc.assert(
      fc.property(code, ([a, b, c]) => {
        const first17 = a + b + c.join('');
        const check = creditCodeCheckChar(first17)!;
        const wrong = chars[(chars.indexOf(check) + 1) % 31];
        return isCreditCode(first17 + check) && !isCreditCode(first17 + wrong);
      }),
    );
    assert.ok(isCreditCode('91350100M000100Y43'), "isCreditCode('91350100M000100Y43')");
  });
});

describe('mobile numbers and Luhn', () => {
  it('normalises every written form of a mobile number', () => {
    for (const s of [
      '13912345678',
      '139 1234 5678',
      '139-1234-5678',
      '+86 139 1234 5678',
      '008613912345678',
      '１３９１２３４５６７８',
    ]) {
      assert.equal(normaliseMobile(s), '13912345678', s);
    }
    assert.equal(normaliseMobile('12345'), null);
    assert.equal(normaliseMobile('0791-86888888'), null);
    assert.equal(normaliseMobile('12912345678'), null);
  });
  it('checks Luhn digits', () => {
    assert.ok(luhnValid('4111111111111111'), "luhnValid('4111111111111111')");
    assert.ok(!luhnValid('4111111111111112'), "!luhnValid('4111111111111112')");
  });
});
