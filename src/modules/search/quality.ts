/**
 * Search quality over the judged query set (issue 24 part 4): normalised precision@5, mean
 * reciprocal rank and nDCG@10 (binary relevance). Used by the test on the clean corpus index and by
 * the search bench on the index a citizen searches (the demo seed: corpus plus every module's demo
 * content).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { JUDGED_QUERIES, type JudgedQuery } from './judged-queries.ts';
import { parseSearchQuery, type SearchHit, type SearchResult } from './model.ts';
import { search } from './service.ts';

export interface QueryScore {
  q: string;
  /** Relevant results in the top 5 ÷ min(5, relevant results that exist). */
  p5: number;
  /** 1 ÷ the rank of the first relevant result (0 when none in the first 10). */
  rr: number;
  /** DCG of the top 10 ÷ the DCG of a perfect top 10. */
  ndcg: number;
  top: (string | undefined)[];
  /** How the search found its results: every word (strict), most words (loose), synonyms, pinyin. */
  path: SearchPath;
}

export type SearchPath = 'strict' | 'loose' | 'synonym' | 'pinyin';

/** The path a result took (pinyin first: a pinyin query may also use synonyms or the loose match). */
export function pathOf(r: Pick<SearchResult, 'pinyin' | 'synonyms' | 'partial'>): SearchPath {
  if (r.pinyin) return 'pinyin';
  if (r.synonyms.length) return 'synonym';
  if (r.partial) return 'loose';
  return 'strict';
}

/** The three scores of one ranking (keys of the hits, best first) against the judged relevant keys. */
export function scoreRanking(
  ranked: (string | undefined)[],
  relevant: string[],
): Omit<QueryScore, 'q' | 'top' | 'path'> {
  const isRelevant = (k: string | undefined) => k !== undefined && relevant.includes(k);
  const top5 = ranked.slice(0, 5);
  const p5 = relevant.length ? new Set(top5.filter(isRelevant)).size / Math.min(5, relevant.length) : 0;
  const first = ranked.slice(0, 10).findIndex(isRelevant);
  const rr = first < 0 ? 0 : 1 / (first + 1);
  const seen = new Set<string>();
  let dcg = 0;
  ranked.slice(0, 10).forEach((k, i) => {
    if (isRelevant(k) && !seen.has(k!)) {
      seen.add(k!);
      dcg += 1 / Math.log2(i + 2);
    }
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(10, relevant.length); i++) ideal += 1 / Math.log2(i + 2);
  return { p5, rr, ndcg: ideal ? dcg / ideal : 0 };
}

export interface QualityReport {
  queries: number;
  p5: number;
  mrr: number;
  ndcg10: number;
  perQuery: QueryScore[];
}

/** Runs every judged query (first 10 hits) and averages the scores. `keyOf` names a hit's corpus item. */
export async function judgeSearch(
  db: Kysely<DB>,
  keyOf: (hit: SearchHit) => string | undefined,
  queries: JudgedQuery[] = JUDGED_QUERIES,
): Promise<QualityReport> {
  const perQuery: QueryScore[] = [];
  for (const jq of queries) {
    const r = await search(db, parseSearchQuery({ q: jq.q, pageSize: 10 }));
    const top = r.hits.map(keyOf);
    perQuery.push({ q: jq.q, top, path: pathOf(r), ...scoreRanking(top, jq.relevant) });
  }
  const mean = (f: (s: QueryScore) => number) =>
    perQuery.reduce((n, s) => n + f(s), 0) / (perQuery.length || 1);
  return {
    queries: perQuery.length,
    p5: mean((s) => s.p5),
    mrr: mean((s) => s.rr),
    ndcg10: mean((s) => s.ndcg),
    perQuery,
  };
}

/** The report as lines: the three means, the same per path, then the queries below 1 on any score. */
export function formatQuality(label: string, r: QualityReport): string {
  const lines = [
    `${label}: ${r.queries} judged queries — P@5 ${r.p5.toFixed(3)}, MRR ${r.mrr.toFixed(3)}, nDCG@10 ${r.ndcg10.toFixed(3)}`,
  ];
  for (const path of ['strict', 'loose', 'synonym', 'pinyin'] as const) {
    const of = r.perQuery.filter((s) => s.path === path);
    if (!of.length) continue;
    const mean = (f: (s: QueryScore) => number) => (of.reduce((n, s) => n + f(s), 0) / of.length).toFixed(3);
    lines.push(
      `  ${path.padEnd(7)} ${String(of.length).padStart(2)} queries — P@5 ${mean((s) => s.p5)}, MRR ${mean((s) => s.rr)}, nDCG@10 ${mean((s) => s.ndcg)}`,
    );
  }
  for (const s of r.perQuery)
    if (s.p5 < 1 || s.rr < 1 || s.ndcg < 0.999)
      lines.push(
        `  ${s.q}: P@5 ${s.p5.toFixed(2)} RR ${s.rr.toFixed(2)} nDCG ${s.ndcg.toFixed(2)}  top=${s.top
          .slice(0, 5)
          .map((k) => k ?? '(其他)')
          .join(',')}`,
      );
  return lines.join('\n');
}
