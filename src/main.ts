/** Starts the server: config → app → listen (dual-stack) → job runner; prints the demo logins. */
import { buildApp } from './app.ts';
import { loadConfig, ConfigError } from './config.ts';
import { startJobRunner } from './modules/jobs/service.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/district.ts';
import { ROLES } from './modules/auth/permissions.ts';
import { storageUnavailable } from './web/errors.tsx';

// A read-only or full disk, or a database that does not answer: say so plainly, exit non-zero.
function exitIfStorageUnavailable(e: unknown): void {
  if (storageUnavailable(e) || storageUnavailable((e as { cause?: unknown })?.cause)) {
    console.error(`启动失败：数据库或数据目录当前不可写或不可用（只读、磁盘已满或数据库未启动）。请排除后重新启动。\n  ${e instanceof Error ? e.message : String(e)}`);
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

let app;
try {
  app = await buildApp({ config });
} catch (e) {
  exitIfStorageUnavailable(e);
  throw e;
}
await app.listen({ port: config.port, host: config.host, ipv6Only: false });
const stopJobs = config.jobsEnabled ? startJobRunner(app.ctx, app.jobDefinitions, config.jobsTickSeconds * 1000) : async () => {};

if (config.seedDemo) {
  const demoUsers = await app.ctx.db.selectFrom('users').select('username').where('username', 'in', DEMO_ACCOUNTS.map((a) => a.at(0) as string)).execute();
  if (demoUsers.length) {
    const lines = DEMO_ACCOUNTS.filter(([u]) => demoUsers.some((d) => d.username === u)).map(([u, , role, org]) => `  ${u.padEnd(10)} ${ROLES[role].padEnd(6, '　')} ${org}`);
    console.log(`\n红谷滩区政务公开平台（演示数据）已启动：http://localhost:${config.port}/  后台：http://localhost:${config.port}/admin\n演示账号（密码均为 ${DEMO_PASSWORD}）：\n${lines.join('\n')}\n`);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await stopJobs();
    await app.close();
    process.exit(0);
  });
}
