/**
 * Work plans and their task ledgers: importing a 工作要点 with its 任务台账, and reading plans and tasks
 * as the actor may see them (the openness office and leaders all; a unit its own tasks).
 */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, forbidden, notFound } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { recordAudit } from '../../audit/service.ts';
import { isDistrictWide, requirePermission } from '../../auth/permissions.ts';
import { inScope, type Org, type OrgScope } from '../../org/model.ts';
import { listPublicOrgs, orgScope } from '../../org/service.ts';
import type { Deadline } from '../deadline.ts';
import { countStatuses, taskStatus, unitStatus, type StatusCounts, type TaskStatus } from '../model.ts';
import { parseWorkPlan, resolveUnits, type ParsedPlan, type ParsedTask } from '../parse.ts';
import {
  insertPlan,
  insertTask,
  insertTaskUnit,
  isTaskUnit,
  selectEvidence,
  selectPlan,
  selectPlans,
  selectReports,
  selectTask,
  selectTaskUnits,
  selectTasks,
  type Evidence,
  type ProgressReport,
  type TaskRecord,
  type WorkPlan,
} from '../store.ts';
import { transact } from '../../../db/index.ts';

/** Today in Asia/Shanghai, from the context's clock. */
export const todayOf = (ctx: AppContext) => shanghaiDate(ctx.clock.now());

/** Runs `work` and its audit record in one transaction (several records allowed). */
export function inTransaction<T>(
  ctx: AppContext,
  work: (trx: Kysely<DB>, at: Date) => Promise<T>,
): Promise<T> {
  return transact(ctx.db, (trx) => work(trx, ctx.clock.now()));
}

/** The district a plan belongs to when none is named: the government org with departments below it. */
export function defaultDistrict(orgs: Org[]): Org | undefined {
  return orgs.find(
    (o) => o.kind === 'government' && orgs.some((c) => c.parentId === o.id && c.kind === 'department'),
  );
}

// ───────────────────────────── import ─────────────────────────────

/** What an import wrote, and what it could not resolve. */
export interface ImportReport {
  plan: WorkPlan;
  tasks: {
    id: number;
    number: string;
    target: string;
    orgIds: number[];
    deadline: Deadline;
    deadlineText: string;
  }[];
  /** 责任单位 names that matched no org, by task 序号. */
  unresolved: { number: string; names: string[] }[];
  notes: { number: string; notes: string[] }[];
}

/** Whose plan an import is, and whether it is demo data. */
export interface ImportOptions {
  /** The org whose plan it is (default: the district). */
  orgId?: number;
  isSample?: boolean;
}

/** Imports a plan in the seed's text format; refuses (nothing written) when any part cannot be read. */
export async function importWorkPlan(
  ctx: AppContext,
  actor: Actor,
  text: string,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  requirePermission(actor, 'ledger.manage');
  const parsed = parseWorkPlan(text);
  if (parsed.problems.length) throw badRequest(`工作要点无法导入：${parsed.problems.join('；')}`);
  if (parsed.tasks.length === 0) throw badRequest('工作要点中没有任务台账');
  if (parsed.year == null) throw badRequest('标题中没有年度（如“2022年”）');
  return storePlan(ctx, actor, parsed, opts);
}

