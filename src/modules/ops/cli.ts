/**
 * `gongkai migrate`, `backup`, `restore` (on the configured database and DATA_DIR directly) and
 * `keys rotate`.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { dataKeyFile, loadConfig } from '../../config.ts';
import { createDatabase } from '../../db/index.ts';
import { migrateToLatest, pendingMigrations } from '../../db/migrate.ts';
import { formatKeys, newDataKey } from '../../lib/datakeys.ts';
import { countApplications } from '../foi/service.ts';
import type { CliContext } from '../registry.ts';
import { createBackup, pruneBackups, restoreBackup } from './service.ts';

/** Adds the operations subcommands. */
export function opsCli(program: Command, open: () => Promise<CliContext>): void {
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
      // Opening seals every module's personal data under the current key (registry.ts preparePersonalData).
      const { ctx, close } = await open();
      try {
        const n = await countApplications(ctx.db);
        console.log(
          `当前密钥：${ctx.config.dataKeys.current.id}；全部个人信息（${n} 件申请，以及政策咨询、意见征集的联系方式和账号密钥）已用当前密钥加密，旧密钥可在确认备份后删除`,
        );
      } finally {
        await close();
      }
    });

  program
    .command('backup')
    .description('备份数据库与上传文件到一个带时间戳的目录（含校验和清单）')
    .option('--out <dir>', '备份存放目录（默认 BACKUP_DIR）')
    .option('--keep <n>', '只保留最新的 n 份备份，删除更早的')
    .action(async (opts: { out?: string; keep?: string }) => {
      const config = loadConfig();
      const out = opts.out ?? config.backupDir;
      const { path, manifest } = await createBackup(config, out, new Date());
      const bytes = manifest.files.reduce((s, f) => s + f.size, 0);
      console.log(
        `备份完成：${path}\n  ${manifest.files.length} 个文件，共 ${(bytes / 1024 / 1024).toFixed(1)} MB，数据库 ${manifest.engine}`,
      );
      if (opts.keep !== undefined) {
        const keep = Number(opts.keep);
        if (!Number.isInteger(keep) || keep < 1) throw new Error('--keep 应为正整数');
        for (const name of await pruneBackups(out, keep)) console.log(`  已删除旧备份 ${name}`);
      }
    });

  program
    .command('restore <path>')
    .description(
      '从备份目录恢复数据库与上传文件（先校验全部校验和；目标已有数据时需加 --force；请先停止服务）',
    )
    .option('--force', '覆盖已有数据')
    .action(async (path: string, opts: { force?: boolean }) => {
      const config = loadConfig();
      const manifest = await restoreBackup(config, path, { force: opts.force });
      console.log(
        `恢复完成：${manifest.createdAt} 的备份，${manifest.files.length} 个文件已校验。启动服务时会自动执行此后新增的迁移。`,
      );
    });
}
