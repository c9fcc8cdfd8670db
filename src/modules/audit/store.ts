/** Queries of the audit log: appending to the hash chain, reading it by filter, page and object. */
import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import { lockUntilCommit } from '../../db/index.ts';
import type { DB } from '../../db/types.ts';
import type { AuditFields, AuditFilter } from './model.ts';

export type AuditRow = Selectable<DB['audit_log']>;

/**
 * Serialises appends to the chain until the caller's transaction ends: on PostgreSQL an advisory
 * lock held to commit, so two writers never fork the chain; SQLite serialises writers itself.
 */
export async function lockAuditChain(trx: Kysely<DB>): Promise<void> {
  await lockUntilCommit(trx, 'audit-chain');
}

/** The hash of the newest record, or undefined on an empty log. */
export async function lastAuditHash(db: Kysely<DB>): Promise<string | undefined> {
  const last = await db
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.hash;
}

/** Appends one record. */
export async function insertAuditRecord(
  trx: Kysely<DB>,
  record: AuditFields & { algo: string; prev_hash: string; hash: string },
): Promise<void> {
  await trx.insertInto('audit_log').values(record).execute();
}

/** Up to `limit` records after id `after`, in id order (verifying the chain a page at a time). */
export function selectAuditPage(db: Kysely<DB>, after: number, limit: number): Promise<AuditRow[]> {
  return db.selectFrom('audit_log').selectAll().where('id', '>', after).orderBy('id').limit(limit).execute();
}

/** The newest record older than `beforeIso`, or undefined. */
export function selectLastBefore(db: Kysely<DB>, beforeIso: string) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'hash'])
    .where('at', '<', beforeIso)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Deletes every record up to and including `id`; returns how many. */
export async function deleteAuditUpTo(trx: Kysely<DB>, id: number): Promise<number> {
  const res = await trx.deleteFrom('audit_log').where('id', '<=', id).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** The filter's conditions on a query of the audit log. */
function filtered<Q extends SelectQueryBuilder<DB, 'audit_log', object>>(q: Q, filter: AuditFilter): Q {
  let out = q as SelectQueryBuilder<DB, 'audit_log', object>;
  if (filter.actor) out = out.where('actor_name', 'like', `%${filter.actor}%`);
  if (filter.action) out = out.where('action', 'like', `${filter.action}%`);
  if (filter.objectType) out = out.where('object_type', '=', filter.objectType);
  if (filter.objectId) out = out.where('object_id', '=', filter.objectId);
  if (filter.from) out = out.where('at', '>=', filter.from);
  if (filter.to) out = out.where('at', '<', filter.to);
  return out as Q;
}

/** One page of the records matching the filter, newest first, with the total that match. */
export async function selectAuditFiltered(
  db: Kysely<DB>,
  filter: AuditFilter,
  limit: number,
  offset: number,
): Promise<{ rows: AuditRow[]; total: number }> {
  const q = filtered(db.selectFrom('audit_log'), filter);
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await q.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return { rows, total: Number(total) };
}

/** The records about one object, oldest first. */
export function selectTrail(db: Kysely<DB>, objectType: string, objectId: string) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor_name', 'action', 'before_json', 'after_json'])
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .orderBy('id')
    .execute();
}

/** The newest record's id (0 on an empty log). */
export async function maxAuditId(db: Kysely<DB>): Promise<number> {
  const top = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(top?.id ?? 0);
}

/** Up to `limit` records matching the filter with `after` < id ≤ `upTo`, oldest first (keyset pages). */
export function selectFilteredAfter(
  db: Kysely<DB>,
  filter: AuditFilter,
  after: number,
  upTo: number,
  limit: number,
): Promise<AuditRow[]> {
  return filtered(db.selectFrom('audit_log'), filter)
    .selectAll()
    .where('id', '>', after)
    .where('id', '<=', upTo)
    .orderBy('id')
    .limit(limit)
    .execute();
}
