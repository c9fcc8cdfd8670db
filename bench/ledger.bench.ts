/**
 * Ledger figures: parsing the seed plan, importing it many times (a city hosting many districts'
 * plans), and the reads a dashboard and the reminder job do over all of them. SQLite in a temp dir.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildTestApp } from '../test/helpers.ts';
import { systemActor } from '../src/context.ts';
import { SEED_PLAN_PATH } from '../src/modules/ledger/seed.ts';
import { parseWorkPlan } from '../src/modules/ledger/parse.ts';
import {
  importWorkPlan,
  ledgerSummary,
  listTasks,
  planDashboard,
  reportProgress,
  sendReminders,
} from '../src/modules/ledger/service.ts';
import { exportLedgerXlsx } from '../src/modules/ledger/xlsx.ts';

const time = async <T>(label: string, n: number, f: () => Promise<T> | T): Promise<T> => {
  const t0 = performance.now();
  let r!: T;
  for (let i = 0; i < n; i++) r = await f();
  const ms = (performance.now() - t0) / n;
  console.log(`${label}: ${ms.toFixed(2)} ms${n > 1 ? ` (mean of ${n})` : ''}`);
  return r;
};

export default async function () {
  const text = readFileSync(SEED_PLAN_PATH, 'utf8');
  await time('parseWorkPlan(seed, 23 tasks)', 200, () => parseWorkPlan(text));
  const PLANS = Number(process.env.LEDGER_BENCH_PLANS ?? 50);
  const t = await buildTestApp();
  const sys = systemActor('bench');
  try {
    const first = await t.ctx.db.selectFrom('work_plans').select('id').executeTakeFirstOrThrow();
    const t0 = performance.now();
    for (let i = 1; i < PLANS; i++) await importWorkPlan(t.ctx, sys, text);
    console.log(
      `import ${PLANS - 1} more plans (${(PLANS - 1) * 23} tasks): ${((performance.now() - t0) / 1000).toFixed(1)} s, ${((performance.now() - t0) / (PLANS - 1)).toFixed(0)} ms per plan`,
    );
    const tasks = await listTasks(t.ctx, sys, first.id);
    const fgw = tasks[2].units[0].orgId;
    for (let i = 0; i < 200; i++)
      await reportProgress(t.ctx, sys, tasks[2].id, { orgId: fgw, text: `进展 ${i}`, percent: i % 100 });
    await time('listTasks (one plan, 23 tasks)', 20, () => listTasks(t.ctx, sys, first.id));
    await time('planDashboard (charts data)', 20, () => planDashboard(t.ctx, sys, first.id));
    await time('exportLedgerXlsx', 5, () => exportLedgerXlsx(t.ctx, sys, first.id));
    const district = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '红谷滩区')
        .executeTakeFirstOrThrow()
    ).id;
    await time(`ledgerSummary (${PLANS} plans)`, 5, () => ledgerSummary(t.ctx.db, district, 2022));
    t.clock.set('2022-06-21T01:00:00Z');
    await time(`sendReminders over ${PLANS * 23} tasks (first run, sends)`, 1, () =>
      sendReminders(t.ctx, t.clock.now()),
    );
    await time(`sendReminders again (all deduplicated)`, 1, () => sendReminders(t.ctx, t.clock.now()));
  } finally {
    await t.close();
  }
}
