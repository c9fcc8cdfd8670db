/**
 * `gongkai content import-site`: brings the old site's content in, from a package
 * (`--package site.zip`) or by crawling the old site (`--start URL=栏目 …`), or resumes a run
 * stopped mid-way (`--resume ID`). `--dry-run` reports and writes nothing; `--skip-errors` imports
 * the good rows of a source with errors.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { systemActor } from '../../../context.ts';
import { badRequest } from '../../../errors.ts';
import { findOrgByName, listPublicOrgs } from '../../org/service.ts';
import type { CliContext } from '../../registry.ts';
import { PRESETS, ROW_STATES, RUN_STATUSES, type CrawlStart } from './model.ts';
import { continueRun, crawlSettings, importCrawl, importPackage, type ImportRun } from './service.ts';

const num = (v: string | undefined, name: string) => {
  if (v == null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${name} 应为非负整数：${v}`);
  return n;
};

/** The run as a person reads it on the terminal: counts, then every row with a problem, then unreadable pages. */
export function printRun(run: ImportRun): string {
  const c = run.counts;
  const lines = [
    `${run.id == null ? '试运行（未写入任何内容）' : `导入任务 ${run.id}（${RUN_STATUSES[run.status as keyof typeof RUN_STATUSES] ?? run.status}）`}：共 ${c.total} 条，` +
      `${run.id == null ? '可发布' : '已发布'} ${c.published} 条，待审核 ${c.review} 条，有错误 ${c.error} 条，跳过 ${c.skipped} 条，已导入过 ${c.duplicate} 条${c.pending ? `，待导入 ${c.pending} 条` : ''}`,
    ...run.manifestErrors,
    ...run.rows
      .filter((r) => r.errors.length)
      .flatMap((r) => r.errors.map((e) => `  ${ROW_STATES[r.state]}  ${e}`)),
    ...(run.failures.length
      ? [
          `未能读取的旧网站页面 ${run.failures.length} 个：`,
          ...run.failures.map((f) => `  ${f.url}  ${f.reason}`),
        ]
      : []),
  ];
  if (run.status === 'blocked')
    lines.push(
      '有错误的行未改正前不导入任何内容；改正后重新导入，或加 --skip-errors 跳过这些行（已建的任务可用 --resume ID --skip-errors 继续）。',
    );
  return lines.join('\n');
}

export function contentCli(program: Command, open: () => Promise<CliContext>): void {
  const content = program.command('content').description('内容发布');
  content
    .command('import-site')
    .description('迁移旧网站内容：导入包（ZIP + 清单）或抓取旧网站栏目页；可试运行、可中断后继续')
    .option('--package <zip>', '导入包：ZIP，内含清单 manifest.xlsx 或 manifest.csv 及其列出的正文和附件文件')
    .option(
      '--start <url=栏目...>',
      '抓取：旧网站栏目页地址=本站栏目（名称或网址标识），可写多个',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--preset <name>',
      `抓取：页面结构预设（${Object.entries(PRESETS)
        .map(([k, p]) => `${k} ${p.label}`)
        .join('、')}）`,
      'generic',
    )
    .option(
      '--selectors <json>',
      '抓取：覆盖预设的选择器，JSON，如 {"body":".main"}（键：list next title date body attachments）',
    )
    .option('--delay <ms>', '抓取：两次请求的间隔（毫秒）', '1000')
    .option('--max-items <n>', '抓取：最多导入的文章数')
    .option('--org <org>', '发布单位：编号、代码、全称或简称（默认本级政府办公室所在的第一个单位）')
    .option('--dry-run', '试运行：只报告将会怎样，不写入任何内容')
    .option('--skip-errors', '跳过有错误的行，导入其余各行')
    .option('--resume <id>', '继续一个中断的导入任务')
    .option('--json', '以 JSON 输出报告')
    .action(
      async (opts: {
        package?: string;
        start?: string[];
        preset: string;
        selectors?: string;
        delay: string;
        maxItems?: string;
        org?: string;
        dryRun?: boolean;
        skipErrors?: boolean;
        resume?: string;
        json?: boolean;
      }) => {
        const sources = [opts.package, opts.start?.length, opts.resume].filter(Boolean).length;
        if (sources !== 1)
          throw badRequest(
            '请指定一种来源：--package 导入包、--start 抓取旧网站，或 --resume 继续中断的任务',
          );
        let data: Buffer | null = null;
        if (opts.package) {
          try {
            data = readFileSync(opts.package);
          } catch {
            throw badRequest(`无法读取文件：${opts.package}`);
          }
        }
        let selectors: Record<string, string> | undefined;
        if (opts.selectors) {
          try {
            selectors = JSON.parse(opts.selectors) as Record<string, string>;
          } catch {
            throw badRequest('--selectors 须为 JSON');
          }
        }
        const starts: CrawlStart[] = (opts.start ?? []).map((s) => {
          const i = s.lastIndexOf('=');
          if (i < 1) throw badRequest(`--start 应写成 网址=栏目：${s}`);
          return { url: s.slice(0, i).trim(), column: s.slice(i + 1).trim() };
        });
        const { ctx, close } = await open();
        try {
          const actor = systemActor('cli');
          let orgId: number | undefined;
          if (opts.org) {
            const orgs = await listPublicOrgs(ctx.db);
            const org =
              orgs.find((o) => String(o.id) === opts.org || o.code === opts.org) ??
              findOrgByName(orgs, opts.org);
            if (!org) throw badRequest(`找不到机关：${opts.org}`);
            orgId = org.id;
          } else if (!opts.resume) {
            orgId = (await listPublicOrgs(ctx.db))[0]?.id;
          }
          const o = { orgId, dryRun: !!opts.dryRun, skipErrors: !!opts.skipErrors };
          const run = opts.resume
            ? await continueRun(ctx, actor, num(opts.resume, '--resume')!, { skipErrors: !!opts.skipErrors })
            : data
              ? await importPackage(ctx, actor, { filename: basename(opts.package!), data }, o)
              : await importCrawl(
                  ctx,
                  actor,
                  crawlSettings({
                    starts,
                    preset: opts.preset,
                    selectors,
                    delayMs: num(opts.delay, '--delay'),
                    maxItems: num(opts.maxItems, '--max-items'),
                  }),
                  o,
                );
          console.log(opts.json ? JSON.stringify(run, null, 2) : printRun(run));
          if (run.status === 'blocked') process.exitCode = 1;
        } finally {
          await close();
        }
      },
    );
}
