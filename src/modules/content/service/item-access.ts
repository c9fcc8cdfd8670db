/**
 * What the item use cases share: loading an item for staff, adding a revision, saving a snapshot,
 * the gate, the search document, and the neighbours told of a publication or a withdrawal.
 */
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { notFound } from '../../../errors.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission, type Permission } from '../../auth/permissions.ts';
import { listPublicOrgs, requireOrgAccess } from '../../org/service.ts';
import {
  announcePublication,
  indexItem,
  notifyLibrary,
  notifyLibraryWithdrawn,
  runGate,
  unindexItem,
  type GateResult,
} from '../integrations.ts';
import { bodyText, ITEM_KINDS, type Column, type Item, type Topic } from '../model.ts';
import { selectAttachments } from '../store/attachments.ts';
import { selectItem, updateItemRow, writeLinks } from '../store/items.ts';
import { insertRevision } from '../store/revisions.ts';
import { selectColumns, selectTopics } from '../store/structure.ts';
import { auditView, snapshotOf, snapshotValues, type Snapshot } from './item-rules.ts';

/** Adds the item's current state as its revision `item.revision`. */
export async function addRevision(trx: Kysely<DB>, item: Item, actor: Actor, at: string, note: string) {
  await insertRevision(trx, {
    item_id: item.id,
    number: item.revision,
    snapshot: JSON.stringify(snapshotOf(item)),
    note,
    actor_name: actorName(actor),
    created_at: at,
  });
}

/** An item by id, or a 404. */
export async function loadItem(db: Kysely<DB>, id: number): Promise<Item> {
  const item = await selectItem(db, id);
  if (!item) throw notFound('稿件');
  return item;
}

/** Loads an item for staff: permission, then org scope. */
export async function staffItem(
  ctx: AppContext,
  actor: Actor,
  id: number,
  permission: Permission,
): Promise<Item> {
  requirePermission(actor, permission);
  const item = await loadItem(ctx.db, id);
  await requireOrgAccess(ctx.db, actor, item.orgId);
  return item;
}

/**
 * Runs the gate. The result is stored on the item and shown to staff, so a personal finding keeps
 * only its masked form: the raw value stays where it was written (and leaves it when masked).
 */
export async function gateFor(
  ctx: AppContext,
  item: Pick<Item, 'id' | 'title' | 'body'>,
): Promise<GateResult> {
  const attachments = await selectAttachments(ctx.db, item.id);
  return maskedGate(
    await runGate(ctx.db, {
      title: item.title,
      body: bodyText(item.body),
      attachments: attachments.map((a) => ({ name: a.name, text: a.text })),
    }),
  );
}

/** A gate result as it is stored and shown: personal findings in their masked form only. */
export const maskedGate = (gate: GateResult): GateResult => ({
  ...gate,
  personal: gate.personal.map((f) => ({ ...f, text: f.masked })),
});

/** Saves a snapshot as a new revision, in any status (masking and restoring keep the workflow state). */
export async function saveSnapshotRaw(
  ctx: AppContext,
  actor: Actor,
  before: Item,
  snap: Snapshot,
  note: string,
  action: string,
  also?: (trx: Kysely<DB>) => Promise<number>,
): Promise<Item> {
  const now = ctx.clock.now().toISOString();
  let sealedRevisions = 0;
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateItemRow(trx, before.id, {
        ...snapshotValues(snap),
        revision: before.revision + 1,
        updated_at: now,
        ...(before.status === 'published' ? { modified_at: now } : {}),
      });
      await writeLinks(trx, before.id, snap);
      const item = (await selectItem(trx, before.id))!;
      await addRevision(trx, item, actor, now, note);
      if (item.status === 'published') await indexItem(trx, await searchDoc(trx, item));
      if (also) sealedRevisions = await also(trx);
      return item;
    },
    (after) => ({
      action,
      objectType: 'content_item',
      objectId: before.id,
      before: auditView(before),
      after: { ...auditView(after), note, ...(also ? { sealedRevisions } : {}) },
    }),
  );
}

/**
 * An item just published, in the publishing transaction: into the search index, the library told
 * (policy documents, interpretations), the modules following publications told.
 */
export async function announcePublished(
  ctx: AppContext,
  trx: Kysely<DB>,
  item: Item,
  at: Date,
  actor?: Actor,
): Promise<void> {
  await indexItem(trx, await searchDoc(trx, item));
  await notifyLibrary(trx, item, (rid) => selectItem(trx, rid), at, actor);
  await announcePublication(ctx.modules, trx, item, at);
}

/** An item just withdrawn, in the withdrawing transaction: out of the index and the library, the followers told. */
export async function announceWithdrawn(
  ctx: AppContext,
  trx: Kysely<DB>,
  item: Item,
  at: Date,
  actor?: Actor,
): Promise<void> {
  await unindexItem(trx, item.id);
  await notifyLibraryWithdrawn(trx, item.id, at, actor);
  await announcePublication(ctx.modules, trx, item, at);
}

/** The org, column and topic lists a search document names (loaded once for a reindex). */
export type Lookups = {
  orgs: Awaited<ReturnType<typeof listPublicOrgs>>;
  columns: Column[];
  topics: Topic[];
};

/** The lookups searchDoc needs, read now. */
export const loadLookups = async (db: Kysely<DB>): Promise<Lookups> => ({
  orgs: await listPublicOrgs(db),
  columns: await selectColumns(db),
  topics: await selectTopics(db),
});

/** A published item as a search document: body, interpretation points, data table and attachments' text. */
export async function searchDoc(db: Kysely<DB>, item: Item, lookups?: Lookups) {
  const { orgs, columns, topics } = lookups ?? (await loadLookups(db));
  const atts = await selectAttachments(db, item.id);
  const org = orgs.find((o) => o.id === item.orgId);
  return {
    kind: 'item' as const,
    refId: item.id,
    url: `/items/${item.id}`,
    title: item.title,
    body: [
      bodyText(item.body),
      ...Object.values(item.interpPoints),
      ...(item.dataTable
        ? [item.dataTable.columns.join(' '), ...item.dataTable.rows.map((r) => r.join(' '))]
        : []),
      ...atts.map((a) => a.text),
    ]
      .filter(Boolean)
      .join('\n'),
    orgId: item.orgId,
    orgNames: org ? [org.name, org.shortName, ...org.aliases] : [],
    columnKeys: columns.filter((c) => item.columnIds.includes(c.id)).map((c) => c.slug),
    topicKeys: topics.filter((t) => item.topics.some((x) => x.topicId === t.id)).map((t) => t.slug),
    docNumber: item.docNumber,
    publishedAt: item.publishedAt ?? item.updatedAt,
    itemType: item.kind === 'article' ? 'news' : item.kind,
    extraTerms: [
      ITEM_KINDS[item.kind],
      ...columns.filter((c) => item.columnIds.includes(c.id)).map((c) => c.name),
      ...topics.filter((t) => item.topics.some((x) => x.topicId === t.id)).map((t) => t.name),
    ],
  };
}
