/**
 * Webhooks use cases: subscribers (系统管理员, audited), events queued in the transaction of the
 * audited change they report (so an event is sent exactly for a committed change, and survives a
 * restart), and the delivery job that sends them signed, retrying with backoff.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { badRequest, notFound } from '../../errors.ts';
import { seal } from '../../lib/datakeys.ts';
import { auditedWrite, onAudited, type AuditEntry } from '../audit/service.ts';
import { requirePermission } from '../auth/permissions.ts';
import { findItem } from '../content/service.ts';
import { applicationRecord as selectApplication } from '../foi/service.ts';
import type { JobDefinition } from '../jobs/service.ts';
import {
  eventBody,
  eventOfAudit,
  isPrivateAddress,
  MAX_ATTEMPTS,
  retryDelaySeconds,
  SIGNATURE_HEADER,
  signatureHeader,
  urlProblem,
  WEBHOOK_EVENTS,
  type WebhookEventType,
} from './model.ts';
import {
  insertDeliveries,
  insertSubscriber,
  leaseDelivery,
  recordAttempt,
  selectDeliveries,
  selectDeliveryRow,
  selectDueDeliveryIds,
  selectSubscriber,
  selectSubscribers,
  subscriberSecret,
  updateSubscriberRow,
  type Subscriber,
} from './store.ts';

export interface SubscriberInput {
  name: string;
  url: string;
  events: string[];
  active: boolean;
  /** A new signing secret; absent on create = one is generated, on update = the old one stays. */
  secret?: string | null;
}

export async function listSubscribers(ctx: AppContext, actor: Actor): Promise<Subscriber[]> {
  requirePermission(actor, 'webhooks.manage');
  return selectSubscribers(ctx.db);
}

export async function getSubscriber(ctx: AppContext, actor: Actor, id: number): Promise<Subscriber> {
  requirePermission(actor, 'webhooks.manage');
  const s = await selectSubscriber(ctx.db, id);
  if (!s) throw notFound('订阅');
  return s;
}

/** Refuses a target this server must not POST to: bad scheme, or (without WEBHOOK_ALLOW_PRIVATE) a loopback or private address. */
export async function targetProblem(ctx: AppContext, url: string): Promise<string> {
  const p = urlProblem(url);
  if (p) return p;
  if (ctx.config.webhookAllowPrivate) return '';
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host))
    return isPrivateAddress(host)
      ? '不能使用本机或内网地址（如需对接内网系统，请由运维设置 WEBHOOK_ALLOW_PRIVATE=1）'
      : '';
  try {
    const addrs = await lookup(host, { all: true });
    if (addrs.some((a) => isPrivateAddress(a.address)))
      return '该主机名解析到本机或内网地址，不能使用（如需对接内网系统，请由运维设置 WEBHOOK_ALLOW_PRIVATE=1）';
  } catch {
    return '无法解析该地址的主机名';
  }
  return '';
}

async function validate(
  ctx: AppContext,
  input: SubscriberInput,
  creating: boolean,
): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  if (!input.name.trim() || input.name.length > 100) fields.name = '请填写对接方名称（最多 100 个字）';
  const t = await targetProblem(ctx, input.url.trim());
  if (t) fields.url = t;
  const events = [...new Set(input.events)];
  if (events.length === 0) fields.events = '请至少选择一种事件';
  else if (events.some((e) => !(e in WEBHOOK_EVENTS))) fields.events = '事件类型无效';
  if (input.secret != null && input.secret !== '' && (input.secret.length < 16 || input.secret.length > 200))
    fields.secret = '签名密钥应为 16 到 200 个字符';
  if (!creating && input.secret === '') delete fields.secret;
  return fields;
}

