/**
 * 政务新媒体 use cases: the account registry, filings (开设/变更/关停, unit submits → 公开办 approves),
 * filing documents, freshness checks (by hand or imported) and the reminder job. One file per group
 * under service/.
 */
export type { MediaCheck, MediaFiling, FilingDocument } from './store.ts';
export * from './service/accounts.ts';
export * from './service/filings.ts';
export * from './service/checks.ts';
export * from './service/reminders.ts';
