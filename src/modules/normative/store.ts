/**
 * Queries on the normative-document tables; nothing else touches them. `db` first: a transaction fits
 * too. The queries live in store/ by subject; this file lists them for the module's other files.
 */
export * from './store/documents.ts';
export * from './store/history.ts';
export * from './store/library.ts';
