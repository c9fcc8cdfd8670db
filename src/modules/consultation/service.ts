/**
 * 意见征集 use cases: an org drafts and publishes a consultation, the public comment during the
 * period, staff moderate comments (pending → approved/rejected), and after the period the org
 * publishes the feedback (意见采纳情况) and links the final document.
 */
import type { Updateable } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../context.ts';
import { badRequest, forbidden, invalidState, notFound } from '../../errors.ts';
import { isIsoDate, shanghaiDate } from '../../lib/time.ts';
import { auditedWrite } from '../audit/service.ts';
import { can, requirePermission } from '../auth/permissions.ts';
import { requireRecentAuth } from '../auth/service.ts';
import { linkProblem } from '../inquiry/model.ts';
import { publicTextProblem } from '../privacy/service.ts';
import { getOrg, listPublicOrgs, orgScope, requireOrgAccess } from '../org/service.ts';
import {
  ADOPTION,
  DEFAULT_PERIOD_DAYS,
  periodEnd,
  phaseOf,
  type Adoption,
  type Consultation,
  type Phase,
} from './model.ts';
import {
  countPendingComments,
  insertComment,
  insertConsultation,
  sealCommentContacts,
  sealContact,
  selectComment,
  selectCommentContact,
  selectComments,
  selectConsultation,
  selectConsultations,
  updateComment,
  updateConsultationRow,
  type Comment,
} from './store.ts';
import type { ConsultationTable } from './tables.ts';
import { transact } from '../../db/index.ts';

export type { Comment } from './store.ts';

export interface ConsultationInput {
  orgId: number;
  title: string;
  draftText: string;
  explanation: string;
  startDate: string;
  /** Defaults to a 30-day period from the start date. */
  endDate?: string | null;
  isSample?: boolean;
}

const today = (ctx: AppContext) => shanghaiDate(ctx.clock.now());

function inputProblems(i: ConsultationInput): Record<string, string> {
  const f: Record<string, string> = {};
  if (!i.orgId) f.orgId = '请选择征集单位';
  if (!i.title?.trim()) f.title = '请填写草案标题';
  else if (i.title.length > 200) f.title = '标题不超过 200 字';
  if (!i.draftText?.trim()) f.draftText = '请填写草案全文';
  if (!i.explanation?.trim()) f.explanation = '请填写起草说明';
  if (!isIsoDate(i.startDate ?? '')) f.startDate = '开始日期格式应为 YYYY-MM-DD';
  if (i.endDate && !isIsoDate(i.endDate)) f.endDate = '截止日期格式应为 YYYY-MM-DD';
  else if (i.endDate && isIsoDate(i.startDate ?? '') && i.endDate < i.startDate)
    f.endDate = '截止日期不能早于开始日期';
  return f;
}

function values(i: ConsultationInput) {
  return {
    org_id: i.orgId,
    title: i.title.trim(),
    draft_text: i.draftText.trim(),
    explanation: i.explanation.trim(),
    start_date: i.startDate,
    end_date: i.endDate || periodEnd(i.startDate, DEFAULT_PERIOD_DAYS),
  };
}

export async function listConsultations(
  ctx: AppContext,
  actor: Actor,
): Promise<(Consultation & { phase: Phase })[]> {
  requirePermission(actor, 'channels.read');
  const scope = await orgScope(ctx.db, actor);
  const d = today(ctx);
  return (await selectConsultations(ctx.db, { orgIds: scope.all ? undefined : scope.orgIds })).map((c) => ({
    ...c,
    phase: phaseOf(c, d),
  }));
}

