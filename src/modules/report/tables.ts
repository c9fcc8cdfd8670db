import type { Generated } from 'kysely';

export interface ReportTables {
  annual_reports: {
    id: Generated<number>;
    org_id: number;
    year: number;
    overview: Generated<string>;
    problems_text: Generated<string>;
    other_text: Generated<string>;
    licensing: number | null;
    penalties: number | null;
    enforcement: number | null;
    fees_fen: number | null;
    rules_issued: number | null;
    rules_repealed: number | null;
    rules_in_force: number | null;
    published_item_id: number | null;
    updated_at: string;
  };
  annual_report_imports: {
    id: Generated<number>;
    org_id: number;
    year: number;
    format: string;
    figures_json: string;
    imported_at: string;
  };
  /** Figures as submitted, per content item (model.ts ReportFigures as JSON); the published item's are the published figures. */
  annual_report_snapshots: {
    id: Generated<number>;
    org_id: number;
    year: number;
    scope: string;
    item_id: number;
    figures_json: string;
    taken_at: string;
  };
}
