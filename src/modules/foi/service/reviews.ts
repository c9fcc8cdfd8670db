/** Reviews and lawsuits (行政复议 / 行政诉讼): each result kept with its date (rules.md §4). */
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, notFound } from '../../../errors.ts';
import { isIsoDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { requireOrgAccess } from '../../org/service.ts';
import { resultAsOf, REVIEW_KINDS, type ReviewKind } from '../model.ts';
import { REVIEW_RESULTS, type ReviewResult } from '../outcomes.ts';
import { selectApplication } from '../store/applications.ts';
import { insertHistory } from '../store/events.ts';
import {
  insertReview,
  insertReviewResult,
  selectReview,
  updateLatestResult,
  updateReviewFields,
  updateReviewResult,
  type FoiReview,
} from '../store/reviews.ts';
import { today } from './codes.ts';

// ---------------------------------------------------------------- reviews (行政复议 / 行政诉讼)

export interface ReviewInput {
  kind: ReviewKind;
  filedOn: string;
  result: ReviewResult;
  resultOn?: string | null;
  note?: string | null;
}

/** A result of a review or lawsuit: what was decided and on which day. */
export interface ReviewResultInput {
  result: FinalReviewResult;
  resultOn: string;
  note?: string | null;
}
type FinalReviewResult = Exclude<ReviewResult, 'pending'>;

function validateReview(input: ReviewInput, t: string) {
  const fields: Record<string, string> = {};
  if (!(input.kind in REVIEW_KINDS)) fields.kind = '请选择类型（行政复议或行政诉讼）';
  if (!isIsoDate(input.filedOn ?? '')) fields.filedOn = '请填写立案（申请）日期，格式 YYYY-MM-DD';
  else if (input.filedOn > t) fields.filedOn = '日期不能晚于今天';
  if (!(input.result in REVIEW_RESULTS)) fields.result = '请选择结果';
  if (input.result !== 'pending') {
    if (!input.resultOn || !isIsoDate(input.resultOn)) fields.resultOn = '已审结的请填写结果日期';
    else if (input.resultOn < input.filedOn) fields.resultOn = '结果日期不能早于立案日期';
    else if (input.resultOn > t) fields.resultOn = '结果日期不能晚于今天';
  } else if (input.resultOn) fields.resultOn = '尚未审结的不应填写结果日期';
  if ((input.note ?? '').length > 1000) fields.note = '备注不能超过 1000 字';
  if (Object.keys(fields).length) throw badRequest('复议诉讼信息有误，请检查后重新提交', fields);
}

function validateResult(input: ReviewResultInput, filedOn: string, t: string) {
  const fields: Record<string, string> = {};
  if (!(input.result in REVIEW_RESULTS) || (input.result as string) === 'pending')
    fields.result = '请选择结果（结果维持、结果纠正或其他结果）';
  if (!isIsoDate(input.resultOn ?? '')) fields.resultOn = '请填写结果日期，格式 YYYY-MM-DD';
  else if (input.resultOn < filedOn) fields.resultOn = `结果日期不能早于立案日期 ${filedOn}`;
  else if (input.resultOn > t) fields.resultOn = '结果日期不能晚于今天';
  if ((input.note ?? '').length > 1000) fields.note = '备注不能超过 1000 字';
  if (Object.keys(fields).length) throw badRequest('复议诉讼结果有误，请检查后重新提交', fields);
}

const resultText = (r: { result: ReviewResult; resultOn: string | null }) =>
  `${REVIEW_RESULTS[r.result]}${r.resultOn ? `（${r.resultOn}）` : ''}`;

/** Writes a new result row (never touching the earlier ones) and refreshes the review's cached latest result. */
async function insertResult(
  trx: Kysely<DB>,
  reviewId: number,
  input: ReviewResultInput,
  actor: Actor,
  now: string,
) {
  await insertReviewResult(trx, {
    review_id: reviewId,
    result: input.result,
    result_on: input.resultOn,
    note: (input.note ?? '').trim(),
    actor_name: actorName(actor),
    recorded_at: now,
  });
}

/** foi_reviews.result/result_on: the latest result (model.ts resultAsOf), for readers of the row. */
async function refreshLatest(trx: Kysely<DB>, reviewId: number, now: string) {
  const review = (await selectReview(trx, reviewId))!;
  await updateLatestResult(trx, reviewId, {
    result: review.result,
    result_on: review.resultOn,
    updated_at: now,
  });
  return review;
}

async function reviewForWrite(ctx: AppContext, actor: Actor, reviewId: number) {
  requirePermission(actor, 'foi.handle');
  const review = await selectReview(ctx.db, reviewId);
  if (!review) throw notFound('复议诉讼记录');
  const row = (await selectApplication(ctx.db, review.applicationId))!;
  await requireOrgAccess(ctx.db, actor, row.org_id);
  return review;
}

/** The case a review belongs to (foi.read, in the actor's scope); 404 when there is no such review. */
export async function reviewApplicationId(ctx: AppContext, actor: Actor, reviewId: number): Promise<number> {
  requirePermission(actor, 'foi.read');
  const review = await selectReview(ctx.db, reviewId);
  if (!review) throw notFound('复议诉讼记录');
  const row = (await selectApplication(ctx.db, review.applicationId))!;
  await requireOrgAccess(ctx.db, actor, row.org_id);
  return review.applicationId;
}

export async function addReview(
  ctx: AppContext,
  actor: Actor,
  applicationId: number,
  input: ReviewInput,
): Promise<FoiReview> {
  requirePermission(actor, 'foi.handle');
  const row = await selectApplication(ctx.db, applicationId);
  if (!row) throw notFound('申请');
  await requireOrgAccess(ctx.db, actor, row.org_id);
  validateReview(input, today(ctx));
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertReview(trx, {
        application_id: applicationId,
        kind: input.kind,
        filed_on: input.filedOn,
        result: input.result,
        result_on: input.resultOn || null,
        note: (input.note ?? '').trim(),
        created_at: now,
        updated_at: now,
      });
      if (input.result !== 'pending')
        await insertResult(trx, id, { result: input.result, resultOn: input.resultOn! }, actor, now);
      await insertHistory(
        trx,
        applicationId,
        now,
        actorName(actor),
        `登记${REVIEW_KINDS[input.kind]}：${input.filedOn} 立案，结果 ${resultText({ result: input.result, resultOn: input.resultOn ?? null })}`,
      );
      return (await selectReview(trx, id))!;
    },
    (r) => ({ action: 'foi.review.create', objectType: 'foi_review', objectId: r.id, after: r }),
  );
}

