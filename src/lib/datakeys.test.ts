import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { blindIndex, open, registerKeyring, seal, type DataKey } from './datakeys.ts';

const key = (id: string): DataKey => ({ id, secret: randomBytes(32) });

describe('personal-data keys', () => {
  it('opens whatever it sealed, under each registered key, and every value differs from the last', () => {
    const [a, b] = [key('a1'), key('b1')];
    registerKeyring({ current: a, keys: [a, b], source: 'env' });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.boolean(), (plain, underB) => {
        const k = underB ? b : a;
        const sealed = seal(plain, k);
        assert.equal(open(sealed), plain);
        if (plain !== '') {
          assert.ok(sealed.startsWith(`enc1.${k.id}.`), sealed);
          assert.notEqual(seal(plain, k), sealed, 'a fresh IV each time');
        }
      }),
    );
  });

  it('refuses a value changed after sealing', () => {
    const k = key('t1');
    registerKeyring({ current: k, keys: [k], source: 'env' });
    const sealed = seal('13807911234', k);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('13807911235').toString('base64url');
    assert.throws(() => open(parts.join('.')));
  });

  it('derives each key’s own subkeys: two keys, even under one id, never share an index or open each other’s values', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (plain) => {
        const [first, second] = [key('same'), key('same')];
        assert.equal(blindIndex(plain, first), blindIndex(plain, first), 'an index is stable');
        assert.notEqual(blindIndex(plain, first), blindIndex(plain, second));
        registerKeyring({ current: second, keys: [second], source: 'env' });
        assert.throws(() => open(seal(plain, first)), 'sealed under the first, registered the second');
      }),
      { numRuns: 30 },
    );
  });
});
