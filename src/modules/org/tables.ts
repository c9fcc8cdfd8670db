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
  /** 依申请公开受理地址 */
  foi_address: string | null;
  foi_postcode: string | null;
  foi_phone: string | null;
  foi_fax: string | null;
  /** 办公时间, e.g. 工作日 9:00–12:00，13:30–17:00 */
  foi_hours: string | null;
  /** Pattern of the org's letter 文号, e.g. 红发改依复〔{year}〕{seq}号. */
  letter_number_pattern: string | null;
  /** 复议机关 named for this org when the office sets one (otherwise derived from the tree). */
  review_body: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrgTables {
  orgs: OrgTable;
}