/**
 * `PUT /foi/reviews/{id}` (kept as it was called before results had a history): corrects the
 * proceeding's kind, filing date and note, and a result with its date that differs from the latest
 * one is ADDED as a new result (a retrial, a later judgment) — it never overwrites the earlier one
 * (rules.md §4). The added result may not be dated before the latest one; a mistyped result is
 * corrected with correctReviewResult. A review that has a result cannot go back to 尚未审结.
 */
export async function updateReview(
  ctx: AppContext,
  actor: Actor,
  reviewId: number,
  input: ReviewInput,
): Promise<FoiReview> {
  const before = await reviewForWrite(ctx, actor, reviewId);
  validateReview(input, today(ctx));
  const latest = resultAsOf(before.results);
  const fields: Record<string, string> = {};
  if (input.result === 'pending' && latest)
    fields.result = `已登记审结结果（${resultText(latest)}），不能改为“尚未审结”；录入有误的结果请在结果记录中更正`;
  const adds =
    input.result !== 'pending' &&
    (!latest || latest.result !== input.result || latest.resultOn !== input.resultOn);
  if (adds && latest && input.resultOn! < latest.resultOn)
    fields.resultOn = `新结果的日期不能早于上一次结果的日期 ${latest.resultOn}；录入有误的结果请在结果记录中更正`;
  const earliest = before.results[0]?.resultOn;
  if (earliest && input.filedOn > earliest) fields.filedOn = `立案日期不能晚于已登记结果的日期 ${earliest}`;
  if (Object.keys(fields).length) throw badRequest('复议诉讼信息有误，请检查后重新提交', fields);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateReviewFields(trx, reviewId, {
        kind: input.kind,
        filed_on: input.filedOn,
        note: (input.note ?? '').trim(),
        updated_at: now,
      });
      if (adds)
        await insertResult(
          trx,
          reviewId,
          { result: input.result as FinalReviewResult, resultOn: input.resultOn! },
          actor,
          now,
        );
      const after = await refreshLatest(trx, reviewId, now);
      const changes = [
        before.kind !== input.kind ? `类型改为${REVIEW_KINDS[input.kind]}` : '',
        before.filedOn !== input.filedOn ? `立案日期 ${before.filedOn} → ${input.filedOn}` : '',
        adds ? `新增结果 ${resultText(after)}（此前 ${resultText(before)}）` : '',
      ].filter(Boolean);
      await insertHistory(
        trx,
        before.applicationId,
        now,
        actorName(actor),
        `更新${REVIEW_KINDS[input.kind]}：${changes.join('；') || '备注'}`,
      );
      return after;
    },
    (r) => ({ action: 'foi.review.update', objectType: 'foi_review', objectId: reviewId, before, after: r }),
  );
}

