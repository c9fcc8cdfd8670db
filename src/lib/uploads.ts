/**
 * Every uploaded file passes here (等保 2.0: 恶意代码防范, 数据完整性): the type is decided by the
 * bytes (magic numbers, `file-type`), never by the name or the browser's Content-Type; the name's
 * extension must agree with the bytes; ZIP containers (DOCX, XLSX, OFD, ZIP) are checked against
 * decompression bombs before anything opens them; active content (HTML, SVG, scripts, macros, PDF
 * JavaScript) is refused. Downloads go out with `sendDownload`: attachment unless a PDF or image,
 * `nosniff`, and a sandboxing CSP.
 */
import type { FastifyReply } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { AppError, badRequest } from '../errors.ts';

/** What an upload may be. `detect` is file-type's verdict for the bytes (`text` = no magic: plain text). */
export const UPLOAD_KINDS = {
  pdf: { exts: ['pdf'], detect: ['pdf'], mime: 'application/pdf', label: 'PDF' },
  docx: {
    exts: ['docx'],
    detect: ['docx'],
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word（.docx）',
  },
  xlsx: {
    exts: ['xlsx'],
    detect: ['xlsx'],
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel（.xlsx）',
  },
  /** Legacy Office and WPS: OLE compound files. */
  office97: {
    exts: ['doc', 'xls', 'wps', 'et'],
    detect: ['cfb'],
    mime: 'application/octet-stream',
    label: 'Word/Excel/WPS（旧格式）',
  },
  ofd: { exts: ['ofd'], detect: ['zip'], mime: 'application/ofd', label: 'OFD' },
  zip: { exts: ['zip'], detect: ['zip'], mime: 'application/zip', label: 'ZIP' },
  txt: { exts: ['txt'], detect: ['text'], mime: 'text/plain; charset=utf-8', label: 'TXT' },
  csv: { exts: ['csv'], detect: ['text'], mime: 'text/csv; charset=utf-8', label: 'CSV' },
  png: { exts: ['png'], detect: ['png'], mime: 'image/png', label: 'PNG' },
  jpg: { exts: ['jpg', 'jpeg'], detect: ['jpg'], mime: 'image/jpeg', label: 'JPG' },
  gif: { exts: ['gif'], detect: ['gif'], mime: 'image/gif', label: 'GIF' },
  tif: { exts: ['tif', 'tiff'], detect: ['tif'], mime: 'image/tiff', label: 'TIFF' },
} as const;

export type UploadKind = keyof typeof UPLOAD_KINDS;

/** Limits on ZIP containers (DOCX/XLSX/OFD/ZIP), checked from the central directory before opening. */
export const ZIP_LIMITS = { entries: 2000, totalBytes: 200 * 1024 * 1024, ratio: 100 };

export interface CheckedUpload {
  kind: UploadKind;
  /** Extension for storage (from the kind, not from the name). */
  ext: string;
  mime: string;
}

const refuse = (message: string) => badRequest(message, { file: message });

/** Reads a ZIP's central directory: entry count, total declared uncompressed size, entry names. */
export function zipDirectory(
  data: Buffer,
): { entries: number; uncompressed: number; compressed: number; names: string[] } | null {
  const min = Math.max(0, data.length - 65_557);
  let eocd = -1;
  for (let i = data.length - 22; i >= min; i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const total = data.readUInt16LE(eocd + 10);
  let p = data.readUInt32LE(eocd + 16);
  const names: string[] = [];
  let uncompressed = 0;
  let compressed = 0;
  for (let n = 0; n < total; n++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== 0x02014b50) return null;
    const csize = data.readUInt32LE(p + 20);
    const usize = data.readUInt32LE(p + 24);
    if (csize === 0xffffffff || usize === 0xffffffff)
      return { entries: total, uncompressed: Infinity, compressed, names }; // ZIP64: refused
    const nameLen = data.readUInt16LE(p + 28);
    const extraLen = data.readUInt16LE(p + 30);
    const commentLen = data.readUInt16LE(p + 32);
    names.push(data.subarray(p + 46, p + 46 + nameLen).toString('utf8'));
    uncompressed += usize;
    compressed += csize;
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries: total, uncompressed, compressed, names };
}

/** Text that a browser would run or render as a document: HTML, SVG, XML, scripts. */
const ACTIVE_TEXT = /^\s*(<!doctype|<html|<svg|<\?xml|<script|<body|<head|<iframe)|<script[\s>]|javascript:/i;

