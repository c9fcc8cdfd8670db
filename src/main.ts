/** Starts the server: config → app → listen (dual-stack) → job runner; prints the demo logins. */
import { buildApp } from './app.ts';
import { loadConfig, ConfigError } from './config.ts';
import { startJobRunner } from './modules/jobs/service.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/district.ts';
import { ROLES } from './modules/auth/permissions.ts';

let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`配置错误：${e.message}`);
    process.exit(2);
  }
  throw e;
}

const app = await buildApp({ config });
await app.listen({ port: config.port, host: config.host, ipv6Only: false });
const stopJobs = config.jobsEnabled ? startJobRunner(app.ctx, app.jobDefinitions) : async () => {};

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
