/** `gongkai media …`: import freshness checks from a file; list accounts failing a freshness rule. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../../context.ts';
import type { CliContext } from '../registry.ts';
import { FRESHNESS_FLAGS, PLATFORMS } from './model.ts';
import { accountsWithFreshness, importChecks, parseCheckFile } from './service.ts';

export function mediaCli(program: Command, open: () => Promise<CliContext>): void {
  const media = program.command('media').description('政务新媒体');
  media
    .command('import-checks <file>')
    .description(
      '从 CSV 或 XLSX 导入账号更新和互动检查情况（表头：平台，平台账号ID，检查日期，最近更新日期，互动是否正常，备注）',
    )
    .action(async (file: string) => {
      const { ctx, close } = await open();
      try {
        const n = await importChecks(
          ctx,
          systemActor('cli'),
          await parseCheckFile(basename(file), await readFile(file)),
        );
        console.log(`已导入 ${n} 条检查记录`);
      } finally {
        await close();
      }
    });
  media
    .command('stale')
    .description('列出今天未通过更新或互动检查的运营中账号')
    .action(async () => {
      const { ctx, close } = await open();
      try {
        const failing = (await accountsWithFreshness(ctx, systemActor('cli'))).filter(
          (x) => x.freshness.failing,
        );
        for (const { account: a, freshness: f } of failing)
          console.log(
            `${PLATFORMS[a.platform]}\t${a.accountName}\t${a.platformAccountId}\t${a.lastUpdateDate ?? '未登记'}\t${f.flags.map((x) => FRESHNESS_FLAGS[x]).join('；')}`,
          );
        console.log(`共 ${failing.length} 个账号需整改`);
      } finally {
        await close();
      }
    });
}
