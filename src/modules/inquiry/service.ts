/**
 * 政策咨询 use cases: a citizen or enterprise asks (portal) or staff log a question from a zone window
 * or the phone; it is routed to an org, answered within a working-day limit, tracked by number and
 * secret code, and — after an explicit step by staff, with personal information checked — published
 * as an FAQ linked to the policy documents it concerns.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely, Updateable } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { AppError, badRequest, forbidden, invalidState, notFound } from '../../errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { auditedWrite } from '../audit/service.ts';
import { can, requirePermission } from '../auth/permissions.ts';
import { requireRecentAuth, usersWithRole } from '../auth/service.ts';
import type { JobDefinition } from '../jobs/service.ts';
import { notifyUsers } from '../notifications/service.ts';
import { getOrg, listPublicOrgs, orgScope, requireOrgAccess } from '../org/service.ts';
import type { Org } from '../org/model.ts';
import { indexDocument, removeDocument } from '../search/service.ts';
import type { SearchDocumentInput } from '../search/model.ts';
import { findZone } from '../zones/service.ts';
import { loadCalendar } from '../calendar/service.ts';
import { publicTextProblem } from '../privacy/service.ts';
import {
  AGE_LEVELS,
  ANSWER_WORKDAYS_SETTING,
  ASKER_KINDS,
  DEFAULT_ANSWER_WORKDAYS,
  INQUIRY_CHANNELS,
  ageLevel,
  inquiryNumber,
  linkProblem,
  type AgeLevel,
  type AskerKind,
  type InquiryChannel,
  type PolicyLink,
} from './model.ts';
import {
  countInquiriesWithPrefix,
  insertEvent,
  insertInquiry as insertInquiryRow,
  lockInquiryNumbering,
  sealInquiryContacts,
  selectSetting,
  updateInquiry,
  upsertSetting,
  sealContact,
  selectEvents,
  selectInquiries,
  selectInquiry,
  selectInquiryByNumber,
  selectInquiryContact,
  type Inquiry,
  type InquiryEvent,
} from './store.ts';
import type { InquiryTable } from './tables.ts';

export type { Inquiry, InquiryEvent } from './store.ts';

/** The answer limit in working days (setting `inquiry.answerWorkdays`, default 5). */
export async function getAnswerWorkdays(db: Kysely<DB>): Promise<number> {
  const v = await selectSetting(db, ANSWER_WORKDAYS_SETTING);
  const n = v !== undefined ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 60 ? n : DEFAULT_ANSWER_WORKDAYS;
}

export async function setAnswerWorkdays(ctx: AppContext, actor: Actor, n: number): Promise<void> {
  requirePermission(actor, 'inquiry.route');
  if (!Number.isInteger(n) || n < 1 || n > 60)
    throw badRequest('答复时限应为 1–60 个工作日', { answerWorkdays: '请填写 1–60 之间的整数' });
  const before = await getAnswerWorkdays(ctx.db);
  await auditedWrite(
    ctx,
    actor,
    (trx) => upsertSetting(trx, ANSWER_WORKDAYS_SETTING, String(n)),
    () => ({
      action: 'inquiry.settings',
      objectType: 'setting',
      objectId: ANSWER_WORKDAYS_SETTING,
      before,
      after: n,
    }),
  );
}

