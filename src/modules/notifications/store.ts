/** Queries of the staff inbox: notifications per user, read marks and e-mail copies sent. */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { NotificationTables } from './tables.ts';

export type NotificationRow = Selectable<NotificationTables['notifications']>;

/** Adds one notification unless this user already has one with its dedupe key; true when added. */
export async function insertNotification(
  db: Kysely<DB>,
  n: {
    userId: number;
    title: string;
    body: string;
    link: string | null;
    dedupeKey: string | null;
    at: string;
  },
): Promise<boolean> {
  const res = await db
    .insertInto('notifications')
    .values({
      user_id: n.userId,
      title: n.title,
      body: n.body,
      link: n.link,
      dedupe_key: n.dedupeKey,
      created_at: n.at,
    })
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** A user's latest notifications, newest first. */
export function selectInbox(db: Kysely<DB>, userId: number, limit: number): Promise<NotificationRow[]> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** How many of a user's notifications are unread. */
export async function countUnread(db: Kysely<DB>, userId: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks one of this user's notifications read (another user's is left alone). */
export async function markNotificationRead(db: Kysely<DB>, userId: number, id: number, at: string) {
  await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .execute();
}

/** Notifications of the given users not yet e-mailed (at most `limit`). */
export async function selectUnemailed(db: Kysely<DB>, userIds: number[], limit: number) {
  if (!userIds.length) return [];
  return db
    .selectFrom('notifications')
    .select(['id', 'user_id', 'title', 'body', 'link'])
    .where('emailed_at', 'is', null)
    .where('user_id', 'in', userIds)
    .limit(limit)
    .execute();
}

/** Records that a notification's e-mail copy went out. */
export async function markEmailed(db: Kysely<DB>, id: number, at: string) {
  await db.updateTable('notifications').set({ emailed_at: at }).where('id', '=', id).execute();
}
