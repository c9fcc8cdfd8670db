/**
 * Carrying an import run out: each pending row, in order, in its own transaction with its item and
 * its old URL's redirect, so a run stopped mid-way resumes without duplicates; the runs' reports,
 * the imported drafts waiting for review, and the old paths' redirects.
 */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../../context.ts';
import { readStoredFile } from '../../../../db/files.ts';
import type { DB } from '../../../../db/types.ts';
import { AppError, invalidState, notFound } from '../../../../errors.ts';
import { recordAudit } from '../../../audit/service.ts';
import { requirePermission } from '../../../auth/permissions.ts';
import { inScope } from '../../../org/model.ts';
import { orgScope, requireOrgAccess } from '../../../org/service.ts';
import type { GateResult } from '../../integrations.ts';
import { gateCounts } from '../../model.ts';
import { importItem } from '../../service/import-item.ts';
import { listColumns } from '../../service/structure.ts';
import { politeFetcher, type CrawlFailure, type PoliteFetcher } from '../crawl.ts';
import { oldPathOf, type CrawlSettings, type RowState, type RunStatus, type SourceRow } from '../model.ts';
import { openPackage, type OpenedPackage } from '../package.ts';
import {
  countRows,
  crawlFiles,
  itemInputOf,
  messageOf,
  packageFiles,
  type Files,
  type ImportRun,
  type RowReport,
  type RunHooks,
} from '../rows.ts';
import {
  insertRedirect,
  selectImportedDrafts,
  selectPendingRows,
  selectRedirect,
  selectRowReports,
  selectRowStates,
  selectRun,
  selectRuns,
  skipErrorRows,
  updatePendingRow,
  updateRow,
  updateRun,
} from '../store.ts';
import { transact } from '../../../../db/index.ts';

/** Where a run's package is stored (src/db/files.ts), by its name in the run: DATA_DIR/imports/… as before. */
export const packagePathOf = (name: string) => `imports/${name}`;

/** A polite fetcher on the old site's host, for a crawl's pages and files. */
export function fetcherFor(settings: CrawlSettings, hooks: RunHooks): PoliteFetcher {
  return politeFetcher({
    host: new URL(settings.starts[0].url).host,
    delayMs: settings.delayMs,
    timeoutMs: settings.timeoutMs,
    maxBytes: settings.maxBytes,
    sleep: hooks.sleep,
  });
}

/** Before carrying a run out: the permissions, and a blocked run unblocked when the office skips its rows with errors (audited). */
export async function prepareRun(
  ctx: AppContext,
  actor: Actor,
  id: number,
  opts: { skipErrors?: boolean } = {},
) {
  requirePermission(actor, 'content.structure');
  requirePermission(actor, 'content.publish');
  const run = await selectRun(ctx.db, id);
  if (!run) throw notFound('导入任务');
  await requireOrgAccess(ctx.db, actor, run.org_id);
  if (run.status === 'blocked') {
    if (!opts.skipErrors)
      throw invalidState('导入内容有错误，未导入任何内容；请改正后重新导入，或选择跳过有错误的行');
    await transact(ctx.db, async (trx) => {
      await skipErrorRows(trx, id, ctx.clock.now().toISOString());
      await updateRun(trx, id, {
        skip_errors: 1,
        status: 'ready',
        updated_at: ctx.clock.now().toISOString(),
      });
      await recordAudit(trx, ctx.clock.now(), actor, {
        action: 'content.import.skip_errors',
        objectType: 'content_import_run',
        objectId: id,
        after: { skipErrors: true },
      });
    });
    return { ...run, status: 'ready', skip_errors: 1 };
  }
  return run;
}

/**
 * Carries out (or resumes) a run: each pending row, in order, in its own transaction with its item
 * and redirect; a row whose old URL already has an item is a duplicate; a row the checks refuse is an
 * error with its message. `skipErrors` lets a blocked run go on without its rows with errors.
 */
