/**
 * The rate limit's counters in the database (`rate_limits`), so a limit holds across every app
 * process on one PostgreSQL: a client spreading its requests over three nodes behind a proxy is
 * counted once. One upsert per counted request opens or advances the window atomically (no read
 * then write, so two nodes counting at once never lose a count).
 *
 * Why the database and not Redis: Redis counts three to four times faster (bench/city.bench.ts, three
 * processes at once; docs/modules/sites.md), but only limited requests pay a count — the app-wide
 * limit gives reads an effectively unlimited maximum (app.ts), answered here without a query — and
 * their real rate is far below what the database counts, with no further service to run and back up.
 */
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { clearRateWindows, upsertRateCount } from './store.ts';

/** A maximum at or above this counts nothing (reads under the app-wide write limit). */
export const UNLIMITED = 1_000_000_000;

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Counts one request for `key` in a window of `windowMs`; returns the count and the window's remaining ms. */
export async function countRequest(
  db: Kysely<DB>,
  key: string,
  windowMs: number,
  now = Date.now(),
): Promise<{ current: number; ttl: number }> {
  const row = await upsertRateCount(db, key, windowMs, now);
  // Now and then, windows long over are cleared (a few rows per client address).
  if (Math.random() < 0.001) await clearRateWindows(db, now - 3600_000);
  return { current: row.count, ttl: Math.max(0, row.resetAt - now) };
}

/** A @fastify/rate-limit store class over `db`; each route with a limit of its own counts under its own prefix. */
export function databaseRateStore(db: Kysely<DB>) {
  return class DatabaseRateStore implements FastifyRateLimitStore {
    constructor(
      _options?: FastifyRateLimitOptions,
      private readonly prefix = 'all:',
    ) {}

    incr(key: string, cb: Callback, timeWindow: number, max: number): void {
      if (max >= UNLIMITED) return cb(null, { current: 1, ttl: timeWindow });
      countRequest(db, this.prefix + key, timeWindow).then(
        (r) => cb(null, r),
        (e: Error) => cb(e),
      );
    }

    child(routeOptions: {
      routeInfo?: { method?: string | string[]; url?: string };
      path?: string;
      url?: string;
    }): FastifyRateLimitStore {
      const info = routeOptions.routeInfo ?? {};
      const route = `${String(info.method ?? '')} ${info.url ?? routeOptions.url ?? routeOptions.path ?? ''}:`;
      return new DatabaseRateStore(undefined, route);
    }
  };
}
