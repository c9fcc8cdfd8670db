/** What fulfils an entry: items published into its mapped columns (online credits) and offline postings with a photo. */
import { randomBytes } from 'node:crypto';
import { readStoredFile, removeStoredFile, writeStoredFile } from '../../../db/files.ts';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { AppError, badRequest, notFound } from '../../../errors.ts';
import { isIsoDate, shanghaiDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { getPublicItem, listColumns, listPublicItems } from '../../content/service.ts';
import { ITEM_KINDS } from '../../content/model.ts';
import { requireOrgAccess } from '../../org/service.ts';
import { OFFLINE_CHANNELS, type CatalogueEntry } from '../model.ts';
import { selectEntriesForItem, selectEntry, selectPostings, type Posting } from '../store.ts';
import type { PublishedItemNotice } from '../../registry.ts';
import {
  deleteItemCredits,
  deleteOnlineCredits,
  insertCredit,
  insertPosting,
  replaceMappings,
  updateEntryRow,
} from '../store/writes.ts';
import { editableEntry, getCatalogue } from './catalogues.ts';

// ───────────────────────────── mapping and credits ─────────────────────────────

export interface MappingInput {
  columnIds: number[];
  itemKinds: string[];
}

/**
 * Maps an entry to the content columns (and item kinds) that fulfil it, then credits the org's items
 * already published there, so a mapping made mid-year counts what was published before it.
 */
export async function setEntryMapping(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: MappingInput,
): Promise<CatalogueEntry> {
  const before = await editableEntry(ctx, actor, id);
  const columns = await listColumns(ctx.db);
  const fields: Record<string, string> = {};
  const columnIds = [...new Set(input.columnIds)];
  if (columnIds.length > 20) fields.columnIds = '最多对应 20 个栏目';
  else if (columnIds.some((c) => !columns.some((x) => x.id === c))) fields.columnIds = '栏目不存在';
  const itemKinds = [...new Set(input.itemKinds)];
  if (itemKinds.some((k) => !(k in ITEM_KINDS))) fields.itemKinds = '信息类型无效';
  if (Object.keys(fields).length) throw badRequest('对应栏目有误，请检查后重新提交', fields);
  // Published items of the org in those columns (read before the transaction: SQLite has one writer).
  const found = new Map<number, Awaited<ReturnType<typeof getPublicItem>>>();
  for (const columnId of columnIds) {
    for (let page = 1; ; page++) {
      const res = await listPublicItems(ctx.db, { columnId, page, pageSize: 100 });
      for (const s of res.items)
        if (s.orgId === before.catalogue.orgId && !found.has(s.id))
          found.set(s.id, await getPublicItem(ctx.db, s.id));
      if (page * 100 >= res.total) break;
    }
  }
  const matching = [...found.values()].filter(
    (i) => (itemKinds.length === 0 || itemKinds.includes(i.kind)) && i.publishedAt,
  );
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await replaceMappings(trx, id, columnIds);
      await updateEntryRow(trx, id, {
        item_kinds: JSON.stringify(itemKinds),
        updated_at: ctx.clock.now().toISOString(),
      });
      // Online credits follow the mapping: drop those no longer mapped, add the ones now mapped.
      await deleteOnlineCredits(trx, id);
      for (const i of matching)
        await insertOnlineCredit(
          trx,
          id,
          {
            itemId: i.id,
            title: i.title,
            formedOn: i.formationDate,
            publishedOn: shanghaiDate(i.publishedAt!),
          },
          ctx.clock.now(),
        );
      return (await selectEntry(trx, id))!;
    },
    (after) => ({
      action: 'catalogue.entry.map',
      objectType: 'catalogue',
      objectId: before.catalogueId,
      before: { entryId: id, columnIds: before.columnIds, itemKinds: before.itemKinds },
      after: {
        entryId: id,
        columnIds: after.columnIds,
        itemKinds: after.itemKinds,
        credited: matching.length,
      },
    }),
  );
}

async function insertOnlineCredit(
  trx: Kysely<DB>,
  entryId: number,
  i: { itemId: number; title: string; formedOn: string | null; publishedOn: string },
  at: Date,
) {
  await insertCredit(trx, {
    entry_id: entryId,
    source: 'online',
    item_id: i.itemId,
    posting_id: null,
    title: i.title,
    url: `/items/${i.itemId}`,
    formed_on: i.formedOn,
    published_on: i.publishedOn,
    created_at: at.toISOString(),
  });
}

/** What the content module tells us about an item whose publication state changed (registry.ts). */
export type { PublishedItemNotice };

/**
 * The publish hook (called by content in the publish/withdraw transaction): a published item credits
 * every entry of its org's catalogue (this year's and last year's, for 次年/期满后 windows) mapped to
 * one of its columns; a withdrawn item no longer fulfils anything.
 */
export async function onItemPublicationChanged(
  trx: Kysely<DB>,
  n: PublishedItemNotice,
  at: Date,
): Promise<void> {
  if (n.status === 'withdrawn') {
    await deleteItemCredits(trx, n.itemId);
    return;
  }
  if (n.status !== 'published' || !n.publishedOn) return;
  const year = Number(n.publishedOn.slice(0, 4));
  const entryIds = await selectEntriesForItem(trx, n.orgId, [year, year - 1], n.columnIds, n.kind);
  for (const entryId of entryIds)
    await insertOnlineCredit(
      trx,
      entryId,
      { itemId: n.itemId, title: n.title, formedOn: n.formationDate, publishedOn: n.publishedOn },
      at,
    );
}

