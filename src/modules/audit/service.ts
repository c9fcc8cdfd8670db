/**
 * Writing and reading the audit log. `recordAudit` is called by every write use case inside the
 * same transaction as the change, so a change without its audit record cannot be committed.
 */
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { csvLine, neutraliseCell } from '../../lib/spreadsheet.ts';
import { actorName, type Actor, type AppContext } from '../../context.ts';
import { getSetting, putSetting } from '../../db/settings.ts';
import type { DB } from '../../db/types.ts';
import {
  AUDIT_ALGO,
  GENESIS_HASH,
  auditHash,
  verifyChain,
  type AuditFilter,
  type ChainVerdict,
} from './model.ts';
import {
  deleteAuditUpTo,
  insertAuditRecord,
  lastAuditHash,
  lockAuditChain,
  maxAuditId,
  selectAuditFiltered,
  selectAuditPage,
  selectFilteredAfter,
  selectLastBefore,
  selectTrail,
  type AuditRow,
} from './store.ts';

export type { AuditFilter } from './model.ts';
import { requirePermission } from '../auth/permissions.ts';
import { badRequest } from '../../errors.ts';
import { transact } from '../../db/index.ts';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Called inside the transaction of every audited change, after its record: what it writes commits or rolls back with the change. */
export type AuditListener = (trx: Kysely<DB>, at: Date, entry: AuditEntry) => Promise<void>;
const auditListeners = new Set<AuditListener>();

/** Adds a listener to every audited change in this process (webhooks queue their events so); a listener is added once however often. */
export function onAudited(listener: AuditListener): void {
  auditListeners.add(listener);
}

/**
 * The chain's newest hash as a transaction left it once it holds the chain: the lock is held until
 * it ends and nobody else appends meanwhile, so its next record needs neither the lock nor the read
 * again (a demo seed, one transaction per module, records hundreds).
 */
const chainHeads = new WeakMap<Kysely<DB>, string>();

/**
 * Appends one record to the chain. Must run inside the caller's transaction: on PostgreSQL an
 * advisory lock held to commit serialises appends so two writers never fork the chain; SQLite
 * serialises writers itself.
 */
export async function recordAudit(trx: Kysely<DB>, at: Date, actor: Actor, entry: AuditEntry): Promise<void> {
  if (!trx.isTransaction)
    throw new Error('recordAudit must run inside the transaction of the change it records');
  let prevHash = chainHeads.get(trx);
  if (prevHash === undefined) {
    await lockAuditChain(trx);
    prevHash = (await lastAuditHash(trx)) ?? GENESIS_HASH;
  }
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
  const hash = auditHash(AUDIT_ALGO, prevHash, fields);
  await insertAuditRecord(trx, { ...fields, algo: AUDIT_ALGO, prev_hash: prevHash, hash });
  chainHeads.set(trx, hash);
  for (const listener of auditListeners) await listener(trx, at, entry);
}

/**
 * Runs `work` in a transaction and records `entry` (computed from its result) in the same one.
 * When `ctx.db` is already a transaction (one use case calling another's), it joins it, so both
 * changes and both records commit or roll back together.
 */
export async function auditedWrite<T>(
  ctx: AppContext,
  actor: Actor,
  work: (trx: Kysely<DB>) => Promise<T>,
  entry: (result: T) => AuditEntry,
): Promise<T> {
  const run = async (trx: Kysely<DB>) => {
    const result = await work(trx);
    await recordAudit(trx, ctx.clock.now(), actor, entry(result));
    return result;
  };
  return transact(ctx.db, run);
}

const ANCHOR_KEY = 'audit.anchor';

/** After a purge, the chain starts from the last purged record's hash (kept in settings). */
async function chainAnchor(db: Kysely<DB>): Promise<{ prevHash: string; lastPurgedId: number }> {
  const r = await getSetting(db, ANCHOR_KEY);
  if (r === undefined) return { prevHash: GENESIS_HASH, lastPurgedId: 0 };
  const a = JSON.parse(r) as { hash: string; id: number };
  return { prevHash: a.hash, lastPurgedId: a.id };
}

/**
 * Deletes audit records older than `before` (an ISO instant), never any younger than the retention
 * (config auditRetentionDays, at least 180 days: 网络安全法第二十一条). The chain stays verifiable:
 * the last purged record's hash becomes its anchor, and the purge is itself recorded. CLI only.
 */
export async function purgeAudit(ctx: AppContext, actor: Actor, before: string): Promise<number> {
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - ctx.config.auditRetentionDays * 86_400_000);
  if (Number.isNaN(Date.parse(before))) throw badRequest('日期格式不正确');
  if (new Date(before).getTime() > cutoff.getTime()) {
    throw badRequest(
      `审计记录至少保存 ${ctx.config.auditRetentionDays} 天：只能清理 ${cutoff.toISOString().slice(0, 10)} 之前的记录`,
    );
  }
  const beforeIso = new Date(before).toISOString();
  return transact(ctx.db, async (trx) => {
    const last = await selectLastBefore(trx, beforeIso);
    if (!last) return 0;
    const n = await deleteAuditUpTo(trx, last.id);
    chainHeads.delete(trx);
    const value = JSON.stringify({ id: last.id, hash: last.hash });
    await putSetting(trx, ANCHOR_KEY, value);
    await recordAudit(trx, now, actor, {
      action: 'audit.purge',
      objectType: 'audit_log',
      objectId: last.id,
      after: { before: beforeIso, deleted: n },
    });
    return n;
  });
}

