/** Submission (the public form, idempotent on its token) and staff registration of an application. */
import { randomBytes } from 'node:crypto';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import { AppError, badRequest } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { loadCalendar } from '../../calendar/service.ts';
import { getOrg } from '../../org/service.ts';
import { getSiteInfo } from '../../portal/service.ts';
import { sendPublicEmail } from '../../notifications/service.ts';
import { clockOf, derived } from '../case-state.ts';
import {
  applicantKey,
  applicationNumber,
  receiptDateFor,
  validateApplicant,
  type ApplicantInput,
} from '../model.ts';
import { CHANNELS, type Channel } from '../outcomes.ts';
import {
  applicationRow,
  insertApplication,
  lockNumbering,
  nextSeq,
  selectApplication,
  selectApplicationByFormToken,
  type FoiApplication,
} from '../store/applications.ts';
import { insertHistory } from '../store/events.ts';
import { hashCode, codeForToken, codeFromBytes, today } from './codes.ts';

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
      // Number assignment serialised (on PostgreSQL; SQLite has one writer already).
      await lockNumbering(trx);
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
