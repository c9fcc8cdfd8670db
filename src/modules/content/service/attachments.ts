/** Attachments: checked by content and extension, stored through src/db/files.ts, Word bodies imported with their images. */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import { readStoredFile, removeStoredFile, writeStoredFile } from '../../../db/files.ts';
import type { DB } from '../../../db/types.ts';
import { AppError, badRequest, invalidState, notFound } from '../../../errors.ts';
import { checkUpload } from '../../../lib/uploads.ts';
import { auditedWrite } from '../../audit/service.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import { inScope } from '../../org/model.ts';
import { orgScope } from '../../org/service.ts';
import { docxToBody } from '../docx.ts';
import { extractText } from '../integrations.ts';
import { bodyText, sanitizeBody, type Attachment, type Item } from '../model.ts';
import {
  attachmentContentInUse,
  deleteAttachment,
  insertAttachment,
  selectAttachment,
  selectAttachments,
} from '../store/attachments.ts';
import { selectItem, updateItemRow } from '../store/items.ts';
import { addRevision, loadItem, staffItem } from './item-access.ts';
import { auditView } from './item-rules.ts';

/** Accepted attachment types: extension → the type file-type must detect, and a size limit. */
export const ATTACHMENT_TYPES: Record<
  string,
  { mime: string; detect: string; maxBytes: number; label: string }
> = {
  pdf: { mime: 'application/pdf', detect: 'pdf', maxBytes: 20 * 1024 * 1024, label: 'PDF' },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    detect: 'docx',
    maxBytes: 20 * 1024 * 1024,
    label: 'Word',
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    detect: 'xlsx',
    maxBytes: 20 * 1024 * 1024,
    label: 'Excel',
  },
  png: { mime: 'image/png', detect: 'png', maxBytes: 5 * 1024 * 1024, label: '图片' },
  jpg: { mime: 'image/jpeg', detect: 'jpg', maxBytes: 5 * 1024 * 1024, label: '图片' },
  jpeg: { mime: 'image/jpeg', detect: 'jpg', maxBytes: 5 * 1024 * 1024, label: '图片' },
  gif: { mime: 'image/gif', detect: 'gif', maxBytes: 5 * 1024 * 1024, label: '图片' },
};

/**
 * Where an attachment's bytes are stored (src/db/files.ts), by content: the same file uploaded twice
 * is stored once. The layout under DATA_DIR is the one of before the file store.
 */
const storedPath = (storagePath: string) => `uploads/${storagePath}`;

/** The storage path (relative to uploads/) of content with this hash and extension. */
const contentPath = (sha256: string, ext: string) => `content/${sha256.slice(0, 2)}/${sha256}.${ext}`;

