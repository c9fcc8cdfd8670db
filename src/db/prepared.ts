/**
 * Reads that a hot page runs on every request, built and compiled by Kysely once per engine and then
 * run with new values. Kysely builds and compiles a query afresh on each call: for an uncached item
 * page that was a fifth of its CPU time (bench/pages.bench.ts, `--cpu-prof`), more than running the
 * statements. On PostgreSQL the text also carries a mark that `index.ts` turns into a named
 * statement, so the server parses and plans it once per connection.
 */
import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import { engineOf, PREPARED_MARK, type Engine } from './index.ts';
import type { DB } from './types.ts';

/** Stands for one value while the query is built: it must reach Kysely as it is, as a value. */
class Slot {
  constructor(readonly name: string) {}
}

/**
 * A read over `db` whose shape never changes, only its values: `build` receives stand-ins for the
 * values (`values.id`), which it must pass to Kysely unchanged, where a value goes (a comparison,
 * `limit`, `sql`'s `${}`), never compute with or branch on; it may branch on the engine. Lists
 * (`in`) are not values here. Columns are named (no `selectAll`): PostgreSQL keeps a named
 * statement's result shape, so `select *` would fail on every kept connection once a migration adds
 * a column. The statement runs as Kysely would have run it, with the rows typed as the query's.
 */
export function preparedRead<V extends Record<string, unknown>, R>(
  build: (db: Kysely<DB>, values: V) => Compilable<R>,
): (db: Kysely<DB>, values: V) => Promise<R[]> {
  const compiled = new Map<Engine, CompiledQuery<R>>();
  return async (db, values) => {
    const engine = engineOf(db);
    let query = compiled.get(engine);
    if (!query) {
      const slots = new Proxy({} as V, { get: (_, name) => new Slot(String(name)) });
      const fresh = build(db, slots).compile();
      if (/\bselect\s+(distinct\s+)?(\w+\.)?\*/i.test(fresh.sql))
        throw new Error(`preparedRead: name the columns, not *: ${fresh.sql}`);
      query = { ...fresh, sql: PREPARED_MARK + fresh.sql };
      compiled.set(engine, query);
    }
    const parameters = query.parameters.map((p) => (p instanceof Slot ? values[p.name] : p));
    const result = await db.executeQuery<R>({ ...query, parameters, queryId: createQueryId() });
    return result.rows;
  };
}
