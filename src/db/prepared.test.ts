import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, ENGINE, type TestDb } from '../../test/helpers.ts';
import type { Database } from './index.ts';
import { migrateToLatest } from './migrate.ts';
import { preparedRead } from './prepared.ts';
import { putSetting } from './settings.ts';

// Values in a comparison, in `limit`, inside `sql`, and a constant that stays as built.
const settingsFrom = preparedRead((db, { from, upTo, max }: { from: string; upTo: string; max: number }) =>
  db
    .selectFrom('settings')
    .select(['key', sql<string>`${'·'} || value`.as('marked')])
    .where('key', '>=', from)
    .where(sql<boolean>`key <= ${upTo}`)
    .where('key', '!=', 'k9')
    .orderBy('key')
    .limit(max),
);

describe(`preparedRead (${ENGINE})`, () => {
  let testDb: TestDb;
  let database: Database;
  before(async () => {
    testDb = await createTestDb();
    database = testDb.open();
    await migrateToLatest(database.db, database.schema);
    for (const n of [1, 2, 3, 4, 9]) await putSetting(database.db, `k${n}`, `v${n}`);
  });
  after(async () => {
    await database.destroy();
    await testDb.drop();
  });

  it('runs the query it compiled once with each call’s values in their places', async () => {
    const db = database.db;
    assert.deepEqual(await settingsFrom(db, { from: 'k2', upTo: 'k9', max: 2 }), [
      { key: 'k2', marked: '·v2' },
      { key: 'k3', marked: '·v3' },
    ]);
    assert.deepEqual(await settingsFrom(db, { from: 'k1', upTo: 'k9', max: 10 }), [
      { key: 'k1', marked: '·v1' },
      { key: 'k2', marked: '·v2' },
      { key: 'k3', marked: '·v3' },
      { key: 'k4', marked: '·v4' },
    ]);
    assert.deepEqual(await settingsFrom(db, { from: 'k4', upTo: 'k3', max: 10 }), []);
  });

  it('reads inside the caller’s transaction, seeing its uncommitted writes', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await putSetting(trx, 'k5', 'v5');
        assert.deepEqual(await settingsFrom(trx, { from: 'k5', upTo: 'k5', max: 1 }), [
          { key: 'k5', marked: '·v5' },
        ]);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.deepEqual(await settingsFrom(database.db, { from: 'k5', upTo: 'k5', max: 1 }), []);
  });

  it('refuses a query that selects * (its result shape would change under a named statement)', async () => {
    const everything = preparedRead((db, { key }: { key: string }) =>
      db.selectFrom('settings').selectAll().where('key', '=', key),
    );
    await assert.rejects(everything(database.db, { key: 'k1' }), /name the columns/);
  });

  it('on PostgreSQL, is a named statement the connection keeps, parsed once', async (t) => {
    if (ENGINE !== 'postgres') return t.skip('PostgreSQL only');
    await database.db.transaction().execute(async (trx) => {
      await settingsFrom(trx, { from: 'k1', upTo: 'k2', max: 1 });
      await settingsFrom(trx, { from: 'k3', upTo: 'k4', max: 1 });
      const kept = await sql<{
        statement: string;
      }>`select statement from pg_prepared_statements where statement like '%settings%'`.execute(trx);
      assert.equal(kept.rows.length, 1, 'one named statement for both calls');
      assert.match(kept.rows[0]!.statement, /^\/\* prepared \*\/ select/);
    });
  });
});
