import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDb, ENGINE, type TestDb } from '../../test/helpers.ts';
import { readStoredFile, removeStoredFile, writeStoredFile, type FilesContext } from './files.ts';
import type { Database } from './index.ts';
import { migrateToLatest } from './migrate.ts';

describe(`stored files (${ENGINE})`, () => {
  let testDb: TestDb;
  let database: Database;
  let ctx: FilesContext;
  before(async () => {
    testDb = await createTestDb();
    database = testDb.open();
    await migrateToLatest(database.db, database.schema);
    ctx = { db: database.db, config: { dataDir: testDb.dataDir } };
  });
  after(async () => {
    await database.destroy();
    await testDb.drop();
  });

  it('reads back what was written, replaced by a second write, and nothing once removed', async () => {
    await writeStoredFile(ctx, 'uploads/a/one.txt', Buffer.from('第一版'));
    assert.equal((await readStoredFile(ctx, 'uploads/a/one.txt'))?.toString(), '第一版');
    await writeStoredFile(ctx, 'uploads/a/one.txt', Buffer.from('第二版'));
    assert.equal((await readStoredFile(ctx, 'uploads/a/one.txt'))?.toString(), '第二版');
    await removeStoredFile(ctx, 'uploads/a/one.txt');
    assert.equal(await readStoredFile(ctx, 'uploads/a/one.txt'), null);
    assert.equal(await readStoredFile(ctx, 'uploads/never-written'), null);
  });

  it('keeps files on the local disk on SQLite, in the database on PostgreSQL (bytes once per hash)', async () => {
    await writeStoredFile(ctx, 'uploads/b/x.txt', Buffer.from('同样的内容'));
    await writeStoredFile(ctx, 'uploads/b/y.txt', Buffer.from('同样的内容'));
    const onDisk = existsSync(join(testDb.dataDir, 'uploads/b/x.txt'));
    const blobs = await database.db
      .selectFrom('blobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (ENGINE === 'postgres') {
      assert.equal(onDisk, false);
      assert.equal(Number(blobs.n), 1);
      await removeStoredFile(ctx, 'uploads/b/x.txt');
      assert.equal(
        (await readStoredFile(ctx, 'uploads/b/y.txt'))?.toString(),
        '同样的内容',
        'the other path keeps the bytes',
      );
      await removeStoredFile(ctx, 'uploads/b/y.txt');
      const left = await database.db.selectFrom('blobs').select('hash').execute();
      assert.deepEqual(left, [], 'bytes no path holds are dropped');
    } else {
      assert.equal(onDisk, true);
      assert.equal(Number(blobs.n), 0);
    }
  });

  it('commits a file with the caller’s transaction and drops it when that rolls back (PostgreSQL)', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await writeStoredFile(ctx, 'uploads/c/rolled-back.txt', Buffer.from('x'), trx);
        throw new Error('rollback');
      }),
    );
    const left = await readStoredFile(ctx, 'uploads/c/rolled-back.txt');
    if (ENGINE === 'postgres') assert.equal(left, null);
  });

  it('refuses a path that leaves the data directory', async () => {
    for (const bad of ['../escape.txt', '/etc/passwd', 'uploads/../../x', ''])
      await assert.rejects(writeStoredFile(ctx, bad, Buffer.from('x')), /outside the data directory/);
  });
});