/** Creates a subscriber; returns it with its secret (shown this once; stored sealed). */
export async function createSubscriber(
  ctx: AppContext,
  actor: Actor,
  input: SubscriberInput,
): Promise<Subscriber & { secret: string }> {
  requirePermission(actor, 'webhooks.manage');
  const fields = await validate(ctx, input, true);
  if (Object.keys(fields).length) throw badRequest('订阅信息有误，请按提示修改', fields);
  const secret = input.secret || randomBytes(32).toString('hex');
  const now = ctx.clock.now().toISOString();
  const s = await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertSubscriber(
        trx,
        {
          name: input.name.trim(),
          url: input.url.trim(),
          secretSealed: seal(secret),
          events: [...new Set(input.events)],
          active: input.active,
        },
        now,
      );
      return (await selectSubscriber(trx, id))!;
    },
    (after) => ({
      action: 'webhook.subscriber.create',
      objectType: 'webhook_subscriber',
      objectId: after.id,
      after,
    }),
  );
  return { ...s, secret };
}

export async function updateSubscriber(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: SubscriberInput,
): Promise<Subscriber> {
  const before = await getSubscriber(ctx, actor, id);
  const fields = await validate(ctx, input, false);
  if (Object.keys(fields).length) throw badRequest('订阅信息有误，请按提示修改', fields);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateSubscriberRow(
        trx,
        id,
        {
          name: input.name.trim(),
          url: input.url.trim(),
          events: [...new Set(input.events)],
          active: input.active,
          ...(input.secret ? { secretSealed: seal(input.secret) } : {}),
        },
        ctx.clock.now().toISOString(),
      );
      return (await selectSubscriber(trx, id))!;
    },
    (after) => ({
      action: 'webhook.subscriber.update',
      objectType: 'webhook_subscriber',
      objectId: id,
      before,
      after: { ...after, secretChanged: !!input.secret },
    }),
  );
}

/** A subscriber's delivery log, newest first. */
export async function listDeliveries(ctx: AppContext, actor: Actor, id: number, page = 1, pageSize = 50) {
  await getSubscriber(ctx, actor, id);
  return selectDeliveries(ctx.db, id, page, pageSize);
}

/**
 * The event's data: what an integrator may know, read in the transaction of the change. FOI cases
 * carry no personal information (no name, ID number, phone, address or request text); items only
 * what the portal shows.
 */
async function eventData(
  trx: Kysely<DB>,
  subject: 'foi' | 'content',
  id: number,
  entry: AuditEntry,
): Promise<Record<string, unknown> | null> {
  if (subject === 'foi') {
    const a = await selectApplication(trx, id);
    if (!a) return null;
    const ev = (entry.after as { event?: { type?: string; on?: string } } | undefined)?.event;
    return {
      applicationId: a.id,
      number: a.number,
      orgId: a.org_id,
      channel: a.channel,
      status: a.status,
      receivedOn: a.received_on,
      dueDate: a.due_date,
      provisional: a.provisional === 1,
      outcome: a.outcome,
      closedOn: a.closed_on,
      ...(ev ? { event: { type: ev.type, on: ev.on } } : {}),
    };
  }
  const item = await findItem(trx, id);
  if (!item) return null;
  return {
    itemId: item.id,
    kind: item.kind,
    title: item.title,
    orgId: item.orgId,
    docNumber: item.docNumber,
    columnIds: item.columnIds,
    status: item.status,
    path: `/items/${item.id}`,
    publishedAt: item.publishedAt,
    withdrawnAt: item.withdrawnAt,
  };
}

/** The audit listener: an audited change that is an event is queued for every active subscriber of its type. */
export async function queueEvents(trx: Kysely<DB>, at: Date, entry: AuditEntry): Promise<void> {
  const event = eventOfAudit(entry.action, entry.objectType);
  if (!event || entry.objectId == null) return;
  const subscribers = (await selectSubscribers(trx, { activeOnly: true })).filter((s) =>
    s.events.includes(event.type),
  );
  if (subscribers.length === 0) return;
  const data = await eventData(trx, event.subject, Number(entry.objectId), entry);
  if (!data) return;
  const createdAt = at.toISOString();
  const id = randomUUID();
  const body = eventBody(id, event.type, createdAt, data);
  await insertDeliveries(
    trx,
    subscribers.map((s) => s.id),
    { eventId: id, eventType: event.type, body, createdAt },
  );
}
onAudited(queueEvents);