/** Writes a parsed plan and its tasks with their units, in one transaction with its audit record. */
export async function storePlan(
  ctx: AppContext,
  actor: Actor,
  parsed: ParsedPlan,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  requirePermission(actor, 'ledger.manage');
  const orgs = await listPublicOrgs(ctx.db);
  const district = opts.orgId != null ? orgs.find((o) => o.id === opts.orgId) : defaultDistrict(orgs);
  if (!district) throw badRequest('找不到工作要点所属的机关，请先在机关管理中建立区政府及其部门');
  if (parsed.year == null) throw badRequest('工作要点没有年度');
  const year = parsed.year;
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, async (trx, at) => {
    const planId = await insertPlan(trx, {
      org_id: district.id,
      year,
      title: parsed.title,
      source_docs: JSON.stringify(parsed.sourceDocuments),
      sections: JSON.stringify(parsed.sections),
      ledger_title: parsed.ledgerTitle,
      is_sample: opts.isSample ? 1 : 0,
      created_at: now,
      updated_at: now,
    });
    const report: ImportReport = {
      plan: (await selectPlan(trx, planId))!,
      tasks: [],
      unresolved: [],
      notes: [],
    };
    for (const t of parsed.tasks) {
      if (!t.deadline) throw badRequest(`第 ${t.number} 项的工作时限无法识别`);
      const res = resolveUnits(t.unitNames, orgs, district.id);
      const id = await insertPlanTask(
        trx,
        planId,
        t,
        res.notes.concat(res.unknown.map((n) => `未识别的单位：${n}`)),
        now,
        opts.isSample ?? false,
      );
      for (const orgId of res.orgIds) await insertTaskUnit(trx, id, orgId, now);
      report.tasks.push({
        id,
        number: String(t.number),
        target: t.target,
        orgIds: res.orgIds,
        deadline: t.deadline,
        deadlineText: t.deadlineText,
      });
      if (res.unknown.length) report.unresolved.push({ number: String(t.number), names: res.unknown });
      if (res.notes.length) report.notes.push({ number: String(t.number), notes: res.notes });
    }
    await recordAudit(trx, at, actor, {
      action: 'ledger.plan.import',
      objectType: 'work_plan',
      objectId: planId,
      after: { title: parsed.title, year, tasks: parsed.tasks.length, unresolved: report.unresolved },
    });
    return report;
  });
}

async function insertPlanTask(
  trx: Kysely<DB>,
  planId: number,
  t: ParsedTask,
  notes: string[],
  now: string,
  sample: boolean,
): Promise<number> {
  const d = t.deadline!;
  return insertTask(trx, {
    plan_id: planId,
    parent_id: null,
    number: String(t.number),
    seq: t.number * 1000,
    group_number: t.groupNumber,
    group_title: t.group,
    target: t.target,
    content: t.content,
    units_text: t.unitsText,
    unit_notes: JSON.stringify(notes),
    deadline_kind: d.kind,
    deadline_date: d.kind === 'ongoing' ? null : d.date,
    deadline_text: t.deadlineText,
    owner_name: null,
    owner_user_id: null,
    owner_org_id: null,
    is_sample: sample ? 1 : 0,
    created_at: now,
    updated_at: now,
  });
}

// ───────────────────────────── reading ─────────────────────────────

/** A responsible unit's progress and status on a task. */
export interface UnitView {
  orgId: number;
  orgName: string;
  percent: number;
  reports: number;
  liveEvidence: number;
  status: TaskStatus;
}

/** A task with its units, its status and its sub-tasks. */
export interface TaskView extends TaskRecord {
  units: UnitView[];
  status: TaskStatus;
  subtasks: TaskView[];
}

function viewTasks(
  tasks: TaskRecord[],
  units: Awaited<ReturnType<typeof selectTaskUnits>>,
  orgs: Org[],
  today: string,
): TaskView[] {
  const names = new Map(orgs.map((o) => [o.id, o.shortName || o.name]));
  const byTask = new Map<number, UnitView[]>();
  for (const u of units) {
    const t = tasks.find((x) => x.id === u.taskId);
    if (!t) continue;
    const list = byTask.get(u.taskId) ?? [];
    list.push({
      orgId: u.orgId,
      orgName: names.get(u.orgId) ?? `#${u.orgId}`,
      percent: u.percent,
      reports: u.reports,
      liveEvidence: u.liveEvidence,
      status: unitStatus(t.deadline, u, today),
    });
    byTask.set(u.taskId, list);
  }
  const views = tasks.map((t): TaskView => {
    const us = byTask.get(t.id) ?? [];
    return { ...t, units: us, status: taskStatus(us.map((u) => u.status)), subtasks: [] };
  });
  const byId = new Map(views.map((v) => [v.id, v]));
  for (const v of views) if (v.parentId != null) byId.get(v.parentId)?.subtasks.push(v);
  return views.filter((v) => v.parentId == null || !byId.has(v.parentId));
}

/** Tasks of plans with their units' and their own status as of `today`. */
export async function loadTaskViews(db: Kysely<DB>, planIds: number[], today: string): Promise<TaskView[]> {
  const tasks = await selectTasks(db, planIds);
  const units = await selectTaskUnits(
    db,
    tasks.map((t) => t.id),
  );
  return viewTasks(tasks, units, await listPublicOrgs(db), today);
}

