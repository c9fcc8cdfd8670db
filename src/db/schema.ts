/**
 * Helpers for migrations so one file serves both engines. Conventions every table follows:
 * - ids: integer, generated (`id` below);
 * - instants: ISO-8601 UTC text (`…Z`), sortable as text; legal dates: `YYYY-MM-DD` text;
 * - booleans: integer 0/1; money: integer fen; JSON: text.
 */
import type { CreateTableBuilder, Kysely } from 'kysely';
import { engineOf } from './index.ts';

/** Adds the generated integer primary key `id`. */
export function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, any>) {
  return engineOf(db) === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
