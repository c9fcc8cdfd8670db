/** Queries on content_attachments (the files themselves are stored through src/db/files.ts). */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type { Attachment } from '../model.ts';
import type { ContentAttachmentTable } from '../tables.ts';

/** An attachment row as the domain type. */
export const attachmentRowToAttachment = (r: Selectable<ContentAttachmentTable>): Attachment => ({
  id: r.id,
  itemId: r.item_id,
  name: r.name,
  mime: r.mime,
  size: r.size,
  sha256: r.sha256,
  storagePath: r.storage_path,
  text: r.text,
  createdAt: r.created_at,
});

/** An item's attachments, in upload order. */
export async function selectAttachments(db: Kysely<DB>, itemId: number): Promise<Attachment[]> {
  const rows = await db
    .selectFrom('content_attachments')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
  return rows.map(attachmentRowToAttachment);
}

/** One attachment, or undefined. */
export async function selectAttachment(db: Kysely<DB>, id: number): Promise<Attachment | undefined> {
  const r = await db.selectFrom('content_attachments').selectAll().where('id', '=', id).executeTakeFirst();
  return r && attachmentRowToAttachment(r);
}

/** Adds an attachment row; returns its id. */
export async function insertAttachment(
  trx: Kysely<DB>,
  values: Insertable<ContentAttachmentTable>,
): Promise<number> {
  const { id } = await trx
    .insertInto('content_attachments')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Removes an attachment row. */
export async function deleteAttachment(trx: Kysely<DB>, id: number): Promise<void> {
  await trx.deleteFrom('content_attachments').where('id', '=', id).execute();
}

/** Whether any attachment row still holds this content (the file is shared by content address). */
export async function attachmentContentInUse(db: Kysely<DB>, sha256: string): Promise<boolean> {
  return !!(await db
    .selectFrom('content_attachments')
    .select('id')
    .where('sha256', '=', sha256)
    .executeTakeFirst());
}
