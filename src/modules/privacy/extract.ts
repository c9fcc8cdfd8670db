/**
 * Text out of attachments, for the gate and for search: TXT (UTF-8 or GB18030), DOCX (mammoth),
 * XLSX (exceljs: every sheet, every cell), PDF (unpdf). Rules.md §7: attachments are checked too.
 */
import { badRequest } from '../../errors.ts';

export type ExtractableType = 'txt' | 'docx' | 'xlsx' | 'pdf';

const MIME: Record<string, ExtractableType> = {
  'text/plain': 'txt',
  'text/csv': 'txt',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/pdf': 'pdf',
};

/** Which extractor a file needs: by its first bytes, then its extension, then its MIME type. */
export function detectType(buffer: Buffer, filename: string, mime?: string): ExtractableType | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  if (buffer.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (buffer[0] === 0x50 && buffer[1] === 0x4b) {
    // A ZIP: DOCX and XLSX are told apart by their parts.
    const head = buffer.toString('latin1');
    if (ext === 'docx' || head.includes('word/')) return 'docx';
    if (ext === 'xlsx' || head.includes('xl/')) return 'xlsx';
    return null;
  }
  if (ext === 'txt' || ext === 'csv' || ext === 'md') return 'txt';
  if (ext && ['docx', 'xlsx', 'pdf'].includes(ext)) return null; // named so, but not that format
  const byMime = mime ? MIME[mime.split(';')[0].trim().toLowerCase()] : undefined;
  return byMime ?? null;
}

/** Decodes plain text: UTF-8 (with or without BOM), else GB18030 as Chinese Windows writes it. */
export function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

async function docxText(buffer: Buffer): Promise<string> {
  const mammoth = (await import('mammoth')).default;
  const { value } = await mammoth.extractRawText({ buffer });
  return value;
}

async function xlsxText(buffer: Buffer): Promise<string> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const lines: string[] = [];
  wb.eachSheet((sheet) => {
    lines.push(`【${sheet.name}】`);
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell) => {
        const t = cell.text;
        if (t != null && t !== '') cells.push(String(t));
      });
      if (cells.length) lines.push(cells.join('\t'));
    });
  });
  return lines.join('\n');
}

async function pdfText(buffer: Buffer): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(new Uint8Array(buffer));
  const { text } = await extractText(pdf, { mergePages: false });
  return (text as string[]).join('\n');
}

/**
 * The text of an attachment. Throws a Chinese 400 for a format it cannot read or a damaged file.
 */
export async function extractText(buffer: Buffer, filename: string, mime?: string): Promise<string> {
  const type = detectType(buffer, filename, mime);
  if (!type) throw badRequest(`无法读取“${filename}”的文字：仅支持 TXT、DOCX、XLSX、PDF 格式`);
  try {
    if (type === 'txt') return decodeText(buffer);
    if (type === 'docx') return await docxText(buffer);
    if (type === 'xlsx') return await xlsxText(buffer);
    return await pdfText(buffer);
  } catch (e) {
    throw badRequest(`“${filename}”已损坏或无法解析，未能提取文字`);
  }
}
