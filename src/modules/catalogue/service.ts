/**
 * 基层政务公开标准目录 use cases: district templates, a catalogue per org and year built from them and
 * adjusted by the township, entry editing, mapping to content columns, crediting publications (the
 * content module's publish hook and offline postings with a photo), coverage and timeliness on the
 * working-day calendar, reminders before periodic entries fall due, and the public catalogue.
 */
export { deleteEntryRows } from './store/writes.ts';
export type { Posting } from './store.ts';
export * from './service/templates.ts';
export * from './service/catalogues.ts';
export * from './service/credits.ts';
export * from './service/coverage.ts';
