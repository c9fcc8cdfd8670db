/**
 * Attachments of a case (scanned paper applications, envelopes, signed receipts, and the documents
 * released to the applicant with the reply — those the applicant downloads with the number and
 * query code). The type is
 * sniffed from the bytes (file-type), not trusted from the name. The bytes are a stored file
 * (src/db/files.ts) at `foi-attachments/<case>/<uuid>.<ext>`, written in the transaction that records
 * the row: on PostgreSQL both commit together; on SQLite the file is on disk before the row commits,
 * so a row never points at a missing file (an orphan file after a crash is harmless).
 */
import { createHash, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import { readStoredFile, writeStoredFile } from '../../../db/files.ts';
import type { DB } from '../../../db/types.ts';
import { AppError, badRequest, notFound } from '../../../errors.ts';
import { checkUpload } from '../../../lib/uploads.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { requireOrgAccess } from '../../org/service.ts';
import { selectApplication } from '../store/applications.ts';
import {
  insertAttachmentRow,
  selectAttachment,
  selectAttachments,
  selectReleasedAttachment,
  setReleasedAt,
  type AttachmentRow,
} from '../store/attachments.ts';
import { insertHistory } from '../store/events.ts';

/** What may be attached: scans and office documents. */
const ALLOWED: Record<string, string> = {
  pdf: 'PDF',
  jpg: 'JPEG',
  png: 'PNG',
  tif: 'TIFF',
  docx: 'Word',
  xlsx: 'Excel',
  ofd: 'OFD',
};
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface Attachment {
  id: number;
  applicationId: number;
  filename: string;
  contentType: string;
  size: number;
  uploadedBy: string;
  createdAt: string;
  /** When it was given to the applicant as released information; null = staff only. */
  releasedAt: string | null;
}

/** The stored file of an attachment (storage_key is relative to foi-attachments/). */
const storedPath = (key: string) => `foi-attachments/${key}`;

/** The bytes of an attachment's stored file; a missing file is a 404, not a crash. */
async function attachmentBytes(ctx: AppContext, key: string): Promise<Buffer> {
  const data = await readStoredFile(ctx, storedPath(key));
  if (!data) throw notFound('附件文件');
  return data;
}

export async function addAttachment(
  ctx: AppContext,
  actor: Actor,
  applicationId: number,
  file: { filename: string; data: Buffer },
  opts: { released?: boolean } = {},
): Promise<Attachment> {
  requirePermission(actor, 'foi.handle');
  const row = await selectApplication(ctx.db, applicationId);
  if (!row) throw notFound('申请');
  await requireOrgAccess(ctx.db, actor, row.org_id);
  const saved = await checkAttachmentFile(applicationId, file);
  return auditedWrite(
    ctx,
    actor,
    (trx) => insertAttachment(trx, ctx, actor, saved, opts.released === true),
    (a) => ({ action: 'foi.attachment.create', objectType: 'foi_attachment', objectId: a.id, after: a }),
  );
}

/**
 * Gives a file of the case to the applicant as released information, or takes that back (a file
 * given by mistake): audited, with a history line. The applicant sees released files on the
 * tracking page.
 */
export async function setAttachmentReleased(
  ctx: AppContext,
  actor: Actor,
  id: number,
  released: boolean,
): Promise<Attachment> {
  requirePermission(actor, 'foi.handle');
  const before = await attachmentRow(ctx.db, id);
  const app = (await selectApplication(ctx.db, before.application_id))!;
  await requireOrgAccess(ctx.db, actor, app.org_id);
  if (!!before.released_at === released) return attachmentOf(before);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await setReleasedAt(trx, id, released ? now : null);
      await insertHistory(
        trx,
        app.id,
        now,
        actorName(actor),
        released
          ? `将“${before.filename}”作为公开的政府信息提供给申请人`
          : `撤回提供给申请人的“${before.filename}”`,
      );
      return attachmentOf({ ...before, released_at: released ? now : null });
    },
    (a) => ({
      action: 'foi.attachment.release',
      objectType: 'foi_attachment',
      objectId: id,
      before: attachmentOf(before),
      after: a,
    }),
  );
}

/** A checked file, not yet stored or recorded. */
export interface CheckedFile {
  applicationId: number;
  filename: string;
  ext: string;
  mime: string;
  size: number;
  sha256: string;
  key: string;
  data: Buffer;
}

