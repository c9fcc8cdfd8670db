/** Status changes with history (修改, 废止), renewal after evaluation, and supersession (rules.md §6). */
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import { badRequest, invalidState } from '../../../errors.ts';
import { addDays, isIsoDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { parseDocNumber } from '../docnumber.ts';
import { defaultValidityYears, isInForce, STATUSES, statusOn, validityEnd } from '../model.ts';
import { appendEvent, insertRelation, selectDocumentRowByNumber, selectEvents } from '../store.ts';
import { getDocumentView } from './reading.ts';
import { syncSearch } from './search.ts';
import { requireEditable, requireNormative, today, type NormativeDocumentView } from './views.ts';

export interface StatusChangeInput {
  kind: 'amended' | 'repealed';
  effectiveOn: string;
  /** 文号 of the later document that amends or repeals it (any bracket style). */
  byDocNumber: string;
  /** Which articles were amended. */
  articles?: string | null;
  note?: string | null;
}

/**
 * Records an amendment (the document stays in force, status 已修改) or a repeal (已废止), by a named
 * later document from a date (rules.md §6) — a new history row, and a relation when the later
 * document is in the library.
 */
export async function changeStatus(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: StatusChangeInput,
): Promise<NormativeDocumentView> {
  const { row } = await requireEditable(ctx, actor, id);
  requireNormative(row);
  const fields: Record<string, string> = {};
  if (input.kind !== 'amended' && input.kind !== 'repealed') fields.kind = '请选择修改或废止';
  if (!isIsoDate(input.effectiveOn ?? '')) fields.effectiveOn = '请填写生效日期，格式如 2022-03-01';
  else if (input.effectiveOn < row.effective_on)
    fields.effectiveOn = '修改或废止的生效日期不能早于本文件的施行日期';
  const by = parseDocNumber(input.byDocNumber ?? '');
  if (!by.ok) fields.byDocNumber = `请填写修改或废止本文件的文件文号：${by.reason}`;
  else if (by.value.normalized === row.doc_number) fields.byDocNumber = '不能由本文件自身修改或废止';
  const articles = input.articles?.trim() || null;
  if (articles && articles.length > 500) fields.articles = '条款说明不能超过 500 字';
  if (Object.keys(fields).length) throw badRequest('状态变更信息有误，请检查后重新提交', fields);
  const events = await selectEvents(ctx.db, id);
  const on = statusOn(events, input.effectiveOn);
  if (!isInForce(on.status))
    throw invalidState(`该文件在 ${input.effectiveOn} 的状态为“${STATUSES[on.status]}”，不能再修改或废止`);
  const byNumber = (by as { ok: true; value: { normalized: string } }).value.normalized;
  const byDoc = await selectDocumentRowByNumber(ctx.db, byNumber);
  const now = ctx.clock.now().toISOString();
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const eventId = await appendEvent(trx, id, {
        kind: input.kind,
        effectiveOn: input.effectiveOn,
        byDocumentId: byDoc?.id ?? null,
        byDocNumber: byNumber,
        articles: input.kind === 'amended' ? articles : null,
        note: input.note?.trim() || null,
        recordedAt: now,
        actorName: actorName(actor),
      });
      if (byDoc)
        await insertRelation(trx, {
          from: byDoc.id,
          to: id,
          kind: input.kind === 'amended' ? 'amends' : 'repeals',
          effectiveOn: input.effectiveOn,
          articles,
          at: now,
        });
      await syncSearch(trx, id, today(ctx));
      return eventId;
    },
    (eventId) => ({
      action: `normative.${input.kind === 'amended' ? 'amend' : 'repeal'}`,
      objectType: 'normative_document',
      objectId: id,
      after: { eventId, ...input, byDocNumber: byNumber },
    }),
  );
  return getDocumentView(ctx, actor, id);
}

export interface RenewInput {
  /** New period in years (default by title: 5, or 2 for 试行/暂行). */
  years?: number | null;
  /** First day of the new period; default the day after the current period's last day. */
  effectiveOn?: string | null;
  note?: string | null;
}

/**
 * Renewal after evaluation (rules.md §6): re-registers the document with a new validity period,
 * starting the day after the current one ends (or a given date), as a new history row.
 */
export async function renewDocument(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: RenewInput,
): Promise<NormativeDocumentView> {
  const { row } = await requireEditable(ctx, actor, id);
  requireNormative(row);
  const events = await selectEvents(ctx.db, id);
  const last = [...events].reverse().find((e) => e.kind === 'registered' || e.kind === 'renewed');
  if (!row.ends_on || !last) throw invalidState('该文件不设有效期，无需延续');
  if (events.some((e) => e.kind === 'repealed')) throw invalidState('该文件已废止，不能延续有效期');
  const fields: Record<string, string> = {};
  const years = input.years ?? defaultValidityYears(row.title);
  if (!Number.isInteger(years) || years < 1 || years > 10)
    fields.years = '有效期应为 1 至 10 之间的整数（年）';
  const start = input.effectiveOn || addDays(row.ends_on, 1);
  if (!isIsoDate(start)) fields.effectiveOn = '新有效期起始日期应为有效日期，格式如 2022-03-01';
  else if (start <= last.effectiveOn)
    fields.effectiveOn = `新有效期的起始日期应晚于当前有效期的起始日期（${last.effectiveOn}）`;
  if (Object.keys(fields).length) throw badRequest('延续有效期的信息有误', fields);
  const endsOn = validityEnd(start, years);
  const now = ctx.clock.now().toISOString();
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const eventId = await appendEvent(trx, id, {
        kind: 'renewed',
        effectiveOn: start,
        endsOn,
        note: input.note?.trim() || `评估后延续有效期 ${years} 年`,
        recordedAt: now,
        actorName: actorName(actor),
      });
      await syncSearch(trx, id, today(ctx));
      return eventId;
    },
    (eventId) => ({
      action: 'normative.renew',
      objectType: 'normative_document',
      objectId: id,
      before: { endsOn: row.ends_on },
      after: { eventId, effectiveOn: start, endsOn, years },
    }),
  );
  return getDocumentView(ctx, actor, id);
}

/** Records that this document supersedes (replaces) another, e.g. a new 办法 replacing an expired one. */
export async function addSupersedes(
  ctx: AppContext,
  actor: Actor,
  id: number,
  otherDocNumber: string,
): Promise<void> {
  await requireEditable(ctx, actor, id);
  const n = parseDocNumber(otherDocNumber ?? '');
  if (!n.ok) throw badRequest(`被替代文件的文号有误：${n.reason}`, { otherDocNumber: n.reason });
  const other = await selectDocumentRowByNumber(ctx.db, n.value.normalized);
  if (!other)
    throw badRequest(`文件库中没有文号为“${n.value.normalized}”的文件`, {
      otherDocNumber: '文件库中没有该文号',
    });
  if (other.id === id) throw badRequest('文件不能替代自身', { otherDocNumber: '文件不能替代自身' });
  const now = ctx.clock.now().toISOString();
  await auditedWrite(
    ctx,
    actor,
    (trx) =>
      insertRelation(trx, {
        from: id,
        to: other.id,
        kind: 'supersedes',
        effectiveOn: null,
        articles: null,
        at: now,
      }),
    () => ({
      action: 'normative.supersede',
      objectType: 'normative_document',
      objectId: id,
      after: { supersedes: other.id, docNumber: other.doc_number },
    }),
  );
}
