/** What the content pages share: org names, the cached column tree, an item page's related data, workflow buttons, crumbs. */
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../../context.ts';
import { can } from '../../auth/permissions.ts';
import { listPublicOrgs } from '../../org/service.ts';
import { libraryRelations, type RelatedLink } from '../integrations.ts';
import { nextStatus, type AttachmentListing, type Item, type ItemSummary } from '../model.ts';
import * as svc from '../service.ts';
import type { Permits } from '../views/gate-panel.tsx';

/** Org id → short name, from the org list every page shares (app.readCache). */
export const orgNamer = async (app: FastifyInstance) => {
  const orgs = await app.readCache.get('orgs', ['orgs'], listPublicOrgs);
  return (id: number) => orgs.find((o) => o.id === id)?.shortName ?? '';
};

/**
 * What an item's portal page shows beside it: its files (read here unless the caller read them with
 * the item, svc.getPublicItemPage) and the interpretations linked either way.
 */
export async function itemPageData(app: FastifyInstance, item: Item, files?: AttachmentListing[]) {
  const db = app.ctx.db;
  const [attachments, { interprets, interpretedBy }, library] = await Promise.all([
    files ?? svc.listAttachments(db, item.id),
    svc.publishedRelated(db, item.id),
    libraryRelations(db, item),
  ]);
  const links = (items: ItemSummary[]): RelatedLink[] =>
    items.map((d) => ({ href: `/items/${d.id}`, title: d.title, docNumber: d.docNumber ?? undefined }));
  return {
    attachments,
    interprets: [...links(interprets), ...library.interprets],
    interpretedBy: [...links(interpretedBy), ...library.interpretedBy],
  };
}

/** Which workflow buttons this actor sees on this item (the services check again). */
export function permitsFor(actor: Actor, item: Item): Permits {
  const own = actor.kind === 'user' && item.authorId === actor.id;
  const may = (a: Parameters<typeof nextStatus>[1]) => nextStatus(item.status, a) != null;
  return {
    edit:
      (item.status === 'draft' && can(actor, 'content.edit')) ||
      (item.status === 'published' && can(actor, 'content.publish')),
    submit: may('submit') && can(actor, 'content.edit'),
    review: may('review') && can(actor, 'content.review') && !own,
    clear: may('clear') && can(actor, 'content.confidentiality') && !own,
    publish: may('publish') && can(actor, 'content.publish') && !own,
    withdraw: may('withdraw') && can(actor, 'content.withdraw'),
    reject:
      may('reject') &&
      (can(actor, 'content.review') ||
        can(actor, 'content.confidentiality') ||
        can(actor, 'content.publish')),
    mask:
      item.status !== 'withdrawn' &&
      (can(actor, 'content.edit') || can(actor, 'content.review') || can(actor, 'content.confidentiality')),
    override: can(actor, 'content.gate_override') && !own,
  };
}

/** The back office's crumbs under 内容管理. */
export const crumbs = (extra: { href: string; label: string }[] = []) => [
  { href: '/admin', label: '工作台' },
  { href: '/admin/content', label: '内容管理' },
  ...extra,
];
