/**
 * The built-in official calendar: chinese-days' table of the State Council's notices (2004–2026),
 * read once from the installed package. Newer years come from administrators (calendar_notices).
 */
import { createRequire } from 'node:module';
import { noticesFromChineseDays, WorkingCalendar, type YearNotice } from './model.ts';

let cached: Map<number, YearNotice> | undefined;

/** Official notices per year from chinese-days (a fresh copy of the cached map each call). */
export function officialNotices(): Map<number, YearNotice> {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = noticesFromChineseDays(require('chinese-days/dist/chinese-days.json'));
  }
  return new Map(cached);
}

/** The built-in calendar with optional administrator notices on top (no database needed). */
export function builtInCalendar(overrides?: Map<number, YearNotice>): WorkingCalendar {
  return new WorkingCalendar(officialNotices(), overrides);
}
