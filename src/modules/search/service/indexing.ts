/**
 * Indexing use cases. Publishing modules call indexDocument / removeDocument inside the transaction
 * that publishes or withdraws, so the index changes exactly when the page does.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { allOrgs } from '../../org/service.ts';
import type { GongkaiModule } from '../../registry.ts';
import { ITEM_TYPE_LABELS, normalizeDocNumber, VALIDITY_LABELS, type SearchDocumentInput } from '../model.ts';
import { addWords, placeWords, segmentForIndex } from '../segment.ts';
import { clearSearchIndex, countSearchRows, deleteSearchRow, upsertSearchRow } from '../store.ts';
import { transact } from '../../../db/index.ts';

const BODY_KEPT = 20_000;

let dictionaryLoaded = false;

/** Adds every org's name, short name, aliases and the places its name holds to the segmentation dictionary (idempotent). */
export async function loadSearchDictionary(db: Kysely<DB>): Promise<void> {
  const orgs = await allOrgs(db);
  addWords(
    orgs
      .flatMap((o) => [o.name, o.shortName, ...o.aliases])
      .flatMap((n) => [n, n.replace(/[（(].*?[）)]/g, '')])
      .flatMap((n) => [n, ...placeWords(n)]),
  );
  // Before the org tree exists (a fresh database) there is nothing to load yet: try again later.
  if (orgs.length) dictionaryLoaded = true;
}

/** Loads the dictionary on first use (the org tree may not have existed at start-up). */
export async function ensureDictionary(db: Kysely<DB>): Promise<void> {
  if (!dictionaryLoaded) await loadSearchDictionary(db);
}

/** The segmented fields of a document: what both engines index. */
export function segmentDocument(doc: SearchDocumentInput): { title: string; meta: string; body: string } {
  const normalised = doc.docNumber ? normalizeDocNumber(doc.docNumber) : null;
  const meta = [
    doc.docNumber ?? '',
    normalised ?? '',
    ...(doc.orgNames ?? []),
    ...(doc.columnKeys ?? []),
    ...(doc.topicKeys ?? []),
    doc.itemType ? (ITEM_TYPE_LABELS[doc.itemType] ?? doc.itemType) : '',
    doc.validity ? (VALIDITY_LABELS[doc.validity] ?? '') : '',
    shanghaiDate(doc.publishedAt).slice(0, 4),
    ...(doc.extraTerms ?? []),
  ]
    .filter(Boolean)
    .join(' ；');
  return {
    title: segmentForIndex(doc.title),
    meta: segmentForIndex(meta),
    body: segmentForIndex(doc.body.slice(0, 100_000)),
  };
}

/**
 * Adds or replaces a published document in the index (by kind + refId). Call it in the publishing
 * transaction: `db` may be a transaction.
 */
export async function indexDocument(db: Kysely<DB>, doc: SearchDocumentInput): Promise<void> {
  await ensureDictionary(db);
  const text = segmentDocument(doc);
  const publishedOn = shanghaiDate(doc.publishedAt);
  await upsertSearchRow(
    db,
    {
      kind: doc.kind,
      ref_id: doc.refId,
      url: doc.url,
      title: doc.title,
      body: doc.body.replace(/\s+/g, ' ').trim().slice(0, BODY_KEPT),
      org_id: doc.orgId ?? null,
      doc_number: doc.docNumber ? (normalizeDocNumber(doc.docNumber) ?? doc.docNumber.trim()) : null,
      year: Number(publishedOn.slice(0, 4)),
      published_at: new Date(doc.publishedAt).toISOString(),
      item_type: doc.itemType ?? null,
      validity: doc.validity ?? null,
      column_keys: JSON.stringify(doc.columnKeys ?? []),
      topic_keys: JSON.stringify(doc.topicKeys ?? []),
    },
    text,
    doc.columnKeys ?? [],
    doc.topicKeys ?? [],
  );
}

/** Removes a document from the index (withdrawn, repealed from view, deleted). No-op when absent. */
export async function removeDocument(db: Kysely<DB>, kind: string, refId: number): Promise<void> {
  await deleteSearchRow(db, kind, refId);
}

/**
 * Rebuilds the index from every module's searchSources: empties it, then indexes what each source
 * yields. Returns how many documents were indexed.
 */
export async function reindexAll(
  ctx: AppContext,
  modules: readonly GongkaiModule[],
  onProgress?: (n: number) => void,
): Promise<number> {
  await loadSearchDictionary(ctx.db);
  let n = 0;
  await transact(ctx.db, async (trx) => {
    await clearSearchIndex(trx);
    for (const m of modules) {
      if (!m.searchSources) continue;
      // Sources read through the transaction: SQLite has one connection, which the transaction holds.
      for await (const doc of m.searchSources({ ...ctx, db: trx })) {
        await indexDocument(trx, doc);
        n++;
        if (onProgress && n % 1000 === 0) onProgress(n);
      }
    }
  });
  return n;
}

export { countSearchRows };
