/**
 * Moving the old site in (issue #23 part 4), the sources: a package (ZIP + manifest) or a crawl of
 * the old site. Rows are checked first (missing file, unknown column, bad date, repeated old URL —
 * each with its row number); a source with errors publishes nothing unless the office chooses to
 * skip those rows. A dry run reports the same outcomes and writes nothing; otherwise a run is
 * recorded and carried out (service/runs.ts).
 */
import { createHash } from 'node:crypto';
import { actorName, type Actor, type AppContext } from '../../../../context.ts';
import { writeStoredFile } from '../../../../db/files.ts';
import { AppError, badRequest } from '../../../../errors.ts';
import { shanghaiDate } from '../../../../lib/time.ts';
import { recordAudit } from '../../../audit/service.ts';
import { requirePermission } from '../../../auth/permissions.ts';
import { listPublicOrgs, requireOrgAccess } from '../../../org/service.ts';
import { importItem } from '../../service/import-item.ts';
import { listColumns } from '../../service/structure.ts';
import { crawlSite, type CrawlFailure } from '../crawl.ts';
import {
  checkCrawlSettings,
  CRAWL_DEFAULTS,
  oldPathOf,
  type CrawlSettings,
  type RunStatus,
  type SourceRow,
} from '../model.ts';
import { openPackage } from '../package.ts';
import {
  checkRow,
  countRows,
  crawlFiles,
  findColumn,
  itemInputOf,
  messageOf,
  packageFiles,
  type Files,
  type ImportOptions,
  type ImportRun,
  type RowReport,
  type RunHooks,
} from '../rows.ts';
import { insertRows, insertRun, selectRedirect } from '../store.ts';
import { continueRun, fetcherFor, getRun, packagePathOf } from './runs.ts';
import { transact } from '../../../../db/index.ts';

/** The import's permissions and its org (default: the actor's), which must exist and be in scope. */
async function checkOrg(ctx: AppContext, actor: Actor, opts: ImportOptions): Promise<number> {
  requirePermission(actor, 'content.structure');
  requirePermission(actor, 'content.publish');
  const orgId = opts.orgId ?? (actor.kind === 'user' ? actor.orgId : undefined);
  if (orgId == null) throw badRequest('请选择发布单位', { orgId: '请选择发布单位' });
  if (!(await listPublicOrgs(ctx.db)).some((o) => o.id === orgId))
    throw badRequest('发布单位不存在', { orgId: '发布单位不存在' });
  await requireOrgAccess(ctx.db, actor, orgId);
  return orgId;
}

/**
 * The dry run: every row checked, converted and put through `importItem`'s checks and the gate,
 * without a write. Rows whose old URL already has an item are reported as duplicates.
 */
async function dryRun(
  ctx: AppContext,
  actor: Actor,
  base: Omit<ImportRun, 'rows' | 'counts'>,
  rows: SourceRow[],
  checked: Map<number, string[]>,
  files: Files,
): Promise<ImportRun> {
  const columns = await listColumns(ctx.db);
  const reports: RowReport[] = [];
  for (const row of rows) {
    const errors = checked.get(row.rowNo) ?? [];
    const r: RowReport = {
      rowNo: row.rowNo,
      oldUrl: row.oldUrl,
      title: row.title,
      state: 'pending',
      errors,
      itemId: null,
    };
    if (errors.length) r.state = 'error';
    else {
      const existing = await selectRedirect(ctx.db, oldPathOf(row.oldUrl)!);
      if (existing != null) ((r.state = 'duplicate'), (r.itemId = existing));
      else {
        try {
          const prepared = await itemInputOf(row, columns, base.orgId, files);
          const res = await importItem(ctx, actor, {
            item: prepared.input,
            oldUrl: row.oldUrl,
            publishedAt: prepared.publishedAt,
            attachments: prepared.attachments,
            dryRun: true,
          });
          r.state = res.outcome;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          r.state = 'error';
          r.errors = [messageOf(row.rowNo, err)];
        }
      }
    }
    reports.push(r);
  }
  const hasErrors = reports.some((r) => r.state === 'error');
  if (hasErrors && base.skipErrors) for (const r of reports) if (r.state === 'error') r.state = 'skipped';
  return { ...base, counts: countRows(reports), rows: reports };
}

/** Creates the run and its rows: rows with errors are `error` (or `skipped` when the office skips them). */
async function createRun(
  ctx: AppContext,
  actor: Actor,
  run: {
    source: 'package' | 'crawl';
    label: string;
    orgId: number;
    skipErrors: boolean;
    options: unknown;
    /** The package, stored with the run (the run resumes from it). */
    pkg: { path: string; data: Buffer } | null;
    failures: CrawlFailure[];
  },
  rows: SourceRow[],
  checked: Map<number, string[]>,
): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const hasErrors = [...checked.values()].some((e) => e.length);
  const status: RunStatus = hasErrors && !run.skipErrors ? 'blocked' : 'ready';
  return transact(ctx.db, async (trx) => {
    if (run.pkg) await writeStoredFile(ctx, packagePathOf(run.pkg.path), run.pkg.data, trx);
    const id = await insertRun(trx, {
      source: run.source,
      label: run.label.slice(0, 300),
      org_id: run.orgId,
      status,
      skip_errors: run.skipErrors ? 1 : 0,
      options_json: JSON.stringify(run.options),
      package_path: run.pkg?.path ?? null,
      report_json: JSON.stringify({ failures: run.failures }),
      created_by: actorName(actor),
      created_at: now,
      updated_at: now,
    });
    await insertRows(
      trx,
      rows.map((r) => {
        const errors = checked.get(r.rowNo) ?? [];
        return {
          run_id: id,
          row_no: r.rowNo,
          old_url: r.oldUrl.slice(0, 2000),
          title: r.title.slice(0, 300),
          state: errors.length ? (run.skipErrors ? 'skipped' : 'error') : 'pending',
          item_id: null,
          data_json: JSON.stringify(r),
          errors: JSON.stringify(errors),
          updated_at: now,
        };
      }),
    );
    await recordAudit(trx, ctx.clock.now(), actor, {
      action: 'content.import.create',
      objectType: 'content_import_run',
      objectId: id,
      after: {
        source: run.source,
        label: run.label,
        orgId: run.orgId,
        rows: rows.length,
        status,
        skipErrors: run.skipErrors,
      },
    });
    return id;
  });
}