export interface InquiryInput {
  askerKind: AskerKind;
  askerName: string;
  contact: string;
  title: string;
  question: string;
  orgId: number | null;
  /** Staff only: window or phone (public submissions are always web). */
  channel?: InquiryChannel;
  zoneId?: number | null;
  isSample?: boolean;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 10 characters from 31 symbols ≈ 49 bits: unguessable, yet easy to read out on the phone. */
function newCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** Orgs a question may be addressed to: everything below the top of the tree. */
export async function inquiryOrgs(db: Kysely<DB>) {
  return (await listPublicOrgs(db)).filter((o) => o.parentId != null);
}

/**
 * Registers a question. The public submit through the portal (channel web); staff log questions
 * taken at a zone window or by phone. Returns the inquiry and its tracking code (shown once).
 */
export async function submitInquiry(
  ctx: AppContext,
  actor: Actor,
  input: InquiryInput,
): Promise<{ inquiry: Inquiry; code: string }> {
  const staff = actor.kind !== 'public';
  if (staff) requirePermission(actor, 'zones.log');
  const channel: InquiryChannel = staff ? (input.channel ?? 'window') : 'web';
  const fields: Record<string, string> = {};
  if (!(input.askerKind in ASKER_KINDS)) fields.askerKind = '请选择咨询人类型';
  if (!input.askerName?.trim())
    fields.askerName = input.askerKind === 'enterprise' ? '请填写单位名称' : '请填写姓名';
  else if (input.askerName.length > 100) fields.askerName = '姓名或单位名称不超过 100 字';
  if (!input.contact?.trim()) fields.contact = '请填写联系电话或电子邮箱，以便答复';
  else if (input.contact.length > 100) fields.contact = '联系方式不超过 100 字';
  if (!input.title?.trim()) fields.title = '请填写咨询标题';
  else if (input.title.length > 100) fields.title = '标题不超过 100 字';
  if (!input.question?.trim()) fields.question = '请填写咨询内容';
  else if (input.question.length > 5000) fields.question = '咨询内容不超过 5000 字';
  if (!input.orgId) fields.orgId = '请选择咨询的单位（不确定时选择区人民政府，由区政务公开办分办）';
  if (!(channel in INQUIRY_CHANNELS)) fields.channel = '请选择咨询渠道';
  if (Object.keys(fields).length) throw badRequest('咨询信息有误，请检查后重新提交', fields);
  const orgs = await inquiryOrgs(ctx.db);
  if (!orgs.some((o) => o.id === input.orgId))
    throw badRequest('所选单位不存在', { orgId: '所选单位不存在' });
  if (staff && input.zoneId != null) {
    const zone = await findZone(ctx.db, input.zoneId);
    if (!zone) throw badRequest('所选专区不存在', { zoneId: '所选专区不存在' });
  }
  const now = ctx.clock.now();
  const received = shanghaiDate(now);
  // Working days as the calendar module has them (State Council notices and admin-entered ones).
  const due = (await loadCalendar(ctx.db)).addWorkingDays(received, await getAnswerWorkdays(ctx.db));
  const code = newCode();
  const zoneId = staff ? (input.zoneId ?? null) : null;
  // The number is the next in the year, taken under a lock; should two submissions still collide
  // (e.g. a numbering done outside this function), the unique index refuses one and it retries.
  for (let attempt = 0; ; attempt++) {
    try {
      return { inquiry: await insertInquiry(), code };
    } catch (e) {
      const c = (e as { code?: string }).code;
      if (attempt < 4 && (c === '23505' || c === 'SQLITE_CONSTRAINT_UNIQUE')) continue;
      throw e;
    }
  }

  function insertInquiry() {
    return auditedWrite(
      ctx,
      actor,
      async (trx) => {
        await lockInquiryNumbering(trx);
        const prefix = `ZX${received.slice(0, 4)}-`;
        const number = inquiryNumber(received.slice(0, 4), (await countInquiriesWithPrefix(trx, prefix)) + 1);
        const id = await insertInquiryRow(trx, {
          number,
          code_hash: sha256(code),
          asker_kind: input.askerKind,
          asker_name: input.askerName.trim(),
          ...sealContact(input.contact.trim()),
          title: input.title.trim(),
          question: input.question.trim(),
          channel,
          zone_id: zoneId,
          org_id: input.orgId!,
          status: 'pending',
          submitted_at: now.toISOString(),
          received_date: received,
          due_date: due,
          faq_links: '[]',
          is_sample: input.isSample ? 1 : 0,
        });
        await insertEvent(trx, id, {
          at: now.toISOString(),
          actorName: actorName(actor),
          action: '收到咨询',
          detail: `${INQUIRY_CHANNELS[channel]}，答复期限 ${due}`,
        });
        return (await selectInquiry(trx, id))!;
      },
      // The audit keeps no contact details of the asker.
      (q) => ({
        action: 'inquiry.submit',
        objectType: 'inquiry',
        objectId: q.id,
        after: { number: q.number, orgId: q.orgId, channel, dueDate: q.dueDate },
      }),
    );
  }
}

/** What the asker sees on the tracking page. */
export interface TrackedInquiry {
  number: string;
  title: string;
  question: string;
  orgName: string;
  status: string;
  receivedDate: string;
  dueDate: string;
  answer: string | null;
  answeredAt: string | null;
}

/** Looks an inquiry up by number and secret code; a wrong number and a wrong code look the same. */
export async function trackInquiry(db: Kysely<DB>, number: string, code: string): Promise<TrackedInquiry> {
  const q = await selectInquiryByNumber(db, number.trim().toUpperCase());
  const given = Buffer.from(sha256(code.trim().toUpperCase()), 'hex');
  const expected = Buffer.from(q?.codeHash ?? sha256('no such inquiry'), 'hex');
  if (!q || !timingSafeEqual(given, expected))
    throw new AppError('not_found', '查询编号或查询码不正确，请核对后重试');
  const org = await getOrg(db, q.orgId);
  return {
    number: q.number,
    title: q.title,
    question: q.question,
    orgName: org.name,
    status: q.status,
    receivedDate: q.receivedDate,
    dueDate: q.dueDate,
    answer: q.status === 'answered' ? q.answer : null,
    answeredAt: q.answeredAt,
  };
}

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

export interface Faq {
  id: number;
  question: string;
  answer: string;
  links: PolicyLink[];
  orgId: number;
  orgName: string;
  publishedAt: string;
  /** When the question was answered: no FAQ can be published before it. */
  answeredAt: string;
  isSample: boolean;
}

/** Published FAQs only (never the original question, the asker or the contact). */
export async function listFaqs(db: Kysely<DB>, f: { q?: string } = {}): Promise<Faq[]> {
  const orgs = new Map((await listPublicOrgs(db)).map((o) => [o.id, o.name]));
  return (await selectInquiries(db, { faqOnly: true, q: f.q?.trim() || undefined, limit: 200 })).map((q) =>
    toFaq(q, orgs.get(q.orgId) ?? ''),
  );
}

export async function getFaq(db: Kysely<DB>, id: number): Promise<Faq> {
  const q = await selectInquiry(db, id);
  if (!q || !q.faqPublishedAt) throw notFound('常见问题');
  return toFaq(q, (await getOrg(db, q.orgId)).name);
}

function toFaq(q: Inquiry, orgName: string): Faq {
  return {
    id: q.id,
    question: q.faqQuestion!,
    answer: q.faqAnswer!,
    links: q.faqLinks,
    orgId: q.orgId,
    orgName,
    publishedAt: q.faqPublishedAt!,
    answeredAt: q.answeredAt!,
    isSample: q.isSample,
  };
}

/** A published FAQ as a site-search document (the question, answer and policy titles; never the asker). */
function faqSearchDoc(q: Inquiry, org: Org | undefined): SearchDocumentInput {
  return {
    kind: 'faq',
    refId: q.id,
    url: `/hdjl/zxzx/faq/${q.id}`,
    title: q.faqQuestion!,
    body: [q.faqAnswer!, ...q.faqLinks.map((l) => l.title)].join('\n'),
    orgId: q.orgId,
    orgNames: org ? [org.name, org.shortName, ...org.aliases] : [],
    publishedAt: q.faqPublishedAt!,
    itemType: 'faq',
    extraTerms: ['常见问题', '政策咨询'],
  };
}

/** Every published FAQ (for `gongkai search reindex`). */
export async function* faqSearchSources(ctx: AppContext): AsyncIterable<SearchDocumentInput> {
  const orgs = new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o]));
  for (const q of await selectInquiries(ctx.db, { faqOnly: true, limit: 1_000_000 }))
    yield faqSearchDoc(q, orgs.get(q.orgId));
}