/** A safe display name: no path parts, no control characters, at most 120 characters. */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base
    .replace(/[\u0000-\u001f<>:"|?*]/g, '')
    .trim()
    .slice(-120);
}

/** An attachment checked and read, not yet stored: what `addAttachment` and `importItem` write. */
export interface CheckedAttachment {
  name: string;
  data: Buffer;
  type: (typeof ATTACHMENT_TYPES)[string];
  sha256: string;
  storagePath: string;
  text: string;
}

/**
 * The attachment rules (type by content and extension together, size, the upload checks of
 * lib/uploads.ts) and the text for the gate and search. Throws a Chinese 400; writes nothing.
 */
export async function checkAttachment(file: { filename: string; data: Buffer }): Promise<CheckedAttachment> {
  const name = cleanName(file.filename);
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const type = ATTACHMENT_TYPES[ext];
  if (!name || !type)
    throw badRequest('附件只能是 PDF、Word（.docx）、Excel（.xlsx）或图片（PNG、JPG、GIF）', {
      file: '文件类型不支持',
    });
  if (file.data.length === 0) throw badRequest('附件是空文件', { file: '文件为空' });
  if (file.data.length > type.maxBytes)
    throw badRequest(`${type.label}附件不能超过 ${type.maxBytes / 1024 / 1024} MB`, { file: '文件过大' });
  const detected = await fileTypeFromBuffer(file.data);
  if (detected?.ext !== type.detect)
    throw badRequest('文件内容与扩展名不符，请上传真实的 PDF、Word、Excel 或图片文件', {
      file: '文件内容与类型不符',
    });
  await checkUpload(
    { filename: name, data: file.data },
    { kinds: ['pdf', 'docx', 'xlsx', 'png', 'jpg', 'gif'], maxBytes: type.maxBytes },
  );
  let text = '';
  try {
    text = type.label === '图片' ? '' : await extractText(file.data, name, type.mime);
  } catch {
    throw badRequest('无法读取该文件的内容，文件可能已损坏或加密', { file: '文件无法读取' });
  }
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  return {
    name,
    data: file.data,
    type,
    sha256,
    storagePath: contentPath(sha256, ext),
    text,
  };
}

/**
 * Writes a checked attachment's bytes, in the transaction of the row naming them (content-addressed:
 * rewriting is harmless, and on SQLite so is a file whose row never comes).
 */
export async function storeAttachment(ctx: AppContext, a: CheckedAttachment, trx: Kysely<DB>): Promise<void> {
  await writeStoredFile(ctx, storedPath(a.storagePath), a.data, trx);
}

/**
 * Adds an attachment to a draft (or a published item, by a reviewer). The type is checked by
 * content (file-type) and extension together; the text is extracted for the gate and search.
 */
export async function addAttachment(
  ctx: AppContext,
  actor: Actor,
  id: number,
  file: { filename: string; data: Buffer },
): Promise<Attachment> {
  const item = await staffItem(ctx, actor, id, 'content.read');
  if (item.status === 'published') requirePermission(actor, 'content.publish');
  else {
    requirePermission(actor, 'content.edit');
    if (item.status !== 'draft') throw invalidState('只有草稿可以添加附件；已报送的稿件请先退回');
  }
  const a = await checkAttachment(file);
  const { name, sha256, storagePath, text, type } = a;
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await storeAttachment(ctx, a, trx);
      const attId = await insertAttachment(trx, {
        item_id: id,
        name,
        mime: type.mime,
        size: file.data.length,
        sha256,
        storage_path: storagePath,
        text,
        created_at: now,
      });
      await updateItemRow(trx, id, { updated_at: now });
      return (await selectAttachment(trx, attId))!;
    },
    (a) => ({
      action: 'content.attachment.add',
      objectType: 'content_item',
      objectId: id,
      after: { attachmentId: a.id, name: a.name, size: a.size, sha256: a.sha256 },
    }),
  );
}

/**
 * Word in: a .docx replaces the body of a draft (a new revision); its images become attachments
 * and appear in the body. Parsed and checked before anything is written; the attachments, the body
 * and the revision are written in one transaction, so a refusal leaves nothing half-saved.
 */