/**
 * Adds a result to a review or lawsuit (a retrial, a later judgment, or an earlier one entered
 * late): the earlier results stay as they were, so a past year's 表四 does not change (rules.md §4).
 */
export async function addReviewResult(
  ctx: AppContext,
  actor: Actor,
  reviewId: number,
  input: ReviewResultInput,
): Promise<FoiReview> {
  const before = await reviewForWrite(ctx, actor, reviewId);
  validateResult(input, before.filedOn, today(ctx));
  if (before.results.some((r) => r.result === input.result && r.resultOn === input.resultOn)) {
    throw badRequest('该结果已经登记', { resultOn: `${resultText(input)}已在结果记录中` });
  }
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await insertResult(trx, reviewId, input, actor, now);
      const after = await refreshLatest(trx, reviewId, now);
      await insertHistory(
        trx,
        before.applicationId,
        now,
        actorName(actor),
        `${REVIEW_KINDS[before.kind as ReviewKind] ?? '复议诉讼'}新增结果：${resultText(input)}`,
      );
      return after;
    },
    (r) => ({
      action: 'foi.review.result.add',
      objectType: 'foi_review',
      objectId: reviewId,
      before: { results: before.results },
      after: { results: r.results },
    }),
  );
}

/** Corrects a mistyped result row in place (audited with the row before and after); the other rows stay. */
export async function correctReviewResult(
  ctx: AppContext,
  actor: Actor,
  reviewId: number,
  resultId: number,
  input: ReviewResultInput,
): Promise<FoiReview> {
  const before = await reviewForWrite(ctx, actor, reviewId);
  const old = before.results.find((r) => r.id === resultId);
  if (!old) throw notFound('复议诉讼结果');
  validateResult(input, before.filedOn, today(ctx));
  const now = ctx.clock.now().toISOString();
  const note = (input.note ?? '').trim();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateReviewResult(trx, reviewId, resultId, {
        result: input.result,
        result_on: input.resultOn,
        note,
        corrected_at: now,
      });
      const after = await refreshLatest(trx, reviewId, now);
      await insertHistory(
        trx,
        before.applicationId,
        now,
        actorName(actor),
        `更正${REVIEW_KINDS[before.kind as ReviewKind] ?? '复议诉讼'}结果：${resultText(old)} → ${resultText(input)}`,
      );
      return after;
    },
    () => ({
      action: 'foi.review.result.correct',
      objectType: 'foi_review_result',
      objectId: resultId,
      before: old,
      after: { ...old, result: input.result, resultOn: input.resultOn, note, correctedAt: now },
    }),
  );
}

/** The reviews filed in a year with every result, for the annual report's 表四 (read by the report module). */
