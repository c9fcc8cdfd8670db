/** `gongkai jobs run`: every due job once, now. */
import type { Command } from 'commander';
import type { CliContext } from '../registry.ts';
import { runDueJobs } from './service.ts';

/** Adds the jobs module's subcommands. */
export function jobsCli(program: Command, open: () => Promise<CliContext>): void {
  program
    .command('jobs')
    .description('定时任务')
    .command('run')
    .description('立即运行所有到期的定时任务一次')
    .action(async () => {
      const { ctx, close } = await open();
      try {
        const results = await runDueJobs(
          ctx,
          ctx.modules.flatMap((m) => m.jobs ?? []),
        );
        for (const r of results)
          console.log(`${r.ok ? '成功' : '失败'} ${r.name} ${r.summary ?? r.error ?? ''}`);
        if (results.length === 0) console.log('没有到期的任务');
      } finally {
        await close();
      }
    });
}