const TIMEOUT_MS = 10_000;
const LEASE_MS = 2 * 60_000;

/** POSTs one body; resolves to the HTTP status, rejects with a Chinese reason (refused target, timeout, network). */
function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  allowPrivate: boolean,
): Promise<number> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) && isPrivateAddress(host))
    return Promise.reject(new Error('目标为本机或内网地址，已拒绝'));
  // Checked at connect time, on the address actually used (a name that resolves elsewhere later is caught too).
  const guarded: LookupFunction = (hostname, options, callback) => {
    lookup(hostname, { all: true }).then(
      (addrs) => {
        const bad = !allowPrivate && addrs.some((a) => isPrivateAddress(a.address));
        if (bad) return callback(new Error('目标主机名解析到本机或内网地址，已拒绝'), '', 4);
        if ((options as { all?: boolean }).all)
          return (callback as unknown as (e: null, a: typeof addrs) => void)(null, addrs);
        callback(null, addrs[0].address, addrs[0].family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 4),
    );
  };
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      u,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guarded,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${TIMEOUT_MS / 1000} 秒内无响应`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends one delivery (already leased) and records the outcome. */
async function attempt(ctx: AppContext, id: number, now: Date): Promise<'delivered' | 'pending' | 'failed'> {
  const d = await selectDeliveryRow(ctx.db, id);
  const sub = await selectSubscriber(ctx.db, d.subscriber_id);
  const secret = await subscriberSecret(ctx.db, d.subscriber_id);
  let status = 0;
  let error: string | null = null;
  if (!sub || !sub.active || !secret) error = '订阅已停用';
  else {
    try {
      status = await post(
        sub.url,
        {
          'content-type': 'application/json',
          'user-agent': 'Gongkai-Webhooks/1',
          'gongkai-event': d.event_type,
          'gongkai-delivery': String(d.id),
          [SIGNATURE_HEADER]: signatureHeader(secret, d.body, now),
        },
        d.body,
        ctx.config.webhookAllowPrivate,
      );
      if (status < 200 || status >= 300) error = `对方返回 HTTP ${status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  const attempts = d.attempts + 1;
  const outcome = !error ? 'delivered' : !sub?.active || attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
  await recordAttempt(ctx.db, id, {
    status: outcome,
    attempts,
    lastStatusCode: status || null,
    lastError: error ? error.slice(0, 500) : null,
    deliveredAt: outcome === 'delivered' ? now.toISOString() : null,
    nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(attempts) * 1000).toISOString(),
  });
  return outcome;
}

/** Sends every due delivery this process can lease (a conditional UPDATE, so two servers never send one twice at once). */
export async function deliverDue(
  ctx: AppContext,
  now: Date,
): Promise<{ delivered: number; retrying: number; failed: number }> {
  const at = now.toISOString();
  const due = await selectDueDeliveryIds(ctx.db, at, 100);
  const counts = { delivered: 0, retrying: 0, failed: 0 };
  for (const id of due) {
    if (!(await leaseDelivery(ctx.db, id, at, new Date(now.getTime() + LEASE_MS).toISOString()))) continue;
    const outcome = await attempt(ctx, id, now);
    counts[outcome === 'pending' ? 'retrying' : outcome]++;
  }
  return counts;
}

export const webhookDeliveryJob: JobDefinition = {
  name: 'webhooks.deliver',
  label: 'Webhook 事件推送',
  intervalSeconds: 15,
  async run(ctx, now) {
    const c = await deliverDue(ctx, now);
    return `送达 ${c.delivered}，待重试 ${c.retrying}，失败 ${c.failed}`;
  },
};

export type { WebhookEventType };