function checkZip(data: Buffer): void {
  const dir = zipDirectory(data);
  if (!dir) throw refuse('压缩文件结构损坏，无法读取');
  if (dir.entries > ZIP_LIMITS.entries) throw refuse(`压缩文件内的文件过多（超过 ${ZIP_LIMITS.entries} 个）`);
  if (dir.uncompressed > ZIP_LIMITS.totalBytes)
    throw refuse(`文件解压后过大（超过 ${ZIP_LIMITS.totalBytes / 1024 / 1024} MB）`);
  if (dir.uncompressed > Math.max(data.length, 1) * ZIP_LIMITS.ratio)
    throw refuse('文件压缩比异常（疑似压缩炸弹），已拒绝');
  if (dir.names.some((n) => n.includes('..') || n.startsWith('/') || n.includes('\\')))
    throw refuse('压缩文件内含非法路径');
  if (dir.names.some((n) => /vbaProject\.bin$|\.(exe|dll|bat|cmd|js|vbs|ps1|scr|html?|svg)$/i.test(n)))
    throw refuse('文件含宏或可执行内容，已拒绝');
}

/**
 * Checks one uploaded file against the kinds a place accepts. Throws a Chinese 400 (field `file`)
 * or 413; returns the kind decided by the bytes.
 */
export async function checkUpload(
  file: { filename: string; data: Buffer },
  opts: { kinds: readonly UploadKind[]; maxBytes: number },
): Promise<CheckedUpload> {
  const { data } = file;
  const allowed = opts.kinds.map((k) => UPLOAD_KINDS[k].label).join('、');
  if (data.length === 0) throw refuse('上传的文件是空的');
  if (data.length > opts.maxBytes)
    throw new AppError('payload_too_large', `文件不能超过 ${Math.round(opts.maxBytes / 1024 / 1024)} MB`, {
      file: '文件过大',
    });
  const detected = (await fileTypeFromBuffer(data))?.ext ?? 'text';
  const nameExt = /\.([a-z0-9]{1,8})$/i.exec(file.filename ?? '')?.[1]?.toLowerCase();
  const candidates = opts.kinds.filter((k) =>
    (UPLOAD_KINDS[k].detect as readonly string[]).includes(detected),
  );
  // The name's extension decides between kinds with the same bytes (a ZIP or an OFD) and must agree with them.
  const kind = nameExt
    ? candidates.find((k) => (UPLOAD_KINDS[k].exts as readonly string[]).includes(nameExt))
    : candidates[0];
  if (!kind) {
    const nameKind =
      nameExt && opts.kinds.find((k) => (UPLOAD_KINDS[k].exts as readonly string[]).includes(nameExt));
    throw refuse(nameKind ? '文件内容与扩展名不符，请上传真实的文件' : `只能上传 ${allowed} 文件`);
  }
  if (detected === 'text') {
    const head = data.subarray(0, 64 * 1024);
    if (head.includes(0)) throw refuse('文件不是文本文件');
    if (ACTIVE_TEXT.test(head.toString('utf8'))) throw refuse('文件含网页或脚本内容，已拒绝');
  }
  if (detected === 'zip' || detected === 'docx' || detected === 'xlsx') checkZip(data);
  // PDF actions that run script or launch programs are active content.
  if (detected === 'pdf' && /\/(JavaScript|JS|Launch|EmbeddedFile)\b/.test(data.toString('latin1')))
    throw refuse('PDF 文件含脚本或嵌入程序，已拒绝');
  return { kind, ext: UPLOAD_KINDS[kind].exts[0], mime: UPLOAD_KINDS[kind].mime };
}

const INLINE = /^(application\/pdf|image\/(png|jpeg|gif))$/;

/**
 * Sends a stored file for download: inline only for PDF and images, otherwise as an attachment;
 * never sniffed, and sandboxed so that even a mislabelled file cannot run script on this origin.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { name: string; mime: string; body: Buffer | NodeJS.ReadableStream },
) {
  const mime = file.mime.split(';')[0].trim().toLowerCase();
  const known = Object.values(UPLOAD_KINDS).some((k) => k.mime.split(';')[0] === mime);
  const safeMime = known ? file.mime : 'application/octet-stream';
  const disposition = INLINE.test(mime) ? 'inline' : 'attachment';
  const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'download';
  return reply
    .type(safeMime)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header(
      'content-disposition',
      `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    )
    .send(file.body);
}
