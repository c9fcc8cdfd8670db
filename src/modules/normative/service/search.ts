/** The search seam: library documents as search documents, kept current in the transaction of every change. */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import type { SearchDocumentInput } from '../../search/model.ts';
import { indexDocument, removeDocument } from '../../search/service.ts';
import type { Status } from '../model.ts';
import { selectDocumentRow, selectLibraryRowsAfter, selectStatusesOn, type DocumentRow } from '../store.ts';
import { today } from './views.ts';

export interface NormativeSearchEntry {
  kind: 'normative';
  refId: number;
  url: string;
  title: string;
  body: string;
  orgId: number;
  docNumber: string;
  year: number;
  publishedAt: string | null;
  validity: Status;
}

/** Every library document for the search index, a page at a time; validity as on `date` (default today). */
export async function* searchSource(ctx: AppContext, date?: string): AsyncGenerator<NormativeSearchEntry> {
  const on = date ?? today(ctx);
  let after = 0;
  for (;;) {
    const rows = await selectLibraryRowsAfter(ctx.db, after, 500);
    if (rows.length === 0) return;
    const statuses = await selectStatusesOn(
      ctx.db,
      rows.map((r) => r.id),
      on,
    );
    for (const r of rows) yield searchEntry(r, statuses.get(r.id) ?? 'pending');
    after = rows[rows.length - 1].id;
  }
}

/** The search index's document for a library entry. */
export function toSearchDocument(e: NormativeSearchEntry & { publishedAt: string }): SearchDocumentInput {
  return {
    kind: 'normative',
    refId: e.refId,
    url: e.url,
    title: e.title,
    body: e.body,
    orgId: e.orgId,
    docNumber: e.docNumber,
    publishedAt: e.publishedAt,
    itemType: 'normative',
    validity: e.validity,
    columnKeys: ['规范性文件'],
  };
}

function searchEntry(r: DocumentRow, validity: Status): NormativeSearchEntry {
  return {
    kind: 'normative',
    refId: r.id,
    url: `/gfxwj/${r.id}`,
    title: r.title,
    body: r.body,
    orgId: r.lead_org_id,
    docNumber: r.doc_number,
    year: r.doc_year,
    publishedAt: r.published_on ? new Date(`${r.published_on}T00:00:00+08:00`).toISOString() : null,
    validity,
  };
}

/**
 * Puts a document's current state into the search index (validity as on `date`), or takes it out
 * when it is not in the public library — inside the caller's transaction, so the index never shows
 * a status the library has not committed.
 */
export async function syncSearch(trx: Kysely<DB>, documentId: number, date: string): Promise<void> {
  const row = await selectDocumentRow(trx, documentId);
  if (!row || row.in_library !== 1 || !row.published_on) return removeDocument(trx, 'normative', documentId);
  const validity = (await selectStatusesOn(trx, [documentId], date)).get(documentId) ?? 'pending';
  const e = searchEntry(row, validity);
  await indexDocument(trx, toSearchDocument({ ...e, publishedAt: e.publishedAt! }));
}
