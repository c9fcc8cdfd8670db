/** Foundation subcommands of `gongkai`: migrate, token, audit, jobs, seed. */
import type { Command } from 'commander';
import { systemActor } from './context.ts';
import { createDatabase } from './db/index.ts';
import { migrateToLatest, pendingMigrations } from './db/migrate.ts';
import { loadConfig } from './config.ts';
import { createApiToken } from './modules/auth/service.ts';
import { purgeAudit, verifyAuditChain } from './modules/audit/service.ts';
import { dataKeyFile } from './config.ts';
import { formatKeys, newDataKey } from './lib/datakeys.ts';
import { writeFileSync } from 'node:fs';
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
          console.log(
            pending.length
              ? `待执行的迁移（${pending.length}）：\n${pending.join('\n')}`
              : '没有待执行的迁移',
          );
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

  const audit = program.command('audit').description('审计日志');
  audit
    .command('purge')
    .description('清理指定日期之前的审计记录（不得清理保存期限以内的记录，期限至少 180 天）')
    .requiredOption('--before <date>', '清理此日期（YYYY-MM-DD）之前的记录')
    .action(async (opts: { before: string }) => {
      const { ctx, close } = await open();
      try {
        const n = await purgeAudit(ctx, systemActor('cli'), opts.before);
        console.log(`已清理 ${n} 条审计记录；哈希链自清理点起继续可校验`);
      } finally {
        await close();
      }
    });
  audit
    .command('verify')
    .description('校验审计日志哈希链是否完整')
    .action(async () => {
      const { ctx, close } = await open();
      try {
        const v = await verifyAuditChain(ctx.db);
        if (v.ok) console.log(`审计日志完整：共 ${v.count} 条记录，哈希链校验通过`);
        else {
          console.error(
            `审计日志被破坏：第 ${v.brokenAt} 号记录处断链——${v.reason}（此前 ${v.count} 条完好）`,
          );
          process.exitCode = 1;
        }
      } finally {
        await close();
      }
    });

  program
    .command('keys')
    .description('个人信息加密密钥')
    .command('rotate')
    .description(
      '轮换密钥：用当前密钥重新加密全部个人信息（自动生成的密钥文件会先加一把新密钥；用 GONGKAI_DATA_KEY 时请先把新密钥放在最前）',
    )
    .action(async () => {
      const config = loadConfig();
      if (config.dataKeys.source === 'file') {
        writeFileSync(
          dataKeyFile(config.dataDir),
          formatKeys([newDataKey(config.dataKeys.keys), ...config.dataKeys.keys]) + '\n',
          { mode: 0o600 },
        );
      }
      const { ctx, close } = await open();
      try {
        const { n } = await ctx.db
          .selectFrom('foi_applications')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        console.log(
          `当前密钥：${ctx.config.dataKeys.current.id}；全部个人信息（${n} 件申请，以及政策咨询、意见征集的联系方式和账号密钥）已用当前密钥加密，旧密钥可在确认备份后删除`,
        );
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
        const results = await runDueJobs(
          ctx,
          MODULES.flatMap((m) => m.jobs ?? []),
        );
        for (const r of results)
          console.log(`${r.ok ? '成功' : '失败'} ${r.name} ${r.summary ?? r.error ?? ''}`);
        if (results.length === 0) console.log('没有到期的任务');
      } finally {
        await close();
      }
    });
}
