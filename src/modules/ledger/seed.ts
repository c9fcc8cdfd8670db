/** Demo data: the demo district's 2022 work plan with sample progress, and (started later) this year's plan. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActor, type AppContext } from '../../context.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { listPublicOrgs } from '../org/service.ts';
import { addEvidence, importWorkPlan, reportProgress, scheduleInspection } from './service.ts';

/** The demo district's 2022 work plan (the customer's public document), shipped with the code for the demo. */
export const SEED_PLAN_PATH = join(dirname(fileURLToPath(import.meta.url)), 'seed', 'hgt-2022-plan.txt');

/** Imports the seed plan and adds a few sample progress reports and one sample inspection. */
export async function seedLedgerDemo(ctx: AppContext): Promise<void> {
  const actor = systemActor('demo-seed');
  const report = await importWorkPlan(ctx, actor, readFileSync(SEED_PLAN_PATH, 'utf8'), { isSample: true });
  const orgs = await listPublicOrgs(ctx.db);
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
