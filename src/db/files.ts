/**
 * Stored files — uploads and generated documents — by a path relative to DATA_DIR
 * (`uploads/content/ab/….pdf`, `foi-attachments/…`). Every module reads and writes its files here.
 *
 * SQLite (one process, one machine): the file on the local disk at DATA_DIR/path, as before.
 * PostgreSQL (any number of app processes, issue 27 part 3): the bytes in `blobs`, once per SHA-256,
 * and the path in `stored_files`, so every process sees every file with no shared disk and a site's
 * backup (its schema) holds its files. A path written to disk before the move is still read from
 * there. Writes take the caller's transaction (`db`), so a file and the row naming it commit together.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { Kysely } from 'kysely';
import { engineOf } from './index.ts';
import type { DB } from './types.ts';

/** What the file store needs of the app's context. */
export interface FilesContext {
  db: Kysely<DB>;
  config: { dataDir: string };
  clock?: { now(): Date };
}

/** A stored path: relative, forward slashes, never leaving DATA_DIR. */
function checkedPath(path: string): string {
  const p = normalize(path).split(sep).join('/');
  if (!p || p === '.' || isAbsolute(p) || p === '..' || p.startsWith('../') || p.includes('\0'))
    throw new Error(`stored file path outside the data directory: ${path}`);
  return p;
}

/** Writes (or replaces) the file at `path`. */
export async function writeStoredFile(
  ctx: FilesContext,
  path: string,
  data: Uint8Array,
  db: Kysely<DB> = ctx.db,
): Promise<void> {
  const p = checkedPath(path);
  if (engineOf(db) !== 'postgres') {
    const file = join(ctx.config.dataDir, p);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, data);
    return;
  }
  const hash = createHash('sha256').update(data).digest('hex');
  const now = (ctx.clock?.now() ?? new Date()).toISOString();
  await db
    .insertInto('blobs')
    .values({ hash, size: data.byteLength, data: Buffer.from(data), created_at: now })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  const previous = await db
    .selectFrom('stored_files')
    .select('hash')
    .where('path', '=', p)
    .executeTakeFirst();
  await db
    .insertInto('stored_files')
    .values({ path: p, hash, created_at: now })
    .onConflict((oc) => oc.column('path').doUpdateSet({ hash, created_at: now }))
    .execute();
  if (previous && previous.hash !== hash) await dropUnusedBlob(db, previous.hash);
}

/** The file at `path`, or null when there is none. */
export async function readStoredFile(ctx: FilesContext, path: string): Promise<Buffer | null> {
  const p = checkedPath(path);
  if (engineOf(ctx.db) === 'postgres') {
    const row = await ctx.db
      .selectFrom('stored_files')
      .innerJoin('blobs', 'blobs.hash', 'stored_files.hash')
      .select('blobs.data')
      .where('stored_files.path', '=', p)
      .executeTakeFirst();
    if (row) return Buffer.from(row.data);
  }
  try {
    return await readFile(join(ctx.config.dataDir, p));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Removes the file at `path` (nothing when there is none); its bytes go when no other path holds them. */
export async function removeStoredFile(
  ctx: FilesContext,
  path: string,
  db: Kysely<DB> = ctx.db,
): Promise<void> {
  const p = checkedPath(path);
  if (engineOf(db) === 'postgres') {
    const row = await db
      .deleteFrom('stored_files')
      .where('path', '=', p)
      .returning('hash')
      .executeTakeFirst();
    if (row) await dropUnusedBlob(db, row.hash);
  }
  await rm(join(ctx.config.dataDir, p), { force: true });
}

async function dropUnusedBlob(db: Kysely<DB>, hash: string): Promise<void> {
  await db
    .deleteFrom('blobs')
    .where('hash', '=', hash)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('stored_files').select('path').where('hash', '=', hash))),
    )
    .execute();
}
