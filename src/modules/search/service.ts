/** The search module's use cases, by concern: indexing, searching, the synonym list. */
export type { SearchDocumentInput, SearchQuery, SearchResult } from './model.ts';
export * from './service/indexing.ts';
export * from './service/searching.ts';
export * from './service/synonyms.ts';
