/** Queries on a case's attachments (the bytes are stored files, src/db/files.ts, under foi-attachments/). */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type { FoiAttachmentTable } from '../tables.ts';

/** An attachment row as stored. */
export type AttachmentRow = Selectable<FoiAttachmentTable>;

/** One attachment by id. */
export async function selectAttachment(db: Kysely<DB>, id: number): Promise<AttachmentRow | undefined> {
  return db.selectFrom('foi_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A case's attachments in upload order. */
export async function selectAttachments(db: Kysely<DB>, applicationId: number): Promise<AttachmentRow[]> {
  return db
    .selectFrom('foi_attachments')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
}

/** An attachment of the case that is released to the applicant, or undefined. */
export async function selectReleasedAttachment(
  db: Kysely<DB>,
  applicationId: number,
  id: number,
): Promise<AttachmentRow | undefined> {
  return db
    .selectFrom('foi_attachments')
    .selectAll()
    .where('id', '=', id)
    .where('application_id', '=', applicationId)
    .where('released_at', 'is not', null)
    .executeTakeFirst();
}

/** Records an attachment; returns its id. */
export async function insertAttachmentRow(
  db: Kysely<DB>,
  values: Omit<Insertable<FoiAttachmentTable>, 'id'>,
): Promise<number> {
  const { id } = await db
    .insertInto('foi_attachments')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Releases an attachment to the applicant (at `releasedAt`) or takes it back (null). */
export async function setReleasedAt(db: Kysely<DB>, id: number, releasedAt: string | null): Promise<void> {
  await db.updateTable('foi_attachments').set({ released_at: releasedAt }).where('id', '=', id).execute();
}
