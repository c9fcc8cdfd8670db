/** `gongkai documents import FILE.xlsx` and `gongkai documents export --format json|xlsx [--since DATE] --out FILE`. */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemActor } from '../../context.ts';
import { badRequest } from '../../errors.ts';
import type { CliContext } from '../registry.ts';
import { exportRecords, exportXlsx, importXlsx } from './service.ts';

export function normativeCli(program: Command, open: () => Promise<CliContext>): void {
  const documents = program
    .command('documents')
    .description('行政规范性文件库：导入登记台账、导出（与市级文件库交换）');
  documents
    .command('import')
    .description('从 Excel 登记台账导入规范性文件（任何一行有错误则全部不导入）')
    .argument('<file>', '.xlsx 文件')
    .option('--sample', '标记为演示数据')
    .action(async (file: string, opts: { sample?: boolean }) => {
      // Bad input gets a Chinese error (exit 2), not Node's ENOENT text.
      const data = await readFile(file).catch(() => {
        throw badRequest(`无法读取文件：${file}`);
      });
      const { ctx, close } = await open();
      try {
        const r = await importXlsx(ctx, systemActor('cli'), data, { isSample: opts.sample });
        console.log(`已导入 ${r.imported} 件规范性文件`);
      } finally {
        await close();
      }
    });
  documents
    .command('export')
    .description('导出文件库中已公开的文件')
    .option('--format <format>', 'json 或 xlsx', 'json')
    .option('--since <date>', '只导出该日（YYYY-MM-DD，北京时间）以来有变化的文件')
    .requiredOption('--out <file>', '输出文件')
    .action(async (opts: { format: string; since?: string; out: string }) => {
      if (opts.format !== 'json' && opts.format !== 'xlsx') {
        console.error('错误：--format 只能是 json 或 xlsx');
        process.exitCode = 2;
        return;
      }
      const { ctx, close } = await open();
      try {
        const actor = systemActor('cli');
        if (opts.format === 'xlsx')
          await writeFile(opts.out, await exportXlsx(ctx, actor, { since: opts.since }));
        else {
          const data = await exportRecords(ctx, actor, { since: opts.since });
          await writeFile(opts.out, JSON.stringify(data, null, 2) + '\n');
        }
        console.log(`已导出到 ${opts.out}`);
      } finally {
        await close();
      }
    });
}
