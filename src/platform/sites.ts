/**
 * Sites of the platform as use cases: create one (register it, migrate its schema, then either the
 * one-time setup link of the ordinary setup flow or the demo data). Creating a site needs every
 * module (its jobs, its demo data), so this file imports the module list and the platform's routes
 * must not import it: they open sites through sitecontext.ts (re-exported here for the CLI).
 */
import type { Config } from '../config.ts';
import type { Clock } from '../lib/time.ts';
import { MODULES } from '../modules/index.ts';
import { ensureJobs } from '../modules/jobs/service.ts';
import { issueSetupLink } from '../modules/setup/service.ts';
import { seedDemo } from '../seed/demo.ts';
import type { NewSite, Platform, Site } from './registry.ts';
import { openSiteContext } from './sitecontext.ts';

export { openSiteContext, openSiteDatabase, siteConfig } from './sitecontext.ts';

export interface CreatedSite {
  site: Site;
  /** The one-time setup link (a site without demo data), as `gongkai setup --link` gives it. */
  setupLink?: string;
  /** Modules seeded with demo data (`demo: true`). */
  seeded?: string[];
}

/**
 * Creates a site: registers it, migrates its new schema, then issues its setup link — or seeds the
 * demo district (`demo`). When any step fails nothing stays behind: no registry row, no schema.
 */
export async function createSite(
  platform: Platform,
  config: Config,
  input: NewSite,
  opts: { clock: Clock; demo?: boolean },
): Promise<CreatedSite> {
  const site = await platform.addSite(input, opts.clock.now());
  try {
    const { ctx, close } = await openSiteContext(config, site, opts.clock, MODULES);
    try {
      await ensureJobs(
        ctx,
        MODULES.flatMap((m) => m.jobs ?? []),
      );
      if (opts.demo) return { site, seeded: await seedDemo(ctx, MODULES) };
      return { site, setupLink: (await issueSetupLink(ctx)).url };
    } finally {
      await close();
    }
  } catch (e) {
    await platform.removeSite(site);
    throw e;
  }
}
