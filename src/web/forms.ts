import type { FastifyRequest } from 'fastify';
import { AppError, badRequest, type ErrorCode } from '../errors.ts';
import { checkUpload, type UploadKind } from '../lib/uploads.ts';

/**
 * Form bodies (application/x-www-form-urlencoded): repeated keys become arrays (checkbox groups),
 * and the parser never throws on odd input — validation says what is wrong.
 */
export function parseFormBody(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { ...out };
}

/** A form value as a single trimmed string ('' when absent). */
export function str(v: unknown): string {
  if (Array.isArray(v)) v = v[0];
  return typeof v === 'string' ? v.trim() : '';
}

/** A form value as a list (checkbox groups). */
export function list(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** A positive integer form value, or null. */
export function int(v: unknown): number | null {
  const s = str(v);
  return /^\d{1,15}$/.test(s) ? Number(s) : null;
}

/**
 * A form POST: runs the use case (which answers with its redirect); when it refuses the input — an
 * AppError with one of `codes` — the form is rendered again with the error, for the person to fix in
 * place. Anything else propagates to the error handler.
 */
export async function formPost<R>(
  act: () => Promise<R>,
  rerender: (e: AppError) => Promise<R>,
  codes: readonly ErrorCode[] = ['bad_request'],
): Promise<R> {
  try {
    return await act();
  } catch (e) {
    if (e instanceof AppError && codes.includes(e.code)) return rerender(e);
    throw e;
  }
}

/** The refusals a workflow form re-renders on: bad input, or a step the record's state does not allow. */
export const STATE_REFUSALS: readonly ErrorCode[] = ['bad_request', 'invalid_state'];

/** The refusals an upload form re-renders on: a bad file or field, or a file over the size limit. */
export const UPLOAD_REFUSALS: readonly ErrorCode[] = ['bad_request', 'payload_too_large'];

/** One uploaded file: the name the browser gave, the bytes, and the browser's (unchecked) type. */
export interface Upload {
  name: string;
  data: Buffer;
  mime: string;
}

const notMultipart = () => badRequest('请使用文件上传表单提交');

/**
 * A multipart body the parser cannot read (no boundary, cut short, a malformed part header) is the
 * sender's fault: a Chinese 400, not busboy's English error as a 500. Our own refusals and the
 * multipart plugin's (limits, with a status) pass through.
 */
async function multipartBody<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof AppError || typeof (e as { statusCode?: unknown })?.statusCode === 'number') throw e;
    throw badRequest('上传的内容不完整或格式不正确，请重新选择文件后提交');
  }
}
const tooLarge = (part: { filename: string; fieldname: string }, maxBytes: number) =>
  new AppError(
    'payload_too_large',
    `文件“${part.filename}”不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB`,
    { [part.fieldname]: '文件过大' },
  );

/**
 * Reads the one file of a multipart form or API call, at most `maxBytes` long. Refuses in Chinese:
 * a request that is not multipart or carries no file (400, field `file`; `missing` says what to
 * choose), a file over the limit (413). With `kinds`, the bytes are checked too (`checkUpload`);
 * without, the use case checks them.
 */
export async function readUpload(
  req: FastifyRequest,
  opts: { maxBytes: number; kinds?: readonly UploadKind[]; missing?: string },
): Promise<Upload> {
  if (!req.isMultipart()) throw notMultipart();
  const part = await multipartBody(() =>
    req.file({ limits: { fileSize: opts.maxBytes, files: 1 }, throwFileSizeLimit: false }),
  );
  if (!part || !part.filename) throw badRequest(opts.missing ?? '请选择要上传的文件', { file: '请选择文件' });
  const data = await multipartBody(() => part.toBuffer());
  if (part.file.truncated) throw tooLarge(part, opts.maxBytes);
  if (opts.kinds)
    await checkUpload({ filename: part.filename, data }, { kinds: opts.kinds, maxBytes: opts.maxBytes });
  return { name: part.filename, data, mime: part.mimetype };
}

/**
 * Reads a multipart form with fields and files: up to `maxFiles` files of at most `maxBytes` each
 * (`field` names the input); a file input left empty is skipped. Refuses in Chinese: a request that
 * is not multipart (400), a file over the limit (413). The use case checks the files' bytes.
 * `fields` is filled as the parts arrive, so a caller still has the values read before a refusal.
 */
export async function readMultipart(
  req: FastifyRequest,
  opts: { maxBytes: number; maxFiles: number; maxFields?: number },
  fields: Record<string, string> = {},
): Promise<{ fields: Record<string, string>; files: (Upload & { field: string })[] }> {
  if (!req.isMultipart()) throw notMultipart();
  const files: (Upload & { field: string })[] = [];
  const limits = {
    fileSize: opts.maxBytes,
    files: opts.maxFiles,
    ...(opts.maxFields ? { fields: opts.maxFields } : {}),
  };
  // parts() honours throwFileSizeLimit as file() does; its type leaves the option out.
  await multipartBody(async () => {
    for await (const part of req.parts({ limits, throwFileSizeLimit: false } as Parameters<
      FastifyRequest['parts']
    >[0])) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.file.truncated) throw tooLarge(part, opts.maxBytes);
        if (part.filename)
          files.push({ field: part.fieldname, name: part.filename, data, mime: part.mimetype });
      } else fields[part.fieldname] = String(part.value ?? '');
    }
  });
  return { fields, files };
}
