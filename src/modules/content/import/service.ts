/**
 * Moving the old site in (issue #23 part 4): one pipeline fed by a package (ZIP + manifest) or a
 * crawl of the old site. Rows are checked first (missing file, unknown column, bad date, repeated
 * old URL — each with its row number); a source with errors publishes nothing unless the office
 * chooses to skip those rows. Then each row goes through content's `importItem` (validation, the
 * attachment checks, the privacy and expression gate): published with its original date, or — with
 * blocking findings — a draft in the review queue. A run is a record with per-row state, each row
 * done in one transaction with its item and its old URL's redirect, so a run stopped mid-way
 * resumes without duplicates. A dry run reports the same outcomes and writes nothing.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { AppError, badRequest, invalidState, notFound } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { recordAudit } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { orgScope, requireOrgAccess } from '../../org/service.ts';
import { inScope } from '../../org/model.ts';
import { docxToBody } from '../docx.ts';
import { extractText } from '../integrations.ts';
import { importItem, listColumns, type ItemInput } from '../service.ts';
import { gateCounts } from '../model.ts';
import type { GateResult } from '../integrations.ts';
import type { Column } from '../model.ts';
import {
  crawlSite,
  decodePage,
  FetchRefused,
  politeFetcher,
  type CrawlFailure,
  type PoliteFetcher,
} from './crawl.ts';
import {
  beijingInstant,
  checkCrawlSettings,
  CRAWL_DEFAULTS,
  EARLIEST_DATE,
  findDate,
  oldPathOf,
  type CrawlSettings,
  type RowState,
  type RunStatus,
  type SourceRow,
} from './model.ts';
import { openPackage, type OpenedPackage } from './package.ts';

export interface ImportOptions {
  /** The org the items are published under (default: the actor's). */
  orgId?: number;
  /** Import the rows without errors even when some rows have errors. */
  skipErrors?: boolean;
  /** Report what would happen; write nothing. */
  dryRun?: boolean;
  /** 'later': create the run and return it; the caller carries it out (`continueRun`) — the back office does so after answering. */
  start?: 'later';
}

export interface RowReport {
  rowNo: number;
  oldUrl: string;
  title: string;
  state: RowState;
  errors: string[];
  itemId: number | null;
}

export interface RunCounts {
  total: number;
  pending: number;
  published: number;
  review: number;
  error: number;
  skipped: number;
  duplicate: number;
}

export interface ImportRun {
  id: number | null;
  source: 'package' | 'crawl';
  label: string;
  orgId: number;
  status: RunStatus | 'dry';
  skipErrors: boolean;
  counts: RunCounts;
  /** Manifest-level problems (the whole package is refused). */
  manifestErrors: string[];
  /** Old pages and files that could not be read (crawl): listed, not fatal. */
  failures: CrawlFailure[];
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  rows: RowReport[];
}

/** Test hooks: `stopAfter` throws after that many rows were handled (a crash mid-way); `sleep` replaces the crawl's waiting. */
export interface RunHooks {
  stopAfter?: number;
  sleep?: (ms: number) => Promise<void>;
}

const importsDir = (ctx: AppContext) => join(ctx.config.dataDir, 'imports');

/** What kind of item a row becomes: by its column's kind (policy, notice), a 索引号 makes it a 政策文件. */
function kindFor(column: Column, row: SourceRow): ItemInput['kind'] {
  if (column.kind === 'policy' || row.indexNumber) return 'policy';
  if (column.kind === 'notice') return 'notice';
  return 'article';
}

const findColumn = (columns: Column[], ref: string) =>
  columns.find((c) => c.slug === ref.trim().toLowerCase()) ?? columns.find((c) => c.name === ref.trim());

const BODY_TYPES = /\.(html?|docx|pdf|txt)$/i;

/**
 * The checks a row must pass before anything is fetched or converted, each message naming the row:
 * the old URL, the column, the title, the date (real, not before 1990, not after today), the body
 * file and the attachments present in the package, the old URL not repeated.
 */
