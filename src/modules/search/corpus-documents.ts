/** The demo corpus (src/seed/corpus.ts) as index documents — for the judged query set and the bench. */
import { CORPUS, type CorpusItem } from '../../seed/corpus.ts';
import { shanghaiStartOfDay } from '../../lib/time.ts';
import type { Org } from '../org/model.ts';
import type { SearchDocumentInput } from './model.ts';

/** Index documents for the corpus; refId is the item's position + 1; orgs resolve short names. */
export function corpusDocuments(orgs: Org[], items: CorpusItem[] = CORPUS): SearchDocumentInput[] {
  return items.map((it, i) => {
    const org = orgs.find((o) => o.shortName === it.org);
    const table = it.table
      ? `\n${it.table.columns.join(' ')}\n${it.table.rows.map((r) => r.join(' ')).join('\n')}`
      : '';
    return {
      kind: 'item',
      refId: i + 1,
      url: `/items/${i + 1}`,
      title: it.title,
      body: it.body + table,
      orgId: org?.id ?? null,
      orgNames: org ? [org.name, org.shortName] : [it.org],
      columnKeys: [it.column],
      topicKeys: it.topics,
      docNumber: it.docNumber ?? null,
      // 10:00 Beijing time on the publication date.
      publishedAt: new Date(shanghaiStartOfDay(it.publishedOn).getTime() + 10 * 3600_000).toISOString(),
      itemType: it.kind,
      validity: it.validity ?? null,
    };
  });
}

/** The corpus key of a refId produced by corpusDocuments. */
export const corpusKeyOf = (refId: number, items: CorpusItem[] = CORPUS) => items[refId - 1]?.key;