/**
 * Imports a package (ZIP with a manifest). A dry run returns the report without writing; otherwise
 * the run is created and, unless its rows have errors the office did not choose to skip, carried out.
 */
export async function importPackage(
  ctx: AppContext,
  actor: Actor,
  file: { filename: string; data: Buffer },
  opts: ImportOptions = {},
  hooks: RunHooks = {},
): Promise<ImportRun> {
  const orgId = await checkOrg(ctx, actor, opts);
  const pkg = await openPackage(file.data);
  const now = ctx.clock.now().toISOString();
  const base = {
    id: null,
    source: 'package' as const,
    label: file.filename,
    orgId,
    status: 'dry' as const,
    skipErrors: !!opts.skipErrors,
    manifestErrors: pkg.errors,
    failures: [],
    createdBy: actorName(actor),
    createdAt: now,
    finishedAt: null,
  };
  if (pkg.errors.length) {
    if (opts.dryRun) return { ...base, counts: countRows([]), rows: [] };
    throw badRequest(`清单有误，未导入：${pkg.errors.join('；')}`, { file: pkg.errors[0] });
  }
  if (!pkg.rows.length) throw badRequest('清单中没有要导入的内容', { file: '清单为空' });
  const columns = await listColumns(ctx.db);
  const seen = new Map<string, number>();
  const today = shanghaiDate(ctx.clock.now());
  const checked = new Map(pkg.rows.map((r) => [r.rowNo, checkRow(r, columns, today, pkg, seen)]));
  if (opts.dryRun) return dryRun(ctx, actor, base, pkg.rows, checked, packageFiles(pkg));
  const sha = createHash('sha256').update(file.data).digest('hex');
  const id = await createRun(
    ctx,
    actor,
    {
      source: 'package',
      label: file.filename,
      orgId,
      skipErrors: !!opts.skipErrors,
      options: { manifest: pkg.manifestName },
      pkg: { path: `${sha}.zip`, data: file.data },
      failures: [],
    },
    pkg.rows,
    checked,
  );
  const run = await getRun(ctx, actor, id);
  return opts.start === 'later' || run.status === 'blocked'
    ? run
    : continueRun(ctx, actor, id, {}, hooks, pkg);
}

/** Crawl settings with the defaults filled in. */
export function crawlSettings(s: Partial<CrawlSettings> & Pick<CrawlSettings, 'starts'>): CrawlSettings {
  return {
    preset: 'generic',
    ...CRAWL_DEFAULTS,
    ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)),
  } as CrawlSettings;
}

/** Checks a crawl's settings and the actor's right to import for the org, before anything is fetched; returns the org. */
export async function checkCrawl(
  ctx: AppContext,
  actor: Actor,
  settings: CrawlSettings,
  opts: ImportOptions = {},
): Promise<number> {
  const orgId = await checkOrg(ctx, actor, opts);
  const fields = checkCrawlSettings(settings);
  const columns = await listColumns(ctx.db);
  for (const st of settings.starts)
    if (st.column && !findColumn(columns, st.column))
      fields.starts = `栏目“${st.column}”不存在（请填写本站已有栏目的名称或网址标识）`;
  if (Object.keys(fields).length)
    throw badRequest(`抓取设置有误：${Object.values(fields).join('；')}`, fields);
  return orgId;
}

/**
 * Imports from the old site itself: crawls it (politely; unreadable pages listed in the report),
 * then the same checks and import as a package. A dry run crawls and reports, writing nothing.
 */
export async function importCrawl(
  ctx: AppContext,
  actor: Actor,
  settings: CrawlSettings,
  opts: ImportOptions = {},
  hooks: RunHooks = {},
): Promise<ImportRun> {
  const orgId = await checkCrawl(ctx, actor, settings, opts);
  const columns = await listColumns(ctx.db);
  const fetcher = fetcherFor(settings, hooks);
  const crawled = await crawlSite(settings, fetcher);
  const now = ctx.clock.now().toISOString();
  const label = settings.starts[0].url;
  const base = {
    id: null,
    source: 'crawl' as const,
    label,
    orgId,
    status: 'dry' as const,
    skipErrors: !!opts.skipErrors,
    manifestErrors: [],
    failures: crawled.failures,
    createdBy: actorName(actor),
    createdAt: now,
    finishedAt: null,
  };
  const seen = new Map<string, number>();
  const today = shanghaiDate(ctx.clock.now());
  const checked = new Map(crawled.rows.map((r) => [r.rowNo, checkRow(r, columns, today, null, seen)]));
  if (opts.dryRun) return dryRun(ctx, actor, base, crawled.rows, checked, crawlFiles(fetcher));
  const id = await createRun(
    ctx,
    actor,
    {
      source: 'crawl',
      label,
      orgId,
      skipErrors: !!opts.skipErrors,
      options: settings,
      pkg: null,
      failures: crawled.failures,
    },
    crawled.rows,
    checked,
  );
  const run = await getRun(ctx, actor, id);
  return run.status === 'blocked' ? run : continueRun(ctx, actor, id, {}, hooks);
}
