/**
 * A cookie jar for tests that speak HTTP to a real server (a browser test signing in, the fault
 * suite's nodes, the platform's sites): cookies kept by name from Set-Cookie headers, sent back as
 * one Cookie header. Attributes (Path, Max-Age…) are not kept: the tests talk to one site each.
 */

/** The jar as a Cookie header. */
export const cookieHeader = (jar: Map<string, string>): string =>
  [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

/** Keeps the cookies of a response's Set-Cookie headers in `jar`; returns the jar as a Cookie header. */
export function keepCookies(jar: Map<string, string>, setCookie: readonly string[]): string {
  for (const cookie of setCookie) {
    const [pair] = cookie.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return cookieHeader(jar);
}
