/** Webhook queries: subscribers and deliveries, rows mapped to views (the sealed secret never leaves here unopened). */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import { open } from '../../lib/datakeys.ts';
import type { WebhookTables } from './tables.ts';
import type { WebhookEventType } from './model.ts';

export interface Subscriber {
  id: number;
  name: string;
  url: string;
  events: WebhookEventType[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Delivery {
  id: number;
  subscriberId: number;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

const subscriberOf = (r: Selectable<WebhookTables['webhook_subscribers']>): Subscriber => ({
  id: r.id,
  name: r.name,
  url: r.url,
  events: JSON.parse(r.events_json) as WebhookEventType[],
  active: r.active === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const deliveryOf = (r: Selectable<WebhookTables['webhook_deliveries']>): Delivery => ({
  id: r.id,
  subscriberId: r.subscriber_id,
  eventId: r.event_id,
  eventType: r.event_type,
  status: r.status as Delivery['status'],
  attempts: r.attempts,
  nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
});

export async function selectSubscribers(
  db: Kysely<DB>,
  opts: { activeOnly?: boolean } = {},
): Promise<Subscriber[]> {
  let q = db.selectFrom('webhook_subscribers').selectAll().orderBy('id');
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return (await q.execute()).map(subscriberOf);
}

export async function selectSubscriber(db: Kysely<DB>, id: number): Promise<Subscriber | undefined> {
  const r = await db.selectFrom('webhook_subscribers').selectAll().where('id', '=', id).executeTakeFirst();
  return r && subscriberOf(r);
}

/** The subscriber's signing secret, opened (for the delivery job only). */
export async function subscriberSecret(db: Kysely<DB>, id: number): Promise<string | undefined> {
  const r = await db
    .selectFrom('webhook_subscribers')
    .select('secret_sealed')
    .where('id', '=', id)
    .executeTakeFirst();
  return r && open(r.secret_sealed);
}

export async function selectDeliveries(db: Kysely<DB>, subscriberId: number, page: number, pageSize: number) {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('subscriber_id', '=', subscriberId)
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const { n } = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subscriber_id', '=', subscriberId)
    .executeTakeFirstOrThrow();
  return { items: rows.map(deliveryOf), total: Number(n), page, pageSize };
}

/** The columns a subscriber input sets. */
export interface SubscriberValues {
  name: string;
  url: string;
  events: string[];
  active: boolean;
  /** Sealed; omitted on update to keep the current secret. */
  secretSealed?: string;
}

/** Adds a subscriber; returns its id. */
export async function insertSubscriber(db: Kysely<DB>, v: SubscriberValues, now: string): Promise<number> {
  const { id } = await db
    .insertInto('webhook_subscribers')
    .values({
      name: v.name,
      url: v.url,
      secret_sealed: v.secretSealed ?? '',
      events_json: JSON.stringify(v.events),
      active: v.active ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Changes a subscriber. */
export async function updateSubscriberRow(db: Kysely<DB>, id: number, v: SubscriberValues, now: string) {
  await db
    .updateTable('webhook_subscribers')
    .set({
      name: v.name,
      url: v.url,
      events_json: JSON.stringify(v.events),
      active: v.active ? 1 : 0,
      updated_at: now,
      ...(v.secretSealed ? { secret_sealed: v.secretSealed } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Queues one event's body for each subscriber, due at once. */
export async function insertDeliveries(
  db: Kysely<DB>,
  subscriberIds: number[],
  e: { eventId: string; eventType: string; body: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('webhook_deliveries')
    .values(
      subscriberIds.map((id) => ({
        subscriber_id: id,
        event_id: e.eventId,
        event_type: e.eventType,
        body: e.body,
        status: 'pending',
        attempts: 0,
        next_attempt_at: e.createdAt,
        created_at: e.createdAt,
      })),
    )
    .execute();
}

/** One delivery's row (for sending it). */
export function selectDeliveryRow(db: Kysely<DB>, id: number) {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Records one attempt's outcome and releases the lease. */
export async function recordAttempt(
  db: Kysely<DB>,
  id: number,
  r: {
    status: Delivery['status'];
    attempts: number;
    lastStatusCode: number | null;
    lastError: string | null;
    deliveredAt: string | null;
    nextAttemptAt: string;
  },
) {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: r.status,
      attempts: r.attempts,
      lease_until: null,
      last_status_code: r.lastStatusCode,
      last_error: r.lastError,
      delivered_at: r.deliveredAt,
      next_attempt_at: r.nextAttemptAt,
    })
    .where('id', '=', id)
    .execute();
}

/** Ids of up to `limit` pending deliveries due at `at` with no live lease, oldest first. */
export async function selectDueDeliveryIds(db: Kysely<DB>, at: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Leases a due delivery with a conditional UPDATE (two servers never send one at once); true when won. */
export async function leaseDelivery(db: Kysely<DB>, id: number, at: string, until: string): Promise<boolean> {
  const res = await db
    .updateTable('webhook_deliveries')
    .set({ lease_until: until })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
