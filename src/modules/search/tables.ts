/** Search tables. The full-text parts (FTS5 table / tsvector column) are engine-specific, see the migration. */
import type { Generated } from 'kysely';

export interface SearchDocumentsTable {
  id: Generated<number>;
  kind: string;
  ref_id: number;
  url: string;
  title: string;
  /** Plain text kept for snippets (first 20 000 characters). */
  body: string;
  org_id: number | null;
  /** Normalised 文号 (rules.md §6), for exact lookup. */
  doc_number: string | null;
  year: number;
  published_at: string;
  item_type: string | null;
  validity: string | null;
  /** JSON arrays of keys, for display; filtering uses search_document_tags. */
  column_keys: string;
  topic_keys: string;
}

export interface SearchDocumentTagsTable {
  document_id: number;
  /** 'column' | 'topic' */
  tag_kind: string;
  tag_key: string;
}

/** How many indexed documents carry a filter value: the search page's filter lists. */
export interface SearchFacetsTable {
  /** 'year' | 'type' | 'org' | 'column' | 'topic' */
  facet: string;
  value: string;
  documents: number;
}

export interface SearchTables {
  search_documents: SearchDocumentsTable;
  search_document_tags: SearchDocumentTagsTable;
  search_facets: SearchFacetsTable;
}
