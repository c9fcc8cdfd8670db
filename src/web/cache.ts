/**
 * HTTP caching of public pages (issue 5, Speed): a page the same for every anonymous visitor gets an
 * ETag (a hash of its HTML) and, when the route knows one, a Last-Modified; a browser or proxy that
 * already holds it gets a 304 with no body. `no-cache` makes every use revalidate, so a change shows
 * at once. Pages with a session or a CSRF token (forms, per-person content) are never stored.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Whether a client's If-None-Match list holds this (weak) ETag. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/** The weak ETag of a page's HTML. */
export function etagOf(html: string): string {
  return `W/"${createHash('sha1').update(html).digest('base64url').slice(0, 27)}"`;
}

/**
 * Adds the validators to a cacheable page's response and answers 304 when the client's copy is
 * current: If-None-Match first; If-Modified-Since only when the client sent no ETag (RFC 9110 §13.2.2).
 * Returns true when the 304 was sent.
 */
export function sendValidators(
  req: FastifyRequest,
  reply: FastifyReply,
  etag: string,
  lastModified?: string | Date | null,
): boolean {
  reply.header('etag', etag).header('cache-control', 'no-cache');
  const modified = lastModified ? new Date(lastModified) : null;
  if (modified && !Number.isNaN(modified.getTime())) reply.header('last-modified', modified.toUTCString());
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  const fresh = inm
    ? matches(inm, etag)
    : !!(ims && modified && Math.floor(modified.getTime() / 1000) <= Math.floor(Date.parse(ims) / 1000));
  if (!fresh) return false;
  reply.code(304).send();
  return true;
}

/** Private pages (a session, a CSRF token in a form): no validators, never stored by any cache. */
export function markPrivate(reply: FastifyReply): void {
  reply.removeHeader('etag').removeHeader('last-modified').header('cache-control', 'private, no-store');
}
