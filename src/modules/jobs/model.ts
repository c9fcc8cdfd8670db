/** What a scheduled job is, and what one run of it gave. */
import type { AppContext } from '../../context.ts';

/** A job a module defines (registry.ts `jobs`); its row is created at start (ensureJobs). */
export interface JobDefinition {
  /** Stable name, e.g. `foi.reminders`. */
  name: string;
  /** Chinese label for the back office. */
  label: string;
  intervalSeconds: number;
  /** Does the work as of `now`; returns a one-line summary for the run record. */
  run(ctx: AppContext, now: Date): Promise<string | void>;
}

/** One run's outcome, as recorded and as `gongkai jobs run` prints it. */
export interface JobRunResult {
  name: string;
  ok: boolean;
  summary?: string;
  error?: string;
}

/** How long a claimed job is held before another process may take it over (a crashed runner). */
export const LEASE_MS = 10 * 60 * 1000;

/** When a job runs next: after its interval, or in a minute after a failure (neither silent nor stuck). */
export function nextRunAt(startedAt: Date, ok: boolean, intervalSeconds: number): string {
  return new Date(startedAt.getTime() + (ok ? intervalSeconds * 1000 : 60_000)).toISOString();
}
