/** `gongkai catalogue …`: import and export a catalogue as XLSX, print coverage, load the templates. */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../../context.ts';
import { percent } from '../content/model.ts';
import type { CliContext } from '../registry.ts';
import { ENTRY_STATES, TIMELINESS } from './model.ts';
import { catalogueCoverage, createCatalogue, loadTemplateSets } from './service.ts';
import { selectCatalogueByOrgYear } from './store.ts';
import { exportCatalogueXlsx, importCatalogueXlsx, replaceTemplateFromXlsx } from './xlsx.ts';
import { entryName } from './views/parts.tsx';

export function catalogueCli(program: Command, open: () => Promise<CliContext>): void {
  const cmd = program.command('catalogue').description('基层政务公开标准目录');
  const run = async (work: (c: CliContext) => Promise<void>) => {
    const c = await open();
    try {
      await work(c);
    } finally {
      await c.close();
    }
  };
  cmd
    .command('templates')
    .description('载入随软件提供的领域模板（已有的领域跳过）')
    .action(() =>
      run(async ({ ctx }) =>
        console.log(`载入模板事项 ${await loadTemplateSets(ctx, systemActor('cli'))} 个`),
      ),
    );
  cmd
    .command('import <file>')
    .description('导入标准目录表（.xlsx）到某单位某年度的目录（没有则新建）；任一行有误则不导入')
    .requiredOption('--org <id>', '单位编号')
    .requiredOption('--year <year>', '年度')
    .action((file: string, opts: { org: string; year: string }) =>
      run(async ({ ctx }) => {
        const actor = systemActor('cli');
        const existing = await selectCatalogueByOrgYear(ctx.db, Number(opts.org), Number(opts.year));
        const id =
          existing?.id ??
          (
            await createCatalogue(ctx, actor, {
              orgId: Number(opts.org),
              year: Number(opts.year),
              domains: [],
            })
          ).id;
        const r = await importCatalogueXlsx(ctx, actor, id, readFileSync(file));
        console.log(`目录 ${id}：新增 ${r.created} 项，更新 ${r.updated} 项，删除 ${r.deleted} 项`);
        for (const w of r.warnings) console.log(`提示：${w}`);
      }),
    );
  cmd
    .command('replace-template <file>')
    .description('用本省版本（.xlsx，与目录导出各栏相同）整体替换一个领域的模板；任一行有误则不替换')
    .requiredOption('--domain <domain>', '领域，如 养老服务')
    .action((file: string, opts: { domain: string }) =>
      run(async ({ ctx }) => {
        const r = await replaceTemplateFromXlsx(
          ctx,
          systemActor('cli'),
          opts.domain,
          readFileSync(file),
          basename(file),
        );
        console.log(
          `领域“${r.domain}”：原有 ${r.before} 项，替换为 ${r.entries} 项（其中待核对 ${r.toCheck} 项）`,
        );
        for (const w of r.warnings) console.log(`提示：${w}`);
      }),
    );
  cmd
    .command('export')
    .description('导出目录为标准目录表（.xlsx）')
    .requiredOption('--id <id>', '目录编号')
    .requiredOption('--out <file>', '输出文件')
    .action((opts: { id: string; out: string }) =>
      run(async ({ ctx }) => {
        writeFileSync(opts.out, await exportCatalogueXlsx(ctx, systemActor('cli'), Number(opts.id)));
        console.log(`已导出到 ${opts.out}`);
      }),
    );
  cmd
    .command('coverage')
    .description('目录覆盖率、时效和缺口')
    .requiredOption('--id <id>', '目录编号')
    .action((opts: { id: string }) =>
      run(async ({ ctx }) => {
        const c = await catalogueCoverage(ctx, systemActor('cli'), Number(opts.id));
        console.log(`${c.catalogue.title}（截至 ${c.today}）`);
        for (const d of [...c.domains, c.total])
          console.log(
            `${d.domain}\t事项 ${d.entries}\t已公开 ${d.fulfilled}/${d.due}\t逾期 ${d.late}\t覆盖率 ${percent(d.rate)}`,
          );
        for (const { entry, status } of c.entries)
          console.log(
            `${entry.seq}\t${entry.domain}\t${entryName(entry)}\t${ENTRY_STATES[status.state]}\t${TIMELINESS[status.timeliness]}\t${status.dueText}`,
          );
      }),
    );
}
