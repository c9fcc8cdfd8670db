/** The site's identity and footer facts (rules.md §9), kept in settings; set at setup and by `gongkai site set`. */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../context.ts';
import { getSetting, putSetting } from '../../db/settings.ts';
import type { DB } from '../../db/types.ts';
import { badRequest } from '../../errors.ts';
import type { SiteInfo } from '../../web/page.ts';
import { auditedWrite } from '../audit/service.ts';
import { requirePermission } from '../auth/permissions.ts';
import { DEFAULT_SITE, siteProblems } from './model.ts';

/** The site identity as set, over the defaults of a fresh instance. */
export async function getSiteInfo(db: Kysely<DB>): Promise<SiteInfo> {
  const value = await getSetting(db, 'site');
  return value !== undefined ? { ...DEFAULT_SITE, ...JSON.parse(value) } : DEFAULT_SITE;
}

/** Sets the site identity (merged over the current one); audited. */
export async function saveSiteInfo(
  ctx: AppContext,
  actor: Actor,
  change: Partial<SiteInfo>,
): Promise<SiteInfo> {
  requirePermission(actor, 'settings.manage');
  const before = await getSiteInfo(ctx.db);
  const after: SiteInfo = {
    ...before,
    ...Object.fromEntries(Object.entries(change).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])),
  };
  // The application-number code is letters only; typed in lower case it means the same, left empty the default.
  if (typeof after.numberPrefix === 'string')
    after.numberPrefix = after.numberPrefix.toUpperCase() || undefined;
  const fields = siteProblems(after);
  if (Object.keys(fields).length) throw badRequest('网站信息有误，请检查后重新提交', fields);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await putSetting(trx, 'site', JSON.stringify(after));
      return after;
    },
    () => ({ action: 'site.update', objectType: 'setting', objectId: 'site', before, after }),
  );
}
