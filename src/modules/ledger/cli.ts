/** `gongkai ledger import|export|summary`: the work plan and task ledger from the command line. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemActor } from '../../context.ts';
import { listPublicOrgs } from '../org/service.ts';
import type { CliContext } from '../registry.ts';
import { DEADLINE_KINDS } from './deadline.ts';
import { importWorkPlan, ledgerSummary, type ImportReport } from './service.ts';
import { exportLedgerXlsx, importLedgerXlsx } from './xlsx.ts';

function printImport(r: ImportReport, orgName: (id: number) => string) {
  console.log(`工作要点：${r.plan.title}（${r.plan.year} 年，编号 ${r.plan.id}）`);
  for (const d of r.plan.sourceDocuments) console.log(`  依据：《${d.title}》（${d.docNumber}）`);
  console.log(`任务：${r.tasks.length} 项`);
  for (const t of r.tasks) {
    const dl =
      t.deadline.kind === 'ongoing'
        ? DEADLINE_KINDS.ongoing
        : `${DEADLINE_KINDS[t.deadline.kind]} ${t.deadline.date}`;
    console.log(
      `  ${t.number.padStart(2)}. ${t.target} | ${dl} | 责任单位 ${t.orgIds.length} 个：${t.orgIds.map(orgName).join('、')}`,
    );
  }
  if (r.notes.length) {
    console.log('集合性表述（已记录为说明）：');
    for (const n of r.notes) console.log(`  第 ${n.number} 项：${n.notes.join('；')}`);
  }
  if (r.unresolved.length) {
    console.log('未识别的责任单位（请在机关管理中补充名称或别名）：');
    for (const u of r.unresolved) console.log(`  第 ${u.number} 项：${u.names.join('、')}`);
  } else console.log('未识别的责任单位：无');
}

/** Adds the `ledger` commands. */
export function ledgerCli(program: Command, open: () => Promise<CliContext>): void {
  const ledger = program.command('ledger').description('工作要点与任务台账');
  ledger
    .command('import')
    .description('导入工作要点（文本，台账附在正文后）或任务台账（.xlsx）')
    .argument('<file>', '文件路径')
    .option('--org <id>', '所属机关编号（默认为区政府）')
    .action(async (file: string, opts: { org?: string }) => {
      const { ctx, close } = await open();
      try {
        const actor = systemActor('cli');
        const orgId = opts.org ? Number(opts.org) : undefined;
        const data = readFileSync(file);
        const r = /\.xlsx$/i.test(file)
          ? await importLedgerXlsx(ctx, actor, data, { orgId })
          : await importWorkPlan(ctx, actor, data.toString('utf8'), { orgId });
        const orgs = await listPublicOrgs(ctx.db);
        printImport(r, (id) => orgs.find((o) => o.id === id)?.shortName ?? `#${id}`);
      } finally {
        await close();
      }
    });
  ledger
    .command('export')
    .description('导出任务台账为 Excel')
    .requiredOption('--plan <id>', '工作要点编号')
    .requiredOption('--out <file>', '输出文件（.xlsx）')
    .action(async (opts: { plan: string; out: string }) => {
      const { ctx, close } = await open();
      try {
        writeFileSync(opts.out, await exportLedgerXlsx(ctx, systemActor('cli'), Number(opts.plan)));
        console.log(`已导出到 ${opts.out}`);
      } finally {
        await close();
      }
    });
  ledger
    .command('summary')
    .description('年度落实情况统计（供年度报告使用）')
    .requiredOption('--org <id>', '机关编号')
    .requiredOption('--year <year>', '年度')
    .action(async (opts: { org: string; year: string }) => {
      const { ctx, close } = await open();
      try {
        console.log(
          JSON.stringify(await ledgerSummary(ctx.db, Number(opts.org), Number(opts.year)), null, 2),
        );
      } finally {
        await close();
      }
    });
}
