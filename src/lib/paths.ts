/**
 * Redirect targets. A `next=` or `back=` value is only ever a path on this site: checked after
 * percent-decoding, because a browser strips tab, CR and LF from a URL and reads a backslash as a
 * slash, so `/%09/evil.example` or `/\evil.example` would otherwise lead to another host.
 */

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Whether `target` is a path on this site (and nothing a browser could read as another host). */
export function isSitePath(target: unknown): target is string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2000) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return false;
  }
  for (const s of [target, decoded]) {
    if (!s.startsWith('/') || s.startsWith('//') || s.includes('\\') || CONTROL.test(s)) return false;
  }
  // What a browser would make of it, resolved against a placeholder origin: still that origin.
  try {
    return new URL(target, 'http://site.invalid').origin === 'http://site.invalid';
  } catch {
    return false;
  }
}

/** `target` when it is a path on this site, otherwise `fallback` (no open redirects). */
export function safeBack(target: unknown, fallback = '/'): string {
  return isSitePath(target) ? target : fallback;
}
