/**
 * 依申请公开 use cases: public submission, staff registration, confirmation, events on the statutory
 * clock, lists and dashboards, the applicant's tracking, reviews (复议/诉讼), recompute after a
 * calendar change. Each starts with its permission check, then org scope; writes are audited in
 * the same transaction.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { AppError, badRequest, forbidden, invalidState, notFound } from '../../errors.ts';
import { isIsoDate, shanghaiDate } from '../../lib/time.ts';
import { auditedWrite, recordAudit } from '../audit/service.ts';
import { can, requirePermission } from '../auth/permissions.ts';
import { requireRecentAuth, usersWithRole } from '../auth/service.ts';
import { loadCalendar } from '../calendar/service.ts';
import type { WorkingCalendar } from '../calendar/model.ts';
import { getOrg, listPublicOrgs, orgScope, requireOrgAccess } from '../org/service.ts';
import { computeClock, daysLeft, type ClockEvent, type ClockResult } from './clock.ts';
import { feeByCount, feeByVolume } from './fees.ts';
import {
  insertAttachment,
  listAttachments,
  readReleasedFile,
  saveAttachmentFile,
  type Attachment,
  type SavedFile,
} from './attachments.ts';
import { issueEventLetter, LETTER_OF_EVENT, type LetterCase } from './letters/issue.ts';
import { lettersOfCase, readCaseLetter, type LetterRef } from './letters/service.ts';
import type { Letter } from './letters/templates.ts';
import { notifyUsers, sendPublicEmail } from '../notifications/service.ts';
import { noticeForConfirmation, noticeForEvent } from './notices.ts';
import { duplicateTarget } from './repeats.ts';
import { reviewBodyOf } from '../org/model.ts';
import { getSiteInfo } from '../portal/site.ts';
import {
  applicantKey,
  applicationNumber,
  applyEvent,
  CLOCK_EVENT_TYPES,
  deriveStatus,
  describeEvent,
  lettersOf,
  NUMBER_RE,
  receiptDateFor,
  refusal,
  replay,
  resultAsOf,
  REVIEW_KINDS,
  validateApplicant,
  type ApplicantInput,
  type CaseEvent,
  type CaseEventType,
  type FoiStatus,
  type LetterKind,
  type ReviewKind,
} from './model.ts';
import {
  CHANNELS,
  REVIEW_RESULTS,
  isOutcomeCode,
  type Channel,
  type OutcomeCode,
  type ReviewResult,
} from './outcomes.ts';
import {
  applicationRow,
  countApplicantMonth,
  insertApplication,
  insertEvent,
  insertHistory,
  nextSeq,
  selectApplication,
  selectApplicationByFormToken,
  selectApplicationByNumber,
  selectApplications,
  selectEvents,
  selectEventsFor,
  selectHistory,
  selectOpenIdsTouchingYears,
  selectReview,
  selectReviewResults,
  selectReviews,
  updateApplication,
  type FoiApplication,
  type FoiReview,
  type StoredEvent,
} from './store.ts';

export type { FoiApplication, FoiReview, StoredEvent };

// Query codes: 12 characters from 31 unambiguous ones (≈ 59 bits), never stored in clear.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ2345679';
function codeFromBytes(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < 12; i++) out += CODE_ALPHABET[bytes[i] % CODE_ALPHABET.length];
  return out;
}
const hashCode = (code: string) => createHash('sha256').update(`foi-query:${code}`).digest('hex');
/** The query code of a public submission is derived from its form token, so a resubmission shows the same code. */
const codeForToken = (ctx: AppContext, token: string) =>
  codeFromBytes(createHmac('sha256', ctx.config.sessionSecret).update(`foi-query:${token}`).digest());

const today = (ctx: AppContext) => shanghaiDate(ctx.clock.now());

/** Converts the case's events to what clock.ts reads. */
export function clockEvents(events: CaseEvent[]): ClockEvent[] {
  const out: ClockEvent[] = [];
  for (const ev of events) {
    switch (ev.type) {
      case 'correction_requested':
        out.push({ type: ev.type, on: ev.on, periodDays: ev.periodDays });
        break;
      case 'consultation_started':
        out.push({ type: ev.type, on: ev.on, party: ev.party });
        break;
      case 'excessive_date_set':
        out.push({ type: ev.type, on: ev.on, dueDate: ev.dueDate });
        break;
      case 'correction_received':
      case 'extension':
      case 'consultation_ended':
      case 'fee_notice':
      case 'fee_paid':
      case 'closed':
        out.push({ type: ev.type, on: ev.on });
        break;
    }
  }
  return out;
}

/** The clock of a case on a calendar, or null while it awaits confirmation. */
export function clockOf(
  cal: WorkingCalendar,
  receivedOn: string | null,
  events: CaseEvent[],
): ClockResult | null {
  return receivedOn ? computeClock(receivedOn, clockEvents(events), cal) : null;
}

/** The stored columns derived from the events and the clock. */
function derived(receivedOn: string | null, events: CaseEvent[], clock: ClockResult | null) {
  const state = replay(receivedOn, events);
  return {
    status: deriveStatus(state) as string,
    due_date: state.closed ? null : (clock?.dueDate ?? null),
    provisional: !state.closed && clock?.provisional ? 1 : 0,
    outcome: state.outcome,
    closed_on: state.closedOn,
  };
}

// ---------------------------------------------------------------- submission and registration

export interface SubmitInput extends ApplicantInput {
  orgId: number;
}

export interface RegisterInput extends SubmitInput {
  channel: Channel;
  /** The channel's receipt date (handed in / signed for / confirmed); ignored for online and fax. */
  receivedOn?: string | null;
}

export interface Receipt {
  application: FoiApplication;
  /** Shown once, to the applicant (or to the clerk to hand over). */
  queryCode: string;
  /** True when a resubmitted form token found the earlier application. */
  repeated: boolean;
}

