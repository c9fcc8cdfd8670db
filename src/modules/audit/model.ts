/**
 * The audit chain: each record's hash covers the previous record's hash and its own fields, so
 * changing, deleting or reordering any record breaks every hash after it. The algorithm is named in
 * each record: SM3 (GB/T 32905) where Node's OpenSSL offers it, SHA-256 otherwise.
 */
import { createHash, getHashes } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_ALGO: 'sm3' | 'sha256' = getHashes().includes('sm3') ? 'sm3' : 'sha256';

export interface AuditFields {
  at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  object_type: string;
  object_id: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

/** The hash of one record given its predecessor's hash; the field order is fixed forever. */
export function auditHash(algo: string, prevHash: string, f: AuditFields): string {
  const canonical = JSON.stringify([
    prevHash,
    f.at,
    f.actor_id,
    f.actor_name,
    f.action,
    f.object_type,
    f.object_id,
    f.before_json,
    f.after_json,
    f.ip,
  ]);
  return createHash(algo).update(canonical, 'utf8').digest('hex');
}

export interface ChainRecord extends AuditFields {
  id: number;
  algo: string;
  prev_hash: string;
  hash: string;
}

export type ChainVerdict =
  { ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string };

/**
 * Checks records in id order. Returns where the chain first breaks: a record whose stored hash does
 * not match its content, or whose prev_hash is not its predecessor's hash (a deleted or inserted row).
 */
export function verifyChain(
  records: Iterable<ChainRecord>,
  start = { prevHash: GENESIS_HASH, count: 0 },
): ChainVerdict & { lastHash: string } {
  let prev = start.prevHash;
  let count = start.count;
  for (const r of records) {
    if (r.prev_hash !== prev) {
      return {
        ok: false,
        count,
        brokenAt: r.id,
        reason: '与前一条记录的链接不一致（记录被删除、插入或改序）',
        lastHash: prev,
      };
    }
    if (auditHash(r.algo, r.prev_hash, r) !== r.hash) {
      return {
        ok: false,
        count,
        brokenAt: r.id,
        reason: '记录内容与其哈希不符（记录被篡改）',
        lastHash: prev,
      };
    }
    prev = r.hash;
    count++;
  }
  return { ok: true, count, lastHash: prev };
}

/** What the back office and the API filter the audit log by. */
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
