/** Queries on the ledger tables; nothing else touches them. Row → view mappers live here too. */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Deadline, DeadlineKind } from './deadline.ts';
import type { PlanSection, SourceDocument } from './parse.ts';
import type {
  EscalationTable,
  EvidenceTable,
  InspectionTable,
  LedgerTaskTable,
  ProgressReportTable,
  RectificationTable,
  WorkPlanTable,
} from './tables.ts';
import type { EscalationKind, EvidenceKind } from './model.ts';

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

export function deadlineOf(kind: string, date: string | null): Deadline {
  if (kind === 'ongoing' || date == null) return { kind: 'ongoing' };
  return { kind: kind as Exclude<DeadlineKind, 'ongoing'>, date };
}

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

export interface Attachment {
  name: string;
  file: string;
  size: number;
  type: string;
}

export interface ProgressReport {
  id: number;
  taskId: number;
  orgId: number;
  text: string;
  percent: number;
  attachments: Attachment[];
  reportedAt: string;
  reporterName: string;
  isSample: boolean;
}

export const reportRow = (r: Selectable<ProgressReportTable>): ProgressReport => ({
  id: r.id,
  taskId: r.task_id,
  orgId: r.org_id,
  text: r.text,
  percent: r.percent,
  attachments: JSON.parse(r.attachments),
  reportedAt: r.reported_at,
  reporterName: r.reporter_name,
  isSample: r.is_sample === 1,
});

export interface Evidence {
  id: number;
  taskId: number;
  orgId: number;
  kind: EvidenceKind;
  ref: string | null;
  url: string;
  title: string;
  lastCheckedAt: string | null;
  resolves: boolean | null;
}

export const evidenceRow = (r: Selectable<EvidenceTable>): Evidence => ({
  id: r.id,
  taskId: r.task_id,
  orgId: r.org_id,
  kind: r.kind as EvidenceKind,
  ref: r.ref,
  url: r.url,
  title: r.title,
  lastCheckedAt: r.last_checked_at,
  resolves: r.resolves == null ? null : r.resolves === 1,
});

export interface Inspection {
  id: number;
  planId: number;
  orgId: number;
  title: string;
  scheduledDate: string;
  doneDate: string | null;
  findings: string;
  isSample: boolean;
}

export const inspectionRow = (r: Selectable<InspectionTable>): Inspection => ({
  id: r.id,
  planId: r.plan_id,
  orgId: r.org_id,
  title: r.title,
  scheduledDate: r.scheduled_date,
  doneDate: r.done_date,
  findings: r.findings,
  isSample: r.is_sample === 1,
});

export interface Rectification {
  id: number;
  inspectionId: number;
  orgId: number;
  item: string;
  deadline: string;
  answer: string | null;
  answeredAt: string | null;
  closed: boolean;
}

export const rectificationRow = (r: Selectable<RectificationTable>): Rectification => ({
  id: r.id,
  inspectionId: r.inspection_id,
  orgId: r.org_id,
  item: r.item,
  deadline: r.deadline,
  answer: r.answer,
  answeredAt: r.answered_at,
  closed: r.closed === 1,
});

export interface Escalation {
  id: number;
  planId: number | null;
  orgId: number;
  kind: EscalationKind;
  date: string;
  documentRef: string;
  note: string;
}

export const escalationRow = (r: Selectable<EscalationTable>): Escalation => ({
  id: r.id,
  planId: r.plan_id,
  orgId: r.org_id,
  kind: r.kind as EscalationKind,
  date: r.date,
  documentRef: r.document_ref,
  note: r.note,
});

export async function selectPlans(
  db: Kysely<DB>,
  filter: { orgId?: number; year?: number } = {},
): Promise<WorkPlan[]> {
  let q = db.selectFrom('work_plans').selectAll().orderBy('year', 'desc').orderBy('id', 'desc');
  if (filter.orgId != null) q = q.where('org_id', '=', filter.orgId);
  if (filter.year != null) q = q.where('year', '=', filter.year);
  return (await q.execute()).map(planRow);
}