async function validateSubmission(ctx: AppContext, input: SubmitInput): Promise<ApplicantInput> {
  const { value, fields } = validateApplicant(input);
  if (!Number.isInteger(input.orgId) || !(await getOrg(ctx.db, input.orgId).catch(() => null)))
    fields.orgId = '请选择受理机关';
  if (Object.keys(fields).length) throw badRequest('申请信息有误，请按提示修改后重新提交', fields);
  return value;
}

/**
 * The public form's 确认信息 step: the same checks as submitting (validateApplicant and the
 * addressed org), nothing written; returns the answers as they will be stored.
 */
export async function checkOnlineApplication(ctx: AppContext, input: SubmitInput): Promise<ApplicantInput> {
  return validateSubmission(ctx, input);
}

async function createApplication(
  ctx: AppContext,
  actor: Actor,
  v: ApplicantInput,
  opts: {
    orgId: number;
    channel: Channel;
    receivedOn: string | null;
    formToken: string | null;
    queryCode: string;
    isSample?: boolean;
  },
): Promise<FoiApplication> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const year = Number(shanghaiDate(now).slice(0, 4));
  const cal = opts.receivedOn ? await loadCalendar(ctx.db) : null;
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      // PostgreSQL: serialise number assignment (SQLite has one writer already).
      if (ctx.engine === 'postgres') await sql`select pg_advisory_xact_lock(7270300)`.execute(trx);
      const seq = await nextSeq(trx, year);
      const prefix = (await getSiteInfo(trx)).numberPrefix;
      const clock = cal && opts.receivedOn ? clockOf(cal, opts.receivedOn, []) : null;
      const d = derived(opts.receivedOn, [], clock);
      const id = await insertApplication(trx, {
        number: applicationNumber(year, seq, prefix),
        year,
        seq,
        query_code_hash: hashCode(opts.queryCode),
        form_token: opts.formToken,
        applicant_type: v.applicantType,
        applicant_name: v.applicantName,
        id_type: v.idType ?? '',
        applicant_id_number: v.idNumber,
        legal_representative: v.legalRepresentative ?? '',
        contact_person: v.contactPerson ?? '',
        applicant_key: applicantKey(v),
        phone: v.phone,
        address: v.address,
        email: v.email,
        description: v.description,
        doc_number: v.docNumber,
        doc_title: v.docTitle,
        preferred_form: v.preferredForm,
        delivery: v.delivery,
        channel: opts.channel,
        submitted_at: nowIso,
        received_on: opts.receivedOn,
        org_id: opts.orgId,
        handler_id: null,
        ...d,
        is_sample: opts.isSample ? 1 : 0,
        created_at: nowIso,
        updated_at: nowIso,
      });
      const line = opts.receivedOn
        ? `通过${CHANNELS[opts.channel]}收到申请，收到申请之日 ${opts.receivedOn}，答复期限 ${d.due_date ?? '—'}${d.provisional ? '（预估）' : ''}`
        : `通过${CHANNELS[opts.channel]}提交申请，等待确认收到（条例第三十一条：以双方确认之日为收到申请之日）`;
      await insertHistory(trx, id, nowIso, actorName(actor), line);
      return applicationRow((await selectApplication(trx, id))!);
    },
    (a) => ({
      action: 'foi.application.create',
      objectType: 'foi_application',
      objectId: a.id,
      after: { number: a.number, channel: a.channel, orgId: a.orgId, receivedOn: a.receivedOn },
    }),
  );
}

/**
 * A member of the public submits the online form. Idempotent on the form token: the same token
 * returns the same application and query code. The transaction is committed before this returns,
 * so the receipt page is only sent for a durable record.
 */
export async function submitOnlineApplication(
  ctx: AppContext,
  actor: Actor,
  input: SubmitInput & { formToken: string },
): Promise<Receipt> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(input.formToken ?? ''))
    throw badRequest('表单已失效，请刷新页面后重新填写');
  const existing = await selectApplicationByFormToken(ctx.db, input.formToken);
  if (existing)
    return {
      application: applicationRow(existing),
      queryCode: codeForToken(ctx, input.formToken),
      repeated: true,
    };
  const v = await validateSubmission(ctx, input);
  const queryCode = codeForToken(ctx, input.formToken);
  try {
    const application = await createApplication(ctx, actor, v, {
      orgId: input.orgId,
      channel: 'online',
      receivedOn: null,
      formToken: input.formToken,
      queryCode,
    });
    return { application, queryCode, repeated: false };
  } catch (err) {
    // Two submissions of one token at the same instant: the unique index lets one win.
    const again = await selectApplicationByFormToken(ctx.db, input.formToken);
    if (again) return { application: applicationRow(again), queryCode, repeated: true };
    throw err;
  }
}

/**
 * The receipt by e-mail when the applicant gave an address and SMTP is configured; true when sent.
 * The query code is in the text, emphasised in the HTML part, and never in a link: the tracking
 * link carries the number only (mail scanners and proxies fetch and log links).
 */
export async function emailReceipt(ctx: AppContext, r: Receipt, orgName: string): Promise<boolean> {
  if (!r.application.email) return false;
  const number = r.application.number;
  const link = `${ctx.config.publicUrl}/ysqgk/track?number=${encodeURIComponent(number)}`;
  const esc = (s: string) =>
    s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const intro = `您的政府信息公开申请已提交${orgName ? `（受理机关：${orgName}）` : ''}。`;
  const keep =
    '请妥善保存查询码，凭申请编号和查询码可以查询办理进度、在线补正、下载答复书。查询码只在回执和本邮件中出现，本站不保存原文。';
  return sendPublicEmail(
    ctx,
    r.application.email,
    `政府信息公开申请回执（${number}）`,
    [
      intro,
      `申请编号：${number}`,
      `查询码：${r.queryCode}`,
      keep,
      `查询办理进度（打开后输入查询码）：${link}`,
    ].join('\n'),
    [
      `<p>${esc(intro)}</p>`,
      `<p>申请编号：<strong>${esc(number)}</strong></p>`,
      `<p>查询码：<strong style="font-size:1.4em;letter-spacing:0.1em">${esc(r.queryCode)}</strong></p>`,
      `<p>${esc(keep)}</p>`,
      `<p>查询办理进度（打开后输入查询码）：<a href="${esc(link)}">${esc(link)}</a></p>`,
    ].join('\n'),
  );
}

