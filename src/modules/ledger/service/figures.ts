/** The ledger's figures: a plan's dashboard, and the summary the annual report uses. */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { descendantsOf, inScope } from '../../org/model.ts';
import { listPublicOrgs, orgScope } from '../../org/service.ts';
import { countStatuses, TASK_STATUSES, type StatusCounts, type TaskStatus } from '../model.ts';
import { selectInspections, selectPlans, type WorkPlan } from '../store.ts';
import { getPlan, loadTaskViews, todayOf, visible, type TaskView, type UnitView } from './plans.ts';

/** Status counts of one group (分组) of tasks. */
export interface GroupFigures {
  groupNumber: string;
  group: string;
  counts: StatusCounts;
}
/** Status counts of one unit's share of the tasks. */
export interface UnitFigures {
  orgId: number;
  orgName: string;
  counts: StatusCounts;
}
/** A plan's dashboard as the actor may see it. */
export interface Dashboard {
  plan: WorkPlan;
  today: string;
  counts: StatusCounts;
  byGroup: GroupFigures[];
  byUnit: UnitFigures[];
  overdue: { task: TaskView; units: UnitView[] }[];
  timeline: { date: string; label: string; href: string; status: TaskStatus | null }[];
}

/** Per group and per unit completion, overdue tasks and a timeline of deadlines and inspections. */
export async function planDashboard(ctx: AppContext, actor: Actor, planId: number): Promise<Dashboard> {
  const plan = await getPlan(ctx, actor, planId);
  const today = todayOf(ctx);
  const scope = await orgScope(ctx.db, actor);
  const tasks = (await loadTaskViews(ctx.db, [planId], today)).filter((t) => visible(scope, t));
  const groups = new Map<string, { title: string; statuses: TaskStatus[] }>();
  for (const t of tasks) {
    const g = groups.get(t.groupNumber) ?? { title: t.group, statuses: [] };
    g.statuses.push(t.status);
    groups.set(t.groupNumber, g);
  }
  const units = new Map<number, { name: string; statuses: TaskStatus[] }>();
  for (const t of tasks) {
    for (const u of t.units) {
      if (!inScope(scope, u.orgId)) continue;
      const e = units.get(u.orgId) ?? { name: u.orgName, statuses: [] };
      e.statuses.push(u.status);
      units.set(u.orgId, e);
    }
  }
  const inspections = await selectInspections(ctx.db, {
    planId,
    orgIds: scope.all ? undefined : scope.orgIds,
  });
  const orgs = await listPublicOrgs(ctx.db);
  const timeline = [
    ...tasks
      .filter((t) => t.deadline.kind !== 'ongoing')
      .map((t) => ({
        date: (t.deadline as { date: string }).date,
        label: `第 ${t.number} 项 ${t.target}：${t.deadlineText}`,
        href: `/admin/ledger/tasks/${t.id}`,
        status: t.status,
      })),
    ...inspections.map((i) => ({
      date: i.doneDate ?? i.scheduledDate,
      label: `督导：${orgs.find((o) => o.id === i.orgId)?.shortName ?? ''} ${i.title}${i.doneDate ? '（已完成）' : '（计划）'}`,
      href: `/admin/ledger/inspections/${i.id}`,
      status: null,
    })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  return {
    plan,
    today,
    counts: countStatuses(tasks.map((t) => t.status)),
    byGroup: [...groups].map(([groupNumber, g]) => ({
      groupNumber,
      group: g.title,
      counts: countStatuses(g.statuses),
    })),
    byUnit: [...units].map(([orgId, u]) => ({ orgId, orgName: u.name, counts: countStatuses(u.statuses) })),
    overdue: tasks
      .filter((t) => t.status === 'overdue')
      .map((t) => ({ task: t, units: t.units.filter((u) => u.status === 'overdue') })),
    timeline,
  };
}

/** The year's figures for the annual report. */
export interface LedgerSummary {
  orgId: number;
  year: number;
  /** Evaluated as of this day (default the year's last day: the annual report's view). */
  asOf: string;
  plans: { id: number; title: string }[];
  counts: StatusCounts;
  byStatusLabel: Record<string, number>;
}

/**
 * The figures the annual report uses (本要点落实情况纳入政府信息公开工作年度报告): counts by status and
 * completion % of the year's tasks — the plan's own tasks when `orgId` owns the plan (the district),
 * else that unit's share of the tasks it is responsible for.
 */
export async function ledgerSummary(
  db: Kysely<DB>,
  orgId: number,
  year: number,
  asOf = `${year}-12-31`,
): Promise<LedgerSummary> {
  const plans = await selectPlans(db, { year });
  const own = plans.filter((p) => p.orgId === orgId);
  let statuses: TaskStatus[];
  if (own.length) {
    statuses = (
      await loadTaskViews(
        db,
        own.map((p) => p.id),
        asOf,
      )
    ).map((t) => t.status);
  } else {
    const tasks = await loadTaskViews(
      db,
      plans.map((p) => p.id),
      asOf,
    );
    const under = new Set(descendantsOf(await listPublicOrgs(db), orgId));
    statuses = tasks
      .flatMap((t) => [t, ...t.subtasks])
      .flatMap((t) => t.units.filter((u) => under.has(u.orgId)).map((u) => u.status));
  }
  const counts = countStatuses(statuses);
  return {
    orgId,
    year,
    asOf,
    plans: (own.length ? own : plans).map((p) => ({ id: p.id, title: p.title })),
    counts,
    byStatusLabel: Object.fromEntries(
      Object.entries(counts.byStatus).map(([k, v]) => [TASK_STATUSES[k as TaskStatus], v]),
    ),
  };
}
