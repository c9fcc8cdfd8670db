/** Publishing seam: what a published or withdrawn content item means for the library. */
import type { Kysely } from 'kysely';
import { systemActor, type Actor } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { recordAudit } from '../../audit/service.ts';
import { removeDocument } from '../../search/service.ts';
import { normalizeDocNumber } from '../docnumber.ts';
import type { InterpretationForm, KeyPoint } from '../model.ts';
import {
  interpretationOfItemExists,
  rebuildSpans,
  selectDocumentRowByIndexNumber,
  selectDocumentRowByItem,
  selectDocumentRowByNumber,
  selectLibraryRelationRows,
  updateDocumentRow,
  type DocumentRow,
} from '../store.ts';
import { recordInterpretation } from './interpretations.ts';
import { syncSearch } from './search.ts';

export interface PublishedItemInput {
  itemId: number;
  kind: string;
  title: string;
  /** Plain text of the published body (what the gate and the reviewers saw). */
  body?: string;
  url: string;
  publishedOn: string;
  /** 文号 of a policy item (any bracket style). */
  docNumber: string | null;
  /** For interpretations: 文号 of the policy items they explain. */
  interpretsDocNumbers: string[];
  /** For interpretations: ids of the policy items they explain. */
  interpretsItemIds?: number[];
  form?: InterpretationForm;
  keyPoints?: KeyPoint[];
}

/** A link on a portal page to a related page, on this site or elsewhere. */
export interface RelatedLink {
  href: string;
  title: string;
  docNumber?: string;
}

/**
 * The library's side of a portal item's relations, for what the items' own relations do not show:
 * interpretations entered by hand in the library (a link elsewhere, a 吹风会 recording, or this
 * site's `/items/N`). For an interpretation item: the library documents such an entry points to it
 * from (`interprets`). For the item carrying a document: the document's interpretations (`interpretedBy`).
 * What the item's relations already link (`item.interprets`, `item.interpretedBy`) is left out.
 */
export async function libraryRelationsOfItem(
  db: Kysely<DB>,
  item: { id: number; interprets: number[]; interpretedBy: number[] },
): Promise<{ interprets: RelatedLink[]; interpretedBy: RelatedLink[] }> {
  const itemIdOf = (i: { item_id: number | null; url: string | null }) =>
    i.item_id ?? Number(/^\/items\/(\d+)$/.exec(i.url ?? '')?.[1] ?? NaN);
  const rows = await selectLibraryRelationRows(db, item.id);
  const pointing = rows.filter((r) => r.side === 'interprets');
  const interpretations = rows.filter((r) => r.side === 'interpretedBy');
  return {
    interprets: pointing
      .filter((d) => d.item_id == null || !item.interprets.includes(d.item_id))
      .map((d) => ({ href: `/gfxwj/${d.id}`, title: d.title, docNumber: d.doc_number })),
    interpretedBy: interpretations
      .filter((i) => !item.interpretedBy.includes(itemIdOf(i)) && itemIdOf(i) !== item.id)
      .flatMap((i) => {
        const href = i.url ?? i.briefing_link;
        return href ? [{ href, title: i.title }] : [];
      }),
  };
}

/**
 * Called by the publishing module in the publish transaction (the workflow has run: gate, review,
 * 保密审查). A policy item that carries a registered document (its pending library record, by item
 * id) publishes it: the record takes the reviewed title and text and the publication date, enters
 * the library (a normative document) or the interpretation rate (another policy document), and is
 * indexed for search — audited as `normative.publish` by the publishing actor. A policy item whose
 * 文号 is a document of the existing register without a carrier becomes its carrier. An
 * interpretation of such an item is recorded as the document's interpretation, once per item and
 * document — so the interpretation rate follows what is actually published.
 */
