/** The catalogue's panel on the back-office home page. */
import type { Actor, AppContext } from '../../../context.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { can } from '../../auth/permissions.ts';
import { coverageOverview, listTemplateChanges } from '../service.ts';
import { CoveragePanel, TemplateChangesNotice } from '../views/dashboard.tsx';

/** Back-office home panel: the actor's catalogues of this year with their coverage and gaps. */
export async function catalogueDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'catalogue.read')) return null;
  const year = Number(shanghaiDate(ctx.clock.now()).slice(0, 4));
  const rows = (await coverageOverview(ctx, actor, year)).filter((r) => r.catalogue.scope === 'township');
  const changes = can(actor, 'catalogue.template')
    ? await listTemplateChanges(ctx, actor, { unread: true })
    : [];
  if (!rows.length && !changes.length) return null;
  return (
    <>
      {changes.length > 0 && <TemplateChangesNotice changes={changes} />}
      {rows.length > 0 && <CoveragePanel rows={rows} />}
    </>
  );
}
