import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { sql } from 'kysely';
import { createTestDb, ENGINE, TEST_DATABASE_URL } from '../../test/helpers.ts';

describe(`introspection (${ENGINE})`, () => {
  it('lists a new table with its columns through the app’s dialect', async () => {
    const testDb = await createTestDb();
    const database = testDb.open();
    try {
      await sql`create table probe (id integer primary key, name text not null, note text default 'x')`.execute(
        database.db,
      );
      const tables = await database.db.introspection.getTables();
      const probe = tables.find((t) => t.name === 'probe');
      assert.ok(probe, 'the new table is listed');
      if (testDb.schema) assert.equal(probe.schema, testDb.schema, 'in the test’s own schema');
      assert.deepEqual(
        probe.columns.map((c) => c.name),
        ['id', 'name', 'note'],
        'columns in table order',
      );
      const [, name, note] = probe.columns;
      assert.equal(name.isNullable, false, 'name is NOT NULL');
      assert.equal(note.isNullable, true, 'note may be null');
      assert.equal(note.hasDefaultValue, true, 'note has a default');
      assert.ok(!tables.some((t) => t.name === 'kysely_migration'), 'Kysely’s own tables only when asked');
    } finally {
      await database.destroy();
      await testDb.drop();
    }
  });

  if (ENGINE !== 'postgres') return;

  it('reads only its own schema, unaffected by schemas other processes build and drop meanwhile', async () => {
    const testDb = await createTestDb();
    const database = testDb.open();
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    let churning = true;
    // Another "test process": builds a schema, adds and renames columns, drops it, over and over.
    const churn = (async () => {
      for (let i = 0; churning; i++) {
        const other = `${testDb.schema}_other${i}`;
        await admin.query(
          `create schema ${other}; create table ${other}.t (id serial primary key, topic text)`,
        );
        await admin.query(
          `alter table ${other}.t rename column topic to subject; alter table ${other}.t add column extra text`,
        );
        await admin.query(`drop schema ${other} cascade`);
      }
    })();
    try {
      await sql`create table mine (id serial primary key)`.execute(database.db);
      for (let read = 0; read < 100; read++) {
        const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
        assert.deepEqual(
          tables.map((t) => `${t.schema}.${t.name}`),
          [`${testDb.schema}.mine`],
          `read ${read} sees only its own table`,
        );
        assert.equal(tables[0].columns[0].isAutoIncrementing, true, 'a serial column is auto-incrementing');
      }
    } finally {
      churning = false;
      await churn;
      await admin.end();
      await database.destroy();
      await testDb.drop();
    }
  });
});
