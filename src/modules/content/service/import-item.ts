/** One item of an old site brought in (issue #23): the same checks and gate as any item, published with its original date. */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { AppError, badRequest } from '../../../errors.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { requireOrgAccess } from '../../org/service.ts';
import { runGate, type GateResult } from '../integrations.ts';
import { bodyText, type Item } from '../model.ts';
import { insertAttachment } from '../store/attachments.ts';
import { insertItem, selectItem, writeLinks } from '../store/items.ts';
import { checkAttachment, cleanName, storeAttachment, type CheckedAttachment } from './attachments.ts';
import { addRevision, announcePublished, maskedGate } from './item-access.ts';
import { auditView, normaliseInput, snapshotValues, withIndexNumber, type ItemInput } from './item-rules.ts';

/** One old-site item to bring in. */
export interface ImportItemInput {
  /** The item as read from the old site (orgId set). */
  item: ItemInput;
  /** Where it was on the old site (kept on the item: it marks it as imported). */
  oldUrl: string;
  /** The instant it was first published there. */
  publishedAt: string;
  attachments: { filename: string; data: Buffer }[];
  /** Check only: validate, read the attachments, run the gate; write nothing. */
  dryRun?: boolean;
  /** Runs in the item's transaction (the importer records its row and the old URL's redirect there). */
  also?: (trx: Kysely<DB>, item: Item) => Promise<void>;
}

/** What became of it. */
export interface ImportItemResult {
  /** published: out with its original date; review: blocking gate findings, waits as a draft. */
  outcome: 'published' | 'review';
  gate: GateResult;
  /** Null on a dry run. */
  item: Item | null;
}

/**
 * Brings in one item of the old site (issue #23 part 4). The same validation, attachment checks and
 * gate as any item; then, in one transaction with the caller's `also`: an item with blocking gate
 * findings waits as a draft (the review queue: imported drafts), any other is published at once with
 * its original date — indexed for search, its library and catalogue hooks run — with no review
 * round: the old site already published it, and the office's import is the decision (audited as
 * `content.item.import`). Either way the item is marked with its old URL.
 */
export async function importItem(
  ctx: AppContext,
  actor: Actor,
  input: ImportItemInput,
): Promise<ImportItemResult> {
  requirePermission(actor, 'content.edit');
  requirePermission(actor, 'content.publish');
  const orgId = input.item.orgId;
  if (orgId == null) throw badRequest('请选择发布单位', { orgId: '请选择发布单位' });
  await requireOrgAccess(ctx.db, actor, orgId);
  const snap0 = await normaliseInput(ctx.db, input.item, orgId);
  if (!bodyText(snap0.body).trim() && input.attachments.length === 0)
    throw badRequest('正文为空，也没有附件', { body: '正文为空' });
  const files: CheckedAttachment[] = [];
  for (const f of input.attachments) {
    try {
      files.push(await checkAttachment(f));
    } catch (err) {
      if (err instanceof AppError)
        throw badRequest(`附件“${cleanName(f.filename)}”：${err.userMessage}`, {
          attachments: err.userMessage,
        });
      throw err;
    }
  }
  const gate: GateResult = maskedGate(
    await runGate(ctx.db, {
      title: snap0.title,
      body: bodyText(snap0.body),
      attachments: files.map((a) => ({ name: a.name, text: a.text })),
    }),
  );
  const outcome = gate.blocking ? 'review' : 'published';
  if (input.dryRun) return { outcome, gate, item: null };
  const now = ctx.clock.now().toISOString();
  const item = await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const snap = await withIndexNumber(trx, snap0, new Date(input.publishedAt));
      const id = await insertItem(trx, {
        ...snapshotValues(snap),
        status: outcome === 'published' ? 'published' : 'draft',
        published_at: outcome === 'published' ? input.publishedAt : null,
        original_published_at: input.publishedAt,
        imported_from: input.oldUrl,
        gate_json: JSON.stringify(gate),
        late: 0,
        author_id: null,
        revision: 1,
        is_sample: 0,
        created_at: now,
        updated_at: now,
      });
      await writeLinks(trx, id, snap);
      for (const a of files) {
        await storeAttachment(ctx, a, trx);
        await insertAttachment(trx, {
          item_id: id,
          name: a.name,
          mime: a.type.mime,
          size: a.data.length,
          sha256: a.sha256,
          storage_path: a.storagePath,
          text: a.text,
          created_at: now,
        });
      }
      const created = (await selectItem(trx, id))!;
      await addRevision(trx, created, actor, now, `从旧网站导入（${input.oldUrl.slice(0, 300)}）`);
      if (outcome === 'published')
        await announcePublished(ctx, trx, created, new Date(input.publishedAt), actor);
      await input.also?.(trx, created);
      return created;
    },
    (i) => ({
      action: 'content.item.import',
      objectType: 'content_item',
      objectId: i.id,
      after: {
        ...auditView(i),
        importedFrom: input.oldUrl,
        outcome,
        attachments: files.length,
        blocking: gate.blocking,
      },
    }),
  );
  return { outcome, gate, item };
}
