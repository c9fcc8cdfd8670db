/**
 * Shared reads kept in memory (issue 24 part 6): what every portal page reads whatever its URL — the
 * site's identity, the org tree, the column tree, the search filters' values — is read once and kept
 * until a committed write to one of its tables in this process (db/index.ts reports each commit,
 * as for the rendered-page cache), and at most MAX_AGE_MS of real time, which bounds how long
 * another process's write (a second app server, the CLI) takes to show. Unlike the page cache this
 * helps every page, the millionth item page as much as the home page.
 *
 * Values are shared by every request: callers must not change what they get (arrays are handed out
 * as copies, their elements are not). Reads inside a transaction are never served from here.
 */
import type { Kysely } from 'kysely';
import type { DB } from './types.ts';

/** How long a kept value may be used without knowing whether another process changed it. */
export const MAX_AGE_MS = 500;

interface Entry {
  value: Promise<unknown>;
  tables: readonly string[];
  readAt: number;
}

export class ReadCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxAgeMs = MAX_AGE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * The value `read` gives, kept under `key` until a write to one of `tables` commits. A read that
   * fails is not kept; a write that commits while a read is running keeps that read from being kept.
   */
  async get<T>(key: string, tables: readonly string[], read: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    const now = this.now();
    if (entry && now - entry.readAt < this.maxAgeMs) return copy((await entry.value) as T);
    const value = read(this.db);
    // Kept from the start, so that concurrent requests share one read; a write committed meanwhile
    // removes it (`written`), so what may predate the write is not handed to later requests.
    const fresh: Entry = { value, tables, readAt: now };
    this.entries.set(key, fresh);
    try {
      return copy(await value);
    } catch (e) {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
      throw e;
    }
  }

  /** A committed write to these tables ('*': unknown, e.g. DDL): drops what was read from them. */
  written(tables: ReadonlySet<string>): void {
    for (const [key, entry] of this.entries)
      if (tables.has('*') || entry.tables.some((t) => tables.has(t))) this.entries.delete(key);
  }
}

/** A shallow copy: an array or a plain object a caller changes does not change what others get. */
const copy = <T>(value: T): T =>
  Array.isArray(value)
    ? (value.slice() as T)
    : value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype
      ? { ...value }
      : value;
