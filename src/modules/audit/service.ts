/**
 * Writing and reading the audit log. `recordAudit` is called by every write use case inside the
 * same transaction as the change, so a change without its audit record cannot be committed.
 */
import { sql, type Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../context.ts';
import { engineOf } from '../../db/index.ts';
import type { DB } from '../../db/types.ts';
import { AUDIT_ALGO, GENESIS_HASH, auditHash, verifyChain, type ChainVerdict } from './model.ts';
import { requirePermission } from '../auth/permissions.ts';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/**
 * Appends one record to the chain. Must run inside the caller's transaction: on PostgreSQL an
 * advisory lock held to commit serialises appends so two writers never fork the chain; SQLite
 * serialises writers itself.
 */
export async function recordAudit(trx: Kysely<DB>, at: Date, actor: Actor, entry: AuditEntry): Promise<void> {
  if (!trx.isTransaction) throw new Error('recordAudit must run inside the transaction of the change it records');
  if (engineOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(7270001)`.execute(trx);
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields = {
    at: at.toISOString(),
    actor_id: actor.kind === 'user' ? actor.id : null,
    actor_name: actorName(actor),
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId == null ? null : String(entry.objectId),
    before_json: json(entry.before),
    after_json: json(entry.after),
    ip: actor.ip,
  };
  await trx
    .insertInto('audit_log')
    .values({ ...fields, algo: AUDIT_ALGO, prev_hash: prevHash, hash: auditHash(AUDIT_ALGO, prevHash, fields) })
    .execute();
}

/** Runs `work` in a transaction and records `entry` (computed from its result) in the same one. */
export async function auditedWrite<T>(
  ctx: AppContext,
  actor: Actor,
  work: (trx: Kysely<DB>) => Promise<T>,
  entry: (result: T) => AuditEntry,
): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    const result = await work(trx);
    await recordAudit(trx, ctx.clock.now(), actor, entry(result));
    return result;
  });
}

/** Verifies the whole chain in id order, a page at a time. */
export async function verifyAuditChain(db: Kysely<DB>): Promise<ChainVerdict> {
  let state = { prevHash: GENESIS_HASH, count: 0 };
  let after = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('id', '>', after).orderBy('id').limit(5000).execute();
    if (page.length === 0) return { ok: true, count: state.count };
    const verdict = verifyChain(page, state);
    if (!verdict.ok) return { ok: false, count: verdict.count, brokenAt: verdict.brokenAt, reason: verdict.reason };
    state = { prevHash: verdict.lastHash, count: verdict.count };
    after = page[page.length - 1].id;
  }
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface AuditRecordView {
  id: number;
  at: string;
  actorName: string;
  action: string;
  objectType: string;
  objectId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

const parse = (s: string | null) => (s == null ? null : JSON.parse(s));

/** Lists audit records, newest first, for the back office and the API. */
export async function listAudit(ctx: AppContext, actor: Actor, filter: AuditFilter) {
  requirePermission(actor, 'audit.read');
  const pageSize = Math.min(filter.pageSize ?? 50, 200);
  const page = Math.max(filter.page ?? 1, 1);
  let q = ctx.db.selectFrom('audit_log');
  if (filter.actor) q = q.where('actor_name', 'like', `%${filter.actor}%`);
  if (filter.action) q = q.where('action', 'like', `${filter.action}%`);
  if (filter.objectType) q = q.where('object_type', '=', filter.objectType);
  if (filter.objectId) q = q.where('object_id', '=', filter.objectId);
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.to) q = q.where('at', '<', filter.to);
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await q.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
  const items: AuditRecordView[] = rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorName: r.actor_name,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    before: parse(r.before_json),
    after: parse(r.after_json),
    ip: r.ip,
  }));
  return { items, total: Number(total), page, pageSize };
}

/** History of one object (for the "who did what" panel on items and cases). */
export async function auditTrail(db: Kysely<DB>, objectType: string, objectId: string | number) {
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor_name', 'action', 'before_json', 'after_json'])
    .where('object_type', '=', objectType)
    .where('object_id', '=', String(objectId))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, at: r.at, actorName: r.actor_name, action: r.action, before: parse(r.before_json), after: parse(r.after_json) }));
}