/** A fresh one-time token for the public form. */
export const newFormToken = () => randomBytes(18).toString('base64url');

/** Staff register an application received at the counter, by post, letter or fax (条例第三十一条). */
export async function registerApplication(
  ctx: AppContext,
  actor: Actor,
  input: RegisterInput,
  opts: { isSample?: boolean; queryCode?: string } = {},
): Promise<Receipt> {
  requirePermission(actor, 'foi.manage');
  const fields: Record<string, string> = {};
  if (!(input.channel in CHANNELS)) fields.channel = '请选择收到方式';
  const r =
    input.channel in CHANNELS
      ? receiptDateFor(input.channel, input.receivedOn ?? null)
      : { receivedOn: null };
  if (r.error) fields.receivedOn = r.error;
  if (r.receivedOn && r.receivedOn > today(ctx)) fields.receivedOn = '收到日期不能晚于今天';
  let v: ApplicantInput;
  try {
    v = await validateSubmission(ctx, input);
  } catch (e) {
    if (e instanceof AppError) Object.assign(fields, e.fields);
    throw badRequest('申请信息有误，请按提示修改后重新提交', fields);
  }
  if (Object.keys(fields).length) throw badRequest('申请信息有误，请按提示修改后重新提交', fields);
  const queryCode = opts.queryCode ?? codeFromBytes(randomBytes(16));
  const application = await createApplication(ctx, actor, v, {
    orgId: input.orgId,
    channel: input.channel,
    receivedOn: r.receivedOn,
    formToken: null,
    queryCode,
    isSample: opts.isSample,
  });
  return { application, queryCode, repeated: false };
}

/**
 * Checks a confirmation of receipt without writing it: the case, the date and the due date it gives.
 * The addressed org's handlers confirm too (issue 19 part 6), not only the openness office.
 */
export async function prepareConfirm(ctx: AppContext, actor: Actor, id: number, on?: string | null) {
  requirePermission(actor, 'foi.handle');
  const row = await selectApplication(ctx.db, id);
  if (!row) throw notFound('申请');
  await requireOrgAccess(ctx.db, actor, row.org_id);
  if (row.received_on) throw invalidState(`该申请已于 ${row.received_on} 确认收到`);
  const date = on || today(ctx);
  if (!isIsoDate(date)) throw badRequest('确认日期格式不正确，应为 YYYY-MM-DD', { on: '日期格式不正确' });
  if (date > today(ctx)) throw badRequest('确认日期不能晚于今天', { on: '不能晚于今天' });
  if (date < shanghaiDate(row.submitted_at))
    throw badRequest('确认日期不能早于提交日期', { on: '不能早于提交日期' });
  const cal = await loadCalendar(ctx.db);
  const events = (await selectEvents(ctx.db, id)).map((e) => e.event);
  const clock = clockOf(cal, date, events);
  const d = derived(date, events, clock);
  return { row, date, d };
}

/** An internet/fax application is confirmed; that date is the receipt date (条例第三十一条第（三）项). */
export async function confirmReceipt(
  ctx: AppContext,
  actor: Actor,
  id: number,
  on?: string | null,
): Promise<FoiApplication> {
  const { row, date, d } = await prepareConfirm(ctx, actor, id, on);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const res = await trx
        .updateTable('foi_applications')
        .set({ received_on: date, ...d, updated_at: now })
        .where('id', '=', id)
        .where('received_on', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw invalidState('该申请已被确认收到');
      await insertHistory(
        trx,
        id,
        now,
        actorName(actor),
        `确认收到申请，收到申请之日 ${date}，答复期限 ${d.due_date}${d.provisional ? '（预估）' : ''}`,
      );
      await noticeForConfirmation(
        trx,
        ctx,
        actor,
        {
          id,
          number: row.number,
          description: row.description,
          orgId: row.org_id,
          handlerId: row.handler_id,
        },
        date,
        d.due_date,
      );
      return applicationRow((await selectApplication(trx, id))!);
    },
    (a) => ({
      action: 'foi.application.confirm',
      objectType: 'foi_application',
      objectId: id,
      after: { receivedOn: a.receivedOn, dueDate: a.dueDate },
    }),
  );
}

// ---------------------------------------------------------------- events

/** An event as a form or the API sends it (fields apply per type). */
export interface EventInput {
  type: CaseEventType;
  on?: string | null;
  periodDays?: number | null;
  reason?: string | null;
  approvedBy?: string | null;
  party?: string | null;
  partyName?: string | null;
  deemed?: boolean | null;
  method?: string | null;
  pages?: number | null;
  dueDate?: string | null;
  outcome?: string | null;
  onTheSpot?: boolean | null;
  orgId?: number | null;
  handlerId?: number | null;
  text?: string | null;
  /** Closing as rejected.duplicate: the earlier application it repeats. */
  earlierId?: number | null;
}

const MANAGE_ONLY: CaseEventType[] = ['assigned', 'transferred', 'extension'];

/**
 * Checks an event as recording it would (permission, org, input, the case's state) without writing
 * anything: the case, the event built from the input, the events so far and the calendar.
 */
