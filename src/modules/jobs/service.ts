/**
 * Scheduled jobs with leases. Each job is a row; a process runs it only after claiming it with a
 * conditional UPDATE (due, and no live lease), which exactly one process can win — so two app
 * servers on one database never run the same job at the same time. Every run is recorded.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, AppContext } from '../../context.ts';
import { requirePermission } from '../auth/permissions.ts';
import { LEASE_MS, nextRunAt, type JobDefinition, type JobRunResult } from './model.ts';
import {
  claimDueJob,
  finishJobRun,
  insertJobRun,
  releaseJob,
  selectJob,
  selectJobs,
  selectRecentRuns,
  upsertJob,
} from './store.ts';

export type { JobDefinition, JobRunResult } from './model.ts';

/** Creates the rows of newly defined jobs, due at once. */
export async function ensureJobs(ctx: AppContext, defs: JobDefinition[]): Promise<void> {
  const now = ctx.clock.now().toISOString();
  for (const d of defs) await upsertJob(ctx.db, d.name, d.intervalSeconds, now);
}

/** Tries to take the lease on a due job; true when this owner won it. */
export async function claimJob(ctx: AppContext, name: string, owner: string, now: Date): Promise<boolean> {
  return claimDueJob(
    ctx.db,
    name,
    owner,
    now.toISOString(),
    new Date(now.getTime() + LEASE_MS).toISOString(),
  );
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
    const runId = await insertJobRun(ctx.db, def.name, owner, now.toISOString());
    let result: JobRunResult;
    try {
      const summary = (await def.run(ctx, now)) ?? undefined;
      result = { name: def.name, ok: true, summary };
    } catch (err) {
      ctx.log.error({ err, job: def.name }, 'job failed');
      result = { name: def.name, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    const finishedAt = ctx.clock.now().toISOString();
    await finishJobRun(ctx.db, runId, {
      finishedAt,
      ok: result.ok,
      summary: result.summary ?? null,
      error: result.error ?? null,
    });
    await releaseJob(ctx.db, def.name, owner, {
      finishedAt,
      ok: result.ok,
      error: result.error ?? null,
      runAt: nextRunAt(now, result.ok, def.intervalSeconds),
    });
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

/** A job's last outcome (for a module warning about its own job), or null when it is not registered. */
export async function jobOutcome(
  ctx: AppContext,
  name: string,
): Promise<{ lastError: string | null; failures: number; lastFinishedAt: string | null } | null> {
  const job = await selectJob(ctx.db, name);
  return job
    ? { lastError: job.last_error, failures: job.failures, lastFinishedAt: job.last_finished_at }
    : null;
}

/** Every job with its schedule and state, and the latest 100 runs (staff with jobs.read). */
export async function listJobs(ctx: AppContext, actor: Actor, defs: JobDefinition[]) {
  requirePermission(actor, 'jobs.read');
  const labels = new Map(defs.map((d) => [d.name, d.label]));
  const jobs = await selectJobs(ctx.db);
  const runs = await selectRecentRuns(ctx.db, 100);
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