export async function getConsultation(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<Consultation & { phase: Phase; comments: Comment[] }> {
  requirePermission(actor, 'channels.read');
  const c = await selectConsultation(ctx.db, id);
  if (!c) throw notFound('意见征集');
  await requireOrgAccess(ctx.db, actor, c.orgId);
  return { ...c, phase: phaseOf(c, today(ctx)), comments: await selectComments(ctx.db, id) };
}

export async function createConsultation(
  ctx: AppContext,
  actor: Actor,
  input: ConsultationInput,
): Promise<Consultation> {
  requirePermission(actor, 'consultation.manage');
  const p = inputProblems(input);
  if (Object.keys(p).length) throw badRequest('意见征集信息有误，请检查后重新提交', p);
  await getOrg(ctx.db, input.orgId).catch(() => {
    throw badRequest('征集单位不存在', { orgId: '征集单位不存在' });
  });
  await requireOrgAccess(ctx.db, actor, input.orgId);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertConsultation(trx, {
        ...values(input),
        is_sample: input.isSample ? 1 : 0,
        created_at: now,
        updated_at: now,
      });
      return (await selectConsultation(trx, id))!;
    },
    (c) => ({ action: 'consultation.create', objectType: 'consultation', objectId: c.id, after: c }),
  );
}

/** Edits a consultation before it is published; afterwards the draft and the period are fixed. */
export async function updateConsultation(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: ConsultationInput,
): Promise<Consultation> {
  requirePermission(actor, 'consultation.manage');
  const before = await getConsultation(ctx, actor, id);
  if (before.publishedAt) throw invalidState('已发布的意见征集不能修改草案和征集期限');
  const p = inputProblems(input);
  if (Object.keys(p).length) throw badRequest('意见征集信息有误，请检查后重新提交', p);
  await requireOrgAccess(ctx.db, actor, input.orgId);
  return write(ctx, actor, before, 'consultation.update', { ...values(input) });
}

async function write(
  ctx: AppContext,
  actor: Actor,
  before: Consultation,
  action: string,
  set: Updateable<ConsultationTable>,
): Promise<Consultation> {
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateConsultationRow(trx, before.id, { ...set, updated_at: ctx.clock.now().toISOString() });
      return (await selectConsultation(trx, before.id))!;
    },
    (after) => ({ action, objectType: 'consultation', objectId: before.id, before, after }),
  );
}

/** Publishes the draft for comment (the draft is checked for personal information first). */
export async function publishConsultation(ctx: AppContext, actor: Actor, id: number): Promise<Consultation> {
  requirePermission(actor, 'consultation.manage');
  const c = await getConsultation(ctx, actor, id);
  if (c.publishedAt) throw invalidState('该意见征集已发布');
  if (c.endDate < today(ctx)) throw invalidState('征集截止日期已过，请先修改征集期限');
  const pi = await publicTextProblem(ctx.db, `${c.title}\n${c.draftText}\n${c.explanation}`);
  if (pi) throw badRequest(`不能发布：${pi}`);
  return write(ctx, actor, c, 'consultation.publish', { published_at: ctx.clock.now().toISOString() });
}

export interface PublicConsultation extends Consultation {
  phase: Phase;
  orgName: string;
  commentCount: number;
}

/** Published consultations for the portal, with their phase today. */
export async function listPublicConsultations(ctx: AppContext): Promise<PublicConsultation[]> {
  const orgs = new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));
  const d = today(ctx);
  const out: PublicConsultation[] = [];
  for (const c of await selectConsultations(ctx.db, { publishedOnly: true })) {
    const phase = phaseOf(c, d);
    if (phase === 'upcoming') continue;
    out.push({
      ...c,
      phase,
      orgName: orgs.get(c.orgId) ?? '',
      commentCount: (await selectComments(ctx.db, c.id, 'approved')).length,
    });
  }
  return out;
}

/** A comment as the public sees it: no name, no contact. */
export interface PublicComment {
  id: number;
  body: string;
  submittedDate: string;
  adoption: Adoption | null;
  adoptionReason: string | null;
}

export async function getPublicConsultation(
  ctx: AppContext,
  id: number,
): Promise<PublicConsultation & { comments: PublicComment[]; totalReceived: number }> {
  const c = await selectConsultation(ctx.db, id);
  const phase = c && phaseOf(c, today(ctx));
  if (!c || !phase || phase === 'draft' || phase === 'upcoming') throw notFound('意见征集');
  const all = await selectComments(ctx.db, id);
  const approved = all.filter((x) => x.status === 'approved');
  const feedback = c.feedbackPublishedAt != null;
  return {
    ...c,
    // Unpublished feedback text is not public yet.
    feedbackSummary: feedback ? c.feedbackSummary : null,
    phase,
    orgName: (await getOrg(ctx.db, c.orgId)).name,
    commentCount: approved.length,
    totalReceived: all.length,
    comments: approved.map((x) => ({
      id: x.id,
      body: x.body,
      submittedDate: shanghaiDate(x.submittedAt),
      adoption: feedback ? x.adoption : null,
      adoptionReason: feedback ? x.adoptionReason : null,
    })),
  };
}