export async function prepareEvent(ctx: AppContext, actor: Actor, id: number, input: EventInput) {
  requirePermission(actor, 'foi.handle');
  const row = await selectApplication(ctx.db, id);
  if (!row) throw notFound('申请');
  await requireOrgAccess(ctx.db, actor, row.org_id);
  if (!(input.type in EVENT_TYPES)) throw badRequest('办理事项类型无效', { type: '类型无效' });
  if (MANAGE_ONLY.includes(input.type) && !can(actor, 'foi.manage'))
    throw forbidden('分办、转办和延长答复期限由政府信息公开工作机构办理');
  const on = input.on || today(ctx);
  if (!isIsoDate(on)) throw badRequest('日期格式不正确，应为 YYYY-MM-DD', { on: '日期格式不正确' });
  if (on > today(ctx)) throw badRequest('日期不能晚于今天', { on: '不能晚于今天' });
  const ev = await buildEvent(ctx, row, { ...input, on });
  const before = (await selectEvents(ctx.db, id)).map((e) => e.event);
  const why = refusal(replay(row.received_on, before), ev);
  if (why) throw invalidState(why);
  const cal = await loadCalendar(ctx.db);
  return { row, ev, before, cal };
}

/** Records one event on a case, re-derives the clock and status, writes history and audit. */
export async function recordEvent(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: EventInput,
): Promise<FoiApplication> {
  const { row, ev, cal } = await prepareEvent(ctx, actor, id, input);
  return auditedWrite(
    ctx,
    actor,
    (trx) => appendEvent(trx, ctx, actor, row, ev, cal),
    (a) => ({
      action: `foi.event.${ev.type}`,
      objectType: 'foi_application',
      objectId: id,
      before: { status: row.status, dueDate: row.due_date },
      after: { event: ev, status: a.status, dueDate: a.dueDate },
    }),
  );
}

type AppRow = NonNullable<Awaited<ReturnType<typeof selectApplication>>>;

/**
 * Appends one event inside the caller's transaction: checks it against the events so far (read in
 * the transaction), re-derives the clock and status, writes the event, the history line and, for a
 * letter-issuing event, the letter as issued. Returns the application as it now stands.
 */
async function appendEvent(
  trx: Kysely<DB>,
  ctx: AppContext,
  actor: Actor,
  row: AppRow,
  ev: CaseEvent,
  cal: WorkingCalendar,
): Promise<FoiApplication> {
  const id = row.id;
  const events = (await selectEvents(trx, id)).map((e) => e.event);
  let state = replay(row.received_on, events);
  const why = refusal(state, ev);
  if (why) throw invalidState(why);
  state = applyEvent(state, ev);
  const all = [...events, ev];
  const clock = clockOf(cal, row.received_on, all);
  const d = derived(row.received_on, all, clock);
  const now = ctx.clock.now().toISOString();
  const route: { org_id?: number; handler_id?: number | null } = {};
  if (ev.type === 'assigned') Object.assign(route, { org_id: ev.orgId, handler_id: ev.handlerId ?? null });
  if (ev.type === 'transferred') Object.assign(route, { org_id: ev.toOrgId, handler_id: null });
  const link = ev.type === 'closed' && ev.earlierId ? { duplicate_of: ev.earlierId } : {};
  const eventId = await insertEvent(
    trx,
    id,
    ev,
    actor.kind === 'user' ? actor.id : null,
    actorName(actor),
    now,
  );
  await updateApplication(trx, id, { ...d, ...route, ...link, updated_at: now });
  let line = describeEvent(ev);
  if (CLOCK_EVENT_TYPES.includes(ev.type) && !state.closed && d.due_date !== row.due_date)
    line += `；答复期限 ${row.due_date ?? '—'} → ${d.due_date ?? '暂停计算'}`;
  await insertHistory(trx, id, now, actorName(actor), line);
  await noticeForEvent(trx, ctx, actor, row, ev, eventId, d.due_date);
  if (LETTER_OF_EVENT[ev.type]) {
    // rules.md §2: the letter is stored as issued, with its 文号 and the handler's contact line.
    const handlerName = row.handler_id
      ? ((await userNames(trx, [row.handler_id])).get(row.handler_id) ?? '')
      : actor.kind === 'user'
        ? actor.displayName
        : '';
    await issueEventLetter(trx, ctx.engine, letterCase(row), eventId, ev, clock, handlerName, now);
  }
  return applicationRow((await selectApplication(trx, id))!);
}

/** What a letter needs of an application row. */
export const letterCase = (row: NonNullable<Awaited<ReturnType<typeof selectApplication>>>): LetterCase => ({
  id: row.id,
  orgId: row.org_id,
  applicantType: row.applicant_type,
  applicantName: row.applicant_name,
  number: row.number,
  receivedOn: row.received_on,
  description: row.description,
  delivery: row.delivery,
});

const EVENT_TYPES: Record<CaseEventType, true> = {
  correction_requested: true,
  correction_received: true,
  extension: true,
  consultation_started: true,
  consultation_ended: true,
  fee_notice: true,
  fee_paid: true,
  excessive_date_set: true,
  closed: true,
  assigned: true,
  transferred: true,
  note: true,
};

const trimmed = (s: string | null | undefined) => (s ?? '').trim();