/**
 * Checks a file (size, type sniffed from the bytes, disguised or unsafe office files) and names its
 * stored file; the caller stores and records it with insertAttachment. Refusals name the limit, in Chinese.
 */
export async function checkAttachmentFile(
  applicationId: number,
  file: { filename: string; data: Buffer },
): Promise<CheckedFile> {
  if (!file.data.length) throw badRequest('请选择要上传的文件', { file: '文件为空' });
  if (file.data.length > MAX_ATTACHMENT_BYTES)
    throw badRequest(`文件“${file.filename}”超过 20 MB，不能上传`, { file: '文件过大（不超过 20 MB）' });
  const type = await fileTypeFromBuffer(file.data);
  if (!type || !(type.ext in ALLOWED))
    throw badRequest(`只能上传 ${Object.values(ALLOWED).join('、')} 文件（扫描件或文档）`, {
      file: '文件类型不支持',
    });
  await checkUpload(file, {
    kinds: ['pdf', 'jpg', 'png', 'tif', 'docx', 'xlsx', 'office97'],
    maxBytes: MAX_ATTACHMENT_BYTES,
  });
  const filename = (file.filename || `附件.${type.ext}`).replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
  const key = `${applicationId}/${randomUUID()}.${type.ext}`;
  return {
    applicationId,
    filename,
    ext: type.ext,
    mime: type.mime,
    size: file.data.length,
    sha256: createHash('sha256').update(file.data).digest('hex'),
    key,
    data: file.data,
  };
}

/** Stores a checked file and records it on its case, with a history line (inside the caller's transaction). */
export async function insertAttachment(
  trx: Kysely<DB>,
  ctx: AppContext,
  actor: Actor,
  f: CheckedFile,
  released = false,
): Promise<Attachment> {
  const now = ctx.clock.now().toISOString();
  const releasedAt = released ? now : null;
  await writeStoredFile(ctx, storedPath(f.key), f.data, trx);
  const id = await insertAttachmentRow(trx, {
    application_id: f.applicationId,
    filename: f.filename,
    content_type: f.mime,
    size: f.size,
    sha256: f.sha256,
    storage_key: f.key,
    uploaded_by: actorName(actor),
    created_at: now,
    released_at: releasedAt,
  });
  const what = released ? '上传提供给申请人的政府信息' : '上传附件';
  await insertHistory(
    trx,
    f.applicationId,
    now,
    actorName(actor),
    `${what}“${f.filename}”（${ALLOWED[f.ext]}，${Math.ceil(f.size / 1024)} KB）`,
  );
  return {
    id,
    applicationId: f.applicationId,
    filename: f.filename,
    contentType: f.mime,
    size: f.size,
    uploadedBy: actorName(actor),
    createdAt: now,
    releasedAt,
  };
}

const attachmentOf = (r: AttachmentRow): Attachment => ({
  id: r.id,
  applicationId: r.application_id,
  filename: r.filename,
  contentType: r.content_type,
  size: r.size,
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
  releasedAt: r.released_at,
});

async function attachmentRow(db: Kysely<DB>, id: number): Promise<AttachmentRow> {
  const r = await selectAttachment(db, id);
  if (!r) throw notFound('附件');
  return r;
}

export async function listAttachments(ctx: AppContext, applicationId: number): Promise<Attachment[]> {
  return (await selectAttachments(ctx.db, applicationId)).map(attachmentOf);
}

/** The bytes of an attachment, for staff who may see its case. */
export async function readAttachment(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<{ attachment: Attachment; data: Buffer }> {
  requirePermission(actor, 'foi.read');
  const r = await attachmentRow(ctx.db, id);
  const app = (await selectApplication(ctx.db, r.application_id))!;
  await requireOrgAccess(ctx.db, actor, app.org_id);
  return { attachment: attachmentOf(r), data: await attachmentBytes(ctx, r.storage_key) };
}

/**
 * A released file of an application the caller has already proved (number + query code): only a file
 * of that case and only while released, otherwise the same not-found as any unknown file.
 */
export async function readReleasedFile(
  ctx: AppContext,
  applicationId: number,
  id: number,
): Promise<{ attachment: Attachment; data: Buffer }> {
  const r = await selectReleasedAttachment(ctx.db, applicationId, id);
  if (!r) throw new AppError('not_found', '该文件不存在或未提供给您，请在办理进度页面重新下载');
  return { attachment: attachmentOf(r), data: await attachmentBytes(ctx, r.storage_key) };
}