function checkRow(
  row: SourceRow,
  columns: Column[],
  today: string,
  pkg: OpenedPackage | null,
  seen: Map<string, number>,
): string[] {
  const errors: string[] = [];
  const at = `第 ${row.rowNo} 行`;
  const path = oldPathOf(row.oldUrl);
  if (!path) errors.push(`${at}：原网址“${row.oldUrl}”无效（须为 http(s) 网址或以 / 开头的路径）`);
  else if (seen.has(path)) errors.push(`${at}：原网址与第 ${seen.get(path)} 行重复`);
  else seen.set(path, row.rowNo);
  if (!row.column) errors.push(`${at}：未填写栏目`);
  else if (!findColumn(columns, row.column))
    errors.push(`${at}：栏目“${row.column}”不存在（请填写本站已有栏目的名称或网址标识）`);
  if (!row.title) errors.push(`${at}：未填写标题`);
  else if (row.title.length > 200) errors.push(`${at}：标题超过 200 字`);
  const d = findDate(row.date);
  if (!d) errors.push(`${at}：发布日期“${row.date}”无法识别（应为 2021-03-05、2021/3/5 或 2021年3月5日）`);
  else if (d.date < EARLIEST_DATE || d.date > today)
    errors.push(`${at}：发布日期 ${d.date} 不合理（早于 1990 年或晚于今天）`);
  if (pkg) {
    if (!row.bodyFile) errors.push(`${at}：未填写正文文件`);
    else if (!BODY_TYPES.test(row.bodyFile))
      errors.push(`${at}：正文文件“${row.bodyFile}”只能是 HTML、DOCX、PDF 或 TXT`);
    else if (!pkg.file(row.bodyFile)) errors.push(`${at}：正文文件“${row.bodyFile}”在导入包中不存在`);
    for (const a of row.attachments)
      if (!pkg.file(a.ref)) errors.push(`${at}：附件“${a.ref}”在导入包中不存在`);
  } else if (row.html == null) errors.push(`${at}：没有正文`);
  return errors;
}

