/** `gongkai backup` and `gongkai restore`: work on the configured database and DATA_DIR directly. */
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { createBackup, pruneBackups, restoreBackup } from './backup.ts';

export function opsCli(program: Command): void {
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
