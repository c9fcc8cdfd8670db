/** Queries on reviews and lawsuits (复议/诉讼) and their results. */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../../db/types.ts';
import { resultAsOf } from '../model.ts';
import type { ReviewResult } from '../outcomes.ts';
import type { FoiReviewResultTable, FoiReviewTable } from '../tables.ts';
import type { Insertable } from 'kysely';

export interface FoiReviewResult {
  id: number;
  result: Exclude<ReviewResult, 'pending'>;
  resultOn: string;
  note: string;
  actorName: string;
  recordedAt: string;
  /** When a mistyped entry was last corrected, or null. */
  correctedAt: string | null;
}

export interface FoiReview {
  id: number;
  applicationId: number;
  kind: string;
  filedOn: string;
  /** The latest result (pending when there is none) and its date. */
  result: ReviewResult;
  resultOn: string | null;
  note: string;
  /** Every result, oldest first (by date, then entry). */
  results: FoiReviewResult[];
}

const resultRow = (r: Selectable<FoiReviewResultTable>): FoiReviewResult => ({
  id: r.id,
  result: r.result as FoiReviewResult['result'],
  resultOn: r.result_on,
  note: r.note,
  actorName: r.actor_name,
  recordedAt: r.recorded_at,
  correctedAt: r.corrected_at,
});

/** Results of the given reviews, oldest first, by review id. */
export async function selectReviewResults(
  db: Kysely<DB>,
  reviewIds: number[],
): Promise<Map<number, FoiReviewResult[]>> {
  const out = new Map<number, FoiReviewResult[]>(reviewIds.map((id) => [id, []]));
  if (reviewIds.length === 0) return out;
  const rows = await db
    .selectFrom('foi_review_results')
    .selectAll()
    .where('review_id', 'in', reviewIds)
    .orderBy('result_on')
    .orderBy('id')
    .execute();
  for (const r of rows) out.get(r.review_id)?.push(resultRow(r));
  return out;
}

function reviewOf(r: Selectable<FoiReviewTable>, results: FoiReviewResult[]): FoiReview {
  const latest = resultAsOf(results);
  return {
    id: r.id,
    applicationId: r.application_id,
    kind: r.kind,
    filedOn: r.filed_on,
    result: latest?.result ?? 'pending',
    resultOn: latest?.resultOn ?? null,
    note: r.note,
    results,
  };
}

export async function selectReviews(db: Kysely<DB>, applicationId: number): Promise<FoiReview[]> {
  const rows = await db
    .selectFrom('foi_reviews')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
  const results = await selectReviewResults(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => reviewOf(r, results.get(r.id) ?? []));
}

export async function selectReview(db: Kysely<DB>, id: number): Promise<FoiReview | undefined> {
  const r = await db.selectFrom('foi_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  return r && reviewOf(r, (await selectReviewResults(db, [r.id])).get(r.id) ?? []);
}

/** A new review or lawsuit; returns its id. */
export async function insertReview(db: Kysely<DB>, values: Insertable<FoiReviewTable>): Promise<number> {
  const { id } = await db.insertInto('foi_reviews').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Corrects a review's kind, filing date and note. */
export async function updateReviewFields(
  db: Kysely<DB>,
  id: number,
  values: { kind: string; filed_on: string; note: string; updated_at: string },
): Promise<void> {
  await db.updateTable('foi_reviews').set(values).where('id', '=', id).execute();
}

/** Caches the latest result on the review row, for its readers. */
export async function updateLatestResult(
  db: Kysely<DB>,
  id: number,
  values: { result: string; result_on: string | null; updated_at: string },
): Promise<void> {
  await db.updateTable('foi_reviews').set(values).where('id', '=', id).execute();
}

/** A new result row (earlier ones are never touched). */
export async function insertReviewResult(
  db: Kysely<DB>,
  values: Insertable<FoiReviewResultTable>,
): Promise<void> {
  await db.insertInto('foi_review_results').values(values).execute();
}

/** Corrects a mistyped result row in place. */
export async function updateReviewResult(
  db: Kysely<DB>,
  reviewId: number,
  resultId: number,
  values: { result: string; result_on: string; note: string; corrected_at: string },
): Promise<void> {
  await db
    .updateTable('foi_review_results')
    .set(values)
    .where('id', '=', resultId)
    .where('review_id', '=', reviewId)
    .execute();
}
