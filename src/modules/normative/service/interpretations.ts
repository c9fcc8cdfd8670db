/** Interpretations (政策解读) of documents: the publishing seam and the back office's entry by hand. */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, notFound } from '../../../errors.ts';
import { isIsoDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { INTERPRETATION_FORMS, KEY_POINT_KEYS, type InterpretationForm, type KeyPoint } from '../model.ts';
import { insertInterpretation, selectDocumentRow, updateDocumentRow } from '../store.ts';
import { requireEditable } from './views.ts';

export interface InterpretationInput {
  documentId: number;
  title: string;
  url?: string | null;
  form: InterpretationForm;
  publishedOn: string;
  itemId?: number | null;
  keyPoints?: KeyPoint[];
  briefing?: {
    date?: string | null;
    topic?: string | null;
    speakers?: string | null;
    link?: string | null;
  } | null;
  isSample?: boolean;
}

/**
 * Seam for the publishing module: records a published interpretation of a document, inside the
 * caller's transaction (the caller checks permissions and writes the audit record). Throws a Chinese
 * bad_request on invalid input. Returns the interpretation's id.
 */
export async function recordInterpretation(
  trx: Kysely<DB>,
  input: InterpretationInput,
  at?: Date,
): Promise<number> {
  const fields: Record<string, string> = {};
  const title = (input.title ?? '').trim();
  if (!title) fields.title = '请填写解读标题';
  else if (title.length > 200) fields.title = '解读标题不能超过 200 个字';
  if (!(input.form in INTERPRETATION_FORMS)) fields.form = '请选择解读形式';
  if (!isIsoDate(input.publishedOn ?? '')) fields.publishedOn = '请填写解读发布日期，格式如 2022-03-01';
  const url = input.url?.trim() || null;
  const linkOk = (u: string) => /^(https?:\/\/|\/)[^\s]{1,500}$/.test(u);
  if (url && !linkOk(url)) fields.url = '链接应以 http://、https:// 或 / 开头';
  const keyPoints = [...new Set(input.keyPoints ?? [])];
  if (keyPoints.some((k) => !KEY_POINT_KEYS.includes(k))) fields.keyPoints = '解读要点无法识别';
  const b = input.form === 'briefing' ? (input.briefing ?? {}) : null;
  if (b) {
    if (!b.date || !isIsoDate(b.date)) fields.briefingDate = '请填写吹风会日期';
    if (!b.topic?.trim()) fields.briefingTopic = '请填写吹风会主题';
    if (!b.speakers?.trim()) fields.briefingSpeakers = '请填写发布人（解读人）';
    if (b.link && !linkOk(b.link.trim()))
      fields.briefingLink = '视频或文字实录链接应以 http://、https:// 或 / 开头';
  }
  if (!url && !(b && b.link)) fields.url = '请填写解读的链接（吹风会可填写视频或文字实录链接）';
  const doc = await selectDocumentRow(trx, input.documentId);
  if (!doc) throw notFound('规范性文件');
  if (Object.keys(fields).length) throw badRequest('解读信息有误，请检查后重新提交', fields);
  // The seam's callers may pass their clock's instant; otherwise the start of the publication day.
  const stamp = (at ?? new Date(`${input.publishedOn}T00:00:00+08:00`)).toISOString();
  const id = await insertInterpretation(trx, {
    document_id: input.documentId,
    title,
    url,
    form: input.form,
    published_on: input.publishedOn,
    item_id: input.itemId ?? null,
    key_points: JSON.stringify(KEY_POINT_KEYS.filter((k) => keyPoints.includes(k))),
    briefing_date: b?.date ?? null,
    briefing_topic: b?.topic?.trim() || null,
    briefing_speakers: b?.speakers?.trim() || null,
    briefing_link: b?.link?.trim() || null,
    is_sample: input.isSample ? 1 : 0,
    created_at: stamp,
  });
  await updateDocumentRow(trx, input.documentId, { updated_at: stamp });
  return id;
}

/** Back-office use case: records an interpretation by hand (staff of the issuing org or the openness office). */
export async function addInterpretation(
  ctx: AppContext,
  actor: Actor,
  input: InterpretationInput,
): Promise<number> {
  await requireEditable(ctx, actor, input.documentId);
  return auditedWrite(
    ctx,
    actor,
    (trx) => recordInterpretation(trx, input, ctx.clock.now()),
    (id) => ({
      action: 'normative.interpretation',
      objectType: 'normative_document',
      objectId: input.documentId,
      after: { interpretationId: id, ...input },
    }),
  );
}
