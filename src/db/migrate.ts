/**
 * Forward-only migrations: timestamp-named files in db/migrations, applied in order, never edited
 * after they land. Each exports `up(db)`; the same file runs on SQLite and PostgreSQL.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Kysely, Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';

const folder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_FILE = /^\d{10,}_.+\.[jt]s$/;

class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    // .ts in the repository, .js in a build (scripts/build.mjs): the same names either way.
    const files = (await readdir(folder)).filter((f) => MIGRATION_FILE.test(f) && !f.endsWith('.d.ts'));
    const out: Record<string, Migration> = {};
    for (const file of files.sort()) {
      out[file.replace(/\.[jt]s$/, '')] = await import(pathToFileURL(join(folder, file)).href);
    }
    return out;
  }
}

/** `schema`: the PostgreSQL schema the app uses (Kysely would otherwise find another schema's tables). */
export function migrator(db: Kysely<any>, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: new FolderMigrationProvider(),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<MigrationResultSet> {
  const result = await migrator(db, schema).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = new Error(`数据库迁移失败${failed ? `：${failed.migrationName}` : ''}`);
    (err as Error & { cause: unknown }).cause = result.error;
    throw err;
  }
  return result;
}

/** Names of migrations not yet applied (for `gongkai migrate --dry-run`). */
export async function pendingMigrations(db: Kysely<any>, schema?: string): Promise<string[]> {
  const all = await migrator(db, schema).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
