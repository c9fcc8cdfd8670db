/** The search module's queries, by use case: stored documents, searching, synonyms. */
export * from './store/documents.ts';
export * from './store/queries.ts';
export * from './store/synonyms.ts';
