/**
 * Scheduled jobs with leases. Each job is a row; a process runs it only after claiming it with a
 * conditional UPDATE (due, and no live lease), which exactly one process can win — so two app
 * servers on one database never run the same job at the same time. Every run is recorded.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { requirePermission } from '../auth/permissions.ts';
import type { Actor } from '../../context.ts';

export interface JobDefinition {
  /** Stable name, e.g. `foi.reminders`. */
  name: string;
  /** Chinese label for the back office. */
  label: string;
  intervalSeconds: number;
  /** Does the work as of `now`; returns a one-line summary for the run record. */
  run(ctx: AppContext, now: Date): Promise<string | void>;
}

const LEASE_MS = 10 * 60 * 1000;

/** Creates the rows of newly defined jobs, due at once. */
export async function ensureJobs(ctx: AppContext, defs: JobDefinition[]): Promise<void> {
  const now = ctx.clock.now().toISOString();
  for (const d of defs) {
    await ctx.db
      .insertInto('jobs')
      .values({ name: d.name, interval_seconds: d.intervalSeconds, run_at: now })
      .onConflict((oc) => oc.column('name').doUpdateSet({ interval_seconds: d.intervalSeconds }))
      .execute();
  }
}

/** Tries to take the lease on a due job; true when this owner won it. */
export async function claimJob(ctx: AppContext, name: string, owner: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const res = await ctx.db
    .updateTable('jobs')
    .set({
      lease_owner: owner,
      lease_until: new Date(now.getTime() + LEASE_MS).toISOString(),
      last_started_at: at,
    })
    .where('name', '=', name)
    .where('run_at', '<=', at)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface JobRunResult {
  name: string;
  ok: boolean;
  summary?: string;
  error?: string;
}

/** Runs every due job this owner can claim; returns what ran. Failures are recorded, never thrown. */
export async function runDueJobs(
  ctx: AppContext,
  defs: JobDefinition[],
  owner: string = randomUUID(),
): Promise<JobRunResult[]> {
  const results: JobRunResult[] = [];
  for (const def of defs) {
    const now = ctx.clock.now();
    if (!(await claimJob(ctx, def.name, owner, now))) continue;
    const { id: runId } = await ctx.db
      .insertInto('job_runs')
      .values({ job_name: def.name, owner, started_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    let result: JobRunResult;
    try {
      const summary = (await def.run(ctx, now)) ?? undefined;
      result = { name: def.name, ok: true, summary };
    } catch (err) {
      ctx.log.error({ err, job: def.name }, 'job failed');
      result = { name: def.name, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    const finished = ctx.clock.now();
    await ctx.db
      .updateTable('job_runs')
      .set({
        finished_at: finished.toISOString(),
        ok: result.ok ? 1 : 0,
        summary: result.summary ?? null,
        error: result.error ?? null,
      })
      .where('id', '=', runId)
      .execute();
    await ctx.db
      .updateTable('jobs')
      .set((eb) => ({
        lease_owner: null,
        lease_until: null,
        last_finished_at: finished.toISOString(),
        last_error: result.error ?? null,
        failures: result.ok ? 0 : eb('failures', '+', 1),
        // A failed job retries sooner (a minute), so a failure is neither silent nor stuck.
        run_at: new Date(now.getTime() + (result.ok ? def.intervalSeconds * 1000 : 60_000)).toISOString(),
      }))
      .where('name', '=', def.name)
      .where('lease_owner', '=', owner)
      .execute();
    results.push(result);
  }
  return results;
}

/** Starts the in-process runner; returns a function that stops it and waits for the tick in flight. */
export function startJobRunner(ctx: AppContext, defs: JobDefinition[], tickMs = 15_000): () => Promise<void> {
  const owner = randomUUID();
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = runDueJobs(ctx, defs, owner).catch((err) => ctx.log.error({ err }, 'job runner tick failed'));
  };
  const timer = setInterval(tick, tickMs);
  timer.unref();
  setTimeout(tick, 1000).unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

export async function listJobs(ctx: AppContext, actor: Actor, defs: JobDefinition[]) {
  requirePermission(actor, 'jobs.read');
  const labels = new Map(defs.map((d) => [d.name, d.label]));
  const jobs = await ctx.db.selectFrom('jobs').selectAll().orderBy('name').execute();
  const runs = await ctx.db.selectFrom('job_runs').selectAll().orderBy('id', 'desc').limit(100).execute();
  return {
    jobs: jobs.map((j) => ({
      name: j.name,
      label: labels.get(j.name) ?? j.name,
      intervalSeconds: j.interval_seconds,
      nextRunAt: j.run_at,
      lastStartedAt: j.last_started_at,
      lastFinishedAt: j.last_finished_at,
      lastError: j.last_error,
      failures: j.failures,
      running: j.lease_until != null && j.lease_until > ctx.clock.now().toISOString(),
    })),
    runs: runs.map((r) => ({
      id: r.id,
      jobName: r.job_name,
      label: labels.get(r.job_name) ?? r.job_name,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      ok: r.ok == null ? null : r.ok === 1,
      summary: r.summary,
      error: r.error,
    })),
  };
}
