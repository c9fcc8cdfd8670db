/** The ledger's scheduled jobs: deadline reminders, and the check that evidence links still resolve. */
import type { AppContext } from '../../../context.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { usersWithRole } from '../../auth/service.ts';
import type { JobDefinition } from '../../jobs/service.ts';
import { notifyUsers } from '../../notifications/service.ts';
import { isFulfilled, reminderDue } from '../model.ts';
import { selectInternalEvidence, selectPlans, updateEvidenceCheck } from '../store.ts';
import { loadTaskViews } from './plans.ts';

/**
 * Reminds each unfinished unit before its deadline (10 and 3 days) and once when overdue: the
 * unit's 信息员 (editor) and 公开办 staff there, in-app (and by e-mail when SMTP is set).
 */
export async function sendReminders(ctx: AppContext, now: Date): Promise<number> {
  const today = shanghaiDate(now);
  const plans = await selectPlans(ctx.db);
  const tasks = (
    await loadTaskViews(
      ctx.db,
      plans.map((p) => p.id),
      today,
    )
  ).flatMap((t) => [t, ...t.subtasks]);
  let sent = 0;
  for (const t of tasks) {
    if (t.deadline.kind === 'ongoing') continue;
    for (const u of t.units) {
      if (isFulfilled(u.status)) continue;
      const due = reminderDue(t.deadline.date, today);
      if (!due) continue;
      const users = [
        ...(await usersWithRole(ctx.db, u.orgId, 'editor')),
        ...(await usersWithRole(ctx.db, u.orgId, 'openness_admin')),
      ].map((x) => x.id);
      const title =
        due.key === 'overdue'
          ? `台账任务已逾期：第 ${t.number} 项（${t.target}）`
          : `台账任务还有 ${due.days} 天到期：第 ${t.number} 项（${t.target}）`;
      sent += await notifyUsers(ctx.db, now, users, {
        title,
        body: `${u.orgName}：${t.content.slice(0, 120)}\n工作时限：${t.deadlineText}（${t.deadline.date}）。请及时报送进展并关联佐证材料。`,
        link: `/admin/ledger/tasks/${t.id}`,
        dedupeKey: `ledger:${due.key}:${t.id}:${u.orgId}`,
      });
    }
  }
  return sent;
}

/** Hourly: deadline reminders (sendReminders). */
export const reminderJob: JobDefinition = {
  name: 'ledger.reminders',
  label: '台账任务到期提醒',
  intervalSeconds: 3600,
  async run(ctx, now) {
    return `发出提醒 ${await sendReminders(ctx, now)} 条`;
  },
};

/** Says whether a site path still resolves. */
export type EvidenceFetcher = (url: string) => Promise<boolean>;

/** HTTP GET with a short timeout: 2xx/3xx resolves. */
export function httpFetcher(timeoutMs = 5000): EvidenceFetcher {
  return async (url) => {
    try {
      const res = await fetch(url, {
        method: 'GET',
        redirect: 'follow',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel();
      return res.status >= 200 && res.status < 400;
    } catch {
      return false;
    }
  };
}

/** Checks every internal evidence path against the public site; records resolves/last_checked_at. */
export async function checkEvidence(
  ctx: AppContext,
  now: Date,
  fetcher: EvidenceFetcher,
): Promise<{ checked: number; broken: number }> {
  const list = await selectInternalEvidence(ctx.db);
  let broken = 0;
  const base = ctx.config.publicUrl.replace(/\/$/, '');
  for (const e of list) {
    const ok = await fetcher(base + e.url);
    if (!ok) broken++;
    await updateEvidenceCheck(ctx.db, e.id, ok, now.toISOString());
  }
  return { checked: list.length, broken };
}

/** Daily: whether internal evidence links still resolve (checkEvidence). */
export const evidenceCheckJob: JobDefinition = {
  name: 'ledger.evidence-check',
  label: '台账佐证链接有效性检查',
  intervalSeconds: 24 * 3600,
  async run(ctx, now) {
    const r = await checkEvidence(ctx, now, httpFetcher());
    return `检查 ${r.checked} 条，失效 ${r.broken} 条`;
  },
};