export async function onContentPublished(
  trx: Kysely<DB>,
  item: PublishedItemInput,
  at: Date,
  actor: Actor = systemActor('content.publish'),
): Promise<void> {
  const find = async (raw: string | null) => {
    const n = raw ? normalizeDocNumber(raw) : null;
    return n ? selectDocumentRowByNumber(trx, n) : undefined;
  };
  if (item.kind === 'policy') {
    const carried = await selectDocumentRowByItem(trx, item.itemId);
    const byNumber = carried ? undefined : await find(item.docNumber);
    // A document registered through the workflow is published only by its own item.
    const doc = carried ?? (byNumber && byNumber.item_id == null ? byNumber : undefined);
    if (doc) await publishDocument(trx, doc, item, at, actor);
  }
  if (item.kind === 'interpretation') {
    const docs = new Map<number, DocumentRow>();
    for (const id of item.interpretsItemIds ?? []) {
      const d = await selectDocumentRowByItem(trx, id);
      if (d) docs.set(d.id, d);
    }
    for (const dn of item.interpretsDocNumbers) {
      const d = await find(dn);
      if (d) docs.set(d.id, d);
    }
    for (const doc of docs.values()) {
      if (await interpretationOfItemExists(trx, doc.id, item.itemId)) continue;
      await recordInterpretation(
        trx,
        {
          documentId: doc.id,
          title: item.title,
          url: item.url,
          form: item.form ?? 'text',
          publishedOn: item.publishedOn,
          itemId: item.itemId,
          keyPoints: item.keyPoints,
        },
        at,
      );
    }
  }
}

async function publishDocument(
  trx: Kysely<DB>,
  doc: DocumentRow,
  item: PublishedItemInput,
  at: Date,
  actor: Actor,
): Promise<void> {
  const own = doc.item_id === item.itemId;
  const stamp = at.toISOString();
  // Its own item brings the reviewed text; a carrier of an existing-register document only links.
  const text = own
    ? { title: item.title.slice(0, 200), ...(item.body !== undefined ? { body: item.body } : {}) }
    : {};
  const enters = doc.in_library !== 1 || doc.withdrawn_at != null;
  await updateDocumentRow(trx, doc.id, {
    ...text,
    item_id: item.itemId,
    ...(enters ? { published_on: item.publishedOn, in_library: doc.is_normative, withdrawn_at: null } : {}),
    updated_at: stamp,
  });
  await rebuildSpans(trx, doc.id);
  await syncSearch(trx, doc.id, shanghaiDate(at));
  await recordAudit(trx, at, actor, {
    action: 'normative.publish',
    objectType: 'normative_document',
    objectId: doc.id,
    before: { inLibrary: doc.in_library === 1, publishedOn: doc.published_on, itemId: doc.item_id },
    after: {
      inLibrary: enters ? doc.is_normative === 1 : doc.in_library === 1,
      publishedOn: enters ? item.publishedOn : doc.published_on,
      itemId: item.itemId,
      isNormative: doc.is_normative === 1,
    },
  });
}

/**
 * Called by the publishing module when an item is withdrawn (撤稿), in that transaction. The
 * document it carries leaves the public library (portal, point in time, API, export, search, feed)
 * and the interpretation rate — what is public is only what stands published. Its status history is
 * kept untouched: a withdrawal is not a change of legal force (rules.md §6 knows amended, repealed,
 * expired, each by a named document or the end of the period), so no history row is written, and
 * staff still see the document and its history. It returns through a new item (`resubmitDocument`).
 */
export async function onContentWithdrawn(
  trx: Kysely<DB>,
  itemId: number,
  at: Date,
  actor: Actor = systemActor('content.withdraw'),
): Promise<void> {
  const doc = await selectDocumentRowByItem(trx, itemId);
  if (!doc || !doc.published_on || doc.withdrawn_at) return;
  await updateDocumentRow(trx, doc.id, {
    in_library: 0,
    withdrawn_at: at.toISOString(),
    updated_at: at.toISOString(),
  });
  await rebuildSpans(trx, doc.id);
  await removeDocument(trx, 'normative', doc.id);
  await recordAudit(trx, at, actor, {
    action: 'normative.withdraw',
    objectType: 'normative_document',
    objectId: doc.id,
    before: { inLibrary: doc.in_library === 1 },
    after: { inLibrary: false, itemId },
  });
}

/** The library document with this 文号: its title and the content item linked to it (null when none). */
export async function libraryDocumentByNumber(
  db: Kysely<DB>,
  docNumber: string,
): Promise<{ title: string; itemId: number | null } | undefined> {
  const row = await selectDocumentRowByNumber(db, docNumber);
  return row ? { title: row.title, itemId: row.item_id } : undefined;
}

/** The library document holding this 索引号: its title and the content item linked to it (null when none). */
export async function libraryDocumentByIndexNumber(
  db: Kysely<DB>,
  indexNumber: string,
): Promise<{ title: string; itemId: number | null } | undefined> {
  const row = await selectDocumentRowByIndexNumber(db, indexNumber);
  return row ? { title: row.title, itemId: row.item_id } : undefined;
}
