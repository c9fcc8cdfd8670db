/**
 * Annual report generation at scale: one department with 1 000 000 FOI cases (received over ten
 * years, 2015–2024, every applicant type and outcome code, one in twenty never closed), then the
 * report for 2022 is computed through the report's own use case (table 二, 三, 四, fees, checks,
 * drafted overview), for the department alone and as the district roll-up, and one cell is drilled
 * down. Cases are bulk-inserted with one INSERT … SELECT over a recursive sequence (not through the
 * use cases). SQLite always; PostgreSQL too when BENCH_DATABASE_URL is set. REPORT_BENCH_CASES
 * overrides the size.
 */
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { systemActor, type AppContext } from '../src/context.ts';
import type { DB } from '../src/db/types.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/time.ts';
import { APPLICANT_TYPE_KEYS, OUTCOME_CODES } from '../src/modules/foi/outcomes.ts';
import { buildAnnualReport, drillDown } from '../src/modules/report/service.ts';
import { makeOrgs, openDb } from './foi.bench.ts';
import { MODULES } from '../src/modules/index.ts';

const CASES = Number(process.env.REPORT_BENCH_CASES ?? 1_000_000);
const silent = { info() {}, warn() {}, error() {} };

/** `count` cases of one org, numbered from `startSeq`, generated inside the database. */
export async function generate(
  db: Kysely<DB>,
  engine: 'sqlite' | 'postgres',
  orgId: number,
  count: number,
  startSeq: number,
) {
  const pad = engine === 'sqlite' ? sql`printf('%07d', i)` : sql`lpad(i::text, 7, '0')`;
  const day = (expr: ReturnType<typeof sql>) =>
    engine === 'sqlite'
      ? sql`date('2015-01-01', '+' || (${expr}) || ' days')`
      : sql`to_char(date '2015-01-01' + (${expr})::int, 'YYYY-MM-DD')`;
  const pick = (values: readonly string[], expr: ReturnType<typeof sql>) =>
    sql.raw(`case ${expr.compile(db).sql} ${values.map((v, k) => `when ${k} then '${v}'`).join(' ')} end`);
  const type = pick(APPLICANT_TYPE_KEYS, sql`(i % 13) % ${sql.lit(APPLICANT_TYPE_KEYS.length)}`);
  const outcome = pick(OUTCOME_CODES, sql`(i / 7) % ${sql.lit(OUTCOME_CODES.length)}`);
  const open = sql`i % 20 = 0`;
  await sql`
    insert into foi_applications (number, year, seq, query_code_hash, form_token, applicant_type, applicant_name, applicant_id_number, applicant_key, phone, address, email, description, doc_number, doc_title, preferred_form, delivery, channel, submitted_at, received_on, org_id, handler_id, status, due_date, provisional, outcome, closed_on, is_sample, created_at, updated_at)
    with recursive n(i) as (select ${sql.lit(startSeq)} union all select i + 1 from n where i < ${sql.lit(startSeq + count - 1)})
    select 'R' || ${pad}, 2015 + (i % 3652) / 366, i, 'x', null, ${type}, '申请人', '', 'np:' || (i % 5000), '', '', '', '测试申请内容', '', '', '', '', 'in_person', '2015-01-01T00:00:00Z', ${day(sql`i % 3652`)}, ${sql.lit(orgId)}, null,
      case when ${open} then 'processing' else 'closed' end, ${day(sql`i % 3652 + 28`)}, 0,
      case when ${open} then null else ${outcome} end, case when ${open} then null else ${day(sql`i % 3652 + i % 45`)} end, 1, '2015-01-01T00:00:00Z', '2015-01-01T00:00:00Z'
    from n`.execute(db);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run(engine: 'sqlite' | 'postgres'): Promise<void> {
  const { database, cleanup, dir } = await openDb(engine);
  try {
    const db = database.db;
    await migrateToLatest(db, database.schema);
    if (engine === 'postgres') await sql`set statement_timeout = 0`.execute(db);
    const ctx: AppContext = {
      modules: MODULES,
      db,
      engine,
      config: loadConfig({ DATA_DIR: dir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-12' }),
      clock: systemClock,
      log: silent,
    };
    const orgIds = await makeOrgs(db);
    const dept = orgIds[1];
    let t0 = performance.now();
    const chunk = 250_000;
    for (let s = 1; s <= CASES; s += chunk)
      await generate(db, engine, dept, Math.min(chunk, CASES - s + 1), s);
    if (engine === 'sqlite') await sql`analyze`.execute(db);
    else await sql`vacuum analyze foi_applications`.execute(db);
    console.log(
      `[${engine}] 一个部门 ${CASES.toLocaleString('en-US')} 件申请（生成用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒）`,
    );
    const actor = systemActor('bench');
    for (const [label, q] of [
      ['本部门 2022 年度报告', { orgId: dept, year: 2022 }],
      [
        '全区汇总（区政府及 24 个部门）2022 年度报告',
        { orgId: orgIds[0], year: 2022, scope: 'rollup' as const },
      ],
    ] as const) {
      const times: number[] = [];
      let r: Awaited<ReturnType<typeof buildAnnualReport>> | undefined;
      for (let i = 0; i < 3; i++) {
        t0 = performance.now();
        r = await buildAnnualReport(ctx, actor, q);
        times.push(performance.now() - t0);
      }
      console.log(
        `[${engine}] ${label}：${(median(times) / 1000).toFixed(2)} 秒（3 次中位数；首次 ${(times[0] / 1000).toFixed(2)} 秒）；新收 ${r!.table3.received.total.count.toLocaleString('en-US')}，办结 ${r!.table3.closedTotal.total.count.toLocaleString('en-US')}，检查问题 ${r!.problems.length} 项`,
      );
    }
    t0 = performance.now();
    const cases = await drillDown(ctx, actor, { orgId: dept, year: 2022 }, 'disclosed', 'natural');
    console.log(
      `[${engine}] 明细：本部门“予以公开·自然人” ${cases.length.toLocaleString('en-US')} 件，${((performance.now() - t0) / 1000).toFixed(2)} 秒`,
    );
  } finally {
    await cleanup();
  }
}

export default async function (): Promise<void> {
  await run('sqlite');
  if (process.env.BENCH_DATABASE_URL) await run('postgres');
  else console.log('（未设置 BENCH_DATABASE_URL，跳过 PostgreSQL）');
}