export interface CommentInput {
  authorName: string;
  contact: string;
  body: string;
}

/** The public comment while the period is open; comments wait for moderation. */
export async function submitComment(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: CommentInput,
): Promise<Comment> {
  const c = await selectConsultation(ctx.db, id);
  if (!c || !c.publishedAt) throw notFound('意见征集');
  if (phaseOf(c, today(ctx)) !== 'open') throw invalidState('该意见征集不在征集期内，不能提交意见');
  const f: Record<string, string> = {};
  if (!input.authorName?.trim()) f.authorName = '请填写姓名或单位名称';
  else if (input.authorName.length > 100) f.authorName = '姓名或单位名称不超过 100 字';
  if (input.contact && input.contact.length > 100) f.contact = '联系方式不超过 100 字';
  if (!input.body?.trim()) f.body = '请填写意见内容';
  else if (input.body.length > 5000) f.body = '意见内容不超过 5000 字';
  else {
    const pi = await publicTextProblem(ctx.db, input.body);
    if (pi) f.body = `${pi}（联系方式请填在“联系方式”栏，不会公开）`;
  }
  if (Object.keys(f).length) throw badRequest('意见信息有误，请检查后重新提交', f);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const cid = await insertComment(trx, {
        consultation_id: id,
        author_name: input.authorName.trim(),
        ...sealContact(input.contact?.trim() ?? ''),
        body: input.body.trim(),
        status: 'pending',
        submitted_at: ctx.clock.now().toISOString(),
      });
      return (await selectComment(trx, cid))!;
    },
    (x) => ({
      action: 'consultation.comment',
      objectType: 'consultation',
      objectId: id,
      after: { commentId: x.id },
    }),
  );
}

/**
 * A commenter's full contact (shown masked by default): only to those who run the consultation or
 * moderate its comments, in its org, after a recent password entry, every view audited.
 */
export async function revealCommentContact(
  ctx: AppContext,
  actor: Actor,
  consultationId: number,
  commentId: number,
): Promise<string> {
  const comment = await selectComment(ctx.db, commentId);
  if (!comment || comment.consultationId !== consultationId) throw notFound('意见');
  await getConsultation(ctx, actor, comment.consultationId);
  if (!can(actor, 'consultation.manage') && !can(actor, 'consultation.moderate'))
    throw forbidden('只有意见征集的承办人员可以查看意见人的完整联系方式');
  requireRecentAuth(ctx, actor);
  const contact = (await selectCommentContact(ctx.db, commentId)) ?? '';
  await auditedWrite(
    ctx,
    actor,
    async () => null,
    () => ({
      action: 'consultation.personal_view',
      objectType: 'consultation',
      objectId: comment.consultationId,
      after: { commentId, fields: ['contact'] },
    }),
  );
  return contact;
}

/** Staff of the org (or the openness office) approve a comment for display or reject it with a reason. */
export async function moderateComment(
  ctx: AppContext,
  actor: Actor,
  commentId: number,
  d: { approve: boolean; reason?: string },
): Promise<Comment> {
  requirePermission(actor, 'consultation.moderate');
  const before = await selectComment(ctx.db, commentId);
  if (!before) throw notFound('意见');
  await getConsultation(ctx, actor, before.consultationId);
  if (before.status !== 'pending') throw invalidState('该意见已审核');
  if (!d.approve && !d.reason?.trim()) throw badRequest('不予公开时请填写理由', { reason: '请填写理由' });
  if (d.approve) {
    const pi = await publicTextProblem(ctx.db, before.body);
    if (pi) throw badRequest(`不能公开：${pi}`);
  }
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateComment(trx, commentId, {
        status: d.approve ? 'approved' : 'rejected',
        moderated_by: actorName(actor),
        moderated_at: ctx.clock.now().toISOString(),
        reject_reason: d.approve ? null : d.reason!.trim(),
      });
      return (await selectComment(trx, commentId))!;
    },
    (after) => ({
      action: d.approve ? 'consultation.comment.approve' : 'consultation.comment.reject',
      objectType: 'consultation',
      objectId: before.consultationId,
      before: { commentId, status: before.status },
      after: { commentId, status: after.status, reason: after.rejectReason },
    }),
  );
}

