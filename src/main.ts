/**
 * Starts the server: config → app → listen (dual-stack) → job runner; prints the demo logins, or on
 * an instance not yet set up, the one-time setup link. Logs are pretty on a terminal, JSON otherwise.
 */
import { buildApp } from './app.ts';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { startJobRunner } from './modules/jobs/service.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/district.ts';
import { getSiteInfo } from './modules/portal/service.ts';
import { issueSetupLink, setupNeeded, SETUP_LINK_HOURS } from './modules/setup/service.ts';
import { ROLES } from './modules/auth/permissions.ts';
import { existingUsernames } from './modules/auth/service.ts';
import { storageUnavailable } from './web/errors.tsx';

// A read-only or full disk, or a database that does not answer: say so plainly, exit non-zero.
function exitIfStorageUnavailable(e: unknown): void {
  if (storageUnavailable(e) || storageUnavailable((e as { cause?: unknown })?.cause)) {
    console.error(
      `启动失败：数据库或数据目录当前不可写或不可用（只读、磁盘已满或数据库未启动）。请排除后重新启动。\n  ${e instanceof Error ? e.message : String(e)}`,
    );
    process.exit(3);
  }
}

let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`配置错误：${e.message}`);
    process.exit(2);
  }
  exitIfStorageUnavailable(e); // the data directory or its key files cannot be created
  throw e;
}

// A person at a terminal reads pretty lines; a service manager or log collector gets JSON lines.
const logger = process.stdout.isTTY
  ? {
      level: config.logLevel,
      transport: {
        target: 'pino-pretty',
        options: { translateTime: 'SYS:yyyy-mm-dd HH:MM:ss', ignore: 'pid,hostname' },
      },
    }
  : { level: config.logLevel };

// 集约化: many sites on one PostgreSQL, chosen by host name (src/platform/server.ts).
if (config.platform) {
  const { runPlatform } = await import('./platform/server.ts');
  try {
    await runPlatform({ config, logger });
  } catch (e) {
    exitIfStorageUnavailable(e);
    throw e;
  }
} else await startSingleSite(config);

/** One site: the app over DATABASE_URL, its job runner, the demo logins or the setup link. */
async function startSingleSite(config: Config): Promise<void> {
  let app;
  try {
    app = await buildApp({ config, logger });
  } catch (e) {
    exitIfStorageUnavailable(e);
    throw e;
  }
  await app.listen({ port: config.port, host: config.host, ipv6Only: false });
  const stopJobs = config.jobsEnabled
    ? startJobRunner(app.ctx, app.jobDefinitions, config.jobsTickSeconds * 1000)
    : async () => {};

  const base = config.publicUrl;
  if (await setupNeeded(app.ctx.db)) {
    const link = await issueSetupLink(app.ctx);
    console.log(
      `\n本站尚未完成初始设置。请在 ${SETUP_LINK_HOURS} 小时内用浏览器打开以下一次性链接完成设置（网站信息、“三员”账号、机关树）：\n  ${link.url}\n链接过期后运行 npx gongkai setup --link 获取新链接；也可用 npx gongkai setup 按参数完成设置。\n`,
    );
  } else if (config.seedDemo) {
    const demoUsers = await existingUsernames(
      app.ctx.db,
      DEMO_ACCOUNTS.map((a) => a.at(0) as string),
    );
    if (demoUsers.length) {
      const lines = DEMO_ACCOUNTS.filter(([u]) => demoUsers.includes(u)).map(
        ([u, , role, org]) => `  ${u.padEnd(10)} ${ROLES[role].padEnd(6, '　')} ${org}`,
      );
      const site = await getSiteInfo(app.ctx.db);
      console.log(
        `\n${site.name}政务公开平台（演示数据）已启动：${base}/  后台：${base}/admin\n演示账号（密码均为 ${DEMO_PASSWORD}）：\n${lines.join('\n')}\n`,
      );
    }
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, async () => {
      await stopJobs();
      await app.close();
      process.exit(0);
    });
  }
}
