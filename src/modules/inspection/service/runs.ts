/** 自查 runs: compute every check for a target, store the run and its findings, read runs back in the actor's scope; the daily job. */
import type { Kysely } from 'kysely';
import { actorName, systemActor, type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { forbidden, notFound } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { isDistrictWide, requirePermission } from '../../auth/permissions.ts';
import type { JobDefinition } from '../../jobs/service.ts';
import { descendantsOf, inScope, isGrassroots, type Org } from '../../org/model.ts';
import { listPublicOrgs, orgScope, requireOrgAccess } from '../../org/service.ts';
import { type CrawlResult } from '../crawl.ts';
import { CHECK_KEYS, CHECKS, tally, type CheckResult } from '../model.ts';
import {
  insertRun,
  selectFindings,
  selectRun,
  selectRuns,
  type InspectionRun,
  type StoredFinding,
} from '../store.ts';
import { access, type CrawlOver, type SiteAccess, type Target } from './access.ts';
import { linkChecks, liveItemChecks } from './link-checks.ts';
import {
  columnChecks,
  foiCheck,
  homeCheck,
  inquiryCheck,
  interpretationCheck,
  lateCheck,
  mediaCheck,
} from './site-checks.ts';

export async function computeChecks(
  ctx: AppContext,
  t: Target,
  site?: SiteAccess,
  over: CrawlOver = 'auto',
): Promise<{ results: CheckResult[]; crawled: CrawlResult | null }> {
  const today = shanghaiDate(ctx.clock.now());
  const reader = systemActor('inspection');
  const links = await linkChecks(ctx, t, site, over);
  const all = [
    await homeCheck(ctx, t, today),
    ...(await columnChecks(ctx, t, today)),
    await inquiryCheck(ctx, t, reader),
    ...links.results,
    await mediaCheck(ctx, t, reader),
    ...(await liveItemChecks(ctx, t)),
    await lateCheck(ctx, t, today),
    await interpretationCheck(ctx, t, today, reader),
    await foiCheck(ctx, t, reader),
  ];
  const byKey = new Map(all.map((r) => [r.key, r]));
  return { results: CHECK_KEYS.map((k) => byKey.get(k)!), crawled: links.crawled };
}

// ---------------------------------------------------------------- runs

export interface RunDetail extends InspectionRun {
  orgName: string;
  findings: StoredFinding[];
}

async function targetOf(db: Kysely<DB>, orgId: number | null): Promise<Target> {
  if (orgId == null) return { orgId: null };
  const orgs = await listPublicOrgs(db);
  if (!orgs.some((o) => o.id === orgId)) throw notFound('单位');
  return { orgId, orgIds: descendantsOf(orgs, orgId) };
}

/**
 * Runs the inspection now and stores it. Units run their own; the site and other units need a
 * district-wide role. `over`: how the link check reaches the pages (default: over HTTP when listening).
 */
export async function runInspection(
  ctx: AppContext,
  actor: Actor,
  orgId: number | null,
  trigger: 'job' | 'manual' | 'cli' = 'manual',
  opts: { over?: CrawlOver } = {},
): Promise<RunDetail> {
  requirePermission(actor, 'inspection.run');
  if (orgId == null && !isDistrictWide(actor)) throw forbidden('只有区政务公开办可以检查整个网站');
  if (orgId != null) await requireOrgAccess(ctx.db, actor, orgId);
  const target = await targetOf(ctx.db, orgId);
  const startedAt = ctx.clock.now().toISOString();
  const { results, crawled } = await computeChecks(ctx, target, access.get(ctx), opts.over);
  const t = tally(results);
  const findings = results.map((r) => ({ ...r, veto: CHECKS[r.key].veto }));
  const id = await auditedWrite(
    ctx,
    actor,
    (trx) =>
      insertRun(
        trx,
        {
          orgId,
          trigger,
          actorName: actorName(actor),
          asOf: shanghaiDate(new Date(startedAt)),
          startedAt,
          finishedAt: ctx.clock.now().toISOString(),
          vetoFailed: t.vetoFailed,
          failed: t.failed,
          warned: t.warned,
          pagesCrawled: crawled?.pages ?? 0,
          linksChecked: crawled?.checked ?? 0,
        },
        findings,
      ),
    (runId) => ({
      action: 'inspection.run',
      objectType: 'inspection_run',
      objectId: runId,
      after: { orgId, trigger, ...t },
    }),
  );
  return getRun(ctx, actor, id);
}

/** Whether the actor may see a run of this target. */
async function mayRead(ctx: AppContext, actor: Actor, orgId: number | null): Promise<boolean> {
  if (isDistrictWide(actor)) return true;
  if (orgId == null) return false;
  return inScope(await orgScope(ctx.db, actor), orgId);
}

const orgLabel = (orgs: Org[], orgId: number | null) =>
  orgId == null ? '政府门户网站' : (orgs.find((o) => o.id === orgId)?.name ?? String(orgId));

export async function getRun(ctx: AppContext, actor: Actor, id: number): Promise<RunDetail> {
  requirePermission(actor, 'inspection.read');
  const run = await selectRun(ctx.db, id);
  if (!run || !(await mayRead(ctx, actor, run.orgId))) throw notFound('自查记录');
  return {
    ...run,
    orgName: orgLabel(await listPublicOrgs(ctx.db), run.orgId),
    findings: await selectFindings(ctx.db, id),
  };
}

/**
 * Run history, newest first. `orgId` null: the site; a number: that unit; undefined: every run the
 * actor may see (a unit sees its own and those below it).
 */
export async function listRuns(
  ctx: AppContext,
  actor: Actor,
  f: { orgId?: number | null; limit?: number } = {},
): Promise<(InspectionRun & { orgName: string })[]> {
  requirePermission(actor, 'inspection.read');
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
  if (f.orgId !== undefined && !(await mayRead(ctx, actor, f.orgId))) throw forbidden();
  const scope = isDistrictWide(actor) ? undefined : await orgScope(ctx.db, actor);
  const runs = await selectRuns(ctx.db, {
    orgId: f.orgId,
    orgIds: scope && !scope.all ? scope.orgIds : undefined,
    limit,
  });
  const orgs = await listPublicOrgs(ctx.db);
  return runs.map((r) => ({ ...r, orgName: orgLabel(orgs, r.orgId) }));
}

/** The newest run of a target, or null when it was never inspected. */
export async function latestRun(
  ctx: AppContext,
  actor: Actor,
  orgId: number | null,
): Promise<RunDetail | null> {
  const [last] = await listRuns(ctx, actor, { orgId, limit: 1 });
  return last ? getRun(ctx, actor, last.id) : null;
}

/** The default target of an actor's health page: the site for district-wide roles, else their own unit. */
export const defaultTarget = (actor: Actor): number | null =>
  actor.kind === 'user' && !isDistrictWide(actor) ? actor.orgId : null;

/** Units the daily job inspects one by one: departments and townships. */
export async function inspectedUnits(db: Kysely<DB>): Promise<Org[]> {
  return (await listPublicOrgs(db)).filter((o) => o.kind === 'department' || isGrassroots(o.kind));
}

/** Daily: the whole site, then every department and township, each stored as a run. */
export const inspectionJob: JobDefinition = {
  name: 'inspection.run',
  label: '网站与政务新媒体自查',
  intervalSeconds: 24 * 3600,
  async run(ctx) {
    const actor = systemActor('inspection.run');
    const site = await runInspection(ctx, actor, null, 'job');
    const units = await inspectedUnits(ctx.db);
    let failing = 0;
    for (const u of units) if ((await runInspection(ctx, actor, u.id, 'job')).vetoFailed) failing++;
    return `全站单项否决不通过 ${site.vetoFailed} 项；检查单位 ${units.length} 个，其中 ${failing} 个有单项否决不通过`;
  },
};
