/**
 * The old-site import's rows: the reports' types, the checks a row passes before anything is fetched,
 * a row's body and files read from the package or the old site, and the item input it becomes.
 */
import type { AppError } from '../../../errors.ts';
import { badRequest } from '../../../errors.ts';
import { docxToBody } from '../docx.ts';
import { extractText } from '../integrations.ts';
import type { Column } from '../model.ts';
import type { ItemInput } from '../service/item-rules.ts';
import { decodePage, FetchRefused, type CrawlFailure, type PoliteFetcher } from './crawl.ts';
import {
  beijingInstant,
  EARLIEST_DATE,
  findDate,
  oldPathOf,
  type RowState,
  type RunStatus,
  type SourceRow,
} from './model.ts';
import type { OpenedPackage } from './package.ts';

/** How an import runs. */
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

/** One row of a run, as its report shows it. */
export interface RowReport {
  rowNo: number;
  oldUrl: string;
  title: string;
  state: RowState;
  errors: string[];
  itemId: number | null;
}

/** How many rows of a run are in each state. */
export interface RunCounts {
  total: number;
  pending: number;
  published: number;
  review: number;
  error: number;
  skipped: number;
  duplicate: number;
}

/** A run (or a dry run) with its rows. */
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

/** What kind of item a row becomes: by its column's kind (policy, notice), a 索引号 makes it a 政策文件. */
export function kindFor(column: Column, row: SourceRow): ItemInput['kind'] {
  if (column.kind === 'policy' || row.indexNumber) return 'policy';
  if (column.kind === 'notice') return 'notice';
  return 'article';
}

/** The column a row names, by 网址标识 or name. */
export const findColumn = (columns: Column[], ref: string) =>
  columns.find((c) => c.slug === ref.trim().toLowerCase()) ?? columns.find((c) => c.name === ref.trim());

const BODY_TYPES = /\.(html?|docx|pdf|txt)$/i;

/**
 * The checks a row must pass before anything is fetched or converted, each message naming the row:
 * the old URL, the column, the title, the date (real, not before 1990, not after today), the body
 * file and the attachments present in the package, the old URL not repeated.
 */
export function checkRow(
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
export interface Files {
  body(row: SourceRow): Promise<string>;
  attachment(ref: string): Promise<Buffer>;
}

/** A row's files from the package. */
export function packageFiles(pkg: OpenedPackage): Files {
  return {
    body: async (row) => bodyHtml(row.bodyFile!, pkg.file(row.bodyFile!)!),
    attachment: async (ref) => pkg.file(ref)!,
  };
}

/** A row's files from the old site, fetched politely. */
export function crawlFiles(fetcher: PoliteFetcher): Files {
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
export async function itemInputOf(
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
export const messageOf = (rowNo: number, err: AppError) => {
  const fields = Object.values(err.fields ?? {}).filter((f) => !err.userMessage.includes(f));
  return `第 ${rowNo} 行：${err.userMessage}${fields.length ? `（${fields.join('；')}）` : ''}`;
};

/** How many rows are in each state. */
export function countRows(rows: { state: RowState }[]): RunCounts {
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
