/** `gongkai inspection run [--org] [--http]`: a self-inspection now, with the link check over the site's own pages. */
import type { Command } from 'commander';
import { systemActor } from '../../context.ts';
import { findOrgByName, listPublicOrgs } from '../org/service.ts';
import type { CliContext } from '../registry.ts';
import { CHECK_STATUS, CHECKS } from './model.ts';
import { runInspection } from './service.ts';

export function inspectionCli(program: Command, open: () => Promise<CliContext>): void {
  const cmd = program.command('inspection').description('网站与政务新媒体自查');
  cmd
    .command('run')
    .description(
      '立即自查并保存结果（不指定单位时检查政府门户网站）；站内链接默认在进程内检查，加 --http 时经网络访问 PUBLIC_URL；不访问其他网站',
    )
    .option('--org <org>', '单位编号或名称')
    .option('--http', '经网络访问本站网址（PUBLIC_URL，网站须已启动）检查可用性和链接，每个地址 15 秒超时')
    .action(async (opts: { org?: string; http?: boolean }) => {
      const cli = await open();
      const { ctx, close } = cli;
      try {
        let orgId: number | null = null;
        if (opts.org) {
          const orgs = await listPublicOrgs(ctx.db);
          const org = /^\d+$/.test(opts.org)
            ? orgs.find((o) => o.id === Number(opts.org))
            : findOrgByName(orgs, opts.org);
          if (!org) throw new Error(`找不到单位：${opts.org}`);
          orgId = org.id;
        }
        // The in-process crawl needs the app's routes (no port is opened).
        const app = await cli.buildApp();
        try {
          await app.ready();
          const run = await runInspection(app.ctx, systemActor('cli'), orgId, 'cli', {
            over: opts.http ? 'http' : 'process',
          });
          for (const f of run.findings)
            console.log(
              `${CHECK_STATUS[f.status]}\t${CHECKS[f.key].label}${f.veto ? '（单项否决）' : ''}\t${f.summary}`,
            );
          console.log(
            `第 ${run.id} 次自查（${run.orgName}，${run.asOf}）：单项否决不通过 ${run.vetoFailed} 项，不通过 ${run.failed} 项，需关注 ${run.warned} 项`,
          );
          if (run.vetoFailed) process.exitCode = 3;
        } finally {
          await app.close();
        }
      } finally {
        await close();
      }
    });
}
