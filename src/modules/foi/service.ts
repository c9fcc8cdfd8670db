/**
 * 依申请公开 use cases, as other modules, the CLI and the tests call them. Each lives in `service/`
 * (submission, events, reading, tracking, reviews, recompute, the annual report's data) and starts
 * with its permission check, then org scope; writes are audited in the same transaction. Files of
 * this module import `service/*.ts` directly, never this one (it would make import cycles).
 */
export { clockEvents, clockOf } from './case-state.ts';
export * from './service/submit.ts';
export * from './service/events.ts';
export * from './service/read.ts';
export * from './service/track.ts';
export * from './service/recompute.ts';
export * from './service/reviews.ts';
export * from './service/report-data.ts';
export type { FoiApplication } from './store/applications.ts';
export type { StoredEvent } from './store/events.ts';
export type { FoiReview } from './store/reviews.ts';
