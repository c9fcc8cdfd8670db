/**
 * The gate's use cases: run the personal-information and expression checks on an item (the content
 * module calls `runGate` before submission and before publishing), scan a text for staff (API, CLI),
 * and maintain the 错敏词 list (audited).
 */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { AppError, badRequest, notFound } from '../../errors.ts';
import { auditedWrite } from '../audit/service.ts';
import { requirePermission } from '../auth/permissions.ts';
import {
  checkExpressions,
  KINDS,
  SEVERITIES,
  type ExpressionFinding,
  type ExpressionKind,
  type ExpressionRule,
  type ExpressionSeverity,
} from './expressions.ts';
import { scanPersonalInfo, type Finding } from './scanner.ts';
import {
  insertRule,
  selectRule,
  selectRuleByTerm,
  selectRules,
  updateRule,
  type StoredExpressionRule,
} from './store.ts';

export interface GateInput {
  title: string;
  body: string;
  attachments?: { name: string; text: string }[];
}

export interface GateResult {
  /** `where`: 标题, 正文, or 附件：<file name>. */
  personal: (Finding & { where: string })[];
  expressions: (ExpressionFinding & { where: string })[];
  /** rules.md §7: any personal information, or a serious expression, blocks publication. */
  blocking: boolean;
}

/** The active expression rules, for the gate (no permission: the list is not secret). */
export async function activeExpressionRules(db: Kysely<DB>): Promise<ExpressionRule[]> {
  return selectRules(db, { activeOnly: true });
}

/** Pure part of the gate, for callers that already hold the rules (bench, CLI). */
export function gateWithRules(input: GateInput, rules: ExpressionRule[]): GateResult {
  const parts: { where: string; text: string }[] = [
    { where: '标题', text: input.title },
    { where: '正文', text: input.body },
    ...(input.attachments ?? []).map((a) => ({ where: `附件：${a.name}`, text: a.text })),
  ];
  const personal: GateResult['personal'] = [];
  const expressions: GateResult['expressions'] = [];
  for (const p of parts) {
    for (const f of scanPersonalInfo(p.text)) personal.push({ ...f, where: p.where });
    for (const f of checkExpressions(p.text, rules)) expressions.push({ ...f, where: p.where });
  }
  // rules.md §7: a personal-information finding blocks until masked or overridden; serious
  // expressions block (国办秘函〔2019〕19号 counts 严重表述错误 as a single-veto item).
  const blocking = personal.length > 0 || expressions.some((e) => e.severity === 'serious');
  return { personal, expressions, blocking };
}

/**
 * Checks an item's title, body and attachments' text: personal information (rules.md §7) and the
 * expression list loaded from the database.
 */
export async function runGate(db: Kysely<DB>, input: GateInput): Promise<GateResult> {
  return gateWithRules(input, await activeExpressionRules(db));
}

/**
 * For text shown publicly outside the content workflow (FAQ answers, public comments, drafts for
 * comment): the gate's blocking findings — personal information (rules.md §7) and serious
 * expressions (国办秘函〔2019〕19号) — as one Chinese sentence, or null when nothing blocks.
 */
export async function publicTextProblem(db: Kysely<DB>, text: string): Promise<string | null> {
  const r = gateWithRules({ title: '', body: text }, await activeExpressionRules(db));
  if (!r.blocking) return null;
  const parts: string[] = [];
  if (r.personal.length) parts.push(`个人信息（${[...new Set(r.personal.map((f) => f.label))].join('、')}）`);
  const serious = r.expressions.filter((e) => e.severity === 'serious');
  if (serious.length)
    parts.push(
      `严重错误或敏感表述（${[...new Set(serious.map((e) => `“${e.term}”${e.suggestion ? `应为“${e.suggestion}”` : ''}`))].join('、')}）`,
    );
  return `内容中含有${parts.join('和')}，请删除、打码或修改后再提交`;
}

/** The most text one scan request may carry (characters). */
export const MAX_SCAN_CHARS = 500_000;

export interface ScanResult {
  personal: Finding[];
  expressions: ExpressionFinding[];
  blocking: boolean;
}

