/**
 * Per-request plumbing shared by every route: who the actor is (session cookie or API token), CSRF
 * on every state-changing form, elder mode, and the page context the layouts need.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { publicActor, type Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { resolveApiToken, resolveSession } from '../modules/auth/service.ts';
import { unreadCount } from '../modules/notifications/service.ts';
import { getSiteInfo } from '../modules/portal/service.ts';
import type { PageContext } from './page.ts';
import { markPrivate } from './cache.ts';
import { sha256 } from '../modules/auth/model.ts';
import { can, type Permission } from '../modules/auth/permissions.ts';
import type { AdminNavItem } from './layout.tsx';

export const SESSION_COOKIE = 'gk_session';
export const ELDER_COOKIE = 'elder';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** The session cookie named a session that has timed out. */
    sessionExpired: boolean;
    /** Authenticated by `Authorization: Bearer` (exempt from CSRF: no ambient credential). */
    viaToken: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const webPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('actor', null as any);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('viaToken', false);

  app.addHook('onRequest', async (req) => {
    req.actor = publicActor(req.ip);
    if (req.url.startsWith('/static/')) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const actor = await resolveApiToken(app.ctx, auth.slice(7).trim(), req.ip);
      if (actor) {
        req.actor = actor;
        req.viaToken = true;
      }
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const result = await resolveSession(app.ctx, token, req.ip);
    if (result && 'actor' in result) req.actor = result.actor;
    else if (result && 'expired' in result) req.sessionExpired = true;
  });

  // An anonymous visitor's page may be served as already rendered (web/pagecache.ts).
  app.addHook('onRequest', async (req, reply) => {
    if (app.pageCache.serve(req, reply, req.cookies[ELDER_COOKIE] === '1')) return reply;
  });

  // The whole back office is for signed-in staff; the error handler sends a GET to the login page.
  app.addHook('onRequest', async (req, reply) => {
    if (!(req.url === '/admin' || req.url.startsWith('/admin/') || req.url.startsWith('/admin?'))) return;
    if (req.actor.kind !== 'user')
      throw new AppError('unauthenticated', req.sessionExpired ? '登录已过期，请重新登录' : '请先登录');
    // An expired (or administrator-reset) password: nothing but "my account" until a new one is set.
    if (req.actor.passwordExpired && !req.url.startsWith('/admin/account')) {
      if (req.method === 'GET') return reply.redirect('/admin/account', 302);
      throw new AppError('forbidden', '密码已过期，请先在“我的账号”中设置新密码');
    }
  });

  // Personal data is never kept by a browser or proxy cache: every back-office response and every
  // response to a signed-in person or an API token (case pages, user lists, /api/v1/me, the page that
  // reveals an applicant's ID number, exports) is `no-store`. Static files stay cacheable.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/static/')) return;
    if (
      req.actor?.kind === 'user' ||
      req.viaToken ||
      req.url === '/admin' ||
      req.url.startsWith('/admin/') ||
      req.url.startsWith('/admin?')
    )
      markPrivate(reply);
  });

  // CSRF: every state-changing request made with the ambient cookie carries the token (form field
  // `_csrf`, header `x-csrf-token`, or `?_csrf=` for multipart uploads). Bearer-token calls are exempt.
  // Checked before the body's schema, so a forged post is refused as such (403), whatever it holds.
  app.addHook('preValidation', (req, reply, done) => {
    if (!UNSAFE.has(req.method) || req.viaToken) return done();
    app.csrfProtection(req, reply, done);
  });
});

/**
 * What a CSRF token is bound to: the session cookie (hashed), `anonymous` for a visitor without one. The
 * `_csrf` cookie alone does not make a token valid, so a cookie planted from a sibling subdomain with
 * a token the attacker made for it fails against a signed-in person's session.
 */
export function csrfBinding(req: FastifyRequest): string {
  const session = req.cookies[SESSION_COOKIE];
  return session ? sha256(session) : 'anonymous'; // never '': the token library refuses an empty binding
}

const csrfIssued = new WeakSet<FastifyReply>();

/** Whether this response's page holds a CSRF token (a form): such a page is never cached. */
export function issuedCsrf(reply: FastifyReply): boolean {
  return csrfIssued.has(reply);
}

/**
 * Builds what the layouts need for this request. The CSRF token is made when a page first reads it
 * (a form renders it), so pages without forms carry none and can be cached (web/cache.ts).
 */
export async function pageContext(req: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
  const user = req.actor.kind === 'user' ? req.actor : null;
  const app = req.server;
  let token: string | undefined;
  return {
    user,
    elder: req.cookies[ELDER_COOKIE] === '1',
    get csrfToken() {
      csrfIssued.add(reply);
      return (token ??= reply.generateCsrf({ userInfo: csrfBinding(req) }));
    },
    site: await app.readCache.get('site', ['settings'], getSiteInfo),
    path: req.url.split('?')[0],
    unread: user ? await unreadCount(app.ctx.db, user.id) : 0,
  };
}

/** Back-office menu entries, each shown to staff who hold its permission. */
export interface AdminNavEntry extends AdminNavItem {
  permission: Permission;
}

export function adminNavFor(actor: Actor, entries: AdminNavEntry[]): AdminNavItem[] {
  return entries.filter((e) => can(actor, e.permission)).map(({ href, label }) => ({ href, label }));
}
