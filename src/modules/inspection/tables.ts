import type { Generated } from 'kysely';

export interface InspectionRunTable {
  id: Generated<number>;
  /** null: the whole site (district-wide run); otherwise the unit inspected with its subtree. */
  org_id: number | null;
  /** job | manual | cli */
  trigger: string;
  actor_name: string;
  /** Shanghai date the checks were computed for. */
  as_of: string;
  started_at: string;
  finished_at: string;
  /** Single-veto checks that failed (国办秘函〔2019〕19号). */
  veto_failed: number;
  failed: number;
  warned: number;
  pages_crawled: number;
  links_checked: number;
}

export interface InspectionFindingTable {
  id: Generated<number>;
  run_id: number;
  check_key: string;
  /** pass | warn | fail | skipped */
  status: string;
  veto: number;
  count: number;
  summary: string;
  /** JSON: Evidence[]. */
  evidence_json: string;
  sort_order: number;
}

export interface InspectionTables {
  inspection_runs: InspectionRunTable;
  inspection_findings: InspectionFindingTable;
}
