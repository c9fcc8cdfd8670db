/** `gongkai audit purge` and `gongkai audit verify`. */
import type { Command } from 'commander';
import { systemActor } from '../../context.ts';
import type { CliContext } from '../registry.ts';
import { purgeAudit, verifyAuditChain } from './service.ts';

/** Adds the audit module's subcommands. */
export function auditCli(program: Command, open: () => Promise<CliContext>): void {
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
}
