import type { Generated } from 'kysely';

export interface JobTables {
  jobs: {
    id: Generated<number>;
    name: string;
    interval_seconds: number;
    run_at: string;
    lease_owner: string | null;
    lease_until: string | null;
    last_started_at: string | null;
    last_finished_at: string | null;
    last_error: string | null;
    failures: Generated<number>;
  };
  job_runs: {
    id: Generated<number>;
    job_name: string;
    owner: string;
    started_at: string;
    finished_at: string | null;
    ok: number | null;
    summary: string | null;
    error: string | null;
  };
}
