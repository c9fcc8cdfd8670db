/** The daily freshness reminders to each account's unit (国办秘函〔2019〕19号: 2 weeks without an update is a veto). */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { usersWithRole } from '../../auth/service.ts';
import type { JobDefinition } from '../../jobs/service.ts';
import { notifyUsers } from '../../notifications/service.ts';
import { FRESHNESS_FLAGS, PLATFORMS, freshnessOf } from '../model.ts';
import { selectAccounts } from '../store.ts';

/** Who hears about an org's accounts: its editors and reviewers. */
async function orgRecipients(db: Kysely<DB>, orgId: number): Promise<number[]> {
  const ids: number[] = [];
  for (const role of ['editor', 'reviewer'] as const)
    ids.push(...(await usersWithRole(db, orgId, role)).map((u) => u.id));
  return ids;
}

/**
 * Daily: every active account that fails a freshness rule reminds its owner org's editors and
 * reviewers. Dedupe keys make one reminder per stale spell (last update date) and per failed check.
 */
export const mediaFreshnessJob: JobDefinition = {
  name: 'media.freshness',
  label: '政务新媒体更新和互动检查提醒',
  intervalSeconds: 24 * 3600,
  async run(ctx, now) {
    const today = shanghaiDate(now);
    const accounts = await selectAccounts(ctx.db, { status: 'active' });
    let sent = 0;
    let flagged = 0;
    for (const a of accounts) {
      const f = freshnessOf(a, today);
      const relevant = f.flags.filter(
        (x) => x === 'stale' || x === 'stale_soon' || x === 'interaction_broken' || x === 'no_record',
      );
      if (!relevant.length) continue;
      flagged++;
      const users = await orgRecipients(ctx.db, a.orgId);
      for (const flag of relevant) {
        const key =
          flag === 'interaction_broken'
            ? `media.${flag}:${a.id}:${a.checkedOn}`
            : `media.${flag}:${a.id}:${a.lastUpdateDate ?? 'none'}`;
        sent += await notifyUsers(ctx.db, now, users, {
          title: `新媒体账号“${a.accountName}”：${FRESHNESS_FLAGS[flag]}`,
          body: `${PLATFORMS[a.platform]}账号“${a.accountName}”（${a.platformAccountId}）${a.lastUpdateDate ? `最近更新于 ${a.lastUpdateDate}` : '尚未登记更新情况'}。按国办秘函〔2019〕19号，政务新媒体 2 周内无更新或互动功能不可用属单项否决，请及时更新并登记。`,
          link: `/admin/media/${a.id}`,
          dedupeKey: key,
        });
      }
    }
    return `检查 ${accounts.length} 个账号，${flagged} 个需关注，发送提醒 ${sent} 条`;
  },
};
