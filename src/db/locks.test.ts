import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { createTestDb, ENGINE, type TestDb } from '../../test/helpers.ts';
import { lockUntilCommit, type Database } from './index.ts';

const skipReason =
  ENGINE !== 'postgres'
    ? 'SQLite 只有一个写入者，无需加锁；SQLite 上跳过（设置 TEST_DATABASE_URL 为 PostgreSQL 运行）'
    : '';

/** Takes `name` in a transaction of its own that gives up after `ms` of waiting. */
const take = (db: Kysely<any>, name: string, ms: number) =>
  db.transaction().execute(async (trx) => {
    await sql.raw(`set local lock_timeout = '${ms}ms'`).execute(trx);
    await lockUntilCommit(trx, name);
  });

describe(`locks held until commit (${ENGINE})`, () => {
  const made: TestDb[] = [];
  const open: Database[] = [];
  before(async () => {
    if (skipReason) return;
    for (let i = 0; i < 2; i++) made.push(await createTestDb());
    // Two connections to the first schema (the one holding, the one waiting), one to the second.
    open.push(made[0].open(), made[0].open(), made[1].open());
  });
  after(async () => {
    for (const d of open) await d.destroy();
    for (const d of made) await d.drop();
  });

  it('holds up the same lock in the same schema only: not another schema’s, not another lock', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const [holding, waiting, elsewhere] = open.map((d) => d.db);
    let release!: () => void;
    let taken!: () => void;
    const isTaken = new Promise<void>((r) => (taken = r));
    const holder = holding.transaction().execute(async (trx) => {
      await lockUntilCommit(trx, 'audit-chain');
      taken();
      await new Promise<void>((r) => (release = r));
    });
    await isTaken;
    await take(elsewhere, 'audit-chain', 2000); // another site's chain goes on
    await take(waiting, 'foi-numbering', 2000); // and so does another lock of this site
    await assert.rejects(
      take(waiting, 'audit-chain', 300),
      /lock timeout/,
      'the same lock waits for the commit',
    );
    release();
    await holder;
    await take(waiting, 'audit-chain', 2000);
  });
});