/** Whether the actor sees a task: district-wide, or one of its units in scope. */
export const visible = (scope: OrgScope, t: TaskView) =>
  scope.all || t.units.some((u) => inScope(scope, u.orgId));

/** Every plan with the counts of the tasks the actor sees. */
export async function listPlans(
  ctx: AppContext,
  actor: Actor,
): Promise<(WorkPlan & { counts: StatusCounts })[]> {
  requirePermission(actor, 'ledger.read');
  const plans = await selectPlans(ctx.db);
  const scope = await orgScope(ctx.db, actor);
  const out = [];
  for (const p of plans) {
    const tasks = (await loadTaskViews(ctx.db, [p.id], todayOf(ctx))).filter((t) => visible(scope, t));
    out.push({ ...p, counts: countStatuses(tasks.map((t) => t.status)) });
  }
  return out;
}

/** One plan (ledger.read). */
export async function getPlan(ctx: AppContext, actor: Actor, id: number): Promise<WorkPlan> {
  requirePermission(actor, 'ledger.read');
  const plan = await selectPlan(ctx.db, id);
  if (!plan) throw notFound('工作要点');
  return plan;
}

/**
 * A plan's tasks as the actor may see them: the openness office and leaders all; a unit only the
 * tasks it is responsible for (its own ledger), with its own sub-tasks.
 */
export async function listTasks(
  ctx: AppContext,
  actor: Actor,
  planId: number,
  filter: { orgId?: number; status?: TaskStatus } = {},
): Promise<TaskView[]> {
  await getPlan(ctx, actor, planId);
  const scope = await orgScope(ctx.db, actor);
  let tasks = (await loadTaskViews(ctx.db, [planId], todayOf(ctx))).filter((t) => visible(scope, t));
  if (filter.orgId != null) tasks = tasks.filter((t) => t.units.some((u) => u.orgId === filter.orgId));
  if (filter.status) tasks = tasks.filter((t) => t.status === filter.status);
  return tasks;
}

/** A task with its plan, parent, reports, evidence and the units the actor reports for. */
export interface TaskDetail {
  task: TaskView;
  plan: WorkPlan;
  parent: TaskRecord | null;
  reports: ProgressReport[];
  evidence: Evidence[];
  /** Units of this task the actor may report for. */
  reportableOrgIds: number[];
}

/** One task as the actor may see it (a unit only its own). */
export async function getTask(ctx: AppContext, actor: Actor, id: number): Promise<TaskDetail> {
  requirePermission(actor, 'ledger.read');
  const rec = await selectTask(ctx.db, id);
  if (!rec) throw notFound('任务');
  const plan = (await selectPlan(ctx.db, rec.planId))!;
  const views = await loadTaskViews(ctx.db, [rec.planId], todayOf(ctx));
  const all = views.flatMap((v) => [v, ...v.subtasks]);
  const task = all.find((v) => v.id === id)!;
  const scope = await orgScope(ctx.db, actor);
  if (!visible(scope, task)) throw forbidden('该任务不属于本单位，您无权查看');
  const reportable = task.units.filter((u) => inScope(scope, u.orgId)).map((u) => u.orgId);
  return {
    task,
    plan,
    parent: rec.parentId != null ? ((await selectTask(ctx.db, rec.parentId)) ?? null) : null,
    reports: (await selectReports(ctx.db, id)).filter(
      (r) => inScope(scope, r.orgId) || isDistrictWide(actor),
    ),
    evidence: await selectEvidence(ctx.db, id),
    reportableOrgIds:
      actor.kind === 'user' && (actor.roles.includes('editor') || actor.roles.includes('openness_admin'))
        ? reportable
        : [],
  };
}

/** Checks that the actor may act for `orgId` on `task` (a unit of the task, in the actor's scope). */
export async function requireUnitOfTask(
  ctx: AppContext,
  actor: Actor,
  taskId: number,
  orgId: number,
): Promise<TaskRecord> {
  const task = await selectTask(ctx.db, taskId);
  if (!task) throw notFound('任务');
  if (!(await isTaskUnit(ctx.db, taskId, orgId)))
    throw badRequest('该单位不是此任务的责任单位', { orgId: '请选择本任务的责任单位' });
  if (!inScope(await orgScope(ctx.db, actor), orgId)) throw forbidden('只能为本单位的任务报送进展');
  return task;
}
