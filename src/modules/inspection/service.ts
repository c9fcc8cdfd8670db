/**
 * Self-inspection (自查) use cases: compute the health of the whole site or of one unit (and the
 * units below it) from the other modules' readers, crawl the site's own pages for broken links, store
 * the run with its findings (history shows progress), and read runs back within the actor's scope.
 * The daily job inspects the site and every department and township. One file per part under service/.
 */
export type { InspectionRun, StoredFinding } from './store.ts';
export * from './service/access.ts';
export * from './service/site-checks.ts';
export * from './service/link-checks.ts';
export * from './service/runs.ts';
