import type { Generated } from 'kysely';

export interface OrgTable {
  id: Generated<number>;
  name: string;
  short_name: string;
  code: string;
  kind: string;
  parent_id: number | null;
  /** JSON array of other names the org is known by (e.g. 区市场监督管理局 for 区市场监管局). */
  aliases: string;
  sort_order: number;
  is_sample: number;
  created_at: string;
  updated_at: string;
}

export interface OrgTables {
  orgs: OrgTable;
}
