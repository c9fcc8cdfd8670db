/**
 * How a document enters the library: through the publishing workflow (issue 6: "entered through the
 * publishing workflow, so the gate and the reviews apply, and appears in the library when
 * published"). Registering creates, in one transaction, a draft policy item in the content module
 * (its use case, so its permissions, revisions and audit apply) and the document's pending library
 * record carrying the library metadata (文号 checked by the parser now, issuing orgs, dates,
 * validity, subject…). The record stays out of the library until the item is published after
 * review and 保密审查 (`onContentPublished` in service/publishing.ts); a withdrawal takes it out again.
 *
 * Not listed in service.ts because it calls the content module, whose publish step calls back into
 * service.ts: keeping this entry point out of that list keeps the imports free of cycles.
 */
import type { Actor, AppContext } from '../../../context.ts';
import { actorName } from '../../../context.ts';
import { forbidden, invalidState } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { createItem, listColumns } from '../../content/service.ts';
import { selectDocumentRow, updateDocumentRow } from '../store.ts';
import { getDocumentDetail, getDocumentView } from './reading.ts';
import { checkRegistration, insertDocument, type RegisterDocumentInput } from './register.ts';
import type { NormativeDocumentView } from './views.ts';
import { transact } from '../../../db/index.ts';

/** What the back office enters; 发布日期 and library entry come from the publication, not from here. */
export type EnterDocumentInput = Omit<
  RegisterDocumentInput,
  'publishedOn' | 'inLibrary' | 'itemId' | 'isSample'
> & {
  /** 栏目 the item is filed under; default: 行政法规、规章和规范性文件 and 政策文件 (or 政策文件 alone for other policy documents). */
  columnIds?: number[];
};

/** Columns a registered document's item goes to when none are chosen. */
async function defaultColumns(ctx: AppContext, isNormative: boolean): Promise<number[]> {
  const columns = await listColumns(ctx.db);
  const wanted = isNormative ? ['fdzdgk-fgwj', 'zcwj'] : ['zcwj'];
  const ids = columns.filter((c) => wanted.includes(c.slug)).map((c) => c.id);
  if (ids.length) return ids;
  const policy = columns.find((c) => c.kind === 'policy');
  if (!policy) throw invalidState('尚未设置“政策文件类”栏目，请先在内容发布中建立栏目');
  return [policy.id];
}

/** The content draft that carries a document: a policy item with its title, text and 文号. */
const itemInput = (
  d: { title: string; body: string; orgId: number; writtenOn: string; docNumber: string },
  columnIds: number[],
) => ({
  kind: 'policy' as const,
  title: d.title,
  body: d.body,
  orgId: d.orgId,
  source: 'original' as const,
  formationDate: d.writtenOn,
  docNumber: d.docNumber,
  columnIds,
});

/**
 * Registers a document in the back office: validates the library metadata (the 文号 parser refuses
 * what is not a 文号, with the reason), then creates the draft policy item and the pending record
 * together, both audited. The editor then submits the item (报送) like any other.
 */
export async function registerDocument(
  ctx: AppContext,
  actor: Actor,
  input: EnterDocumentInput,
): Promise<NormativeDocumentView & { itemId: number }> {
  requirePermission(actor, 'normative.manage');
  requirePermission(actor, 'content.edit');
  const { c, orgs, template } = await checkRegistration(ctx, actor, {
    ...input,
    publishedOn: null,
    inLibrary: false,
  });
  const columnIds = input.columnIds?.length ? input.columnIds : await defaultColumns(ctx, c.isNormative);
  const now = ctx.clock.now();
  const { id, itemId } = await transact(ctx.db, async (trx) => {
    // The content use case joins this transaction: the item, the record and both audit entries commit together.
    const item = await createItem(
      { ...ctx, db: trx },
      actor,
      itemInput({ ...c, orgId: c.orgIds[0] }, columnIds),
    );
    const docId = await insertDocument(trx, c, orgs, template, now.toISOString(), actorName(actor), {
      isSample: false,
      itemId: item.id,
    });
    await recordAudit(trx, now, actor, {
      action: 'normative.register',
      objectType: 'normative_document',
      objectId: docId,
      after: { ...c, body: undefined, itemId: item.id },
    });
    return { id: docId, itemId: item.id };
  });
  return { ...(await getDocumentView(ctx, actor, id)), itemId };
}

/**
 * After a withdrawal (撤稿), puts the document back on the way to the library: a new draft item
 * from the record's current title and text, linked as its carrier. It returns to the library when
 * that item is published, through the same reviews.
 */
export async function resubmitDocument(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { columnIds?: number[] } = {},
): Promise<NormativeDocumentView & { itemId: number }> {
  requirePermission(actor, 'normative.manage');
  requirePermission(actor, 'content.edit');
  const view = await getDocumentDetail(ctx, actor, id);
  if (!view.canEdit) throw forbidden('该文件由其他单位制发，您无权修改');
  if (!view.withdrawnAt) throw invalidState('只有发布稿件已撤回的文件才需要重新报送');
  const row = (await selectDocumentRow(ctx.db, id))!;
  const columnIds = input.columnIds?.length ? input.columnIds : await defaultColumns(ctx, view.isNormative);
  const now = ctx.clock.now();
  const itemId = await transact(ctx.db, async (trx) => {
    const item = await createItem(
      { ...ctx, db: trx },
      actor,
      itemInput(
        {
          title: row.title,
          body: row.body,
          orgId: row.lead_org_id,
          writtenOn: row.written_on,
          docNumber: row.doc_number,
        },
        columnIds,
      ),
    );
    await updateDocumentRow(trx, id, { item_id: item.id, updated_at: now.toISOString() });
    await recordAudit(trx, now, actor, {
      action: 'normative.resubmit',
      objectType: 'normative_document',
      objectId: id,
      before: { itemId: row.item_id },
      after: { itemId: item.id },
    });
    return item.id;
  });
  return { ...(await getDocumentView(ctx, actor, id)), itemId };
}
