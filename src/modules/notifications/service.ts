/**
 * The in-app inbox (站内信) for reminders, with an e-mail copy when SMTP is configured. A reminder
 * carries a dedupe key, so a job that runs twice, or on two servers, notifies once.
 */
import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { Actor, AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { userEmails } from '../auth/service.ts';
import type { JobDefinition } from '../jobs/model.ts';
import {
  countUnread,
  insertNotification,
  markEmailed,
  markNotificationRead,
  selectInbox,
  selectUnemailed,
} from './store.ts';

export interface NotificationInput {
  title: string;
  body?: string;
  link?: string;
  /** Same key to the same user is sent once. */
  dedupeKey?: string;
}

/** Adds a notification to each user's inbox; returns how many were new. */
export async function notifyUsers(
  db: Kysely<DB>,
  at: Date,
  userIds: number[],
  n: NotificationInput,
): Promise<number> {
  let added = 0;
  for (const userId of new Set(userIds)) {
    const isNew = await insertNotification(db, {
      userId,
      title: n.title,
      body: n.body ?? '',
      link: n.link ?? null,
      dedupeKey: n.dedupeKey ?? null,
      at: at.toISOString(),
    });
    if (isNew) added++;
  }
  return added;
}

function requireUser(actor: Actor) {
  if (actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
  return actor;
}

/** The signed-in user's latest 200 notifications. */
export async function listInbox(ctx: AppContext, actor: Actor) {
  const user = requireUser(actor);
  const rows = await selectInbox(ctx.db, user.id, 200);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    body: r.body,
    link: r.link,
    createdAt: r.created_at,
    read: r.read_at != null,
  }));
}

/** How many of a user's notifications are unread (the back-office header's count). */
export function unreadCount(db: Kysely<DB>, userId: number): Promise<number> {
  return countUnread(db, userId);
}

/** Marks one of the signed-in user's notifications read. */
export async function markRead(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  const user = requireUser(actor);
  await markNotificationRead(ctx.db, user.id, id, ctx.clock.now().toISOString());
}

/**
 * Sends one e-mail to a member of the public (e.g. an FOI receipt) when SMTP is configured; returns
 * whether it was sent. Never throws: a mail server that is down must not undo what was recorded.
 */
export async function sendPublicEmail(
  ctx: AppContext,
  to: string,
  subject: string,
  text: string,
  html?: string,
): Promise<boolean> {
  const smtp = ctx.config.smtp;
  if (!smtp || !to) return false;
  try {
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
    });
    await transport.sendMail({ from: smtp.from, to, subject, text, ...(html ? { html } : {}) });
    return true;
  } catch (e) {
    ctx.log.warn({ err: e }, 'public e-mail not sent');
    return false;
  }
}

/** Sends e-mail copies of new notifications to users with an address (only when SMTP is configured). */
export const emailJob: JobDefinition = {
  name: 'notifications.email',
  label: '站内提醒邮件发送',
  intervalSeconds: 60,
  async run(ctx, now) {
    if (!ctx.config.smtp) return '未配置 SMTP，仅站内提醒';
    const smtp = ctx.config.smtp;
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
    });
    // Only users with an address are mailed; the others' notices wait, unmarked, until they give one.
    const emails = await userEmails(ctx.db);
    const pending = await selectUnemailed(ctx.db, [...emails.keys()], 100);
    for (const n of pending) {
      const link = n.link ? `\n\n${ctx.config.publicUrl}${n.link}` : '';
      await transport.sendMail({
        from: smtp.from,
        to: emails.get(n.user_id)!,
        subject: n.title,
        text: `${n.body}${link}`,
      });
      await markEmailed(ctx.db, n.id, now.toISOString());
    }
    return `发送 ${pending.length} 封`;
  },
};