export interface AgedInquiry {
  inquiry: Inquiry;
  level: AgeLevel;
  levelLabel: string;
  ageDays: number;
}

/** Pending valid questions in the actor's scope, oldest first, with their urgency on the clock's date. */
export async function unansweredByAge(ctx: AppContext, actor: Actor): Promise<AgedInquiry[]> {
  const today = shanghaiDate(ctx.clock.now());
  const list = await listInquiries(ctx, actor, { status: 'pending' });
  return list
    .map((inquiry) => {
      const a = ageLevel(inquiry.receivedDate, inquiry.dueDate, today);
      return { inquiry, level: a.level, levelLabel: AGE_LEVELS[a.level], ageDays: a.ageDays };
    })
    .sort((a, b) => b.ageDays - a.ageDays);
}

/**
 * Hourly: reminds the responsible org's handlers, editors and reviewers the day a question falls
 * due and when it is overdue; tells the openness office from 30 and 60 days on (the 3-month
 * single-veto line, 国办秘函〔2019〕19号). Dedupe keys send each reminder once.
 */
export const inquiryRemindersJob: JobDefinition = {
  name: 'inquiry.reminders',
  label: '政策咨询答复期限提醒',
  intervalSeconds: 3600,
  async run(ctx, now) {
    const today = shanghaiDate(now);
    const pending = await selectInquiries(ctx.db, { status: 'pending', limit: 100000 });
    const office = (await usersWithRole(ctx.db, null, 'openness_admin')).map((u) => u.id);
    let sent = 0;
    for (const q of pending) {
      const { level, ageDays } = ageLevel(q.receivedDate, q.dueDate, today);
      if (level === 'on_time') continue;
      const org: number[] = [];
      for (const role of ['handler', 'editor', 'reviewer'] as const)
        org.push(...(await usersWithRole(ctx.db, q.orgId, role)).map((u) => u.id));
      const link = `/admin/inquiries/${q.id}`;
      const base = `咨询 ${q.number}“${q.title}”`;
      if (level === 'due_today')
        sent += await notifyUsers(ctx.db, now, org, {
          title: `${base}今日到期`,
          body: `答复期限为 ${q.dueDate}，请今日答复。`,
          link,
          dedupeKey: `inquiry.due:${q.id}:${q.dueDate}`,
        });
      if (level !== 'due_today')
        sent += await notifyUsers(ctx.db, now, org, {
          title: `${base}已超过答复期限`,
          body: `答复期限为 ${q.dueDate}，已收到 ${ageDays} 天，请尽快答复。`,
          link,
          dedupeKey: `inquiry.overdue:${q.id}:${q.dueDate}`,
        });
      if (level === 'warning' || level === 'alarm' || level === 'veto') {
        const tier = level === 'warning' ? 30 : level === 'alarm' ? 60 : 90;
        sent += await notifyUsers(ctx.db, now, [...office, ...org], {
          title: `${base}${AGE_LEVELS[level]}`,
          body: `收到于 ${q.receivedDate}，已 ${ageDays} 天未答复。有效留言超过 3 个月未答复属网站单项否决项。`,
          link,
          dedupeKey: `inquiry.age${tier}:${q.id}`,
        });
      }
    }
    return `待答复 ${pending.length} 件，发送提醒 ${sent} 条`;
  },
};

/** Seals askers' contacts at rest under the current data key (GongkaiModule.sealPersonalData). */
export const sealInquiryPersonalData = (ctx: AppContext): Promise<number> =>
  ctx.db.transaction().execute((trx) => sealInquiryContacts(trx, ctx.config.dataKeys.current.id));
