/**
 * Sites of the platform as use cases: create one (register it, migrate its schema, then either the
 * one-time setup link of the ordinary setup flow or the demo data), the configuration a site's app
 * runs with, and opening a site's database.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { AppContext } from '../context.ts';
import { createDatabase, type Database } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Clock } from '../lib/time.ts';
import { MODULES } from '../modules/index.ts';
import { ensureJobs } from '../modules/jobs/service.ts';
import { preparePersonalData } from '../modules/registry.ts';
import { issueSetupLink } from '../modules/setup/service.ts';
import { seedDemo } from '../seed/demo.ts';
import type { NewSite, Platform, Site } from './registry.ts';

const quietLog = {
  info() {},
  warn() {},
  error: (o: unknown, m?: string) => console.error(m ?? o),
} as unknown as AppContext['log'];

/** The configuration of one site's app: its schema, its own data folder, its public address (first host name). */
export function siteConfig(config: Config, site: Site): Config {
  const url = new URL(config.publicUrl);
  url.hostname = site.hosts[0] ?? url.hostname;
  const dataDir = join(config.dataDir, 'sites', site.code);
  mkdirSync(dataDir, { recursive: true });
  return {
    ...config,
    databaseSchema: site.schema,
    dataDir,
    publicUrl: url.toString().replace(/\/$/, ''),
    seedDemo: false,
  };
}

/** The site's database: a small pool over its own schema (platform mode keeps many of them open). */
export function openSiteDatabase(config: Config, site: Site): Database {
  return createDatabase(config.databaseUrl, {
    schema: site.schema,
    poolMax: config.sitePoolMax,
    idleMs: 10_000,
  });
}

/** A migrated site's context, for the CLI and roll-ups (the server builds whole apps instead). */
export async function openSiteContext(
  config: Config,
  site: Site,
  clock: Clock,
): Promise<{ ctx: AppContext; close: () => Promise<void> }> {
  const cfg = siteConfig(config, site);
  const database = openSiteDatabase(cfg, site);
  try {
    await migrateToLatest(database.db, database.schema);
  } catch (e) {
    await database.destroy();
    throw e;
  }
  const ctx: AppContext = { db: database.db, engine: database.engine, config: cfg, clock, log: quietLog };
  await preparePersonalData(ctx, MODULES);
  return { ctx, close: () => database.destroy() };
}

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
    const { ctx, close } = await openSiteContext(config, site, opts.clock);
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
    await platform.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('site_hosts').where('code', '=', site.code).execute();
      await trx.deleteFrom('sites').where('code', '=', site.code).execute();
      await sql`drop schema if exists ${sql.id(site.schema)} cascade`.execute(trx);
    });
    throw e;
  }
}