/** Verifies the whole chain for a member of staff who may read the log (audit.read). */
export async function checkAuditChain(ctx: AppContext, actor: Actor): Promise<ChainVerdict> {
  requirePermission(actor, 'audit.read');
  return verifyAuditChain(ctx.db);
}

/** Verifies the whole chain in id order, a page at a time. */
export async function verifyAuditChain(db: Kysely<DB>): Promise<ChainVerdict> {
  const anchor = await chainAnchor(db);
  let state = { prevHash: anchor.prevHash, count: 0 };
  let after = anchor.lastPurgedId;
  for (;;) {
    const page = await selectAuditPage(db, after, 5000);
    if (page.length === 0) return { ok: true, count: state.count };
    const verdict = verifyChain(page, state);
    if (!verdict.ok)
      return { ok: false, count: verdict.count, brokenAt: verdict.brokenAt, reason: verdict.reason };
    state = { prevHash: verdict.lastHash, count: verdict.count };
    after = page[page.length - 1].id;
  }
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
  /** The chain's hash algorithm for this record: sm3 or sha256. */
  algo: string;
}

const parse = (s: string | null) => (s == null ? null : JSON.parse(s));

/** Lists audit records, newest first, for the back office and the API. */
export async function listAudit(ctx: AppContext, actor: Actor, filter: AuditFilter) {
  requirePermission(actor, 'audit.read');
  const pageSize = Math.min(filter.pageSize ?? 50, 200);
  const page = Math.max(filter.page ?? 1, 1);
  const { rows, total } = await selectAuditFiltered(ctx.db, filter, pageSize, (page - 1) * pageSize);
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
    algo: r.algo,
  }));
  return { items, total, page, pageSize };
}

/** History of one object (for the "who did what" panel on items and cases). */
export async function auditTrail(db: Kysely<DB>, objectType: string, objectId: string | number) {
  const rows = await selectTrail(db, objectType, String(objectId));
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorName: r.actor_name,
    action: r.action,
    before: parse(r.before_json),
    after: parse(r.after_json),
  }));
}

/** Rows matching the filter with id ≤ `upTo`, oldest first, read in keyset pages (`id > last`): bounded memory, no id lists. */
async function* auditRowsAfter(
  db: Kysely<DB>,
  filter: AuditFilter,
  upTo: number,
  batch: number,
): AsyncGenerator<AuditRow[]> {
  let last = 0;
  for (;;) {
    const rows = await selectFilteredAfter(db, filter, last, upTo, batch);
    if (rows.length) yield rows;
    if (rows.length < batch) return;
    last = rows[rows.length - 1].id;
  }
}

const EXPORT_HEADER = [
  '编号',
  '时间（UTC）',
  '操作人',
  '操作',
  '对象类型',
  '对象编号',
  'IP',
  '变更前',
  '变更后',
  '哈希算法',
  '前一哈希',
  '哈希',
];
const exportCells = (r: AuditRow) => [
  r.id,
  r.at,
  r.actor_name,
  r.action,
  r.object_type,
  r.object_id ?? '',
  r.ip ?? '',
  r.before_json ?? '',
  r.after_json ?? '',
  r.algo,
  r.prev_hash,
  r.hash,
];

/**
 * The audit log as CSV or XLSX (the records matching the filter when the export starts, oldest
 * first), streamed: any size in bounded memory on both engines. The export is itself audited — when
 * the last row has been produced, so an export that failed or was abandoned leaves no `audit.export`
 * record (and a failure to write that record fails the download). Cells are neutralised (lib/spreadsheet.ts).
 */
export function exportAudit(
  ctx: AppContext,
  actor: Actor,
  filter: AuditFilter,
  format: 'csv' | 'xlsx',
  opts: { batch?: number } = {},
): Readable {
  requirePermission(actor, 'audit.export');
  const batch = opts.batch ?? 2000;
  const pages = async function* () {
    yield* auditRowsAfter(ctx.db, filter, await maxAuditId(ctx.db), batch);
  };
  const recordExport = () =>
    auditedWrite(
      ctx,
      actor,
      async () => null,
      () => ({ action: 'audit.export', objectType: 'audit_log', after: { ...filter, format } }),
    );
  if (format === 'csv') {
    return Readable.from(
      (async function* () {
        yield '\ufeff' + csvLine(EXPORT_HEADER);
        for await (const rows of pages()) yield rows.map((r) => csvLine(exportCells(r))).join('');
        await recordExport();
      })(),
      { objectMode: false },
    );
  }
  const out = new PassThrough();
  (async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    const ws = wb.addWorksheet('审计日志');
    ws.addRow(EXPORT_HEADER).commit();
    for await (const rows of pages()) {
      for (const r of rows) ws.addRow(exportCells(r).map(neutraliseCell)).commit();
      // Backpressure: wait while the reader (the HTTP response) has not taken what is already written.
      if (out.writableNeedDrain) await once(out, 'drain');
      if (out.destroyed) return;
    }
    ws.commit();
    await recordExport();
    await wb.commit();
  })().catch((e: unknown) => out.destroy(e as Error));
  return out;
}
