/** A document's original file (原件): upload and download. */
import { randomBytes } from 'node:crypto';
import type { Actor, AppContext } from '../../../context.ts';
import { readStoredFile, writeStoredFile } from '../../../db/files.ts';
import { badRequest, notFound } from '../../../errors.ts';
import { checkUpload } from '../../../lib/uploads.ts';
import { auditedWrite } from '../../audit/service.ts';
import { updateDocumentRow } from '../store.ts';
import { requireEditable, visibleRow } from './views.ts';

/** Where an original is kept, relative to DATA_DIR (the column holds the file name only). */
const storedPath = (file: string) => `uploads/normative/${file}`;

/**
 * Stores an uploaded original file at uploads/normative/<id>-<random>.<ext> (db/files.ts: the local
 * disk on SQLite, the database on PostgreSQL), in the transaction that names it on the document.
 */
export async function attachFile(
  ctx: AppContext,
  actor: Actor,
  id: number,
  file: { filename: string; mimetype: string; data: Buffer },
): Promise<void> {
  const { row } = await requireEditable(ctx, actor, id);
  const name = file.filename.replace(/[\\/]/g, '_').slice(0, 200);
  const ext = /\.(pdf|docx?|ofd|wps|xlsx?|txt|zip)$/i.exec(name)?.[1]?.toLowerCase();
  if (!ext)
    throw badRequest('原件只接受 PDF、OFD、Word、WPS、Excel、TXT 或 ZIP 文件', { file: '文件类型不支持' });
  if (file.data.length === 0) throw badRequest('上传的文件是空的', { file: '文件为空' });
  await checkUpload(file, {
    kinds: ['pdf', 'ofd', 'docx', 'xlsx', 'office97', 'txt', 'zip'],
    maxBytes: 10 * 1024 * 1024,
  });
  const stored = `${id}-${randomBytes(8).toString('hex')}.${ext}`;
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await writeStoredFile(ctx, storedPath(stored), file.data, trx);
      await updateDocumentRow(trx, id, {
        file_path: stored,
        file_name: name,
        file_type: file.mimetype,
        file_size: file.data.length,
        updated_at: ctx.clock.now().toISOString(),
      });
    },
    () => ({
      action: 'normative.attach',
      objectType: 'normative_document',
      objectId: id,
      before: row.file_name,
      after: { name, size: file.data.length },
    }),
  );
}

/** The stored original file of a document the actor may see. */
export async function documentFile(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<{ data: Buffer; name: string; type: string }> {
  const row = await visibleRow(ctx, actor, id);
  if (!row.file_path || !row.file_name) throw notFound('原件');
  const data = await readStoredFile(ctx, storedPath(row.file_path));
  if (!data) throw notFound('原件');
  return { data, name: row.file_name, type: row.file_type || 'application/octet-stream' };
}
