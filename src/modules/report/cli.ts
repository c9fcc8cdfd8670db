/**
 * `gongkai report annual --org ORG --year YEAR --format json|html|docx|xlsx [--out FILE]` and
 * `gongkai report import --org ORG --year YEAR [--format 2019|2021] FILE`.
 */
import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { systemActor } from '../../context.ts';
import { badRequest } from '../../errors.ts';
import { findOrgByName, listPublicOrgs } from '../org/service.ts';
import type { CliContext } from '../registry.ts';
import { annualReportDocx } from './docx.ts';
import { annualReportHtml } from './views/html.tsx';
import { PAST_FORMATS, type PastFormat } from './past.ts';
import { buildAnnualReport, importPastReport, reportJson } from './service.ts';
import { annualReportXlsx } from './xlsx.ts';

export function reportCli(program: Command, open: () => Promise<CliContext>): void {
  const findOrg = async (ctx: CliContext['ctx'], name: string) => {
    const orgs = await listPublicOrgs(ctx.db);
    const org = orgs.find((o) => String(o.id) === name || o.code === name) ?? findOrgByName(orgs, name);
    if (!org) throw badRequest(`找不到机关：${name}`);
    return org;
  };
  const report = program.command('report').description('政府信息公开工作年度报告');
  report
    .command('import')
    .description(
      '导入往年报告的数字（.xlsx、.json，或已发布报告的 .docx、网页 .html；2019 年版或 2021 年版），用于同比',
    )
    .argument(
      '<file>',
      '文件：本系统导出的 Excel（2021 年版）、按说明填写的 2019 年版 Excel、JSON，或已发布报告的 Word 文件、保存的网页',
    )
    .requiredOption('--org <org>', '机关：编号、代码、全称或简称')
    .requiredOption('--year <year>', '被导入报告的年度，如 2021')
    .option('--format <format>', '2019 | 2021（省略时按内容识别）')
    .action(async (file: string, opts: { org: string; year: string; format?: string }) => {
      if (opts.format && !Object.hasOwn(PAST_FORMATS, opts.format))
        throw badRequest(`不支持的格式：${opts.format}（应为 2019 或 2021）`);
      let data: Buffer;
      try {
        data = readFileSync(file);
      } catch {
        throw badRequest(`无法读取文件：${file}`);
      }
      const { ctx, close } = await open();
      try {
        const org = await findOrg(ctx, opts.org);
        const f = await importPastReport(
          ctx,
          systemActor('cli'),
          { orgId: org.id, year: Number(opts.year) },
          { name: basename(file), data },
          opts.format as PastFormat | undefined,
        );
        console.log(
          `已导入${org.name}${opts.year}年度报告的数字（${PAST_FORMATS[f.format]}）：本年新收申请 ${f.table3.received.total} 件，办结 ${f.table3.closedTotal.total} 件`,
        );
      } finally {
        await close();
      }
    });
  report
    .command('annual')
    .description('按数据生成某机关某年度的年度报告')
    .requiredOption('--org <org>', '机关：编号、代码、全称或简称')
    .requiredOption('--year <year>', '年度，如 2022')
    .option('--format <format>', 'json | html | docx | xlsx', 'json')
    .option('--scope <scope>', 'own（本机关）| rollup（含下属机关）', 'own')
    .option('--out <file>', '输出文件（docx、xlsx 必填；省略时 json、html 输出到终端）')
    .action(async (opts: { org: string; year: string; format: string; scope: string; out?: string }) => {
      if (!['json', 'html', 'docx', 'xlsx'].includes(opts.format))
        throw badRequest(`不支持的格式：${opts.format}`);
      if ((opts.format === 'docx' || opts.format === 'xlsx') && !opts.out)
        throw badRequest('输出 Word 或 Excel 时请用 --out 指定文件');
      const { ctx, close } = await open();
      try {
        const org = await findOrg(ctx, opts.org);
        const r = await buildAnnualReport(ctx, systemActor('cli'), {
          orgId: org.id,
          year: Number(opts.year),
          scope: opts.scope === 'rollup' ? 'rollup' : 'own',
        });
        const out =
          opts.format === 'json'
            ? JSON.stringify(reportJson(r), null, 2)
            : opts.format === 'html'
              ? annualReportHtml(r)
              : opts.format === 'docx'
                ? await annualReportDocx(r)
                : await annualReportXlsx(r);
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
