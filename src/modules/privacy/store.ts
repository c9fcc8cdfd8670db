/** Queries on expression_rules; nothing else touches the table. */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { ExpressionKind, ExpressionRule, ExpressionSeverity } from './expressions.ts';
import type { ExpressionRuleTable } from './tables.ts';

/** A rule as the back office shows it. */
export interface StoredExpressionRule extends ExpressionRule {
  id: number;
  note: string;
  exceptions: string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export function ruleRowToRule(r: Selectable<ExpressionRuleTable>): StoredExpressionRule {
  return {
    id: r.id,
    term: r.term,
    suggestion: r.suggestion,
    severity: r.severity as ExpressionSeverity,
    kind: r.kind as ExpressionKind,
    note: r.note,
    exceptions: JSON.parse(r.exceptions) as string[],
    active: r.active === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function selectRules(
  db: Kysely<DB>,
  opts: { activeOnly?: boolean } = {},
): Promise<StoredExpressionRule[]> {
  let q = db.selectFrom('expression_rules').selectAll();
  if (opts.activeOnly) q = q.where('active', '=', 1);
  const rows = await q.orderBy('kind').orderBy('term').execute();
  return rows.map(ruleRowToRule);
}

export async function selectRule(db: Kysely<DB>, id: number): Promise<StoredExpressionRule | undefined> {
  const row = await db.selectFrom('expression_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return row && ruleRowToRule(row);
}

export async function selectRuleByTerm(
  db: Kysely<DB>,
  term: string,
): Promise<StoredExpressionRule | undefined> {
  const row = await db.selectFrom('expression_rules').selectAll().where('term', '=', term).executeTakeFirst();
  return row && ruleRowToRule(row);
}

/** A rule's columns as the use case cleaned them. */
export type RuleValues = Omit<Insertable<ExpressionRuleTable>, 'id' | 'created_at' | 'updated_at'>;

/** Adds a rule; returns its id. */
export async function insertRule(db: Kysely<DB>, values: RuleValues, now: string): Promise<number> {
  const { id } = await db
    .insertInto('expression_rules')
    .values({ ...values, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Changes a rule. */
export async function updateRule(db: Kysely<DB>, id: number, values: RuleValues, now: string): Promise<void> {
  await db
    .updateTable('expression_rules')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}
