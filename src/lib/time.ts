/**
 * Time. Legal dates are Asia/Shanghai calendar dates as `YYYY-MM-DD` strings; instants are UTC ISO
 * strings. An application received at 23:30 Beijing time was received that day, whatever the server's zone.
 */

/** A source of "now" — injected so tests control time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock the tests move by hand. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // China has no daylight saving time since 1991.

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date | string): string {
  const t = new Date(instant).getTime() + SHANGHAI_OFFSET_MS;
  return new Date(t).toISOString().slice(0, 10);
}

/** The instant at which a Shanghai date begins (00:00 Beijing time). */
export function shanghaiStartOfDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Adds calendar days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Day of week of a `YYYY-MM-DD` date, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** 2022-07-31 → 2022年7月31日, as Chinese letters write dates. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
