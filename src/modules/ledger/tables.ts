/** Tables of the work plans and task ledger (工作要点与任务台账). */
import type { Generated } from 'kysely';

export interface WorkPlanTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  title: string;
  /** JSON: [{ title, docNumber }] — the documents the plan implements. */
  source_docs: string;
  /** JSON: the plan's sections (一、二、三) with their numbered points. */
  sections: string;
  ledger_title: string | null;
  is_sample: number;
  created_at: string;
  updated_at: string;
}

export interface LedgerTaskTable {
  id: Generated<number>;
  plan_id: number;
  /** A unit's own sub-task of a ledger task (台账细化), or null for the plan's own tasks. */
  parent_id: number | null;
  /** 序号 as shown: "1" … "23"; sub-tasks "2-1". */
  number: string;
  seq: number;
  group_number: string;
  group_title: string;
  target: string;
  content: string;
  /** 责任单位 as the plan writes them. */
  units_text: string;
  /** JSON: collective notes and unresolved names from the import. */
  unit_notes: string;
  deadline_kind: string;
  deadline_date: string | null;
  deadline_text: string;
  /** 责任人 of a sub-task, as the unit names them. */
  owner_name: string | null;
  owner_user_id: number | null;
  /** The unit that created a sub-task (null for plan tasks). */
  owner_org_id: number | null;
  is_sample: number;
  created_at: string;
  updated_at: string;
}

export interface LedgerTaskUnitTable {
  id: Generated<number>;
  task_id: number;
  org_id: number;
  /** Latest reported percentage (0–100). */
  percent: number;
  /** 1 when the unit has reported the task as completed. */
  reported_done: number;
  last_report_at: string | null;
  updated_at: string;
}

export interface ProgressReportTable {
  id: Generated<number>;
  task_id: number;
  org_id: number;
  text: string;
  percent: number;
  /** JSON: [{ name, file, size, type }] stored under DATA_DIR/uploads/ledger. */
  attachments: string;
  reported_at: string;
  reported_by: number | null;
  reporter_name: string;
  is_sample: number;
}

export interface EvidenceTable {
  id: Generated<number>;
  task_id: number;
  org_id: number;
  /** item | topic | normative | url | foi_stats */
  kind: string;
  ref: string | null;
  url: string;
  title: string;
  last_checked_at: string | null;
  /** 1 resolves, 0 broken, null not checked yet (or external). */
  resolves: number | null;
  created_at: string;
  created_by: number | null;
}

export interface InspectionTable {
  id: Generated<number>;
  plan_id: number;
  org_id: number;
  title: string;
  scheduled_date: string;
  done_date: string | null;
  findings: string;
  is_sample: number;
  created_at: string;
}

export interface RectificationTable {
  id: Generated<number>;
  inspection_id: number;
  org_id: number;
  item: string;
  deadline: string;
  answer: string | null;
  answered_at: string | null;
  closed: number;
  closed_at: string | null;
  created_at: string;
}

export interface EscalationTable {
  id: Generated<number>;
  plan_id: number | null;
  org_id: number;
  /** admonition (约谈) | public_criticism (通报批评) */
  kind: string;
  date: string;
  document_ref: string;
  note: string;
  created_at: string;
}

export interface LedgerTables {
  work_plans: WorkPlanTable;
  ledger_tasks: LedgerTaskTable;
  ledger_task_units: LedgerTaskUnitTable;
  ledger_progress: ProgressReportTable;
  ledger_evidence: EvidenceTable;
  ledger_inspections: InspectionTable;
  ledger_rectifications: RectificationTable;
  ledger_escalations: EscalationTable;
}