export async function continueRun(
  ctx: AppContext,
  actor: Actor,
  id: number,
  opts: { skipErrors?: boolean } = {},
  hooks: RunHooks = {},
  opened?: OpenedPackage,
): Promise<ImportRun> {
  const run = await prepareRun(ctx, actor, id, opts);
  if (run.status === 'done') return getRun(ctx, actor, id);
  await updateRun(ctx.db, id, { status: 'running', updated_at: ctx.clock.now().toISOString() });
  let files: Files;
  if (run.source === 'package') {
    const stored = opened ? null : await readStoredFile(ctx, packagePathOf(run.package_path!));
    if (!opened && !stored) throw notFound('导入包文件');
    const pkg = opened ?? (await openPackage(stored!));
    files = packageFiles(pkg);
  } else files = crawlFiles(fetcherFor(JSON.parse(run.options_json) as CrawlSettings, hooks));
  const columns = await listColumns(ctx.db);
  let handled = 0;
  for (;;) {
    const batch = await selectPendingRows(ctx.db, id, 100);
    if (!batch.length) break;
    for (const r of batch) {
      if (hooks.stopAfter != null && handled >= hooks.stopAfter)
        throw new Error(`测试：导入在处理 ${handled} 行后中断`);
      handled++;
      const row = JSON.parse(r.data_json) as SourceRow;
      const path = oldPathOf(row.oldUrl)!;
      const at = () => ctx.clock.now().toISOString();
      const existing = await selectRedirect(ctx.db, path);
      if (existing != null) {
        await updateRow(ctx.db, r.id, { state: 'duplicate', item_id: existing, updated_at: at() });
        continue;
      }
      try {
        const prepared = await itemInputOf(row, columns, run.org_id, files);
        await importItem(ctx, actor, {
          item: prepared.input,
          oldUrl: row.oldUrl,
          publishedAt: prepared.publishedAt,
          attachments: prepared.attachments,
          also: async (trx, item) => {
            const done = await updatePendingRow(trx, r.id, {
              state: item.status === 'published' ? 'published' : 'review',
              item_id: item.id,
              updated_at: at(),
            });
            // Two resumptions at once: only one may bring the row in.
            if (!done) throw invalidState('该行已由另一次导入处理');
            await insertRedirect(trx, { old_path: path, item_id: item.id, run_id: id, created_at: at() });
          },
        });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        await updatePendingRow(ctx.db, r.id, {
          state: 'error',
          errors: JSON.stringify([messageOf(row.rowNo, err)]),
          updated_at: at(),
        });
      }
    }
  }
  await transact(ctx.db, async (trx) => {
    const states = await selectRowStates(trx, id);
    const counts = countRows(states.map((state) => ({ state: state as RowState })));
    await updateRun(trx, id, {
      status: 'done',
      finished_at: ctx.clock.now().toISOString(),
      updated_at: ctx.clock.now().toISOString(),
    });
    await recordAudit(trx, ctx.clock.now(), actor, {
      action: 'content.import.finish',
      objectType: 'content_import_run',
      objectId: id,
      after: counts,
    });
  });
  return getRun(ctx, actor, id);
}

const runOf = (
  r: {
    id: number;
    source: string;
    label: string;
    org_id: number;
    status: string;
    skip_errors: number;
    report_json: string;
    created_by: string;
    created_at: string;
    finished_at: string | null;
  },
  rows: RowReport[],
): ImportRun => ({
  id: r.id,
  source: r.source as ImportRun['source'],
  label: r.label,
  orgId: r.org_id,
  status: r.status as RunStatus,
  skipErrors: r.skip_errors === 1,
  counts: countRows(rows),
  manifestErrors: [],
  failures: (JSON.parse(r.report_json) as { failures?: CrawlFailure[] }).failures ?? [],
  createdBy: r.created_by,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  rows,
});

/** A run with its rows' states and messages. */
export async function getRun(ctx: AppContext, actor: Actor, id: number): Promise<ImportRun> {
  requirePermission(actor, 'content.structure');
  const r = await selectRun(ctx.db, id);
  if (!r) throw notFound('导入任务');
  await requireOrgAccess(ctx.db, actor, r.org_id);
  const rows = await selectRowReports(ctx.db, id);
  return runOf(
    r,
    rows.map((x) => ({
      rowNo: x.row_no,
      oldUrl: x.old_url,
      title: x.title,
      state: x.state as RowState,
      errors: JSON.parse(x.errors) as string[],
      itemId: x.item_id,
    })),
  );
}

/** Runs the actor may see, newest first, without their rows. */
export async function listRuns(ctx: AppContext, actor: Actor): Promise<ImportRun[]> {
  requirePermission(actor, 'content.structure');
  const scope = await orgScope(ctx.db, actor);
  const runs = await selectRuns(ctx.db, 50);
  const out: ImportRun[] = [];
  for (const r of runs.filter((x) => inScope(scope, x.org_id))) {
    const states = await selectRowStates(ctx.db, r.id);
    out.push({ ...runOf(r, []), counts: countRows(states.map((state) => ({ state: state as RowState }))) });
  }
  return out;
}

/** The review queue: imported items waiting as drafts because the gate found something to handle. */
export async function importReviewQueue(
  ctx: AppContext,
  actor: Actor,
): Promise<
  { id: number; title: string; importedFrom: string; originalPublishedAt: string | null; blocking: number }[]
> {
  requirePermission(actor, 'content.read');
  const scope = await orgScope(ctx.db, actor);
  const rows = await selectImportedDrafts(ctx.db);
  return rows
    .filter((r) => inScope(scope, r.org_id))
    .map((r) => {
      const gate = r.gate_json ? (JSON.parse(r.gate_json) as GateResult) : null;
      return {
        id: r.id,
        title: r.title,
        importedFrom: r.imported_from!,
        originalPublishedAt: r.original_published_at,
        blocking: gate ? gateCounts(gate).blocking : 0,
      };
    });
}

/** Where an old site's path now lives (`/items/{id}`), for the not-found fallback's 301; null when unknown. */
export async function redirectForOldPath(db: Kysely<DB>, url: string): Promise<string | null> {
  const path = oldPathOf(url);
  if (!path) return null;
  const id = await selectRedirect(db, path);
  return id == null ? null : `/items/${id}`;
}
