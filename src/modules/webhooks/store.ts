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
