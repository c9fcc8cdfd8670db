/** Foundation subcommands of `gongkai`: migrate, token, audit, jobs, seed. */
import type { Command } from 'commander';
import { systemActor } from './context.ts';
import { createDatabase } from './db/index.ts';
import { migrateToLatest, pendingMigrations } from './db/migrate.ts';
import { loadConfig } from './config.ts';
import { createApiToken } from './modules/auth/service.ts';
import { verifyAuditChain } from './modules/audit/service.ts';
import { runDueJobs } from './modules/jobs/service.ts';
import type { CliContext } from './modules/registry.ts';

export function foundationCli(program: Command, open: () => Promise<CliContext>): void {
  program
    .command('migrate')
    .description('应用数据库迁移（启动时也会自动执行）')
    .option('--dry-run', '只列出待执行的迁移，不执行')
    .action(async (opts: { dryRun?: boolean }) => {
      const config = loadConfig();
      const database = createDatabase(config.databaseUrl, { schema: config.databaseSchema });
      try {
        if (opts.dryRun) {
          const pending = await pendingMigrations(database.db, database.schema);
          console.log(pending.length ? `待执行的迁移（${pending.length}）：\n${pending.join('\n')}` : '没有待执行的迁移');
        } else {
          const r = await migrateToLatest(database.db, database.schema);
          console.log(`已执行 ${r.results?.length ?? 0} 个迁移`);
        }
      } finally {
        await database.destroy();
      }
    });

  const token = program.command('token').description('API 令牌');
  token
    .command('create')
    .description('为用户创建 API 令牌（只显示一次）')
    .requiredOption('--user <username>', '用户名')
    .option('--name <name>', '令牌用途', 'integration')
    .action(async (opts: { user: string; name: string }) => {
      const { ctx, close } = await open();
      try {
        console.log(await createApiToken(ctx, systemActor('cli'), opts.user, opts.name));
      } finally {
        await close();
      }
    });

  program
    .command('audit')
    .description('审计日志')
    .command('verify')
    .description('校验审计日志哈希链是否完整')
    .action(async () => {
      const { ctx, close } = await open();
      try {
        const v = await verifyAuditChain(ctx.db);
        if (v.ok) console.log(`审计日志完整：共 ${v.count} 条记录，哈希链校验通过`);
        else {
          console.error(`审计日志被破坏：第 ${v.brokenAt} 号记录处断链——${v.reason}（此前 ${v.count} 条完好）`);
          process.exitCode = 1;
        }
      } finally {
        await close();
      }
    });

  program
    .command('jobs')
    .description('定时任务')
    .command('run')
    .description('立即运行所有到期的定时任务一次')
    .action(async () => {
      const { ctx, close } = await open();
      const { MODULES } = await import('./modules/index.ts');
      try {
        const results = await runDueJobs(ctx, MODULES.flatMap((m) => m.jobs ?? []));
        for (const r of results) console.log(`${r.ok ? '成功' : '失败'} ${r.name} ${r.summary ?? r.error ?? ''}`);
        if (results.length === 0) console.log('没有到期的任务');
      } finally {
        await close();
      }
    });
}
