/** The expiry job (rules.md §6: remind 6 months before; expire at the end of the period) and its dashboard count. */
import type { Kysely } from 'kysely';
import { actorName, systemActor, type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { addDays, shanghaiDate } from '../../../lib/time.ts';
import { recordAudit } from '../../audit/service.ts';
import { usersWithRole } from '../../auth/service.ts';
import type { JobDefinition } from '../../jobs/service.ts';
import { notifyUsers } from '../../notifications/service.ts';
import { reminderDate } from '../model.ts';
import {
  appendEvent,
  selectDocumentOrgIds,
  selectLibraryDocumentsChangingBetween,
  selectUnrecordedExpiries,
} from '../store.ts';
import { syncSearch } from './search.ts';
import { today, visibilityFor } from './views.ts';
import { transact } from '../../../db/index.ts';

async function issuingOrgUsers(db: Kysely<DB>, orgIds: number[]): Promise<number[]> {
  const ids: number[] = [];
  for (const o of orgIds)
    for (const role of ['editor', 'reviewer'] as const)
      ids.push(...(await usersWithRole(db, o, role)).map((u) => u.id));
  return [...new Set(ids)];
}

/** The last day of the period an expiry ends: the one before it, or the end date when that was earlier (a period that ended before it began). */
function lastDayBefore(e: { expiresOn: string; ends_on: string | null }): string {
  const before = addDays(e.expiresOn, -1);
  return e.ends_on && e.ends_on < before ? e.ends_on : before;
}

/**
 * Documents in force on `day` whose period then runs out by itself, with the reminder date (6 months
 * before the last day, rules.md §6) reached — not those a recorded repeal or renewal ends or extends first.
 */
async function dueForEvaluation(ctx: AppContext, day: string) {
  // 190 days: more than any 6 months, whatever the lengths of the months.
  const upcoming = await selectUnrecordedExpiries(ctx.db, addDays(day, 1), addDays(day, 190));
  return upcoming.filter((d) => reminderDate(addDays(d.expiresOn, -1)) <= day);
}

/**
 * Runs the expiry rules as of `now`: documents past their last day get an 已失效 history row
 * (effective the day after it); documents within 6 months of their last day get one evaluation
 * reminder per period (renew, amend, or let expire) for the issuing orgs' editors and reviewers.
 * Each action is audited; dedupe keys make a second run harmless.
 */
export async function runExpiry(ctx: AppContext, now: Date): Promise<{ expired: number; reminded: number }> {
  const actor = systemActor('normative.expiry');
  const day = shanghaiDate(now);
  const at = now.toISOString();
  let expired = 0;
  let reminded = 0;
  // Expired today by the end date alone (not yet overtaken by a later recorded change).
  for (const d of (await selectUnrecordedExpiries(ctx.db, '0000-01-01', day)).filter((e) => e.toOn > day)) {
    const orgIds = (await selectDocumentOrgIds(ctx.db, [d.id])).get(d.id) ?? [];
    const users = await issuingOrgUsers(ctx.db, orgIds);
    await transact(ctx.db, async (trx) => {
      const [fresh] = await selectUnrecordedExpiries(trx, d.expiresOn, d.expiresOn, d.id);
      if (!fresh) return;
      const effectiveOn = fresh.expiresOn;
      const lastDay = lastDayBefore(fresh);
      await appendEvent(trx, d.id, {
        kind: 'expired',
        effectiveOn,
        note: `有效期于 ${lastDay} 届满，自动标记失效`,
        recordedAt: at,
        actorName: actorName(actor),
      });
      await syncSearch(trx, d.id, day);
      await notifyUsers(trx, now, users, {
        title: `规范性文件已失效：${fresh.doc_number}`,
        body: `《${fresh.title}》（${fresh.doc_number}）有效期已于 ${lastDay} 届满，自 ${effectiveOn} 起失效。如需继续执行，请重新制发或评估后延续。`,
        link: `/admin/gfxwj/${d.id}`,
        dedupeKey: `normative.expired:${d.id}:${lastDay}`,
      });
      await recordAudit(trx, now, actor, {
        action: 'normative.expire',
        objectType: 'normative_document',
        objectId: d.id,
        after: { endsOn: lastDay, effectiveOn },
      });
      expired++;
    });
  }
  // Changes recorded earlier that take effect now (a repeal from a later date, a period that ended
  // before the job's row): the search index carries today's validity, so refresh those documents.
  for (const id of await selectLibraryDocumentsChangingBetween(ctx.db, addDays(day, -7), day)) {
    await transact(ctx.db, (trx) => syncSearch(trx, id, day));
  }
  for (const d of await dueForEvaluation(ctx, day)) {
    const lastDay = lastDayBefore(d);
    const orgIds = (await selectDocumentOrgIds(ctx.db, [d.id])).get(d.id) ?? [];
    const users = await issuingOrgUsers(ctx.db, orgIds);
    if (users.length === 0) continue;
    await transact(ctx.db, async (trx) => {
      const added = await notifyUsers(trx, now, users, {
        title: `规范性文件即将到期，请组织评估：${d.doc_number}`,
        body: `《${d.title}》（${d.doc_number}）有效期至 ${lastDay}。请在到期前完成评估：需继续执行的，评估后延续有效期；需要修改的，按程序修改；不再需要的，到期自动失效。`,
        link: `/admin/gfxwj/${d.id}`,
        dedupeKey: `normative.expiry-reminder:${d.id}:${lastDay}`,
      });
      if (added > 0) {
        await recordAudit(trx, now, actor, {
          action: 'normative.expiry_reminder',
          objectType: 'normative_document',
          objectId: d.id,
          after: { endsOn: lastDay, users: users.length },
        });
        reminded++;
      }
    });
  }
  return { expired, reminded };
}

export const expiryJob: JobDefinition = {
  name: 'normative.expiry',
  label: '规范性文件有效期届满与评估提醒',
  intervalSeconds: 3600,
  async run(ctx, now) {
    const r = await runExpiry(ctx, now);
    return `标记失效 ${r.expired} 件，发送到期评估提醒 ${r.reminded} 件`;
  },
};

/**
 * Documents in force whose evaluation reminder is due (rules.md §6: 6 months before the last day) —
 * the ones the expiry job reminds about — among those the actor sees (the library, and drafts of the
 * actor's orgs). For the dashboard: counted over every document, not a page of them.
 */
export async function documentsDueForEvaluation(ctx: AppContext, actor: Actor): Promise<number> {
  const day = today(ctx);
  const due = await dueForEvaluation(ctx, day);
  const vis = await visibilityFor(ctx.db, actor);
  const drafts = vis.libraryOnly ? [] : vis.draftOrgIds;
  if (drafts === 'all') return due.filter((d) => d.is_normative === 1).length;
  const orgIds = drafts.length
    ? await selectDocumentOrgIds(
        ctx.db,
        due.map((d) => d.id),
      )
    : new Map<number, number[]>();
  return due.filter(
    (d) =>
      d.is_normative === 1 &&
      (d.in_library === 1 || (orgIds.get(d.id) ?? []).some((o) => drafts.includes(o))),
  ).length;
}
