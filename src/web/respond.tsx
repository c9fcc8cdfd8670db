/** Renders a portal or back-office page for a request, with the shell and its context. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { AdminLayout, PortalLayout, type NavItem } from './layout.tsx';
import type { PageContext, SiteInfo } from './page.ts';
import { etagOf, markPrivate, sendValidators } from './cache.ts';
import { adminNavFor, issuedCsrf, pageContext } from './plugin.ts';
import { renderDocument, sendHtml, sendPage } from './render.ts';

export interface PageOptions {
  title: string;
  crumbs?: NavItem[];
  /** The page's meta description; a function of the site's identity when it names the site. */
  description?: string | ((site: SiteInfo) => string);
  status?: number;
  /** When the page's content last changed, for Last-Modified (portal pages that know it). */
  lastModified?: string | Date | null;
}

type Body = ComponentChildren | ((page: PageContext) => ComponentChildren);

/**
 * A portal page. One the same for every anonymous visitor (no session, no form token) is cacheable:
 * ETag / Last-Modified and 304s (web/cache.ts), and kept rendered (web/pagecache.ts); any other is marked private.
 */
export async function renderPortal(req: FastifyRequest, reply: FastifyReply, opts: PageOptions, body: Body) {
  const page = await pageContext(req, reply);
  const content = typeof body === 'function' ? body(page) : body;
  const html = renderDocument(
    <PortalLayout
      title={opts.title}
      page={page}
      crumbs={opts.crumbs}
      description={typeof opts.description === 'function' ? opts.description(page.site) : opts.description}
    >
      {content}
    </PortalLayout>,
  );
  const status = opts.status ?? 200;
  if (status === 200 && !page.user && req.actor.kind === 'public' && !issuedCsrf(reply)) {
    const etag = etagOf(html);
    req.server.pageCache.store(req, html, etag, opts.lastModified);
    if (sendValidators(req, reply, etag, opts.lastModified)) return reply;
  } else markPrivate(reply);
  return sendHtml(reply, html, status);
}

export async function renderAdmin(req: FastifyRequest, reply: FastifyReply, opts: PageOptions, body: Body) {
  const page = await pageContext(req, reply);
  const content = typeof body === 'function' ? body(page) : body;
  const nav = adminNavFor(req.actor, req.server.adminNav);
  return sendPage(
    reply,
    <AdminLayout title={opts.title} page={page} nav={nav} crumbs={opts.crumbs}>
      {content}
    </AdminLayout>,
    opts.status,
  );
}
