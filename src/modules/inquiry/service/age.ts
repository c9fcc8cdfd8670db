/** Unanswered inquiries by age (单项否决 over 3 months), the daily reminders job, sealing contacts at rest. */
import { type Actor, type AppContext } from '../../../context.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { usersWithRole } from '../../auth/service.ts';
import type { JobDefinition } from '../../jobs/service.ts';
import { notifyUsers } from '../../notifications/service.ts';
import { AGE_LEVELS, ageLevel, type AgeLevel } from '../model.ts';
import { sealInquiryContacts, selectInquiries, type Inquiry } from '../store.ts';
import { listInquiries } from './handle.ts';
import { transact } from '../../../db/index.ts';

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
  transact(ctx.db, (trx) => sealInquiryContacts(trx, ctx.config.dataKeys.current.id));
