import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, ENGINE, type TestDb } from '../../test/helpers.ts';
import type { Database } from './index.ts';
import { migrateToLatest } from './migrate.ts';
import { claimSetting, deleteSetting, getSetting, putSetting } from './settings.ts';

describe(`settings (${ENGINE})`, () => {
  let testDb: TestDb;
  let database: Database;
  before(async () => {
    testDb = await createTestDb();
    database = testDb.open();
    await migrateToLatest(database.db, database.schema);
  });
  after(async () => {
    await database.destroy();
    await testDb.drop();
  });

  it('reads back what was put, the last value winning, and nothing once deleted', async () => {
    const db = database.db;
    assert.equal(await getSetting(db, 'test.key'), undefined);
    await putSetting(db, 'test.key', '一');
    await putSetting(db, 'test.key', '二');
    assert.equal(await getSetting(db, 'test.key'), '二');
    await deleteSetting(db, 'test.key');
    assert.equal(await getSetting(db, 'test.key'), undefined);
  });

  it('claims a key once: the second claim is refused and keeps the first value', async () => {
    const db = database.db;
    assert.equal(await claimSetting(db, 'test.once', 'a'), true);
    assert.equal(await claimSetting(db, 'test.once', 'b'), false);
    assert.equal(await getSetting(db, 'test.once'), 'a');
  });

  it('commits with the caller’s transaction and not when it rolls back', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await putSetting(trx, 'test.trx', 'x');
        throw new Error('rollback');
      }),
    );
    assert.equal(await getSetting(database.db, 'test.trx'), undefined);
  });
});