async function buildEvent(
  ctx: AppContext,
  row: NonNullable<Awaited<ReturnType<typeof selectApplication>>>,
  i: EventInput & { on: string },
): Promise<CaseEvent> {
  const on = i.on;
  switch (i.type) {
    case 'correction_requested':
      return {
        type: 'correction_requested',
        on,
        periodDays: i.periodDays ?? 15,
        reason: trimmed(i.reason) || undefined,
      };
    case 'correction_received':
    case 'fee_paid':
      return { type: i.type, on };
    case 'extension':
      return { type: 'extension', on, approvedBy: trimmed(i.approvedBy), reason: trimmed(i.reason) };
    case 'consultation_started':
      return {
        type: 'consultation_started',
        on,
        party: i.party as 'third_party' | 'agency',
        partyName: trimmed(i.partyName) || undefined,
      };
    case 'consultation_ended':
      return { type: 'consultation_ended', on, deemed: i.deemed ? true : undefined };
    case 'fee_notice': {
      const method = i.method as 'count' | 'volume';
      if (method !== 'count' && method !== 'volume')
        throw badRequest('请选择收费方式（按件或按量）', { method: '请选择收费方式' });
      if (!row.received_on) throw invalidState('该申请尚未确认收到，请先确认收到日期再办理');
      if (method === 'volume') {
        if (!Number.isInteger(i.pages) || (i.pages ?? 0) < 1 || (i.pages ?? 0) > 1_000_000)
          throw badRequest('按量收费须填写页数（正整数）', { pages: '请填写页数' });
        const fee = feeByVolume(i.pages!);
        return {
          type: 'fee_notice',
          on,
          method,
          pages: i.pages!,
          fen: fee.amountFen,
          explanation: fee.explanation,
        };
      }
      // 国办函〔2020〕109号: by count, per applicant per calendar month.
      const n = await countApplicantMonth(ctx.db, row.applicant_key, row.received_on, row.id);
      const fee = feeByCount(n);
      return { type: 'fee_notice', on, method, fen: fee.amountFen, explanation: fee.explanation };
    }
    case 'excessive_date_set':
      if (!i.dueDate || !isIsoDate(i.dueDate))
        throw badRequest('请填写合理答复期限（YYYY-MM-DD）', { dueDate: '日期格式不正确' });
      return { type: 'excessive_date_set', on, dueDate: i.dueDate, reason: trimmed(i.reason) };
    case 'closed': {
      if (!i.outcome || !isOutcomeCode(i.outcome))
        throw badRequest('请选择一项办理结果', { outcome: '请选择办理结果' });
      // rules.md §2: a repeat names the earlier, answered application (stored and linked both ways).
      const dup =
        i.outcome === 'rejected.duplicate'
          ? await duplicateTarget(ctx, row, i.earlierId, trimmed(i.reason))
          : null;
      return {
        type: 'closed',
        on,
        outcome: i.outcome as OutcomeCode,
        reason: (dup ? dup.reason : trimmed(i.reason)) || undefined,
        onTheSpot: i.onTheSpot ? true : undefined,
        ...(dup ? { earlierId: dup.earlierId, earlierNumber: dup.earlierNumber } : {}),
      };
    }
    case 'assigned': {
      const org = i.orgId ? await getOrg(ctx.db, i.orgId).catch(() => null) : null;
      if (!org) throw badRequest('请选择承办机关', { orgId: '承办机关不存在' });
      let handlerName: string | undefined;
      if (i.handlerId) {
        const handlers = await usersWithRole(ctx.db, org.id, 'handler');
        if (!handlers.some((h) => h.id === i.handlerId))
          throw badRequest('承办人须为该机关的承办人', { handlerId: '承办人不属于该机关' });
        handlerName = (await userNames(ctx.db, [i.handlerId])).get(i.handlerId);
      }
      return {
        type: 'assigned',
        on,
        orgId: org.id,
        orgName: org.name,
        handlerId: i.handlerId ?? null,
        handlerName,
      };
    }
    case 'transferred': {
      const to = i.orgId ? await getOrg(ctx.db, i.orgId).catch(() => null) : null;
      if (!to) throw badRequest('请选择转办的机关', { orgId: '机关不存在' });
      if (to.id === row.org_id) throw badRequest('转办机关与当前承办机关相同', { orgId: '请选择其他机关' });
      if (!trimmed(i.reason)) throw badRequest('请填写转办理由', { reason: '请填写转办理由' });
      const from = await getOrg(ctx.db, row.org_id);
      return {
        type: 'transferred',
        on,
        fromOrgId: from.id,
        fromOrgName: from.name,
        toOrgId: to.id,
        toOrgName: to.name,
        reason: trimmed(i.reason),
      };
    }
    case 'note':
      if (!trimmed(i.text)) throw badRequest('请填写备注内容', { text: '请填写备注' });
      return { type: 'note', on, text: trimmed(i.text).slice(0, 2000) };
  }
}

