/** `gongkai report annual --org ORG --year YEAR --format json|html|docx|xlsx [--out FILE]`. */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { systemActor } from '../../context.ts';
import { badRequest } from '../../errors.ts';
import { findOrgByName, listPublicOrgs } from '../org/service.ts';
import type { CliContext } from '../registry.ts';
import { annualReportDocx } from './docx.ts';
import { annualReportHtml } from './html.tsx';
import { buildAnnualReport, reportJson } from './service.ts';
import { annualReportXlsx } from './xlsx.ts';

export function reportCli(program: Command, open: () => Promise<CliContext>): void {
  program
    .command('report')
    .description('政府信息公开工作年度报告')
    .command('annual')
    .description('按数据生成某机关某年度的年度报告')
    .requiredOption('--org <org>', '机关：编号、代码、全称或简称')
    .requiredOption('--year <year>', '年度，如 2022')
    .option('--format <format>', 'json | html | docx | xlsx', 'json')
    .option('--scope <scope>', 'own（本机关）| rollup（含下属机关）', 'own')
    .option('--out <file>', '输出文件（docx、xlsx 必填；省略时 json、html 输出到终端）')
    .action(async (opts: { org: string; year: string; format: string; scope: string; out?: string }) => {
      if (!['json', 'html', 'docx', 'xlsx'].includes(opts.format)) throw badRequest(`不支持的格式：${opts.format}`);
      if ((opts.format === 'docx' || opts.format === 'xlsx') && !opts.out) throw badRequest('输出 Word 或 Excel 时请用 --out 指定文件');
      const { ctx, close } = await open();
      try {
        const orgs = await listPublicOrgs(ctx.db);
        const org = orgs.find((o) => String(o.id) === opts.org || o.code === opts.org) ?? findOrgByName(orgs, opts.org);
        if (!org) throw badRequest(`找不到机关：${opts.org}`);
        const r = await buildAnnualReport(ctx, systemActor('cli'), { orgId: org.id, year: Number(opts.year), scope: opts.scope === 'rollup' ? 'rollup' : 'own' });
        const out =
          opts.format === 'json' ? JSON.stringify(reportJson(r), null, 2) : opts.format === 'html' ? annualReportHtml(r) : opts.format === 'docx' ? await annualReportDocx(r) : await annualReportXlsx(r);
        if (opts.out) {
          writeFileSync(opts.out, out);
          console.log(`已写入 ${opts.out}`);
        } else console.log(out);
        for (const p of r.problems) console.error(`检查：${p.message}`);
      } finally {
        await close();
      }
    });
}
