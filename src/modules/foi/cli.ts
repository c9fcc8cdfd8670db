/** `gongkai foi import FILE`: the history of applications from a spreadsheet. */
import type { Command } from 'commander';
import { systemActor } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { CliContext } from '../registry.ts';
import { importApplications, readRows } from './export.ts';

/** Adds `gongkai foi …`. */
export function foiCli(program: Command, open: () => Promise<CliContext>): void {
  const foi = program.command('foi').description('依申请公开');
  foi
    .command('import <file>')
    .description(
      '导入历史申请台账（.xlsx 或 .csv，中文表头：申请编号、承办机关、申请人类型、收到方式、收到日期、办结日期、办理结果…）；有任何错误则不导入',
    )
    .action(async (file: string) => {
      const { ctx, close } = await open();
      try {
        const rows = await readRows(file);
        const r = await importApplications(ctx, systemActor('cli'), rows);
        console.log(`已导入 ${r.imported} 件申请`);
      } catch (e) {
        if (e instanceof AppError) {
          console.error(e.userMessage);
          for (const m of Object.values(e.fields)) console.error(`  ${m}`);
          process.exitCode = 1;
        } else throw e;
      } finally {
        await close();
      }
    });
}
