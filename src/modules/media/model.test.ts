import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../lib/time.ts';
import { accountFieldProblems, freshnessOf } from './model.ts';

const active = (lastUpdateDate: string | null, interactionOk: boolean | null = true) => ({
  status: 'active' as const,
  lastUpdateDate,
  interactionOk,
});

describe('new-media freshness (国办秘函〔2019〕19号: no update within 2 weeks)', () => {
  it('passes an account updated exactly 14 days ago and fails one updated 15 days ago', () => {
    assert.deepEqual(freshnessOf(active('2022-02-15'), '2022-03-01').flags, ['stale_soon']);
    assert.equal(freshnessOf(active('2022-02-15'), '2022-03-01').failing, false);
    const f = freshnessOf(active('2022-02-14'), '2022-03-01');
    assert.deepEqual(f.flags, ['stale']);
    assert.equal(f.failing, true);
    assert.equal(f.daysSinceUpdate, 15);
  });

  it('warns from 10 days on and is quiet before', () => {
    assert.deepEqual(freshnessOf(active('2022-02-20'), '2022-03-01').flags, []);
    assert.deepEqual(freshnessOf(active('2022-02-19'), '2022-03-01').flags, ['stale_soon']);
  });

  it('fails a broken interaction and flags an unchecked one, and fails an account with no record', () => {
    assert.deepEqual(freshnessOf(active('2022-03-01', false), '2022-03-01'), {
      flags: ['interaction_broken'],
      daysSinceUpdate: 0,
      failing: true,
    });
    assert.deepEqual(freshnessOf(active('2022-03-01', null), '2022-03-01').flags, ['interaction_unchecked']);
    assert.equal(freshnessOf(active(null, null), '2022-03-01').failing, true);
  });

  it('never flags a closed account', () => {
    assert.deepEqual(
      freshnessOf({ status: 'closed', lastUpdateDate: '2020-01-01', interactionOk: false }, '2022-03-01')
        .flags,
      [],
    );
  });

  it('is stale exactly when the last update is more than 14 days before the check date (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 3000 }), (ago, offset) => {
        const today = addDays('2019-01-01', offset);
        const f = freshnessOf(active(addDays(today, -ago)), today);
        assert.equal(f.flags.includes('stale'), ago > 14);
        assert.equal(f.daysSinceUpdate, ago);
      }),
    );
  });
});

describe('account fields', () => {
  const ok = {
    platform: 'wechat' as const,
    accountName: '红谷滩发布',
    platformAccountId: 'gh_123abc',
    orgId: 3,
    operator: '区融媒体中心',
    responsiblePerson: '王某',
    level: 'district' as const,
  };
  it('accepts a complete account', () => assert.deepEqual(accountFieldProblems(ok), {}));
  it('requires the permanent platform ID, not a display name', () => {
    assert.match(accountFieldProblems({ ...ok, platformAccountId: '' }).platformAccountId, /永久|ID/);
    assert.ok(
      accountFieldProblems({ ...ok, platformAccountId: '红谷滩 发布' }).platformAccountId,
      "accountFieldProblems({ ...ok, platformAccountId: '红谷滩 发布' }).platformAccountId",
    );
  });
  it('names every missing field in Chinese', () => {
    const p = accountFieldProblems({});
    assert.deepEqual(Object.keys(p).sort(), [
      'accountName',
      'level',
      'operator',
      'orgId',
      'platform',
      'platformAccountId',
      'responsiblePerson',
    ]);
    for (const m of Object.values(p)) assert.match(m, /[\u4e00-\u9fff]/);
  });
});
