/**
 * Moving the old site in (issue #23 part 4), as the routes, the CLI and the tests call it: one
 * pipeline fed by a package (ZIP + manifest) or a crawl of the old site (service/sources.ts); each
 * row then goes through content's `importItem` (validation, the attachment checks, the privacy and
 * expression gate): published with its original date, or — with blocking findings — a draft in the
 * review queue, each row in one transaction with its item and its old URL's redirect
 * (service/runs.ts).
 */
export type { ImportOptions, ImportRun, RowReport, RunCounts, RunHooks } from './rows.ts';
export * from './service/sources.ts';
export {
  continueRun,
  getRun,
  importReviewQueue,
  listRuns,
  prepareRun,
  redirectForOldPath,
} from './service/runs.ts';
