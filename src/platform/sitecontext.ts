/**
 * Opening one site of the platform: the configuration its app runs with, its database and a migrated
 * context (for the roll-up, the site routes and the CLI). Nothing here builds a whole app or imports
 * the module list (modules/index.ts): the platform's own routes reach this file, and the module list
 * reaches them, so importing it would be a cycle. The modules come from the caller.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { AppContext } from '../context.ts';
import { createDatabase, type Database } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Clock } from '../lib/time.ts';
import { preparePersonalData, type GongkaiModule } from '../modules/registry.ts';
import type { Site } from './registry.ts';

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
  modules: readonly GongkaiModule[],
): Promise<{ ctx: AppContext; close: () => Promise<void> }> {
  const cfg = siteConfig(config, site);
  const database = openSiteDatabase(cfg, site);
  try {
    await migrateToLatest(database.db, database.schema);
  } catch (e) {
    await database.destroy();
    throw e;
  }
  const ctx: AppContext = {
    db: database.db,
    engine: database.engine,
    config: cfg,
    clock,
    log: quietLog,
    modules,
  };
  await preparePersonalData(ctx, [...modules]);
  return { ctx, close: () => database.destroy() };
}