// ───────────────────────────── offline postings ─────────────────────────────

export const PHOTO_TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png' };
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Where posting photos are stored (src/db/files.ts), relative to DATA_DIR: `uploads/catalogue/<name>`. */
export const PHOTO_PREFIX = 'uploads/catalogue';

export interface PostingInput {
  channel: string;
  title: string;
  postedOn: string;
  formedOn?: string | null;
  photo: { fileName: string; data: Buffer } | null;
  isSample?: boolean;
}

/** The township records a posting on a 公开栏 / 村务公开栏 (with a photo and its date); it credits the entry. */
export async function recordPosting(
  ctx: AppContext,
  actor: Actor,
  entryId: number,
  input: PostingInput,
): Promise<Posting> {
  const entry = await editableEntry(ctx, actor, entryId);
  const today = shanghaiDate(ctx.clock.now());
  const fields: Record<string, string> = {};
  if (!(OFFLINE_CHANNELS as readonly string[]).includes(input.channel)) fields.channel = '请选择线下公开渠道';
  if (!input.title?.trim()) fields.title = '请填写公开内容';
  else if (input.title.length > 200) fields.title = '公开内容不超过 200 字';
  if (!isIsoDate(input.postedOn ?? '')) fields.postedOn = '张贴日期格式应为 YYYY-MM-DD';
  else if (input.postedOn > today) fields.postedOn = '张贴日期不能晚于今天';
  if (input.formedOn) {
    if (!isIsoDate(input.formedOn)) fields.formedOn = '信息形成日期格式应为 YYYY-MM-DD';
    else if (isIsoDate(input.postedOn ?? '') && input.formedOn > input.postedOn)
      fields.formedOn = '信息形成日期不能晚于张贴日期';
  }
  let type: { mime: string } | undefined;
  if (!input.photo || input.photo.data.length === 0) fields.photo = '请上传公开栏照片';
  else if (input.photo.data.length > MAX_PHOTO_BYTES)
    throw new AppError('payload_too_large', '照片过大（不超过 10 MB）');
  else {
    type = await fileTypeFromBuffer(input.photo.data);
    if (!type || !PHOTO_TYPES[type.mime]) fields.photo = '照片只能是 JPG 或 PNG 图片';
  }
  if (Object.keys(fields).length) throw badRequest('线下公开记录有误，请检查后重新提交', fields);
  const ext = PHOTO_TYPES[type!.mime];
  const stored = `${entryId}-${randomBytes(12).toString('hex')}.${ext}`;
  const path = `${PHOTO_PREFIX}/${stored}`;
  const now = ctx.clock.now();
  try {
    return await auditedWrite(
      ctx,
      actor,
      async (trx) => {
        // The photo goes in the row's transaction: on PostgreSQL both commit or neither.
        await writeStoredFile(ctx, path, input.photo!.data, trx);
        const id = await insertPosting(trx, {
          entry_id: entryId,
          org_id: entry.catalogue.orgId,
          channel: input.channel,
          title: input.title.trim(),
          formed_on: input.formedOn || null,
          posted_on: input.postedOn,
          photo_name:
            input.photo!.fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || `照片.${ext}`,
          photo_mime: type!.mime,
          photo_path: stored,
          recorded_by: actorName(actor),
          recorded_at: now.toISOString(),
          is_sample: input.isSample ? 1 : 0,
        });
        await insertCredit(trx, {
          entry_id: entryId,
          source: 'offline',
          item_id: null,
          posting_id: id,
          title: `${input.channel}：${input.title.trim()}`,
          url: null,
          formed_on: input.formedOn || null,
          published_on: input.postedOn,
          created_at: now.toISOString(),
        });
        return (await selectPostings(trx, { id }))[0];
      },
      (p) => ({
        action: 'catalogue.posting.record',
        objectType: 'catalogue',
        objectId: entry.catalogueId,
        after: { ...p, photoPath: undefined },
      }),
    );
  } catch (e) {
    // On SQLite the photo is on disk already; a refused row must not leave it behind.
    await removeStoredFile(ctx, path).catch(() => {});
    throw e;
  }
}

/** A posting's photo, for staff who may see the catalogue (photos of boards may show names: not public). */
export async function readPostingPhoto(
  ctx: AppContext,
  actor: Actor,
  postingId: number,
): Promise<{ posting: Posting; data: Buffer }> {
  requirePermission(actor, 'catalogue.read');
  const [posting] = await selectPostings(ctx.db, { id: postingId });
  if (!posting) throw notFound('照片');
  await requireOrgAccess(ctx.db, actor, posting.orgId);
  const data = await readStoredFile(ctx, `${PHOTO_PREFIX}/${posting.photoPath}`);
  if (!data) throw notFound('照片');
  return { posting, data };
}

export async function listPostings(ctx: AppContext, actor: Actor, catalogueId: number): Promise<Posting[]> {
  const c = await getCatalogue(ctx, actor, catalogueId);
  return selectPostings(ctx.db, { entryIds: c.entries.map((e) => e.id) });
}
