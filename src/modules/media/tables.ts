import type { Generated } from 'kysely';

export interface MediaAccountTable {
  id: Generated<number>;
  platform: string;
  account_name: string;
  /** The platform's permanent account ID (微信原始ID, 微博UID, 抖音号…), unique per platform. */
  platform_account_id: string;
  org_id: number;
  operator: string;
  responsible_person: string;
  level: string;
  /** active | closed */
  status: string;
  /** Latest freshness check (copied from media_checks): the account's last post date. */
  last_update_date: string | null;
  interaction_ok: number | null;
  checked_on: string | null;
  is_sample: number;
  created_at: string;
  updated_at: string;
}

export interface MediaFilingTable {
  id: Generated<number>;
  /** open | change | close */
  kind: string;
  account_id: number | null;
  org_id: number;
  /** JSON: the proposed account fields (open / change). */
  payload: string;
  note: string;
  /** submitted | approved | rejected */
  status: string;
  submitted_by: string;
  submitted_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface MediaFilingDocumentTable {
  id: Generated<number>;
  filing_id: number;
  file_name: string;
  stored_name: string;
  mime: string;
  size: number;
  uploaded_by: string;
  uploaded_at: string;
}

export interface MediaCheckTable {
  id: Generated<number>;
  account_id: number;
  checked_on: string;
  last_update_date: string;
  interaction_ok: number;
  note: string;
  recorded_by: string;
  recorded_at: string;
}

export interface MediaTables {
  media_accounts: MediaAccountTable;
  media_filings: MediaFilingTable;
  media_filing_documents: MediaFilingDocumentTable;
  media_checks: MediaCheckTable;
}