/** Display names of staff (handlers on case pages). */
export async function userNames(db: Kysely<DB>, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

// ---------------------------------------------------------------- reading

export interface ApplicationDetail {
  application: FoiApplication;
  orgName: string;
  handlerName: string | null;
  events: StoredEvent[];
  history: { at: string; actorName: string; text: string }[];
  clock: ClockResult | null;
  left: { workingDaysLeft: number; overdue: boolean } | null;
  letters: LetterRef[];
  reviews: FoiReview[];
  attachments: Attachment[];
}

async function loadDetail(
  ctx: AppContext,
  row: NonNullable<Awaited<ReturnType<typeof selectApplication>>>,
): Promise<ApplicationDetail> {
  const application = applicationRow(row);
  const events = await selectEvents(ctx.db, row.id);
  const cal = await loadCalendar(ctx.db);
  const clock = clockOf(
    cal,
    row.received_on,
    events.map((e) => e.event),
  );
  const open = !['closed', 'awaiting_confirmation'].includes(row.status);
  return {
    application,
    orgName: (await getOrg(ctx.db, row.org_id)).name,
    handlerName: row.handler_id
      ? ((await userNames(ctx.db, [row.handler_id])).get(row.handler_id) ?? null)
      : null,
    events,
    history: await selectHistory(ctx.db, row.id),
    clock,
    left: clock && open ? daysLeft(clock, today(ctx), cal) : null,
    letters: await lettersOfCase(ctx.db, row),
    reviews: await selectReviews(ctx.db, row.id),
    attachments: await listAttachments(ctx, row.id),
  };
}

export async function getApplication(ctx: AppContext, actor: Actor, id: number): Promise<ApplicationDetail> {
  requirePermission(actor, 'foi.read');
  const row = await selectApplication(ctx.db, id);
  if (!row) throw notFound('申请');
  await requireOrgAccess(ctx.db, actor, row.org_id);
  return loadDetail(ctx, row);
}

export interface ListInput {
  orgId?: number;
  status?: FoiStatus | 'open';
  overdue?: boolean;
  year?: number;
  page?: number;
  pageSize?: number;
  order?: 'due' | 'newest';
}

export interface ListedApplication extends FoiApplication {
  workingDaysLeft: number | null;
  overdue: boolean;
}

/** The staff case list (dashboard, API, export): org-scoped, filtered, paged, with days left. */
export async function listApplications(ctx: AppContext, actor: Actor, input: ListInput) {
  requirePermission(actor, 'foi.read');
  const scope = await orgScope(ctx.db, actor);
  const t = today(ctx);
  const pageSize = Math.min(Math.max(input.pageSize ?? 20, 1), 10_000);
  const page = Math.max(input.page ?? 1, 1);
  const { rows, total } = await selectApplications(ctx.db, scope, { ...input, today: t, page, pageSize });
  const needCal = rows.some((r) => r.dueDate && r.status !== 'closed');
  const cal = needCal ? await loadCalendar(ctx.db) : null;
  const items: ListedApplication[] = rows.map((r) => {
    if (!cal || !r.dueDate || r.status === 'closed' || r.status === 'awaiting_confirmation')
      return { ...r, workingDaysLeft: null, overdue: false };
    if (r.dueDate < t) return { ...r, workingDaysLeft: -cal.workingDaysBetween(r.dueDate, t), overdue: true };
    return { ...r, workingDaysLeft: cal.workingDaysBetween(t, r.dueDate), overdue: false };
  });
  return { items, total, page, pageSize };
}

/** The application a number and query code name; any mismatch → one generic message (as for an unknown number). */
async function findTracked(ctx: AppContext, number: string, code: string): Promise<AppRow> {
  const generic = new AppError('not_found', '申请编号或查询码不正确，请核对后重新输入');
  const n = number.trim().toUpperCase();
  const c = code.trim().toUpperCase().replace(/[\s-]/g, '');
  if (!NUMBER_RE.test(n) || !/^[A-Z0-9]{12}$/.test(c)) throw generic;
  const row = await selectApplicationByNumber(ctx.db, n);
  const expected = Buffer.from(row?.query_code_hash ?? hashCode('x'.repeat(12)), 'hex');
  const got = Buffer.from(hashCode(c), 'hex');
  if (!row || !timingSafeEqual(expected, got)) throw generic;
  return row;
}

/** The pending 补正 as the applicant must see it: what is unclear, what to supply, by when. */
export interface PendingCorrection {
  requestedOn: string;
  reason: string;
  periodDays: number;
  deadline: string | null;
  /** Today is after the deadline: the form is closed. */
  lapsed: boolean;
}

/** The remedy after closing (rules.md §2): the 复议机关 and the latest dates, counted from the letter's date. */
export interface Remedy {
  reviewBody: string;
  reviewBy: string;
  litigationBy: string;
}

/** 行政复议法第二十条: 60 days; 行政诉讼法第四十六条: 6 months — counted here from the day the letter is dated. */
function remedyDates(from: string): { reviewBy: string; litigationBy: string } {
  const d = new Date(`${from}T00:00:00Z`);
  const review = new Date(d.getTime() + 60 * 86_400_000);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 6, 1));
  const lastDay = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 0)).getUTCDate();
  m.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return { reviewBy: review.toISOString().slice(0, 10), litigationBy: m.toISOString().slice(0, 10) };
}

/** What the applicant sees: status, due date with its working, letters, a pending 补正, the outcome and remedy. */
export async function trackApplication(ctx: AppContext, number: string, code: string) {
  const row = await findTracked(ctx, number, code);
  const events = (await selectEvents(ctx.db, row.id)).map((e) => e.event);
  const cal = await loadCalendar(ctx.db);
  const clock = clockOf(cal, row.received_on, events);
  const requested = [...events].reverse().find((e) => e.type === 'correction_requested');
  const correction: PendingCorrection | null =
    row.status === 'correction_pending' && requested?.type === 'correction_requested'
      ? {
          requestedOn: requested.on,
          reason: requested.reason ?? '所需信息的名称或特征描述不明确',
          periodDays: requested.periodDays ?? 15,
          deadline: clock?.correctionDeadline ?? null,
          lapsed: !!clock?.correctionDeadline && today(ctx) > clock.correctionDeadline,
        }
      : null;
  let remedy: Remedy | null = null;
  if (row.status === 'closed' && row.closed_on) {
    const [orgs, site] = await Promise.all([listPublicOrgs(ctx.db), getSiteInfo(ctx.db)]);
    remedy = {
      reviewBody: reviewBodyOf(orgs, row.org_id, row.closed_on, site.parentGovernment),
      ...remedyDates(row.closed_on),
    };
  }
  return {
    number: row.number,
    status: row.status as FoiStatus,
    orgName: (await getOrg(ctx.db, row.org_id)).name,
    submittedOn: shanghaiDate(row.submitted_at),
    receivedOn: row.received_on,
    dueDate: row.status === 'closed' ? null : (clock?.dueDate ?? null),
    provisional: row.provisional === 1,
    closedOn: row.closed_on,
    outcome: (row.outcome as OutcomeCode | null) ?? null,
    explanation: clock?.explanation ?? [],
    spans: clock?.spans ?? [],
    letters: await lettersOfCase(ctx.db, row, true),
    released: (await listAttachments(ctx, row.id))
      .filter((f) => f.releasedAt)
      .map(({ id, filename, size, releasedAt }) => ({
        id,
        filename,
        size,
        releasedOn: shanghaiDate(releasedAt!),
      })),
    correction,
    remedy,
  };
}

/** A file released to the applicant, with number + query code as for tracking. */
export async function trackedFile(ctx: AppContext, number: string, code: string, id: number) {
  const row = await findTracked(ctx, number, code);
  return readReleasedFile(ctx, row.id, id);
}

/** One of the applicant's letters (DOCX or page), with number + query code; never the 征求意见函. */
export async function trackedLetter(
  ctx: AppContext,
  number: string,
  code: string,
  ref: string,
): Promise<Letter> {
  const row = await findTracked(ctx, number, code);
  return readCaseLetter(ctx, row, ref, true);
}

export const MAX_CORRECTION_FILES = 5;