/** Scans a text for staff (POST /api/v1/privacy/scan, the back-office check page). */
export async function scanText(ctx: AppContext, actor: Actor, text: string): Promise<ScanResult> {
  requirePermission(actor, 'privacy.scan');
  if (typeof text !== 'string' || text.trim() === '')
    throw badRequest('请提供要检查的文字', { text: '请填写要检查的文字' });
  if (text.length > MAX_SCAN_CHARS) {
    throw new AppError(
      'payload_too_large',
      `要检查的文字过长：一次最多 ${MAX_SCAN_CHARS.toLocaleString('en-US')} 字，请分段检查`,
    );
  }
  const r = gateWithRules({ title: '', body: text }, await activeExpressionRules(ctx.db));
  return {
    personal: r.personal.map(({ where: _w, ...f }) => f),
    expressions: r.expressions.map(({ where: _w, ...f }) => f),
    blocking: r.blocking,
  };
}

// ---------------------------------------------------------------------------------------------
// The expression list (back office: /admin/privacy/expressions)

export interface ExpressionRuleInput {
  term: string;
  suggestion: string;
  severity: ExpressionSeverity;
  kind: ExpressionKind;
  note?: string;
  exceptions?: string[];
  active?: boolean;
}

export async function listExpressionRules(ctx: AppContext, actor: Actor): Promise<StoredExpressionRule[]> {
  requirePermission(actor, 'privacy.rules.manage');
  return selectRules(ctx.db);
}

export async function getExpressionRule(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<StoredExpressionRule> {
  requirePermission(actor, 'privacy.rules.manage');
  const rule = await selectRule(ctx.db, id);
  if (!rule) throw notFound('错敏词规则');
  return rule;
}

function cleanInput(input: ExpressionRuleInput) {
  const term = (input.term ?? '').trim();
  const suggestion = (input.suggestion ?? '').trim();
  const exceptions = (input.exceptions ?? []).map((s) => s.trim()).filter(Boolean);
  const fields: Record<string, string> = {};
  if (!term) fields.term = '请填写要检查的词语';
  else if (term.length > 50) fields.term = '词语最多 50 个字';
  if (!suggestion) fields.suggestion = '请填写修改建议';
  else if (suggestion.length > 200) fields.suggestion = '修改建议最多 200 个字';
  if (!SEVERITIES.includes(input.severity)) fields.severity = '请选择严重程度';
  if (!KINDS.includes(input.kind)) fields.kind = '请选择类别';
  if ((input.note ?? '').length > 500) fields.note = '说明最多 500 个字';
  const bad = exceptions.find((e) => !e.includes(term));
  if (term && bad) fields.exceptions = `例外“${bad}”必须包含词语“${term}”`;
  if (Object.keys(fields).length) throw badRequest('错敏词规则有误，请检查后重新提交', fields);
  return {
    term,
    suggestion,
    severity: input.severity,
    kind: input.kind,
    note: (input.note ?? '').trim(),
    exceptions: JSON.stringify(exceptions),
    active: input.active === false ? 0 : 1,
  };
}

export async function createExpressionRule(
  ctx: AppContext,
  actor: Actor,
  input: ExpressionRuleInput,
): Promise<StoredExpressionRule> {
  requirePermission(actor, 'privacy.rules.manage');
  const values = cleanInput(input);
  if (await selectRuleByTerm(ctx.db, values.term))
    throw badRequest('该词语已在列表中', { term: `“${values.term}”已有规则，请直接编辑` });
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertRule(trx, values, now);
      return (await selectRule(trx, id))!;
    },
    (rule) => ({
      action: 'privacy.rule.create',
      objectType: 'expression_rule',
      objectId: rule.id,
      after: rule,
    }),
  );
}

export async function updateExpressionRule(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: ExpressionRuleInput,
): Promise<StoredExpressionRule> {
  requirePermission(actor, 'privacy.rules.manage');
  const before = await selectRule(ctx.db, id);
  if (!before) throw notFound('错敏词规则');
  const values = cleanInput(input);
  const same = await selectRuleByTerm(ctx.db, values.term);
  if (same && same.id !== id) throw badRequest('该词语已在列表中', { term: `“${values.term}”已有规则` });
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateRule(trx, id, values, ctx.clock.now().toISOString());
      return (await selectRule(trx, id))!;
    },
    (after) => ({
      action: 'privacy.rule.update',
      objectType: 'expression_rule',
      objectId: id,
      before,
      after,
    }),
  );
}
