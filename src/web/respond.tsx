/** Renders a portal or back-office page for a request, with the shell and its context. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { AdminLayout, PortalLayout, type NavItem } from './layout.tsx';
import type { PageContext } from './page.ts';
import { adminNavFor, pageContext } from './plugin.ts';
import { sendPage } from './render.ts';

export interface PageOptions {
  title: string;
  crumbs?: NavItem[];
  description?: string;
  status?: number;
}

type Body = ComponentChildren | ((page: PageContext) => ComponentChildren);

export async function renderPortal(req: FastifyRequest, reply: FastifyReply, opts: PageOptions, body: Body) {
  const page = await pageContext(req, reply);
  const content = typeof body === 'function' ? body(page) : body;
  return sendPage(
    reply,
    <PortalLayout title={opts.title} page={page} crumbs={opts.crumbs} description={opts.description}>
      {content}
    </PortalLayout>,
    opts.status,
  );
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
