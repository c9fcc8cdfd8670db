/** 政策咨询 use cases, handling: staff list and read inquiries, answer, route, mark invalid, publish as FAQ. */
import type { Kysely, Updateable } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, forbidden, invalidState, notFound } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import { requireRecentAuth } from '../../auth/service.ts';
import { getOrg, orgScope, requireOrgAccess } from '../../org/service.ts';
import { indexDocument, removeDocument } from '../../search/service.ts';
import { publicTextProblem } from '../../privacy/service.ts';
import { linkProblem, type PolicyLink } from '../model.ts';
import {
  insertEvent,
  updateInquiry,
  selectEvents,
  selectInquiries,
  selectInquiry,
  selectInquiryContact,
  type Inquiry,
  type InquiryEvent,
} from '../store.ts';
import type { InquiryTable } from '../tables.ts';
import { faqSearchDoc } from './faq.ts';
import { inquiryOrgs } from './submit.ts';

export async function listInquiries(
  ctx: AppContext,
  actor: Actor,
  f: { status?: string } = {},
): Promise<Inquiry[]> {
  requirePermission(actor, 'channels.read');
  const scope = await orgScope(ctx.db, actor);
  return selectInquiries(ctx.db, { ...f, orgIds: scope.all ? undefined : scope.orgIds });
}

/** One inquiry with its event log, as staff see it. */
export type InquiryDetail = Inquiry & { events: InquiryEvent[] };

export async function getInquiry(ctx: AppContext, actor: Actor, id: number): Promise<InquiryDetail> {
  requirePermission(actor, 'channels.read');
  const q = await selectInquiry(ctx.db, id);
  if (!q) throw notFound('咨询');
  await requireOrgAccess(ctx.db, actor, q.orgId);
  return { ...q, events: await selectEvents(ctx.db, id) };
}

/**
 * The asker's full contact (shown masked by default): only to those who answer the question (the
 * responsible org's staff, the openness office), after a recent password entry, every view audited.
 */
export async function revealInquiryContact(ctx: AppContext, actor: Actor, id: number): Promise<string> {
  if (!can(actor, 'inquiry.answer')) throw forbidden('只有答复咨询的工作人员可以查看咨询人的完整联系方式');
  await getInquiry(ctx, actor, id);
  requireRecentAuth(ctx, actor);
  const contact = (await selectInquiryContact(ctx.db, id)) ?? '';
  await auditedWrite(
    ctx,
    actor,
    async () => null,
    () => ({
      action: 'inquiry.personal_view',
      objectType: 'inquiry',
      objectId: id,
      after: { fields: ['contact'] },
    }),
  );
  return contact;
}

async function change(
  ctx: AppContext,
  actor: Actor,
  before: Inquiry,
  action: string,
  set: Updateable<InquiryTable>,
  event: string,
  detail: string,
  then?: (trx: Kysely<DB>, after: Inquiry) => Promise<void>,
): Promise<Inquiry> {
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateInquiry(trx, before.id, set);
      await insertEvent(trx, before.id, { at: now, actorName: actorName(actor), action: event, detail });
      const after = (await selectInquiry(trx, before.id))!;
      await then?.(trx, after);
      return after;
    },
    (after) => ({
      action,
      objectType: 'inquiry',
      objectId: before.id,
      before: { status: before.status, orgId: before.orgId },
      after: { status: after.status, orgId: after.orgId, answer: after.answer },
    }),
  );
}

/** The responsible org's staff (or the openness office) answer a pending question. */
export async function answerInquiry(
  ctx: AppContext,
  actor: Actor,
  id: number,
  answer: string,
): Promise<Inquiry> {
  requirePermission(actor, 'inquiry.answer');
  const q = await getInquiry(ctx, actor, id);
  if (q.status !== 'pending') throw invalidState('该咨询已办结，不能重复答复');
  const text = answer?.trim() ?? '';
  if (!text) throw badRequest('请填写答复内容', { answer: '请填写答复内容' });
  if (text.length > 10000) throw badRequest('答复内容不超过 10000 字', { answer: '答复内容过长' });
  const now = ctx.clock.now().toISOString();
  return change(
    ctx,
    actor,
    q,
    'inquiry.answer',
    { status: 'answered', answer: text, answered_at: now, answered_by: actorName(actor) },
    '答复',
    shanghaiDate(now) > q.dueDate ? `超过答复期限（${q.dueDate}）` : '',
  );
}