/**
 * The applicant supplies the 补正 online (条例第三十条): refused on a closed case, with no pending
 * 补正, or after its deadline, with the reason. Otherwise the 补正 is received today — the reply
 * clock restarts (rules.md §1: reply due = 20th working day after it) — its text and files are kept on
 * the case, audited, and the handler (or the org's handlers) notified, all in one transaction.
 */
export async function submitOnlineCorrection(
  ctx: AppContext,
  actor: Actor,
  input: { number: string; code: string; text: string; files: { filename: string; data: Buffer }[] },
): Promise<FoiApplication> {
  const row = await findTracked(ctx, input.number, input.code);
  const text = input.text.trim();
  if (!text && !input.files.length)
    throw badRequest('请填写补正内容或上传补正材料', { text: '请填写补正内容' });
  if (text.length > 2000) throw badRequest('补正内容不能超过 2000 字', { text: '内容过长' });
  if (input.files.length > MAX_CORRECTION_FILES)
    throw badRequest(`补正材料最多 ${MAX_CORRECTION_FILES} 个文件`, { files: '文件过多' });
  const events = (await selectEvents(ctx.db, row.id)).map((e) => e.event);
  const state = replay(row.received_on, events);
  if (state.closed) throw invalidState(`该申请已于 ${state.closedOn} 办结，不能再补正`);
  if (state.correction !== 'requested') throw invalidState('该申请没有待补正的事项，无需补正');
  const cal = await loadCalendar(ctx.db);
  const deadline = clockOf(cal, row.received_on, events)?.correctionDeadline ?? null;
  const on = today(ctx);
  if (deadline && on > deadline)
    throw invalidState(
      `补正期限已于 ${deadline} 届满，不能再补正；逾期未补正的，视为放弃申请（条例第三十条）`,
    );
  const saved: SavedFile[] = [];
  for (const f of input.files) saved.push(await saveAttachmentFile(ctx, row.id, f));
  const ev: CaseEvent = { type: 'correction_received', on, online: true, text: text || undefined };
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const a = await appendEvent(trx, ctx, actor, row, ev, cal);
      for (const f of saved) await insertAttachment(trx, ctx, actor, f);
      const to = row.handler_id
        ? [row.handler_id]
        : (await usersWithRole(trx, row.org_id, 'handler')).map((u) => u.id);
      await notifyUsers(trx, ctx.clock.now(), to, {
        title: `申请 ${row.number} 已在网上补正（${on}）`,
        body: `答复期限自次日起重新计算，新的答复期限为 ${a.dueDate ?? '—'}。${text ? `补正内容：${text.slice(0, 200)}` : ''}`,
        link: `/admin/foi/${row.id}`,
        dedupeKey: `foi:correction:${row.id}:${on}`,
      });
      return a;
    },
    (a) => ({
      action: 'foi.event.correction_received',
      objectType: 'foi_application',
      objectId: row.id,
      before: { status: row.status, dueDate: row.due_date },
      after: { event: { ...ev, files: saved.map((f) => f.filename) }, status: a.status, dueDate: a.dueDate },
    }),
  );
}

// ---------------------------------------------------------------- calendar changes

/**
 * After a year's calendar changed: recompute the due date of every open case whose dates fall in
 * those years (or later), store it, and write old → new and the reason into the case history.
 */
export async function recomputeOpenCases(
  ctx: AppContext,
  change: { years: number[]; reason: string },
): Promise<{ checked: number; changed: number }> {
  const ids = await selectOpenIdsTouchingYears(ctx.db, change.years);
  const cal = await loadCalendar(ctx.db);
  const now = ctx.clock.now().toISOString();
  let changed = 0;
  const actor = { kind: 'system', name: 'calendar', ip: null } as const;
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const eventsById = await selectEventsFor(ctx.db, chunk);
    const rows = await ctx.db
      .selectFrom('foi_applications')
      .select(['id', 'received_on', 'due_date', 'provisional', 'status'])
      .where('id', 'in', chunk)
      .execute();
    const updates: {
      id: number;
      old: string | null;
      due: string | null;
      provisional: number;
      oldProv: number;
    }[] = [];
    for (const r of rows) {
      if (!r.received_on) continue;
      const clock = computeClock(r.received_on, clockEvents(eventsById.get(r.id) ?? []), cal);
      const prov = clock.provisional ? 1 : 0;
      if (clock.dueDate !== r.due_date || prov !== r.provisional)
        updates.push({
          id: r.id,
          old: r.due_date,
          due: clock.dueDate,
          provisional: prov,
          oldProv: r.provisional,
        });
    }
    if (!updates.length) continue;
    // Batched: one UPDATE per distinct (new due date, provisional) and one multi-row history INSERT.
    const groups = new Map<string, number[]>();
    for (const u of updates) {
      const key = `${u.due ?? ''}|${u.provisional}`;
      groups.set(key, [...(groups.get(key) ?? []), u.id]);
    }
    await ctx.db.transaction().execute(async (trx) => {
      for (const [key, gids] of groups) {
        const [due, prov] = key.split('|');
        await trx
          .updateTable('foi_applications')
          .set({ due_date: due || null, provisional: Number(prov), updated_at: now })
          .where('id', 'in', gids)
          .execute();
      }
      const lines = updates.map((u) => {
        const provText = u.oldProv !== u.provisional ? (u.provisional ? '，改为预估' : '，不再是预估') : '';
        return {
          application_id: u.id,
          at: now,
          actor_name: '系统：工作日历',
          text: `工作日历变更（${change.reason}）：答复期限 ${u.old ?? '—'} → ${u.due ?? '—'}${provText}`,
        };
      });
      for (let j = 0; j < lines.length; j += 500)
        await trx
          .insertInto('foi_history')
          .values(lines.slice(j, j + 500))
          .execute();
      await recordAudit(trx, ctx.clock.now(), actor, {
        action: 'foi.recompute',
        objectType: 'foi_application',
        after: {
          years: change.years,
          reason: change.reason,
          changed: updates.map((u) => ({ id: u.id, from: u.old, to: u.due })),
        },
      });
    });
    changed += updates.length;
  }
  return { checked: ids.length, changed };
}

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
  await trx
    .insertInto('foi_review_results')
    .values({
      review_id: reviewId,
      result: input.result,
      result_on: input.resultOn,
      note: (input.note ?? '').trim(),
      actor_name: actorName(actor),
      recorded_at: now,
    })
    .execute();
}

