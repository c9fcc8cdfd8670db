/** Sends a Preact tree as a complete HTML document. */
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
// Installs the hook that makes every `.table-wrap` keyboard-reachable and named (components.tsx).
import './components.tsx';

export function renderDocument(vnode: VNode): string {
  return '<!doctype html>' + renderToString(vnode);
}

export function sendPage(reply: FastifyReply, vnode: VNode, status = 200): FastifyReply {
  return sendHtml(reply, renderDocument(vnode), status);
}

export function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

/** Redirect after a successful form POST (303 so the browser GETs the target). */
export function seeOther(reply: FastifyReply, url: string): FastifyReply {
  return reply.redirect(url, 303);
}

/** Only same-site paths may be redirect targets (no open redirects): the one check, src/lib/paths.ts. */
export { safeBack } from '../lib/paths.ts';
