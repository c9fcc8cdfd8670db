/** Queries on work plans, their tasks and the tasks' responsible units. */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type { Deadline, DeadlineKind } from '../deadline.ts';
import type { PlanSection, SourceDocument } from '../parse.ts';
import type { LedgerTaskTable, WorkPlanTable } from '../tables.ts';

/** A work plan (工作要点) with its source documents and sections. */
export interface WorkPlan {
  id: number;
  orgId: number;
  year: number;
  title: string;
  sourceDocuments: SourceDocument[];
  sections: PlanSection[];
  ledgerTitle: string | null;
  isSample: boolean;
}

/** A plan row as a WorkPlan. */
export const planRow = (r: Selectable<WorkPlanTable>): WorkPlan => ({
  id: r.id,
  orgId: r.org_id,
  year: r.year,
  title: r.title,
  sourceDocuments: JSON.parse(r.source_docs),
  sections: JSON.parse(r.sections),
  ledgerTitle: r.ledger_title,
  isSample: r.is_sample === 1,
});

/** A task of a ledger (or a sub-task) with its deadline. */
export interface TaskRecord {
  id: number;
  planId: number;
  parentId: number | null;
  number: string;
  seq: number;
  groupNumber: string;
  group: string;
  target: string;
  content: string;
  unitsText: string;
  unitNotes: string[];
  deadline: Deadline;
  deadlineText: string;
  ownerName: string | null;
  ownerOrgId: number | null;
  isSample: boolean;
}

/** A task row's deadline columns as a Deadline. */
export function deadlineOf(kind: string, date: string | null): Deadline {
  if (kind === 'ongoing' || date == null) return { kind: 'ongoing' };
  return { kind: kind as Exclude<DeadlineKind, 'ongoing'>, date };
}

/** A task row as a TaskRecord. */
export const taskRow = (r: Selectable<LedgerTaskTable>): TaskRecord => {
  return {
    id: r.id,
    planId: r.plan_id,
    parentId: r.parent_id,
    number: r.number,
    seq: r.seq,
    groupNumber: r.group_number,
    group: r.group_title,
    target: r.target,
    content: r.content,
    unitsText: r.units_text,
    unitNotes: JSON.parse(r.unit_notes),
    deadline: deadlineOf(r.deadline_kind, r.deadline_date),
    deadlineText: r.deadline_text,
    ownerName: r.owner_name,
    ownerOrgId: r.owner_org_id,
    isSample: r.is_sample === 1,
  };
};

/** Plans (of an org, of a year), newest first. */
export async function selectPlans(
  db: Kysely<DB>,
  filter: { orgId?: number; year?: number } = {},
): Promise<WorkPlan[]> {
  let q = db.selectFrom('work_plans').selectAll().orderBy('year', 'desc').orderBy('id', 'desc');
  if (filter.orgId != null) q = q.where('org_id', '=', filter.orgId);
  if (filter.year != null) q = q.where('year', '=', filter.year);
  return (await q.execute()).map(planRow);
}

/** One plan. */
export async function selectPlan(db: Kysely<DB>, id: number): Promise<WorkPlan | undefined> {
  const r = await db.selectFrom('work_plans').selectAll().where('id', '=', id).executeTakeFirst();
  return r && planRow(r);
}

/** The tasks of plans, in ledger order. */
export async function selectTasks(db: Kysely<DB>, planIds: number[]): Promise<TaskRecord[]> {
  if (planIds.length === 0) return [];
  const rows = await db
    .selectFrom('ledger_tasks')
    .selectAll()
    .where('plan_id', 'in', planIds)
    .orderBy('plan_id')
    .orderBy('seq')
    .orderBy('id')
    .execute();
  return rows.map(taskRow);
}

