import type { Generated } from 'kysely';

/** One maintained 错敏词 rule (expressions.ts explains the matching). */
export interface ExpressionRuleTable {
  id: Generated<number>;
  term: string;
  suggestion: string;
  /** 'serious' (blocks publication) | 'warning'. */
  severity: string;
  /** 'outdated' | 'wrong' | 'sensitive'. */
  kind: string;
  note: string;
  /** JSON array of longer correct phrases containing the term. */
  exceptions: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface PrivacyTables {
  expression_rules: ExpressionRuleTable;
}