/** The openness office routes a question to another org; the answer deadline stays as it was. */
export async function routeInquiry(
  ctx: AppContext,
  actor: Actor,
  id: number,
  orgId: number,
  reason = '',
): Promise<Inquiry> {
  requirePermission(actor, 'inquiry.route');
  const q = await getInquiry(ctx, actor, id);
  if (q.status !== 'pending') throw invalidState('该咨询已办结，不能再转办');
  const orgs = await inquiryOrgs(ctx.db);
  const target = orgs.find((o) => o.id === orgId);
  if (!target) throw badRequest('所选单位不存在', { orgId: '所选单位不存在' });
  if (target.id === q.orgId) throw badRequest('该咨询已在此单位办理', { orgId: '请选择其他单位' });
  return change(
    ctx,
    actor,
    q,
    'inquiry.route',
    { org_id: orgId },
    '转办',
    `转至${target.name}${reason.trim() ? `：${reason.trim()}` : ''}`,
  );
}

/** Marks a message invalid (spam, abuse, not a question) — it then no longer counts as unanswered. */
export async function markInquiryInvalid(
  ctx: AppContext,
  actor: Actor,
  id: number,
  reason: string,
): Promise<Inquiry> {
  requirePermission(actor, 'inquiry.answer');
  const q = await getInquiry(ctx, actor, id);
  if (q.status !== 'pending') throw invalidState('该咨询已办结');
  if (!reason?.trim()) throw badRequest('请说明认定为无效留言的理由', { reason: '请填写理由' });
  return change(
    ctx,
    actor,
    q,
    'inquiry.invalid',
    { status: 'invalid', invalid_reason: reason.trim() },
    '认定无效',
    reason.trim(),
  );
}

export interface FaqInput {
  question: string;
  answer: string;
  links: PolicyLink[];
}

/**
 * Publishes an answered question as an FAQ, in the wording staff give (edited to remove anything
 * personal). Refused while the publishing gate (module privacy) finds personal information or a
 * serious wrong or sensitive expression.
 */
export async function publishFaq(ctx: AppContext, actor: Actor, id: number, f: FaqInput): Promise<Inquiry> {
  requirePermission(actor, 'inquiry.publish');
  const q = await getInquiry(ctx, actor, id);
  if (q.status !== 'answered') throw invalidState('只有已答复的咨询才能公开为常见问题');
  const fields: Record<string, string> = {};
  if (!f.question?.trim()) fields.question = '请填写公开的问题';
  if (!f.answer?.trim()) fields.answer = '请填写公开的答复';
  if (f.links.length > 10) fields.links = '关联政策文件不超过 10 个';
  f.links.forEach((l, i) => {
    const p = linkProblem(l);
    if (p) fields[`links.${i}`] = p;
  });
  if (Object.keys(fields).length) throw badRequest('常见问题内容有误，请检查后重新提交', fields);
  // The full publishing gate (module privacy): personal information and serious 错敏词 block.
  const pi = await publicTextProblem(
    ctx.db,
    [f.question, f.answer, ...f.links.map((l) => l.title)].join('\n'),
  );
  if (pi) throw badRequest(`不能公开：${pi}`, { question: pi });
  return change(
    ctx,
    actor,
    q,
    'inquiry.faq.publish',
    {
      faq_question: f.question.trim(),
      faq_answer: f.answer.trim(),
      faq_links: JSON.stringify(f.links.map((l) => ({ title: l.title.trim(), url: l.url.trim() }))),
      faq_published_at: ctx.clock.now().toISOString(),
    },
    '公开为常见问题',
    '',
    async (trx, after) => indexDocument(trx, faqSearchDoc(after, await getOrg(trx, after.orgId))),
  );
}

export async function unpublishFaq(ctx: AppContext, actor: Actor, id: number): Promise<Inquiry> {
  requirePermission(actor, 'inquiry.publish');
  const q = await getInquiry(ctx, actor, id);
  if (!q.faqPublishedAt) throw invalidState('该咨询未公开为常见问题');
  return change(
    ctx,
    actor,
    q,
    'inquiry.faq.unpublish',
    { faq_published_at: null },
    '撤回常见问题',
    '',
    (trx) => removeDocument(trx, 'faq', id),
  );
}