/** foi_reviews.result/result_on: the latest result (model.ts resultAsOf), for readers of the row. */
async function refreshLatest(trx: Kysely<DB>, reviewId: number, now: string) {
  const review = (await selectReview(trx, reviewId))!;
  await trx
    .updateTable('foi_reviews')
    .set({ result: review.result, result_on: review.resultOn, updated_at: now })
    .where('id', '=', reviewId)
    .execute();
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
      const { id } = await trx
        .insertInto('foi_reviews')
        .values({
          application_id: applicationId,
          kind: input.kind,
          filed_on: input.filedOn,
          result: input.result,
          result_on: input.resultOn || null,
          note: (input.note ?? '').trim(),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
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
      await trx
        .updateTable('foi_reviews')
        .set({ kind: input.kind, filed_on: input.filedOn, note: (input.note ?? '').trim(), updated_at: now })
        .where('id', '=', reviewId)
        .execute();
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
      await trx
        .updateTable('foi_review_results')
        .set({ result: input.result, result_on: input.resultOn, note, corrected_at: now })
        .where('id', '=', resultId)
        .where('review_id', '=', reviewId)
        .execute();
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
export async function listReviewsForYear(db: Kysely<DB>, year: number) {
  const rows = await db
    .selectFrom('foi_reviews')
    .innerJoin('foi_applications', 'foi_applications.id', 'foi_reviews.application_id')
    .select([
      'foi_reviews.id',
      'foi_reviews.kind',
      'foi_reviews.filed_on',
      'foi_applications.org_id',
      'foi_applications.id as application_id',
      'foi_applications.number',
    ])
    .where('foi_reviews.filed_on', '>=', `${year}-01-01`)
    .where('foi_reviews.filed_on', '<=', `${year}-12-31`)
    .orderBy('foi_reviews.id')
    .execute();
  const results = await selectReviewResults(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...r,
    results: (results.get(r.id) ?? []).map((x) => ({ id: x.id, result: x.result, resultOn: x.resultOn })),
  }));
}

// ---------------------------------------------------------------- for the annual report

/**
 * What the annual report (rules.md §4) needs from this module for one year, for every org:
 * applications received up to the end of the year and not closed before the previous year began
 * (so 新收, 上年结转, 办理结果 and 结转下年度 can all be counted), the year's reviews, and fees.
 */
export async function foiReportData(db: Kysely<DB>, year: number) {
  const end = `${year}-12-31`;
  const applications = await db
    .selectFrom('foi_applications')
    .select([
      'id',
      'number',
      'org_id as orgId',
      'applicant_type as applicantType',
      'due_date as dueDate',
      'received_on as receivedOn',
      'closed_on as closedOn',
      'outcome',
    ])
    .where('received_on', '<=', end)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', `${year - 1}-01-01`)]))
    .execute();
  return {
    applications,
    reviews: await listReviewsForYear(db, year),
    fees: await feeNoticesForYear(db, year),
  };
}

/** Fee notices sent in the year (by org) and whether each was paid, for the annual report's 六. */
export async function feeNoticesForYear(db: Kysely<DB>, year: number) {
  const feeEvents = await db
    .selectFrom('foi_events')
    .innerJoin('foi_applications', 'foi_applications.id', 'foi_events.application_id')
    .select([
      'foi_events.application_id as applicationId',
      'foi_events.type',
      'foi_events.data',
      'foi_applications.org_id as orgId',
    ])
    .where('foi_events.type', 'in', ['fee_notice', 'fee_paid'])
    .where('foi_events.on_date', '>=', `${year}-01-01`)
    .where('foi_events.on_date', '<=', `${year}-12-31`)
    .execute();
  const notices = feeEvents
    .filter((e) => e.type === 'fee_notice')
    .map((e) => ({
      applicationId: e.applicationId,
      orgId: e.orgId,
      fen: Number(JSON.parse(e.data).fen ?? 0),
    }));
  const paid = new Set(feeEvents.filter((e) => e.type === 'fee_paid').map((e) => e.applicationId));
  return {
    notices: notices.length,
    noticedFen: notices.reduce((s, n) => s + n.fen, 0),
    collectedFen: notices.filter((n) => paid.has(n.applicationId)).reduce((s, n) => s + n.fen, 0),
    byOrg: notices.map((n) => ({ ...n, paid: paid.has(n.applicationId) })),
  };
}

/**
 * The applicant's ID number, phone and address unmasked (they are shown masked by default): only to
 * the case's handler and the openness office, after a recent password entry, and every view audited.
 */
export async function revealApplicant(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<{ idNumber: string; phone: string; address: string }> {
  requirePermission(actor, 'foi.read');
  const row = await selectApplication(ctx.db, id);
  if (!row) throw notFound('申请');
  await requireOrgAccess(ctx.db, actor, row.org_id);
  const isHandler = actor.kind === 'user' && row.handler_id === actor.id;
  if (!isHandler && !can(actor, 'foi.manage'))
    throw forbidden('只有本案承办人和公开办可以查看申请人的完整个人信息');
  requireRecentAuth(ctx, actor);
  const a = applicationRow(row);
  await auditedWrite(
    ctx,
    actor,
    async () => null,
    () => ({
      action: 'foi.personal_view',
      objectType: 'foi_application',
      objectId: id,
      after: { fields: ['idNumber', 'phone', 'address'] },
    }),
  );
  return { idNumber: a.idNumber, phone: a.phone, address: a.address };
}
