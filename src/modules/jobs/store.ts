/** Queries of the jobs module: the job rows with their leases, and the run records. */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { JobTables } from './tables.ts';

export type JobRow = Selectable<JobTables['jobs']>;
export type JobRunRow = Selectable<JobTables['job_runs']>;

/** Creates the job's row, due at `runAt`, or updates its interval. */
export async function upsertJob(db: Kysely<DB>, name: string, intervalSeconds: number, runAt: string) {
  await db
    .insertInto('jobs')
    .values({ name, interval_seconds: intervalSeconds, run_at: runAt })
    .onConflict((oc) => oc.column('name').doUpdateSet({ interval_seconds: intervalSeconds }))
    .execute();
}

/**
 * Takes the lease on a due job with one conditional UPDATE (due, and no live lease) that exactly one
 * process can win; true when this owner won it.
 */
export async function claimDueJob(
  db: Kysely<DB>,
  name: string,
  owner: string,
  at: string,
  leaseUntil: string,
): Promise<boolean> {
  const res = await db
    .updateTable('jobs')
    .set({ lease_owner: owner, lease_until: leaseUntil, last_started_at: at })
    .where('name', '=', name)
    .where('run_at', '<=', at)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Records that a run started; returns its id. */
export async function insertJobRun(db: Kysely<DB>, jobName: string, owner: string, startedAt: string) {
  const { id } = await db
    .insertInto('job_runs')
    .values({ job_name: jobName, owner, started_at: startedAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Records how a run ended. */
export async function finishJobRun(
  db: Kysely<DB>,
  id: number,
  r: { finishedAt: string; ok: boolean; summary: string | null; error: string | null },
) {
  await db
    .updateTable('job_runs')
    .set({ finished_at: r.finishedAt, ok: r.ok ? 1 : 0, summary: r.summary, error: r.error })
    .where('id', '=', id)
    .execute();
}

/** Releases this owner's lease and schedules the next run; a failure counts up, a success resets. */
export async function releaseJob(
  db: Kysely<DB>,
  name: string,
  owner: string,
  r: { finishedAt: string; ok: boolean; error: string | null; runAt: string },
) {
  await db
    .updateTable('jobs')
    .set((eb) => ({
      lease_owner: null,
      lease_until: null,
      last_finished_at: r.finishedAt,
      last_error: r.error,
      failures: r.ok ? 0 : eb('failures', '+', 1),
      run_at: r.runAt,
    }))
    .where('name', '=', name)
    .where('lease_owner', '=', owner)
    .execute();
}

/** One job's row, if it is registered. */
export function selectJob(db: Kysely<DB>, name: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Every job row, by name. */
export function selectJobs(db: Kysely<DB>): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().orderBy('name').execute();
}

/** The latest runs, newest first. */
export function selectRecentRuns(db: Kysely<DB>, limit: number): Promise<JobRunRow[]> {
  return db.selectFrom('job_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