/** A body file as HTML: a web page's `<body>`, Word through mammoth, PDF and text as paragraphs. */
async function bodyHtml(name: string, data: Buffer): Promise<string> {
  const paragraphs = (t: string) =>
    t
      .split(/\n+/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`)
      .join('');
  if (/\.html?$/i.test(name)) {
    const html = decodePage(data, '');
    return /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  }
  if (/\.docx$/i.test(name)) return (await docxToBody(data)).html;
  if (/\.pdf$/i.test(name)) {
    try {
      return paragraphs(await extractText(data, name, 'application/pdf'));
    } catch {
      throw badRequest(`正文文件“${name}”（PDF）无法读取`, { body: '文件无法读取' });
    }
  }
  return paragraphs(decodePage(data, 'text/plain; charset=utf-8'));
}

/** Where a row's files come from: the package, or the old site (politely). */
interface Files {
  body(row: SourceRow): Promise<string>;
  attachment(ref: string): Promise<Buffer>;
}

function packageFiles(pkg: OpenedPackage): Files {
  return {
    body: async (row) => bodyHtml(row.bodyFile!, pkg.file(row.bodyFile!)!),
    attachment: async (ref) => pkg.file(ref)!,
  };
}

function crawlFiles(fetcher: PoliteFetcher): Files {
  return {
    body: async (row) => row.html ?? '',
    attachment: async (ref) => {
      try {
        const res = await fetcher.get(ref);
        if (res.status !== 200)
          throw badRequest(`附件 ${ref} 无法下载（HTTP ${res.status}）`, { attachments: '附件无法下载' });
        return res.body;
      } catch (err) {
        if (err instanceof FetchRefused)
          throw badRequest(`附件 ${ref} 无法下载：${err.message}`, { attachments: '附件无法下载' });
        throw err;
      }
    },
  };
}

/** The item input of a checked row. */
async function itemInputOf(
  row: SourceRow,
  columns: Column[],
  orgId: number,
  files: Files,
): Promise<{ input: ItemInput; publishedAt: string; attachments: { filename: string; data: Buffer }[] }> {
  const column = findColumn(columns, row.column)!;
  const d = findDate(row.date)!;
  const kind = kindFor(column, row);
  const attachments: { filename: string; data: Buffer }[] = [];
  for (const a of row.attachments)
    attachments.push({ filename: a.name, data: await files.attachment(a.ref) });
  return {
    input: {
      kind,
      title: row.title,
      body: await files.body(row),
      orgId,
      source: 'original',
      formationDate: d.date,
      docNumber: row.docNumber || null,
      columnIds: [column.id],
      policy:
        kind === 'policy'
          ? { indexNumber: row.indexNumber, issuingAgency: row.agency, writtenDate: d.date }
          : null,
    },
    publishedAt: beijingInstant(d),
    attachments,
  };
}

/** An AppError's message with its field messages, for a row's report. */
const messageOf = (rowNo: number, err: AppError) => {
  const fields = Object.values(err.fields ?? {}).filter((f) => !err.userMessage.includes(f));
  return `第 ${rowNo} 行：${err.userMessage}${fields.length ? `（${fields.join('；')}）` : ''}`;
};

async function existingRedirect(db: Kysely<DB>, path: string): Promise<number | null> {
  return (
    (
      await db
        .selectFrom('content_redirects')
        .select('item_id')
        .where('old_path', '=', path)
        .executeTakeFirst()
    )?.item_id ?? null
  );
}

function countRows(rows: { state: RowState }[]): RunCounts {
  const c: RunCounts = {
    total: rows.length,
    pending: 0,
    published: 0,
    review: 0,
    error: 0,
    skipped: 0,
    duplicate: 0,
  };
  for (const r of rows) c[r.state]++;
  return c;
}

async function checkOrg(ctx: AppContext, actor: Actor, opts: ImportOptions): Promise<number> {
  requirePermission(actor, 'content.structure');
  requirePermission(actor, 'content.publish');
  const orgId = opts.orgId ?? (actor.kind === 'user' ? actor.orgId : undefined);
  if (orgId == null) throw badRequest('请选择发布单位', { orgId: '请选择发布单位' });
  if (!(await ctx.db.selectFrom('orgs').select('id').where('id', '=', orgId).executeTakeFirst()))
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
      const existing = await existingRedirect(ctx.db, oldPathOf(row.oldUrl)!);
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
    packagePath: string | null;
    failures: CrawlFailure[];
  },
  rows: SourceRow[],
  checked: Map<number, string[]>,
): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const hasErrors = [...checked.values()].some((e) => e.length);
  const status: RunStatus = hasErrors && !run.skipErrors ? 'blocked' : 'ready';
  return ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('content_import_runs')
      .values({
        source: run.source,
        label: run.label.slice(0, 300),
        org_id: run.orgId,
        status,
        skip_errors: run.skipErrors ? 1 : 0,
        options_json: JSON.stringify(run.options),
        package_path: run.packagePath,
        report_json: JSON.stringify({ failures: run.failures }),
        created_by: actorName(actor),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('content_import_rows')
        .values(
          rows.slice(i, i + 200).map((r) => {
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
        )
        .execute();
    }
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
  await mkdir(importsDir(ctx), { recursive: true });
  const packagePath = `${sha}.zip`;
  await writeFile(join(importsDir(ctx), packagePath), file.data);
  const id = await createRun(
    ctx,
    actor,
    {
      source: 'package',
      label: file.filename,
      orgId,
      skipErrors: !!opts.skipErrors,
      options: { manifest: pkg.manifestName },
      packagePath,
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

function fetcherFor(settings: CrawlSettings, hooks: RunHooks): PoliteFetcher {
  return politeFetcher({
    host: new URL(settings.starts[0].url).host,
    delayMs: settings.delayMs,
    timeoutMs: settings.timeoutMs,
    maxBytes: settings.maxBytes,
    sleep: hooks.sleep,
  });
}

/**
 * Imports from the old site itself: crawls it (politely; unreadable pages listed in the report),
 * then the same checks and import as a package. A dry run crawls and reports, writing nothing.
 */
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
      packagePath: null,
      failures: crawled.failures,
    },
    crawled.rows,
    checked,
  );
  const run = await getRun(ctx, actor, id);
  return run.status === 'blocked' ? run : continueRun(ctx, actor, id, {}, hooks);
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
  const run = await ctx.db
    .selectFrom('content_import_runs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!run) throw notFound('导入任务');
  await requireOrgAccess(ctx.db, actor, run.org_id);
  if (run.status === 'blocked') {
    if (!opts.skipErrors)
      throw invalidState('导入内容有错误，未导入任何内容；请改正后重新导入，或选择跳过有错误的行');
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('content_import_rows')
        .set({ state: 'skipped', updated_at: ctx.clock.now().toISOString() })
        .where('run_id', '=', id)
        .where('state', '=', 'error')
        .execute();
      await trx
        .updateTable('content_import_runs')
        .set({ skip_errors: 1, status: 'ready', updated_at: ctx.clock.now().toISOString() })
        .where('id', '=', id)
        .execute();
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
  await ctx.db
    .updateTable('content_import_runs')
    .set({ status: 'running', updated_at: ctx.clock.now().toISOString() })
    .where('id', '=', id)
    .execute();
  let files: Files;
  if (run.source === 'package') {
    const pkg = opened ?? (await openPackage(await readFile(join(importsDir(ctx), run.package_path!))));
    files = packageFiles(pkg);
  } else files = crawlFiles(fetcherFor(JSON.parse(run.options_json) as CrawlSettings, hooks));
  const columns = await listColumns(ctx.db);
  let handled = 0;
  for (;;) {
    const batch = await ctx.db
      .selectFrom('content_import_rows')
      .select(['id', 'row_no', 'data_json'])
      .where('run_id', '=', id)
      .where('state', '=', 'pending')
      .orderBy('row_no')
      .limit(100)
      .execute();
    if (!batch.length) break;
    for (const r of batch) {
      if (hooks.stopAfter != null && handled >= hooks.stopAfter)
        throw new Error(`测试：导入在处理 ${handled} 行后中断`);
      handled++;
      const row = JSON.parse(r.data_json) as SourceRow;
      const path = oldPathOf(row.oldUrl)!;
      const at = () => ctx.clock.now().toISOString();
      const existing = await existingRedirect(ctx.db, path);
      if (existing != null) {
        await ctx.db
          .updateTable('content_import_rows')
          .set({ state: 'duplicate', item_id: existing, updated_at: at() })
          .where('id', '=', r.id)
          .execute();
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
            const done = await trx
              .updateTable('content_import_rows')
              .set({
                state: item.status === 'published' ? 'published' : 'review',
                item_id: item.id,
                updated_at: at(),
              })
              .where('id', '=', r.id)
              .where('state', '=', 'pending')
              .executeTakeFirst();
            // Two resumptions at once: only one may bring the row in.
            if (Number(done.numUpdatedRows) !== 1) throw invalidState('该行已由另一次导入处理');
            await trx
              .insertInto('content_redirects')
              .values({ old_path: path, item_id: item.id, run_id: id, created_at: at() })
              .execute();
          },
        });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        await ctx.db
          .updateTable('content_import_rows')
          .set({ state: 'error', errors: JSON.stringify([messageOf(row.rowNo, err)]), updated_at: at() })
          .where('id', '=', r.id)
          .where('state', '=', 'pending')
          .execute();
      }
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('content_import_rows')
      .select('state')
      .where('run_id', '=', id)
      .execute();
    const counts = countRows(rows.map((x) => ({ state: x.state as RowState })));
    await trx
      .updateTable('content_import_runs')
      .set({
        status: 'done',
        finished_at: ctx.clock.now().toISOString(),
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', id)
      .execute();
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
  const r = await ctx.db
    .selectFrom('content_import_runs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('导入任务');
  await requireOrgAccess(ctx.db, actor, r.org_id);
  const rows = await ctx.db
    .selectFrom('content_import_rows')
    .select(['row_no', 'old_url', 'title', 'state', 'errors', 'item_id'])
    .where('run_id', '=', id)
    .orderBy('row_no')
    .execute();
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
  const runs = await ctx.db
    .selectFrom('content_import_runs')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const out: ImportRun[] = [];
  for (const r of runs.filter((x) => inScope(scope, x.org_id))) {
    const states = await ctx.db
      .selectFrom('content_import_rows')
      .select('state')
      .where('run_id', '=', r.id)
      .execute();
    out.push({ ...runOf(r, []), counts: countRows(states.map((s) => ({ state: s.state as RowState }))) });
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
  const rows = await ctx.db
    .selectFrom('content_items')
    .select(['id', 'title', 'imported_from', 'original_published_at', 'org_id', 'gate_json'])
    .where('imported_from', 'is not', null)
    .where('status', '=', 'draft')
    .orderBy('id')
    .limit(500)
    .execute();
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
  const id = await existingRedirect(db, path);
  return id == null ? null : `/items/${id}`;
}
