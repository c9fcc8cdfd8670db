/**
 * The `gongkai` command. Each module adds its subcommands (modules/registry.ts `cli`); every
 * command works on the database named by the same configuration as the server.
 */
import { Command, CommanderError } from 'commander';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { createDatabase } from './db/index.ts';
import { migrateToLatest } from './db/migrate.ts';
import { AppError } from './errors.ts';
import { systemClock } from './lib/time.ts';
import { MODULES } from './modules/index.ts';
import { preparePersonalData, type CliContext } from './modules/registry.ts';
import { platformCli, siteCliConfig } from './platform/cli.ts';
import { shareWrites } from './platform/notify.ts';

const quietLog = {
  info() {},
  warn: (o: unknown, m?: string) => console.warn(m ?? o),
  error: (o: unknown, m?: string) => console.error(m ?? o),
};

async function open(): Promise<CliContext> {
  const base = loadConfig();
  // On a platform (PLATFORM=1), SITE=<code> names the site every other command works on.
  const config = base.platform && process.env.SITE ? await siteCliConfig(base, process.env.SITE) : base;
  const database = createDatabase(config.databaseUrl, { schema: config.databaseSchema });
  await migrateToLatest(database.db, database.schema);
  const ctx: AppContext = {
    db: database.db,
    engine: database.engine,
    config,
    clock: systemClock,
    log: quietLog,
    modules: MODULES,
  };
  await preparePersonalData(ctx, MODULES);
  // On PostgreSQL the servers' page caches hear this command's writes (src/platform/notify.ts).
  const stopSharing =
    database.engine === 'postgres'
      ? await shareWrites(config.databaseUrl, database.schema, () => {})
      : async () => {};
  return {
    ctx,
    buildApp: () =>
      buildApp({ config: { ...config, seedDemo: false }, database, clock: systemClock, logger: false }),
    close: async () => {
      await stopSharing();
      await database.destroy();
    },
  };
}

export function buildCli(): Command {
  const program = new Command('gongkai').description('Gongkai 政务公开平台命令行').exitOverride();
  for (const m of MODULES) m.cli?.(program, open);
  platformCli(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof AppError) {
      console.error(`错误：${e.userMessage}`);
      for (const [k, v] of Object.entries(e.fields)) console.error(`  ${k}：${v}`);
      return 2;
    }
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2));
}
