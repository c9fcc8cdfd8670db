/**
 * Shared by the hostile-input suite and the fuzzing of public forms: every route of the app (from
 * `printRoutes`), the fields of a rendered form, hostile payloads, and the checks every answer must
 * pass (no 5xx, no unescaped markup, no internals).
 */
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface Route {
  method: string;
  path: string;
}

/** Every method + path the app serves, parsed from the radix tree `printRoutes` draws. */
export function allRoutes(app: FastifyInstance): Route[] {
  const lines = app.printRoutes({ commonPrefix: false }).split('\n').filter(Boolean);
  const stack: string[] = [];
  const out: Route[] = [];
  for (const line of lines) {
    const m = /^([│ ]*)(?:[├└]── )(.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack[depth] = m[2];
    const path = stack.join('').replace(/^\/?/, '/').replace(/\/\/+/g, '/');
    for (const method of m[3].split(', ')) if (method !== 'HEAD') out.push({ method, path });
  }
  return out;
}

/** Markup that must never come back unescaped in an HTML page. */
export const XSS_MARKER = 'gkxss';
export const XSS = [
  `<script>alert('${XSS_MARKER}')</script>`,
  `"><img src=x onerror=alert(1) data-${XSS_MARKER}>`,
  `<svg/onload=alert(1)//${XSS_MARKER}>`,
  `javascript:alert('${XSS_MARKER}')`,
  `'><a href="javascript:alert(1)">${XSS_MARKER}</a>`,
];
export const SQL = [
  `1' OR '1'='1`,
  `1; DROP TABLE users; --`,
  `' UNION SELECT password_hash FROM users --`,
  `%' AND 1=1 --`,
  `\\'; SELECT pg_sleep(5); --`,
];
export const UNICODE = [
  '\ud800',
  'a\udc00b',
  '\u0000',
  'x\u0000y',
  '\u202e\u0644\u0645',
  '𠀀'.repeat(300),
  '\uFEFF\u200B',
  '长'.repeat(20_000),
];
/** Raw bytes for bodies: overlong UTF-8 ("/" as C0 AF), a lone surrogate encoded (ED A0 80), bare continuation bytes. */
export const BAD_BYTES = [
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0x80, 0x80, 0xff, 0xfe]),
  Buffer.from([0x00]),
];
export const TRAVERSAL = [
  '../../../../etc/passwd',
  '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fpackage.json',
  '....//....//etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%c0%ae%c0%ae%2fetc%2fpasswd',
  'session-secret',
  '%00.docx',
];

/** Percent-encoded path-segment values for `:param`s. */
export const PARAM_VALUES = [
  '1',
  '0',
  '-1',
  '99999999999999999999',
  '1.5',
  encodeURIComponent(SQL[0]),
  encodeURIComponent(XSS[0]),
  ...TRAVERSAL.slice(0, 3),
  '%ED%A0%80',
  '%C0%AF',
  'x'.repeat(3000),
];

/** Things an answer must never show: file contents it should not serve, stack traces, paths. */
const LEAKS = [
  /root:x:0:0/,
  /"name":\s*"gongkai"/,
  /node_modules\//,
  /\bat [\w.<>]+ \(\/[^)]+:\d+:\d+\)/,
  /\[fonts\]/i,
  /test-secret-test-secret/,
];

/** Status below 500, no leak, and no unescaped marker in HTML. */
export function assertSafe(res: LightMyRequestResponse, what: string): void {
  assert.ok(res.statusCode < 500, `${what}: status ${res.statusCode} ${res.body.slice(0, 300)}`);
  for (const leak of LEAKS) assert.ok(!leak.test(res.body), `${what}: leaks ${leak}`);
  if (/text\/html/.test(String(res.headers['content-type']))) assertEscaped(res.body, what);
}

/** No markup from the hostile payloads survived into the page as markup. */
export function assertEscaped(html: string, what: string): void {
  const raw = [/<script>alert\(/i, /<img src=x onerror/i, /<svg\/onload/i, /href="\s*javascript:/i];
  // Preact escapes `<`, `&` and `"` (a `>` in text is harmless), so a raw `<tag` is the sign of markup.
  for (const r of raw) {
    const m = r.exec(html);
    assert.ok(
      !m,
      `${what}: unescaped markup …${m ? html.slice(Math.max(0, m.index - 80), m.index + 80) : ''}…`,
    );
  }
}

/** The fields of the form posting to `action` on a page: name → default (first option, checked radio, value). */
export function formFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  assert.ok(start >= 0, `no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]+)"/.exec(m[1])?.[1];
    if (!name) continue;
    const type = /type="([^"]+)"/.exec(m[1])?.[1] ?? 'text';
    const value = /value="([^"]*)"/.exec(m[1])?.[1] ?? '';
    if ((type === 'radio' || type === 'checkbox') && name in fields && !/checked/.test(m[1])) continue;
    fields[name] = value.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  }
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    fields[m[1]] =
      [...m[2].matchAll(/<option[^>]*value="([^"]*)"/g)].map((o) => o[1]).find((v) => v !== '') ?? '';
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields[m[1]] = m[2];
  return fields;
}

let address = 0;
/** A different client address per call, so per-address rate limits do not end a long run early. */
export function nextAddress(): string {
  address++;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
}

/** A browser-like visitor: GETs a form page, keeps its cookies, posts the form with its CSRF token. */
export class Visitor {
  cookies: Record<string, string> = {};
  constructor(readonly app: FastifyInstance) {}
  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string }[]) this.cookies[c.name] = c.value;
  }
  async get(url: string, remoteAddress = nextAddress()) {
    const res = await this.app.inject({ method: 'GET', url, cookies: this.cookies, remoteAddress });
    this.keep(res);
    return res;
  }
  /** The form's fields (with `_csrf` and any one-time token) as rendered on `page`. */
  async form(page: string, action: string): Promise<Record<string, string>> {
    const res = await this.get(page);
    assert.equal(res.statusCode, 200, `${page}: ${res.statusCode}`);
    return formFields(res.body, action);
  }
  async post(url: string, fields: Record<string, string> | Buffer, remoteAddress = nextAddress()) {
    const payload = Buffer.isBuffer(fields) ? fields : new URLSearchParams(fields).toString();
    const res = await this.app.inject({
      method: 'POST',
      url,
      cookies: this.cookies,
      remoteAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
    this.keep(res);
    return res;
  }
}
