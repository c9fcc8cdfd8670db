/** Queries on progress reports and evidence. */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type { EvidenceKind } from '../model.ts';
import type { EvidenceTable, ProgressReportTable } from '../tables.ts';

/** An attachment of a progress report: its name, stored file name, size and type. */
export interface Attachment {
  name: string;
  file: string;
  size: number;
  type: string;
}

/** A unit's progress report on a task. */
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

/** A progress row as a ProgressReport. */
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

/** A piece of evidence linked to a task, with its last link check. */
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

/** An evidence row as Evidence. */
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

/** A task's progress reports, newest first. */
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

/** Each unit's latest report on each of the tasks. */
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

/** One progress report. */
export async function selectReport(db: Kysely<DB>, id: number): Promise<ProgressReport | undefined> {
  const r = await db.selectFrom('ledger_progress').selectAll().where('id', '=', id).executeTakeFirst();
  return r && reportRow(r);
}

/** A task's evidence, in the order linked. */
export async function selectEvidence(db: Kysely<DB>, taskId: number): Promise<Evidence[]> {
  const rows = await db
    .selectFrom('ledger_evidence')
    .selectAll()
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute();
  return rows.map(evidenceRow);
}

/** Every evidence link on this site (external links are not checked). */
export async function selectInternalEvidence(db: Kysely<DB>): Promise<Evidence[]> {
  const rows = await db
    .selectFrom('ledger_evidence')
    .selectAll()
    .where('kind', '!=', 'url')
    .orderBy('id')
    .execute();
  return rows.map(evidenceRow);
}

/** Inserts a progress report; returns its id. */
export async function insertProgress(
  db: Kysely<DB>,
  values: Insertable<ProgressReportTable>,
): Promise<number> {
  const { id } = await db
    .insertInto('ledger_progress')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Inserts a piece of evidence; returns its id. */
export async function insertEvidence(db: Kysely<DB>, values: Insertable<EvidenceTable>): Promise<number> {
  const { id } = await db
    .insertInto('ledger_evidence')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Records whether an evidence link resolved when checked. */
export async function updateEvidenceCheck(
  db: Kysely<DB>,
  id: number,
  ok: boolean,
  at: string,
): Promise<void> {
  await db
    .updateTable('ledger_evidence')
    .set({ resolves: ok ? 1 : 0, last_checked_at: at })
    .where('id', '=', id)
    .execute();
}
