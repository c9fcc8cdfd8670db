/**
 * What the platform's routes on one site's app share: the registry and the other sites' contexts,
 * opened on first use and closed with the app, this app's own site, and the roll-up use case.
 * Outside a platform (SQLite, or one site on PostgreSQL) nothing is opened.
 */
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../context.ts';
import { invalidState } from '../../errors.ts';
import { requirePermission } from '../../modules/auth/permissions.ts';
import { Platform, type Site } from '../registry.ts';
import { checkRollupYear, cityRollup, SiteContexts, siteOfSchema, type CityRollup } from '../rollup.ts';

export const NOT_A_PLATFORM =
  '全市汇总需要集约化平台（PLATFORM=1，PostgreSQL）：本部署只有一个站点，请在各站点的“年度报告”等页面查看本站数字';

/** The platform as one site's routes see it. */
export interface PlatformAccess {
  /** Whether this app is one site of a platform (PLATFORM=1 on PostgreSQL). */
  isPlatform: boolean;
  /** The registry and this app's own site. */
  here(): Promise<{ platform: Platform; site: Site }>;
  /** The roll-up of this app's site, after the permission check; refused outside a platform. */
  rollupOf(actor: Actor, year: number): Promise<CityRollup>;
}

/** The platform access of `app`; the contexts it opens are closed with the app. */
export function platformAccess(app: FastifyInstance): PlatformAccess {
  const ctx = app.ctx;
  let contexts: Promise<SiteContexts> | undefined;
  const openContexts = () =>
    (contexts ??= Platform.open(ctx.config.databaseUrl, ctx.config.platformSchema).then(
      (p) => new SiteContexts(p, ctx.config, ctx.clock, ctx.modules, ctx),
    ));
  app.addHook('onClose', async () => {
    const c = await contexts?.catch(() => undefined);
    await c?.close();
    await c?.platform.close();
  });
  const isPlatform = ctx.config.platform && ctx.engine === 'postgres';
  const here = async () => {
    const c = await openContexts();
    return { platform: c.platform, site: await siteOfSchema(c.platform, ctx.config.databaseSchema) };
  };
  return {
    isPlatform,
    here,
    async rollupOf(actor, year) {
      requirePermission(actor, 'city.read');
      checkRollupYear(year);
      if (!isPlatform) throw invalidState(NOT_A_PLATFORM);
      const { site } = await here();
      return cityRollup(await openContexts(), site.code, year);
    },
  };
}