export interface FeedbackInput {
  summary: string;
  /** Per comment (optional): adopted or not and why. */
  adoptions: { commentId: number; adoption: Adoption; reason: string }[];
}

/**
 * After the period, the org publishes its feedback (意见采纳情况): a summary and, where it wants,
 * adopted or not and why per comment. Every comment must have been moderated first.
 */
export async function publishFeedback(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: FeedbackInput,
): Promise<Consultation> {
  requirePermission(actor, 'consultation.manage');
  const c = await getConsultation(ctx, actor, id);
  if (c.phase !== 'closed') throw invalidState('征集期结束后才能发布意见采纳情况');
  if (c.comments.some((x) => x.status === 'pending'))
    throw invalidState('还有未审核的意见，请先审核全部意见');
  const f: Record<string, string> = {};
  if (!input.summary?.trim()) f.summary = '请填写意见采纳情况说明（收到意见数量、采纳情况及理由）';
  const approved = new Set(c.comments.filter((x) => x.status === 'approved').map((x) => x.id));
  for (const a of input.adoptions) {
    if (!approved.has(a.commentId)) f[`adoption.${a.commentId}`] = '只能对已公开的意见说明采纳情况';
    else if (!(a.adoption in ADOPTION)) f[`adoption.${a.commentId}`] = '采纳情况无效';
    else if (a.adoption !== 'adopted' && !a.reason?.trim())
      f[`reason.${a.commentId}`] = '未采纳或部分采纳时请说明理由';
  }
  if (Object.keys(f).length) throw badRequest('意见采纳情况有误，请检查后重新提交', f);
  const pi = await publicTextProblem(
    ctx.db,
    [input.summary, ...input.adoptions.map((a) => a.reason)].join('\n'),
  );
  if (pi) throw badRequest(`不能发布：${pi}`, { summary: pi });
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      for (const a of input.adoptions) {
        await updateComment(trx, a.commentId, {
          adoption: a.adoption,
          adoption_reason: a.reason?.trim() || null,
        });
      }
      await updateConsultationRow(trx, id, {
        feedback_summary: input.summary.trim(),
        feedback_published_at: now,
        updated_at: now,
      });
      return (await selectConsultation(trx, id))!;
    },
    (after) => ({
      action: 'consultation.feedback',
      objectType: 'consultation',
      objectId: id,
      after: { summary: after.feedbackSummary, adoptions: input.adoptions },
    }),
  );
}

/** Links the final document (title + URL) once it is issued. */
export async function linkFinalDocument(
  ctx: AppContext,
  actor: Actor,
  id: number,
  doc: { title: string; url: string },
): Promise<Consultation> {
  requirePermission(actor, 'consultation.manage');
  const c = await getConsultation(ctx, actor, id);
  if (c.phase !== 'closed') throw invalidState('征集期结束后才能关联正式文件');
  const p = linkProblem(doc);
  if (p) throw badRequest(p, { [doc.title.trim() ? 'url' : 'title']: p });
  return write(ctx, actor, c, 'consultation.final_document', {
    final_doc_title: doc.title.trim(),
    final_doc_url: doc.url.trim(),
  });
}

export async function pendingCommentCount(ctx: AppContext, actor: Actor): Promise<number> {
  const scope = await orgScope(ctx.db, actor);
  return countPendingComments(ctx.db, scope.all ? undefined : scope.orgIds);
}

/** Seals commenters' contacts at rest under the current data key (GongkaiModule.sealPersonalData). */
export const sealConsultationContacts = (ctx: AppContext): Promise<number> =>
  transact(ctx.db, (trx) => sealCommentContacts(trx, ctx.config.dataKeys.current.id));
