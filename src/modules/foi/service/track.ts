/** The applicant's own view: tracking by number and query code, released files, letters, the online 补正. */
import { timingSafeEqual } from 'node:crypto';
import type { Actor, AppContext } from '../../../context.ts';
import { AppError, badRequest, invalidState } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { usersWithRole } from '../../auth/service.ts';
import { loadCalendar } from '../../calendar/service.ts';
import { getOrg, listPublicOrgs } from '../../org/service.ts';
import { reviewBodyOf } from '../../org/model.ts';
import { getSiteInfo } from '../../portal/service.ts';
import { notifyUsers } from '../../notifications/service.ts';
import { clockOf, type AppRow } from '../case-state.ts';
import {
  insertAttachment,
  listAttachments,
  readReleasedFile,
  checkAttachmentFile,
  type CheckedFile,
} from './attachments.ts';
import { lettersOfCase, readCaseLetter } from '../letters/service.ts';
import type { Letter } from '../letters/templates.ts';
import { NUMBER_RE, replay, type CaseEvent, type FoiStatus } from '../model.ts';
import type { OutcomeCode } from '../outcomes.ts';
import { selectApplicationByNumber, type FoiApplication } from '../store/applications.ts';
import { selectEvents } from '../store/events.ts';
import { hashCode, today } from './codes.ts';
import { appendEvent } from './events.ts';

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
  const saved: CheckedFile[] = [];
  for (const f of input.files) saved.push(await checkAttachmentFile(row.id, f));
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
