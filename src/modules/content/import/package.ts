/**
 * The package: a ZIP holding a manifest (XLSX or CSV, one row per item) and the files it names —
 * bodies (HTML, DOCX, PDF, TXT) and attachments. Guarded before anything is inflated: entry count,
 * declared sizes (each and in total), compression ratio; names with `..`, absolute paths or
 * backslashes are refused (zip-slip). fflate inflates each entry into a buffer of its declared size,
 * so a lying header cannot grow past the limits checked here.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { badRequest } from '../../../errors.ts';
import { cellText } from '../../../lib/spreadsheet.ts';
import {
  isSafeEntryName,
  mapHeader,
  PACKAGE_LIMITS,
  splitList,
  type ManifestKey,
  type SourceRow,
} from './model.ts';

export interface OpenedPackage {
  manifestName: string;
  rows: SourceRow[];
  /** Manifest-level problems (unknown or missing columns): nothing can be imported. */
  errors: string[];
  /** A file of the package by the name the manifest gives (relative to the manifest's folder, or to the root). */
  file(name: string): Buffer | null;
}

/**
 * A ZIP entry's name as its author saw it: fflate reads names without the UTF-8 flag as Latin-1;
 * archives made on Chinese Windows store them in GBK (GB18030), so those are decoded again.
 */
function entryName(raw: string): string {
  if (!/[\u0080-\u00ff]/.test(raw)) return raw;
  const bytes = Buffer.from(raw, 'latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Inflates a package under the limits; throws a Chinese 400 naming the limit. */
export function unzipPackage(data: Buffer): Map<string, Buffer> {
  if (data.length > PACKAGE_LIMITS.bytes)
    throw badRequest(`导入包不能超过 ${PACKAGE_LIMITS.bytes / 1024 / 1024} MB`, { file: '文件过大' });
  if (data.length < 22 || data.readUInt32LE(0) !== 0x04034b50)
    throw badRequest('导入包须为 ZIP 压缩文件', { file: '不是 ZIP 文件' });
  let entries = 0;
  let total = 0;
  const refuse = (m: string) => badRequest(m, { file: m });
  const check = (f: UnzipFileInfo): boolean => {
    entries++;
    if (entries > PACKAGE_LIMITS.entries)
      throw refuse(`导入包内文件过多（最多 ${PACKAGE_LIMITS.entries} 个）`);
    const name = entryName(f.name);
    if (!isSafeEntryName(name)) throw refuse(`导入包内含非法路径“${name.slice(0, 100)}”`);
    if (name.endsWith('/')) return false;
    total += f.originalSize;
    if (f.originalSize > PACKAGE_LIMITS.entryBytes)
      throw refuse(`导入包内文件“${name}”解压后超过 ${PACKAGE_LIMITS.entryBytes / 1024 / 1024} MB`);
    if (total > PACKAGE_LIMITS.totalBytes) throw refuse('导入包解压后总大小超过上限');
    if (f.originalSize > 1024 * 1024 && f.originalSize > PACKAGE_LIMITS.ratio * Math.max(1, f.size))
      throw refuse(`导入包内文件“${name}”压缩比异常，疑似压缩炸弹`);
    return true;
  };
  let raw: Record<string, Uint8Array>;
  try {
    raw = unzipSync(new Uint8Array(data.buffer, data.byteOffset, data.length), { filter: check });
  } catch (err) {
    if (err instanceof Error && 'userMessage' in err) throw err;
    throw refuse('导入包已损坏，无法解压');
  }
  const files = new Map<string, Buffer>();
  for (const [name, bytes] of Object.entries(raw))
    files.set(entryName(name).normalize('NFC'), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  return files;
}

/** The manifest: the one `.xlsx` or `.csv` at the shallowest level (`manifest.*` / `清单.*` preferred). */
function findManifest(files: Map<string, Buffer>): string | null {
  const candidates = [...files.keys()].filter((n) => /\.(xlsx|csv)$/i.test(n) && !n.startsWith('__MACOSX/'));
  if (!candidates.length) return null;
  const depth = (n: string) => n.split('/').length;
  const named = (n: string) => /(^|\/)(manifest|清单|导入清单)\.(xlsx|csv)$/i.test(n);
  candidates.sort((a, b) => Number(named(b)) - Number(named(a)) || depth(a) - depth(b) || a.localeCompare(b));
  return candidates[0];
}

/** The manifest's cells as text rows (the header first). CSV: UTF-8 (with or without BOM) or GB18030. */
async function manifestCells(name: string, data: Buffer): Promise<string[][]> {
  if (/\.csv$/i.test(name)) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      text = new TextDecoder('gb18030').decode(data);
    }
    try {
      return parseCsv(text.replace(/^\ufeff/, ''), {
        relax_column_count: true,
        skip_empty_lines: false,
      }) as string[][];
    } catch (err) {
      throw badRequest(`清单（CSV）无法读取：${(err as Error).message.slice(0, 100)}`, {
        file: '清单格式有误',
      });
    }
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw badRequest('清单（Excel）无法读取，文件可能已损坏', { file: '清单无法读取' });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw badRequest('清单（Excel）没有工作表', { file: '清单为空' });
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c, i) => (cells[i - 1] = cellText(c.value)));
    rows[n - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(rows, (r) => r ?? []);
}

/**
 * Opens a package: inflates it under the limits, finds and reads the manifest. Throws a Chinese 400
 * when it is not a readable ZIP or has no manifest; manifest-level problems are returned in `errors`.
 */
export async function openPackage(data: Buffer): Promise<OpenedPackage> {
  const files = unzipPackage(data);
  const manifestName = findManifest(files);
  if (!manifestName)
    throw badRequest('导入包中没有清单文件（manifest.xlsx 或 manifest.csv）', { file: '缺少清单' });
  const base = manifestName.includes('/') ? manifestName.slice(0, manifestName.lastIndexOf('/') + 1) : '';
  const cells = await manifestCells(manifestName, files.get(manifestName)!);
  const { index, errors } = mapHeader(cells[0] ?? []);
  const rows: SourceRow[] = [];
  if (!errors.length) {
    const get = (r: string[], k: ManifestKey) => (index[k] == null ? '' : String(r[index[k]!] ?? '').trim());
    cells.slice(1).forEach((r, i) => {
      if (!r.some((c) => String(c ?? '').trim())) return; // blank lines
      rows.push({
        rowNo: i + 2,
        oldUrl: get(r, 'oldUrl'),
        column: get(r, 'column'),
        title: get(r, 'title'),
        date: get(r, 'date'),
        docNumber: get(r, 'docNumber'),
        indexNumber: get(r, 'indexNumber'),
        agency: get(r, 'agency'),
        bodyFile: get(r, 'body') || null,
        html: null,
        attachments: splitList(get(r, 'attachments')).map((n) => ({ name: n.split('/').pop()!, ref: n })),
      });
    });
  }
  const file = (name: string): Buffer | null => {
    const n = name.replace(/^\.\//, '').normalize('NFC');
    if (!isSafeEntryName(n)) return null;
    return files.get(base + n) ?? files.get(n) ?? null;
  };
  return { manifestName, rows, errors, file };
}
