/**
 * PostgreSQL search at a million documents (issue 24 part 5): each document's tsvector gains
 * lexemes without positions for its filter values (`zz:year:2022`, `zz:type:policy`, `zz:org:3`,
 * `zz:validity:…`, `zz:column:…`, `zz:topic:…`) and its recency bucket and block (`zz:b:<id / 4096>`, `zz:c:<id / 32768>`), so a
 * filtered search and "the newest matches" are one GIN probe instead of a heap read of every match
 * (src/modules/search/store.ts, `tagLexemes`, `newestMatches`). The text parser splits at ':', so
 * no word of a page yields such a lexeme; ts_rank only scores the query's own lexemes, so the
 * ranking is unchanged.
 * The RUM index of 20261206160100 goes: measured at a million documents its ordered scan sorted
 * every match of a common word before returning the first (docs/modules/search.md), and the bucket
 * probe needs only GIN. The extension, where installed, stays (harmless, shared by schemas).
 * SQLite: nothing to do (FTS5 has its tags column).
 */
import { sql, type Kysely } from 'kysely';
import { engineOf } from '../index.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`drop index if exists search_documents_tsv_rum`.execute(db);
  // Rewriting every row is much faster without the GIN index to maintain: built again afterwards.
  await sql`drop index if exists search_documents_tsv`.execute(db);
  await sql`update search_documents d set tsv = d.tsv || array_to_tsvector(
      array_remove(array[
        'zz:year:' || d.year,
        'zz:b:' || (d.id / 4096),
        'zz:c:' || (d.id / 32768),
        'zz:type:' || d.item_type,
        'zz:org:' || d.org_id,
        'zz:validity:' || d.validity
      ], null)
      || coalesce((select array_agg('zz:' || t.tag_kind || ':' || t.tag_key) from search_document_tags t where t.document_id = d.id), '{}'))`.execute(
    db,
  );
  await sql`create index search_documents_tsv on search_documents using gin (tsv)`.execute(db);
}
