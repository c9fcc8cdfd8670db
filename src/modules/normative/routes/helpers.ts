/** What the library's page routes share: links, the list filters from a query string, the lead-org choices. */
import type { Static } from 'typebox';
import type { Actor, AppContext } from '../../../context.ts';
import { int, str } from '../../../web/forms.ts';
import { inScope, treeOrder, type Org } from '../../org/model.ts';
import { orgScope } from '../../org/service.ts';
import { STATUSES, type Status } from '../model.ts';
import type { LibraryFilter } from '../service.ts';
import type { LibraryPageQuery } from './schemas.ts';

export const docHref = (id: number) => `/gfxwj/${id}`;
export const adminHref = (id: number) => `/admin/gfxwj/${id}`;

/** Library filters from a GET form (empty fields are absent). */
export function filterFromQuery(q: Static<typeof LibraryPageQuery>): LibraryFilter {
  const status = str(q.status);
  return {
    orgId: int(q.orgId) ?? undefined,
    year: int(q.year) ?? undefined,
    status: status && status in STATUSES ? (status as Status) : undefined,
    subject: str(q.subject) || undefined,
    q: str(q.q).slice(0, 100) || undefined,
    inForceOn: str(q.inForceOn) || undefined,
    page: int(q.page) ?? 1,
  };
}

/** The filters as a query string, for the pages' links. */
export function queryString(f: LibraryFilter): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f))
    if (v !== undefined && v !== '' && k !== 'page' && k !== 'pageSize') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The orgs an actor may register a document for (lead org), in tree order. */
export async function leadOrgOptions(ctx: AppContext, actor: Actor, orgs: Org[]) {
  const scope = await orgScope(ctx.db, actor);
  return treeOrder(orgs)
    .filter(({ org }) => inScope(scope, org.id))
    .map(({ org, depth }) => ({ value: org.id, label: `${'　'.repeat(depth)}${org.name}` }));
}
