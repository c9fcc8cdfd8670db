/** The ledger module's registration: routes, jobs, menu, demo data, dashboard panel and CLI. */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { systemActor, type Actor, type AppContext } from '../../context.ts';
import { can } from '../auth/permissions.ts';
import { selectAllOrgs } from '../org/store.ts';
import type { CliContext, GongkaiModule } from '../registry.ts';
import { DEADLINE_KINDS } from './deadline.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { ledgerRoutes } from './routes.tsx';
import {
  addEvidence,
  evidenceCheckJob,
  importWorkPlan,
  ledgerSummary,
  listPlans,
  reminderJob,
  reportProgress,
  scheduleInspection,
  type ImportReport,
} from './service.ts';
import { exportLedgerXlsx, importLedgerXlsx } from './xlsx.ts';

/** The demo district's 2022 work plan (the customer's public document), shipped with the code for the demo. */
export const SEED_PLAN_PATH = join(dirname(fileURLToPath(import.meta.url)), 'seed', 'hgt-2022-plan.txt');

/** Imports the seed plan and adds a few sample progress reports and one sample inspection. */
export async function seedLedgerDemo(ctx: AppContext): Promise<void> {
  const actor = systemActor('demo-seed');
  const report = await importWorkPlan(ctx, actor, readFileSync(SEED_PLAN_PATH, 'utf8'), { isSample: true });
  const orgs = await selectAllOrgs(ctx.db);
  const org = (short: string) => orgs.find((o) => o.shortName === short)!;
  const task = (n: number) => report.tasks.find((t) => t.number === String(n))!;
  const office = org('区政府办公室');
  const sample = { isSample: true };
  await reportProgress(
    ctx,
    actor,
    task(1).id,
    {
      orgId: office.id,
      text: '（演示）已在区政府网站开设数字经济“一号发展工程”专题，集中发布政策规划、亮点举措和工作动态。',
      percent: 100,
    },
    sample,
  );
  await addEvidence(ctx, actor, task(1).id, {
    orgId: office.id,
    kind: 'topic',
    url: '/topics/szjj',
    title: '数字经济“一号发展工程”专题（演示）',
  });
  await reportProgress(
    ctx,
    actor,
    task(15).id,
    {
      orgId: office.id,
      text: '（演示）已梳理依申请公开受理、登记、办理、答复流程，正在修订工作规程。',
      percent: 60,
    },
    sample,
  );
  await reportProgress(
    ctx,
    actor,
    task(3).id,
    { orgId: org('区发改委').id, text: '（演示）持续在营商环境专题发布改革经验和创新举措。', percent: 50 },
    sample,
  );
  await reportProgress(
    ctx,
    actor,
    task(13).id,
    {
      orgId: org('沙井街办').id,
      text: '（演示）已完成标准目录梳理，正在推进决策开放参与和向社区延伸。',
      percent: 50,
    },
    sample,
  );
  await scheduleInspection(
    ctx,
    actor,
    {
      planId: report.plan.id,
      orgId: org('沙井街办').id,
      title: '“十县百乡”建设工作督导（演示）',
      scheduledDate: '2022-10-10',
    },
    sample,
  );
  await seedCurrentYearPlan(ctx);
}

/**
 * Started after 2022, the demo also runs this year's plan: the 2022 plan's 23 tasks with this year's
 * deadlines, and each unit's progress as a working office would have it today — tasks whose
 * deadline has passed done (100%, with evidence that resolves), ongoing ones under way, the rest
 * in proportion to the year gone by.
 */
export async function seedCurrentYearPlan(ctx: AppContext): Promise<void> {
  const today = shanghaiDate(ctx.clock.now());
  const year = Number(today.slice(0, 4));
  if (year <= 2022) return;
  const actor = systemActor('demo-seed');
  const text = readFileSync(SEED_PLAN_PATH, 'utf8').replaceAll('2022', String(year));
  const report = await importWorkPlan(ctx, actor, text, { isSample: true });
  const elapsed = Math.round((100 * (Date.parse(today) - Date.parse(`${year}-01-01`))) / (365 * 86400_000));
  for (const task of report.tasks) {
    const due = task.deadline.kind === 'ongoing' ? null : task.deadline.date;
    for (const orgId of task.orgIds) {
      if (due && due < today) {
        await reportProgress(
          ctx,
          actor,
          task.id,
          {
            orgId,
            text: `（演示）第 ${task.number} 项已按时完成，相关信息已在政府信息公开平台发布。`,
            percent: 100,
          },
          { isSample: true },
        );
        await addEvidence(ctx, actor, task.id, {
          orgId,
          kind: 'topic',
          url: '/topics/zwgk',
          title: '政务公开专题（演示）',
        });
      } else {
        const percent = task.deadline.kind === 'ongoing' ? 50 : Math.max(10, Math.min(90, elapsed));
        await reportProgress(
          ctx,
          actor,
          task.id,
          { orgId, text: `（演示）第 ${task.number} 项正在推进。`, percent },
          { isSample: true },
        );
      }
    }
  }
}

/** The back-office home panel: the latest plan's figures for what the actor may see. */
async function ledgerPanel(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'ledger.read')) return null;
  const plans = await listPlans(ctx, actor);
  const p = plans[0];
  if (!p) return null;
  return (
    <section class="card" aria-labelledby="ledger-panel-h">
      <h2 id="ledger-panel-h">任务台账</h2>
      <p>{p.title}</p>
      <ul class="link-list">
        <li>
          <span>可见任务</span>
          <span>{p.counts.total} 项</span>
        </li>
        <li>
          <span>完成率</span>
          <span>{p.counts.completionPercent}%</span>
        </li>
        <li>
          <span>已逾期</span>
          <span>{p.counts.byStatus.overdue} 项</span>
        </li>
      </ul>
      <p>
        <a href={`/admin/ledger?plan=${p.id}`}>查看台账统计</a>
      </p>
    </section>
  );
}

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

function ledgerCli(program: Command, open: () => Promise<CliContext>): void {
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
        const orgs = await selectAllOrgs(ctx.db);
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

export const ledgerModule: GongkaiModule = {
  name: 'ledger',
  routes: ledgerRoutes,
  jobs: [reminderJob, evidenceCheckJob],
  adminNav: [{ href: '/admin/ledger', label: '任务台账', permission: 'ledger.read' }],
  seedDemo: seedLedgerDemo,
  dashboard: ledgerPanel,
  cli: ledgerCli,
};
