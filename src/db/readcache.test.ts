import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from './types.ts';
import { ReadCache } from './readcache.ts';

/** A cache over no database (the reads below do not use it) with a clock the test moves. */
function setup(maxAgeMs = 500) {
  let now = 0;
  const cache = new ReadCache({} as Kysely<DB>, maxAgeMs, () => now);
  let reads = 0;
  let value = 'first';
  const read = async () => {
    reads++;
    return [value];
  };
  return {
    cache,
    read,
    get reads() {
      return reads;
    },
    set value(v: string) {
      value = v;
    },
    tick(ms: number) {
      now += ms;
    },
  };
}

describe('ReadCache', () => {
  it('reads once, then hands out the kept value until a write to one of its tables commits', async () => {
    const t = setup();
    assert.deepEqual(await t.cache.get('site', ['settings'], t.read), ['first']);
    t.value = 'second';
    assert.deepEqual(await t.cache.get('site', ['settings'], t.read), ['first']);
    assert.equal(t.reads, 1);
    t.cache.written(new Set(['orgs']));
    assert.deepEqual(
      await t.cache.get('site', ['settings'], t.read),
      ['first'],
      'a write to another table keeps it',
    );
    t.cache.written(new Set(['settings']));
    assert.deepEqual(await t.cache.get('site', ['settings'], t.read), ['second']);
    assert.equal(t.reads, 2);
  });

  it('reads again after a write of unknown tables (DDL) and after its maximum age', async () => {
    const t = setup(500);
    await t.cache.get('k', ['orgs'], t.read);
    t.cache.written(new Set(['*']));
    await t.cache.get('k', ['orgs'], t.read);
    assert.equal(t.reads, 2);
    t.tick(499);
    await t.cache.get('k', ['orgs'], t.read);
    assert.equal(t.reads, 2, 'still fresh just before the maximum age');
    t.tick(1);
    t.value = 'changed by another process';
    assert.deepEqual(await t.cache.get('k', ['orgs'], t.read), ['changed by another process']);
    assert.equal(t.reads, 3);
  });

  it('shares one read between concurrent callers and does not keep a failed read', async () => {
    const t = setup();
    const [a, b] = await Promise.all([
      t.cache.get('k', ['orgs'], t.read),
      t.cache.get('k', ['orgs'], t.read),
    ]);
    assert.deepEqual(a, b);
    assert.equal(t.reads, 1);
    let fail = true;
    const flaky = async () => {
      if (fail) throw new Error('database unavailable');
      return 'ok';
    };
    await assert.rejects(t.cache.get('f', ['orgs'], flaky), /unavailable/);
    fail = false;
    assert.equal(await t.cache.get('f', ['orgs'], flaky), 'ok');
  });

  it('does not let a write committed during a read keep what that read saw', async () => {
    const t = setup();
    let release!: () => void;
    const slow = () => new Promise<string[]>((resolve) => (release = () => resolve(['before the write'])));
    const pending = t.cache.get('k', ['orgs'], slow);
    t.cache.written(new Set(['orgs']));
    release();
    assert.deepEqual(await pending, ['before the write']);
    assert.deepEqual(await t.cache.get('k', ['orgs'], t.read), ['first'], 'the next caller reads again');
  });

  it('hands out copies: a caller changing its array or object changes nothing for others', async () => {
    const t = setup();
    const list = await t.cache.get('k', ['orgs'], t.read);
    list.push('added by one caller');
    assert.deepEqual(await t.cache.get('k', ['orgs'], t.read), ['first']);
    const site = await t.cache.get('s', ['settings'], async () => ({ name: '某区人民政府' }));
    site.name = 'changed';
    assert.deepEqual(await t.cache.get('s', ['settings'], async () => ({ name: 'unused' })), {
      name: '某区人民政府',
    });
  });
});
