/** 政策咨询 use cases, asking: the answer limit, a question from the public or taken by staff, tracking by number and code. */
import { getSetting, putSetting } from '../../../db/settings.ts';
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { AppError, badRequest } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { getOrg, listPublicOrgs } from '../../org/service.ts';
import { findZone } from '../../zones/service.ts';
import { loadCalendar } from '../../calendar/service.ts';
import {
  ANSWER_WORKDAYS_SETTING,
  ASKER_KINDS,
  DEFAULT_ANSWER_WORKDAYS,
  INQUIRY_CHANNELS,
  inquiryNumber,
  type AskerKind,
  type InquiryChannel,
} from '../model.ts';
import {
  countInquiriesWithPrefix,
  insertEvent,
  insertInquiry as insertInquiryRow,
  lockInquiryNumbering,
  sealContact,
  selectInquiry,
  selectInquiryByNumber,
  type Inquiry,
} from '../store.ts';

/** The answer limit in working days (setting `inquiry.answerWorkdays`, default 5). */
export async function getAnswerWorkdays(db: Kysely<DB>): Promise<number> {
  const v = await getSetting(db, ANSWER_WORKDAYS_SETTING);
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
    (trx) => putSetting(trx, ANSWER_WORKDAYS_SETTING, String(n)),
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
