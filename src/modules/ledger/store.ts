/**
 * Queries on the ledger tables; nothing else touches them. Row → view mappers live here too. The
 * queries live in store/ by subject; this file lists them for the module's other files.
 */
export * from './store/tasks.ts';
export * from './store/reports.ts';
export * from './store/supervision.ts';
