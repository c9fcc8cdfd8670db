/**
 * A multi-site platform (PostgreSQL only) with its sites already made, for the platform's own tests.
 * Making a demo site seeds the whole demo district into its schema, seconds per site; so the sites
 * are made once per code and spec into a template database (as the demo templates are,
 * test/helpers.ts), and each test file gets a clone of it: the same rows, ids and files as making the
 * sites itself would give, on the same clock.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../src/config.ts';
import { ManualClock } from '../src/lib/time.ts';
import { Platform, type NewSite } from '../src/platform/registry.ts';
import { createSite } from '../src/platform/sites.ts';
import { copyTemplate, databaseUrl, keptTemplate, TEST_ENV } from './helpers.ts';

/** The platform's own schema in every clone (each clone is a database of its own). */
const PLATFORM_SCHEMA = 'gkp';

export interface PlatformSpec {
  /** The clock's start: the sites are made then (and the demo seeded from then). */
  start: string;
  /** Made in this order (a parent before its children). */
  sites: { site: NewSite; demo?: boolean }[];
}

export interface TestPlatform {
  /** The platform's configuration: its own database, registry schema and data folder. */
  config: Config;
  /** Each site made without the demo: its one-time setup link, by site code. */
  setupLinks: Record<string, string>;
  /** Drops the platform's database and files (close what is open on them first). */
  drop(): Promise<void>;
}

/** The platform's configuration over `url`'s database, its files under `dataDir`. */
function platformConfig(url: string, dataDir: string): Config {
  return {
    ...loadConfig({ ...TEST_ENV, DATA_DIR: dataDir, RATE_LIMIT_WRITES: '1000000' }),
    databaseUrl: url,
    platform: true,
    platformSchema: PLATFORM_SCHEMA,
    jobsEnabled: false,
    rateLimitStore: 'database',
  };
}

/**
 * A fresh platform (its own database, data folder and registry) with `spec`'s sites made; the test
 * opens it (`Platform.open(config.databaseUrl, config.platformSchema)`).
 */
export async function buildTestPlatform(spec: PlatformSpec): Promise<TestPlatform> {
  const template = await keptTemplate(['platform', spec], async (building, database) => {
    const files = join(building, 'files');
    mkdirSync(files);
    const config = platformConfig(databaseUrl(database), files);
    const platform = await Platform.open(config.databaseUrl, PLATFORM_SCHEMA);
    const setupLinks: Record<string, string> = {};
    try {
      const clock = new ManualClock(spec.start);
      for (const { site, demo } of spec.sites) {
        const made = await createSite(platform, config, site, { clock, demo });
        if (made.setupLink) setupLinks[site.code] = made.setupLink;
      }
    } finally {
      await platform.close();
    }
    writeFileSync(join(building, 'setup-links.json'), JSON.stringify(setupLinks));
    writeFileSync(join(building, 'database'), database);
    writeFileSync(join(building, 'schema-name'), PLATFORM_SCHEMA);
  });
  const db = await copyTemplate(template);
  return {
    config: platformConfig(db.url, db.dataDir),
    setupLinks: JSON.parse(readFileSync(join(template, 'setup-links.json'), 'utf8')),
    drop: () => db.drop(),
  };
}
