/** Queries on supervision: inspections (督导), rectification items (整改), escalations (约谈、通报批评). */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type { EscalationKind } from '../model.ts';
import type { EscalationTable, InspectionTable, RectificationTable } from '../tables.ts';

/** An inspection (督导) of a unit under a plan. */
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

/** An inspection row as an Inspection. */
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

/** A rectification item (整改) issued by an inspection. */
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

/** A rectification row as a Rectification. */
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

/** A 约谈 or 通报批评 of a unit. */
export interface Escalation {
  id: number;
  planId: number | null;
  orgId: number;
  kind: EscalationKind;
  date: string;
  documentRef: string;
  note: string;
}

/** An escalation row as an Escalation. */
export const escalationRow = (r: Selectable<EscalationTable>): Escalation => ({
  id: r.id,
  planId: r.plan_id,
  orgId: r.org_id,
  kind: r.kind as EscalationKind,
  date: r.date,
  documentRef: r.document_ref,
  note: r.note,
});

/** Inspections by plan and/or orgs, by scheduled date. */
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

/** One inspection. */
export async function selectInspection(db: Kysely<DB>, id: number): Promise<Inspection | undefined> {
  const r = await db.selectFrom('ledger_inspections').selectAll().where('id', '=', id).executeTakeFirst();
  return r && inspectionRow(r);
}

/** Rectification items by inspection and/or orgs, by deadline. */
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

/** One rectification item. */
export async function selectRectification(db: Kysely<DB>, id: number): Promise<Rectification | undefined> {
  const r = await db.selectFrom('ledger_rectifications').selectAll().where('id', '=', id).executeTakeFirst();
  return r && rectificationRow(r);
}

/** Escalations (of some orgs), newest first. */
export async function selectEscalations(
  db: Kysely<DB>,
  filter: { orgIds?: number[] } = {},
): Promise<Escalation[]> {
  let q = db.selectFrom('ledger_escalations').selectAll().orderBy('date', 'desc').orderBy('id', 'desc');
  if (filter.orgIds)
    q = filter.orgIds.length ? q.where('org_id', 'in', filter.orgIds) : q.where('id', '=', -1);
  return (await q.execute()).map(escalationRow);
}

/** Inserts an inspection; returns its id. */
export async function insertInspection(db: Kysely<DB>, values: Insertable<InspectionTable>): Promise<number> {
  const { id } = await db
    .insertInto('ledger_inspections')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Records an inspection's findings and the day it was done. */
export async function updateInspectionFindings(
  db: Kysely<DB>,
  id: number,
  doneDate: string,
  findings: string,
): Promise<void> {
  await db
    .updateTable('ledger_inspections')
    .set({ done_date: doneDate, findings })
    .where('id', '=', id)
    .execute();
}

/** Inserts a rectification item; returns its id. */
export async function insertRectification(
  db: Kysely<DB>,
  values: Insertable<RectificationTable>,
): Promise<number> {
  const { id } = await db
    .insertInto('ledger_rectifications')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Changes a rectification item (its answer, or its closing). */
export async function updateRectification(
  db: Kysely<DB>,
  id: number,
  set: Updateable<RectificationTable>,
): Promise<void> {
  await db.updateTable('ledger_rectifications').set(set).where('id', '=', id).execute();
}

/** Inserts an escalation; returns its id. */
export async function insertEscalation(db: Kysely<DB>, values: Insertable<EscalationTable>): Promise<number> {
  const { id } = await db
    .insertInto('ledger_escalations')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
