/** Queries on inspection_runs and inspection_findings; nothing else touches them. */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { CheckKey, CheckResult, CheckStatus, Evidence } from './model.ts';
import type { InspectionRunTable } from './tables.ts';

export interface InspectionRun {
  id: number;
  orgId: number | null;
  trigger: string;
  actorName: string;
  asOf: string;
  startedAt: string;
  finishedAt: string;
  vetoFailed: number;
  failed: number;
  warned: number;
  pagesCrawled: number;
  linksChecked: number;
}

export interface StoredFinding extends CheckResult {
  veto: boolean;
}

const toRun = (r: Selectable<InspectionRunTable>): InspectionRun => ({
  id: r.id,
  orgId: r.org_id,
  trigger: r.trigger,
  actorName: r.actor_name,
  asOf: r.as_of,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  vetoFailed: r.veto_failed,
  failed: r.failed,
  warned: r.warned,
  pagesCrawled: r.pages_crawled,
  linksChecked: r.links_checked,
});

export async function insertRun(
  trx: Kysely<DB>,
  run: Omit<InspectionRun, 'id'>,
  findings: StoredFinding[],
): Promise<number> {
  const { id } = await trx
    .insertInto('inspection_runs')
    .values({
      org_id: run.orgId,
      trigger: run.trigger,
      actor_name: run.actorName,
      as_of: run.asOf,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      veto_failed: run.vetoFailed,
      failed: run.failed,
      warned: run.warned,
      pages_crawled: run.pagesCrawled,
      links_checked: run.linksChecked,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (findings.length)
    await trx
      .insertInto('inspection_findings')
      .values(
        findings.map((f, i) => ({
          run_id: id,
          check_key: f.key,
          status: f.status,
          veto: f.veto ? 1 : 0,
          count: f.count,
          summary: f.summary,
          evidence_json: JSON.stringify(f.evidence),
          sort_order: i,
        })),
      )
      .execute();
  return id;
}

export async function selectRun(db: Kysely<DB>, id: number): Promise<InspectionRun | undefined> {
  const r = await db.selectFrom('inspection_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toRun(r);
}

/**
 * Runs newest first. `orgId` undefined: any target; null: site runs only; a number: that unit's.
 * `orgIds` limits unit runs to a scope (and leaves out site runs).
 */
export async function selectRuns(
  db: Kysely<DB>,
  f: { orgId?: number | null; orgIds?: number[]; limit: number },
): Promise<InspectionRun[]> {
  let q = db.selectFrom('inspection_runs').selectAll();
  if (f.orgId === null) q = q.where('org_id', 'is', null);
  else if (f.orgId !== undefined) q = q.where('org_id', '=', f.orgId);
  if (f.orgIds) q = q.where('org_id', 'in', f.orgIds.length ? f.orgIds : [-1]);
  return (await q.orderBy('id', 'desc').limit(f.limit).execute()).map(toRun);
}

export async function selectFindings(db: Kysely<DB>, runId: number): Promise<StoredFinding[]> {
  const rows = await db
    .selectFrom('inspection_findings')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('sort_order')
    .execute();
  return rows.map((r) => ({
    key: r.check_key as CheckKey,
    status: r.status as CheckStatus,
    veto: r.veto === 1,
    count: r.count,
    summary: r.summary,
    evidence: JSON.parse(r.evidence_json) as Evidence[],
  }));
}
