import type { Generated } from 'kysely';

export interface WebhookTables {
  /** An integrator's endpoint (set by the 系统管理员): where to POST which events, signed with its secret. */
  webhook_subscribers: {
    id: Generated<number>;
    name: string;
    url: string;
    /** The signing secret, sealed at rest (lib/datakeys.ts). */
    secret_sealed: string;
    /** JSON array of event types (model.ts WEBHOOK_EVENTS). */
    events_json: string;
    active: number;
    created_at: string;
    updated_at: string;
  };
  /** One event for one subscriber: queued in the transaction of the change, sent by the `webhooks.deliver` job. */
  webhook_deliveries: {
    id: Generated<number>;
    subscriber_id: number;
    /** The event's id (the same for every subscriber of one event; receivers deduplicate on it). */
    event_id: string;
    event_type: string;
    /** The exact JSON body that is signed and sent. */
    body: string;
    /** pending → delivered, or failed after the last attempt. */
    status: string;
    attempts: number;
    next_attempt_at: string;
    lease_until: string | null;
    last_status_code: number | null;
    last_error: string | null;
    created_at: string;
    delivered_at: string | null;
  };
}
