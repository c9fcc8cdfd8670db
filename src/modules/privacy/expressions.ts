/**
 * The expression check (错敏词, rules.md §7; seed (三)9 "防止表述错误"): finds wrong, outdated and
 * sensitive expressions from a maintained list and suggests the right one. Pure: the list comes
 * from the caller (service.ts loads it from the expression_rules table).
 *
 * Matching is literal, leftmost-longest, non-overlapping, indexed by first character so a 1 MB
 * document is read once. Two conventions keep it from crying wolf:
 * - an outdated institution name written as history — preceded by 原/前 ("原国家工商总局") — is
 *   correct and not flagged; nor is a name ending in 部 that is really the word 部门 ("农业部门");
 * - a rule may list exceptions: longer phrases containing the term that are correct
 *   ("党的十九大" for the term 十九大); a match inside one of them is not flagged.
 */

export type ExpressionSeverity = 'serious' | 'warning';
export type ExpressionKind = 'outdated' | 'wrong' | 'sensitive';
export const SEVERITIES: ExpressionSeverity[] = ['serious', 'warning'];
export const KINDS: ExpressionKind[] = ['outdated', 'wrong', 'sensitive'];

export interface ExpressionRule {
  id?: number;
  /** The expression to find, written literally. */
  term: string;
  /** What to write instead (or what to do). */
  suggestion: string;
  /** serious ones block publication; warnings are shown. */
  severity: ExpressionSeverity;
  kind: ExpressionKind;
  /** Why: the reform, notice or usage rule behind it. */
  note?: string;
  /** Longer phrases containing the term that are correct and not flagged. */
  exceptions?: string[];
}

export interface ExpressionFinding {
  start: number;
  end: number;
  term: string;
  suggestion: string;
  severity: ExpressionSeverity;
  kind: string;
}

export const EXPRESSION_KIND_LABELS: Record<ExpressionKind, string> = {
  outdated: '过时表述',
  wrong: '错误表述',
  sensitive: '敏感表述',
};
export const SEVERITY_LABELS: Record<ExpressionSeverity, string> = {
  serious: '严重（阻止发布）',
  warning: '提示',
};

interface Compiled {
  byFirst: Map<string, ExpressionRule[]>;
}

const cache = new WeakMap<ExpressionRule[], Compiled>();

function compile(rules: ExpressionRule[]): Compiled {
  const hit = cache.get(rules);
  if (hit) return hit;
  const byFirst = new Map<string, ExpressionRule[]>();
  for (const r of rules) {
    if (!r.term) continue;
    const list = byFirst.get(r.term[0]) ?? [];
    list.push(r);
    byFirst.set(r.term[0], list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.term.length - a.term.length);
  const compiled = { byFirst };
  cache.set(rules, compiled);
  return compiled;
}

function excepted(text: string, pos: number, rule: ExpressionRule): boolean {
  if (rule.kind === 'outdated') {
    const prev = text[pos - 1];
    if (prev === '原' || prev === '前') return true;
    if (rule.term.endsWith('部') && text[pos + rule.term.length] === '门') return true;
  }
  for (const ex of rule.exceptions ?? []) {
    const k = ex.indexOf(rule.term);
    if (k >= 0 && pos - k >= 0 && text.startsWith(ex, pos - k)) return true;
  }
  return false;
}

/** Finds the rules' terms in the text, leftmost-longest and non-overlapping, in order. */
export function checkExpressions(text: string, rules: ExpressionRule[]): ExpressionFinding[] {
  if (!text || rules.length === 0) return [];
  const { byFirst } = compile(rules);
  const out: ExpressionFinding[] = [];
  let i = 0;
  while (i < text.length) {
    const candidates = byFirst.get(text[i]);
    let advanced = false;
    if (candidates) {
      for (const r of candidates) {
        if (text.startsWith(r.term, i) && !excepted(text, i, r)) {
          out.push({
            start: i,
            end: i + r.term.length,
            term: r.term,
            suggestion: r.suggestion,
            severity: r.severity,
            kind: r.kind,
          });
          i += r.term.length;
          advanced = true;
          break;
        }
      }
    }
    if (!advanced) i++;
  }
  return out;
}

/** Replaces each finding with its suggestion where the suggestion is a plain replacement. */
export function applySuggestions(text: string, findings: ExpressionFinding[]): string {
  let out = '';
  let pos = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < pos) continue;
    out += text.slice(pos, f.start) + f.suggestion.split(/[／/（(]/)[0].trim();
    pos = f.end;
  }
  return out + text.slice(pos);
}