/** One task. */
export async function selectTask(db: Kysely<DB>, id: number): Promise<TaskRecord | undefined> {
  const r = await db.selectFrom('ledger_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return r && taskRow(r);
}

/** A responsible unit's figures on a task. */
export interface TaskUnitRecord {
  taskId: number;
  orgId: number;
  percent: number;
  reports: number;
  liveEvidence: number;
  lastReportAt: string | null;
}

/** The units of the given tasks with their latest percentage, report count and live evidence. */
export async function selectTaskUnits(db: Kysely<DB>, taskIds: number[]): Promise<TaskUnitRecord[]> {
  if (taskIds.length === 0) return [];
  const units = await db
    .selectFrom('ledger_task_units')
    .selectAll()
    .where('task_id', 'in', taskIds)
    .orderBy('id')
    .execute();
  const reports = await db
    .selectFrom('ledger_progress')
    .select(['task_id', 'org_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('task_id', 'in', taskIds)
    .groupBy(['task_id', 'org_id'])
    .execute();
  const evidence = await db
    .selectFrom('ledger_evidence')
    .select(['task_id', 'org_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('task_id', 'in', taskIds)
    .where((eb) => eb.or([eb('resolves', 'is', null), eb('resolves', '=', 1)]))
    .groupBy(['task_id', 'org_id'])
    .execute();
  const key = (t: number, o: number) => `${t}:${o}`;
  const rep = new Map(reports.map((r) => [key(r.task_id, r.org_id), Number(r.n)]));
  const ev = new Map(evidence.map((r) => [key(r.task_id, r.org_id), Number(r.n)]));
  return units.map((u) => ({
    taskId: u.task_id,
    orgId: u.org_id,
    percent: u.percent,
    reports: rep.get(key(u.task_id, u.org_id)) ?? 0,
    liveEvidence: ev.get(key(u.task_id, u.org_id)) ?? 0,
    lastReportAt: u.last_report_at,
  }));
}

/** Inserts a work plan; returns its id. */
export async function insertPlan(db: Kysely<DB>, values: Insertable<WorkPlanTable>): Promise<number> {
  const { id } = await db.insertInto('work_plans').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Inserts a task (or sub-task); returns its id. */
export async function insertTask(db: Kysely<DB>, values: Insertable<LedgerTaskTable>): Promise<number> {
  const { id } = await db.insertInto('ledger_tasks').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Makes an org a responsible unit of a task, with no progress yet. */
export async function insertTaskUnit(db: Kysely<DB>, taskId: number, orgId: number, now: string) {
  await db
    .insertInto('ledger_task_units')
    .values({
      task_id: taskId,
      org_id: orgId,
      percent: 0,
      reported_done: 0,
      last_report_at: null,
      updated_at: now,
    })
    .execute();
}

/** Whether an org is a responsible unit of a task. */
export async function isTaskUnit(db: Kysely<DB>, taskId: number, orgId: number): Promise<boolean> {
  const unit = await db
    .selectFrom('ledger_task_units')
    .select('id')
    .where('task_id', '=', taskId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return !!unit;
}

/** How many sub-tasks a task has. */
export async function countSubtasks(db: Kysely<DB>, parentId: number): Promise<number> {
  const rows = await db.selectFrom('ledger_tasks').select('id').where('parent_id', '=', parentId).execute();
  return rows.length;
}

/** Sets the 责任单位 text of a task. */
export async function updateTaskUnitsText(db: Kysely<DB>, id: number, unitsText: string): Promise<void> {
  await db.updateTable('ledger_tasks').set({ units_text: unitsText }).where('id', '=', id).execute();
}

/** A unit's latest percentage on a task (a report of 100% says it reports the task done). */
export async function updateUnitProgress(
  db: Kysely<DB>,
  taskId: number,
  orgId: number,
  percent: number,
  at: string,
): Promise<void> {
  await db
    .updateTable('ledger_task_units')
    .set({ percent, reported_done: percent >= 100 ? 1 : 0, last_report_at: at, updated_at: at })
    .where('task_id', '=', taskId)
    .where('org_id', '=', orgId)
    .execute();
}
