/**
 * Use cases of the normative-document library (行政规范性文件库): registration, status changes with
 * history, renewal, relations, interpretations, point-in-time listing, the interpretation rate, the
 * expiry job, and the seams the publishing and search modules call (`recordInterpretation`,
 * `onContentPublished`, `searchSource`). The use cases live in service/ by subject; this file lists
 * them for other modules. The entry through the publishing workflow is service/workflow.ts, outside
 * this list: it calls the content module, whose publish step calls back into this one.
 */
export * from './service/views.ts';
export * from './service/search.ts';
export * from './service/register.ts';
export * from './service/history.ts';
export * from './service/files.ts';
export * from './service/interpretations.ts';
export * from './service/reading.ts';
export * from './service/rate.ts';
export * from './service/expiry.ts';
export * from './service/publishing.ts';
export * from './service/dashboard.ts';
export * from './service/exchange.ts';
export { SUBJECTS } from './model.ts';