export async function selectPlan(db: Kysely<DB>, id: number): Promise<WorkPlan | undefined> {
  const r = await db.selectFrom('work_plans').selectAll().where('id', '=', id).executeTakeFirst();
  return r && planRow(r);
}

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

export async function selectTask(db: Kysely<DB>, id: number): Promise<TaskRecord | undefined> {
  const r = await db.selectFrom('ledger_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return r && taskRow(r);
}

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

export async function selectReports(db: Kysely<DB>, taskId: number): Promise<ProgressReport[]> {
  const rows = await db
    .selectFrom('ledger_progress')
    .selectAll()
    .where('task_id', '=', taskId)
    .orderBy('reported_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(reportRow);
}

export async function selectLatestReports(db: Kysely<DB>, taskIds: number[]): Promise<ProgressReport[]> {
  if (taskIds.length === 0) return [];
  const rows = await db
    .selectFrom('ledger_progress')
    .selectAll()
    .where('task_id', 'in', taskIds)
    .orderBy('reported_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const seen = new Set<string>();
  const out: ProgressReport[] = [];
  for (const r of rows) {
    const k = `${r.task_id}:${r.org_id}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(reportRow(r));
  }
  return out;
}

export async function selectReport(db: Kysely<DB>, id: number): Promise<ProgressReport | undefined> {
  const r = await db.selectFrom('ledger_progress').selectAll().where('id', '=', id).executeTakeFirst();
  return r && reportRow(r);
}

export async function selectEvidence(db: Kysely<DB>, taskId: number): Promise<Evidence[]> {
  const rows = await db
    .selectFrom('ledger_evidence')
    .selectAll()
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute();
  return rows.map(evidenceRow);
}

export async function selectInternalEvidence(db: Kysely<DB>): Promise<Evidence[]> {
  const rows = await db
    .selectFrom('ledger_evidence')
    .selectAll()
    .where('kind', '!=', 'url')
    .orderBy('id')
    .execute();
  return rows.map(evidenceRow);
}

export async function selectInspections(
  db: Kysely<DB>,
  filter: { planId?: number; orgIds?: number[] } = {},
): Promise<Inspection[]> {
  let q = db.selectFrom('ledger_inspections').selectAll().orderBy('scheduled_date').orderBy('id');
  if (filter.planId != null) q = q.where('plan_id', '=', filter.planId);
  if (filter.orgIds)
    q = filter.orgIds.length ? q.where('org_id', 'in', filter.orgIds) : q.where('id', '=', -1);
  return (await q.execute()).map(inspectionRow);
}

export async function selectInspection(db: Kysely<DB>, id: number): Promise<Inspection | undefined> {
  const r = await db.selectFrom('ledger_inspections').selectAll().where('id', '=', id).executeTakeFirst();
  return r && inspectionRow(r);
}

export async function selectRectifications(
  db: Kysely<DB>,
  filter: { inspectionId?: number; orgIds?: number[] } = {},
): Promise<Rectification[]> {
  let q = db.selectFrom('ledger_rectifications').selectAll().orderBy('deadline').orderBy('id');
  if (filter.inspectionId != null) q = q.where('inspection_id', '=', filter.inspectionId);
  if (filter.orgIds)
    q = filter.orgIds.length ? q.where('org_id', 'in', filter.orgIds) : q.where('id', '=', -1);
  return (await q.execute()).map(rectificationRow);
}

export async function selectRectification(db: Kysely<DB>, id: number): Promise<Rectification | undefined> {
  const r = await db.selectFrom('ledger_rectifications').selectAll().where('id', '=', id).executeTakeFirst();
  return r && rectificationRow(r);
}

export async function selectEscalations(
  db: Kysely<DB>,
  filter: { orgIds?: number[] } = {},
): Promise<Escalation[]> {
  let q = db.selectFrom('ledger_escalations').selectAll().orderBy('date', 'desc').orderBy('id', 'desc');
  if (filter.orgIds)
    q = filter.orgIds.length ? q.where('org_id', 'in', filter.orgIds) : q.where('id', '=', -1);
  return (await q.execute()).map(escalationRow);
}
