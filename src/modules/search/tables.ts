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

/** A group of words that mean the same (低保 / 最低生活保障): a query word of the group also searches the others. */
export interface SearchSynonymsTable {
  id: Generated<number>;
  /** The word citizens type, usually the short form. */
  term: string;
  /** JSON array of the other words of the group (full forms, other names). */
  synonyms: string;
  created_at: string;
  updated_at: string;
}

export interface SearchTables {
  search_documents: SearchDocumentsTable;
  search_document_tags: SearchDocumentTagsTable;
  search_facets: SearchFacetsTable;
  search_synonyms: SearchSynonymsTable;
}
