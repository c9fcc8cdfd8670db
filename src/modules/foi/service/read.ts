/** Reading cases: one case with its clock, events, letters and files; the filtered list; the applicant's unmasked data. */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { forbidden, notFound } from '../../../errors.ts';
import { auditedWrite } from '../../audit/service.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import { requireRecentAuth, userDisplayNames } from '../../auth/service.ts';
import { loadCalendar } from '../../calendar/service.ts';
import { getOrg, orgScope, requireOrgAccess } from '../../org/service.ts';
import { daysLeft, type ClockResult } from '../clock.ts';
import { clockOf, type AppRow } from '../case-state.ts';
import { listAttachments, type Attachment } from './attachments.ts';
import { lettersOfCase, type LetterRef } from '../letters/service.ts';
import type { FoiStatus } from '../model.ts';
import {
  applicationRow,
  selectApplication,
  sealApplications,
  type FoiApplication,
} from '../store/applications.ts';
import { selectEvents, selectHistory, type StoredEvent } from '../store/events.ts';
import { countAllApplications, selectApplications } from '../store/lists.ts';
import { selectReviews, type FoiReview } from '../store/reviews.ts';
import { today } from './codes.ts';
import { transact } from '../../../db/index.ts';

/** Display names of staff (handlers on case pages). */
export const userNames = (db: Kysely<DB>, ids: number[]): Promise<Map<number, string>> =>
  userDisplayNames(db, ids);

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

/** Seals applicants' personal data at rest under the current key (registry sealPersonalData). */
export async function sealApplicantData(ctx: AppContext): Promise<number> {
  return transact(ctx.db, (trx) => sealApplications(trx, ctx.config.dataKeys.current.id));
}

/** How many open applications, in every org, are past their due date on `today` (the metrics gauge). */
export async function countOverdueApplications(db: Kysely<DB>, today: string): Promise<{ total: number }> {
  // pageSize 0: only the count, which the partial index on open applications answers.
  const { total } = await selectApplications(
    db,
    { all: true },
    { overdue: true, today, page: 1, pageSize: 0 },
  );
  return { total };
}

/**
 * One application as stored, or undefined — for another module reading it in its own transaction
 * (webhooks' event data); no permission check, so the caller decides what of it goes out.
 */
export async function applicationRecord(db: Kysely<DB>, id: number): Promise<AppRow | undefined> {
  return selectApplication(db, id);
}

/** How many applications there are, in every org (`gongkai keys rotate` reports it). */
export const countApplications = (db: Kysely<DB>) => countAllApplications(db);
