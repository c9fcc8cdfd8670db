import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { feeByCount, feeByVolume } from './fees.ts';

describe('processing fees (国办函〔2020〕109号)', () => {
  it('by count: tiers exactly', () => {
    const table: [number, number][] = [
      [1, 0],
      [10, 0],
      [11, 10000],
      [30, 10000],
      [31, 20000],
      [40, 20000],
      [41, 30000],
      [50, 30000],
      [51, 40000],
      [60, 40000],
      [61, 50000],
    ];
    for (const [n, fen] of table) assert.equal(feeByCount(n).amountFen, fen, `application #${n}`);
  });
  it('by count: explanation names basis, standard and amount', () => {
    const q = feeByCount(35);
    assert.match(q.explanation, /第 35 件/);
    assert.match(q.explanation, /国办函〔2020〕109号/);
    assert.match(q.explanation, /¥200\.00/);
    assert.match(q.standard, /第 31—40 件每件收费 200 元/);
  });
  it('by volume: progressive tiers exactly', () => {
    const table: [number, number][] = [
      [0, 0],
      [1, 0],
      [30, 0],
      [31, 1000],
      [100, 70000],
      [101, 72000],
      [200, 270000],
      [201, 274000],
      [250, 470000],
    ];
    for (const [p, fen] of table) assert.equal(feeByVolume(p).amountFen, fen, `${p} pages`);
    assert.match(
      feeByVolume(150).explanation,
      /第 31—100 页（70 页）每页 10 元，计 ¥700\.00；第 101—200 页（50 页）每页 20 元，计 ¥1000\.00。合计收费金额：¥1700\.00/,
    );
  });
  it('refuses nonsense input', () => {
    assert.throws(() => feeByCount(0), RangeError);
    assert.throws(() => feeByVolume(-1), RangeError);
    assert.throws(() => feeByVolume(1.5), RangeError);
  });
  it('properties: monotone; block boundaries; marginal price by volume is the tier price', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        (n) => feeByCount(n + 1).amountFen >= feeByCount(n).amountFen,
      ),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        (p) => feeByVolume(p + 1).amountFen >= feeByVolume(p).amountFen,
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 50 }), (b) => {
        // within a block of ten above 30 the price is constant; it rises by ¥100 at each block start
        const first = 30 + (b - 3) * 10 + 1;
        for (let i = 0; i < 10; i++)
          if (feeByCount(first + i).amountFen !== feeByCount(first).amountFen) return false;
        return feeByCount(first + 10).amountFen - feeByCount(first).amountFen === 10000;
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (p) => {
        const marginal = feeByVolume(p + 1).amountFen - feeByVolume(p).amountFen;
        const page = p + 1;
        return marginal === (page <= 30 ? 0 : page <= 100 ? 1000 : page <= 200 ? 2000 : 4000);
      }),
    );
  });
});
