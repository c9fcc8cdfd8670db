import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DatabaseIntrospector, TableMetadata } from 'kysely';
import { retrying } from './index.ts';
import { createTestDb } from '../../test/helpers.ts';

/** An introspector that fails its first `failures` reads with the given error, then answers. */
function flaky(failures: number, error: Error & { code?: string }): DatabaseIntrospector & { reads: number } {
  const table: TableMetadata = { name: 'kysely_migration', schema: 'public', isView: false, columns: [] };
  const self = {
    reads: 0,
    async getSchemas() {
      return [];
    },
    async getTables() {
      if (++self.reads <= failures) throw error;
      return [table];
    },
    async getMetadata() {
      return { tables: await self.getTables() };
    },
  };
  return self;
}

const dropped = () => Object.assign(new Error('relation "t_x.calendar_notices" does not exist'), { code: '42P01' });

describe('introspection while other schemas are dropped', () => {
  it('reads again when a table vanished during the read (42P01), up to five times', async () => {
    const inner = flaky(3, dropped());
    const tables = await retrying(inner).getTables();
    assert.equal(tables.length, 1, 'the fourth read answers');
    assert.equal(inner.reads, 4);
    const never = flaky(99, dropped());
    await assert.rejects(retrying(never).getTables(), /does not exist/);
    assert.equal(never.reads, 5, 'gives up after five reads');
  });

  it('reads again when a whole schema vanished during the read (3F000)', async () => {
    const inner = flaky(2, Object.assign(new Error('schema "t_x" does not exist'), { code: '3F000' }));
    const tables = await retrying(inner).getTables();
    assert.equal(tables.length, 1, 'the third read answers');
    assert.equal(inner.reads, 3, 'read three times');
  });

  it('does not retry any other error', async () => {
    const inner = flaky(1, Object.assign(new Error('permission denied'), { code: '42501' }));
    await assert.rejects(retrying(inner).getMetadata(), /permission denied/);
    assert.equal(inner.reads, 1);
  });

  it('reads the real database through the wrapped dialect', async () => {
    const testDb = await createTestDb();
    const database = testDb.open();
    try {
      await database.db.schema.createTable('probe').addColumn('id', 'integer').execute();
      const tables = await database.db.introspection.getTables();
      assert.ok(tables.some((t) => t.name === 'probe' && (!testDb.schema || t.schema === testDb.schema)), 'the new table is listed');
    } finally {
      await database.destroy();
      await testDb.drop();
    }
  });
});
