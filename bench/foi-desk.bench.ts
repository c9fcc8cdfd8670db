/**
 * The handler's desk at scale: how long the repeat check (repeats.ts earlierApplications — the
 * applicant's earlier applications matched on the keyed ID / phone hashes, with segmentation and
 * similarity of each) takes with FOI_DESK_BENCH_TOTAL applications (default 300 000) from 60 000
 * applicants, i.e. about 5 applications each, as the openness office (all orgs) sees it.
 * SQLite always; PostgreSQL too when BENCH_DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import type { AppContext, UserActor } from '../src/context.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { registerKeyring } from '../src/lib/datakeys.ts';
import { systemClock } from '../src/lib/time.ts';
import { earlierApplications } from '../src/modules/foi/repeats.ts';
import { generate, makeOrgs, openDb } from './foi.bench.ts';
import { MODULES } from '../src/modules/index.ts';

const TOTAL = Number(process.env.FOI_DESK_BENCH_TOTAL ?? 300_000);
const APPLICANTS = 60_000;
const silent = { info() {}, warn() {}, error() {} };
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function run(engine: 'sqlite' | 'postgres'): Promise<void> {
  const { database, cleanup, dir } = await openDb(engine);
  try {
    const db = database.db;
    await migrateToLatest(db, database.schema);
    if (engine === 'postgres') await sql`set statement_timeout = 0`.execute(db);
    const key = { id: 'bench', secret: randomBytes(32) };
    registerKeyring({ current: key, keys: [key], source: 'env' });
    const ctx: AppContext = {
      modules: MODULES,
      db,
      engine,
      config: loadConfig({ DATA_DIR: dir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-12' }),
      clock: systemClock,
      log: silent,
    };
    const orgIds = await makeOrgs(db);
    let t0 = performance.now();
    for (let s = 1; s <= TOTAL; s += 250_000)
      await generate(db, engine, orgIds, Math.min(250_000, TOTAL - s + 1), s, 'mixed');
    // Applicant i % 60 000: its keyed ID hash; every third applicant also shares a phone hash.
    await sql`update foi_applications set id_key = 'h.bench.id' || (seq % ${sql.lit(APPLICANTS)}), phone_key = case when seq % 3 = 0 then 'h.bench.tel' || (seq % ${sql.lit(APPLICANTS)}) else '' end, submitted_at = coalesce(received_on, '2015-01-01') || 'T02:00:00Z', description = case seq % 4 when 0 then '2021年区级财政预算执行情况' when 1 then '某道路改造工程立项批复' when 2 then '某小区规划许可证及附图' else '区级重大项目投资计划' end`.execute(
      db,
    );
    if (engine === 'sqlite') await sql`analyze`.execute(db);
    else await sql`vacuum analyze foi_applications`.execute(db);
    console.log(
      `[${engine}] 生成 ${TOTAL.toLocaleString('en-US')} 件申请（${APPLICANTS.toLocaleString('en-US')} 位申请人）：${((performance.now() - t0) / 1000).toFixed(1)} 秒`,
    );
    const office: UserActor = {
      kind: 'user',
      id: 1,
      username: 'gkb',
      displayName: '公开办',
      orgId: orgIds[0],
      roles: ['openness_admin'],
      ip: null,
    };
    // Cases spread over the table (the newest ones' applicants happen to have only later applications).
    const ids = (
      await db
        .selectFrom('foi_applications')
        .select('id')
        .where(sql<boolean>`id % ${sql.lit(Math.max(1, Math.floor(TOTAL / 60)))} = 7`)
        .orderBy('id')
        .limit(60)
        .execute()
    ).map((r) => r.id);
    for (const id of ids.slice(0, 5)) await earlierApplications(ctx, office, id);
    const times: number[] = [];
    let found = 0;
    t0 = performance.now();
    for (const id of ids.slice(5)) {
      const s = performance.now();
      found += (await earlierApplications(ctx, office, id)).length;
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    console.log(
      `[${engine}] 重复申请核查（此前申请 + 分词相似度，平均每件找到 ${(found / times.length).toFixed(1)} 件）：p50 ${pct(times, 50).toFixed(1)} ms，p95 ${pct(times, 95).toFixed(1)} ms（${times.length} 次）`,
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
