import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'node:test';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json.ts';

const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('jsonTooDeep', () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    assert.equal(jsonTooDeep(nested(MAX_JSON_DEPTH)), false);
    assert.equal(jsonTooDeep(nested(MAX_JSON_DEPTH + 1)), true);
    assert.equal(jsonTooDeep('{"a":'.repeat(100_000)), true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    assert.equal(jsonTooDeep(JSON.stringify({ s: '['.repeat(500) + '\\"{{{{' }), 2), false);
  });

  it('agrees with the real depth of any JSON value', () => {
    const depth = (v: unknown): number =>
      v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v as object).map(depth)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (v, max) => {
        assert.equal(jsonTooDeep(JSON.stringify(v), max), depth(v) > max);
      }),
    );
  });
});