export async function importDocxBody(
  ctx: AppContext,
  actor: Actor,
  id: number,
  file: { filename: string; data: Buffer },
): Promise<{ item: Item; images: number; dropped: string[] }> {
  const item = await staffItem(ctx, actor, id, 'content.edit');
  if (item.status !== 'draft') throw invalidState('只有草稿可以用 Word 文件替换正文；已报送的稿件请先退回');
  const name = cleanName(file.filename);
  if (!/\.docx$/i.test(name))
    throw badRequest(
      /\.(docm|dotm)$/i.test(name)
        ? '含宏的 Word 文件不能导入，请另存为 .docx（不含宏）后再上传'
        : '只能导入 Word/WPS 保存的 .docx 文件',
      { file: '文件类型不支持' },
    );
  const limit = ATTACHMENT_TYPES.docx.maxBytes;
  if (file.data.length > limit)
    throw new AppError('payload_too_large', `Word 文件不能超过 ${limit / 1024 / 1024} MB`, {
      file: '文件过大',
    });
  const doc = await docxToBody(file.data);
  if (!file.data.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
    await checkUpload({ filename: name, data: file.data }, { kinds: ['docx'], maxBytes: limit });
  const stored: { image: (typeof doc.images)[number]; sha256: string; storagePath: string }[] = [];
  for (const image of doc.images) {
    const sha256 = createHash('sha256').update(image.data).digest('hex');
    const ext = image.name.split('.').pop()!;
    const storagePath = contentPath(sha256, ext);
    stored.push({ image, sha256, storagePath });
  }
  const now = ctx.clock.now().toISOString();
  const note = `从 Word 文件导入正文（${name}${stored.length ? `，${stored.length} 张图片作为附件` : ''}）`;
  const saved = await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      let html = doc.html;
      for (const s of stored) {
        await writeStoredFile(ctx, storedPath(s.storagePath), s.image.data, trx);
        const attId = await insertAttachment(trx, {
          item_id: id,
          name: s.image.name,
          mime: s.image.mime,
          size: s.image.data.length,
          sha256: s.sha256,
          storage_path: s.storagePath,
          text: '',
          created_at: now,
        });
        html = html.replaceAll(
          `src="${s.image.placeholder}"`,
          `src="/files/content/${attId}/${encodeURIComponent(s.image.name)}"`,
        );
      }
      const body = sanitizeBody(html);
      if (!bodyText(body).trim() && stored.length === 0)
        throw badRequest('该 Word 文件没有可导入的正文', { file: '文件没有正文' });
      await updateItemRow(trx, id, { body, revision: item.revision + 1, updated_at: now });
      const after = (await selectItem(trx, id))!;
      await addRevision(trx, after, actor, now, note);
      return after;
    },
    (after) => ({
      action: 'content.item.import_docx',
      objectType: 'content_item',
      objectId: id,
      before: auditView(item),
      after: { ...auditView(after), file: name, images: stored.length, dropped: doc.dropped },
    }),
  );
  return { item: saved, images: stored.length, dropped: doc.dropped };
}

/** Removes an attachment from a draft (or a published item, by a reviewer). */
export async function removeAttachment(
  ctx: AppContext,
  actor: Actor,
  id: number,
  attachmentId: number,
): Promise<void> {
  const item = await staffItem(ctx, actor, id, 'content.read');
  if (item.status === 'published') requirePermission(actor, 'content.publish');
  else {
    requirePermission(actor, 'content.edit');
    if (item.status !== 'draft') throw invalidState('只有草稿可以删除附件');
  }
  const att = await selectAttachment(ctx.db, attachmentId);
  if (!att || att.itemId !== id) throw notFound('附件');
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await deleteAttachment(trx, attachmentId);
      return att;
    },
    () => ({
      action: 'content.attachment.remove',
      objectType: 'content_item',
      objectId: id,
      before: { attachmentId, name: att.name, sha256: att.sha256 },
    }),
  );
  // A replaced attachment (often one holding personal data, replaced by a masked file) leaves the
  // store too unless another attachment row still uses the same content. After the commit: a
  // refused removal must not lose the file.
  if (!(await attachmentContentInUse(ctx.db, att.sha256)))
    await removeStoredFile(ctx, storedPath(att.storagePath));
}

/** An item's attachments, in upload order. */
export const listAttachments = (db: Kysely<DB>, itemId: number) => selectAttachments(db, itemId);

/** An attachment's bytes, for the public (published items) or staff in scope. */
export async function readAttachment(
  ctx: AppContext,
  actor: Actor,
  attachmentId: number,
): Promise<{ attachment: Attachment; data: Buffer }> {
  const att = await selectAttachment(ctx.db, attachmentId);
  if (!att) throw notFound('附件');
  const item = await loadItem(ctx.db, att.itemId);
  if (item.status !== 'published') {
    if (!can(actor, 'content.read')) throw notFound('附件');
    if (!inScope(await orgScope(ctx.db, actor), item.orgId)) throw notFound('附件');
  }
  const data = await readStoredFile(ctx, storedPath(att.storagePath));
  if (!data) throw notFound('附件文件');
  return { attachment: att, data };
}
